import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../../test/support/knowledge.js";
import type { ManagementItem } from "../../contracts/report.js";
import { lineIdentity } from "../../knowledge/line-identity.js";
import type { Recommendation } from "../../knowledge/management.js";
import { plannedEventKinds, procedureSection, readsPlannedProcedure } from "./procedures.js";

/**
 * A shared knowledge line as the procedure plan carries it, whose `when` requires `facts` (each `is: true` unless
 * given false): its identity is the shared line's id.
 */
const line = (id: string, kind: Recommendation["kind"], facts: Record<string, boolean>): Recommendation =>
  ({
    id: `procedure-${id}`,
    shared: id,
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
  const shown = (...identities: string[]) => new Set(identities);
  it("keeps the lines no other plan shows", () => {
    expect(procedureSection([item(doac)], knowledge, shown()).map((m) => m.id)).toEqual([doac.id]);
  });

  it("leaves a line a finding's plan shows there (the same shared line): nothing is left to say", () => {
    expect(
      procedureSection([item(doac)], knowledge, shown("doac-before-planned-neuraxial-puncture")),
    ).toEqual([]);
  });

  it("a finding's line for another procedure or drug is not this line: the surgery interval leaves the neuraxial one", () => {
    const other = shown("doac-before-planned-surgery", "lmwh-before-planned-neuraxial-puncture");
    expect(procedureSection([item(doac)], knowledge, other).map((m) => m.id)).toEqual([doac.id]);
  });

  it("a plan's own line whose id merely ends like this one is another line: the procedure line stays", () => {
    // An own line's identity is its id; before, a line was matched by the end of its id.
    const own = shown("thr-doac-before-planned-neuraxial-puncture");
    expect(procedureSection([item(doac)], knowledge, own).map((m) => m.id)).toEqual([doac.id]);
  });

  it("keeps an avoid line beside an advice of its own even when a finding's plan shows it too", () => {
    const kept = procedureSection(
      [item(doac), item(vegf)],
      knowledge,
      shown("avoid-vegf-antibody-planned-surgery"),
    );
    expect(kept.map((m) => m.id)).toEqual([doac.id, vegf.id]);
  });

  it("an avoid line of a planned procedure is advice alone; a HIT line that reads none planned is not", () => {
    expect(procedureSection([item(vegf)], knowledge, shown()).map((m) => m.id)).toEqual([vegf.id]);
    expect(procedureSection([item(hit)], knowledge, shown())).toEqual([]);
  });
});

describe("line identity in the compiled plans", () => {
  it("knows a shared line by one identity in every plan that carries it; a plan's own line by its id", () => {
    const k = testKnowledge();
    const identity = (plan: readonly Recommendation[], id: string) => {
      const r = plan.find((x) => x.id === id);
      return r && lineIdentity(r);
    };
    const surgery = "doac-before-planned-surgery";
    expect(identity(k.unexplained.procedures?.plan ?? [], `procedure-${surgery}`)).toBe(surgery);
    expect(identity(k.management.thrombosis, `thr-${surgery}`)).toBe(surgery);
    expect(identity(k.management.itp, "itp-ici-g1-continue")).toBe("itp-ici-g1-continue");
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
