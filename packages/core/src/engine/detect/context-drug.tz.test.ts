/**
 * A context drug without an end is still taken: it overlaps every window from its start up to the
 * evaluation time (the record's `ContextDrug.end`). A course that ended, or a single dose, counts only
 * over its days. Shown on the AHA `anticoagulant` differential (7 days before the aPTT, Tiede 2020).
 */
import { describe, expect, it } from "vitest";
import { assessWith, findingOf } from "../../../../../test/support/assess.js";
import { contextDrug, lab } from "../../../../../test/support/record.js";

const ahaLabs = [
  lab("aptt", 90, 70),
  lab("inr", 90, 1.1),
  lab("fviii-activity", 90, 3),
  lab("fviii-inhibitor", 90, 8),
];

function anticoagulant(from: number, to?: number) {
  const aha = findingOf(
    assessWith({
      labs: ahaLabs,
      contextDrugs: [contextDrug("enoxaparin", ["heparin", "anticoagulant"], from, to)],
    }),
    "aha",
  );
  return aha?.differentials.find((d) => d.id === "anticoagulant");
}

describe("context drugs over time", () => {
  it("an ongoing drug started before the window is seen in it (and says it is ongoing)", () => {
    const d = anticoagulant(30);
    expect(d?.status).toBe("met");
    expect(d?.detail).toMatch(/enoxaparin from 2024-01-31 \(day 30\), ongoing/);
  });

  it("a course that ended before the window is not", () => {
    expect(anticoagulant(30, 82)?.status).toBe("unmet");
  });

  it("a course that ended inside the window is (boundary: 7 days before the aPTT)", () => {
    expect(anticoagulant(30, 83)?.status).toBe("met");
  });

  it("a drug started after the evaluation time is not seen", () => {
    expect(anticoagulant(500)?.status).toBe("unmet");
  });
});
