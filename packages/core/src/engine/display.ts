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
}): string {
  const parts = [
    ...(r.preliminary === true ? ["preliminary"] : []),
    ...(r.statusUnknown === true ? ["status unknown"] : []),
    ...(r.issuedOnly === true ? ["time of report: no collection time"] : []),
    ...(r.periodEndOnly === true ? ["time: end of the collection period"] : []),
  ];
  return parts.length === 0 ? "" : ` (${parts.join("; ")})`;
}

/** Clinical event kinds and therapy classes as a clinician writes them ("liver disease", "CAR-T cell therapy"). */
const TERMS: Readonly<Record<string, string>> = {
  crs: "cytokine release syndrome",
  icans: "ICANS",
  hlh: "HLH",
  hit: "heparin-induced thrombocytopenia",
  dic: "DIC",
  ttp: "TTP or thrombotic microangiopathy",
  hus: "hemolytic uremic syndrome",
  itp: "immune thrombocytopenia",
  aha: "acquired haemophilia A",
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
  "tpo-receptor-agonist": "thrombopoietin-receptor agonist",
  apcc: "activated prothrombin complex concentrate (aPCC)",
  "human-fviii": "human FVIII concentrate",
};

/** A closed-vocabulary id written for people: `liver-disease` → `liver disease`, `crs` → `cytokine release syndrome`. */
export function termText(id: string): string {
  return TERMS[id] ?? id.replaceAll("-", " ");
}
