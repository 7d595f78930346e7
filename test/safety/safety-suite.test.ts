import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { ingestFhir } from "../../packages/core/src/adapters/fhir/ingest.js";
import type { ManagementFacts } from "../../packages/core/src/contracts/management-facts.js";
import {
  type Certainty,
  DISORDER_IDS,
  type TherapyClass,
} from "../../packages/core/src/contracts/vocabularies.js";
import { assessPatientTraced } from "../../packages/core/src/engine/assess.js";
import {
  checkPlans,
  type InvariantCheck,
  type PlannedFinding,
} from "../../packages/core/src/engine/manage/invariants.js";
import { type ManagementInput, planPatient, planWorkup } from "../../packages/core/src/engine/manage/plan.js";
import { buildBundle, loadSpecs } from "../cases/build-bundles.js";
import { CASE_AT } from "../cases/try-case.js";
import { managementFacts } from "../support/facts.js";
import { testKnowledge } from "../support/knowledge.js";

const k = testKnowledge();
const CLASSES: readonly TherapyClass[] = ["ici", "bispecific", "antibody", "car-t"];
const CERTAINTIES: readonly Certainty[] = ["definite", "probable", "possible"];
const GRADES: readonly (number | undefined)[] = [1, 2, 3, 4, 5, undefined];

/** Per invariant and source: patients that put it to the test, and violations. */
const tally = new Map<string, { generated: number; cases: number; violations: number }>();

function record(source: "generated" | "cases", checks: readonly InvariantCheck[]): string[] {
  const broken: string[] = [];
  for (const c of checks) {
    const t = tally.get(c.invariant) ?? { generated: 0, cases: 0, violations: 0 };
    if (c.applicable) t[source]++;
    t.violations += c.violations.length;
    tally.set(c.invariant, t);
    for (const v of c.violations)
      broken.push(`${v.invariant}: ${v.pattern ?? v.disorder} ${v.item ?? ""} (${v.detail})`);
  }
  return broken;
}

/** Plans several findings of one patient together, as assess does, and checks them. */
function checkGenerated(inputs: readonly ManagementInput[]): string[] {
  const plans = planPatient(inputs, k.management);
  const planned: PlannedFinding[] = inputs.map((input, i) => ({
    ...input,
    management: plans[i] ?? [],
    workup: planWorkup(input.disorder, input.certainty, new Set(), k.workup),
  }));
  return record("generated", checkPlans(planned, k.safety, k.management));
}

/**
 * The plan of a named unexplained pattern (unexplained.yaml `patterns`: a TMA that is not TTP) as assess
 * plans it beside the findings: its own recommendations, graded `severeGrade` when severe and not below.
 */
const patternInput = (
  id: string,
  severe: boolean,
  f: ManagementFacts,
  classes: readonly TherapyClass[],
): ManagementInput => {
  const p = k.unexplained.patterns.find((x) => x.id === id);
  if (!p) throw new Error(id);
  return {
    disorder: p.disorder,
    certainty: "possible",
    ...(severe ? { grade: p.severeGrade } : {}),
    therapyClasses: classes,
    facts: f,
    pattern: { id: p.id, recommendations: p.plan },
  };
};
const PATTERNS = k.unexplained.patterns.map((p) => p.id);

const facts = managementFacts;
const grade = fc.constantFrom(...GRADES);
const finding = (f: ManagementFacts, classes: TherapyClass[]) =>
  fc
    .record({
      disorder: fc.constantFrom(...DISORDER_IDS),
      certainty: fc.constantFrom(...CERTAINTIES),
      grade,
      aiha: grade,
      itp: grade,
    })
    .map(
      (x): ManagementInput => ({
        disorder: x.disorder,
        certainty: x.certainty,
        ...(x.grade !== undefined ? { grade: x.grade } : {}),
        ...(x.disorder === "evans"
          ? {
              arms: [
                { id: "aiha", label: "AIHA", ...(x.aiha !== undefined ? { grade: x.aiha } : {}) },
                { id: "itp", label: "ITP", ...(x.itp !== undefined ? { grade: x.itp } : {}) },
              ],
            }
          : {}),
        therapyClasses: classes,
        facts: f,
      }),
    );

describe("plan safety invariants", () => {
  it("hold for every disorder × grade × class × certainty, alone, over fixed scenarios", () => {
    const scenarios: ManagementFacts[] = [
      {},
      { platelets: 12, bleeding: false },
      { platelets: 24.9, thrombosis: true, "high-thrombus-progression-risk": true },
      { platelets: 30, thrombosis: true, bleeding: false },
      { platelets: 45, bleeding: true, "life-threatening-bleeding": false },
      { platelets: 8, bleeding: true, "life-threatening-bleeding": true },
      { platelets: 210, bleeding: true, "major-bleeding": true, thrombosis: true },
      {
        platelets: 40,
        bleeding: true,
        "major-bleeding": true,
        "arterial-thrombosis": true,
        thrombosis: true,
      },
      { platelets: 80, "major-bleeding": true, "hit-suspected": true, "adamts13-activity": 3 },
      { platelets: 15, hemolysis: true },
      { platelets: 20, "hit-suspected": true, thrombosis: true },
      { "adamts13-activity": 3, platelets: 10, hemolysis: true },
      { "fviii-inhibitor": 20, bleeding: true, platelets: 45 },
      { platelets: 8, bleeding: true, "major-bleeding": false, "hit-suspected": true },
      { platelets: 8, bleeding: true, "major-bleeding": true, "hit-suspected": true },
      { platelets: 30, bleeding: false, "hit-suspected": true, "planned-major-surgery": true },
    ];
    const broken: string[] = [];
    for (const id of PATTERNS)
      for (const severe of [true, false])
        for (const cls of CLASSES)
          for (const f of scenarios) broken.push(...checkGenerated([patternInput(id, severe, f, [cls])]));
    for (const disorder of DISORDER_IDS)
      for (const g of GRADES)
        for (const cls of CLASSES)
          for (const certainty of CERTAINTIES)
            for (const f of scenarios)
              broken.push(
                ...checkGenerated([
                  {
                    disorder,
                    certainty,
                    ...(g !== undefined ? { grade: g } : {}),
                    ...(disorder === "evans"
                      ? { arms: [{ id: "aiha", label: "AIHA", ...(g !== undefined ? { grade: g } : {}) }] }
                      : {}),
                    therapyClasses: [cls],
                    facts: f,
                  },
                ]),
              );
    expect(broken).toEqual([]);
  });

  it("hold for random patients with one to three findings and random facts, beside a named pattern or not", () => {
    const patient = fc
      .tuple(
        facts,
        fc.subarray([...CLASSES], { minLength: 1 }),
        fc.option(fc.tuple(fc.constantFrom(...PATTERNS), fc.boolean()), { nil: undefined }),
      )
      .chain(([f, classes, named]) =>
        fc
          .uniqueArray(finding(f, classes), { minLength: 1, maxLength: 3, selector: (x) => x.disorder })
          .map((inputs) => (named ? [...inputs, patternInput(named[0], named[1], f, classes)] : inputs)),
      );
    fc.assert(
      fc.property(patient, (inputs) => checkGenerated(inputs).length === 0),
      // SAFETY_RUNS widens the hunt locally (e.g. SAFETY_RUNS=50000); CI keeps 3000.
      { numRuns: Number(process.env.SAFETY_RUNS ?? 3000) },
    );
  });

  const cases = [...loadSpecs(), ...loadSpecs(join(import.meta.dirname, "..", "..", "examples", "specs"))];
  it.each(cases.map((s) => [s.id, s] as const))("hold on every case: %s", (_id, spec) => {
    const { patients } = ingestFhir(buildBundle(spec), {
      vocabulary: k.vocabulary,
      evaluatedAt: CASE_AT,
      file: `${spec.id}.json`,
    });
    for (const p of patients) {
      const { planned } = assessPatientTraced(p, CASE_AT, k);
      expect(record("cases", checkPlans(planned, k.safety, k.management))).toEqual([]);
    }
  });

  afterAll(() => {
    const lines = [
      "",
      "plan invariant                       patients tested (generated / cases)   violations",
    ];
    for (const inv of k.safety) {
      const t = tally.get(inv.id) ?? { generated: 0, cases: 0, violations: 0 };
      lines.push(`${inv.id.padEnd(36)} ${`${t.generated} / ${t.cases}`.padEnd(37)} ${t.violations}`);
    }
    console.log(lines.join("\n"));
  });
});
