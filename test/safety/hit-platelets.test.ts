/**
 * Platelets in HIT (ASH 2018; BCSH 2012): no routine or prophylactic platelet transfusion while HIT is suspected;
 * platelets stand only for a major bleed (CTCAE grade ≥ 3 or a critical site) or before a procedure with a high
 * risk of bleeding, and the plan then says what they are for (safety.yaml no-routine-platelets-with-hit-suspected).
 * Both sides, in every plan that can carry a platelet line (ITP, Evans, TTP, DIC, CARAC, thrombosis, AHA).
 */
import { describe, expect, it } from "vitest";
import type { ManagementFacts } from "../../packages/core/src/contracts/management-facts.js";
import type { DisorderId } from "../../packages/core/src/contracts/vocabularies.js";
import { checkPlans, type PlannedFinding } from "../../packages/core/src/engine/manage/invariants.js";
import { type ManagementInput, planPatient } from "../../packages/core/src/engine/manage/plan.js";
import type { Invariant } from "../../packages/core/src/knowledge/safety.js";
import { testKnowledge } from "../support/knowledge.js";

const k = testKnowledge();
const INVARIANT = "no-routine-platelets-with-hit-suspected";
const DISORDERS: readonly DisorderId[] = ["itp", "evans", "ttp", "dic", "carac", "thrombosis", "aha"];

const tagsOf = new Map(
  Object.values(k.management)
    .flat()
    .map((r) => [r.id, r.tags ?? []] as const),
);
const PREFIX: Record<DisorderId, string> = {
  itp: "itp",
  evans: "evans",
  ttp: "ttp",
  aha: "aha",
  thrombosis: "thr",
  dic: "dic",
  carac: "carac",
};
/** The plan's ids without the disorder's prefix of the shared lines (every.yaml). */
const ids = (d: DisorderId, items: readonly { id: string }[]) =>
  items.map((m) => m.id.replace(`${PREFIX[d]}-`, ""));
const said = (d: DisorderId, items: readonly { id: string; action: string }[]) =>
  items.find((m) => m.id === `${PREFIX[d]}-platelets-hit-bleeding-or-procedure`);
const givesPlatelets = (items: readonly { id: string; kind: string }[]) =>
  items.filter((m) => m.kind !== "avoid" && tagsOf.get(m.id)?.includes("platelet-transfusion"));

function plan(disorder: DisorderId, facts: ManagementFacts) {
  const input: ManagementInput = {
    disorder,
    certainty: "probable",
    grade: 4,
    therapyClasses: [disorder === "carac" ? "car-t" : "ici"],
    facts,
  };
  const [items = []] = planPatient([input], k.management);
  const planned: PlannedFinding = { ...input, management: items, workup: [] };
  const check = checkPlans([planned], k.safety, k.management).find((c) => c.invariant === INVARIANT);
  return { items, check };
}

const minorBleed: ManagementFacts = {
  platelets: 8,
  bleeding: true,
  "major-bleeding": false,
  "life-threatening-bleeding": false,
  "hit-suspected": true,
  "hit-4ts-could-be-low": false,
};
const noBleed: ManagementFacts = { ...minorBleed, bleeding: false };
const majorBleed: ManagementFacts = { ...minorBleed, "major-bleeding": true };
const criticalBleed: ManagementFacts = { ...majorBleed, "life-threatening-bleeding": true };
const procedure: ManagementFacts = { ...noBleed, "planned-major-surgery": true };

describe("platelets while HIT is suspected", () => {
  it.each(DISORDERS)("%s: no platelet line without a bleed, and the HIT avoid line says why", (d) => {
    const { items, check } = plan(d, noBleed);
    expect(givesPlatelets(items)).toEqual([]);
    expect(ids(d, items)).toContain("avoid-platelets-hit");
    expect(check?.applicable).toBe(true);
    expect(check?.violations).toEqual([]);
  });

  it.each(DISORDERS)("%s: a minor bleed (petechiae, a nosebleed) gives no platelet line either", (d) => {
    const { items, check } = plan(d, minorBleed);
    expect(givesPlatelets(items)).toEqual([]);
    expect(ids(d, items)).toContain("avoid-platelets-hit");
    expect(check?.violations).toEqual([]);
  });

  it("a DIC or CARAC plan gives platelets for the same minor bleed when HIT is not suspected", () => {
    for (const d of ["dic", "carac"] as const) {
      const { items } = plan(d, { ...minorBleed, "hit-suspected": false });
      expect(givesPlatelets(items).length).toBeGreaterThan(0);
    }
  });

  it("a major bleed: the DIC and CARAC platelet lines stand beside the line that says HIT", () => {
    for (const d of ["dic", "carac"] as const) {
      const { items, check } = plan(d, majorBleed);
      expect(givesPlatelets(items).length).toBeGreaterThan(0);
      expect(said(d, items)?.action).toMatch(/\bHIT\b/);
      expect(ids(d, items)).not.toContain("avoid-platelets-hit");
      expect(check?.violations).toEqual([]);
    }
  });

  it.each(["itp", "evans", "ttp"] as const)(
    "%s: a life-threatening bleed keeps its platelets, saying HIT",
    (d) => {
      const { items, check } = plan(d, criticalBleed);
      expect(givesPlatelets(items).length).toBeGreaterThan(0);
      expect(said(d, items)?.action).toMatch(/\bHIT\b/);
      expect(check?.violations).toEqual([]);
    },
  );

  it("a high-bleeding-risk procedure planned lifts the avoid line and says HIT", () => {
    const { items, check } = plan("dic", procedure);
    expect(ids("dic", items)).not.toContain("avoid-platelets-hit");
    expect(ids("dic", items)).toContain("platelets-hit-bleeding-or-procedure");
    expect(check?.violations).toEqual([]);
    // A central line (compressible site) is not such a procedure: the avoid line stays.
    const cvc = plan("dic", { ...noBleed, "planned-central-venous-catheter": true });
    expect(ids("dic", cvc.items)).toContain("avoid-platelets-hit");
  });
});

describe("the invariant's exception (unlessFacts, liftSaidBy)", () => {
  const inv = k.safety.find((i) => i.id === INVARIANT) as Extract<Invariant, { kind: "forbidden-with-fact" }>;
  const line = (id: string) => ({ id, kind: "supportive" as const, action: id, sourceIds: ["x"] });
  const finding = (facts: ManagementFacts, ids: string[]): PlannedFinding => ({
    disorder: "dic",
    facts,
    management: ids.map(line),
    workup: [],
  });
  const violations = (f: PlannedFinding) => checkPlans([f], [inv], k.management)[0]?.violations ?? [];

  it("is read from the data: a forbidden-with-fact ban on platelets with HIT suspected", () => {
    expect(inv.kind).toBe("forbidden-with-fact");
    expect(inv.unlessFacts).toContain("major-bleeding");
    expect(inv.unlessFacts).not.toContain("planned-central-venous-catheter");
  });

  it("bars a platelet line with HIT suspected and no lifting fact", () => {
    expect(violations(finding(minorBleed, ["dic-platelets-bleeding"]))).toHaveLength(1);
    expect(violations(finding(noBleed, ["dic-platelets-prophylactic-below-10"]))).toHaveLength(1);
  });

  it("lets it stand with a major bleed only when the plan says why", () => {
    expect(violations(finding(majorBleed, ["dic-platelets-bleeding"]))[0]?.detail).toMatch(
      /no item carries hit-platelet-exception/,
    );
    expect(
      violations(finding(majorBleed, ["dic-platelets-bleeding", "dic-platelets-hit-bleeding-or-procedure"])),
    ).toEqual([]);
    expect(
      violations(finding(procedure, ["dic-platelets-bleeding", "dic-platelets-hit-bleeding-or-procedure"])),
    ).toEqual([]);
  });

  it("does not apply without HIT suspected", () => {
    const f = finding({ ...minorBleed, "hit-suspected": false }, ["dic-platelets-bleeding"]);
    expect(checkPlans([f], [inv], k.management)[0]).toMatchObject({ applicable: false, violations: [] });
  });
});
