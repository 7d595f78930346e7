/**
 * Values and units as a clinician reads them (`8 ×10⁹/L`, `20 BU/mL`): shared by the criteria traces the
 * core writes and by the renderers. JSON keeps the UCUM codes.
 */
import { superscriptDigits } from "../knowledge/superscript.js";
import { boundedMemo } from "./memo.js";

/** A UCUM unit written for people: `10*9/L` → `×10⁹/L`, `{INR}` → ``. */
export function displayUnit(unit: string | undefined): string {
  return unit === undefined ? "" : shownUnit(unit);
}

// Every criterion trace writes units, and a record has few: each is written once.
const shownUnit = boundedMemo((unit: string) => unitForPeople(unit), 1024);

function unitForPeople(unit: string): string {
  if (unit === "1" || /^\{.*\}$/.test(unit)) return "";
  // UCUM's temperature codes are not what a clinician reads: Cel is °C, [degF] is °F.
  if (unit === "Cel") return "°C";
  if (unit === "[degF]") return "°F";
  return unit
    .replace(/^10\*(\d+)/, (_, exp: string) => `×10${superscriptDigits(exp)}`)
    .replace("[beth'U]", "BU");
}

/**
 * A number as the trace prints it: a whole number of five digits or more with its thousands grouped by commas, as
 * the knowledge base writes its cut-offs (a ferritin of `48,000` against `10,000 ng/mL`); others as they are.
 *
 * @example numberText(48000) // "48,000"
 * @example numberText(1450) // "1450"
 */
export function numberText(value: number): string {
  if (!Number.isInteger(value) || Math.abs(value) < 10000) return String(value);
  const digits = String(Math.abs(value)).replace(/\B(?=(\d{3})+$)/g, ",");
  return value < 0 ? `-${digits}` : digits;
}

/** Value with its display unit, e.g. `8 ×10⁹/L`. */
export function valueWithUnit(value: number, unit: string | undefined): string {
  const u = displayUnit(unit);
  const v = numberText(value);
  return u === "" ? v : u === "%" ? `${v}%` : `${v} ${u}`;
}

/**
 * What the source said that makes a lab result less certain than a final, timed result, in words for
 * the trace that quotes it: ` (preliminary)`, ` (status unknown)`, ` (time of report: no collection
 * time)`, ` (time: end of the collection period)`; empty otherwise.
 */
export function labCaveat(r: {
  readonly preliminary?: boolean;
  readonly statusUnknown?: boolean;
  readonly issuedOnly?: boolean;
  readonly periodEndOnly?: boolean;
  readonly flag?: LabFlag;
  readonly unit?: string;
  readonly refLow?: number;
  readonly refHigh?: number;
}): string {
  const flag = flagText(r);
  const parts = [
    ...(r.preliminary === true ? ["preliminary"] : []),
    ...(r.statusUnknown === true ? ["status unknown"] : []),
    ...(r.issuedOnly === true ? ["time of report: no collection time"] : []),
    ...(r.periodEndOnly === true ? ["time: end of the collection period"] : []),
    ...(flag === undefined ? [] : [flag]),
  ];
  return parts.length === 0 ? "" : ` (${parts.join("; ")})`;
}

/** The laboratory's own flag on a result (LabResult `flag`). */
export interface LabFlag {
  readonly code: string;
  readonly source: "interpretation" | "printed";
  readonly against?: "below" | "above" | "within";
}

/** HL7 ObservationInterpretation's normality codes in words (terminology.hl7.org display names). */
const FLAG_WORDS: Readonly<Record<string, string>> = {
  N: "normal",
  L: "low",
  LU: "significantly low",
  LL: "critical low",
  H: "high",
  HU: "significantly high",
  HH: "critical high",
  A: "abnormal",
  AA: "critical abnormal",
};

/**
 * The laboratory's flag on a result, in words, when the trace must name it: with no reference range sent (the
 * flag is all the laboratory said of the value; no range is invented from it), or when it contradicts the range
 * sent (the value is used as measured, and the contradiction named). Undefined when there is no flag, or the
 * range sent agrees with it.
 * @example
 * flagText({ flag: { code: "LL", source: "interpretation" } }); // "laboratory interpretation LL (critical low), no reference range sent"
 */
export function flagText(r: {
  readonly flag?: LabFlag;
  readonly unit?: string;
  readonly refLow?: number;
  readonly refHigh?: number;
}): string | undefined {
  const f = r.flag;
  if (f === undefined) return undefined;
  const words = FLAG_WORDS[f.code];
  const named = `${f.source === "printed" ? "laboratory flag" : "laboratory interpretation"} ${f.code}${words === undefined ? "" : ` (${words})`}`;
  if (r.refLow === undefined && r.refHigh === undefined) return `${named}, no reference range sent`;
  if (f.against === undefined) return undefined;
  const range =
    r.refLow !== undefined && r.refHigh !== undefined
      ? `reference range ${numberText(r.refLow)}–${valueWithUnit(r.refHigh, r.unit)}`
      : r.refLow !== undefined
        ? `lower reference limit ${valueWithUnit(r.refLow, r.unit)}`
        : `upper reference limit ${valueWithUnit(r.refHigh as number, r.unit)}`;
  return `${named}, but the value lies ${f.against} the laboratory's ${range}: used as measured; check the value against the flag`;
}

/** Clinical event kinds and therapy classes as a clinician writes them ("liver disease", "CAR-T cell therapy"). */
const TERMS: Readonly<Record<string, string>> = {
  crs: "cytokine release syndrome",
  icans: "ICANS",
  hlh: "HLH",
  hit: "heparin-induced thrombocytopenia",
  dic: "DIC",
  ttp: "TTP or thrombotic microangiopathy",
  "congenital-ttp": "congenital TTP (Upshaw-Schulman syndrome)",
  hus: "hemolytic uremic syndrome",
  itp: "immune thrombocytopenia",
  aha: "acquired haemophilia A",
  "aha-considered": "suspicion or rule-out of acquired haemophilia A",
  "rbc-transfusion": "red-cell transfusion",
  "plasma-therapy": "plasma exchange or plasma transfusion",
  ici: "a checkpoint inhibitor",
  bispecific: "a bispecific T-cell engager",
  antibody: "a therapeutic antibody",
  "car-t": "CAR-T cell therapy",
  "tma-inducing": "TMA-inducing",
  "thrombocytopenia-drug": "thrombocytopenia-causing",
  "gp2b3a-inhibitor": "GP IIb/IIIa inhibitor",
  "cyp3a4-pgp-inhibitor": "strong CYP3A4 and P-gp inhibitor",
  "cyp3a4-pgp-inducer": "strong CYP3A4 and P-gp inducer",
  "moderate-cyp3a-inhibitor": "moderate CYP3A inhibitor",
  "strong-cyp3a-inhibitor": "strong CYP3A inhibitor",
  "strong-cyp3a-inducer": "strong CYP3A inducer",
  "moderate-cyp3a-inducer": "moderate CYP3A inducer",
  "tpo-receptor-agonist": "thrombopoietin-receptor agonist",
  apcc: "activated prothrombin complex concentrate (aPCC)",
  "human-fviii": "human FVIII concentrate",
};

/** A closed-vocabulary id written for people: `liver-disease` → `liver disease`, `crs` → `cytokine release syndrome`. */
export function termText(id: string): string {
  return TERMS[id] ?? id.replaceAll("-", " ");
}
