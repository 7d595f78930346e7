/**
 * The keys the lab catalogue is looked up by, shared by the schemas (labs.ts) and the lookup maps
 * (lab-catalogue.ts): the LOINC check digit and the folding of unit spellings.
 */
import { plainDigits } from "./superscript.js";

/** True when the last digit of a LOINC code is its mod-10 (Luhn) check digit, which catches most typos. */
export function hasValidLoincCheckDigit(code: string): boolean {
  const m = /^(\d{1,7})-(\d)$/.exec(code);
  if (!m) return false;
  const body = m[1] as string;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10 === Number(m[2]);
}

/**
 * A spelling as written, case kept: trimmed, inner spaces collapsed and dropped around `x × ^ * /`,
 * µ/μ read as u, the times sign × read as x, and superscript digits as plain ones (`10⁴` as `10^4`,
 * `mm³` as `mm3`), so "× 10⁴/μL" and "x10^4/uL" are one spelling.
 */
export function exactSpellingKey(sent: string): string {
  return sent
    .trim()
    .replace(/\s+/g, " ")
    .replace(/ ?([x×^*/]) ?/g, "$1")
    .replace(/[µμ]/g, "u")
    .replace(/×/g, "x")
    .replace(/(10)?([⁰¹²³⁴⁵⁶⁷⁸⁹]+)/g, (_, ten: string | undefined, sup: string) =>
      ten ? `10^${plainDigits(sup)}` : plainDigits(sup),
    );
}

/**
 * A D-dimer basis written in brackets after the unit (`ug/mL (FEU)`, `ng/mL[DDU]`) or before it
 * (`FEU ug/mL`), as laboratory reports print it: read as the unit followed by the basis (`ug/mL FEU`), so
 * that the basis is kept rather than the result refused as an unknown unit. Applied to folded keys.
 */
const BASIS_BRACKETED = /\s*[([]\s*(feu|ddu)\s*[)\]]$/;
const BASIS_FIRST = /^(feu|ddu) (\S+)$/;

/**
 * The case-insensitive folding used to look most spellings up. A leading power of ten reads alike however a
 * laboratory system prints it (`x10*3`, `10E03`, `10(3)`, `10^3` are one, and `10 9/L`, the superscript
 * flattened to a space when a report is copied as text: no count is reported per ten-times-nine litres), the
 * word "cells" is ignored ("x10^9 cells/L" is x10^9/L), and a full stop ending the unit (`mg/dL.`, a
 * sentence's end; no UCUM unit ends with one) is dropped, so the table need not list every printing.
 */
export function spellingKey(sent: string): string {
  return exactSpellingKey(sent)
    .toLowerCase()
    .replace(/\s*cells?\s*/g, "")
    .replace(/\.$/, "")
    .replace(/^x(?=10)/, "")
    .replace(/^10(?:\^|\*|e|\(| )0*([1-9]\d?)\)?(?=\/|$)/, "10^$1")
    .replace(BASIS_BRACKETED, " $1")
    .replace(BASIS_FIRST, "$2 $1");
}
