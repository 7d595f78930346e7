import type { ManagementItem, PlannedProcedure } from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import { procedurePointer, statusWithProcedures } from "./procedure-plan.js";

const line = (id: string, urgent = false): ManagementItem => ({
  id,
  kind: "supportive",
  action: "Spinal block planned with apixaban taken in the last days: 72 hours from the last dose.",
  sourceIds: ["asra-2018-neuraxial-antithrombotic"],
  ...(urgent && { urgent: true as const }),
});

/** A spinal block planned in 5 days, with nothing named in its way. */
const spinal: PlannedProcedure = {
  ref: "ServiceRequest/sr1",
  name: "Spinal block",
  on: "2026-03-17",
  inDays: 5,
  when: "upcoming",
};
const planned = [spinal];

describe("the summary's pointer to the plan before a planned procedure", () => {
  it("names the section and how many lines it holds when the patient has a procedure plan", () => {
    expect(procedurePointer({ procedures: { management: [line("procedure-doac")], planned } })).toBe(
      "A procedure is planned: advice before it (1 line) — see Before a planned procedure",
    );
    expect(
      procedurePointer({
        procedures: { management: [line("procedure-doac"), line("procedure-count")], planned },
      }),
    ).toBe("A procedure is planned: advice before it (2 lines) — see Before a planned procedure");
  });

  it("says when a line is urgent", () => {
    expect(
      procedurePointer({ procedures: { management: [line("procedure-count", true)], planned } }),
    ).toContain("(1 line, urgent)");
  });

  it("names the procedure, its day and what stands in its way when the plan names them", () => {
    const blocked = [{ ...spinal, concerns: ["apixaban within the interval asked before it"] }];
    expect(procedurePointer({ procedures: { management: [line("procedure-doac")], planned: blocked } })).toBe(
      "Before the spinal block on 17 Mar 2026 (in 5 days): apixaban within the interval asked before it (1 line) — see Before a planned procedure",
    );
  });

  it("names a planned day passed with nothing recorded done, with no line of its own", () => {
    const passed = [{ ...spinal, inDays: -2, on: "2026-03-10", when: "date-passed" as const }];
    expect(procedurePointer({ procedures: { management: [], planned: passed } })).toBe(
      "The spinal block planned on 10 Mar 2026 (2 days ago) has no record of being done: check whether it was done, postponed or cancelled — see Before a planned procedure",
    );
  });

  it("is absent when no procedure is planned: the summary then says only what was detected", () => {
    expect(procedurePointer({})).toBeUndefined();
  });
});

describe("a patient's status in the list of opened patients", () => {
  const NONE = "No immunotherapy-associated hemostatic disorder detected";
  it("names the procedure plan after 'nothing detected' when the patient has one", () => {
    expect(
      statusWithProcedures(NONE, { procedures: { management: [line("procedure-doac")], planned } }),
    ).toBe(`${NONE} · A procedure is planned: advice before it`);
  });
  it("is the status alone without one", () => {
    expect(statusWithProcedures(NONE, {})).toBe(NONE);
  });
});
