/**
 * No plan shows two lines that say the same thing, and no patient's report shows one line under two plans
 * (test/support/duplicate-lines.ts), over every case of the clinical case suite and its examples; the messy-records
 * sweep reads its own patients the same way. A line shown once loses nothing: each plan read whole (its lines shown
 * under another plan put back) is the plan the safety checks read.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingestFhir } from "../../packages/core/src/adapters/fhir/ingest.js";
import type { Finding, ManagementItem } from "../../packages/core/src/contracts/report.js";
import { assessPatientTraced } from "../../packages/core/src/engine/assess.js";
import { sharePlanLines, wholePlan } from "../../packages/core/src/engine/manage/shared-lines.js";
import { buildBundle, loadSpecs } from "../cases/build-bundles.js";
import { CASE_AT } from "../cases/try-case.js";
import { crossPlanDuplicates, duplicateLines, reportDuplicates } from "../support/duplicate-lines.js";
import { testKnowledge } from "../support/knowledge.js";

const k = testKnowledge();

describe("no plan line twice", () => {
  const line = (id: string, action: string): ManagementItem => ({
    id,
    kind: "supportive",
    action,
    sourceIds: ["x"],
  });

  it("the check finds the same words twice, and a declared pair, and nothing in distinct lines", () => {
    expect(
      duplicateLines([line("dic-a", "Stop heparin."), line("dic-b", "Stop heparin.")], "dic"),
    ).toHaveLength(1);
    expect(
      duplicateLines(
        [line("dic-hit-below-25", "One."), line("dic-avoid-antithrombotic-below-25-hit", "Two.")],
        "dic",
      ),
    ).toHaveLength(1);
    expect(
      duplicateLines([line("dic-a", "Stop heparin."), line("dic-b", "Give argatroban.")], "dic"),
    ).toEqual([]);
  });

  const finding = (disorder: Finding["disorder"], management: ManagementItem[]): Finding => ({
    disorder,
    certainty: "probable",
    criteria: [],
    scores: [],
    differentials: [],
    workup: [],
    management,
    summary: "",
  });
  const hlh = line("dic-hlh", "Screen for HLH: ferritin, triglycerides, fibrinogen.");

  it("a line two plans carry in the same words and sources is shown once, under the first, which names the other", () => {
    const { findings } = sharePlanLines(
      [finding("dic", [hlh]), finding("itp", [{ ...hlh, id: "itp-hlh" }, line("itp-ivig", "Give IVIG.")])],
      [],
    );
    expect(findings[0]?.management).toEqual([{ ...hlh, sharedWith: [{ plan: "finding", id: "itp" }] }]);
    expect(findings[1]?.management.map((m) => m.id)).toEqual(["itp-ivig"]);
    expect(findings[1]?.sharedLines).toEqual([
      { id: "itp-hlh", kind: "supportive", under: { plan: "finding", id: "dic" }, shownAs: "dic-hlh" },
    ]);
    const report = { findings, unexplained: [] };
    expect(crossPlanDuplicates({ ...report, patientId: "p" } as never)).toEqual([]);
    // Read alone, the ITP plan is whole again.
    expect(wholePlan(report, findings[1] as Finding).map((m) => m.action)).toEqual([
      "Give IVIG.",
      "Screen for HLH: ferritin, triglycerides, fibrinogen.",
    ]);
  });

  it("a line that differs in words, sources, caveat or urgency stays under each plan", () => {
    const variants: ManagementItem[] = [
      { ...hlh, id: "itp-hlh", action: "Screen for HLH: ferritin." },
      { ...hlh, id: "itp-hlh", sourceIds: ["y"] },
      { ...hlh, id: "itp-hlh", caveat: "Guidelines differ." },
      { ...hlh, id: "itp-hlh", urgent: true },
    ];
    for (const v of variants) {
      const { findings } = sharePlanLines([finding("dic", [hlh]), finding("itp", [v])], []);
      expect(findings[0]?.management).toEqual([hlh]);
      expect(findings[1]?.management).toEqual([v]);
      expect(findings[1]?.sharedLines).toBeUndefined();
    }
  });

  it("an avoid line stays in full under every plan that carries it (the thrombosis plan beside an AHA shows its own no-anticoagulation line)", () => {
    const avoid: ManagementItem = { ...line("aha-no-anticoagulation", "No anticoagulation."), kind: "avoid" };
    const { findings } = sharePlanLines(
      [finding("aha", [avoid]), finding("thrombosis", [{ ...avoid, id: "thrombosis-no-anticoagulation" }])],
      [],
    );
    expect(findings.map((f) => f.management.map((m) => m.action))).toEqual([
      ["No anticoagulation."],
      ["No anticoagulation."],
    ]);
    expect(findings.map((f) => f.sharedLines)).toEqual([undefined, undefined]);
    expect(findings[0]?.management[0]?.sharedWith).toBeUndefined();
  });

  it("the check finds one line under two plans, and a pointer to a line shown nowhere", () => {
    const twice = {
      patientId: "p",
      findings: [finding("dic", [hlh]), finding("itp", [hlh])],
      unexplained: [],
    };
    expect(crossPlanDuplicates(twice as never)).toHaveLength(1);
    const dangling = {
      patientId: "p",
      findings: [
        finding("dic", []),
        {
          ...finding("itp", []),
          sharedLines: [{ id: "dic-hlh", kind: "supportive", under: { plan: "finding", id: "dic" } }],
        },
      ],
      unexplained: [],
    };
    expect(crossPlanDuplicates(dangling as never)).toHaveLength(1);
  });

  it("the HLH lines of a patient with an anaemia, a neutropenia and a charted HLH after ipilimumab-nivolumab are shown once", () => {
    const spec = loadSpecs().find((s) => s.id === "control-ipilimumab-nivolumab-hlh");
    if (spec === undefined) throw new Error("case missing");
    const [p] = ingestFhir(buildBundle(spec), {
      vocabulary: k.vocabulary,
      evaluatedAt: CASE_AT,
      file: "hlh.json",
    }).patients;
    if (p === undefined) throw new Error("no patient");
    const { report } = assessPatientTraced(p, CASE_AT, k);
    const shown = report.unexplained
      .flatMap((u) => u.management ?? [])
      .filter((m) => /ici-hlh-hold$/.test(m.id));
    expect(shown).toHaveLength(1);
    expect(shown[0]?.sharedWith?.length).toBeGreaterThanOrEqual(2);
    const pointing = report.unexplained.filter((u) => u.sharedLines?.some((l) => /ici-hlh-hold$/.test(l.id)));
    expect(pointing.length).toBeGreaterThanOrEqual(2);
  });

  const cases = [...loadSpecs(), ...loadSpecs(join(import.meta.dirname, "..", "..", "examples", "specs"))];
  it.each(cases.map((s) => [s.id, s] as const))(
    "case %s: no line twice in a plan or in the patient's plans, and each plan read whole is the plan checked",
    (_id, spec) => {
      const { patients } = ingestFhir(buildBundle(spec), {
        vocabulary: k.vocabulary,
        evaluatedAt: CASE_AT,
        file: `${spec.id}.json`,
      });
      for (const p of patients) {
        const { report, planned } = assessPatientTraced(p, CASE_AT, k);
        expect(reportDuplicates(report)).toEqual([]);
        const words = (ms: readonly ManagementItem[]) =>
          ms.map((m) => `${m.id} ${m.kind}: ${m.action} ${m.sourceIds}`).sort();
        report.findings.forEach((f, i) => {
          expect(words(wholePlan(report, f))).toEqual(words(planned[i]?.management ?? []));
        });
      }
    },
  );
});
