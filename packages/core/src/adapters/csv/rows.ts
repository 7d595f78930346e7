/**
 * One row of the CSV format (docs/csv-format.md) read into its patient's builder. A lab, dose or event
 * row whose code names nothing HemoSentinel uses is out of scope (not used, counted by record type and
 * code system); only an in-scope row is validated (date, value, unit, grade) and rejected when it fails.
 */

import { ENDED_UNDATED } from "../../contracts/event-qualifiers.js";
import { DOSE_KINDS as DOSE_KIND_LIST, SEXES as SEX_LIST } from "../../contracts/lists.js";
import type { DoseKind, RecordCounts, Rejection, Sex } from "../../contracts/model.js";
import type { RejectionCode } from "../../contracts/rejection-codes.js";
import { calendarDate } from "../../engine/dates.js";
import type { LabDefinition, SourceConcept, Vocabulary } from "../../knowledge/vocabulary.js";
import { codeSystemOf } from "../code-system.js";
import { checkBirthDate, checkDate, checkMonthOrYear, checkYearOrMonth, type DayInterval } from "../dates.js";
import { immunotherapyWords } from "../drug-words.js";
import { conditionReading, pastByItsDate } from "../fhir/clinical.js";
import { doseQuantity } from "../fhir/dosage.js";
import {
  PAST_CONDITION,
  PROVISIONAL_CONDITION,
  REFUTED_CONDITION,
  statusCode,
} from "../fhir/record-status.js";
import { unrepresentable } from "../json-numbers.js";
import {
  asCount,
  type LabReadContext,
  type RawLabValue,
  readLabValue,
  readSeparators,
  readValueText,
} from "../lab-result.js";
import { type Added, type PatientBuilder, usedOrMerged } from "../patient-builder.js";
import { quoteInput } from "../quote.js";
import type { ConvertibleLab } from "../units.js";

/** The columns of the format; patient_id and record_type are required in the header. */
export const CSV_COLUMNS = [
  "patient_id",
  "record_type",
  "date",
  "end_date",
  "code_system",
  "code",
  "text",
  "value",
  "unit",
  "ref_low",
  "ref_high",
  "grade",
  "dose_kind",
  "qualifiers",
  "birth_date",
  "sex",
  "death_date",
] as const;
type Column = (typeof CSV_COLUMNS)[number];
/** A row as read, by column name. */
export type Row = Partial<Record<Column, string>>;

/** What became of a row. */
export type RowOutcome = Exclude<keyof RecordCounts, "read" | "ignored">;

/** Everything a row needs besides itself. */
export interface RowContext extends LabReadContext {
  readonly vocabulary: Vocabulary;
  readonly evaluatedAtMs: number;
  readonly file: string;
  /** The file writes decimal commas (it is semicolon-separated): `1.500` is then as ambiguous as `1,500`. */
  readonly decimalComma?: boolean;
}

/** FHIR system URIs for the code_system column, as the Vocabulary matchers read them. */
const SYSTEMS: ReadonlyMap<string, string> = new Map([
  ["loinc", "http://loinc.org"],
  ["rxnorm", "http://www.nlm.nih.gov/research/umls/rxnorm"],
  ["atc", "http://www.whocc.no/atc"],
  ["snomed", "http://snomed.info/sct"],
  ["icd10", "http://hl7.org/fhir/sid/icd-10"],
  ["icd10cm", "http://hl7.org/fhir/sid/icd-10-cm"],
]);
const DOSE_KINDS: ReadonlySet<string> = new Set(DOSE_KIND_LIST);
const SEXES: ReadonlySet<string> = new Set(SEX_LIST);
/** HL7 v2 administrative sex codes (table 0001) as exports write them, and the common words for them. */
const SEX_SPELLINGS: ReadonlyMap<string, Sex> = new Map([
  ["f", "female"],
  ["m", "male"],
  ["o", "other"],
  ["u", "unknown"],
  ["woman", "female"],
  ["man", "male"],
]);
const GRADE = /^[1-5]$/;

function blank(s: string | undefined): s is undefined {
  return s === undefined || s.trim() === "";
}

function concept(row: Row): SourceConcept | { error: string } {
  const system = row.code_system?.trim().toLowerCase() ?? "";
  const code = row.code?.trim() ?? "";
  const text = row.text?.trim() ?? "";
  if (system === "" || system === "text") {
    if (text === "" && code === "") return { error: "neither code nor text" };
    return { codings: [], text: text === "" ? code : text };
  }
  const uri = SYSTEMS.get(system);
  if (uri === undefined)
    return {
      error: `code_system ${quoteInput(row.code_system)} is not one of loinc, rxnorm, atc, snomed, icd10, icd10cm, lab, text`,
    };
  if (code === "") return { error: `code_system ${system} without a code` };
  const coding = text === "" ? { system: uri, code } : { system: uri, code, display: text };
  return text === "" ? { codings: [coding] } : { codings: [coding], text };
}

/**
 * The value column with the unit column: a number (with comparator) keeps the unit; words are answers.
 * A unit written in the value cell (`12 x10^9/L`) is read as the unit when the unit column is empty or
 * says the same, in the same or another spelling (`x10^9/L` beside `10*9/L`); another unit in the unit column
 * is an error (which one was meant is not guessed). Words after the number that are no unit of the lab
 * (`10 below`, `L 12 H`) leave the cell as text, refused by the lab reader as a FHIR valueString is.
 */
function labValue(
  value: string | undefined,
  unit: string | undefined,
  decimalComma: boolean,
  unitOf: (unit: string) => number | undefined,
): RawLabValue | { error: string } {
  if (blank(value)) return {};
  const read = readValueText(value, { decimalComma });
  if (read === undefined) return { text: value };
  if (read.unit === undefined) return { quantity: unit === undefined ? read : { ...read, unit } };
  const inCell = read.unit;
  if (unit !== undefined && unit !== inCell) {
    const written = unitOf(inCell);
    if (written === undefined) return { text: value };
    const column = unitOf(unit);
    if (column !== undefined && Math.abs(written - column) <= 1e-12 * Math.abs(column))
      return { quantity: read };
    return {
      error: `value ${quoteInput(value)} carries the unit ${quoteInput(inCell)} and the unit column another (${quoteInput(unit)})`,
    };
  }
  return { quantity: read };
}

/** Day and month written with slashes or dots, either order (`04/03/2026`, `4.3.2026`), maybe with a time. */
const DAY_MONTH = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T].*)?$/;
/** A spreadsheet's date-time, a space for the `T` (`2026-03-04 10:00`): the same ISO 8601 instant. */
const SPACED_DATE_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2})/;

/** An ISO 8601 extended date-time whose offset is written in the basic format, without its colon (`-0500`). */
const BASIC_OFFSET = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([+-]\d{2})(\d{2})$/;
/**
 * An ISO 8601 basic-format date or date-time (`20240301`, `20240301T083000Z`, `20240301T0830+0100`), or an
 * HL7 v2 timestamp (DTM: `202403010830`, `20240301083000`, `20240301083000.1234-0500`, no `T`). Eight digits
 * are year, month and day in that order in both standards, and a day-first date cannot be taken for one
 * (`01032024` would be month 20); a time without an offset is UTC, as everywhere in this format.
 */
const BASIC_DATE_TIME =
  /^(\d{4})(\d{2})(\d{2})(?:(T?)(\d{2})(\d{2})(?:(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A date or date-time written in another lexical form of ISO 8601 or HL7 v2 as the extended ISO 8601 the
 * rest reads; text in no such form is returned as it is.
 * @example
 * extendedIso("2024-03-01T08:30:00-0500"); // "2024-03-01T08:30:00-05:00"
 * extendedIso("20240301083000"); // "2024-03-01T08:30:00"
 */
export function extendedIso(text: string): string {
  const spaced = text.replace(SPACED_DATE_TIME, "$1T$2");
  const o = BASIC_OFFSET.exec(spaced);
  if (o !== null) return `${o[1]}${o[2]}:${o[3]}`;
  const b = BASIC_DATE_TIME.exec(spaced);
  if (b === null) return spaced;
  const [, y, mo, d, t, h, mi, sec, frac, zone] = b;
  if (h === undefined) return `${y}-${mo}-${d}`;
  // A basic-format time needs its T (ISO 8601); an HL7 v2 timestamp has none, and so takes no Z either.
  if (t === "" && zone === "Z") return spaced;
  const offset =
    zone === undefined || zone === "Z" ? (zone ?? "") : zone.replace(/^([+-]\d{2}):?(\d{2})$/, "$1:$2");
  return `${y}-${mo}-${d}T${h}:${mi}${sec === undefined ? "" : `:${sec}${frac ?? ""}`}${offset}`;
}

/**
 * The date column as ISO 8601 (a space between date and time is read as the `T`; the basic format, an
 * offset without its colon and an HL7 v2 timestamp as the same instant), or why not: a date written with
 * day and month (`04/03/2026`) is never read, and one that could be either is named ambiguous.
 */
function csvDate(raw: string, field: string, evaluatedAtMs: number): ReturnType<typeof checkDate> {
  const text = extendedIso(raw.trim());
  const dm = DAY_MONTH.exec(text);
  if (dm !== null) {
    const [a, b, year] = [Number(dm[1]), Number(dm[2]), dm[3] as string];
    const iso = (month: number, day: number) =>
      `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
    const readings = [
      ...(b <= 12 ? [iso(b, a)] : []), // day first
      ...(a <= 12 && a !== b ? [iso(a, b)] : []), // month first
    ];
    const why =
      readings.length === 2
        ? `is ambiguous: day or month first (${readings.join(" or ")}); write the date as ISO 8601, YYYY-MM-DD`
        : `is not an ISO 8601 date; write it as YYYY-MM-DD${readings.length === 1 ? ` (${readings[0]})` : ""}`;
    return { ok: false, code: "invalid-date", reason: `${field} ${quoteInput(raw)} ${why}` };
  }
  const checked = checkDate(text, field, evaluatedAtMs);
  // The reason quotes the date as written, not as rewritten (`04032026` is not "0403-20-26").
  return checked.ok || checked.code !== "invalid-date" || text === raw.trim()
    ? checked
    : {
        ...checked,
        reason: `${field} ${quoteInput(raw.trim())} is not a date (read as ${text}, year-month-day)`,
      };
}

/** Builds the rejections of one row and counts what became of it. */
class RowReader {
  constructor(
    private readonly row: Row,
    private readonly ref: string,
    private readonly b: PatientBuilder,
    private readonly ctx: RowContext,
  ) {}

  fail(code: RejectionCode, reason: string, field?: string): RowOutcome {
    const r: Rejection = {
      ref: this.ref,
      code,
      reason,
      file: this.ctx.file,
      ...(field !== undefined && { field }),
    };
    return this.repeat(this.b.reject(r), "rejected");
  }

  /** Whether the row's date is readable and after the evaluation (a planned entry). */
  private futureDate(): boolean {
    if (blank(this.row.date)) return false;
    const date = csvDate(this.row.date, "date", this.ctx.evaluatedAtMs);
    return !date.ok && date.code === "future-date";
  }

  /**
   * An event row that is no event HemoSentinel reads ("s/p pembrolizumab x3 cycles") keeps its words when they name a
   * catalogue immunotherapy, dated by the row when its date is readable: read only to ask for the dosing history.
   */
  private drugWordsOf(c: SourceConcept): void {
    const text = immunotherapyWords(this.ctx.vocabulary, c);
    if (text === undefined || this.futureDate()) return;
    const date = blank(this.row.date) ? undefined : csvDate(this.row.date, "date", this.ctx.evaluatedAtMs);
    this.b.addDrugWords({
      ref: this.ref,
      ...(date?.ok === true && { at: date.at }),
      text,
      source: "words",
    });
  }

  notUsed(type: string, c: SourceConcept): RowOutcome {
    return this.repeat(this.b.notUse(type, codeSystemOf(c), 1, this.ref), "notUsed");
  }

  private repeat(added: Added, outcome: RowOutcome): RowOutcome {
    return added === "merged" ? "merged" : outcome;
  }

  /**
   * The row's date and end date, validated; a failure is the row's outcome. `ongoing` marks an end after the
   * evaluation (a planned end): the course or event is under way at the evaluation.
   */
  dates(toMonth = false): { at: string; end?: string; ongoing?: true; interval?: DayInterval } | RowOutcome {
    const { row, ctx } = this;
    if (blank(row.date)) return this.fail("missing-date", "date is empty", "date");
    const e = blank(row.end_date) ? undefined : csvDate(row.end_date, "end_date", ctx.evaluatedAtMs);
    // An event known only to its month or year is the interval of its days (no later than its end), ordered whole
    // against the first dose (engine/detect/intervals.ts) as a FHIR Condition's onset so given; a lab or a dose is
    // placed by its day.
    const partial = toMonth
      ? checkMonthOrYear(row.date, "date", e?.ok ? calendarDate(e.at) : undefined, ctx.evaluatedAtMs)
      : undefined;
    if (partial?.ok === false) return this.fail(partial.code, partial.reason, "date");
    let start: { at: string; interval?: DayInterval };
    if (partial?.ok) start = { at: partial.interval.at, interval: partial.interval };
    else {
      const date = csvDate(row.date, "date", ctx.evaluatedAtMs);
      if (!date.ok) return this.fail(date.code, date.reason, "date");
      start = { at: date.at };
    }
    if (e === undefined) return start;
    // An end after the evaluation is a planned one (a 28-day infusion, a course prescribed ahead): the course
    // or event is under way at the evaluation, as a FHIR period ending later is read; rejecting the row would
    // lose the exposure itself.
    if (!e.ok && e.code === "future-date") return { ...start, ongoing: true };
    if (!e.ok) return this.fail(e.code, e.reason, "end_date");
    return { ...start, end: e.at };
  }

  patient(): RowOutcome {
    const { row, b } = this;
    const birth = row.birth_date?.trim();
    const written = row.sex?.trim().toLowerCase();
    const sex = blank(written) ? written : (SEX_SPELLINGS.get(written) ?? written);
    if (!blank(birth)) {
      const born = checkBirthDate(birth, "birth_date", this.ctx.evaluatedAtMs);
      if (!born.ok) return this.fail(born.code, born.reason, "birth_date");
    }
    if (!blank(sex) && !SEXES.has(sex))
      return this.fail(
        "invalid-value",
        `sex ${quoteInput(row.sex)} is not female, male, other or unknown (or F, M, O, U)`,
        "sex",
      );
    // A death known to the year, month, day or instant; one after the evaluation is not yet a death.
    let died: string | undefined;
    if (!blank(row.death_date)) {
      const d =
        checkYearOrMonth(row.death_date.trim(), "death_date", this.ctx.evaluatedAtMs) ??
        csvDate(row.death_date, "death_date", this.ctx.evaluatedAtMs);
      if (!d.ok) return this.fail(d.code, d.reason, "death_date");
      if (!blank(birth) && d.at.slice(0, birth.length) < birth.slice(0, d.at.length))
        return this.fail("invalid-date", `death_date ${d.at} is before birth_date ${birth}`, "death_date");
      died = d.at;
    }
    b.setDemographics(blank(birth) ? undefined : birth, blank(sex) ? undefined : (sex as Sex));
    if (died !== undefined) b.setDeceased({ at: died, ref: `${this.ref}#death_date` });
    return "used";
  }

  lab(): RowOutcome {
    const { row, ctx, ref } = this;
    const system = row.code_system?.trim().toLowerCase();
    const code = row.code?.trim() ?? "";
    let lab: LabDefinition | undefined;
    if (system === "loinc") {
      lab = ctx.vocabulary.lab(code);
      if (lab === undefined) {
        const text = row.text?.trim();
        const c = { codings: [{ system: "http://loinc.org", code }], ...(text && { text }) };
        return this.notUsed("lab", c);
      }
    } else if (system === "lab") {
      // A HemoSentinel lab id is a closed list: an id that is not on it is a mistake, not another lab.
      lab = ctx.vocabulary.labById(code);
      if (lab === undefined) {
        const near = ctx.vocabulary.labIdsNear(code);
        const hint = near.length > 0 ? ` (did you mean ${near.map((id) => `"${id}"`).join(" or ")}?)` : "";
        return this.fail(
          "unknown-code",
          `lab id ${quoteInput(code)} is not a lab HemoSentinel uses${hint}`,
          "code",
        );
      }
    } else
      return this.fail(
        "unknown-code",
        `a lab row needs code_system loinc or lab, not ${quoteInput(row.code_system ?? "")}`,
        "code_system",
      );
    const dates = this.dates();
    if (typeof dates === "string") return dates;
    const decimalComma = ctx.decimalComma === true;
    const unit = blank(row.unit) ? undefined : row.unit.trim();
    /** What 1 of a unit is in the lab's canonical unit, or undefined when the unit cannot express the lab. */
    const unitOf = (u: string) => {
      const c = ctx.units.convert(1, u, lab as ConvertibleLab);
      return c.ok ? c.value : undefined;
    };
    const value = labValue(row.value, unit, decimalComma, unitOf);
    if ("error" in value) return this.fail("invalid-value", value.error, "value");
    /** A reference limit in the row's unit (a count per µL may group thousands: `150,000`), or why not. */
    const rangeUnit = unit ?? value.quantity?.unit;
    const number = (s: string | undefined): number | { why: string } | undefined => {
      if (blank(s)) return undefined;
      const read = readSeparators(s.trim(), decimalComma);
      const limit = asCount(
        "ambiguous" in read
          ? { value: Number.NaN, ...read }
          : { value: Number(read.literal), ...(read.grouped !== undefined && { grouped: read.grouped }) },
        rangeUnit,
        lab as ConvertibleLab,
        ctx.units,
      );
      if (limit.ambiguous !== undefined) return { why: limit.ambiguous };
      const overflow = "literal" in read ? unrepresentable(read.literal) : undefined;
      return Number.isFinite(limit.value) && overflow === undefined
        ? limit.value
        : { why: overflow ?? "is not a number" };
    };
    const low = number(row.ref_low);
    const high = number(row.ref_high);
    for (const [field, limit] of [
      ["ref_low", low],
      ["ref_high", high],
    ] as const)
      if (typeof limit === "object")
        return this.fail("invalid-value", `${field} ${quoteInput(row[field] ?? "")} ${limit.why}`, field);
    const read = readLabValue(
      {
        ref,
        lab,
        loinc: system === "loinc" ? code : ((lab as { loinc?: readonly string[] }).loinc?.[0] ?? ""),
        at: dates.at,
        value,
        ...(typeof low === "number" && {
          refLow: unit === undefined ? { value: low } : { value: low, unit },
        }),
        ...(typeof high === "number" && {
          refHigh: unit === undefined ? { value: high } : { value: high, unit },
        }),
        file: ctx.file,
        field: "value",
      },
      ctx,
    );
    if (!read.ok) return this.repeat(this.b.reject(read.rejection), "rejected");
    return usedOrMerged(this.b.addLab(read.result, lab.name));
  }

  dose(c: SourceConcept): RowOutcome {
    const { row } = this;
    const matches = this.ctx.vocabulary.medications(c);
    if (matches.length === 0) return this.notUsed("dose", c);
    const kind = blank(row.dose_kind) ? "administration" : row.dose_kind.trim().toLowerCase();
    const notGiven = this.notGiven(c, kind);
    if (notGiven !== undefined) return notGiven;
    const dates = this.dates();
    if (typeof dates === "string") {
      // A dose given whose date is missing or unreadable is refused (no date is invented), but its drug is kept
      // as words: beside a serious abnormality the engine asks for the dosing history instead of staying silent.
      // A dose dated in the future is not given yet; a request only intends one.
      const undated = blank(row.date) || csvDate(row.date, "date", this.ctx.evaluatedAtMs).ok === false;
      const given = kind === "administration" || kind === "procedure" || kind === "statement";
      const text = immunotherapyWords(this.ctx.vocabulary, c, true);
      if (undated && given && !this.futureDate() && text !== undefined)
        this.b.addDrugWords({ ref: this.ref, text, source: "dose" });
      return dates;
    }
    if (!DOSE_KINDS.has(kind))
      return this.fail(
        "invalid-value",
        `dose_kind ${quoteInput(row.dose_kind)} is not administration, request, statement or procedure`,
        "dose_kind",
      );
    const ongoing = dates.ongoing ?? (kind === "statement" || kind === "request");
    // A dose given (not an intention) whose end is after the evaluation: an infusion under way now.
    const running = dates.ongoing === true && (kind === "administration" || kind === "procedure");
    // An administration row's value and unit are its dose (kept on a context drug: an anticoagulant's prophylactic or
    // treatment dose); a value that is no number, a unit of another kind, or an order or statement (whose row gives
    // no day) gives none.
    const amount = blank(row.value) || kind !== "administration" ? undefined : Number(row.value.trim());
    const dose =
      amount === undefined || blank(row.unit)
        ? undefined
        : doseQuantity({ value: amount, unit: row.unit.trim() });
    return usedOrMerged(
      this.b.addMedication(matches, this.ref, dates.at, kind as DoseKind, dates.end, ongoing, running, dose),
    );
  }

  /**
   * A dose row whose words say that day's dose was not given ("nivolumab deferred until platelets recover",
   * "pembrolizumab held", "enoxaparin held"): refused, no exposure or context drug on board dated from it (a held
   * anticoagulant is no anticoagulant given that day); an immunotherapy's words are kept as the record's words of
   * the drug (unexplained.yaml `notGivenOnDate`). A context drug's row of another kind than an administration (a
   * statement "enoxaparin held since Monday" says it was taken before) is read as written. Undefined for any other
   * row.
   */
  private notGiven(c: SourceConcept, kind: string): RowOutcome | undefined {
    const text = immunotherapyWords(this.ctx.vocabulary, c, true);
    if (text === undefined && kind !== "administration") return undefined;
    if (!this.ctx.vocabulary.doseNotGiven(c)) return undefined;
    if (text !== undefined) this.b.addDrugWords({ ref: this.ref, text, source: "dose" });
    const said = text ?? c.text ?? c.codings.find((x) => x.display)?.display ?? "";
    return this.fail(
      "not-final",
      `dose ${quoteInput(said)} says that day's dose was not given (deferred, held or omitted): not a dose`,
      "code",
    );
  }

  event(c: SourceConcept): RowOutcome {
    const { row } = this;
    const match = this.ctx.vocabulary.event(c);
    if (match === undefined) {
      this.drugWordsOf(c);
      return this.notUsed("event", c);
    }
    const dates = this.dates(true);
    if (typeof dates === "string") return dates;
    let grade: number | undefined;
    if (!blank(row.grade)) {
      if (!GRADE.test(row.grade.trim()))
        return this.fail("invalid-grade", `grade ${quoteInput(row.grade)} is not an integer 1–5`, "grade");
      grade = Number(row.grade.trim());
    }
    const listed = blank(row.qualifiers)
      ? []
      : row.qualifiers
          .split(/[;|]/)
          .map((q) => q.trim())
          .filter((q) => q !== "");
    // A study result's status written among the qualifiers is read as a FHIR DiagnosticReport's (fhir/study-result.ts):
    // `final`, `amended`, `corrected` or `appended` is released and read as written; `preliminary` or `partial` (read,
    // not signed off) leaves what it names as its suspicion, its words saying the final report decides, and rules
    // nothing out; `registered` (no result yet) is refused. Never kept as a qualifier of the event.
    const study = listed.find((q) => RESULT_STATUSES.has(fold(q)));
    const studyStatus = study === undefined ? undefined : RESULT_STATUSES.get(fold(study));
    if (studyStatus === "registered")
      return this.fail(
        "not-final",
        `qualifiers ${quoteInput(study ?? "")}: a study with no result yet is not read`,
        "qualifiers",
      );
    const written = listed.filter((q) => !RESULT_STATUSES.has(fold(q)) || studyStatus === "preliminary");
    // A diagnosis status written among the qualifiers (FHIR's words: `refuted`, `ruled out`, `entered in
    // error`, `provisional`, `differential`, `suspected`, `rule out`, `resolved`, …) is read as a FHIR
    // Condition's verification or clinical status is, never kept as a qualifier of a diagnosis it denies.
    const statuses = written.map((q) => ({ q, status: qualifierStatus(q) }));
    const extra = statuses.filter((s) => s.status === undefined).map((s) => s.q);
    const refuted = statuses.find((s) => s.status !== undefined && REFUTED_CONDITION.has(s.status));
    // A clot ruled out (`refuted`, not `entered in error`) is its site ruled out, as a FHIR Condition's refuted
    // verificationStatus is (adapters/fhir/clinical.ts refutedClot), dated by the row: it settles a suspicion of
    // that site charted from it to the evaluation.
    if (refuted?.status === "refuted") {
      const found = this.ctx.vocabulary.noteEvents(c);
      const ruledOut = (found.length > 0 ? found : [match]).flatMap((m) => {
        const r = this.ctx.vocabulary.qualify(m, "refuted");
        return r === undefined ? [] : [r];
      });
      if (ruledOut.length > 0) {
        const text = c.text ?? c.codings[0]?.display;
        const added = ruledOut.map((m) =>
          this.b.addEvent({
            ref: this.ref,
            kind: m.kind,
            // Ruled out within a month or year: from its last day only, so that it settles no later suspicion.
            at: dates.interval?.latest ?? dates.at,
            qualifiers: m.qualifiers,
            ...(text !== undefined && { text }),
          }),
        );
        return usedOrMerged(added[0] ?? "merged");
      }
    }
    if (refuted !== undefined)
      return this.fail(
        "refuted",
        `qualifiers ${quoteInput(refuted.q)}: the diagnosis is ${refuted.status === "refuted" ? "ruled out" : "recorded in error"}, not read`,
        "qualifiers",
      );
    const provisional = statuses.find((s) => s.status !== undefined && PROVISIONAL_CONDITION.has(s.status));
    const words = c.text ?? c.codings[0]?.display;
    const text =
      studyStatus === "preliminary" && words !== undefined
        ? `${words} (${fold(study ?? "")} report: the final report decides)`
        : words;
    // Every event the note gives, read against the row's own date (a date written after a HIT is past only
    // before it); the row's grade and qualifier columns belong to its first event, the others share its ref.
    const found = this.ctx.vocabulary.noteEvents(c, dates.at);
    // A past episode named by its date ("treated for DIC in 2019") is no problem now.
    if (pastByItsDate(this.ctx.vocabulary, c, found)) return this.notUsed("event", c);
    // A status of a problem that is over (`resolved`) leaves an episode of the row's dates: the row dates it.
    const reading =
      provisional === undefined
        ? { kept: found.length > 0 ? found : [match] }
        : conditionReading(
            { verificationStatus: { coding: [{ code: provisional.status }] } },
            found.length > 0 ? found : [match],
            this.ctx.vocabulary,
            false,
          );
    if (reading.dropped !== undefined) {
      const reason = reading.dropped.reason.replace(
        /^verificationStatus is [a-z-]+/,
        `qualifiers ${quoteInput(provisional?.q ?? "")} (${provisional?.status})`,
      );
      if (reading.kept.length === 0) return this.fail("not-final", reason, "qualifiers");
      this.b.reject({ ref: this.ref, code: "not-final", reason, file: this.ctx.file, field: "qualifiers" });
    }
    const [first, ...others] = reading.kept as [(typeof found)[number], ...typeof found];
    // A drug allergy keeps a `resolved` or `inactive` status as a qualifier, as a FHIR AllergyIntolerance's
    // clinical status: resolved no longer bars the drug, inactive still does (knowledge/management/facts.yaml).
    // In a CSV row `resolved` also closes an episode (a DVT that is over), so after a severe reaction it may say
    // only that the anaphylaxis is over: there it is read as inactive, and the label's bar stands until an
    // allergist's reassessment is charted as a FHIR clinical status.
    // A drug allergy row's own grade at or above the knowledge's severe grade is a severe reaction, as the words
    // "grade 4" in its text are: a rituximab infusion reaction charted at grade 4 bars rituximab like an anaphylaxis.
    const lapsed = statuses.find((s) => s.status === "resolved" || s.status === "inactive")?.status;
    const ended = statuses.find((s) => s.status !== undefined && PAST_CONDITION.has(s.status))?.status;
    const severeFrom = this.ctx.vocabulary.drugHypersensitivitySevereGrade();
    // A grade the row's code states (D89.833, a CRS of grade 3) stands when its grade column is blank.
    if (grade === undefined) grade = first.grade;
    const added = [first, ...others].map((m, i) => {
      const graded =
        m.kind === "drug-hypersensitivity" &&
        i === 0 &&
        grade !== undefined &&
        severeFrom !== undefined &&
        grade >= severeFrom;
      // The row's grade is the clinician's, more specific than the words: "severe epistaxis" charted at grade 2
      // is a grade 2 bleed (events.yaml qualifierCues `grade`).
      const worded =
        i === 0 ? this.ctx.vocabulary.gradedQualifiers(m.kind, m.qualifiers, grade) : m.qualifiers;
      const own = graded ? [...worded, "severe"] : worded;
      const status =
        m.kind !== "drug-hypersensitivity" || lapsed === undefined
          ? []
          : [lapsed === "resolved" && own.includes("severe") ? "inactive" : lapsed];
      // Any other event the row calls over (`resolved`, `inactive`, `remission`) without an end_date is not an open
      // problem after a later dose, though when it ended is unknown; without such a status and end it is open.
      const undated =
        m.kind !== "drug-hypersensitivity" && ended !== undefined && dates.end === undefined
          ? [ENDED_UNDATED]
          : [];
      const qualifiers = [...new Set([...own, ...(i === 0 ? extra : []), ...status, ...undated])];
      return this.b.addEvent({
        ref: this.ref,
        kind: m.kind,
        // A past episode its words date ("ischaemic stroke 2026-09") is dated by them, not by the row.
        at: m.at ?? dates.at,
        // A month or a year: the interval of its days, ordered whole against the first dose.
        ...(m.at === undefined &&
          dates.interval !== undefined && { latest: dates.interval.latest, dated: dates.interval.dated }),
        // A planned procedure's own day, written with it, is the planned event's end (the day it is to be done).
        ...(dates.end !== undefined
          ? { end: dates.end }
          : m.plannedFor !== undefined && { end: m.plannedFor }),
        ...(i === 0 && grade !== undefined && { grade }),
        ...(qualifiers.length > 0 && { qualifiers }),
        ...(text !== undefined && { text }),
      });
    });
    return usedOrMerged(added[0] ?? "merged");
  }
}

/** Words a CSV qualifier may use for a suspected diagnosis, besides FHIR's status codes and displays. */
const SUSPECTED_QUALIFIERS: ReadonlyMap<string, string> = new Map([
  ["suspected", "provisional"],
  ["possible", "provisional"],
  ["probable", "provisional"],
  ["preliminary", "provisional"],
  ["partial", "provisional"],
  ["rule out", "differential"],
  ["r/o", "differential"],
]);

/**
 * A study result's FHIR R4 status (DiagnosticReport.status) a CSV qualifier names: released, preliminary (read, not
 * signed off: a suspicion of what it names) or registered (no result yet).
 */
const RESULT_STATUSES: ReadonlyMap<string, "released" | "preliminary" | "registered"> = new Map([
  ["final", "released"],
  ["amended", "released"],
  ["corrected", "released"],
  ["appended", "released"],
  ["preliminary", "preliminary"],
  ["partial", "preliminary"],
  ["registered", "registered"],
]);

/** A qualifier folded for lookup: lower case, its spaces, hyphens and underscores one space. */
function fold(q: string): string {
  return q
    .trim()
    .toLowerCase()
    .replaceAll(/[\s_-]+/g, " ");
}

/**
 * The FHIR Condition status a CSV qualifier names (`refuted`, `ruled out`, `suspected`, `resolved`), or
 * undefined for any other qualifier (`venous`, `pe`).
 * @example
 * qualifierStatus("Ruled out"); // "refuted"
 * qualifierStatus("venous"); // undefined
 */
export function qualifierStatus(q: string): string | undefined {
  const suspected = SUSPECTED_QUALIFIERS.get(fold(q));
  if (suspected !== undefined) return suspected;
  const code = statusCode({ text: q });
  return code !== undefined &&
    (REFUTED_CONDITION.has(code) ||
      PROVISIONAL_CONDITION.has(code) ||
      PAST_CONDITION.has(code) ||
      ["active", "recurrence", "relapse", "confirmed"].includes(code))
    ? code
    : undefined;
}

/**
 * Reads one row of a known patient into `b` and says what became of it; `ref` cites it (`file.csv:12`).
 * @example
 * readRow({ patient_id: "p1", record_type: "event", date: "2024-03-02", code_system: "text", text: "DVT" }, "f.csv:2", builder, ctx);
 */
export function readRow(row: Row, ref: string, b: PatientBuilder, ctx: RowContext): RowOutcome {
  const reader = new RowReader(row, ref, b, ctx);
  const type = row.record_type?.trim().toLowerCase() ?? "";
  if (type === "patient") return reader.patient();
  if (type === "lab") return reader.lab();
  if (type !== "dose" && type !== "event") {
    return reader.fail(
      "invalid-record-type",
      `record_type ${quoteInput(row.record_type)} is not patient, lab, dose or event`,
      "record_type",
    );
  }
  const c = concept(row);
  if ("error" in c) return reader.fail("missing-code", `${type} row: ${c.error}`, "code");
  return type === "dose" ? reader.dose(c) : reader.event(c);
}
