/**
 * What the record holds that the plans' patient-wide lines read before a drug is chosen, for the patient
 * header: the drug allergies charted, a pregnancy or breastfeeding charted, a kidney failure charted, and the
 * latest body weight, height and creatinine with their dates — the inputs of the Cockcroft–Gault clearance (an
 * adult's) and of the bedside Schwartz eGFR (a child's, from the height) the renal avoid lines rest on. Read from
 * the record as it is, with dates: whether a pregnancy is still under way or what clearance they give is the
 * engine's reading (the header's kidney-function line, from the report), not computed here.
 */
import {
  type ClinicalEvent,
  calendarDate,
  instant,
  type LabResult,
  type PatientRecord,
  valueWithUnit,
} from "@hemosentinel/core";

/** One item of the header's prescribing line: what, in words, and the record it comes from. */
export interface PrescribingItem {
  readonly key: string;
  readonly label: string;
  readonly text: string;
  readonly ref: string;
}

/** Event kinds the line names, with their label, in the order shown. */
const EVENTS: readonly (readonly [ClinicalEvent["kind"], string])[] = [
  ["drug-hypersensitivity", "Drug allergy"],
  ["hit-history", "Heparin-induced thrombocytopenia in the past"],
  ["pregnancy", "Pregnancy charted"],
  ["breastfeeding", "Breastfeeding charted"],
  ["kidney-failure", "Kidney failure charted"],
];

/** The latest numeric result of a lab in the record. */
function latest(labs: readonly LabResult[], lab: string): LabResult | undefined {
  return labs
    .filter((l) => l.lab === lab && l.value !== undefined)
    .reduce<LabResult | undefined>(
      (m, l) => (m === undefined || instant(l.at) > instant(m.at) ? l : m),
      undefined,
    );
}

/**
 * The items of the prescribing line, or none.
 *
 * @example prescribingItems(record).map((i) => `${i.label}: ${i.text}`)
 * // ["Drug allergy: Allergy to enoxaparin: urticaria (2023-05-10)", "Weight: 52 kg (2025-11-28)", "Creatinine: 2.6 mg/dL (2025-11-28)"]
 */
export function prescribingItems(record: Pick<PatientRecord, "events" | "labs">): readonly PrescribingItem[] {
  const events = EVENTS.flatMap(([kind, label]) =>
    record.events
      .filter((e) => e.kind === kind)
      .sort((a, b) => instant(a.at) - instant(b.at))
      .map((e, i) => {
        const when = `${calendarDate(e.at)}${e.end === undefined ? "" : ` to ${calendarDate(e.end)}`}`;
        // A pregnancy, breastfeeding or kidney failure is named by its kind; an allergy by what was charted.
        const named = kind === "drug-hypersensitivity" || kind === "hit-history";
        const what = named ? (e.text ?? (e.qualifiers ?? []).filter((q) => q !== "severe").join(", ")) : "";
        const severe = kind === "drug-hypersensitivity" && e.qualifiers?.includes("severe") ? ", severe" : "";
        return {
          key: `${kind}-${i}`,
          label,
          text: what === "" ? `${when}${severe}` : `${what} (${when}${severe})`,
          ref: e.ref,
        };
      }),
  );
  const labs = (
    [
      ["body-weight", "Weight"],
      ["body-height", "Height"],
      ["creatinine", "Creatinine"],
    ] as const
  ).flatMap(([lab, label]) => {
    const l = latest(record.labs, lab);
    if (l?.value === undefined) return [];
    return [
      {
        key: lab,
        label,
        text: `${l.comparator ?? ""}${valueWithUnit(l.value, l.unit)} (${calendarDate(l.at)})`,
        ref: l.ref,
      },
    ];
  });
  return [...events, ...labs];
}
