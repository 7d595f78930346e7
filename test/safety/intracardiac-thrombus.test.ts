/**
 * An intracardiac thrombus charted in words after pembrolizumab, through the engine the CLI drives with every plan
 * checked against the safety invariants (assessChecked): CTCAE v5.0 "Thromboembolic event" grade 3 names it, and the
 * thrombosis plan's cardiology line orders no anticoagulant, so the platelet floors and the bleeding bars of the
 * anticoagulant lines stand. Before, an LV thrombus was a thrombosis of no site: ungraded, no cardiac line; so were
 * "clot in LV", "clots in the LAA", "thrombus in the LAA" and "LA appendage thrombus", while a clot in urine, stool or vomit stays the bleed's.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { assessChecked, thrombosisPlan } from "../support/charted-words.js";
import { pembrolizumabBundle, plateletCount } from "../support/fhir-entries.js";

const subject = { reference: "Patient/p1" };
const CARDIOLOGY = "thr-intracardiac-cardiology";
const FULL_DOSE = "thr-anticoagulation-full-dose";

/** `words` charted on 10 March after pembrolizumab, with a platelet count that day and any other problems. */
function charted(words: string, platelets: number, more: readonly string[] = []): PatientReport {
  return assessChecked({
    kind: "fhir",
    value: pembrolizumabBundle(
      plateletCount("2026-03-10", { value: platelets, unit: "10*9/L" }),
      ...[words, ...more].map((text, i) => ({
        resource: {
          resourceType: "Condition",
          id: `c${i}`,
          subject,
          code: { text },
          onsetDateTime: "2026-03-10",
        },
      })),
    ),
  });
}

const thrombosisGrade = (p: PatientReport) => p.findings.find((f) => f.disorder === "thrombosis")?.grade;

describe("an intracardiac thrombus after a checkpoint inhibitor", () => {
  it("an LV thrombus at platelets 230 is grade 3, with the cardiology line and full-dose anticoagulation", () => {
    const p = charted("LV thrombus", 230);
    expect(thrombosisGrade(p)).toBe(3);
    expect(thrombosisPlan(p)).toEqual(expect.arrayContaining([CARDIOLOGY, FULL_DOSE]));
  });

  it("at platelets 20 the cardiology line stays and no full-dose anticoagulation is offered", () => {
    const plan = thrombosisPlan(charted("Left atrial appendage thrombus", 20));
    expect(plan).toContain(CARDIOLOGY);
    expect(plan).not.toContain(FULL_DOSE);
  });

  it("beside a major bleed (melena) the cardiology line stays and the invariants hold", () => {
    const plan = thrombosisPlan(charted("Clot in transit", 230, ["Melena requiring transfusion"]));
    expect(plan).toContain(CARDIOLOGY);
    expect(plan).not.toContain(FULL_DOSE);
  });

  it.each([
    "Melena with clot in LV",
    "Clots in the LAA",
    "LA appendage thrombus",
    "Thrombus in the LAA",
    "LV clot",
  ])(
    "the chamber abbreviated beside a clot (%j) is the intracardiac thrombus: grade 3, cardiology line",
    (words) => {
      const p = charted(words, 230);
      expect(thrombosisGrade(p)).toBe(3);
      expect(thrombosisPlan(p)).toContain(CARDIOLOGY);
    },
  );

  it.each(["Clot in urine", "Hematuria with clots", "Vomiting clots", "Melena with clots"])(
    "a clot in stool, urine or vomit (%j) is the bleed's blood, no thrombus",
    (words) => {
      expect(charted(words, 230).findings.find((f) => f.disorder === "thrombosis")).toBeUndefined();
    },
  );

  it("a deep vein thrombosis has no cardiology line", () => {
    expect(thrombosisPlan(charted("Deep vein thrombosis of the left leg", 230))).not.toContain(CARDIOLOGY);
  });
});
