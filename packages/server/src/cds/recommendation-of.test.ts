/**
 * A plan line is looked up by its id wherever the knowledge writes it (cards.ts recommendationOf): the order
 * card reads its therapy classes, the avoid card its avoid tags. The lines an unexplained item brings by what it
 * shows (`shows`: an immune-related AIHA after a checkpoint inhibitor) and an event rule's plan are among them:
 * before, they were not found, and their classes read as "any class" — the AIHA's "stop the checkpoint
 * inhibitor" would have answered an order of a T-cell engager as well.
 */
import { unexplainedPlans } from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import { knowledge } from "../test-support/ehr.js";
import { recommendationOf } from "./cards.js";

describe("recommendationOf", () => {
  it("finds the lines of what an unexplained item shows, with their therapy classes", () => {
    expect(recommendationOf(knowledge, "irae-aiha-ici-g3-4-stop")?.when.classes).toEqual(["ici"]);
    expect(recommendationOf(knowledge, "irae-neutropenia-ici-hold")?.when.classes).toEqual(["ici"]);
  });

  it("finds every line of every unexplained plan: patterns, lab and event rules, and what they show", () => {
    const ids = unexplainedPlans(knowledge.unexplained).flatMap((plan) => plan.map((r) => r.id));
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id) => recommendationOf(knowledge, id) === undefined)).toEqual([]);
    expect(ids).toContain("unexplained-anemia-paediatric-adult-doses");
  });
});
