/**
 * Turns one laboratory value as a source sent it (number + unit, coded or written answer) into a
 * normalized LabResult, or into a Rejection that says exactly why it cannot be used. Shared by the FHIR
 * and CSV adapters so both read values, units, comparators and ranges the same way.
 */
import type { Comparator, LabResult, Rejection } from "../contracts/model.js";
import type { RejectionCode } from "../contracts/rejection-codes.js";
import type { Qualitative } from "../contracts/vocabularies.js";
import type { LabDefinition, SourceCoding, UnitSpellings, Vocabulary } from "../knowledge/vocabulary.js";
import { unrepresentable } from "./json-numbers.js";
import { quoteInput } from "./quote.js";
import type { ConvertibleLab, UnitConverter } from "./units.js";

/** A source quantity: value, unit text as sent and an optional censoring comparator. */
export interface RawQuantity {
  readonly value: number;
  /** The number as written when a double cannot hold it (`1e-400`): the value is then rejected. */
  readonly literal?: string;
  /** Why the number as written is ambiguous (`1,500`): the value is then rejected, unless it is a count per µL (see {@link asCount}). */
  readonly ambiguous?: string;
  /**
   * The value the number has when its one separator before three digits is a thousands separator
   * (`150,000` is 150000; `150.000` is too): read so only for a count per microlitre ({@link asCount}).
   */
  readonly grouped?: number;
  /** The laboratory's abnormal flag printed after the number (`12 L`, `2.1 (H)`): checked against the range. */
  readonly flag?: AbnormalFlag;
  readonly unit?: string;
  readonly comparator?: string;
}

/** Everything a source may carry as the value of one lab result. */
export interface RawLabValue {
  readonly quantity?: RawQuantity;
  /** Free text (FHIR valueString, CSV value column). */
  readonly text?: string;
  /** A coded answer (FHIR valueCodeableConcept). */
  readonly codings?: readonly SourceCoding[];
  readonly conceptText?: string;
  readonly boolean?: boolean;
  /** The laboratory's interpretation codes (FHIR Observation.interpretation). */
  readonly interpretation?: readonly SourceCoding[];
  /**
   * The interpretation is the panel's, lent to a component that has none of its own: it may say which answer
   * a presence test gave, but it is not checked against one component's range (which it was about is unknown).
   */
  readonly interpretationLent?: true;
}

export interface RawLab {
  readonly ref: string;
  readonly lab: LabDefinition;
  readonly loinc: string;
  /** ISO date-time, already validated and normalized by the caller. */
  readonly at: string;
  readonly value: RawLabValue;
  readonly refLow?: RawQuantity;
  readonly refHigh?: RawQuantity;
  readonly file?: string;
  /** Source field of the value, for messages (e.g. `valueQuantity`). */
  readonly field?: string;
}

export interface LabReadContext {
  readonly vocabulary: Pick<Vocabulary, "labById">;
  readonly units: UnitConverter;
  readonly spellings: UnitSpellings;
}

export type LabRead =
  | { readonly ok: true; readonly result: LabResult }
  | { readonly ok: false; readonly rejection: Rejection };

const COMPARATORS: ReadonlyMap<string, Comparator> = new Map([
  ["<", "<"],
  ["<=", "<="],
  ["≤", "<="],
  [">", ">"],
  [">=", ">="],
  ["≥", ">="],
]);
/**
 * A number as laboratories write it: digits with a decimal point or comma (`12`, `1.5`, `1,5`, `.5`, with
 * an exponent), or digits in groups of three after a separator (`150,000`, `1,250,000`, `1,250.5`,
 * `1.250.000`), which {@link readSeparators} reads or refuses. The one pattern every value reader uses.
 */
export const NUMBER = String.raw`[-+]?(?:[1-9]\d{0,2}(?:(?:,\d{3})+(?:\.\d+)?|(?:\.\d{3})+(?:,\d+)?)|(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][-+]?\d+)?)`;
/** A comparator written as a symbol before the number. */
export const COMPARATOR = "<=|>=|<|>|≤|≥";
const NUMBER_TEXT = new RegExp(String.raw`^\s*(${COMPARATOR})?\s*(${NUMBER})\s*$`);

/**
 * A comparator written in words before the number (`less than 10`, `greater than or equal to 500`), as
 * some laboratory systems print a censored result: read as the symbol. Longest phrase first.
 */
const WORD_COMPARATORS: readonly (readonly [RegExp, string])[] = [
  [/^\s*less\s+than\s+or\s+equal\s+to\s+/i, "<="],
  [/^\s*greater\s+than\s+or\s+equal\s+to\s+/i, ">="],
  [/^\s*less\s+than\s+/i, "<"],
  [/^\s*(?:greater|more)\s+than\s+/i, ">"],
];

/**
 * A laboratory's abnormal flag (HL7 v2 table 0078: L low, H high, LL and HH critical, A and AA abnormal, N
 * normal), with or without brackets, and the asterisk or exclamation mark some systems add to it or print alone.
 */
export type AbnormalFlag = "L" | "H" | "LL" | "HH" | "A" | "AA" | "N" | "*";
/** The flag letters, longest first, as every flag pattern below reads them; bracketed, they are one group. */
const LETTERS = "HH|LL|AA|H|L|A|N";

/**
 * A flag written as a word after the value (`10 low`, `10 (Low)`, `2.1 High*`, `8 critically low`), as result
 * listings print the flag column's words, any case: read as its letters (`10 L`), which are then read as a flag.
 * Only after the value, set off by a space or a bracket; a word alone or before the number is not read.
 */
const WORD_FLAG =
  /^(.*?\S)\s*(?:[([]\s*(critical(?:ly)?\s+low|critical(?:ly)?\s+high|abnormal|normal|low|high)\s*[)\]]|(?<=\s)(critical(?:ly)?\s+low|critical(?:ly)?\s+high|abnormal|normal|low|high))\s*([*!]*)\s*$/i;
const WORD_LETTERS: Readonly<Record<string, AbnormalFlag>> = {
  low: "L",
  high: "H",
  normal: "N",
  abnormal: "A",
  "critical low": "LL",
  "critically low": "LL",
  "critical high": "HH",
  "critically high": "HH",
};

/** The text with a flag word after the value written as its letters (`10 (low)` → `10 L`), else unchanged. */
function flagWordAsLetters(text: string): string {
  const m = WORD_FLAG.exec(text);
  if (m === null) return text;
  const word = ((m[2] ?? m[3]) as string).toLowerCase().replace(/\s+/g, " ");
  const letters = WORD_LETTERS[word];
  return letters === undefined ? text : `${m[1]} ${letters}${m[4] ?? ""}`;
}
const BRACKETED = String.raw`[([]\s*(${LETTERS})\s*[)\]]`;
/** The flag of a match whose bracketed letters are group `i` and bare letters group `i + 1`. */
const flagAt = (m: RegExpExecArray, i: number) => (m[i] ?? m[i + 1]) as AbnormalFlag | undefined;
/**
 * A number followed by an abnormal flag (`12 L`, `12 (L)`, `2.1H`, `12*`, `8 LL*`). Upper case only: `h`
 * and `l` are units (hour, litre). None of these letters is a unit of any lab in the catalogue (L is a
 * volume, H the henry, A the ampere), so a flag is never mistaken for a unit that could be read.
 */
const FLAGGED = new RegExp(
  String.raw`^(.*?\d\.?)\s*(?:${BRACKETED}|(${LETTERS})(?![A-Za-z]))?\s*([*!]*)\s*$`,
);

/**
 * An abnormal flag printed before the number (`LL 12`, `H 2.1`, `(H) 2.1`, `H* 2.1`), as some result
 * listings put the flag column first. The bare letters need a space before the number (`H2.1` is not read),
 * and the rest must be a number alone: a flag on both sides is two flags, which one is meant is not guessed.
 */
const LEADING_FLAG = new RegExp(
  String.raw`^\s*(?:${BRACKETED}\s*|(${LETTERS})(?:\s+|(?=[*!])))([*!]*)\s*(\S.*)$`,
);

/** The number text and the flag before or after it, or undefined when no flag stands beside the number. */
function splitFlag(text: string): { number: string; flag: AbnormalFlag } | undefined {
  const lead = LEADING_FLAG.exec(text);
  if (lead !== null) {
    return { number: lead[4] as string, flag: flagAt(lead, 1) as AbnormalFlag };
  }
  const m = FLAGGED.exec(text);
  if (m === null) return undefined;
  const letters = flagAt(m, 2);
  if (letters === undefined && m[4] === "") return undefined;
  return { number: m[1] as string, flag: letters ?? "*" };
}
const TRAILING_QUALIFIER = /\s*\([^)]*\)\s*$/;
const FIRST_WORD = /^[a-z]+/;

/**
 * Digits in groups of three after one kind of separator, the first group of one to three digits (not a
 * leading zero), then maybe the other separator and decimals: `150,000`, `1,250,000`, `1,250.5`, `1.250,5`.
 */
const GROUPS = /^([-+]?)([1-9]\d{0,2})((?:([.,])\d{3})(?:\4\d{3})*)(?:(?!\4)([.,])(\d+))?$/;

/**
 * How a number's separators read (docs/csv-format.md, "Numbers and dates"):
 * - several groups of three after the same mark (`1,250,000`, `1.250.000`), or groups followed by the other
 *   mark and decimals (`1,250.5`, `1.250,5`), can only be thousands separators: read so;
 * - one group of three alone (`1,500`) is 1500 or 1.5 when the mark is a comma, or a dot in a source that
 *   writes decimal commas: `ambiguous`, with `grouped` the thousands reading ({@link asCount} uses it for a
 *   count per µL, where three decimals of a cell are no reading); a dot elsewhere is the decimal point
 *   (`1.500` is 1.5), `grouped` kept for the same use (`150.000/µL`, as German reports print platelets);
 * - anything else is a plain number whose one mark, point or comma, is the decimal mark (`1,5`).
 * Returns the number as `Number` reads it, or why it is ambiguous.
 * @example
 * readSeparators("1,250,000", false); // { literal: "1250000" }
 * readSeparators("1,500", false); // { ambiguous: "could be 1500 ...", grouped: 1500 }
 */
export function readSeparators(
  number: string,
  decimalComma: boolean,
):
  | { readonly literal: string; readonly grouped?: number }
  | { readonly ambiguous: string; readonly grouped: number } {
  const g = GROUPS.exec(number);
  if (g === null) return { literal: number.replace(",", ".") };
  const [, sign, first, groups, mark, last, decimals] = g as unknown as [
    string,
    string,
    string,
    string,
    string,
    string?,
    string?,
  ];
  const whole = `${sign}${first}${groups.split(mark).join("")}`;
  // NUMBER admits only the other mark before decimals (`1,250.5`): never `1,250,5`.
  if (last !== undefined) return { literal: `${whole}.${decimals}` };
  if (groups.length > 4) return { literal: whole };
  const grouped = Number(whole);
  if (mark === "," || decimalComma) {
    const part = groups.slice(1);
    return {
      ambiguous: `could be ${whole} (a thousands separator) or ${sign}${first}.${part} (a decimal ${mark === "," ? "comma" : "point"}); write it without a thousands separator`,
      grouped,
    };
  }
  return { literal: number, grouped };
}

type NumberRead = {
  value: number;
  comparator?: Comparator;
  literal?: string;
  ambiguous?: string;
  grouped?: number;
};

/** A number with an optional symbol comparator, nothing else. */
function parsePlainNumber(text: string, decimalComma: boolean | undefined): NumberRead | undefined {
  const m = NUMBER_TEXT.exec(text);
  if (!m) return undefined;
  const comparator = m[1] === undefined ? undefined : COMPARATORS.get(m[1]);
  const read = readSeparators(m[2] as string, decimalComma === true);
  const withComparator = <T extends object>(r: T) => (comparator === undefined ? r : { ...r, comparator });
  const grouped = read.grouped === undefined ? {} : { grouped: read.grouped };
  if ("ambiguous" in read)
    return withComparator({
      value: Number.NaN,
      literal: m[2] as string,
      ambiguous: read.ambiguous,
      ...grouped,
    });
  const value = Number(read.literal);
  return withComparator(
    unrepresentable(read.literal) === undefined
      ? { value, ...grouped }
      : { value: Number.NaN, literal: read.literal },
  );
}

/** The text with a comparator written in words before the number (`less than 10`) as its symbol (`<10`). */
function symbolComparator(text: string): string {
  for (const [words, symbol] of WORD_COMPARATORS) if (words.test(text)) return text.replace(words, symbol);
  return text;
}

/**
 * A number written as text (`12.5`, `<5`, `1,5`, `less than 10`), with its comparator and the abnormal
 * flag printed after it (`12 L`, `2.1 (H)`, `12*`) or before it (`LL 12`, `(H) 2.1`); undefined if the text is not one. A number whose
 * separator is ambiguous (`1,500`, see {@link readSeparators}) is read as no value, with the reason in
 * `ambiguous`.
 * @example
 * parseNumberText("less than 10"); // { value: 10, comparator: "<" }
 * parseNumberText("12 (L)"); // { value: 12, flag: "L" }
 */
export function parseNumberText(
  text: string,
  opts: { readonly decimalComma?: boolean } = {},
): (NumberRead & { flag?: AbnormalFlag }) | undefined {
  const written = symbolComparator(flagWordAsLetters(text));
  const plain = parsePlainNumber(written, opts.decimalComma);
  if (plain !== undefined) return plain;
  const flagged = splitFlag(written);
  const n = flagged === undefined ? undefined : parsePlainNumber(flagged.number, opts.decimalComma);
  return n === undefined || flagged === undefined ? undefined : { ...n, flag: flagged.flag };
}

/**
 * A number and a unit written as one text (`<10 x10^9/L`, `12 K/uL`): the number, then the rest. A unit
 * may start with a digit only as a power of ten after a space (`12 10^9/L`, `12 10 9/L`): `12 500` is no
 * number with a unit.
 */
const QUANTITY_TEXT = new RegExp(
  String.raw`^\s*((?:${COMPARATOR})?\s*${NUMBER})\s*(?:([^\d\s(][^(]*?)|(?<=\s)(10(?:[\^*eE(]|\s\d)[^(]*?))\s*$`,
);
/**
 * A bracketed abnormal flag between the number and its unit (`10 (L) x10^9/L`, `2.1 [H] g/L`), as some listings
 * print the flag column between the value and unit columns.
 */
const FLAG_BEFORE_UNIT = new RegExp(String.raw`^(.*?\d\.?)\s*${BRACKETED}\s*[*!]*\s+(\S.*)$`);
/**
 * The same flag unbracketed (`10 L x10^9/L`, `8 LL* x10^9/L`, `10.0* x10^9/L`): upper-case letters or stars,
 * then a space and the unit. No unit of a lab begins with these letters and a space, so they are read as the
 * flag; the unit after them must still convert, or the value is refused. Before, the letters were read as the
 * start of the unit (`L x10^9/L`) and the result refused as text.
 */
const BARE_FLAG_BEFORE_UNIT = new RegExp(
  String.raw`^(.*?\d\.?)\s*(?:(${LETTERS})[*!]*|(\*+))\s+((?:[^\d\s(*!]|10[\^*eE(]).*)$`,
);
/** An abnormal flag after the unit, set off by a space (`17 x10^9/L H`, `2.1 g/L (L)`); upper case only. */
const FLAG_AFTER_UNIT = new RegExp(String.raw`^(.*\S)\s+(?:${BRACKETED}|(${LETTERS}))\s*[*!]*\s*$`);

/**
 * A number followed by its unit in one text (`<10 x10^9/L`), with the laboratory's flag before the number
 * or after the unit (`H 160 x10^9/L`, `17 x10^9/L H`), or undefined when the text is not one.
 * @example
 * parseQuantityText("<10 x10^9/L"); // { value: 10, comparator: "<", unit: "x10^9/L" }
 * parseQuantityText("LL 8 x10^9/L"); // { value: 8, flag: "LL", unit: "x10^9/L" }
 */
export function parseQuantityText(
  text: string,
  opts: { readonly decimalComma?: boolean } = {},
): RawQuantity | undefined {
  text = flagWordAsLetters(text);
  const lead = LEADING_FLAG.exec(text);
  const trail = lead === null ? FLAG_AFTER_UNIT.exec(text) : null;
  const mid = lead === null && trail === null ? FLAG_BEFORE_UNIT.exec(text) : null;
  const bare = lead === null && trail === null && mid === null ? BARE_FLAG_BEFORE_UNIT.exec(text) : null;
  const flag =
    lead !== null
      ? flagAt(lead, 1)
      : trail !== null
        ? flagAt(trail, 2)
        : mid !== null
          ? (mid[2] as AbnormalFlag)
          : bare !== null
            ? ((bare[2] ?? "*") as AbnormalFlag)
            : undefined;
  const rest =
    lead !== null
      ? (lead[4] as string)
      : trail !== null
        ? (trail[1] as string)
        : mid !== null
          ? `${mid[1]} ${mid[3]}`
          : bare !== null
            ? `${bare[1]} ${bare[4]}`
            : text;
  const m = QUANTITY_TEXT.exec(rest);
  const n = m === null ? undefined : parseNumberText(m[1] as string, opts);
  if (n === undefined || (flag !== undefined && n.flag !== undefined)) return undefined;
  const unit = (m?.[2] ?? m?.[3]) as string;
  return flag === undefined ? { ...n, unit } : { ...n, unit, flag };
}

/**
 * A number, then any words after a space or a unit written against it (`12 x10^9/L`, `1.5g/L`,
 * `12 (10*9/L)`): the looser form a spreadsheet cell takes, its unit checked by the converter afterwards.
 */
const NUMBER_THEN_UNIT = new RegExp(
  String.raw`^\s*((?:${COMPARATOR})?\s*${NUMBER})(?:\s+(\S.*?)|([A-Za-zµμ%/].*?))\s*$`,
);
/**
 * Digits in groups of three separated by spaces (`150 000`, `1 250 000`, the SI's and French reports'
 * thousands), maybe with a unit written against a letter: refused, not read, since a space also separates
 * two numbers run together in one cell (`12 500`: 12500, or 12 and 500?).
 */
const SPACED = new RegExp(
  String.raw`^\s*(?:${COMPARATOR})?\s*([1-9]\d{0,2}(?:[ \u00a0\u202f]\d{3})+)(?:[.,]\d+)?(?:\s*([A-Za-zµμ%/].*?))?\s*$`,
);
/** What follows a number but is no unit: a titre's colon (`1:40`), a grade's plus (`2+`). */
const NOT_A_UNIT = /^[+:]/;

/**
 * The one reader of a lab value written as text, for the CSV value cell and a FHIR valueString alike: a
 * number alone with its comparator and flag (`12`, `<10`, `less than 10`, `12 L`), or a number with the
 * unit written after it, the laboratory's flag before the number or after the unit (`<10 x10^9/L`,
 * `H 450 x10^9/L`, `17 x10^9/L LL`, `1.5g/L`, `less than 10 x10^9/L`); undefined when the text is no such value (a word, a titre
 * `1:40`, a grade `2+`). The unit is as written: the caller converts it, or refuses it with the reason.
 * Separators are read by {@link readSeparators}.
 * @example
 * readValueText("12"); // { value: 12 }
 * readValueText("H 450 x10^9/L"); // { value: 450, flag: "H", unit: "x10^9/L" }
 * readValueText("1,5 g/L"); // { value: 1.5, unit: "g/L" }
 */
export function readValueText(
  text: string,
  opts: { readonly decimalComma?: boolean } = {},
): RawQuantity | undefined {
  const n = parseNumberText(text, opts);
  if (n !== undefined) return n;
  return quantityText(symbolComparator(text), opts);
}

function quantityText(text: string, opts: { readonly decimalComma?: boolean }): RawQuantity | undefined {
  const spaced = SPACED.exec(text);
  if (spaced !== null) {
    const literal = (spaced[1] as string).replace(/\s/g, " ");
    const ambiguous = `has a space between groups of digits: ${literal.replace(/ /g, "")} with a space for thousands, or two numbers run together? Write it without spaces`;
    const unit = spaced[2];
    return unit === undefined
      ? { value: Number.NaN, literal, ambiguous }
      : { value: Number.NaN, literal, ambiguous, unit };
  }
  const q = parseQuantityText(text, opts) ?? numberThenUnit(text, opts);
  return q === undefined || NOT_A_UNIT.test(q.unit ?? "") ? undefined : q;
}

function numberThenUnit(text: string, opts: { readonly decimalComma?: boolean }): RawQuantity | undefined {
  const m = NUMBER_THEN_UNIT.exec(text);
  const written = m === null ? undefined : parseNumberText(m[1] as string, opts);
  const unit = (m?.[2] ?? m?.[3])?.trim();
  return written === undefined || unit === undefined ? undefined : { ...written, unit };
}

type Reading = Qualitative | "ambiguous" | undefined;

function readWord(raw: string, lab: LabDefinition & ConvertibleLabValues, spellings: UnitSpellings): Reading {
  const text = raw.trim().toLowerCase().replace(/\s+/g, " ").replace(/\.$/, "");
  const own = lab.qualitativeValues;
  const candidates = [text, text.replace(TRAILING_QUALIFIER, "")];
  for (const t of candidates) {
    if (own?.positive.includes(t)) return "positive";
    if (own?.negative.includes(t)) return "negative";
    const generic = spellings.qualitative.words.get(t);
    if (generic !== undefined) return generic;
  }
  // "Positive, 2+" / "Negative for IgG": the leading word decides when it is itself a reading.
  const first = FIRST_WORD.exec(text)?.[0];
  if (first !== undefined && first !== text) {
    const generic = spellings.qualitative.words.get(first);
    if (generic === "positive" || generic === "negative") return generic;
  }
  return undefined;
}

interface ConvertibleLabValues {
  readonly acceptsQualitative?: boolean;
  readonly qualitativeValues?: { readonly positive: readonly string[]; readonly negative: readonly string[] };
  readonly basisLabs?: { readonly FEU: string; readonly DDU: string };
}

function readCodings(codings: readonly SourceCoding[] | undefined, spellings: UnitSpellings): Reading {
  for (const c of codings ?? []) {
    if (c.system !== undefined && c.code !== undefined) {
      const r = spellings.qualitative.codes.get(`${c.system}|${c.code}`);
      if (r !== undefined) return r;
    }
  }
  return undefined;
}

/** Reads a coded or written answer as positive / negative, `ambiguous`, or undefined when unrecognised. */
export function readQualitative(
  value: RawLabValue,
  lab: LabDefinition & ConvertibleLabValues,
  spellings: UnitSpellings,
): { reading: Reading; shown?: string } {
  const coded = readCodings(value.codings, spellings);
  if (coded !== undefined) return { reading: coded };
  const texts = [...(value.codings ?? []).map((c) => c.display), value.conceptText, value.text];
  for (const t of texts) {
    if (t === undefined || t.trim() === "") continue;
    const r = readWord(t, lab, spellings);
    if (r !== undefined) return { reading: r, shown: t };
  }
  if (value.boolean !== undefined) return { reading: value.boolean ? "positive" : "negative" };
  const interpreted = readCodings(value.interpretation, spellings);
  if (interpreted !== undefined) return { reading: interpreted };
  const shown = texts.find((t) => t !== undefined && t.trim() !== "");
  return shown === undefined ? { reading: undefined } : { reading: undefined, shown };
}

function reject(raw: RawLab, code: RejectionCode, reason: string): LabRead {
  const rejection: Rejection = {
    ref: raw.ref,
    code,
    reason,
    ...(raw.file !== undefined && { file: raw.file }),
    ...(raw.field !== undefined && { field: raw.field }),
  };
  return { ok: false, rejection };
}

function readQualitativeResult(
  raw: RawLab,
  lab: LabDefinition & ConvertibleLabValues,
  ctx: LabReadContext,
): LabRead {
  const { reading, shown } = readQualitative(raw.value, lab, ctx.spellings);
  if (reading === "positive" || reading === "negative") {
    return {
      ok: true,
      result: {
        ref: raw.ref,
        lab: lab.id,
        loinc: raw.loinc,
        at: raw.at,
        qualitative: reading,
        original: shown !== undefined ? { value: shown } : {},
      },
    };
  }
  if (reading === "ambiguous")
    return reject(
      raw,
      "ambiguous-value",
      `${lab.name} result ${quoteInput(shown)} is neither positive nor negative`,
    );
  if (raw.value.quantity !== undefined) {
    const q = raw.value.quantity;
    // A number for a presence test whose finding is also counted (schistocytes as % of red cells) names that lab.
    const counted =
      lab.quantity === undefined
        ? ""
        : `; send a count as lab id ${lab.quantity.id}${lab.quantity.unit === undefined ? "" : ` (unit ${lab.quantity.unit})`}`;
    return reject(
      raw,
      "value-type",
      `${lab.name} is read as positive/negative; a number (${q.value}${q.unit ? ` ${q.unit}` : ""}) without the laboratory's positive/negative interpretation is not${counted}`,
    );
  }
  if (shown !== undefined)
    return reject(
      raw,
      "unrecognised-value",
      `${lab.name} result ${quoteInput(shown)} is not a positive or negative reading HemoSentinel knows`,
    );
  return reject(raw, "missing-value", `${lab.name} result has no value`);
}

/** The one unit a reference range states (low and high agree, or only one has a unit), else undefined. */
function rangeUnit(low: RawQuantity | undefined, high: RawQuantity | undefined): string | undefined {
  const lu = low?.unit;
  const hu = high?.unit;
  if (lu !== undefined && hu !== undefined) return lu === hu ? lu : undefined;
  return lu ?? hu;
}

function convertRange(
  q: RawQuantity | undefined,
  valueUnit: string | undefined,
  lab: ConvertibleLab,
  units: UnitConverter,
): number | undefined {
  if (q === undefined) return undefined;
  const read = asCount(q, q.unit ?? valueUnit, lab, units);
  if (!Number.isFinite(read.value)) return undefined;
  const c = units.convert(read.value, q.unit ?? valueUnit, lab);
  return c.ok ? c.value : undefined;
}

/** The systems of HL7's ObservationInterpretation codes: the v3 code system (FHIR R4), its OID, and HL7 v2 table 0078. */
const INTERPRETATION_SYSTEMS = new Set([
  "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
  "http://hl7.org/fhir/v3/ObservationInterpretation",
  "urn:oid:2.16.840.1.113883.5.83",
  "http://terminology.hl7.org/CodeSystem/v2-0078",
  "http://hl7.org/fhir/v2/0078",
]);
/**
 * The normality codes of HL7 ObservationInterpretation (terminology.hl7.org, v3-ObservationInterpretation), each
 * with the side of the reference range it states: N "within the reference range", L "below the lower limit of the
 * reference range", H "above the upper limit", A "outside the reference range"; LL and HH (critical, beyond the
 * panic limits), LU and HU (significantly low or high) are kinds of L and H, AA (critical abnormal) a kind of A.
 */
const NORMALITY: ReadonlyMap<string, "N" | "L" | "H" | "A"> = new Map([
  ["N", "N"],
  ["L", "L"],
  ["LU", "L"],
  ["LL", "L"],
  ["H", "H"],
  ["HU", "H"],
  ["HH", "H"],
  ["A", "A"],
  ["AA", "A"],
]);

/**
 * The normality code a result's own coded interpretation gives (`H`, `LL`, `N`, `A`), when its codings in an
 * HL7 interpretation system agree on one (the most specific: `HH` over `H`, `H` over `A`); undefined for none,
 * codes that disagree (`H` and `L`, `N` and `H`), or codes outside the normality family (`POS`, `IND`). A code
 * with no system is not read: `H` could be any local table's.
 */
export function codedInterpretation(codings: readonly SourceCoding[] | undefined): string | undefined {
  let found: string | undefined;
  for (const c of codings ?? []) {
    if (c.system === undefined || !INTERPRETATION_SYSTEMS.has(c.system.trim())) continue;
    const code = (c.code ?? "").trim().toUpperCase();
    const side = NORMALITY.get(code);
    if (side === undefined) continue;
    if (found === undefined) {
      found = code;
      continue;
    }
    const was = NORMALITY.get(found) as string;
    if (was === side) {
      if (code.length > found.length) found = code;
    } else if (was === "A" && side !== "N") found = code;
    else if (!(side === "A" && was !== "N")) return undefined;
  }
  return found;
}

/**
 * The direction a result's own coded interpretation gives (`H`, `LL`, `HU` read as `H`), or undefined for none,
 * codes that disagree, or a code of no direction (`A`, `N`).
 */
export function codedFlag(codings: readonly SourceCoding[] | undefined): "L" | "H" | "LL" | "HH" | undefined {
  const code = codedInterpretation(codings);
  if (code === undefined) return undefined;
  if (code === "LL" || code === "HH") return code;
  const side = NORMALITY.get(code);
  return side === "L" || side === "H" ? side : undefined;
}

/**
 * Where a flagged value lies when its flag contradicts the laboratory's own range, by the code's published
 * meaning: `below` or `above` the range for a flag of the other side (`L` above the upper limit) or for `N`;
 * `within` it (limits included) for a flag of either side or `A`/`AA`; else undefined. A limit the source did
 * not send is not checked; the printed asterisk names no side and is not checked.
 */
export function flagAgainstRange(
  flag: string | undefined,
  value: number,
  low: number | undefined,
  high: number | undefined,
): "below" | "above" | "within" | undefined {
  const side = flag === undefined ? undefined : NORMALITY.get(flag);
  if (side === undefined) return undefined;
  const below = low !== undefined && value < low;
  const above = high !== undefined && value > high;
  const within = low !== undefined && high !== undefined && !below && !above;
  if (side === "N") return below ? "below" : above ? "above" : undefined;
  if (side === "L" && above) return "above";
  if (side === "H" && below) return "below";
  return within ? "within" : undefined;
}

/** The unit a count per microlitre is written in; cells/µL, /mm³ and /cumm are the same unit. */
const PER_MICROLITRE = "/uL";

/**
 * A count per microlitre written with one thousands separator (`150,000 /µL`, `150,000/mm3`, `150.000/µl`,
 * as US and German reports print platelets and leucocytes) read as the whole count: a cell count is a
 * whole number, and three decimals of a cell per µL (1.5 platelets/µL) are below any counter's
 * resolution, so the separator can only group thousands. Any other unit (a scaled `10^3/µL` or `K/µL`,
 * where `150.000` could be meant, a concentration, none) leaves the quantity as it was: `1,500 mg/dL` stays
 * ambiguous. The unit is compared through the converter: it is this lab's count per µL when 1 of it is
 * what 1 /uL is.
 * @example
 * asCount({ value: NaN, ambiguous: "…", grouped: 150000, unit: "/mm3" }, "/mm3", platelets, units);
 * // { value: 150000, unit: "/mm3" }
 */
export function asCount(
  q: RawQuantity,
  unit: string | undefined,
  lab: ConvertibleLab,
  units: UnitConverter,
): RawQuantity {
  if (q.grouped === undefined || unit === undefined) return q;
  const written = units.convert(1, unit, lab);
  const perMicrolitre = units.convert(1, PER_MICROLITRE, lab);
  if (!written.ok || !perMicrolitre.ok) return q;
  if (Math.abs(written.value - perMicrolitre.value) > 1e-12 * Math.abs(perMicrolitre.value)) return q;
  const { ambiguous: _a, literal: _l, grouped, ...rest } = q;
  return { ...rest, value: grouped };
}

/**
 * What stands before a number in a value text that is no comparator this reader knows (`=<10`, `<<10`,
 * `~10`, `approx. 10`, `below 10`, `LT 10`, `=10`), or undefined when the text is not a number with such a
 * prefix. Such a value is refused as a comparator, never read as the bare number.
 * @example
 * unreadComparator("=<10"); // "=<"
 * unreadComparator("12 mg"); // undefined
 */
export function unreadComparator(text: string): string | undefined {
  const m = new RegExp(String.raw`^\s*([^\d\s.,+-][^\d]*?)\s*(${NUMBER})(?:\s*\S.*)?$`).exec(text);
  const sign = m?.[1]?.trim();
  if (sign === undefined || sign === "") return undefined;
  // A laboratory flag before the number (`LL 12`, `(H) 2.1`) is read elsewhere; letters alone that are
  // no comparator word (a comment such as "see note 2") are no comparator either.
  if (/^[([]?(?:LL|HH|L|H|A|AA|N)[)\]]?[*!]*$/.test(sign)) return undefined;
  if (/^[a-z][a-z .]*$/i.test(sign) && !COMPARATOR_WORDS.test(sign)) return undefined;
  return sign;
}
/** Words some systems print for a comparator that this reader does not take as one. */
const COMPARATOR_WORDS =
  /^(?:below|under|above|over|less|greater|more|lt|gt|le|ge|lte|gte|approx\.?|approximately|about|ca\.?|circa|up to|at least|at most|min\.?|max\.?)$/i;

/**
 * Reads one lab value: converts quantities to the canonical unit (moving a basis-less D-dimer to its
 * FEU/DDU lab when the unit names the basis), checks plausibility, reads qualitative answers, and
 * converts the source reference range. Never throws.
 */
export function readLabValue(raw: RawLab, ctx: LabReadContext): LabRead {
  const lab = raw.lab as ConvertibleLab & ConvertibleLabValues;
  if (lab.kind === "qualitative") return readQualitativeResult(raw, lab, ctx);
  let q = raw.value.quantity;
  if (q === undefined && raw.value.text !== undefined) {
    // A number with its unit written in the text is read when the unit converts; else it is refused
    // as text below (the words after a number may be a comment, "12 (clumped)", not a unit). The unit
    // is tried on 1: an ambiguous `150,000 /uL` has no value yet (asCount reads it below).
    const read = readValueText(raw.value.text);
    if (read !== undefined && (read.unit === undefined || ctx.units.convert(1, read.unit, lab).ok)) q = read;
  }
  if (q === undefined) {
    if (lab.acceptsQualitative) return readQualitativeResult(raw, lab, ctx);
    const shown = raw.value.text ?? raw.value.conceptText ?? raw.value.codings?.[0]?.display;
    if (shown === undefined) return reject(raw, "missing-value", `${lab.name} result has no value`);
    const sign = unreadComparator(shown);
    return sign === undefined
      ? reject(raw, "value-type", `${lab.name} needs a number; got ${quoteInput(shown)}`)
      : reject(
          raw,
          "unsupported-comparator",
          `${lab.name} value ${quoteInput(shown)}: ${quoteInput(sign)} is none of <, <=, >, >= (or less than, greater than …), so which side of a cut-off the value lies on is not known; not read as the number alone`,
        );
  }
  q = asCount(q, q.unit, lab, ctx.units);
  if (q.ambiguous !== undefined)
    return reject(raw, "invalid-value", `${lab.name} value ${quoteInput(q.literal ?? "")} ${q.ambiguous}`);
  if (q.literal !== undefined)
    return reject(
      raw,
      "invalid-value",
      `${lab.name} value ${quoteInput(q.literal)} ${unrepresentable(q.literal)}`,
    );
  if (!Number.isFinite(q.value))
    return reject(raw, "invalid-value", `${lab.name} value ${q.value} is not a number`);
  let comparator: Comparator | undefined;
  if (q.comparator !== undefined) {
    comparator = COMPARATORS.get(q.comparator);
    if (comparator === undefined)
      return reject(
        raw,
        "unsupported-comparator",
        `${lab.name} comparator ${quoteInput(q.comparator)} is not one of <, <=, >, >=`,
      );
  }
  // A bare number (FHIR valueString "12", a valueQuantity with no unit or code) whose reference range
  // carries a unit is in that unit: FHIR's referenceRange low/high are stated in the result's own unit.
  // Used only when the bare number cannot be read, so a unitless lab (INR) reads as before.
  if (q.unit === undefined && !ctx.units.convert(q.value, undefined, lab).ok) {
    const unit = rangeUnit(raw.refLow, raw.refHigh);
    if (unit !== undefined) q = { ...q, unit };
  }
  const converted = ctx.units.convert(q.value, q.unit, lab);
  if (!converted.ok) return reject(raw, "unit-not-convertible", converted.reason);
  let target: ConvertibleLab = lab;
  if (converted.basis !== undefined && lab.basisLabs !== undefined) {
    const moved = ctx.vocabulary.labById(lab.basisLabs[converted.basis]);
    if (moved !== undefined) target = moved as ConvertibleLab;
  }
  const p = target.plausible;
  if (p !== undefined && (converted.value < p.min || converted.value > p.max)) {
    return reject(
      raw,
      "implausible-value",
      `${target.name} ${converted.value} ${converted.unit} is outside the physiologically possible range ${p.min}–${p.max} ${converted.unit}`,
    );
  }
  const floor = target.detectionLimit;
  if (
    floor !== undefined &&
    converted.value > 0 &&
    converted.value < floor &&
    comparator?.startsWith("<") !== true
  ) {
    return reject(
      raw,
      "implausible-value",
      `${target.name} ${converted.value} ${converted.unit} is above zero but below the lowest count any method detects (${floor} ${converted.unit}): check the unit sent (${quoteInput(q.unit ?? "none")})`,
    );
  }
  const refLow = convertRange(raw.refLow, q.unit, target, ctx.units);
  const refHigh = convertRange(raw.refHigh, q.unit, target, ctx.units);
  const rangeOk = refLow === undefined || refHigh === undefined || refLow <= refHigh;
  // A printed flag, else the result's own coded interpretation (never the panel's, lent to it). The value is
  // used as measured whatever the flag says: the flag is the laboratory's reading of the value against a range
  // (HL7 ObservationInterpretation: L "below the lower limit of the reference range", N "within" it), so the
  // number is the measurement and the flag derived from it. One that contradicts the range sent is kept with
  // the value and named wherever the value is quoted and in the report's cautions: refusing the value would
  // silence a platelet count of 8 flagged N. With no range sent, the flag is kept and quoted, and no range is
  // invented for it.
  const coded =
    q.flag === undefined && raw.value.interpretationLent !== true
      ? codedInterpretation(raw.value.interpretation)
      : undefined;
  const flag = q.flag ?? coded;
  const against = flagAgainstRange(
    flag,
    converted.value,
    rangeOk ? refLow : undefined,
    rangeOk ? refHigh : undefined,
  );
  // Built field by field, in the order of the record's JSON: this runs for every lab value.
  const result: { -readonly [K in keyof LabResult]?: LabResult[K] } = {
    ref: raw.ref,
    lab: target.id,
    loinc: raw.loinc,
    at: raw.at,
    value: converted.value,
    unit: converted.unit,
  };
  if (comparator !== undefined) result.comparator = comparator;
  if (flag !== undefined)
    result.flag = {
      code: flag,
      source: q.flag !== undefined ? "printed" : "interpretation",
      ...(against !== undefined && { against }),
    };
  if (rangeOk && refLow !== undefined) result.refLow = refLow;
  if (rangeOk && refHigh !== undefined) result.refHigh = refHigh;
  result.original = q.unit !== undefined ? { value: q.value, unit: q.unit } : { value: q.value };
  return { ok: true, result: result as LabResult };
}
