/**
 * Accumulates one patient's normalized records from any adapter and builds the PatientRecord: doses
 * grouped into exposures, the same result seen twice kept once, contradictory results at one instant
 * kept both and reported as a Conflict.
 */

import type {
  AbsentPatient,
  ClinicalEvent,
  Conflict,
  ContextDrug,
  Death,
  Dose,
  DrugWords,
  Exposure,
  LabResult,
  PatientRecord,
  RecordCounts,
  Rejection,
} from "../contracts/model.js";
import type { ConflictKind, TherapyClass } from "../contracts/vocabularies.js";
import { instant, sortedByInstant } from "../engine/dates.js";
import type { MedicationMatch } from "../knowledge/vocabulary.js";
import { isAfterDeath } from "./dates.js";

/** Counts of records by outcome, all zero, to count into. */
export function zeroCounts(): Record<keyof RecordCounts, number> {
  return { read: 0, used: 0, merged: 0, rejected: 0, notUsed: 0, ignored: 0 };
}

/** Whether an added record was new or a duplicate of one already held (then it is not counted twice). */
export type Added = "added" | "merged";

/** What adding meant for the source record: a new record is used, a repeat is merged. */
export function usedOrMerged(result: Added): "used" | "merged" {
  return result === "added" ? "used" : "merged";
}

interface DrugDoses {
  readonly class: TherapyClass;
  readonly doses: Dose[];
  readonly refs: Set<string>;
}

function sameLabValue(a: LabResult, b: LabResult): boolean {
  return (
    a.value === b.value &&
    a.unit === b.unit &&
    a.comparator === b.comparator &&
    a.qualitative === b.qualitative
  );
}

/**
 * Whether `a` says at least as much as `b` about one measurement and agrees with it: a number inside a
 * censored bound (8 inside `<10`), or a tighter bound of the same direction (`<5` inside `<10`). Such a
 * pair is one result read twice (a laboratory that sends the censored flag beside the number, or two
 * interfaces), not a contradiction.
 */
function narrowsLabValue(a: LabResult, b: LabResult): boolean {
  if (a.value === undefined || b.value === undefined || a.unit !== b.unit) return false;
  if (a.qualitative !== undefined || b.qualitative !== undefined || b.comparator === undefined) return false;
  const below = b.comparator === "<" || b.comparator === "<=";
  const strict = b.comparator === "<" || b.comparator === ">";
  if (a.comparator !== undefined && (a.comparator === "<" || a.comparator === "<=") !== below) return false;
  // An open bound of `a` may touch the bound of `b` (`<10` inside `<=10`, `<10` inside `<10`); a closed one
  // (a number, `<=`) must lie strictly inside a strict bound of `b`.
  const aOpen = a.comparator === "<" || a.comparator === ">";
  const touches = aOpen || !strict;
  return below
    ? a.value < b.value || (touches && a.value === b.value)
    : a.value > b.value || (touches && a.value === b.value);
}

function describeLabValue(r: LabResult): string {
  if (r.qualitative !== undefined) return r.qualitative;
  return `${r.comparator ?? ""}${r.value}`;
}

export class PatientBuilder {
  birthDate?: string;
  sex?: PatientRecord["sex"];
  deceased?: Death;
  bmi?: { readonly value: number; readonly at: string };
  /** The Patient the records name when the input does not hold it (kept only while no source had it). */
  private absent?: AbsentPatient;
  /** A record merged in was read with its patient's Patient (or is a CSV record, whose rows name it). */
  private patientRead = false;
  /** Lab results by lab id, then by instant (a number key: no string built per result). */
  private readonly labsByKey = new Map<string, Map<number, LabResult[]>>();
  /** Lab results by the ref of their source record. */
  private readonly labRefs = new Map<string, LabResult>();
  private readonly labs: LabResult[] = [];
  private readonly drugs = new Map<string, DrugDoses>();
  private readonly context = new Map<string, ContextDrug>();
  private readonly events = new Map<string, ClinicalEvent>();
  /** Words naming an immunotherapy that gave no dose, by their source record's ref. */
  private readonly drugWords = new Map<string, DrugWords>();
  private readonly rejections = new Map<string, Rejection>();
  private readonly conflicts = new Map<string, Conflict>();
  private readonly ignored = new Map<string, number>();
  private readonly notUsed = new Map<string, Map<string, number>>();
  /** Refs of records that hold no normalized record (lookups, ignored, not used), to merge repeats. */
  private readonly countedRefs = new Set<string>();
  private readonly tally = zeroCounts();

  constructor(readonly patientId: string) {}

  /** A builder holding everything of an existing record, to merge more into it. */
  static from(record: PatientRecord): PatientBuilder {
    const b = new PatientBuilder(record.patientId);
    b.absorb(record);
    return b;
  }

  /**
   * The records name this patient by `ref` but the input holds no Patient of that id: its demographics are
   * not read. Said in the record unless another source of the same patient holds its Patient.
   */
  setAbsent(ref: string): void {
    this.absent ??= {
      ref,
      detail: `${ref}, which the records name as their subject, is not in the input: they are assessed as that one patient's, with no birth date, sex or death read (demographics not read), so what needs age or sex says it is missing`,
    };
  }

  /** Records birth date and sex; a value that disagrees with one already held becomes a Conflict. */
  setDemographics(birthDate: string | undefined, sex: PatientRecord["sex"]): void {
    if (birthDate !== undefined) {
      if (this.birthDate === undefined) this.birthDate = birthDate;
      else if (this.birthDate !== birthDate)
        this.addConflict(
          "demographics",
          [`Patient/${this.patientId}#birthDate`],
          `birth date differs between sources: ${this.birthDate} and ${birthDate}`,
        );
    }
    if (sex !== undefined) {
      if (this.sex === undefined) this.sex = sex;
      else if (this.sex !== sex)
        this.addConflict(
          "demographics",
          [`Patient/${this.patientId}#gender`],
          `sex differs between sources: ${this.sex} and ${sex}`,
        );
    }
  }

  /** Records the patient's death; a second source with another date becomes a Conflict (the first stays). */
  setDeceased(death: Death | undefined): void {
    if (death === undefined) return;
    const held = this.deceased;
    if (held === undefined || (held.at === undefined && death.at !== undefined)) this.deceased = death;
    else if (death.at !== undefined && held.at !== death.at)
      this.addConflict(
        "demographics",
        [held.ref, death.ref],
        `date of death differs between sources: ${held.at} and ${death.at}`,
      );
  }

  /**
   * Adds every record of `record` (same patient); demographics that disagree become a Conflict. Its
   * counts are added to this one's; a used or rejected record of `record` that this builder already holds
   * (the same result in two files) is counted as merged instead. Ignored and not-used records carry no
   * ref across records and are simply added.
   */
  absorb(record: PatientRecord): void {
    if (record.absentPatient !== undefined) this.absent ??= record.absentPatient;
    else this.patientRead = true;
    this.setDemographics(record.birthDate, record.sex);
    this.setDeceased(record.deceased);
    if (record.bmi !== undefined && record.bmiAt !== undefined) this.setBmi(record.bmi, record.bmiAt);
    else if (record.bmi !== undefined && this.bmi === undefined) this.bmi = { value: record.bmi, at: "" };
    // Conflicts first: re-adding the labs then finds each pair already reported.
    for (const c of record.conflicts) this.addConflict(c.kind, c.refs, c.detail);
    const added: Added[] = [
      ...record.labs.map((l) => this.addLab(l, l.lab)),
      ...record.exposures.flatMap((e) => e.doses.map((d) => this.addDose(e.drug, e.class, d))),
      ...record.contextDrugs.map((c) => this.addContextDrug(c)),
      ...record.events.map((e) => this.addEvent(e)),
    ];
    for (const w of record.drugWords ?? []) this.addDrugWords(w);
    const rejected = record.rejected.map((r) => this.reject(r));
    for (const [type, n] of Object.entries(record.ignored)) this.ignore(type, n);
    for (const [type, systems] of Object.entries(record.notUsed))
      for (const [system, n] of Object.entries(systems)) this.notUse(type, system, n);
    const tally = { ...record.counts };
    // Never more than the record counted (records built without counting, e.g. in tests, count nothing).
    const repeatUsed = Math.min(tally.used, added.filter((a) => a === "merged").length);
    const repeatRejected = Math.min(tally.rejected, rejected.filter((a) => a === "merged").length);
    tally.used -= repeatUsed;
    tally.rejected -= repeatRejected;
    tally.merged += repeatUsed + repeatRejected;
    for (const k of COUNT_KINDS) this.tally[k] += tally[k];
  }

  /**
   * Adds a lab result. The same source record, or the same lab at the same instant with the same value,
   * is merged, as is a censored value beside the number that satisfies it (the number is kept); a
   * different value at the same instant is kept and reported as a Conflict.
   */
  addLab(result: LabResult, labName: string): Added {
    const before = this.labRefs.get(result.ref);
    if (before !== undefined) {
      // One id, two contents (an export that repeats a corrected record under its id): which is right
      // cannot be told. The conflict names the ref, so the result is left out of grades, scores and
      // detection (as for two values at one instant) and the disagreement is reported, never dropped.
      if (before.at !== result.at || !sameLabValue(before, result)) {
        this.addConflict(
          "same-id-differs",
          [result.ref],
          `two ${labName} records share the id ${result.ref}: ${describeLabValue(before)}${before.unit ? ` ${before.unit}` : ""} at ${before.at} and ${describeLabValue(result)}${result.unit ? ` ${result.unit}` : ""} at ${result.at}`,
        );
      }
      return "merged";
    }
    let atInstant = this.labsByKey.get(result.lab);
    if (atInstant === undefined) {
      atInstant = new Map();
      this.labsByKey.set(result.lab, atInstant);
    }
    const t = instant(result.at);
    const same = atInstant.get(t);
    if (same?.some((r) => sameLabValue(r, result))) return "merged";
    // A censored result and the number (or tighter bound) that satisfies it at one instant agree: the more
    // precise one is kept and the other merged. A `<10` beside an `8` ×10⁹/L was reported as a conflict and
    // both were left out, so a grade 4 thrombocytopenia was sought by no detector. Only while the instant
    // holds one result: one already in a conflict is never replaced, so it stays out of detection.
    const held = same?.length === 1 ? same[0] : undefined;
    if (held !== undefined && narrowsLabValue(held, result)) return "merged";
    if (same !== undefined && held !== undefined && narrowsLabValue(result, held)) {
      same[0] = result;
      this.labs[this.labs.indexOf(held)] = result;
      this.labRefs.set(result.ref, result);
      return "merged";
    }
    for (const other of same ?? []) {
      this.addConflict(
        "same-instant-values",
        [other.ref, result.ref],
        `two ${labName} results at the same instant: ${describeLabValue(other)} and ${describeLabValue(result)}${result.unit ? ` ${result.unit}` : ""}`,
      );
    }
    if (same) same.push(result);
    else atInstant.set(t, [result]);
    this.labRefs.set(result.ref, result);
    this.labs.push(result);
    return "added";
  }

  addDose(drug: string, cls: TherapyClass, dose: Dose): Added {
    let d = this.drugs.get(drug);
    if (d === undefined) {
      d = { class: cls, doses: [], refs: new Set() };
      this.drugs.set(drug, d);
    }
    if (d.refs.has(dose.ref)) {
      const before = d.doses.find((x) => x.ref === dose.ref);
      if (before !== undefined && before.at !== dose.at) {
        this.addConflict(
          "same-id-differs",
          [dose.ref],
          `two ${drug} records share the id ${dose.ref}: dated ${before.at} (kept as the dose) and ${dose.at}`,
        );
      }
      return "merged";
    }
    d.refs.add(dose.ref);
    d.doses.push(dose);
    return "added";
  }

  /**
   * A medication record: a dose of an immunotherapy, else a period of a context drug. A context drug
   * without an end date is still taken when `ongoing` (an active statement or request: its record keeps
   * no `end`, which the engine reads as "up to the evaluation time"); otherwise — a single
   * administration, or a record whose status says it was completed or stopped on an unknown date — it is
   * known on its start only, and its end is its start. A record naming several drugs (a regimen on one
   * line: "nivo/ipi") gives each, under the record's ref: it is added when any of them is new. The `dose` read from
   * the record is kept on a context drug only (an anticoagulant's prophylactic or treatment dose).
   */
  addMedication(
    matches: MedicationMatch | readonly MedicationMatch[],
    ref: string,
    at: string,
    kind: Dose["kind"],
    end: string | undefined,
    ongoing: boolean = kind === "statement" || kind === "request",
    running = false,
    dose?: ContextDrug["dose"],
  ): Added {
    const until = end ?? (ongoing ? undefined : at);
    let added: Added = "merged";
    for (const match of Array.isArray(matches) ? matches : [matches]) {
      const one =
        match.kind === "immunotherapy"
          ? this.addDose(match.drug, match.class, {
              ref,
              at,
              kind,
              ...(end !== undefined && { end }),
              ...(running && end === undefined && { running: true as const }),
            })
          : this.addContextDrug({
              ref,
              drug: match.drug,
              roles: match.roles,
              start: at,
              ...(until !== undefined && { end: until }),
              ...(dose !== undefined && { dose }),
            });
      if (one === "added") added = "added";
    }
    return added;
  }

  addContextDrug(c: ContextDrug): Added {
    // One record may name several context drugs (a chemotherapy regimen on one line), each under its ref.
    const key = `${c.ref}\u0000${c.drug}`;
    if (this.context.has(key)) return "merged";
    this.context.set(key, c);
    return "added";
  }

  addEvent(e: ClinicalEvent): Added {
    // One record may give events of several kinds (a note about a new DVT naming a past HIT), each with
    // the record's ref; the same record read again, or a second event of one kind from it, is merged.
    const key = `${e.ref}\u0000${e.kind}`;
    if (this.events.has(key)) return "merged";
    this.events.set(key, e);
    return "added";
  }

  /**
   * Keeps the words of a source record that name an immunotherapy and gave no dose (a note, an undated dose row):
   * the record itself is counted by the caller (not used, rejected), the words only read beside it.
   */
  addDrugWords(w: DrugWords): void {
    if (!this.drugWords.has(w.ref)) this.drugWords.set(w.ref, w);
  }

  /** Records the latest body-mass index (by instant). */
  setBmi(value: number, at: string): Added {
    if (this.bmi !== undefined && this.bmi.at !== "" && instant(this.bmi.at) >= instant(at)) return "merged";
    this.bmi = { value, at };
    return "added";
  }

  /** Records why a source record was not used; the same rejection again is a repeat ("merged"). */
  reject(r: Rejection): Added {
    const key = `${r.ref}|${r.code}|${r.reason}`;
    if (this.rejections.has(key)) return "merged";
    this.rejections.set(key, r);
    return "added";
  }

  /** Records a contradiction; one per set of refs (the first detail wins). */
  addConflict(kind: ConflictKind, refs: readonly string[], detail: string): void {
    const key = [...refs].sort().join(",");
    if (!this.conflicts.has(key)) this.conflicts.set(key, { kind, refs, detail });
  }

  /**
   * Counts `n` records of a type outside the input contract. With `ref`, a record already counted
   * (ignored or not used) is a repeat: "merged", not counted again.
   */
  ignore(resourceType: string, n = 1, ref?: string): Added {
    if (ref !== undefined && this.countRef(ref) === "merged") return "merged";
    this.ignored.set(resourceType, (this.ignored.get(resourceType) ?? 0) + n);
    return "added";
  }

  /** Counts records of a contract type whose code is out of scope, by type and code system (see ignore). */
  notUse(resourceType: string, system: string, n = 1, ref?: string): Added {
    if (ref !== undefined && this.countRef(ref) === "merged") return "merged";
    const bySystem = this.notUsed.get(resourceType) ?? new Map<string, number>();
    bySystem.set(system, (bySystem.get(system) ?? 0) + n);
    this.notUsed.set(resourceType, bySystem);
    return "added";
  }

  /**
   * Notes a source record that holds no normalized record of its own (a lookup, an ignored or not-used
   * record): "merged" when its ref was noted before, so a repeat is not counted twice.
   */
  countRef(ref: string): Added {
    if (this.countedRefs.has(ref)) return "merged";
    this.countedRefs.add(ref);
    return "added";
  }

  /** Counts one source record of this patient by what became of it. */
  count(outcome: Exclude<keyof RecordCounts, "read">, n = 1): void {
    this.tally[outcome] += n;
    this.tally.read += n;
  }

  /**
   * Takes out every result, dose, context-drug start and event dated after the recorded death and rejects
   * it as `after-death`, naming the death's record: such a record is not a living patient's (a
   * post-mortem sample, a misdated entry, another patient's) and is never used. Each source record moves
   * from used to rejected once, however many records it gave (a panel's components, a note's events). Returns how many source records moved, so
   * that an adapter's own tally of its input can follow; a second call moves none.
   */
  rejectAfterDeath(): number {
    const death = this.deceased;
    if (death?.at === undefined) return 0;
    const deathAt = death.at;
    const moved = new Set<string>();
    const after = (ref: string, at: string, what: string): boolean => {
      if (!isAfterDeath(at, deathAt)) return false;
      if (moved.has(ref)) return true; // a second record of one source (two events of a note): one rejection
      this.reject({
        ref,
        code: "after-death",
        reason: `${what} dated ${at} is after the patient's death on ${deathAt} (${death.ref}): not a living patient's record; check its date and patient`,
      });
      moved.add(ref);
      return true;
    };
    for (let i = this.labs.length - 1; i >= 0; i--) {
      const l = this.labs[i] as LabResult;
      if (!after(l.ref, l.at, `the ${l.lab} result`)) continue;
      this.labs.splice(i, 1);
      this.labRefs.delete(l.ref);
      const atInstant = this.labsByKey.get(l.lab);
      const same = atInstant?.get(instant(l.at))?.filter((r) => r !== l);
      if (same === undefined || same.length === 0) atInstant?.delete(instant(l.at));
      else atInstant?.set(instant(l.at), same);
    }
    for (const [drug, d] of this.drugs) {
      const kept = d.doses.filter((x) => !after(x.ref, x.at, `the ${drug} ${x.kind}`));
      if (kept.length === 0) this.drugs.delete(drug);
      else d.doses.splice(0, d.doses.length, ...kept);
    }
    for (const [key, c] of this.context)
      if (after(c.ref, c.start, `the ${c.drug} record`)) this.context.delete(key);
    for (const [key, e] of this.events)
      if (after(e.ref, e.at, `the ${e.kind} event`)) this.events.delete(key);
    // Words dated after the death are no living patient's either; their record was never used, so none moves.
    for (const [ref, w] of this.drugWords)
      if (w.at !== undefined && isAfterDeath(w.at, deathAt)) this.drugWords.delete(ref);
    // A panel's components (`Observation/x#component[0]`) came from one counted source record.
    const sources = new Set([...moved].map((ref) => ref.split("#")[0]));
    const n = Math.min(sources.size, this.tally.used);
    this.tally.used -= n;
    this.tally.rejected += n;
    return n;
  }

  /** The normalized record; labs, doses and events in time order; nothing dated after the death (see rejectAfterDeath). */
  build(): PatientRecord {
    this.rejectAfterDeath();
    const exposures: Exposure[] = [];
    for (const [drug, d] of this.drugs) {
      const doses = sortedByInstant(d.doses);
      const first = doses[0] as Dose;
      const last = doses[doses.length - 1] as Dose;
      const given = doses.find((x) => x.kind === "administration" || x.kind === "procedure");
      exposures.push({
        drug,
        class: d.class,
        doses,
        first: first.at,
        last: last.at,
        ...(d.class === "car-t" && given !== undefined && { infusion: given.at }),
      });
    }
    exposures.sort((a, b) => instant(a.first) - instant(b.first) || a.drug.localeCompare(b.drug));
    const contextDrugs = [...this.context.values()].sort((a, b) => instant(a.start) - instant(b.start));
    return {
      patientId: this.patientId,
      ...(this.absent !== undefined && !this.patientRead && { absentPatient: this.absent }),
      ...(this.birthDate !== undefined && { birthDate: this.birthDate }),
      ...(this.sex !== undefined && { sex: this.sex }),
      ...(this.deceased !== undefined && { deceased: this.deceased }),
      exposures,
      contextDrugs,
      labs: sortedByInstant(this.labs),
      events: sortedByInstant(this.events.values()),
      ...(this.drugWords.size > 0 && { drugWords: [...this.drugWords.values()] }),
      rejected: [...this.rejections.values()],
      conflicts: [...this.conflicts.values()],
      ignored: Object.fromEntries(this.ignored),
      notUsed: Object.fromEntries([...this.notUsed].map(([t, m]) => [t, Object.fromEntries(m)])),
      counts: { ...this.tally },
      ...(this.bmi !== undefined && { bmi: this.bmi.value }),
      ...(this.bmi !== undefined && this.bmi.at !== "" && { bmiAt: this.bmi.at }),
    };
  }
}

const COUNT_KINDS = ["read", "used", "merged", "rejected", "notUsed", "ignored"] as const;

/**
 * Builds each patient's record, first rejecting what is dated after a recorded death, and moves those
 * source records from used to rejected in the input's own `stats` too, so both tallies still add up.
 * @example
 * const patients = buildAll(builders.values(), stats);
 */
export function buildAll(
  builders: Iterable<PatientBuilder>,
  stats: Record<keyof RecordCounts, number>,
): PatientRecord[] {
  return [...builders].map((b) => {
    const moved = b.rejectAfterDeath();
    stats.used -= moved;
    stats.rejected += moved;
    return b.build();
  });
}

/**
 * Combines two records of the same patient (e.g. from two files) without counting anything twice:
 * records are deduplicated by source ref, lab results also by lab, instant and value.
 * @example
 * const merged = mergeRecords(fromBundleA, fromBundleB);
 */
export function mergeRecords(a: PatientRecord, b: PatientRecord): PatientRecord {
  const builder = PatientBuilder.from(a);
  builder.absorb(b);
  return builder.build();
}
