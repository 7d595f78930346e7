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
import { assessChecked, CSV_HEADER, thrombosisItems, thrombosisPlan } from "../support/charted-words.js";
import { labResult, pembrolizumabDvtBundle } from "../support/fhir-entries.js";

const plt = (on: string, value: number) => `p1,lab,${on},,lab,platelets,,${value},10*9/L,150,400,,,,,`;

/** The calendar day `days` after `start` (both YYYY-MM-DD). */
const dayAfter = (start: string, days: number) =>
  new Date(Date.parse(`${start}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Enoxaparin for 12 days from `start` with daily counts, the count falling on day 6 to `day6` and on day 7 to `day7`
 * (4Ts fall and timing points from them) and at `day19` on day 19, pembrolizumab from January 2026 and a pulmonary
 * embolism on 10 March 2026 with a count of `latest`, as CSV rows with `rows` added (assessed on 12 March 2026 by
 * `planOf`).
 */
function fallRows(
  start: string,
  counts: { day6: number; day7: number; day19: number; latest: number },
  ...rows: string[]
): string[] {
  const on = (day: number) => dayAfter(start, day);
  return [
    CSV_HEADER,
    "p1,patient,,,,,,,,,,,,,1960,female",
    'p1,event,2025-10-20,,text,,"Metastatic adenocarcinoma of the lung",,,,,,,,,',
    plt(on(-1), 250),
    `p1,dose,${on(0)},${on(11)},text,,enoxaparin,40,mg,,,,administration,,,`,
    plt(on(1), 248),
    plt(on(4), 245),
    plt(on(5), 230),
    plt(on(6), counts.day6),
    plt(on(7), counts.day7),
    plt(on(19), counts.day19),
    ...["2026-01-05", "2026-01-26", "2026-02-16"].map(
      (on) => `p1,dose,${on},,text,,pembrolizumab,200,mg,,,,administration,,,`,
    ),
    plt("2026-03-10", counts.latest),
    'p1,event,2026-03-10,,text,,"Acute pulmonary embolism on CTPA",,,,,,,,,',
    ...rows,
  ];
}

/** {@link fallRows} on enoxaparin from 1 November 2025, four months before the embolism, recovered to 230 and 240. */
const pastFallRows = (day6: number, day7: number, ...rows: string[]) =>
  fallRows("2025-11-01", { day6, day7, day19: 230, latest: 240 }, ...rows);

/** The thrombosis plan of the CSV `lines`. */
const planOf = (lines: readonly string[]) =>
  thrombosisPlan(assessChecked({ kind: "csv", text: `${lines.join("\n")}\n` }));

const pastFall = (day6: number, day7: number, ...rows: string[]) => planOf(pastFallRows(day6, day7, ...rows));

const LMWH = "thr-anticoagulation-full-dose";
const AVOID = "thr-avoid-heparin-hit-history";
const NON_HEPARIN = "thr-hit-history-non-heparin";
/** The line of a HIT suspected now (acute): stop all heparin. */
const ACUTE = "thr-avoid-heparin-hit";

/** The words of the thrombosis plan's line `id` for the CSV `lines` (undefined: not planned). */
const wordsOf = (lines: readonly string[], id: string) =>
  thrombosisItems(assessChecked({ kind: "csv", text: `${lines.join("\n")}\n` })).find((m) => m.id === id)
    ?.action;

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

/**
 * The 4Ts belongs to its fall: acute HIT lasts until the platelet count recovers (ASH 2018, Table 1), usually to 150
 * ×10⁹/L or more (knowledge/management/facts.yaml hit-history.recoveredAtLeast). A fall five weeks ago, inside the 100
 * days the 4Ts is read after a heparin start, is a HIT on record once recovered and acute while it is not; a HIT the
 * care team charted stays acute in its own window whatever the count.
 */
describe("a fall on heparin is acute until the count recovers, then a HIT on record", () => {
  // Enoxaparin from 1 February 2026: the fall to 90 on 8 February (4Ts 4), the embolism on 10 March (day 37).
  const recent = (day19: number, latest: number, ...rows: string[]) =>
    fallRows("2026-02-01", { day6: 150, day7: 90, day19, latest }, ...rows);

  it("recovered to 230 and 240: a HIT on record (avoid heparin, non-heparin anticoagulant), not an acute HIT", () => {
    const plan = planOf(recent(230, 240));
    expect(plan).toEqual(expect.arrayContaining([AVOID, NON_HEPARIN]));
    expect(plan).not.toContain(ACUTE);
    expect(plan).not.toContain(LMWH);
  });

  it("still at 120 on the day of the embolism: acute — all heparin stopped as for a suspected HIT", () => {
    const plan = planOf(recent(110, 120));
    expect(plan).toContain(ACUTE);
    expect(plan).not.toContain(AVOID);
    expect(plan).not.toContain(LMWH);
  });

  it("recovered, then falling again to 120: acute again", () => {
    const plan = planOf(recent(230, 120));
    expect(plan).toContain(ACUTE);
    expect(plan).not.toContain(LMWH);
  });

  it("a HIT charted two days before, with the count recovered: still acute (the care team's diagnosis)", () => {
    const plan = planOf(
      recent(230, 240, 'p1,event,2026-03-10,,text,,"Heparin-induced thrombocytopenia",,,,,,,,,'),
    );
    expect(plan).toContain(ACUTE);
    expect(plan).not.toContain(AVOID);
    expect(plan).not.toContain(LMWH);
  });
});

/**
 * A HIT charted by the care team is acute for its 30 days whatever the count (knowledge/management/facts.yaml
 * hit-charted-acute); after that, with no fall on record, it is a HIT on record (ASH 2018, Table 1: acute HIT lasts
 * until the count recovers, then subacute and remote HIT). A thrombosis finding whose HIT differential reads only that
 * charted HIT follows the same window.
 */
describe("a charted HIT read by a thrombosis finding is acute for its window, then on record", () => {
  /** Pembrolizumab 8, 5 and 2 weeks before `on`, then a deep vein thrombosis and a HIT charted that day, counts 240. */
  const chartedWithClot = (on: string) => [
    CSV_HEADER,
    "p1,patient,,,,,,,,,,,,,1960,female",
    'p1,event,2023-10-20,,text,,"Metastatic adenocarcinoma of the lung",,,,,,,,,',
    ...[-56, -35, -14].map(
      (d) => `p1,dose,${dayAfter(on, d)},,text,,pembrolizumab,200,mg,,,,administration,,,`,
    ),
    plt(on, 240),
    `p1,event,${on},,text,,"Acute deep vein thrombosis of the left leg",,,,,,,,,`,
    `p1,event,${on},,text,,"Heparin-induced thrombocytopenia",,,,,,,,,`,
    plt("2026-03-10", 240),
  ];

  it("charted 10 days before the evaluation: acute — all heparin stopped, a non-heparin anticoagulant for HIT", () => {
    const plan = planOf(chartedWithClot("2026-03-02"));
    expect(plan).toEqual(expect.arrayContaining([ACUTE, "thr-hit-non-heparin"]));
    expect(plan).not.toContain(AVOID);
    expect(plan).not.toContain(LMWH);
  });

  it("charted 40 days before: a HIT on record — avoid heparin, a non-heparin anticoagulant, no acute lines", () => {
    const plan = planOf(chartedWithClot("2026-01-31"));
    expect(plan).toEqual(expect.arrayContaining([AVOID, NON_HEPARIN]));
    expect(plan).not.toContain(ACUTE);
    expect(plan).not.toContain("thr-hit-non-heparin");
    expect(plan).not.toContain(LMWH);
  });

  it("charted two years before: a HIT on record with its date, no acute lines, no LMWH", () => {
    const rows = chartedWithClot("2024-03-12");
    const plan = planOf(rows);
    expect(plan).toEqual(expect.arrayContaining([AVOID, NON_HEPARIN]));
    expect(plan).not.toContain(ACUTE);
    expect(plan).not.toContain(LMWH);
    expect(wordsOf(rows, AVOID)).toContain("HIT charted 2024-03-12");
  });

  it("charted two years before, with a new pulmonary embolism today: a HIT on record for the new clot", () => {
    const rows = [
      ...chartedWithClot("2024-03-12"),
      ...["2026-01-05", "2026-01-26", "2026-02-16"].map(
        (on) => `p1,dose,${on},,text,,pembrolizumab,200,mg,,,,administration,,,`,
      ),
      'p1,event,2026-03-10,,text,,"Acute pulmonary embolism on CTPA",,,,,,,,,',
    ];
    const plan = planOf(rows);
    expect(plan).toEqual(expect.arrayContaining([AVOID, NON_HEPARIN]));
    expect(plan).not.toContain(ACUTE);
    expect(plan).not.toContain(LMWH);
  });
});

describe("the line that bars heparin for a HIT on record says which HIT, with its date", () => {
  it("a past fall: the heparin it fell on, the lowest count and its day", () => {
    expect(wordsOf(pastFallRows(150, 90), AVOID)).toContain(
      "In this patient's record: platelet fall on enoxaparin to 90 ×10⁹/L on 2025-11-08 (4Ts at least 4)",
    );
  });

  it("a charted HIT: the day it was charted", () => {
    const rows = pastFallRows(
      245,
      240,
      'p1,event,2024-03-01,,text,,"Heparin-induced thrombocytopenia",,,,,,,,,',
    );
    expect(wordsOf(rows, AVOID)).toContain("In this patient's record: HIT charted 2024-03-01");
  });

  it("a positive PF4/heparin antibody: the day of the result", () => {
    const rows = pastFallRows(245, 240, "p1,lab,2025-06-03,,lab,pf4-heparin-antibody,,positive,,,,,,,,");
    expect(wordsOf(rows, AVOID)).toContain("positive PF4/heparin antibody 2025-06-03");
  });
});

/**
 * The functional assay (SRA, HIPA) after a positive immunoassay decides (ASH 2018): negative within 14 days of it
 * (knowledge/management/facts.yaml hit-history.negativeWithinDays), it rules that HIT out and the immunoassay bars no
 * heparin; positive, it confirms HIT. A negative result months later is the antibodies' decline after a true HIT (ASH
 * 2018, Table 1: subacute B, remote HIT) and rules nothing out.
 */
describe("a functional assay decides what a positive immunoassay means", () => {
  const lab = (on: string, id: string, result: string) => `p1,lab,${on},,lab,${id},,${result},,,,,,,,`;
  // No fall on record (counts 245 and 240): only the antibody results speak.
  const withResults = (...rows: string[]) => pastFallRows(245, 240, ...rows);

  it("a positive PF4/heparin immunoassay alone: a HIT on record — avoid heparin, no LMWH", () => {
    const plan = planOf(withResults(lab("2025-06-03", "pf4-heparin-antibody", "positive")));
    expect(plan).toContain(AVOID);
    expect(plan).not.toContain(LMWH);
  });

  it("the positive immunoassay then a negative SRA three days later: HIT ruled out, LMWH offered", () => {
    const plan = planOf(
      withResults(
        lab("2025-06-03", "pf4-heparin-antibody", "positive"),
        lab("2025-06-06", "hit-functional-assay", "negative"),
      ),
    );
    expect(plan).toContain(LMWH);
    expect(plan).not.toContain(AVOID);
  });

  it("the positive immunoassay then a negative immunoassay four months later: still a HIT on record", () => {
    const plan = planOf(
      withResults(
        lab("2025-06-03", "pf4-heparin-antibody", "positive"),
        lab("2025-10-03", "pf4-heparin-antibody", "negative"),
      ),
    );
    expect(plan).toContain(AVOID);
    expect(plan).not.toContain(LMWH);
  });

  it("a positive SRA: HIT confirmed, on record with its date — avoid heparin, no LMWH", () => {
    const rows = withResults(lab("2025-06-06", "hit-functional-assay", "positive"));
    expect(planOf(rows)).not.toContain(LMWH);
    expect(wordsOf(rows, AVOID)).toContain("positive HIT functional assay 2025-06-06");
  });

  it("a past fall with a negative SRA three days after it: the fall ruled out, LMWH offered", () => {
    const plan = pastFall(150, 90, lab("2025-11-10", "hit-functional-assay", "negative"));
    expect(plan).toContain(LMWH);
    expect(plan).not.toContain(AVOID);
  });

  it("a past fall with a negative immunoassay two months after it: the antibodies' decline, still a HIT on record", () => {
    const plan = pastFall(150, 90, lab("2026-01-08", "pf4-heparin-antibody", "negative"));
    expect(plan).toContain(AVOID);
    expect(plan).not.toContain(LMWH);
  });
});

describe("the functional assay is read from a FHIR export by its LOINC code", () => {
  // A DVT on pembrolizumab (platelets 230) with a positive PF4/heparin immunoassay (LOINC 73819-5) in June 2025.
  const planOfFhir = (...resources: unknown[]) =>
    thrombosisPlan(
      assessChecked({
        kind: "fhir",
        value: pembrolizumabDvtBundle(
          230,
          labResult("pf4", "73819-5", "2025-06-03", "Positive"),
          ...resources,
        ),
      }),
    );

  it("the positive immunoassay alone bars heparin", () => {
    expect(planOfFhir()).toContain(AVOID);
  });

  it("a negative SRA interpretation (LOINC 66488-8) four days later rules it out: LMWH offered", () => {
    const plan = planOfFhir(labResult("sra", "66488-8", "2025-06-07", "Negative"));
    expect(plan).toContain(LMWH);
    expect(plan).not.toContain(AVOID);
  });
});

/**
 * The thrombosis finding's anti-PF4 picture (a positive PF4/heparin immunoassay with a count below normal) reads the
 * functional assay too (disorders/thrombosis.yaml anti-pf4-thrombosis): a negative SRA within 14 days of the positive
 * immunoassay rules HIT out, so the new clot is anticoagulated as any other; a positive SRA confirms HIT (ASH 2018).
 */
describe("a DVT with platelets 90 and a HIT assay: the functional assay decides whether HIT is acute", () => {
  const planOfDvt = (...resources: unknown[]) =>
    thrombosisPlan(assessChecked({ kind: "fhir", value: pembrolizumabDvtBundle(90, ...resources) }));
  const pf4 = labResult("pf4", "73819-5", "2026-03-11", "Positive");

  it("a positive PF4/heparin immunoassay alone: acute HIT — all heparin stopped, no LMWH", () => {
    const plan = planOfDvt(pf4);
    expect(plan).toContain(ACUTE);
    expect(plan).not.toContain(LMWH);
  });

  it("then a negative SRA the next day: HIT ruled out — LMWH offered, no HIT line", () => {
    const plan = planOfDvt(pf4, labResult("sra", "66488-8", "2026-03-12", "Negative"));
    expect(plan).toContain(LMWH);
    expect(plan).not.toContain(ACUTE);
    expect(plan).not.toContain(AVOID);
  });

  it("a positive SRA with no immunoassay: HIT confirmed — acute, no LMWH", () => {
    const plan = planOfDvt(labResult("sra", "66488-8", "2026-03-12", "Positive"));
    expect(plan).toContain(ACUTE);
    expect(plan).not.toContain(LMWH);
  });
});
