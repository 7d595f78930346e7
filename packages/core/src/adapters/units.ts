/**
 * Converts a lab value from the unit a laboratory sent to the catalogue's canonical UCUM unit.
 *
 * Order of reading a unit: the spelling table (knowledge/unit-spellings.yaml) first, because common lab
 * spellings such as `K/uL` are valid UCUM with another meaning; then UCUM itself (NLM ucum-lhc). The
 * factor for each (unit as sent, lab) pair is computed once and cached: conversion runs for every value.
 */
import { type UcumConversion, UcumLhcUtils } from "@lhncbc/ucum-lhc";
import { foldedAlternative, lookupSpelling } from "../knowledge/lab-catalogue.js";
import type { ConvertibleLab, UnitConverter, UnitSpellings } from "../knowledge/vocabulary.js";
import { clipInput, quoteInput } from "./quote.js";

// The converter's contract is part of the adapters' Vocabulary (knowledge/vocabulary.ts).
export type { Conversion, ConvertibleLab, LabUnitRules, UnitConverter } from "../knowledge/vocabulary.js";

type Factor =
  | {
      readonly ok: true;
      readonly factor: number;
      /** Added after the factor: only between temperature scales (°F to °C). */
      readonly offset?: number;
      readonly basis?: "FEU" | "DDU";
    }
  | {
      readonly ok: false;
      readonly reason: string;
      /** The unit is UCUM but of another dimension than the lab's (a count per litre for a mass concentration). */
      readonly otherDimension?: true;
    };

let ucumUtils: UcumLhcUtils | undefined;
/**
 * The NLM UCUM implementation. Its unit tables (a 230 KB JSON file the package requires, which bundlers
 * inline) are read on first use, by a unit that the spelling table does not resolve.
 */
export function ucum(): UcumLhcUtils {
  ucumUtils ??= UcumLhcUtils.getInstance();
  return ucumUtils;
}

const BASIS = /\{(FEU|DDU)\}/i;
/** Canonical units that are pure annotations or `1` are dimensionless: a missing unit means that unit. */
const DIMENSIONLESS = /^(1|\{[^}]*\})$/;
const BARE_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)$/;
/** Float noise from UCUM factors (0.9999999999999999) must not move a value across a grade cut-off. */
const SIGNIFICANT = 12;

function clean(x: number): number {
  return Number(x.toPrecision(SIGNIFICANT));
}

/** ucum-lhc conversion that reports a library exception as a failed conversion. */
function safeConvert(
  from: string,
  value: number,
  to: string,
  options: { molecularWeight?: number },
): UcumConversion {
  try {
    return ucum().convertUnitTo(from, value, to, options);
  } catch (e) {
    return { status: "error", toVal: null, msg: [(e as Error).message] };
  }
}

/**
 * A leading number of a UCUM code (`103` of `103/uL`, `10.3` of `10.3/uL`, where the dot multiplies: 10 × 3),
 * not the base of a power (`10*3`).
 */
const LEADING_FACTOR = /^(\d+(?:\.\d+)*)(?![\d*^.])/;

/**
 * The leading factor of a UCUM code when it is no power of ten (1, 10, 100, …): no laboratory prints a count
 * per 103 µL or per 30 µL; such a unit is a power whose exponent was flattened (10³ written 103) and is refused
 * by name rather than read a hundred times off.
 */
function oddLeadingFactor(code: string): number | undefined {
  const m = LEADING_FACTOR.exec(code);
  if (!m) return undefined;
  const factor = (m[1] as string).split(".").reduce((a, b) => a * Number(b), 1);
  return /^10*$/.test(String(factor)) ? undefined : factor;
}

/** Reads a unit as sent into a UCUM code: spelling table first, then UCUM syntax. */
function resolveUcum(spellings: UnitSpellings, sent: string): string | undefined {
  const spelled = lookupSpelling(spellings, sent);
  if (spelled !== undefined) return spelled;
  const code = sent.trim().replace(/[µμ]/g, "u");
  if (code === "") return undefined;
  try {
    return ucum().validateUnitString(code).status === "valid" ? code : undefined;
  } catch {
    // ucum-lhc looks names up in plain objects: "toString" passes validation and then throws.
    return undefined;
  }
}

/**
 * The factor for a unit as sent; a case-sensitive spelling that cannot express the lab (`G/L`, giga per
 * litre, for fibrinogen) is read as its folded spelling (`g/L`) when that one can.
 */
function computeFactor(spellings: UnitSpellings, sent: string | undefined, lab: ConvertibleLab): Factor {
  const first = computeFactorOf(spellings, sent, lab);
  if (first.ok || sent === undefined || !first.otherDimension) return first;
  const folded = foldedAlternative(spellings, sent);
  if (folded === undefined) return first;
  const second = computeFactorOf(spellings, sent, lab, folded);
  return second.ok ? second : first;
}

function computeFactorOf(
  spellings: UnitSpellings,
  sent: string | undefined,
  lab: ConvertibleLab,
  resolved?: string,
): Factor {
  const target = lab.unit;
  if (target === undefined)
    return { ok: false, reason: `${lab.name} is read as positive/negative, not as a number` };
  if (sent === undefined || sent.trim() === "") {
    if (DIMENSIONLESS.test(target)) return { ok: true, factor: 1 };
    return {
      ok: false,
      reason: `unit missing: a ${lab.name} value needs a unit (expected ${target} or convertible)`,
    };
  }
  // UCUM reads a bare number as a dimensionless factor ("10" = ten), and the library misreads "0"; as a
  // lab unit a bare number is an entry error, not a scale.
  if (BARE_NUMBER.test(sent.trim()) && !(sent.trim() === "1" && DIMENSIONLESS.test(target)))
    return { ok: false, reason: `unit ${quoteInput(sent)} is a bare number, not a unit` };
  const spelled = resolved ?? lookupSpelling(spellings, sent);
  const code = spelled ?? resolveUcum(spellings, sent);
  if (code === undefined)
    return { ok: false, reason: `unit ${quoteInput(sent)} is neither UCUM nor a known lab spelling` };
  const odd = spelled === undefined ? oddLeadingFactor(code) : undefined;
  if (odd !== undefined)
    return {
      ok: false,
      reason: `unit ${quoteInput(sent)} starts with a factor of ${odd}, which is no power of ten: a power whose exponent was flattened (10³ written 103)? Send it as 10^3/uL, K/uL or 10^9/L`,
    };
  const rejected = lab.rejectUnits?.find((r) => r.unit === code);
  if (rejected) return { ok: false, reason: `unit ${quoteInput(sent)} for ${lab.name}: ${rejected.reason}` };
  const named = BASIS.exec(code)?.[1]?.toUpperCase() as "FEU" | "DDU" | undefined;
  if (named !== undefined && lab.basis !== undefined && named !== lab.basis) {
    return {
      ok: false,
      reason: `unit ${quoteInput(sent)} reports D-dimer in ${named} but ${lab.name} is ${lab.basis}; DDU ≈ FEU/2 and the two are never converted`,
    };
  }
  const basis = named !== undefined && lab.basisLabs !== undefined ? { basis: named } : {};
  const bare = code.replace(BASIS, "");
  if (bare === target || code === target) return { ok: true, factor: 1, ...basis };
  const equivalence = lab.unitEquivalences?.find((e) => e.unit === bare);
  if (equivalence) return { ok: true, factor: equivalence.factor, ...basis };
  const options = lab.molecularWeight !== undefined ? { molecularWeight: lab.molecularWeight } : {};
  const one = safeConvert(bare, 1, target, options);
  if (one.status !== "succeeded" || one.toVal === null || !Number.isFinite(one.toVal)) {
    const msg = one.msg.join(" ");
    if (/molecular weight/i.test(msg))
      return {
        ok: false,
        reason: `unit ${quoteInput(sent)} is molar and ${lab.name} has no molecular weight to convert it to ${target}`,
      };
    if (/arbitrary/i.test(msg))
      return {
        ok: false,
        reason: `unit ${quoteInput(sent)} is an arbitrary unit with no fixed relation to ${target} for ${lab.name}`,
      };
    const shown = bare === sent.trim() ? quoteInput(sent) : `${quoteInput(sent)} (${quoteInput(bare)})`;
    return {
      ok: false,
      reason: `unit ${shown} cannot express ${lab.name}, which is measured in ${target}`,
      otherDimension: true,
    };
  }
  const zero = safeConvert(bare, 0, target, options);
  // A temperature (a lab measured in degrees Celsius) converts between scales with an offset; no other lab
  // has an offset scale, so one sent for it is an entry error.
  if (zero.toVal !== 0 && zero.toVal !== null && Number.isFinite(zero.toVal) && target === "Cel")
    return { ok: true, factor: clean(one.toVal - zero.toVal), offset: clean(zero.toVal) };
  if (zero.toVal !== 0)
    return {
      ok: false,
      reason: `unit ${quoteInput(sent)} has an offset scale (like a temperature) and cannot be a ${lab.name} unit`,
    };
  return { ok: true, factor: clean(one.toVal), ...basis };
}

/**
 * A converter over a spelling table. Factors are cached per lab id and unit string as sent.
 * @example
 * const units = createUnitConverter(knowledge.vocabulary.unitSpellings);
 * units.convert(150, "K/uL", platelets); // { ok: true, value: 150, unit: "10*9/L" }
 */
export function createUnitConverter(spellings: UnitSpellings): UnitConverter {
  const cache = new Map<string, Map<string, Factor>>();
  const MISSING = "\u0000";
  return {
    convert(value, unitAsSent, lab) {
      let perLab = cache.get(lab.id);
      if (perLab === undefined) {
        perLab = new Map();
        cache.set(lab.id, perLab);
      }
      const key = unitAsSent ?? MISSING;
      let f = perLab.get(key);
      if (f === undefined) {
        f = computeFactor(spellings, unitAsSent, lab);
        perLab.set(key, f);
      }
      if (!f.ok) return f;
      if (!Number.isFinite(value)) return { ok: false, reason: `value ${value} is not a finite number` };
      const converted = f.factor === 1 && !f.offset ? value : clean(value * f.factor + (f.offset ?? 0));
      if (!Number.isFinite(converted))
        return {
          ok: false,
          reason: `value ${value} ${clipInput(unitAsSent ?? "")} is out of range once converted to ${lab.unit}`,
        };
      const unit = lab.unit as string;
      return f.basis !== undefined
        ? { ok: true, value: converted, unit, basis: f.basis }
        : { ok: true, value: converted, unit };
    },
  };
}

/**
 * Why a quantity's printed unit and its coded unit (FHIR `valueQuantity.unit` and `.code`) cannot both
 * be true for `lab`, or undefined when they agree, when one of them is absent, or when one of them is not
 * a unit of the lab at all (then the one that is decides, as before). Two units that both express the lab
 * but with different factors (`g/dL` printed, `g/L` coded: tenfold) leave the value unreadable without a
 * guess at which one the laboratory meant.
 * @example
 * unitDisagreement("g/dL", "g/L", hemoglobin, units);
 * // 'printed unit "g/dL" and coded unit "g/L" disagree for Hemoglobin (1 g/dL is 1 g/dL; 1 g/L is 0.1 g/dL)'
 */
export function unitDisagreement(
  printed: string | undefined,
  coded: string | undefined,
  lab: ConvertibleLab,
  units: UnitConverter,
): string | undefined {
  if (printed === undefined || coded === undefined || printed.trim() === coded.trim()) return undefined;
  const a = units.convert(1, printed, lab);
  const b = units.convert(1, coded, lab);
  if (!a.ok || !b.ok) return undefined;
  const same = Math.abs(a.value - b.value) <= 1e-9 * Math.max(Math.abs(a.value), Math.abs(b.value));
  // A unit that names no basis (UCUM has no code for FEU or DDU) does not contradict one that does.
  if (same && (a.basis === b.basis || a.basis === undefined || b.basis === undefined)) return undefined;
  const basis = (c: { basis?: string }) => (c.basis === undefined ? "" : ` ${c.basis}`);
  return (
    `printed unit ${quoteInput(printed)} and coded unit ${quoteInput(coded)} disagree for ${lab.name} ` +
    `(1 ${clipInput(printed)} is ${a.value} ${a.unit}${basis(a)}; 1 ${clipInput(coded)} is ${b.value} ${b.unit}${basis(b)}): ` +
    "not read rather than guess which one the laboratory meant"
  );
}
