/**
 * Pregnancy: warfarin crosses the placenta (embryopathy from the sixth week, fetal bleeding) and rivaroxaban is
 * contraindicated in pregnancy (it passes the placenta); LMWH in therapeutic doses is the anticoagulant of pregnancy
 * (ASH 2018, Bates; a Blood "How I treat" review, 2020). A plan that offers a DOAC or a vitamin K antagonist to a
 * woman with a pregnancy charted is a plan item the labels and guidelines forbid. Before, the pregnancy was not
 * read at all and a pregnant woman with a DVT was offered "LMWH or a DOAC (apixaban, edoxaban, rivaroxaban)".
 */
import { describe, expect, it } from "vitest";
import type { ClinicalEvent } from "../../packages/core/src/contracts/model.js";
import {
  assessCarTDvt,
  assessDvt,
  findingOf as finding,
  planIds as ids,
  knowledge as k,
} from "../support/assess.js";
import { day, event, lab } from "../support/record.js";

const EVAL = 400; // AT is day 400
const pregnancy = (d = EVAL - 60, extra: Partial<ClinicalEvent> = {}) => event("pregnancy", d, extra);

/** The plan items of every finding whose knowledge tags include one of `tags`, avoid items left out. */
function offering(report: ReturnType<typeof assessDvt>["report"], tags: readonly string[]): string[] {
  const recs = Object.values(k.management).flat();
  return report.findings
    .flatMap((f) => f.management)
    .filter((m) => m.kind !== "avoid")
    .filter((m) => recs.find((r) => r.id === m.id)?.tags?.some((t) => tags.includes(t)))
    .map((m) => m.id);
}

describe("anticoagulant choice in pregnancy", () => {
  it("a DVT in a pregnancy: therapeutic LMWH, no DOAC and no warfarin in any plan", () => {
    const { thr, report, violations } = assessDvt([], [pregnancy()]);
    expect(thr).toContain("thr-anticoagulation-full-dose-pregnancy");
    expect(thr).toContain("thr-avoid-doac-vka-pregnancy");
    expect(thr).not.toContain("thr-anticoagulation-full-dose");
    expect(offering(report, ["doac", "vka"])).toEqual([]);
    expect(violations).toEqual([]);
    const item = finding(report, "thrombosis")?.management.find(
      (m) => m.id === "thr-anticoagulation-full-dose-pregnancy",
    );
    expect(item?.action).toMatch(/LMWH/);
    expect(item?.action).toMatch(/not a DOAC/);
  });

  // A mechanical heart valve: heparins protect it less (valve thrombosis), and the ACC/AHA valve guideline keeps
  // warfarin in the second and third trimesters and allows it in the first at 5 mg a day or less. The outright ban
  // gives way to a warning with its exception; no DOAC still, and no plan line offers warfarin on its own.
  it("a DVT in a pregnancy with a mechanical valve: LMWH now, the valve's VKA weighed (a warning), never a DOAC", () => {
    const valve = event("prosthetic-heart-valve", -900, { qualifiers: ["mechanical"] });
    const { thr, report, violations } = assessDvt([], [pregnancy(), valve]);
    expect(thr).toContain("thr-anticoagulation-full-dose-pregnancy");
    expect(thr).toContain("thr-avoid-vka-pregnancy-mechanical-valve");
    expect(thr).toContain("thr-avoid-doac-prosthetic-valve");
    expect(thr).not.toContain("thr-avoid-doac-vka-pregnancy");
    expect(offering(report, ["doac", "vka"])).toEqual([]);
    expect(violations).toEqual([]);
    const rec = Object.values(k.management)
      .flat()
      .find((r) => r.id === "thr-avoid-vka-pregnancy-mechanical-valve");
    expect(rec?.except).toMatch(/5 mg/);
    expect(rec?.avoids).toEqual(["vka"]);
  });

  it("a DVT in a pregnancy with a valve of unstated type: the ban on warfarin and the DOACs stands", () => {
    const { thr } = assessDvt([], [pregnancy(), event("prosthetic-heart-valve", -900)]);
    expect(thr).toContain("thr-avoid-doac-vka-pregnancy");
    expect(thr).not.toContain("thr-avoid-vka-pregnancy-mechanical-valve");
  });

  it("a pregnancy whose end is charted before the DVT: LMWH or a DOAC as usual", () => {
    const { thr } = assessDvt([], [pregnancy(EVAL - 300, { end: day(EVAL - 30) })]);
    expect(thr).toContain("thr-anticoagulation-full-dose");
    expect(thr).not.toContain("thr-anticoagulation-full-dose-pregnancy");
    expect(thr).not.toContain("thr-avoid-doac-vka-pregnancy");
  });

  it("a pregnancy with a luminal cancer: LMWH, not the 'LMWH or apixaban' line", () => {
    const { thr, report, violations } = assessDvt(
      [],
      [pregnancy(), event("active-cancer", -30, { qualifiers: ["colorectal"] })],
    );
    expect(thr).toContain("thr-anticoagulation-full-dose-pregnancy");
    expect(thr).not.toContain("thr-anticoagulation-full-dose-luminal");
    expect(offering(report, ["doac", "vka"])).toEqual([]);
    expect(violations).toEqual([]);
  });

  it("HIT suspected in a pregnancy: a non-heparin anticoagulant other than a DOAC, in every plan", () => {
    const { report, violations } = assessDvt([], [pregnancy(), event("hit", EVAL - 2)], 90);
    const all = report.findings.flatMap(ids);
    expect(all).toContain("thr-hit-non-heparin-pregnancy");
    expect(all).not.toContain("thr-hit-non-heparin");
    expect(offering(report, ["doac", "vka", "heparin"])).toEqual([]);
    expect(violations).toEqual([]);
  });

  it("a past HIT in a pregnancy: fondaparinux or danaparoid, neither heparin nor a DOAC", () => {
    const { thr, report, violations } = assessDvt([], [pregnancy(), event("hit", EVAL - 300)]);
    expect(thr).toContain("thr-hit-history-non-heparin-pregnancy");
    expect(thr).not.toContain("thr-hit-history-non-heparin");
    expect(offering(report, ["doac", "vka", "heparin"])).toEqual([]);
    expect(violations).toEqual([]);
  });

  it("a pregnancy with CrCl 20: unfractionated heparin or anti-Xa-adjusted LMWH, no DOAC", () => {
    const { thr, report, violations } = assessDvt([lab("creatinine-clearance", EVAL - 1, 20)], [pregnancy()]);
    expect(thr).toContain("thr-anticoagulation-full-dose-renal");
    expect(offering(report, ["doac", "vka", "fondaparinux"])).toEqual([]);
    expect(violations).toEqual([]);
  });

  it("thrombosis after CAR-T in a pregnancy: the coagulopathy plan offers LMWH, no DOAC", () => {
    const { report, violations } = assessCarTDvt([pregnancy()]);
    expect(ids(finding(report, "carac"))).toContain("carac-anticoagulation-full-dose-pregnancy");
    expect(ids(finding(report, "carac"))).not.toContain("carac-anticoagulation-full-dose");
    expect(offering(report, ["doac", "vka"])).toEqual([]);
    expect(violations).toEqual([]);
  });
});

/**
 * Breastfeeding: warfarin and LMWH allow it, a DOAC does not (a Blood "How I treat" review, 2020: postpartum a DOAC
 * only for a woman who does not breastfeed; rivaroxaban's label: only after breastfeeding is stopped). Before, a
 * breastfeeding woman with a DVT was offered "LMWH or a DOAC (apixaban, edoxaban, rivaroxaban)".
 */
describe("anticoagulant choice while breastfeeding", () => {
  const breastfeeding = (d = EVAL - 30, extra: Partial<ClinicalEvent> = {}) =>
    event("breastfeeding", d, extra);

  it("a DVT while breastfeeding: LMWH or warfarin, no DOAC in any plan", () => {
    const { thr, report, violations } = assessDvt([], [breastfeeding()]);
    expect(thr).toContain("thr-anticoagulation-full-dose-breastfeeding");
    expect(thr).toContain("thr-avoid-doac-breastfeeding");
    expect(thr).not.toContain("thr-anticoagulation-full-dose");
    expect(offering(report, ["doac"])).toEqual([]);
    expect(violations).toEqual([]);
    const item = finding(report, "thrombosis")?.management.find(
      (m) => m.id === "thr-anticoagulation-full-dose-breastfeeding",
    );
    expect(item?.action).toMatch(/LMWH/);
    expect(item?.action).toMatch(/warfarin/);
    expect(item?.action).toMatch(/not a DOAC/);
  });

  it("breastfeeding and a pregnancy both charted: the pregnancy line (LMWH, no warfarin), not the breastfeeding one", () => {
    const { thr, report, violations } = assessDvt([], [breastfeeding(), pregnancy()]);
    expect(thr).toContain("thr-anticoagulation-full-dose-pregnancy");
    expect(thr).not.toContain("thr-anticoagulation-full-dose-breastfeeding");
    expect(offering(report, ["doac", "vka"])).toEqual([]);
    expect(violations).toEqual([]);
  });

  it("breastfeeding whose end is charted before the DVT: LMWH or a DOAC as usual", () => {
    const { thr } = assessDvt([], [breastfeeding(EVAL - 300, { end: day(EVAL - 30) })]);
    expect(thr).toContain("thr-anticoagulation-full-dose");
    expect(thr).not.toContain("thr-avoid-doac-breastfeeding");
  });

  it("a DVT after CAR-T while breastfeeding: no DOAC in any plan", () => {
    const { report, violations } = assessCarTDvt([breastfeeding()]);
    expect(offering(report, ["doac"])).toEqual([]);
    expect(violations).toEqual([]);
  });
});

describe("the ITP and Evans HIT lines, which name a DOAC among the agents but carry no DOAC tag", () => {
  // They are not removed by the pregnancy and breastfeeding DOAC bans (the agents besides the DOAC stand), so
  // their own words must bar the DOAC there; before, a pregnant woman with ITP and a suspected HIT read
  // "argatroban, bivalirudin, danaparoid, fondaparinux or a DOAC" beside the plan's "do not give a DOAC".
  it.each(["itp-hit-non-heparin", "evans-hit-non-heparin"])(
    "%s bars the DOAC in pregnancy and breastfeeding",
    (id) => {
      const rec = Object.values(k.management)
        .flat()
        .find((r) => r.id === id);
      expect(rec?.tags).not.toContain("doac");
      expect(rec?.action).toMatch(/no DOAC in pregnancy or while breastfeeding/);
    },
  );
});
