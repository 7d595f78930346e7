/**
 * Each antithrombotic line shows for the drug it is about (probe round 3): "stop an antiplatelet agent that is not
 * essential" once showed for a patient on apixaban alone, and the LMWH dose review for one on aspirin alone,
 * because both read one fact (an anticoagulant or an antiplatelet agent on board). The facts are now read apart,
 * from the context-drug catalogue's roles. And the major-bleeding reversal line of another finding beside an
 * acquired haemophilia A once named desmopressin while the AHA plan said not to use it (Tiede 2020).
 */
import { describe, expect, it } from "vitest";
import type { ContextDrug } from "../../packages/core/src/contracts/model.js";
import { DISORDER_IDS } from "../../packages/core/src/contracts/vocabularies.js";
import { assessPatientTraced } from "../../packages/core/src/engine/assess.js";
import { checkPlans } from "../../packages/core/src/engine/manage/invariants.js";
import { planManagement } from "../../packages/core/src/engine/manage/plan.js";
import { AT, knowledge as k, lungCancer, pembrolizumab } from "../support/assess.js";
import { contextDrug, event, lab, record } from "../support/record.js";

const antiplateletLine = /-antiplatelet-(25-50|on-board)$/;
const anticoagulantReview = /-antithrombotic-(25-50|on-board)$/;

/** ITP, DIC or CAR-T coagulopathy at platelets 40 with the given drugs, through the engine. */
function plan(drugs: ContextDrug[]) {
  const { report, planned } = assessPatientTraced(
    record({
      exposures: [pembrolizumab],
      contextDrugs: drugs,
      labs: [lab("platelets", 340, 250), lab("platelets", 395, 40)],
      events: [lungCancer],
    }),
    AT,
    k,
  );
  return {
    ids: report.findings.flatMap((f) => f.management.map((m) => m.id)),
    violations: checkPlans(planned, k.safety, k.management).flatMap((c) => c.violations),
  };
}

describe("anticoagulant and antiplatelet agents on board are read apart", () => {
  it("apixaban alone: the anticoagulant's dose review, no antiplatelet line", () => {
    const { ids, violations } = plan([contextDrug("apixaban", ["anticoagulant"], 300)]);
    expect(ids).toContain("itp-antithrombotic-25-50");
    expect(ids.filter((id) => antiplateletLine.test(id))).toEqual([]);
    expect(violations).toEqual([]);
  });

  // The fall to 40 on enoxaparin leaves the 4Ts open (3 points certain, thrombosis and other causes not
  // recorded): HIT is managed as suspected, so the review is its HIT form (stop the heparin).
  it("enoxaparin alone (a heparin): the dose review in its HIT form, no antiplatelet line", () => {
    const { ids } = plan([contextDrug("enoxaparin", ["heparin"], 300)]);
    expect(ids).toContain("itp-antithrombotic-25-50-hit");
    expect(ids).toContain("itp-avoid-heparin-hit");
    expect(ids.filter((id) => antiplateletLine.test(id))).toEqual([]);
  });

  it("aspirin alone: the antiplatelet line, no anticoagulant dose review", () => {
    const { ids, violations } = plan([contextDrug("aspirin", ["antiplatelet"], 300)]);
    expect(ids).toContain("itp-antiplatelet-25-50");
    expect(ids.filter((id) => anticoagulantReview.test(id))).toEqual([]);
    expect(violations).toEqual([]);
  });

  it("apixaban and clopidogrel: both lines, each naming its own drug", () => {
    const { report } = assessPatientTraced(
      record({
        exposures: [pembrolizumab],
        contextDrugs: [
          contextDrug("apixaban", ["anticoagulant"], 300),
          contextDrug("clopidogrel", ["antiplatelet"], 300),
        ],
        labs: [lab("platelets", 340, 250), lab("platelets", 395, 40)],
        events: [lungCancer],
      }),
      AT,
      k,
    );
    const items = report.findings.flatMap((f) => f.management);
    const review = items.find((m) => m.id === "itp-antithrombotic-25-50")?.action ?? "";
    const stop = items.find((m) => m.id === "itp-antiplatelet-25-50")?.action ?? "";
    expect(review).toMatch(/apixaban/);
    expect(review).not.toMatch(/clopidogrel/);
    expect(stop).toMatch(/clopidogrel/);
    expect(stop).not.toMatch(/apixaban/);
  });

  it.each(DISORDER_IDS)(
    "%s: no antiplatelet line on an anticoagulant alone, no dose review on an antiplatelet alone",
    (disorder) => {
      for (const platelets of [10, 30, 40, 80, 200]) {
        const run = (facts: Record<string, boolean>) =>
          planManagement(
            {
              disorder,
              certainty: "probable",
              grade: 3,
              therapyClasses: ["ici"],
              facts: { platelets, bleeding: false, "antithrombotic-on-board": true, ...facts },
            },
            k.management,
          )
            .filter((m) => m.kind !== "avoid")
            .map((m) => m.id);
        const anticoagulantOnly = run({ "anticoagulant-on-board": true, "antiplatelet-on-board": false });
        expect(anticoagulantOnly.filter((id) => antiplateletLine.test(id))).toEqual([]);
        const antiplateletOnly = run({ "anticoagulant-on-board": false, "antiplatelet-on-board": true });
        expect(antiplateletOnly.filter((id) => anticoagulantReview.test(id))).toEqual([]);
      }
    },
  );
});

describe("major bleeding on an antithrombotic beside acquired haemophilia A: no plan names desmopressin", () => {
  /** `true`: the AHA shown by its results; `"suspected"`: only charted as suspected by the care team (no finding). */
  const withAha = (aha: boolean | "suspected") => {
    const { report, planned } = assessPatientTraced(
      record({
        exposures: [pembrolizumab],
        contextDrugs: [contextDrug("apixaban", ["anticoagulant"], 0)],
        labs: [
          lab("platelets", 340, 250),
          lab("aptt", 340, 30),
          lab("platelets", 395, 40),
          ...(aha === true
            ? [lab("aptt", 395, 72), lab("fviii-activity", 395, 2), lab("fviii-inhibitor", 395, 12)]
            : []),
        ],
        events: [
          lungCancer,
          event("bleeding", 395, { grade: 3, qualifiers: ["gastrointestinal"] }),
          ...(aha === "suspected" ? [event("aha-considered", 394)] : []),
        ],
      }),
      AT,
      k,
    );
    return {
      report,
      violations: checkPlans(planned, k.safety, k.management).flatMap((c) => c.violations),
    };
  };

  it("with AHA: every plan's reversal line says not desmopressin", () => {
    const { report, violations } = withAha(true);
    expect(report.findings.map((f) => f.disorder)).toEqual(expect.arrayContaining(["itp", "aha"]));
    const reversal = report.findings.flatMap((f) =>
      f.management.filter((m) => /major-bleeding-reversal/.test(m.id)),
    );
    expect(reversal.length).toBeGreaterThanOrEqual(2);
    for (const m of reversal) {
      expect(m.id).toMatch(/-major-bleeding-reversal-aha$/);
      expect(m.action).toMatch(/not desmopressin/);
      expect(m.action).not.toMatch(/transfusion or desmopressin/);
    }
    expect(violations).toEqual([]);
  });

  it("with AHA only suspected by the care team (no AHA finding): the reversal line still says not desmopressin", () => {
    const { report, violations } = withAha("suspected");
    expect(report.findings.map((f) => f.disorder)).not.toContain("aha");
    const m = report.findings
      .find((f) => f.disorder === "itp")
      ?.management.filter((x) => /major-bleeding-reversal/.test(x.id));
    expect(m?.map((x) => x.id)).toEqual(["itp-major-bleeding-reversal-aha"]);
    expect(violations).toEqual([]);
  });

  it("without AHA: the ITP plan's reversal line keeps desmopressin among the options", () => {
    const { report } = withAha(false);
    const m = report.findings
      .find((f) => f.disorder === "itp")
      ?.management.find((x) => x.id === "itp-major-bleeding-reversal");
    expect(m?.action).toMatch(/platelet transfusion or desmopressin is decided with hematology/);
  });
});
