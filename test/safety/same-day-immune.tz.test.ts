/**
 * Evans syndrome, TTP and acquired haemophilia A on results of the first dose's day, read as ITP reads its counts
 * (README "A count of the first dose's day without a draw time weighs, it does not erase"). Before, these three read
 * their results from the next day only: a panel of the dose's day without a draw time (a date, or exactly local
 * midnight) was left out of the finding, and with nothing after it the record was silent. Now such a panel is
 * possibly after the dose: the finding is read, at most possible, onset day 0, its timing named. A panel timed
 * after the dose that day is read too, at most possible (no immune TTP, FVIII inhibitor or Evans syndrome is
 * reported within hours of a first dose); one timed before the dose is the pre-dose state, not an onset; the next
 * day the rules give their own certainty. Doses and panels carry +08:00 and −05:00 offsets; the file runs in
 * both test time zones.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { SAME_DAY_NOTE } from "../../packages/core/src/engine/detect/same-day.js";
import { findingOf } from "../support/assess.js";
import { assessChecked, CSV_HEADER } from "../support/charted-words.js";
import { administration, labResult } from "../support/fhir-entries.js";

/** One result: [LOINC code, value, UCUM unit]. */
type Result = readonly [loinc: string, value: number | string, unit?: string];

/** A panel the disorder's rules find above possible, after a normal pre-dose count. */
const PANELS = {
  ttp: [
    ["777-3", 18, "10*9/L"],
    ["718-7", 8.1, "g/dL"],
    ["53622-7", 3, "%"],
  ],
  aha: [
    ["14979-9", 62, "s"],
    ["3209-4", 3, "%"],
    ["3204-5", 14, "[beth'U]/mL"],
  ],
  evans: [
    ["777-3", 22, "10*9/L"],
    ["718-7", 7.2, "g/dL"],
    ["1007-4", "positive"],
    ["4542-7", 8, "mg/dL"],
    ["2532-0", 980, "U/L"],
  ],
} as const satisfies Record<string, readonly Result[]>;
type Disorder = keyof typeof PANELS;
const DISORDERS = Object.keys(PANELS) as Disorder[];

/** Pembrolizumab at `dose`; a normal platelet count and hemoglobin three days before; `panel` at `at`. */
function fhir(dose: string, panel: readonly Result[], at: string): PatientReport {
  const before = "2026-02-26T08:00:00Z";
  const entry = [
    { resource: { resourceType: "Patient", id: "p1" } },
    { resource: administration("d1", "pembrolizumab", dose) },
    { resource: labResult("pre-plt", "777-3", before, 240, "10*9/L") },
    { resource: labResult("pre-hb", "718-7", before, 13.4, "g/dL") },
    ...panel.map(([loinc, value, unit], i) => ({ resource: labResult(`r${i}`, loinc, at, value, unit) })),
  ];
  return assessChecked({ kind: "fhir", value: { resourceType: "Bundle", type: "collection", entry } });
}

/** The same patient as CSV rows, the panel dated `on` without a time. */
function csv(dose: string, panel: readonly Result[], on: string): PatientReport {
  const lab = (at: string, [loinc, value, unit = ""]: Result) =>
    `p1,lab,${at},,loinc,${loinc},,${value},${unit},,,,,,,`;
  const rows = [
    CSV_HEADER,
    `p1,dose,${dose},,text,,pembrolizumab,,,,,,administration,,,`,
    lab("2026-02-26T08:00:00Z", ["777-3", 240, "10*9/L"]),
    lab("2026-02-26T08:00:00Z", ["718-7", 13.4, "g/dL"]),
    ...panel.map((r) => lab(on, r)),
  ];
  return assessChecked({ kind: "csv", text: `${rows.join("\n")}\n` });
}

/** What a reader sees of the finding: certainty, onset day, and whether its timing is named. */
function seen(p: PatientReport, id: Disorder) {
  const f = findingOf(p, id);
  if (!f) return undefined;
  return {
    certainty: f.certainty,
    day: f.onset?.daysFromFirstDose,
    undetermined: f.summary.includes(SAME_DAY_NOTE),
    beforeWindow: f.summary.includes("on the day of the first pembrolizumab dose"),
  };
}

const ZONES = [
  ["Shanghai (+08:00)", "2026-03-01T10:00:00+08:00", "2026-03-01T00:00:00+08:00", "+08:00"],
  ["New York (−05:00)", "2026-03-01T10:00:00-05:00", "2026-03-01T00:00:00-05:00", "-05:00"],
] as const;

describe.each(ZONES)(
  "results of the first dose's day, dose at 10:00 local in %s",
  (_, dose, midnight, offset) => {
    it.each(DISORDERS)(
      "%s on a panel dated without a time: possible, onset day 0, its timing named",
      (id) => {
        const expected = { certainty: "possible", day: 0, undetermined: true, beforeWindow: false };
        expect(seen(fhir(dose, PANELS[id], "2026-03-01"), id)).toEqual(expected);
        expect(seen(csv(dose, PANELS[id], "2026-03-01"), id)).toEqual(expected);
      },
    );

    it.each(DISORDERS)("%s on a panel at exactly local midnight: the same", (id) => {
      expect(seen(fhir(dose, PANELS[id], midnight), id)).toEqual({
        certainty: "possible",
        day: 0,
        undetermined: true,
        beforeWindow: false,
      });
    });

    it.each(DISORDERS)("%s on a panel timed at 14:00, after the dose: possible, before the window", (id) => {
      expect(seen(fhir(dose, PANELS[id], `2026-03-01T14:00:00${offset}`), id)).toEqual({
        certainty: "possible",
        day: 0,
        undetermined: false,
        beforeWindow: true,
      });
    });

    it.each(DISORDERS)("%s on a panel timed at 08:00, before the dose: no onset after the drug", (id) => {
      expect(findingOf(fhir(dose, PANELS[id], `2026-03-01T08:00:00${offset}`), id)).toBeUndefined();
    });

    it.each(DISORDERS)(
      "%s on the same panel the next day: the rules' own certainty, above possible",
      (id) => {
        const next = seen(fhir(dose, PANELS[id], `2026-03-02T08:00:00${offset}`), id);
        expect(next?.day).toBe(1);
        expect(next?.certainty).not.toBe("possible");
        expect(next?.beforeWindow).toBe(false);
      },
    );
  },
);
