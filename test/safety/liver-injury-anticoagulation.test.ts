/**
 * Raised liver tests without a charted cirrhosis (an immune-related hepatitis on a checkpoint inhibitor): the DOAC
 * trials for VTE excluded ALT or AST above 2 × ULN and bilirubin above 1.5 × ULN (AMPLIFY, RE-COVER, RE-MEDY;
 * Hokusai VTE from 2 × ULN; ash-doac-vte-trials-liver-exclusions), so no plan of the patient offers a DOAC — and
 * every plan still offers an anticoagulant (LMWH, or a non-heparin agent after HIT): barring the DOACs never
 * leaves a thrombosis untreated.
 */
import { describe, expect, it } from "vitest";
import type { ClinicalEvent, ContextDrug, LabResult } from "../../packages/core/src/contracts/model.js";
import { planManagement } from "../../packages/core/src/engine/manage/plan.js";
import {
  findingOf as finding,
  knowledge as k,
  pembrolizumab,
  reportAndViolations,
} from "../support/assess.js";
import { contextDrug, event, lab, record } from "../support/record.js";

const EVAL = 400; // AT is day 400

/** Whether a plan item (any disorder's) carries the tag: `doac` offers a DOAC, `full-dose-anticoagulation` treats. */
const tagged = (tag: string) => (id: string) =>
  Object.values(k.management)
    .flat()
    .some((r) => r.id === id && (r.tags?.includes(tag) ?? false));
const offersDoac = tagged("doac");
const anticoagulates = tagged("full-dose-anticoagulation");

function dvt(labs: LabResult[], events: ClinicalEvent[] = [], contextDrugs: ContextDrug[] = []) {
  const { report, violations } = reportAndViolations(
    record({
      exposures: [pembrolizumab],
      labs: [lab("platelets", EVAL - 60, 250), lab("platelets", EVAL - 5, 240), ...labs],
      events: [event("thrombosis", EVAL - 5, { qualifiers: ["venous", "dvt"] }), ...events],
      contextDrugs,
    }),
  );
  const items = finding(report, "thrombosis")?.management ?? [];
  return { items, ids: items.map((m) => m.id), violations };
}

const hepatitis = () => [lab("alt", EVAL - 5, 412), lab("ast", EVAL - 5, 250)];

describe("anticoagulant choice with raised liver tests (no cirrhosis charted)", () => {
  it("ALT 412 and AST 250: LMWH with the reason shown, no DOAC, and the safety invariants hold", () => {
    const { items, ids, violations } = dvt(hepatitis());
    expect(ids).toContain("thr-anticoagulation-full-dose-liver-injury");
    expect(ids).toContain("thr-avoid-doac-liver-injury");
    expect(ids.filter((id) => offersDoac(id))).toEqual([]);
    const line = items.find((m) => m.id === "thr-anticoagulation-full-dose-liver-injury");
    expect(line?.action).toMatch(/ALT or AST of the last 14 days above 2 × ULN/);
    expect(line?.action).toMatch(/LMWH, not a DOAC/);
    expect(violations).toEqual([]);
  });

  it.each([
    ["a gastric cancer", [event("active-cancer", -60, { qualifiers: ["stomach"] })], []],
    ["a remote HIT", [event("hit", EVAL - 300)], []],
    ["severe renal impairment", [event("kidney-failure", EVAL - 100)], []],
    ["posaconazole on board", [], [contextDrug("posaconazole", ["cyp3a4-pgp-inhibitor"], EVAL - 30)]],
  ] as const)("with %s as well: still an anticoagulant, still no DOAC", (_what, events, drugs) => {
    const { ids, violations } = dvt(hepatitis(), [...events], [...drugs]);
    expect(ids.filter((id) => anticoagulates(id)).length).toBeGreaterThan(0);
    expect(ids.filter((id) => offersDoac(id))).toEqual([]);
    expect(violations).toEqual([]);
  });

  it("normal liver tests leave the usual line (LMWH or a DOAC)", () => {
    const { ids } = dvt([lab("alt", EVAL - 5, 30), lab("bilirubin-total", EVAL - 5, 0.8)]);
    expect(ids).toContain("thr-anticoagulation-full-dose");
    expect(offersDoac("thr-anticoagulation-full-dose")).toBe(true); // the tag check above is not vacuous
    expect(ids).not.toContain("thr-avoid-doac-liver-injury");
  });
});

describe("HIT suspected with raised liver tests (ASH 2018 with the DOAC trials' exclusions)", () => {
  const prefix = { thrombosis: "thr", dic: "dic", carac: "carac" } as const;
  it.each(["thrombosis", "dic", "carac"] as const)(
    "%s: a non-heparin agent other than a DOAC, never the usual line that offers one",
    (disorder) => {
      const items = planManagement(
        {
          disorder,
          certainty: "probable",
          grade: 3,
          therapyClasses: ["ici"],
          facts: { platelets: 80, "hit-suspected": true, "active-liver-injury": true },
        },
        k.management,
      );
      const ids = items.map((m) => m.id);
      expect(ids).toContain(`${prefix[disorder]}-hit-non-heparin-liver-injury`);
      expect(ids).not.toContain(`${prefix[disorder]}-hit-non-heparin`);
      expect(ids.filter((id) => offersDoac(id))).toEqual([]);
    },
  );
});
