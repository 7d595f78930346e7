import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../../test/support/knowledge.js";
import type { ManagementItem } from "../../contracts/report.js";
import type { Recommendation } from "../../knowledge/management.js";
import { plannedEventKinds, procedureSection, readsPlannedProcedure } from "./procedures.js";

/** A knowledge line of the procedure plan whose `when` requires `facts` (each `is: true` unless given false). */
const line = (id: string, kind: Recommendation["kind"], facts: Record<string, boolean>): Recommendation =>
  ({
    id: `procedure-${id}`,
    kind,
    action: id,
    sourceIds: ["s"],
    when: { facts: Object.entries(facts).map(([fact, is]) => ({ fact, is })) },
  }) as unknown as Recommendation;
const item = (r: Recommendation): ManagementItem => ({
  id: r.id,
  kind: r.kind,
  action: r.action,
  sourceIds: r.sourceIds,
});

const doac = line("doac-before-planned-neuraxial-puncture", "supportive", {
  "doac-within-neuraxial-interval": true,
  "planned-neuraxial-puncture": true,
});
const vegf = line("avoid-vegf-antibody-planned-surgery", "avoid", {
  "planned-major-surgery": true,
  "vegf-antibody-on-board": true,
});
const hit = line("avoid-platelets-hit", "avoid", { "hit-suspected": true, "planned-neuraxial": false });
const knowledge = [doac, vegf, hit];

describe("readsPlannedProcedure", () => {
  it("is a line that requires a planned procedure, not one that requires none planned", () => {
    expect(readsPlannedProcedure(doac)).toBe(true);
    expect(readsPlannedProcedure(hit)).toBe(false);
  });
});

describe("procedureSection", () => {
  it("keeps the lines no other plan shows", () => {
    expect(procedureSection([item(doac)], knowledge, []).map((m) => m.id)).toEqual([doac.id]);
  });

  it("leaves a line a finding's plan shows there: nothing is left to say", () => {
    expect(procedureSection([item(doac)], knowledge, ["thr-doac-before-planned-neuraxial-puncture"])).toEqual(
      [],
    );
  });

  it("a finding's line for another procedure or drug is not this line: the surgery interval leaves the neuraxial one", () => {
    const other = ["thr-doac-before-planned-surgery", "thr-lmwh-before-planned-neuraxial-puncture"];
    expect(procedureSection([item(doac)], knowledge, other).map((m) => m.id)).toEqual([doac.id]);
  });

  it("keeps an avoid line beside an advice of its own even when a finding's plan shows it too", () => {
    const shown = procedureSection([item(doac), item(vegf)], knowledge, [
      "thr-avoid-vegf-antibody-planned-surgery",
    ]);
    expect(shown.map((m) => m.id)).toEqual([doac.id, vegf.id]);
  });

  it("an avoid line of a planned procedure is advice alone; a HIT line that reads none planned is not", () => {
    expect(procedureSection([item(vegf)], knowledge, []).map((m) => m.id)).toEqual([vegf.id]);
    expect(procedureSection([item(hit)], knowledge, [])).toEqual([]);
  });
});

describe("plannedEventKinds", () => {
  it("names the planned events the knowledge's procedure plan reads: a planned procedure or operation", () => {
    const k = testKnowledge();
    const kinds = plannedEventKinds(k.unexplained.procedures?.plan ?? [], k.managementFacts);
    expect([...kinds].sort()).toEqual(["procedure-planned", "surgery-planned"]);
    const none = line("platelets-hit", "supportive", { "hit-suspected": true });
    expect(plannedEventKinds([none], k.managementFacts).size).toBe(0);
  });
});
