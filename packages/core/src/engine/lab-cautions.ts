/**
 * Results used as measured whose own parts disagree, for the report's `cautions`: a laboratory flag that
 * contradicts the reference range sent with the value (platelets 8 ×10⁹/L flagged N beside 150–400). The value is
 * the measurement and the flag the laboratory's reading of it, so the value is used (refusing it would silence a
 * critical count) and the contradiction named here and wherever the value is quoted.
 */
import type { LabResult } from "../contracts/model.js";
import type { Caution } from "../contracts/report.js";
import { calendarDate } from "./dates.js";
import { flagText, valueWithUnit } from "./display.js";

/**
 * The cautions of `labs`, in record order.
 * @example
 * labCautions(record.labs, (id) => "Platelet count");
 * // [{ ref: "Observation/p", kind: "flag-against-range", detail: "Platelet count 8 ×10⁹/L on 2024-03-01: laboratory interpretation N (normal), but …" }]
 */
export function labCautions(
  labs: readonly LabResult[],
  labName: (id: string) => string | undefined,
): Caution[] {
  const out: Caution[] = [];
  for (const l of labs) {
    if (l.flag?.against === undefined || l.value === undefined) continue;
    const text = flagText(l);
    if (text === undefined) continue;
    out.push({
      ref: l.ref,
      kind: "flag-against-range",
      detail: `${labName(l.lab) ?? l.lab} ${l.comparator ?? ""}${valueWithUnit(l.value, l.unit)} on ${calendarDate(l.at)}: ${text}`,
    });
  }
  return out;
}
