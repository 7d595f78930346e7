/**
 * A HIT in the past bars heparin for good (ASH 2018, Cuker 2018, doi:10.1182/bloodadvances.2018024489: outside
 * cardiac surgery with negative antibodies, a patient with a history of HIT is given a non-heparin anticoagulant).
 * A platelet fall on enoxaparin months ago whose 4Ts, read at that fall, was intermediate or high is such a history
 * once the score no longer applies at the evaluation: the thrombosis plan of today gives no LMWH or heparin and says
 * to avoid it (knowledge/management/facts.yaml hit-history). A low 4Ts, or a negative PF4/heparin immunoassay after
 * the fall, leaves LMWH offered as before. Each record is read through the CSV format and its plans pass the safety
 * invariants (the contraindication sweep reads the same fact).
 */
import { describe, expect, it } from "vitest";
import { assessChecked, CSV_HEADER, thrombosisPlan } from "../support/charted-words.js";

const plt = (on: string, value: number) => `p1,lab,${on},,lab,platelets,,${value},10*9/L,150,400,,,,,`;

/**
 * Enoxaparin from 1 November 2025 with daily counts, the count falling on day 6 to `day6` and on day 7 to `day7`
 * (4Ts fall and timing points from them), pembrolizumab from January 2026 and a pulmonary embolism on 10 March 2026,
 * four months after the fall, as CSV rows with `rows` added (assessed on 12 March 2026 by `planOf`).
 */
function pastFallRows(day6: number, day7: number, ...rows: string[]): string[] {
  return [
    CSV_HEADER,
    "p1,patient,,,,,,,,,,,,,1960,female",
    'p1,event,2025-10-20,,text,,"Metastatic adenocarcinoma of the lung",,,,,,,,,',
    plt("2025-10-31", 250),
    "p1,dose,2025-11-01,2025-11-12,text,,enoxaparin,40,mg,,,,administration,,,",
    plt("2025-11-02", 248),
    plt("2025-11-05", 245),
    plt("2025-11-06", 230),
    plt("2025-11-07", day6),
    plt("2025-11-08", day7),
    plt("2025-11-20", 230),
    ...["2026-01-05", "2026-01-26", "2026-02-16"].map(
      (on) => `p1,dose,${on},,text,,pembrolizumab,200,mg,,,,administration,,,`,
    ),
    plt("2026-03-10", 240),
    'p1,event,2026-03-10,,text,,"Acute pulmonary embolism on CTPA",,,,,,,,,',
    ...rows,
  ];
}

/** The thrombosis plan of the CSV `lines`. */
const planOf = (lines: readonly string[]) =>
  thrombosisPlan(assessChecked({ kind: "csv", text: `${lines.join("\n")}\n` }));

const pastFall = (day6: number, day7: number, ...rows: string[]) => planOf(pastFallRows(day6, day7, ...rows));

const LMWH = "thr-anticoagulation-full-dose";
const AVOID = "thr-avoid-heparin-hit-history";
const NON_HEPARIN = "thr-hit-history-non-heparin";

describe("a HIT in the past bars heparin in today's thrombosis plan", () => {
  it("a fall on enoxaparin with a 4Ts of 4 four months ago: avoid heparin, a non-heparin anticoagulant, no LMWH", () => {
    // Fall 64 % with nadir 90 (2) from day 6 (2): 4 certain points, intermediate (Cuker 2012).
    const plan = pastFall(150, 90);
    expect(plan).toEqual(expect.arrayContaining([AVOID, NON_HEPARIN]));
    expect(plan).not.toContain(LMWH);
  });

  it("the same fall with a new thrombosis on enoxaparin (4Ts 6, high): avoid heparin, no LMWH", () => {
    const plan = pastFall(
      150,
      90,
      'p1,event,2025-11-08,,text,,"Acute deep vein thrombosis of the left leg",,,,,,,,,',
    );
    expect(plan).toEqual(expect.arrayContaining([AVOID, NON_HEPARIN]));
    expect(plan).not.toContain(LMWH);
  });

  it("a fall with a 4Ts of 3 (fall 30-50 %, low probability): LMWH offered as before", () => {
    // Fall 40 % (1) from day 6 (2): 3 points, low (Cuker 2012).
    const plan = pastFall(150, 150);
    expect(plan).toContain(LMWH);
    expect(plan).not.toContain(AVOID);
  });

  it("a negative PF4/heparin immunoassay after the fall: LMWH offered as before", () => {
    const plan = pastFall(150, 90, "p1,lab,2025-11-10,,lab,pf4-heparin-antibody,,negative,,,,,,,,");
    expect(plan).toContain(LMWH);
    expect(plan).not.toContain(AVOID);
  });

  it("a negative immunoassay before the fall does not lift it", () => {
    const plan = pastFall(150, 90, "p1,lab,2025-10-30,,lab,pf4-heparin-antibody,,negative,,,,,,,,");
    expect(plan).toContain(AVOID);
    expect(plan).not.toContain(LMWH);
  });

  it("the same fall with no heparin on record is no HIT history: LMWH offered as before", () => {
    const plan = planOf(pastFallRows(150, 90).filter((row) => !row.includes("enoxaparin")));
    expect(plan).toContain(LMWH);
    expect(plan).not.toContain(AVOID);
  });

  it("a HIT charted two years ago, with no fall on record: avoid heparin, no LMWH", () => {
    const plan = pastFall(245, 240, 'p1,event,2024-03-01,,text,,"Heparin-induced thrombocytopenia",,,,,,,,,');
    expect(plan).toEqual(expect.arrayContaining([AVOID, NON_HEPARIN]));
    expect(plan).not.toContain(LMWH);
  });
});
