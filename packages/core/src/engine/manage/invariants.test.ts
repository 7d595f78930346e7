/**
 * Principle: plans never harm. The invariant checker must catch each broken plan (a checker that cannot
 * fail proves nothing); the safety suite (test/safety) runs it over generated patients and every case.
 */
import { describe, expect, it } from "vitest";
import { knowledge as k } from "../../../../../test/support/assess.js";
import type { ManagementFacts } from "../../contracts/management-facts.js";
import type { DisorderId } from "../../contracts/vocabularies.js";
import { checkPlans, type PlannedFinding } from "./invariants.js";

describe("the checker catches what it must", () => {
  // A plan broken on purpose: every invariant must report it (a checker that cannot fail proves nothing).
  const disorderOf = (id: string): DisorderId =>
    (Object.entries(k.management).find(([, rs]) => rs.some((r) => r.id === id))?.[0] ?? "itp") as DisorderId;
  const item = (id: string) => {
    const r = Object.values(k.management)
      .flat()
      .find((x) => x.id === id);
    if (!r) throw new Error(id);
    return { id: r.id, kind: r.kind, action: r.action, sourceIds: r.sourceIds };
  };
  const plan = (ids: string[], f: ManagementFacts, extra: Partial<PlannedFinding> = {}): PlannedFinding => ({
    disorder: disorderOf(ids[0] as string),
    facts: f,
    management: ids.map(item),
    workup: [],
    ...extra,
  });
  const violated = (plans: PlannedFinding[]) =>
    checkPlans(plans, k.safety, k.management)
      .filter((c) => c.violations.length > 0)
      .map((c) => c.invariant);

  it("full-dose anticoagulation at platelets 12", () => {
    expect(violated([plan(["thr-anticoagulation-full-dose"], { platelets: 12 })])).toEqual(
      expect.arrayContaining(["anticoagulation-platelet-floor", "full-dose-platelet-floor"]),
    );
  });
  it("platelet transfusion with a TTP finding and no life-threatening bleeding", () => {
    const dic = plan(["dic-platelets-bleeding"], { bleeding: true, platelets: 30 });
    const ttp = plan(["ttp-hematology-now"], {}, { disorder: "ttp" });
    expect(violated([dic, ttp])).toContain("no-platelets-in-ttp");
  });
  it("plasma with an AHA finding", () => {
    const dic = plan(["dic-plasma-bleeding"], { bleeding: true });
    const aha = plan(["aha-haemophilia-centre"], {}, { disorder: "aha" });
    expect(violated([dic, aha])).toContain("no-fviii-or-plasma-in-aha");
  });
  it("full-dose anticoagulation with a probable AHA finding, not with a possible one", () => {
    const thr = plan(["thr-anticoagulation-full-dose"], { platelets: 200 });
    const aha = (certainty: "probable" | "possible") =>
      plan(["aha-haemophilia-centre"], {}, { disorder: "aha", certainty });
    expect(violated([thr, aha("probable")])).toContain("no-anticoagulation-in-aha");
    expect(violated([thr, aha("possible")])).not.toContain("no-anticoagulation-in-aha");
  });
  it("tranexamic acid with a thrombosis in the episode", () => {
    expect(
      violated([
        plan(["itp-critical-bleeding-antifibrinolytic"], {
          "life-threatening-bleeding": true,
          thrombosis: true,
        }),
      ]),
    ).toContain("no-antifibrinolytic-with-thrombosis");
  });
  it("tranexamic acid with bleeding into the urinary tract", () => {
    expect(
      violated([
        plan(["itp-critical-bleeding-antifibrinolytic"], {
          "life-threatening-bleeding": true,
          "urinary-tract-bleeding": true,
        }),
      ]),
    ).toContain("no-antifibrinolytic-with-urinary-tract-bleeding");
  });
  it("tranexamic acid beside a subarachnoid haemorrhage, and not beside another intracranial bleed", () => {
    const sah = (on: boolean) =>
      violated([
        plan(["itp-critical-bleeding-antifibrinolytic"], {
          "life-threatening-bleeding": true,
          "subarachnoid-hemorrhage": on,
        }),
      ]);
    expect(sah(true)).toContain("no-antifibrinolytic-with-subarachnoid-hemorrhage");
    expect(sah(false)).not.toContain("no-antifibrinolytic-with-subarachnoid-hemorrhage");
  });
  it("tranexamic acid with a TTP in the patient", () => {
    expect(
      violated([
        plan(["itp-critical-bleeding-antifibrinolytic"], { "life-threatening-bleeding": true, ttp: true }),
      ]),
    ).toContain("no-antifibrinolytic-in-ttp");
  });
  it("a thrombopoietin-receptor agonist with a myelodysplastic syndrome or acute leukaemia", () => {
    expect(violated([plan(["itp-second-line"], { "marrow-neoplasm": true })])).toContain(
      "no-tpo-ra-with-marrow-neoplasm",
    );
    expect(violated([plan(["itp-second-line"], { "marrow-neoplasm": false })])).not.toContain(
      "no-tpo-ra-with-marrow-neoplasm",
    );
  });
  it("fondaparinux with severe renal impairment (contraindicated below a creatinine clearance of 30 mL/min)", () => {
    expect(
      violated([plan(["thr-superficial-vein-thrombosis"], { "severe-renal-impairment": true })]),
    ).toContain("no-fondaparinux-with-severe-renal-impairment");
    expect(
      violated([plan(["thr-superficial-vein-thrombosis"], { "severe-renal-impairment": false })]),
    ).not.toContain("no-fondaparinux-with-severe-renal-impairment");
    expect(
      violated([plan(["thr-superficial-vein-thrombosis-renal"], { "severe-renal-impairment": true })]),
    ).not.toContain("no-fondaparinux-with-severe-renal-impairment");
  });
  it("a plan silent on bevacizumab after a major bleed or an arterial event", () => {
    const onBoard = { "vegf-antibody-on-board": true };
    const itp = (ids: string[]) => plan(ids, { "major-bleeding": true, ...onBoard });
    expect(violated([itp(["itp-ici-prednisone"])])).toContain("vegf-antibody-stopped-after-major-bleeding");
    expect(violated([itp(["itp-ici-prednisone", "itp-avoid-vegf-antibody-bleeding"])])).not.toContain(
      "vegf-antibody-stopped-after-major-bleeding",
    );
    const arterial = { "arterial-event": true, ...onBoard };
    expect(violated([plan(["thr-arterial-pathway"], arterial)])).toContain(
      "vegf-antibody-stopped-after-arterial-event",
    );
    expect(
      violated([plan(["thr-arterial-pathway", "thr-avoid-vegf-antibody-arterial"], arterial)]),
    ).not.toContain("vegf-antibody-stopped-after-arterial-event");
  });
  it("corticosteroids for thrombocytopenia with hemolysis and no ADAMTS13 or TTP assessment", () => {
    expect(violated([plan(["evans-corticosteroids"], { platelets: 15, hemolysis: true })])).toContain(
      "ttp-assessment-before-steroids",
    );
  });
  it("a permanent stop read on the wrong arm's grade", () => {
    const evans = plan(
      ["evans-ici-aiha-g3-4-stop"],
      {},
      {
        grade: 4,
        arms: [
          { id: "aiha", label: "AIHA", grade: 2 },
          { id: "itp", label: "ITP", grade: 4 },
        ],
      },
    );
    expect(violated([evans])).toContain("stop-rule-follows-its-arm");
  });
  it("full-dose anticoagulation, dual antiplatelet therapy or caplacizumab with major bleeding", () => {
    for (const id of ["thr-anticoagulation-full-dose", "thr-arterial-pathway", "ttp-caplacizumab-confirmed"])
      expect(violated([plan([id], { platelets: 210, "major-bleeding": true })]), id).toContain(
        "no-antithrombotic-with-major-bleeding",
      );
    expect(
      violated([plan(["thr-anticoagulation-full-dose"], { platelets: 210, "major-bleeding": false })]),
    ).toEqual([]);
  });
  it("heparin beside a HIT avoid item", () => {
    expect(
      violated([plan(["dic-prophylactic-heparin", "dic-avoid-heparin-hit"], { platelets: 100 })]),
    ).toContain("no-contradiction");
  });

  describe("a named unexplained pattern's plan (unexplained.yaml tma-not-ttp) is checked like a finding's", () => {
    const tma = k.unexplained.patterns.find((p) => p.id === "tma-not-ttp");
    if (!tma) throw new Error("tma-not-ttp");
    const fullDose = Object.values(k.management)
      .flat()
      .find((r) => r.id === "thr-anticoagulation-full-dose");
    if (!fullDose) throw new Error("thr-anticoagulation-full-dose");
    /** The pattern's plan with `ids` of its own recommendations shown, and `extra` recommendations slipped in. */
    const named = (ids: string[], f: ManagementFacts, extra: (typeof fullDose)[] = [], grade?: number) => {
      const recommendations = [...tma.plan, ...extra];
      const lines = [...ids, ...extra.map((r) => r.id)].map((id) => {
        const r = recommendations.find((x) => x.id === id);
        if (!r) throw new Error(id);
        return { id: r.id, kind: r.kind, action: r.action, sourceIds: r.sourceIds };
      });
      return {
        disorder: "ttp",
        pattern: { id: tma.id, recommendations },
        ...(grade !== undefined ? { grade } : {}),
        facts: f,
        management: lines,
        workup: [],
      } satisfies PlannedFinding;
    };
    const violations = (plans: PlannedFinding[]) =>
      checkPlans(plans, k.safety, k.management).flatMap((c) => c.violations);

    it("its shipped severe plan at platelets 15 breaks nothing", () => {
      const ids = ["tma-ici-g3-stop", "tma-hematology-consult", "tma-avoid-platelet-transfusion"];
      expect(violations([named(ids, { platelets: 15 }, [], 3)])).toEqual([]);
    });
    it("an anticoagulant slipped into its plan at platelets 15 is caught, naming the pattern", () => {
      const v = violations([named(["tma-supportive-care"], { platelets: 15 }, [fullDose])]);
      expect(v.map((x) => x.invariant)).toEqual(
        expect.arrayContaining(["anticoagulation-platelet-floor", "full-dose-platelet-floor"]),
      );
      expect(v.every((x) => x.pattern === "tma-not-ttp" && x.item === "thr-anticoagulation-full-dose")).toBe(
        true,
      );
    });
    it("its continue line beside another finding's permanent stop is caught, and its stop read on its grade", () => {
      const stop = plan(["aha-ici-g3-4-stop"], {}, { disorder: "aha", grade: 3 });
      expect(violated([stop, named(["tma-ici-g1-2-continue"], {})])).toContain("one-immunotherapy-decision");
      expect(violated([named(["tma-ici-g3-stop"], {}, [], 3)])).not.toContain("stop-rule-follows-its-arm");
      expect(violated([named(["tma-ici-g3-stop"], {})])).toContain("stop-rule-follows-its-arm");
    });
    it("its avoid item forbids platelets in another plan of the patient", () => {
      const dic = plan(["dic-platelets-bleeding"], { bleeding: true, platelets: 30 });
      expect(violated([dic, named(["tma-avoid-platelet-transfusion"], {})])).toEqual(
        expect.arrayContaining(["no-contradiction", "no-contradiction-across-findings"]),
      );
    });
    it("is no TTP finding: the TTP-only ban does not read it", () => {
      const dic = plan(["dic-platelets-bleeding"], { bleeding: true, platelets: 30 });
      expect(violated([dic, named(["tma-supportive-care"], {})])).not.toContain("no-platelets-in-ttp");
    });
  });
});
