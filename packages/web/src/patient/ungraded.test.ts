import { describe, expect, it } from "vitest";
import { P1, P1_UNGRADED_INR } from "../../../../test/support/sample-report.js";
import { ungradedLines } from "./ungraded.js";

const term = (id: string) => (id === "inr-increased" ? "INR increased" : id);

describe("the patient view's results not graded because a drug moves them by design", () => {
  it("lists an INR on warfarin with no baseline: value, date, why and what the cut-off would grade, with its records", () => {
    expect(ungradedLines(P1_UNGRADED_INR, term)).toEqual([
      {
        key: "inr-increased@2024-02-20T08:00:00Z",
        text: "INR increased: 2.8 on 2024-02-20 not gradable: on anticoagulation without a baseline (grade 3 by > 2.5 without the drug)",
        evidence: ["Observation/inr-2", "MedicationStatement/warfarin"],
      },
    ]);
  });

  it("lists nothing for a report without one", () => {
    expect(ungradedLines(P1, term)).toEqual([]);
  });
});
