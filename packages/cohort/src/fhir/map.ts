/**
 * FHIR R4 resources as OMOP CDM v5.4 rows, one resource at a time (a bulk export is never held):
 * Patient → person (and death from `deceasedDateTime`), Observation → measurement, MedicationAdministration
 * / MedicationRequest / MedicationStatement → drug_exposure, Condition → condition_occurrence, Procedure →
 * procedure_occurrence, AllergyIntolerance → observation ("Allergy to drug", the drug as value concept).
 * Codes become concepts through the core's vocabulary — the coding HemoSentinel reads is the one kept, a catalogue drug becomes the generator's concept of that drug — so the import's
 * concept maps read each row as the core reads the resource. What the CDM cannot hold is rejected here with
 * its reason (no patient, no code in a vocabulary of the CDM, no usable date, a record that did not
 * happen); what it holds goes on to the CDM import, which judges units, values and references as for CSV.
 */
import {
  conditionReading,
  conditionStart,
  type EventMatch,
  type Knowledge,
  type LabDefinition,
  labComponents,
  loincCodes,
  type MedicationMatch,
  medicationDrug,
  notDone,
  observationDates,
  otherFocus,
  procedureEvent,
  resultCaveat,
  type SourceConcept,
  textRange,
  toConcept,
  unitDisagreement,
} from "@hemosentinel/core";
import type { CdmTable } from "../cdm.js";
import { sourceConcept, UCUM_SYSTEM, vocabularyOf } from "../concepts.js";
import { RESULT_STATUS_VOCABULARY } from "../records.js";
import { type ConceptIds, LOCAL_VOCABULARY } from "./concept-ids.js";
import { type CdmDate, cdmDate, PeriodTracker, pickDate } from "./dates.js";

/** Why a resource did not become a CDM row (the core's rejection codes where it has one). */
export type FhirRejectionCode =
  | "missing-id"
  | "missing-subject"
  | "broken-reference"
  | "missing-code"
  | "unknown-code"
  | "not-final"
  | "refuted"
  | "missing-date"
  | "invalid-date"
  | "data-absent"
  | "unsupported-comparator"
  | "unit-conflict";

/** A resource's rejection: the reason in general terms (the summary groups by it) and for this resource. */
export interface Rejected {
  readonly kind: "rejected";
  readonly code: FhirRejectionCode;
  /** The reason in general terms (the summary groups by it). */
  readonly detail: string;
  /** The reason for this resource. */
  readonly reason: string;
}

/**
 * What became of one component of an Observation panel read component by component (as the core's
 * adapter reads it): a row of its own, or why not.
 */
export type ComponentVerdict = { readonly index: number } & (
  | { readonly kind: "row"; readonly table: CdmTable }
  | Rejected
);

/** What became of one resource. */
export type Verdict =
  | {
      readonly kind: "row";
      readonly table: CdmTable;
      readonly components?: readonly ComponentVerdict[];
      /**
       * What of the resource the row does not carry (a Condition whose status drops one of the problems
       * its words name), with the core's reason: the core keeps the rest and rejects that part alike.
       */
      readonly partial?: Rejected;
    }
  | { readonly kind: "lookup" }
  | { readonly kind: "ignored" }
  /** A medication record naming a Medication not read yet: mapped again once every file is read. */
  | { readonly kind: "deferred" }
  | (Rejected & { readonly components?: readonly ComponentVerdict[] });

export type CdmValue = string | number | undefined;
export type CdmRow = Readonly<Record<string, CdmValue>>;

/** Where the mapped rows go, each with the id of its row (the person for person and death). */
export interface CdmSink {
  row(table: CdmTable, row: CdmRow): void;
}

type Json = Record<string, unknown>;

const GENDERS: Readonly<Record<string, number>> = { male: 8507, female: 8532 };
const MEDICATION_TYPES = new Set(["MedicationAdministration", "MedicationRequest", "MedicationStatement"]);
const BIRTH = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const HISTORY = /\/_history\/[^/]+$/;
const TYPE_ID = /(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/;

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);
const obj = (v: unknown): Json | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Json) : undefined;

function rejected(code: FhirRejectionCode, detail: string, reason = detail): Rejected {
  return { kind: "rejected", code, detail, reason };
}

/** The comparators a CDM value can carry (OMOP's Meas Value Operator concepts; `=` is none). */
const COMPARATORS: ReadonlySet<string> = new Set(["<", "<=", ">", ">="]);

/**
 * Why a value's comparator cannot be held (R4 also has `ad`, "sufficient to achieve"): the value would
 * read as exact, so it is rejected as the core rejects it. Undefined when there is none, or one of
 * {@link COMPARATORS}.
 */
function oddComparator(source: Json): Rejected | undefined {
  const comparator = obj(source.valueQuantity)?.comparator;
  if (comparator === undefined || (typeof comparator === "string" && COMPARATORS.has(comparator)))
    return undefined;
  return rejected(
    "unsupported-comparator",
    "a comparator other than <, <=, >, >=",
    `comparator ${JSON.stringify(comparator).slice(0, 20)} is not <, <=, > or >=: the value is not exact, and no other comparator can be held`,
  );
}

/**
 * Why a value's printed unit (`valueQuantity.unit`) and coded unit (`valueQuantity.code`) cannot both hold
 * for the lab it reads as: the core's own check (`unitDisagreement`), so the import rejects as the core's
 * FHIR adapter does (`unit-conflict`). A measurement row keeps one unit concept, so the row would
 * otherwise carry the coded unit and the disagreement would be lost. Undefined when they agree.
 */
function unitConflict(
  source: Json,
  lab: LabDefinition | undefined,
  units: Knowledge["vocabulary"]["units"],
): Rejected | undefined {
  const q = obj(source.valueQuantity);
  if (lab === undefined || q === undefined) return undefined;
  const why = unitDisagreement(str(q.unit), str(q.code), lab, units);
  return why === undefined ? undefined : rejected("unit-conflict", "printed and coded units disagree", why);
}

/** A record's start and end. */
interface Span {
  readonly start: CdmDate;
  readonly end?: CdmDate;
}

/** The start (the first present candidate) and end of a record, or why it has no usable start. */
function span(candidates: readonly (readonly [string, unknown])[], endValue?: unknown): Span | Rejected {
  const at = pickDate(candidates);
  if (!at.ok)
    return rejected(at.code, at.code === "missing-date" ? "no date" : "date is not a day", at.reason);
  // An end that is not a day only loses the end, as in the core.
  const end = typeof endValue === "string" ? cdmDate(endValue) : undefined;
  return end === undefined ? { start: at.at } : { start: at.at, end };
}

/** The `<prefix>_start_date`, `…_start_datetime`, `…_end_date`, `…_end_datetime` columns of a span. */
function spanColumns(prefix: string, s: Span): CdmRow {
  return {
    [`${prefix}_start_date`]: s.start.date,
    [`${prefix}_start_datetime`]: s.start.datetime,
    [`${prefix}_end_date`]: s.end?.date,
    [`${prefix}_end_datetime`]: s.end?.datetime,
  };
}

/** The name of a site-local result-mark concept: the status caveat and the timing mark, in words. */
function resultMarkName(caveat: string | undefined, timing: "issued" | "period-end" | undefined): string {
  const words = [
    caveat === undefined ? undefined : `FHIR Observation.status ${caveat}`,
    timing === "issued"
      ? "timed by its report (Observation.issued only)"
      : timing === "period-end"
        ? "timed by the end of its collection period (effectivePeriod.end only)"
        : undefined,
  ];
  return words.filter((w) => w !== undefined).join("; ");
}

/**
 * `read` remembered per concept: an export repeats a few hundred codes millions of times, and the
 * vocabulary's text matching is the costly part of a lookup. Bounded, and a pure function of its key.
 */
function remembered<T>(read: (c: SourceConcept) => T): (c: SourceConcept) => T {
  const seen = new Map<string, T>();
  return (c) => {
    const key = JSON.stringify(c);
    if (seen.has(key)) return seen.get(key) as T;
    if (seen.size >= 100_000) seen.clear();
    const v = read(c);
    seen.set(key, v);
    return v;
  };
}

/** A concept the CDM can hold: its vocabulary, code and name. */
interface Chosen {
  readonly vocabulary: string;
  readonly code: string;
  readonly name: string;
}

/** The resource contained in `host` that a `#id` reference names. */
function containedOf(host: Json, reference: string): Json | undefined {
  if (!reference.startsWith("#")) return undefined;
  return (Array.isArray(host.contained) ? host.contained : [])
    .map(obj)
    .find((c) => c !== undefined && c.id === reference.slice(1));
}

export class FhirToCdm {
  /** Person ids by Patient id, in the order first met (a record may come before its Patient). */
  private readonly persons = new Map<string, number>();
  /** Persons whose Patient resource was mapped (only they get an observation period). */
  private readonly patients = new Set<number>();
  /** Medication resources read, by `Medication/id`: the code of the records that name them. */
  private readonly medications = new Map<string, SourceConcept>();
  readonly periods = new PeriodTracker();
  /** Record rows of every table share one id sequence. */
  private nextRow = 1;

  /** The vocabulary's readings of a concept, remembered. */
  private readonly vocabulary: {
    readonly lab: (code: string) => unknown;
    readonly event: (c: SourceConcept) => EventMatch | undefined;
    readonly procedureEvent: (c: SourceConcept) => EventMatch | undefined;
    readonly medication: (c: SourceConcept) => MedicationMatch | undefined;
    readonly medications: (c: SourceConcept) => readonly MedicationMatch[];
  };

  /** The knowledge's vocabulary itself, for the readers shared with the core's adapter. */
  private readonly shared: Knowledge["vocabulary"];

  constructor(
    knowledge: Knowledge,
    private readonly concepts: ConceptIds,
    private readonly sink: CdmSink,
  ) {
    const v = knowledge.vocabulary;
    this.shared = v;
    this.vocabulary = {
      lab: (code) => v.lab(code),
      event: remembered((c) => v.event(c)),
      procedureEvent: remembered((c) => procedureEvent(v, c)),
      medication: remembered((c) => v.medication(c)),
      medications: remembered((c) => v.medications(c)),
    };
  }

  /**
   * Maps one resource. `final` is set on the second look at a deferred medication record, when a missing
   * Medication is no longer expected.
   */
  map(resource: Json, final = false): Verdict {
    const type = resource.resourceType as string;
    if (type === "Patient") return this.patient(resource);
    if (type === "Medication") {
      const id = str(resource.id);
      if (id !== undefined)
        this.medications.set(
          `Medication/${id}`,
          medicationDrug(resource, this.vocabulary, (t) => containedOf(resource, t)),
        );
      return { kind: "lookup" };
    }
    if (type === "AllergyIntolerance") return this.allergy(resource);
    if (type !== "Observation" && type !== "Condition" && type !== "Procedure" && !MEDICATION_TYPES.has(type))
      return { kind: "ignored" };
    const stop = notDone({ ...resource, resourceType: type });
    if (stop !== undefined)
      return rejected(
        stop.field === "verificationStatus" ? "refuted" : "not-final",
        `${stop.field} says it did not happen`,
        `${stop.field} is ${stop.value}`,
      );
    const person = this.subject(resource);
    if (typeof person !== "number") return person;
    if (type === "Observation") return this.measurement(resource, person);
    if (type === "Condition") return this.condition(resource, person);
    if (type === "Procedure") return this.procedure(resource, person);
    return this.drug(resource, person, final);
  }

  /** The Patient id of each person that records name but whose Patient resource was not mapped. */
  absentPatients(): Map<number, string> {
    const absent = new Map<number, string>();
    for (const [id, person] of this.persons) if (!this.patients.has(person)) absent.set(person, id);
    return absent;
  }

  /** The observation period of every person whose Patient was mapped and who has a dated record. */
  *observationPeriods(): Generator<CdmRow> {
    for (const person of this.patients) {
      const p = this.periods.period(person);
      if (p !== undefined)
        yield {
          observation_period_id: person,
          person_id: person,
          observation_period_start_date: p[0],
          observation_period_end_date: p[1],
        };
    }
  }

  private personId(id: string): number {
    let n = this.persons.get(id);
    if (n === undefined) {
      n = this.persons.size + 1;
      this.persons.set(id, n);
    }
    return n;
  }

  private patient(p: Json): Verdict {
    const id = str(p.id);
    if (id === undefined) return rejected("missing-id", "Patient has no id: no record can name it");
    const birth = typeof p.birthDate === "string" ? BIRTH.exec(p.birthDate) : null;
    if (birth === null)
      return p.birthDate === undefined
        ? rejected("missing-date", "Patient has no birthDate (the CDM requires year_of_birth)")
        : rejected(
            "invalid-date",
            "birthDate is not a year, year-month or date",
            `birthDate ${JSON.stringify(p.birthDate).slice(0, 40)} is not a year, year-month or date`,
          );
    const person = this.personId(id);
    this.patients.add(person);
    this.sink.row("person", {
      person_id: person,
      gender_concept_id: GENDERS[String(p.gender)] ?? 0,
      year_of_birth: Number(birth[1]),
      month_of_birth: birth[2] === undefined ? undefined : Number(birth[2]),
      day_of_birth: birth[3] === undefined ? undefined : Number(birth[3]),
      person_source_value: id,
    });
    return { kind: "row", table: "person" };
  }

  /**
   * The death a Patient records: a row when `deceasedDateTime` is a day, else why not; undefined when the
   * Patient records no death.
   */
  death(p: Json): Verdict | undefined {
    const id = str(p.id);
    const person = id === undefined ? undefined : this.persons.get(id);
    if (person === undefined || !this.patients.has(person)) return undefined;
    if (p.deceasedDateTime === undefined)
      return p.deceasedBoolean === true
        ? rejected(
            "missing-date",
            "deceasedBoolean without a date: no death row (the CDM requires death_date)",
          )
        : undefined;
    const at = span([["deceasedDateTime", p.deceasedDateTime]]);
    if ("kind" in at) return at;
    this.periods.see(person, at.start.date);
    this.sink.row("death", {
      person_id: person,
      death_date: at.start.date,
      death_datetime: at.start.datetime,
    });
    return { kind: "row", table: "death" };
  }

  /** The person a record's `subject` names, or why it names none. */
  private subject(r: Json): number | Verdict {
    const ref = str(obj(r.subject)?.reference);
    if (ref === undefined) return rejected("missing-subject", `${r.resourceType} has no subject reference`);
    const trimmed = ref.replace(HISTORY, "");
    if (trimmed.startsWith("urn:uuid:")) return this.personId(trimmed.slice(9));
    const m = TYPE_ID.exec(trimmed);
    if (m === null || m[1] !== "Patient")
      return rejected(
        "broken-reference",
        "subject is not a Patient reference",
        `subject ${JSON.stringify(ref).slice(0, 80)} is not a Patient reference`,
      );
    return this.personId(m[2] as string);
  }

  /**
   * The concept to keep of a code: the first coding (in a vocabulary of the CDM) that HemoSentinel reads
   * on its own, else the text when HemoSentinel reads it (a local concept named by it), else the first
   * coding in a vocabulary of the CDM (kept, and not used); undefined when the CDM can hold none.
   */
  private choose(concept: SourceConcept, reads: (c: SourceConcept) => boolean): Chosen | undefined {
    const held: Chosen[] = [];
    for (const c of concept.codings) {
      const vocabulary = c.system === undefined ? undefined : vocabularyOf(c.system);
      if (vocabulary === undefined || c.code === undefined || c.code.trim() === "") continue;
      const chosen = { vocabulary, code: c.code.trim(), name: c.display ?? concept.text ?? c.code };
      if (
        reads(
          sourceConcept({ vocabulary_id: vocabulary, concept_code: chosen.code, concept_name: chosen.name }),
        )
      )
        return chosen;
      held.push(chosen);
    }
    const text = concept.text?.trim();
    if (text !== undefined && text !== "" && reads({ codings: [], text }))
      return { vocabulary: LOCAL_VOCABULARY, code: text.toLowerCase(), name: text };
    return held[0];
  }

  private conceptId(
    concept: SourceConcept,
    domain: string,
    reads: (c: SourceConcept) => boolean,
  ): { id: number; source: string } | Rejected {
    const chosen = this.choose(concept, reads);
    if (chosen !== undefined)
      return {
        id: this.concepts.id(chosen.vocabulary, chosen.code, chosen.name, domain),
        source: chosen.code,
      };
    const empty = concept.codings.every((c) => !c.code?.trim()) && !concept.text?.trim();
    return empty
      ? rejected("missing-code", "no code and no text")
      : rejected(
          "unknown-code",
          "no coding in a vocabulary of the CDM, and no text HemoSentinel reads",
          `no coding in LOINC, SNOMED CT, RxNorm, ICD-10(-CM), ATC or UCUM, and no text HemoSentinel reads (${JSON.stringify(concept).slice(0, 120)})`,
        );
  }

  private recordId(person: number, s: Span): number {
    this.periods.see(person, s.start.date);
    if (s.end !== undefined) this.periods.see(person, s.end.date);
    return this.nextRow++;
  }

  /**
   * An Observation as measurement rows, read as the core's adapter reads it: by its own code, or — a
   * panel whose code is not a lab — one row per catalogue-lab component at the panel's time (each other
   * component named as not read); a preliminary result, or one of unknown status, is marked by its
   * measurement type (./records.ts turns it back into that status); a dataAbsentReason is a rejection.
   */
  private measurement(o: Json, person: number): Verdict {
    const { vocabulary } = this;
    const reads = (c: SourceConcept) =>
      loincCodes(c).some((code) => vocabulary.lab(code) !== undefined) || vocabulary.event(c) !== undefined;
    const own = toConcept(obj(o.code));
    const parts = reads(own) ? undefined : labComponents(o, this.shared);
    const panel = parts !== undefined && parts.labs.length > 0;
    if ((reads(own) || panel) && o.dataAbsentReason !== undefined)
      return rejected(
        "data-absent",
        "no value: dataAbsentReason",
        `no value: data absent (${JSON.stringify(o.dataAbsentReason).slice(0, 80)})`,
      );
    const about =
      reads(own) || panel ? otherFocus(o as unknown as Parameters<typeof otherFocus>[0]) : undefined;
    if (about !== undefined)
      return rejected(
        "missing-subject",
        "the result is about its focus, not its subject",
        `the result is about its focus ${JSON.stringify(about).slice(0, 80)}, not its subject`,
      );
    // The same date fields, in the same order, as the core's FHIR reader (issued last).
    const at = span(observationDates(o));
    if (!panel) {
      const concept = this.conceptId(own, "Measurement", reads);
      if ("kind" in concept) return concept;
      if ("kind" in at) return at;
      const lab = loincCodes(own)
        .map((code) => this.shared.lab(code))
        .find((l) => l !== undefined);
      const odd = reads(own) ? (oddComparator(o) ?? unitConflict(o, lab, this.shared.units)) : undefined;
      if (odd !== undefined) return odd;
      this.measurementRow(o, o, concept, person, at);
      return { kind: "row", table: "measurement" };
    }
    if ("kind" in at) return at;
    const components: ComponentVerdict[] = [];
    const list = o.component as unknown[];
    for (const part of parts.labs) {
      const c = obj(list[part.index]) as Json;
      if (c.dataAbsentReason !== undefined) {
        components.push({
          index: part.index,
          ...rejected(
            "data-absent",
            "component has no value: dataAbsentReason",
            `${part.lab.name}: no value: data absent (${JSON.stringify(c.dataAbsentReason).slice(0, 80)})`,
          ),
        });
        continue;
      }
      const concept = this.conceptId(toConcept(obj(c.code)), "Measurement", reads);
      const odd =
        "kind" in concept ? concept : (oddComparator(c) ?? unitConflict(c, part.lab, this.shared.units));
      if (odd !== undefined) {
        components.push({ index: part.index, ...odd });
        continue;
      }
      if ("kind" in concept) continue;
      this.measurementRow(o, c, concept, person, at);
      components.push({ index: part.index, kind: "row", table: "measurement" });
    }
    parts.others.forEach((other) => {
      const index = Number(/^component\[(\d+)\]/.exec(other)?.[1]);
      components.push({
        index,
        ...rejected(
          "unknown-code",
          "component not read, its code is not a lab HemoSentinel uses",
          `component not read, its code is not a lab HemoSentinel uses: ${other}`,
        ),
      });
    });
    components.sort((a, b) => a.index - b.index);
    return components.some((c) => c.kind === "row")
      ? { kind: "row", table: "measurement", components }
      : {
          ...rejected("data-absent", "no component of the panel has a usable value"),
          components,
        };
  }

  /**
   * One measurement row: the value, unit and reference range of `source` (the Observation, or one of its
   * components), under the Observation's status and at its time.
   */
  private measurementRow(
    o: Json,
    source: Json,
    concept: { id: number; source: string },
    person: number,
    at: Span,
  ): void {
    const q = obj(source.valueQuantity);
    const ucum = q?.system === UCUM_SYSTEM ? str(q.code) : undefined;
    const unitText = str(q?.unit) ?? str(q?.code);
    const comparator = str(q?.comparator);
    const coded = obj(source.valueCodeableConcept);
    const value = coded === undefined ? undefined : this.valueConcept(toConcept(coded));
    const range = (Array.isArray(source.referenceRange) ? source.referenceRange : [])
      .map(obj)
      .find((r) => r !== undefined && (r.type === undefined || JSON.stringify(r.type).includes('"normal"')));
    // A range only as text ("150-400"), beside a value with its unit, as the core reads it (in the value's
    // unit, or its own when that is the value's).
    const written =
      range?.low === undefined && range?.high === undefined && unitText !== undefined
        ? textRange(range?.text)
        : undefined;
    const fromText = written?.unit === undefined || written.unit === unitText ? written : undefined;
    const caveat = resultCaveat(o.status);
    // The core reads a result timed only by its report, or by the end of its collection period, at that
    // time and says so: the mark travels with the status on the site-local type concept.
    const timedBy = observationDates(o).find(([, v]) => v !== undefined && v !== null)?.[0];
    const timing =
      timedBy === "issued" ? "issued" : timedBy === "effectivePeriod.end" ? "period-end" : undefined;
    // A corrected or amended result travels as such, so the core lets it replace a final one of the same test
    // at the same instant (the laboratory's re-issue), as it does reading the FHIR input itself.
    const reissued = o.status === "corrected" || o.status === "amended" ? (o.status as string) : undefined;
    const status = caveat ?? reissued;
    const mark = [status, timing].filter((x) => x !== undefined).join("+");
    this.sink.row("measurement", {
      measurement_id: this.recordId(person, at),
      person_id: person,
      measurement_concept_id: concept.id,
      measurement_date: at.start.date,
      measurement_datetime: at.start.datetime,
      measurement_type_concept_id:
        mark === ""
          ? undefined
          : this.concepts.id(RESULT_STATUS_VOCABULARY, mark, resultMarkName(status, timing), "Type Concept"),
      operator_concept_id:
        comparator === undefined
          ? undefined
          : this.concepts.id("Meas Value Operator", comparator, comparator, "Meas Value Operator"),
      value_as_number: num(q?.value) ?? num(source.valueInteger),
      value_as_concept_id: value?.id,
      unit_concept_id:
        ucum !== undefined ? this.concepts.id("UCUM", ucum, str(q?.unit) ?? ucum, "Unit") : q && 0,
      range_low: num(obj(range?.low)?.value) ?? fromText?.low,
      range_high: num(obj(range?.high)?.value) ?? fromText?.high,
      measurement_source_value: concept.source,
      unit_source_value: unitText,
      value_source_value:
        value?.text ??
        str(source.valueString) ??
        (typeof source.valueBoolean === "boolean" ? String(source.valueBoolean) : undefined),
    });
  }

  /** A coded result (`Positive`, a grade): its concept when the CDM can hold the code, and its words. */
  private valueConcept(c: SourceConcept): { id?: number; text?: string } {
    const chosen = this.choose(c, () => false);
    const text = c.text ?? c.codings.find((x) => x.display !== undefined)?.display ?? c.codings[0]?.code;
    return {
      ...(chosen?.vocabulary !== LOCAL_VOCABULARY &&
        chosen !== undefined && {
          id: this.concepts.id(chosen.vocabulary, chosen.code, chosen.name, "Meas Value"),
        }),
      ...(text !== undefined && { text }),
    };
  }

  /** A drug's concept: the catalogue's drug as the generator codes it, else the code as written. */
  private drugConcept(c: SourceConcept, match: MedicationMatch | undefined) {
    return match !== undefined
      ? { id: this.concepts.drug(match.drug), source: c.codings[0]?.code ?? c.text ?? match.drug }
      : this.conceptId(c, "Drug", () => false);
  }

  private drug(m: Json, person: number, final: boolean): Verdict {
    let medication: SourceConcept;
    const reference = str(obj(m.medicationReference)?.reference);
    if (m.medicationCodeableConcept !== undefined) medication = toConcept(obj(m.medicationCodeableConcept));
    else if (reference?.startsWith("#")) {
      const contained = containedOf(m, reference);
      medication =
        contained?.resourceType === "Medication"
          ? medicationDrug(contained, this.vocabulary, (t) => containedOf(m, t))
          : { codings: [] };
    } else if (reference !== undefined) {
      const tail = TYPE_ID.exec(reference.replace(HISTORY, ""));
      const known = tail === null ? undefined : this.medications.get(`${tail[1]}/${tail[2]}`);
      if (known === undefined) {
        if (!final) return { kind: "deferred" };
        return rejected(
          "broken-reference",
          "medicationReference names no Medication of the export",
          `medicationReference ${JSON.stringify(reference).slice(0, 80)} names no Medication of the export`,
        );
      }
      medication = known;
    } else {
      const display = str(obj(m.medicationReference)?.display);
      medication = display === undefined ? { codings: [] } : { codings: [], text: display };
    }
    // A regimen on one line ("nivo/ipi") is a row of each drug, as the core reads it a dose of each.
    const matches = this.vocabulary.medications(medication);
    const concepts = matches.length > 1 ? matches.map((m) => this.drugConcept(medication, m)) : [];
    const concept = concepts[0] ?? this.drugConcept(medication, this.vocabulary.medication(medication));
    if ("kind" in concept) return concept;
    const period = obj(m.effectivePeriod);
    const validity = obj(obj(m.dispenseRequest)?.validityPeriod);
    const request = m.resourceType === "MedicationRequest";
    const at = request
      ? span(
          [
            ["authoredOn", m.authoredOn],
            ["dispenseRequest.validityPeriod.start", validity?.start],
          ],
          validity?.end,
        )
      : span(
          [
            ["effectiveDateTime", m.effectiveDateTime],
            ["effectivePeriod.start", period?.start],
          ],
          period?.end,
        );
    if ("kind" in at) return at;
    for (const c of concepts.length > 0 ? concepts : [concept]) {
      if ("kind" in c) continue;
      this.sink.row("drug_exposure", {
        drug_exposure_id: this.recordId(person, at),
        person_id: person,
        drug_concept_id: c.id,
        ...spanColumns("drug_exposure", at),
        drug_source_value: c.source,
      });
    }
    return { kind: "row", table: "drug_exposure" };
  }

  /**
   * A Condition as a condition_occurrence row. Its statuses are read as the core's adapter reads them
   * (conditionReading): the CDM has no column for them, so a provisional diagnosis or a past one dated
   * only when charted is written under a local concept whose words the core reads the same way
   * ("suspected …", "history of …"), and what would name no event is rejected with the core's reason.
   */
  private condition(c: Json, person: number): Verdict {
    const { vocabulary } = this;
    const reads = (x: SourceConcept) => vocabulary.event(x) !== undefined;
    const code = toConcept(obj(c.code));
    let concept = this.conceptId(code, "Condition", reads);
    if ("kind" in concept) return concept;
    const abatement = c.abatementDateTime ?? obj(c.abatementPeriod)?.start;
    const read = span(
      [
        ["onsetDateTime", c.onsetDateTime],
        ["onsetPeriod.start", obj(c.onsetPeriod)?.start],
        ["recordedDate", c.recordedDate],
      ],
      abatement,
    );
    if ("kind" in read) return read;
    // Over before it was recorded, with no onset: the episode is dated by its abatement, as the core dates it.
    const recorded = c.onsetDateTime === undefined && obj(c.onsetPeriod)?.start === undefined;
    const at =
      recorded &&
      read.end !== undefined &&
      typeof c.recordedDate === "string" &&
      typeof abatement === "string" &&
      conditionStart("recordedDate", c.recordedDate, abatement, c.clinicalStatus) !== c.recordedDate
        ? { start: read.end, end: read.end }
        : read;
    // Its words are read against the date it was recorded, as the core reads them.
    const statuses = this.statuses(c, code, read, reads);
    let partial: Rejected | undefined;
    if (statuses !== undefined) {
      if (statuses.kind === "rejected") return statuses;
      concept = statuses;
      partial = statuses.partial;
    }
    this.sink.row("condition_occurrence", {
      condition_occurrence_id: this.recordId(person, at),
      person_id: person,
      condition_concept_id: concept.id,
      ...spanColumns("condition", at),
      condition_source_value: concept.source,
    });
    return partial === undefined
      ? { kind: "row", table: "condition_occurrence" }
      : { kind: "row", table: "condition_occurrence", partial };
  }

  /**
   * What a Condition's verification and clinical status make of it (see `condition`): undefined when
   * they change nothing, else the concept that carries the reading, or why it is rejected.
   */
  private statuses(
    c: Json,
    code: SourceConcept,
    at: Span,
    reads: (x: SourceConcept) => boolean,
  ): { kind: "concept"; id: number; source: string; partial?: Rejected } | Rejected | undefined {
    const chosen = this.choose(code, reads);
    if (chosen === undefined) return undefined;
    const concept = sourceConcept({
      vocabulary_id: chosen.vocabulary,
      concept_code: chosen.code,
      concept_name: chosen.name,
    });
    const found = this.shared.noteEvents(concept, at.start.date);
    const chartDateOnly =
      c.onsetDateTime === undefined && obj(c.onsetPeriod)?.start === undefined && at.end === undefined;
    const reading = conditionReading(c, found, this.shared, chartDateOnly);
    const kinds = (ms: readonly EventMatch[]) => ms.map((m) => m.kind).join(" ");
    if (reading.dropped === undefined && kinds(reading.kept) === kinds(found)) return undefined;
    const field = reading.dropped?.field ?? reading.by ?? "clinicalStatus";
    const general =
      field === "verificationStatus"
        ? "a suspected diagnosis not read until confirmed"
        : "a past problem of unknown date, not a current one";
    if (reading.kept.length === 0) return rejected("not-final", general, reading.dropped?.reason ?? general);
    // The words the core reads as what is kept: "suspected …" or "history of …" and the chosen name.
    const name = `${field === "verificationStatus" ? "suspected" : "history of"} ${chosen.name}`;
    const reworded = this.shared.noteEvents({ codings: [], text: name }, at.start.date);
    if (kinds(reworded) !== kinds(reading.kept))
      return rejected(
        "not-final",
        `${general}: the CDM holds no status, and no wording of the code reads as it`,
        `${reading.dropped?.reason ?? `${field} says it is ${general}`}; the CDM holds no status, and ${JSON.stringify(name).slice(0, 80)} is not read as ${kinds(reading.kept)}`,
      );
    return {
      kind: "concept",
      id: this.concepts.id(LOCAL_VOCABULARY, name.toLowerCase(), name, "Condition"),
      source: chosen.code,
      // The core reads the rest and rejects what the status drops: the import says so too.
      ...(reading.dropped !== undefined && {
        partial: rejected("not-final", `part not read: ${general}`, reading.dropped.reason),
      }),
    };
  }

  /**
   * An AllergyIntolerance as an observation row, as the HL7 FHIR-to-OMOP guide's Value-as-Concept pattern
   * writes a drug allergy: concept "Allergy to drug", the drug as `value_as_concept_id` (the substance the
   * core reads as a plan drug or a HIT — its code, else a reaction's substance — else its code, kept and not
   * used), the reactions' words in `value_as_string`, and a high criticality or a severe reaction as the
   * qualifier concept "Severe" (./records.ts reads them back). Refuted or entered in error, it is rejected as
   * the core rejects it. Its clinical status has no column and is not written.
   */
  private allergy(a: Json): Verdict {
    const codings = obj(a.verificationStatus)?.coding;
    const verification = (Array.isArray(codings) ? codings : [])
      .map((c) => str(obj(c)?.code))
      .find((c) => c !== undefined);
    if (verification === "refuted" || verification === "entered-in-error")
      return rejected(
        "refuted",
        "verificationStatus says it is not there",
        `verificationStatus is ${verification}`,
      );
    const person = this.subject({ resourceType: "AllergyIntolerance", subject: a.patient });
    if (typeof person !== "number") return person;
    const reactions = (Array.isArray(a.reaction) ? a.reaction : []).map(obj).filter((r) => r !== undefined);
    const manifestations = reactions
      .flatMap((r) => (Array.isArray(r.manifestation) ? r.manifestation : []))
      .map((m) => toConcept(obj(m)));
    const words = [
      ...manifestations.map((m) => m.text ?? m.codings.find((c) => c.display)?.display),
      ...reactions.map((r) => str(r.description)),
    ].filter((w): w is string => w !== undefined && w.trim() !== "");
    const v = this.shared;
    const reads = (x: SourceConcept) =>
      v.drugHypersensitivity(x, [], false) !== undefined ||
      v.allergy(x, manifestations) !== undefined ||
      v.event(x) !== undefined;
    const substances = [
      toConcept(obj(a.code)),
      ...reactions.flatMap((r) => (obj(r.substance) === undefined ? [] : [toConcept(obj(r.substance))])),
    ];
    const drug = substances.find((x) => this.choose(x, reads) !== undefined && reads(x)) ?? substances[0];
    const concept = this.conceptId(drug ?? { codings: [] }, "Drug", reads);
    if ("kind" in concept) return concept;
    const at = span([
      ["onsetDateTime", a.onsetDateTime],
      ["onsetPeriod.start", obj(a.onsetPeriod)?.start],
      ["recordedDate", a.recordedDate],
      ["lastOccurrence", a.lastOccurrence],
    ]);
    if ("kind" in at) return at;
    const severe = a.criticality === "high" || reactions.some((r) => r.severity === "severe");
    this.sink.row("observation", {
      observation_id: this.recordId(person, at),
      person_id: person,
      observation_concept_id: this.concepts.id("SNOMED", "416098002", "Allergy to drug", "Observation"),
      observation_date: at.start.date,
      observation_datetime: at.start.datetime,
      value_as_concept_id: concept.id,
      value_as_string: words.length > 0 ? words.join("; ") : undefined,
      ...(severe && {
        qualifier_concept_id: this.concepts.id(LOCAL_VOCABULARY, "severe", "Severe", "Observation"),
        qualifier_source_value: a.criticality === "high" ? "criticality high" : "reaction severity severe",
      }),
      observation_source_value: concept.source,
    });
    return { kind: "row", table: "observation" };
  }

  private procedure(p: Json, person: number): Verdict {
    const { vocabulary } = this;
    // The product of a CAR-T infusion may be named in usedCode.
    const parts = [
      toConcept(obj(p.code)),
      ...(Array.isArray(p.usedCode) ? p.usedCode : []).map((u) => toConcept(obj(u))),
    ];
    const joined: SourceConcept = {
      codings: parts.flatMap((x) => x.codings),
      ...(parts[0]?.text !== undefined && { text: parts[0].text }),
    };
    const drug = vocabulary.medication(joined);
    const concept =
      drug?.kind === "immunotherapy"
        ? this.drugConcept(joined, drug)
        : // The intervention the core's adapter reads (procedureEvent): "Whipple procedure for pancreatic cancer"
          // names the cancer first, and the operation is what was done.
          this.conceptId(joined, "Procedure", (x) => vocabulary.procedureEvent(x) !== undefined);
    if ("kind" in concept) return concept;
    const period = obj(p.performedPeriod);
    const at = span(
      [
        ["performedDateTime", p.performedDateTime],
        ["performedPeriod.start", period?.start],
      ],
      period?.end,
    );
    if ("kind" in at) return at;
    this.sink.row("procedure_occurrence", {
      procedure_occurrence_id: this.recordId(person, at),
      person_id: person,
      procedure_concept_id: concept.id,
      procedure_date: at.start.date,
      procedure_datetime: at.start.datetime,
      procedure_end_date: at.end?.date,
      procedure_source_value: concept.source,
    });
    return { kind: "row", table: "procedure_occurrence" };
  }
}
