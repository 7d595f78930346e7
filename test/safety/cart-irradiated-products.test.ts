/**
 * After CAR-T, blood products are irradiated until at least day 90 after the infusion (EHA/EBMT ICAHT consensus,
 * Table 3: fludarabine lymphodepletion). Every plan of a CAR-T patient that gives a platelet transfusion (an item
 * tagged `platelet-transfusion`) says so in the same plan. Clinical review round (clinrev): a DIC on day 8 after
 * axicabtagene ciloleucel at platelets 8 ×10⁹/L read "a prophylactic platelet transfusion is reasonable" with no
 * word of irradiation, while the CARAC plan beside it irradiated its platelets.
 */
import { describe, expect, it } from "vitest";
import { assessPatient } from "../../packages/core/src/engine/assess.js";
import type { ClinicalEvent } from "../../packages/core/src/index.js";
import { AT, knowledge as k, planIds } from "../support/assess.js";
import { event, exposure, lab, record } from "../support/record.js";

const tagsOf = (id: string): readonly string[] =>
  Object.values(k.management)
    .flat()
    .find((r) => r.id === id)?.tags ?? [];

function carTCoagulopathy(platelets: number, bleeding: ClinicalEvent[]) {
  return assessPatient(
    record({
      exposures: [exposure("axicabtagene-ciloleucel", "car-t", [390])],
      labs: [
        lab("platelets", 385, 150),
        lab("fibrinogen", 385, 3.0),
        lab("platelets", 398, platelets),
        lab("fibrinogen", 398, 0.8),
        lab("pt", 398, 19.5, { refLow: 11, refHigh: 13.5 }),
        lab("d-dimer-feu", 398, 12, { refHigh: 0.5 }),
      ],
      events: [
        event("active-cancer", 330, { qualifiers: ["lymphoma"] }),
        event("crs", 393, { grade: 3 }),
        ...bleeding,
      ],
    }),
    AT,
    k,
  );
}

const bleeds: Record<string, ClinicalEvent[]> = {
  "no bleeding": [],
  "a grade 1 nosebleed": [event("bleeding", 398, { grade: 1, qualifiers: ["epistaxis", "mucosal"] })],
  "a grade 3 gastrointestinal bleed": [
    event("bleeding", 398, { grade: 3, qualifiers: ["gastrointestinal"] }),
  ],
};

describe("after CAR-T, a plan that transfuses platelets says they are irradiated", () => {
  for (const platelets of [8, 30]) {
    for (const [label, events] of Object.entries(bleeds)) {
      it(`platelets ${platelets} ×10⁹/L with ${label}`, () => {
        const report = carTCoagulopathy(platelets, events);
        expect(report.findings.map((f) => f.disorder)).toContain("dic");
        let transfusing = 0;
        for (const f of report.findings) {
          const ids = planIds(f);
          if (!ids.some((id) => tagsOf(id).includes("platelet-transfusion"))) continue;
          transfusing++;
          const irradiated = f.management.some((m) => /irradiated/.test(m.action));
          expect(irradiated, `${f.disorder} plan: ${ids.join(", ")}`).toBe(true);
        }
        if (platelets === 8 || label !== "no bleeding") expect(transfusing).toBeGreaterThan(0);
      });
    }
  }
});
