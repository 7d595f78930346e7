/**
 * Observations: a catalogue lab, the body-mass index, a clinical event (e.g. a CRS grade), or a panel
 * whose members are read on their own. What is none of these is out of scope (not used); only an
 * in-scope observation is validated (status, value, unit, date) and rejected when it fails.
 */
import type { CodeableConcept, Observation, ObservationComponent, Reference } from "@medplum/fhirtypes";
import type { ClinicalEvent, Rejection } from "../../contracts/model.js";
import type {
  BmiDefinition,
  EventMatch,
  LabDefinition,
  SourceCoding,
  SourceConcept,
  Vocabulary,
} from "../../knowledge/vocabulary.js";
import { type DayInterval, firstDate, monthOrYearInterval } from "../dates.js";
import { unrepresentable } from "../json-numbers.js";
import { type RawLabValue, type RawQuantity, readLabValue, readQualitative } from "../lab-result.js";
import { type PatientBuilder, usedOrMerged } from "../patient-builder.js";
import { clipInput, quoteInput } from "../quote.js";
import { type ConvertibleLab, unitDisagreement } from "../units.js";
import { describeConcept, loincCodes, toConcept } from "./concepts.js";
import type { Ingestion, Outcome } from "./context.js";
import { observationDates } from "./final-results.js";
import { clinicalEvent, endOk, outOfScope, rejectDate, type Verdict, withInterval } from "./handler.js";
import { type Entry, isRecord } from "./input.js";
import { NOT_DONE_STATUSES, resultCaveat } from "./record-status.js";
import { namedPatientId } from "./references.js";
import { members } from "./report.js";
import { answerWords, RELEASED_STUDY, studyResult } from "./study-result.js";

const GRADE_TEXT = /(?:^|\bgrade\s*)([0-5])\b/i;
const GRADE_UNITS: ReadonlySet<string> = new Set(["1", "{grade}", "{Grade}", "{score}", "grade"]);

/** A D-dimer basis named in a printed unit (`ng/mL DDU`, `ug/mL (FEU)`, `ng/mL D-DU`). */
const PRINTED_BASIS = /(?:^|[^a-z])(feu|ddu|d-du)(?![a-z])/i;
const CODED_BASIS = /\{(?:FEU|DDU)\}/i;

/**
 * A UCUM code with the D-dimer basis its printed unit names. UCUM has no code for FEU or DDU, so exports
 * send `{"unit": "ng/mL DDU", "code": "ng/mL"}`: the code alone lost the basis, and a DDU value under an FEU
 * LOINC code was read as FEU unconverted (half the fibrinogen-equivalent value). The basis is kept as the
 * annotation (`ng/mL{DDU}`), which the converter checks against the lab.
 * @example
 * withPrintedBasis("ng/mL", "ng/mL DDU"); // "ng/mL{DDU}"
 */
export function withPrintedBasis(code: string, printed: string | undefined): string {
  if (printed === undefined || CODED_BASIS.test(code)) return code;
  const basis = PRINTED_BASIS.exec(printed)?.[1];
  return basis === undefined ? code : `${code}{${basis.toUpperCase().replace("-", "")}}`;
}

function quantityOf(q: unknown): RawQuantity | undefined {
  if (q === null || typeof q !== "object") return undefined;
  // Input is unvalidated JSON: a field of the wrong type is treated as absent, never trusted.
  const { value, unit, code, system, comparator } = q as Record<string, unknown>;
  // A blank string is no value (FHIR allows none): `"unit": ""` is a quantity without a unit, as in a CSV row
  // whose unit cell is empty, so the reference range's unit or the lab's dimensionless unit applies as for a
  // quantity that sends none. Before, `{"value": 8, "unit": ""}` beside a range in 10*9/L was refused.
  const text = (x: unknown) => (typeof x === "string" && x.trim() !== "" ? x : undefined);
  // A number a double cannot hold arrives as its text (parseJsonExact) and is rejected by the lab reader.
  const literal = typeof value === "string" && unrepresentable(value) !== undefined ? value : undefined;
  if (typeof value !== "number" && literal === undefined) return undefined;
  // A UCUM code is exact; the display unit is what a human typed and is read through the spelling table.
  const ucum = text(system) === "http://unitsofmeasure.org" ? text(code) : undefined;
  const u = ucum === undefined ? (text(unit) ?? text(code)) : withPrintedBasis(ucum, text(unit));
  const c = text(comparator);
  // Built field by field (same order as spreads would give): this runs for every quantity.
  const out: { value: number; literal?: string; unit?: string; comparator?: string } =
    literal === undefined ? { value: value as number } : { value: Number.NaN, literal };
  if (u !== undefined) out.unit = u;
  if (c !== undefined) out.comparator = c;
  return out;
}

/** An Observation, or one component of it: both carry a value[x], interpretation and reference range. */
type Valued = Observation | ObservationComponent;

/** The value[x] of an Observation (or a component) as the shared lab reader takes it. */
function rawValue(o: Valued, lent = false): { value: RawLabValue; field: string | undefined } {
  const interpretation = (o.interpretation ?? []).flatMap((c) => toConcept(c).codings);
  const base: { interpretation?: SourceCoding[]; interpretationLent?: true } =
    interpretation.length === 0
      ? {}
      : lent
        ? { interpretation, interpretationLent: true }
        : { interpretation };
  if (o.valueQuantity !== undefined) {
    const quantity = quantityOf(o.valueQuantity);
    return { value: quantity ? { ...base, quantity } : base, field: "valueQuantity" };
  }
  if (o.valueCodeableConcept !== undefined) {
    const c = toConcept(o.valueCodeableConcept);
    return {
      value: { ...base, codings: c.codings, ...(c.text !== undefined && { conceptText: c.text }) },
      field: "valueCodeableConcept",
    };
  }
  if (o.valueString !== undefined) return { value: { ...base, text: o.valueString }, field: "valueString" };
  if (o.valueBoolean !== undefined)
    return { value: { ...base, boolean: o.valueBoolean }, field: "valueBoolean" };
  if (o.valueInteger !== undefined)
    return { value: { ...base, quantity: { value: o.valueInteger } }, field: "valueInteger" };
  return { value: base, field: undefined };
}

/** The value[x] types R4 allows that no lab is read from. */
const UNREAD_VALUE_TYPES = [
  "valueRatio",
  "valueRange",
  "valueSampledData",
  "valueTime",
  "valueDateTime",
  "valuePeriod",
] as const;

/**
 * Why a value that is there cannot be read, when the lab reader would otherwise call it missing: a
 * valueQuantity whose `value` is not a JSON number (`"12"`, as some exports quote every field), or a value
 * type no lab is read from (valueRatio, valueRange, …). Undefined when the value is read or truly absent.
 */
function unreadValue(
  o: Valued,
  field: string | undefined,
): { code: "invalid-value" | "value-type"; reason: string; field: string } | undefined {
  if (
    field === "valueQuantity" &&
    o.valueQuantity !== undefined &&
    o.valueQuantity !== null &&
    quantityOf(o.valueQuantity) === undefined
  ) {
    const v = (o.valueQuantity as Record<string, unknown>).value;
    if (v === undefined || v === null) return undefined;
    return {
      code: "invalid-value",
      reason: `valueQuantity.value ${quoteInput(typeof v === "string" ? v : (JSON.stringify(v) ?? ""))} is not a JSON number (R4 writes a decimal as a number), so it is not read`,
      field: "valueQuantity.value",
    };
  }
  if (field !== undefined) return undefined;
  const type = UNREAD_VALUE_TYPES.find((t) => (o as unknown as Record<string, unknown>)[t] !== undefined);
  return type === undefined
    ? undefined
    : {
        code: "value-type",
        reason: `a ${type} is not a result HemoSentinel reads (a number, a coded or written answer)`,
        field: type,
      };
}

/** A reference range written only as text: two non-negative numbers ("150-400", "150 – 400 K/uL"). */
const RANGE_TEXT = /^\s*(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)\s*(\S.*)?$/i;

/**
 * The limits of a reference range written as text (R4 `referenceRange.text`), when it is "low-high" with an
 * optional unit; undefined for anything else. Every reader of FHIR (the patient adapter, the cohort's OMOP
 * mapping) reads a text range through this.
 * @example
 * textRange("150 - 400 K/uL"); // { low: 150, high: 400, unit: "K/uL" }
 * textRange("see handbook"); // undefined
 */
export function textRange(text: unknown): { low: number; high: number; unit?: string } | undefined {
  const m = typeof text === "string" ? RANGE_TEXT.exec(text) : null;
  if (m === null) return undefined;
  const unit = m[3]?.trim();
  return { low: Number(m[1]), high: Number(m[2]), ...(unit !== undefined && unit !== "" && { unit }) };
}

function rangeOf(o: Valued): { refLow?: RawQuantity; refHigh?: RawQuantity } {
  // Unvalidated JSON: a referenceRange that is not a list of objects, or a type without a list of codings,
  // is no range (the value is still read), never a crash.
  const ranges: unknown[] = Array.isArray(o.referenceRange) ? o.referenceRange : [];
  const range = ranges.find(
    (r): r is NonNullable<Valued["referenceRange"]>[number] =>
      isRecord(r) &&
      (r.type === undefined || toConcept(r.type as CodeableConcept).codings.some((c) => c.code === "normal")),
  );
  let refLow = quantityOf(range?.low);
  let refHigh = quantityOf(range?.high);
  // R4 allows the range as text alone; a "low-high" text is that range, in its own unit if it names one,
  // else in the value's (a unit that does not convert leaves the range out, as for a coded range). Only
  // beside a value with its own unit: words never lend a bare number its unit (a coded range may).
  const valueUnit = quantityOf(o.valueQuantity)?.unit;
  if (refLow === undefined && refHigh === undefined && valueUnit !== undefined && range !== undefined) {
    const t = textRange(range.text);
    if (t !== undefined) {
      const unit = t.unit === undefined ? {} : { unit: t.unit };
      refLow = { value: t.low, ...unit };
      refHigh = { value: t.high, ...unit };
    }
  }
  return { ...(refLow && { refLow }), ...(refHigh && { refHigh }) };
}

function hasValue(o: Observation): boolean {
  for (const k in o) if (k.startsWith("value")) return true;
  return false;
}

/** CTCAE / ASTCT grade of an event observation: 1–5, `absent` for grade 0 or a negative answer. */
function gradeOf(
  o: Observation,
  ctx: Ingestion,
  event: LabDefinition,
): number | "absent" | "invalid" | "not-a-grade" | undefined {
  let n: number | undefined;
  if (o.valueInteger !== undefined) n = o.valueInteger;
  else if (o.valueQuantity?.value !== undefined) {
    // A measurement (8 mm, 120 pg/mL) is not a grade, whatever the code says.
    const unit = o.valueQuantity.code ?? o.valueQuantity.unit;
    if (unit !== undefined && !GRADE_UNITS.has(unit)) return "not-a-grade";
    n = o.valueQuantity.value;
  } else {
    const texts = [
      o.valueString,
      o.valueCodeableConcept?.text,
      ...(o.valueCodeableConcept?.coding ?? []).map((c) => c.display ?? c.code),
    ];
    for (const t of texts) {
      const m = t === undefined ? null : GRADE_TEXT.exec(t);
      if (m) {
        n = Number(m[1]);
        break;
      }
    }
    if (
      n === undefined &&
      (o.valueBoolean !== undefined || o.valueCodeableConcept !== undefined || o.valueString !== undefined)
    ) {
      const { value } = rawValue(o);
      const q = readQualitative(value, event, ctx.labs.spellings).reading;
      if (q === "negative") return "absent";
      if (q === "positive") return undefined;
    }
  }
  if (n === undefined) return undefined;
  if (!Number.isInteger(n) || n < 0 || n > 5) return "invalid";
  return n === 0 ? "absent" : n;
}

/** What an observation's code makes it, before any of its content is checked. */
type Scope =
  | { readonly kind: "lab"; readonly lab: LabDefinition; readonly loinc: string }
  | { readonly kind: "bmi"; readonly def: BmiDefinition }
  | { readonly kind: "event"; readonly match: EventMatch }
  | { readonly kind: "panel"; readonly members: readonly Reference[] }
  | { readonly kind: "none" };

function scopeOf(o: Observation, concept: SourceConcept, ctx: Ingestion): Scope {
  const codes = loincCodes(concept);
  for (const loinc of codes) {
    const lab = ctx.opts.vocabulary.lab(loinc);
    if (lab !== undefined) return { kind: "lab", lab, loinc };
  }
  const bmi = ctx.opts.bmi;
  if (bmi !== undefined && codes.some((c) => bmi.loinc.includes(c))) return { kind: "bmi", def: bmi };
  const match = ctx.opts.vocabulary.event(concept);
  if (match !== undefined) return { kind: "event", match };
  if (o.hasMember !== undefined && o.hasMember.length > 0 && !hasValue(o))
    return { kind: "panel", members: o.hasMember };
  return { kind: "none" };
}

const NO_PARTS = { labs: [], others: [] } as const;

/** One component of a panel whose code is a catalogue lab. */
export interface LabComponent {
  readonly index: number;
  readonly component: ObservationComponent;
  readonly lab: LabDefinition;
  readonly loinc: string;
}

/**
 * The components of an Observation (unvalidated JSON) split by what their codes are: catalogue labs (read
 * one by one) and the others (named, never dropped silently). Every reader of FHIR (the patient adapter,
 * the cohort's OMOP mapping) reads a panel's components through this.
 * @example
 * labComponents(cbc, vocabulary).labs.map((c) => [c.index, c.lab.id]); // [[0, "platelets"], [1, "hemoglobin"]]
 */
export function labComponents(
  o: { readonly component?: unknown },
  vocabulary: Pick<Vocabulary, "lab">,
): { readonly labs: LabComponent[]; readonly others: string[] } {
  const labs: LabComponent[] = [];
  const others: string[] = [];
  // Input is untyped JSON: a `component` that is not a list holds no lab.
  if (!Array.isArray(o.component)) return { labs, others };
  (o.component as (ObservationComponent | null)[]).forEach((component, index) => {
    const concept = toConcept(component?.code);
    for (const loinc of loincCodes(concept)) {
      const lab = vocabulary.lab(loinc);
      if (lab !== undefined && component !== null && typeof component === "object") {
        labs.push({ index, component, lab, loinc });
        return;
      }
    }
    others.push(`component[${index}] ${describeConcept(concept)}`);
  });
  return { labs, others };
}

/**
 * The first `focus` (R4: what the observation is about when it is not about its subject) that names anything
 * but the subject's own Patient, as written; undefined when there is none. A focus on the subject itself
 * changes nothing. The patient adapter and the cohort's FHIR mapping refuse such a result alike.
 * @example
 * otherFocus({ resourceType: "Observation", status: "final", code: {}, subject: { reference: "Patient/1" }, focus: [{ reference: "Patient/2" }] }); // "Patient/2"
 */
export function otherFocus(o: Observation): string | undefined {
  const focus: unknown = (o as { focus?: unknown }).focus;
  if (!Array.isArray(focus) || focus.length === 0) return undefined;
  const subject = o.subject?.reference === undefined ? undefined : namedPatientId(o.subject.reference);
  for (const f of focus) {
    const r = f !== null && typeof f === "object" ? (f as Reference) : {};
    if (typeof r.reference === "string" && r.reference.trim() === o.subject?.reference?.trim()) continue;
    const named = typeof r.reference === "string" ? namedPatientId(r.reference) : undefined;
    if (named !== undefined && named === subject) continue;
    return r.reference ?? r.display ?? r.identifier?.value ?? "(a reference with no target)";
  }
  return undefined;
}

/**
 * An Observation of `patient`. Its code decides whether it is in scope; only then are its status, value
 * and date checked. A panel's outcome follows from its members (see Container); a panel that carries its
 * results as components is read component by component at the panel's time, under its status.
 */
export function observation(entry: Entry, ctx: Ingestion, patient: PatientBuilder, ref: string): Verdict {
  const o = entry.resource as Observation;
  const concept = toConcept(o.code);
  const scope = scopeOf(o, concept, ctx);
  const parts = scope.kind === "none" ? labComponents(o, ctx.opts.vocabulary) : undefined;
  if (scope.kind === "none" && (parts === undefined || parts.labs.length === 0)) {
    // An Observation of a clot study (a CTPA, a duplex) answered in words or a code: the clot it finds, or the site it
    // rules out.
    const study = studyAnswer(ctx, patient, ref, o, concept);
    if (study !== undefined) return study;
    const named = unmappedLab(concept, ctx);
    if (named !== undefined) return ctx.refuse(patient, ref, "unknown-code", named, "code");
    return outOfScope(ctx, patient, entry, ref, concept, "code");
  }
  if (o.status !== undefined && NOT_DONE_STATUSES.Observation?.has(o.status)) {
    return ctx.refuse(patient, ref, "not-final", `status is ${clipInput(String(o.status))}`, "status");
  }
  if (o.dataAbsentReason !== undefined) {
    const why = describeConcept(toConcept(o.dataAbsentReason));
    return ctx.refuse(patient, ref, "data-absent", `no value: data absent (${why})`, "dataAbsentReason");
  }
  const about = otherFocus(o);
  if (about !== undefined)
    return ctx.refuse(
      patient,
      ref,
      "missing-subject",
      `the result is about its focus ${quoteInput(about)}, not its subject: a value of another person or thing (a donor, a fetus, a blood product) is not this patient's`,
      "focus",
    );
  if (scope.kind === "panel") return members(ctx, patient, ref, o, scope.members, "hasMember", concept);
  const date = ctx.date(observationDates(o));
  if (!date.ok) {
    // An event (a CRS or ICANS grade) dated only to its month or year is the interval of its days, as a
    // Condition's onset is (clinical.ts); a result stays placed by its day.
    const interval =
      scope.kind === "event" && date.field === "effectiveDateTime"
        ? monthOrYearInterval(o.effectiveDateTime, undefined, ctx.evaluatedAtMs)
        : undefined;
    if (scope.kind !== "event" || interval === undefined) return rejectDate(ctx, patient, ref, date);
    return event(
      ctx,
      patient,
      ref,
      o,
      concept,
      scope.match,
      { at: interval.at, field: "effectiveDateTime" },
      interval,
    );
  }
  if (scope.kind === "none" || scope.kind === "lab") clumpsNoted(ctx, patient, ref, o, date.at);
  if (scope.kind === "none") return components(ctx, patient, ref, o, parts ?? NO_PARTS, date.at);
  if (scope.kind === "lab") {
    const read = lab(ctx, patient, {
      ref,
      o,
      source: o,
      definition: scope.lab,
      loinc: scope.loinc,
      at: date.at,
    });
    return read.ok ? read.outcome : ctx.reject(patient, read.rejection);
  }
  if (scope.kind === "bmi") return bmi(ctx, patient, ref, o, scope.def, date.at);
  return event(ctx, patient, ref, o, concept, scope.match, date);
}

/**
 * An Observation of a clot study read by its written or coded answer (study-result.ts): the clot it finds or the site
 * it rules out; undefined when its answer does neither.
 */
function studyAnswer(
  ctx: Ingestion,
  patient: PatientBuilder,
  ref: string,
  o: Observation,
  concept: SourceConcept,
): Outcome | undefined {
  const answers = [
    typeof o.valueString === "string" ? o.valueString : undefined,
    answerWords(o.valueCodeableConcept),
  ];
  return studyResult(ctx, patient, ref, {
    status: o.status,
    study: concept,
    answers,
    dates: o,
    report: false,
  });
}

/**
 * Why a result coded only in a laboratory's own system, whose name is that of a lab HemoSentinel reads
 * ("PLATELET COUNT" under a local code, as EHR exports send a lab not yet mapped to LOINC), is not read:
 * the value is not guessed from a name (a citrated count, an antibody or a panel can share words), but the
 * record is refused saying what it looks like and which LOINC code would let it be read, instead of being
 * counted among the records out of scope — where a grade 4 platelet count after a checkpoint inhibitor
 * went unseen. Undefined when no text or display of the code is a lab's name.
 */
function unmappedLab(concept: SourceConcept, ctx: Ingestion): string | undefined {
  // A LOINC code outside the catalogue was left out on purpose (another specimen or property).
  if (loincCodes(concept).length > 0) return undefined;
  const names = [concept.text, ...concept.codings.map((c) => c.display)];
  for (const name of names) {
    if (name === undefined) continue;
    const lab = ctx.opts.vocabulary.labNamed(name);
    if (lab === undefined) continue;
    const loinc = (lab as { loinc?: readonly string[] }).loinc?.[0];
    const to = loinc === undefined ? "" : ` ${loinc}`;
    return `${quoteInput(name)} names a ${lab.name} result, but its code (${describeConcept(concept)}) is not LOINC, so it is not read (a value is not taken on its name alone): map the laboratory's code to LOINC${to}`;
  }
  return undefined;
}

/** The lab of platelet clumps flagged on a sample, and the event kind its words name in a note. */
const CLUMPS_LAB = "platelet-clumps";
const CLUMPS_WORDS = "pseudothrombocytopenia";

/**
 * The laboratory's words about a result's sample, by field: each comment (`note[i]`), then the sample's
 * name on the result (`specimen`: its display, "EDTA blood - platelet clumps seen", as some laboratories
 * label the sample a count was made on instead of writing a comment).
 */
function sampleWords(o: Observation): [string, string][] {
  const words: [string, string][] = [];
  if (Array.isArray(o.note))
    for (const [i, n] of (o.note as unknown[]).entries()) {
      const text = n !== null && typeof n === "object" ? (n as { text?: unknown }).text : undefined;
      if (typeof text === "string") words.push([`note[${i}]`, text]);
    }
  const specimen = o.specimen as unknown;
  const display =
    specimen !== null && typeof specimen === "object"
      ? (specimen as { display?: unknown }).display
      : undefined;
  if (typeof display === "string") words.push(["specimen", display]);
  return words;
}

/**
 * Platelet clumps a laboratory reports in a result's comment (`note`: "Platelet clumps present; count may
 * be falsely low"), as it often does instead of a coded flag: read as the platelet-clumps flag on that
 * sample (the count beside it may be falsely low; the ITP and Evans findings weigh it and the plan asks
 * for a smear or citrated count before treating the count). The words are read as a note's are, so a
 * comment that negates them ("no platelet clumps seen") flags nothing. The sample's name on the result is
 * read the same way (`specimen.display`: "EDTA blood - platelet clumps seen"). Once per Observation; the
 * flag's ref is the comment's (`Observation/x#note[0]`) or the sample's (`#specimen`), the Observation
 * counted once.
 */
function clumpsNoted(ctx: Ingestion, patient: PatientBuilder, ref: string, o: Observation, at: string): void {
  const def = ctx.opts.vocabulary.labById(CLUMPS_LAB);
  if (def === undefined) return;
  for (const [field, text] of sampleWords(o)) {
    const events = ctx.opts.vocabulary.noteEvents({ codings: [], text }, at);
    if (!events.some((m) => m.kind === CLUMPS_WORDS)) continue;
    const read = readLabValue(
      {
        ref: `${ref}#${field}`,
        lab: def,
        // As a CSV row naming the lab by id: the catalogue's code for the flag.
        loinc: (def as { loinc?: readonly string[] }).loinc?.[0] ?? "",
        at,
        value: { text: "detected" },
        field,
        ...(ctx.currentFile !== undefined && { file: ctx.currentFile }),
      },
      ctx.labs,
    );
    if (read.ok) patient.addLab(read.result, def.name);
    return;
  }
}

/**
 * The catalogue labs of a component panel, each read as a lab of its own at the panel's time (its ref is
 * the panel's with `#component[i]`); each unusable one is rejected with its reason, and components of
 * codes outside the catalogue are named in one rejection. The panel is used when one component was.
 */
function components(
  ctx: Ingestion,
  patient: PatientBuilder,
  ref: string,
  o: Observation,
  parts: { readonly labs: readonly LabComponent[]; readonly others: readonly string[] },
  at: string,
): Outcome {
  const outcomes: Outcome[] = [];
  for (const part of parts.labs) {
    const field = `component[${part.index}]`;
    const c = part.component;
    if (c.dataAbsentReason !== undefined) {
      const why = describeConcept(toConcept(c.dataAbsentReason));
      outcomes.push(
        ctx.refuse(
          patient,
          ref,
          "data-absent",
          `${part.lab.name}: no value: data absent (${why})`,
          `${field}.dataAbsentReason`,
        ),
      );
      continue;
    }
    // The panel's interpretation stands for a component that has none of its own.
    const lent = c.interpretation === undefined && o.interpretation !== undefined;
    const source = lent ? { ...c, interpretation: o.interpretation } : c;
    const read = lab(ctx, patient, {
      ref: `${ref}#${field}`,
      o,
      source,
      ...(lent && { lent: true as const }),
      definition: part.lab,
      loinc: part.loinc,
      at,
    });
    if (read.ok) outcomes.push(read.outcome);
    else {
      const r = read.rejection;
      outcomes.push(
        ctx.reject(patient, { ...r, ref, field: r.field === undefined ? field : `${field}.${r.field}` }),
      );
    }
  }
  if (parts.others.length > 0) {
    const shown = parts.others.slice(0, 5).join("; ");
    const more = parts.others.length > 5 ? `; and ${parts.others.length - 5} more` : "";
    ctx.refuse(
      patient,
      ref,
      "unknown-code",
      `component not read, its code is not a lab HemoSentinel uses: ${shown}${more}`,
      "component",
    );
  }
  if (outcomes.includes("used")) return "used";
  if (outcomes.includes("merged")) return "merged";
  return outcomes.includes("rejected") ? "rejected" : "merged";
}

/** One lab value to read: the Observation it is in, where its value sits, and what it is. */
interface LabSource {
  readonly ref: string;
  readonly o: Observation;
  /** The Observation itself, or the component that holds the value. */
  readonly source: Valued;
  /** The source's interpretation is its panel's (the component has none of its own). */
  readonly lent?: true;
  readonly definition: LabDefinition;
  readonly loinc: string;
  readonly at: string;
}

/**
 * Why the value's printed unit (`valueQuantity.unit`) and its coded unit (`valueQuantity.code`) cannot
 * both hold, when they both express the lab with different factors; undefined otherwise.
 */
function codedUnitConflict(ctx: Ingestion, s: LabSource): string | undefined {
  const q = s.source.valueQuantity as Record<string, unknown> | undefined;
  if (q === null || typeof q !== "object") return undefined;
  const text = (x: unknown) => (typeof x === "string" && x.trim() !== "" ? x : undefined);
  return unitDisagreement(text(q.unit), text(q.code), s.definition as ConvertibleLab, ctx.labs.units);
}

/**
 * Reads one lab value under the Observation's status: a preliminary result, or one whose status is
 * unknown, is used and marked as such, unless a final, amended or corrected one with the same id or of
 * the same test at the same instant supersedes it (then it is rejected, naming what replaces it).
 */
function lab(
  ctx: Ingestion,
  patient: PatientBuilder,
  s: LabSource,
): { readonly ok: true; readonly outcome: Outcome } | { readonly ok: false; readonly rejection: Rejection } {
  const caveat = resultCaveat(s.o.status);
  if (caveat !== undefined) {
    const by = ctx.finalResults.supersedes(
      s.ref.split("#")[0] as string,
      patient.patientId,
      s.definition.id,
      s.at,
    );
    if (by !== undefined) {
      const what =
        by === "same-id"
          ? "a final, amended or corrected version of the same Observation"
          : `a final, amended or corrected ${s.definition.name} at the same time`;
      const status = caveat === "preliminary" ? "preliminary" : "status unknown:";
      return {
        ok: false,
        rejection: ctx.rejection(
          s.ref,
          "not-final",
          `${status} ${s.definition.name} superseded by ${what}`,
          "status",
        ),
      };
    }
  }
  if (s.o.status === undefined || s.o.status === "final") {
    const own = s.ref.split("#")[0] as string;
    const by = ctx.finalResults.correctedBy(own, patient.patientId, s.definition.id, s.at);
    if (by.length > 0)
      return {
        ok: false,
        rejection: ctx.rejection(
          s.ref,
          "not-final",
          `${s.definition.name} replaced by the corrected or amended result at the same time (${by.join(", ")}): the laboratory re-issued it, and the re-issued value is the one read`,
          "status",
        ),
      };
  }
  const conflict = codedUnitConflict(ctx, s);
  if (conflict !== undefined)
    return { ok: false, rejection: ctx.rejection(s.ref, "unit-conflict", conflict, "valueQuantity") };
  const { value, field } = rawValue(s.source, s.lent === true);
  const unread = unreadValue(s.source, field);
  if (unread !== undefined)
    return {
      ok: false,
      rejection: ctx.rejection(s.ref, unread.code, `${s.definition.name}: ${unread.reason}`, unread.field),
    };
  const read = readLabValue(
    {
      ref: s.ref,
      lab: s.definition,
      loinc: s.loinc,
      at: s.at,
      value,
      ...rangeOf(s.source),
      ...(ctx.currentFile !== undefined && { file: ctx.currentFile }),
      ...(field !== undefined && { field }),
    },
    ctx.labs,
  );
  if (!read.ok) return read;
  // Timed only by its report (`issued`, later than the sample), or by the end of its collection period
  // (no start): used at that time, and said so.
  const timedBy = firstDate(observationDates(s.o))?.field;
  const issuedOnly = timedBy === "issued";
  const periodEndOnly = timedBy === "effectivePeriod.end";
  const result =
    caveat !== undefined || issuedOnly || periodEndOnly
      ? {
          ...read.result,
          ...(caveat === "preliminary" && { preliminary: true as const }),
          ...(caveat === "unknown" && { statusUnknown: true as const }),
          ...(issuedOnly && { issuedOnly: true as const }),
          ...(periodEndOnly && { periodEndOnly: true as const }),
        }
      : read.result;
  const name = ctx.opts.vocabulary.labById(result.lab)?.name ?? result.lab;
  return { ok: true, outcome: usedOrMerged(patient.addLab(result, name)) };
}

function bmi(
  ctx: Ingestion,
  patient: PatientBuilder,
  ref: string,
  o: Observation,
  def: BmiDefinition,
  at: string,
): Outcome {
  const q = quantityOf(o.valueQuantity);
  const asLab = {
    id: "bmi",
    name: "Body-mass index",
    kind: "quantity" as const,
    unit: def.unit,
    plausible: def.plausible,
  };
  const c = q === undefined ? undefined : ctx.labs.units.convert(q.value, q.unit, asLab);
  if (c === undefined)
    return ctx.refuse(patient, ref, "missing-value", "body-mass index has no number", "valueQuantity");
  if (!c.ok) return ctx.refuse(patient, ref, "unit-not-convertible", c.reason, "valueQuantity");
  if (c.value < def.plausible.min || c.value > def.plausible.max) {
    return ctx.refuse(
      patient,
      ref,
      "implausible-value",
      `body-mass index ${c.value} ${c.unit} is not possible`,
      "valueQuantity",
    );
  }
  return usedOrMerged(patient.setBmi(c.value, at));
}

function event(
  ctx: Ingestion,
  patient: PatientBuilder,
  ref: string,
  o: Observation,
  concept: SourceConcept,
  match: EventMatch,
  date: { readonly at: string; readonly field: string },
  interval?: DayInterval,
): Outcome {
  // A clot study named by its request ("Duplex for DVT", "CTPA for PE": a suspicion by itself), released with its
  // answer, is read by that answer: the clot found or the site ruled out. Not yet released it stays the suspicion.
  if (match.kind === "thrombosis-suspected" && typeof o.status === "string" && RELEASED_STUDY.has(o.status)) {
    const study = studyAnswer(ctx, patient, ref, o, concept);
    if (study !== undefined) return study;
  }
  const grade = gradeOf(o, ctx, { id: match.kind, name: match.kind, kind: "qualitative" });
  if (grade === "absent") {
    return ctx.refuse(
      patient,
      ref,
      "negative-finding",
      `${match.kind} recorded as absent (grade 0 or negative)`,
      "value",
    );
  }
  if (grade === "invalid")
    return ctx.refuse(patient, ref, "invalid-grade", `${match.kind} grade is not an integer 1–5`, "value");
  if (grade === "not-a-grade") {
    const q = o.valueQuantity;
    return ctx.refuse(
      patient,
      ref,
      "value-type",
      `${describeConcept(concept)} holds a measurement (${q?.value} ${q?.unit ?? q?.code}), not a ${match.kind} grade`,
      "valueQuantity",
    );
  }
  const periodEnd = date.field === "effectivePeriod.start" ? o.effectivePeriod?.end : undefined;
  const end = periodEnd === undefined ? undefined : endOk(periodEnd, ctx);
  // Every event the words give, read against the Observation's own date (as a Condition's are).
  const [first = match, ...others] = ctx.opts.vocabulary.noteEvents(concept, date.at);
  const placed = (e: ClinicalEvent) => withInterval(e, interval);
  const added = patient.addEvent(
    placed(clinicalEvent(ref, first, date.at, concept, end, grade, ctx.opts.vocabulary)),
  );
  for (const m of others) patient.addEvent(placed(clinicalEvent(ref, m, date.at, concept, end)));
  return usedOrMerged(added);
}
