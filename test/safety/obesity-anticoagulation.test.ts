/**
 * Above 120 kg or with a BMI above 40 kg/m² ASCO prefers LMWH over a DOAC, and if a DOAC is chosen it is apixaban
 * or rivaroxaban at standard doses, not edoxaban or dabigatran (ISTH SSC 2021 update, read in secondary
 * summaries): the thrombosis and CARAC plans give a line for obesity. LMWH is no option after HIT, so every line
 * that offers a non-heparin anticoagulant for a suspected or past HIT names the DOACs allowed in obesity in its
 * own words — the thrombosis, DIC and CARAC HIT lines (the DIC and CARAC lines wait for an incomplete 4Ts the
 * thrombosis line does not, so one line gated on the weight could not serve the three), and the ITP and Evans HIT
 * lines. Before, a 140 kg patient with suspected HIT read "fondaparinux or a DOAC" with no DOAC excluded.
 */
import { describe, expect, it } from "vitest";
import { assessDvt, knowledge as k } from "../support/assess.js";
import { event, lab } from "../support/record.js";

const EVAL = 400;
const OBESITY = /above 120 kg or with a BMI above 40 kg\/m² only apixaban or rivaroxaban/;

const actionOf = (id: string) =>
  Object.values(k.management)
    .flat()
    .find((r) => r.id === id)?.action;

describe("HIT lines with a weight above 120 kg or a BMI above 40", () => {
  it("a DVT at 140 kg with HIT suspected: the HIT line offers apixaban or rivaroxaban only among the DOACs", () => {
    const { report, violations } = assessDvt(
      [lab("body-weight", EVAL - 5, 140)],
      [event("hit", EVAL - 2)],
      90,
    );
    const items = report.findings.flatMap((f) => f.management);
    const hit = items.find((m) => m.id === "thr-hit-non-heparin");
    expect(hit?.action).toMatch(OBESITY);
    expect(hit?.action).toMatch(/not edoxaban or dabigatran/);
    expect(violations).toEqual([]);
  });

  it("a DVT at 140 kg with a past HIT: the non-heparin line names apixaban or rivaroxaban only", () => {
    const { thr, report } = assessDvt([lab("body-weight", EVAL - 5, 140)], [event("hit", EVAL - 300)]);
    expect(thr).toContain("thr-hit-history-non-heparin");
    const line = report.findings
      .flatMap((f) => f.management)
      .find((m) => m.id === "thr-hit-history-non-heparin");
    expect(line?.action).toMatch(OBESITY);
  });

  it.each([
    "thr-hit-non-heparin",
    "dic-hit-non-heparin",
    "carac-hit-non-heparin",
    "thr-hit-history-non-heparin",
    "itp-hit-non-heparin",
    "evans-hit-non-heparin",
  ])("%s names the DOACs allowed in obesity", (id) => {
    expect(actionOf(id)).toMatch(OBESITY);
  });

  it("the HIT-history avoid line lists the obesity restriction among the DOAC limits", () => {
    expect(actionOf("thr-avoid-heparin-hit-history")).toMatch(
      /only apixaban or rivaroxaban above 120 kg or with a BMI above 40 kg\/m²/,
    );
  });
});

/**
 * An older adult above 120 kg: the Beers Criteria 2023 prefer apixaban or dabigatran to rivaroxaban, the ISTH SSC 2021
 * obesity update apixaban or rivaroxaban rather than dabigatran or edoxaban. No plan line may prefer dabigatran there
 * without the obesity update's word against it (before, the Beers line did, beside the obesity line).
 */
describe("an older adult above 120 kg", () => {
  const prefersDabigatran = (action: string) =>
    /or dabigatran to rivaroxaban/.test(action) && !/rather than dabigatran or edoxaban/.test(action);

  it("a DVT at 140 kg in a woman of 75: the joined line names apixaban, no line prefers dabigatran alone", () => {
    const { report, thr, violations } = assessDvt([lab("body-weight", EVAL - 5, 140)], [], 240, {
      birthDate: "1950-01-01",
      sex: "female",
    });
    expect(thr).toContain("thr-older-adult-doac-choice-obesity");
    expect(thr).not.toContain("thr-older-adult-doac-choice");
    const actions = report.findings.flatMap((f) => f.management.map((m) => m.action));
    expect(actions.filter(prefersDabigatran)).toEqual([]);
    expect(violations).toEqual([]);
  });

  it("the same DVT at 90 kg: the Beers line itself (dabigatran among its preferences)", () => {
    const { thr } = assessDvt([lab("body-weight", EVAL - 5, 90)], [], 240, {
      birthDate: "1950-01-01",
      sex: "female",
    });
    expect(thr).toContain("thr-older-adult-doac-choice");
    expect(thr).not.toContain("thr-older-adult-doac-choice-obesity");
  });
});
