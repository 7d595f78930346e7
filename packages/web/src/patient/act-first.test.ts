import type { ManagementItem } from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../test/support/knowledge.js";
import {
  type ActFirstGroup,
  actFirstItems,
  arrangeActFirst,
  bleedEndedItemIds,
  drugDecisionKeys,
  procedureGroup,
  servesText,
  sharedText,
} from "./act-first.js";

const k = testKnowledge();

function item(id: string, kind: ManagementItem["kind"], action: string, urgent?: true): ManagementItem {
  return { id, kind, action, sourceIds: ["asco-2021-irae-hematologic"], ...(urgent ? { urgent } : {}) };
}

function group(title: string, management: readonly ManagementItem[], withhold?: ReadonlySet<string>) {
  return {
    key: title,
    title,
    anchor: `plan-${title}`,
    unexplained: false,
    items: actFirstItems({ management }, withhold),
  } satisfies ActFirstGroup;
}

const HOLD = item(
  "itp-ici-g4-hold",
  "immunotherapy",
  "Hold the checkpoint inhibitor. 38 days before the onset.",
);

describe("Act first: each line once, the plans with an urgent line first", () => {
  it("one finding's hold shown in another's plan in place of its 'continue' is one line naming both", () => {
    // The thrombosis plan carries the ITP hold (planPatient), its record note measured from its own onset.
    const thrombosis = group("Thrombosis", [
      { ...HOLD, action: "Hold the checkpoint inhibitor. 28 days before the onset." },
      item("thr-avoid-antifibrinolytic", "avoid", "Do not give tranexamic acid."),
    ]);
    const itp = group("ITP", [HOLD]);
    const shown = arrangeActFirst([thrombosis, itp]);
    expect(shown.map((g) => [g.title, g.items.map((i) => [i.item.action, i.serves]), g.sharedAbove])).toEqual(
      [
        [
          "Thrombosis",
          [
            ["Hold the checkpoint inhibitor. 28 days before the onset.", ["Thrombosis", "ITP"]],
            ["Do not give tranexamic acid.", ["Thrombosis"]],
          ],
          [],
        ],
        // The ITP keeps its group (its heading and the link to its plan), saying where its line is.
        ["ITP", [], [{ kind: "immunotherapy", under: "Thrombosis" }]],
      ],
    );
    expect(sharedText(shown[1]?.sharedAbove ?? [])).toBe(
      "Its immunotherapy decision is listed above under Thrombosis.",
    );
  });

  it("a patient-wide avoid line under each plan's id is one line", () => {
    const words = "HIT suspected: stop all heparin, including LMWH and heparin flushes.";
    const shown = arrangeActFirst([
      group("Thrombosis", [item("thr-avoid-heparin-hit", "avoid", words)]),
      group("ITP", [item("itp-avoid-heparin-hit", "avoid", words)]),
    ]);
    expect(shown[0]?.items.map((i) => [i.item.id, i.serves])).toEqual([
      ["thr-avoid-heparin-hit", ["Thrombosis", "ITP"]],
    ]);
    expect(shown[1]?.items).toEqual([]);
  });

  it("the same words as another kind of line, or other words, stay apart", () => {
    const shown = arrangeActFirst([
      group("DIC", [item("dic-hold", "immunotherapy", "Nothing to hold: CAR-T is a single infusion (DIC).")]),
      group("CARAC", [
        item("carac-hold", "immunotherapy", "Nothing to hold: CAR-T is a single infusion (CARAC)."),
      ]),
    ]);
    expect(shown.map((g) => g.items.map((i) => i.serves))).toEqual([[["DIC"]], [["CARAC"]]]);
  });

  it("a plan with an urgent line comes before the primary finding's without one; otherwise the report's order", () => {
    const dic = group("DIC", [item("dic-avoid-txa", "avoid", "Do not give antifibrinolytics.")]);
    const carac = group("CARAC", [item("carac-fibrinogen", "first-line", "Replace fibrinogen now.", true)]);
    const dvt = group("Thrombosis", [item("thr-continue", "immunotherapy", "Continue.")]);
    expect(arrangeActFirst([dic, carac, dvt]).map((g) => g.title)).toEqual(["CARAC", "DIC", "Thrombosis"]);
    expect(arrangeActFirst([dic, dvt]).map((g) => g.title)).toEqual(["DIC", "Thrombosis"]);
  });

  it("the same hold of the checkpoint inhibitor in two plans' words is one decision; a stop beside a hold stays two", () => {
    const decisions = drugDecisionKeys(k);
    expect(decisions.get("irae-pancytopenia-ici-hold")).toBe("hold:ici");
    expect(decisions.get("itp-ici-g4-hold")).toBe("hold:ici");
    // A hold that offers a restart once it resolves is another decision than one that leaves it to the team.
    expect(decisions.get("itp-ici-g2-3-hold")).toBe("hold-restart:ici");
    expect(decisions.get("irae-aiha-ici-g3-4-stop")).toBe("stop:ici");
    expect(decisions.has("thr-ici-g1-3-continue")).toBe(false);
    expect(decisions.has("carac-car-t-nothing-to-hold")).toBe(false);
    const pancytopenia = group("Pancytopenia", [
      item("irae-pancytopenia-marrow", "first-line", "Call hematology now.", true),
      item("irae-pancytopenia-ici-hold", "immunotherapy", "Hold the checkpoint inhibitor while worked up."),
    ]);
    const itp = group("ITP", [HOLD, item("itp-avoid", "avoid", "Withhold an anticoagulant.")]);
    const shown = arrangeActFirst([itp, pancytopenia], decisions);
    expect(shown.map((g) => [g.title, g.items.map((i) => [i.item.id, i.serves])])).toEqual([
      [
        "Pancytopenia",
        [
          ["irae-pancytopenia-marrow", ["Pancytopenia"]],
          ["irae-pancytopenia-ici-hold", ["Pancytopenia", "ITP"]],
        ],
      ],
      ["ITP", [["itp-avoid", ["ITP"]]]],
    ]);
    expect(sharedText(shown[1]?.sharedAbove ?? [])).toBe(
      "Its immunotherapy decision is listed above under Pancytopenia.",
    );
    const aiha = group("AIHA", [
      item("irae-aiha-ici-g3-4-stop", "immunotherapy", "Permanently discontinue."),
    ]);
    expect(arrangeActFirst([itp, aiha], decisions).map((g) => g.items[0]?.item.id)).toEqual([
      "itp-ici-g4-hold",
      "irae-aiha-ici-g3-4-stop",
    ]);
  });

  it("says in words which lines are listed above, one or several of a kind", () => {
    expect(
      sharedText([
        { kind: "avoid", under: "ITP" },
        { kind: "avoid", under: "ITP" },
        { kind: "immunotherapy", under: "DIC" },
      ]),
    ).toBe("Its 2 lines on what to avoid and its immunotherapy decision are listed above under ITP and DIC.");
  });

  it("names the plans served in words", () => {
    expect(servesText(["ITP"])).toBe("ITP");
    expect(servesText(["ITP", "Thrombosis"])).toBe("both ITP and Thrombosis");
    expect(servesText(["ITP", "DIC", "Thrombosis"])).toBe("ITP, DIC and Thrombosis");
  });
});

describe("Act first: an antithrombotic kept stopped after a major bleed charted as ended", () => {
  const ids = bleedEndedItemIds(k);

  it("the knowledge base's ended-bleed line of every plan, and not the reversal of a bleed under way", () => {
    for (const d of ["itp", "evans", "ttp", "aha", "thr", "dic", "carac"])
      expect(ids.has(`${d}-major-bleeding-ended-antithrombotic`), d).toBe(true);
    expect(ids.has("itp-major-bleeding-reversal")).toBe(false);
  });

  it("is listed after the drug decision and before what to avoid; without it the supportive line stays in the plan", () => {
    const plan = [
      item("itp-avoid-antithrombotic-below-25", "avoid", "Withhold an anticoagulant below 25."),
      item(
        "itp-major-bleeding-ended-antithrombotic",
        "supportive",
        "Keep the drug stopped; do not reverse it now.",
      ),
      item("itp-ici-g4-hold", "immunotherapy", "Hold the checkpoint inhibitor."),
      item("itp-platelets-admit", "supportive", "Platelets <20: admit."),
    ];
    expect(actFirstItems({ management: plan }, ids).map((i) => [i.kind, i.item.id])).toEqual([
      ["immunotherapy", "itp-ici-g4-hold"],
      ["withhold", "itp-major-bleeding-ended-antithrombotic"],
      ["avoid", "itp-avoid-antithrombotic-below-25"],
    ]);
    expect(actFirstItems({ management: plan }).map((i) => i.kind)).toEqual(["immunotherapy", "avoid"]);
  });
});

describe("Act first: the plan before a planned procedure", () => {
  const count = item(
    "procedure-platelets-before-planned-liver-biopsy",
    "supportive",
    "Before the liver biopsy planned on 13 Mar 2026 (tomorrow): raise the count to 50 ×10⁹/L.",
    true,
  );
  const vegf = item("procedure-avoid-vegf-antibody-planned-surgery", "avoid", "Do not give bevacizumab.");
  const later = item("procedure-doac-before-planned-surgery", "supportive", "Stop apixaban 2 days before.");

  it("lists a near procedure's urgent line under the plan's heading, linking to it; not its other lines", () => {
    const g = procedureGroup(
      { management: [count, vegf, later] },
      "Before a planned procedure",
      "procedures-title",
    );
    expect(g?.title).toBe("Before a planned procedure");
    expect(g?.anchor).toBe("procedures-title");
    expect(g?.items.map((i) => [i.kind, i.item.id])).toEqual([["urgent", count.id]]);
    // An urgent procedure line heads Act first, before a finding with none.
    const arranged = arrangeActFirst([group("Thrombosis", [later]), g as ActFirstGroup]);
    expect(arranged[0]?.key).toBe("procedures");
  });

  it("is no group when no line is urgent (the procedure is days away) or there is no plan", () => {
    expect(procedureGroup({ management: [vegf, later] }, "Before a planned procedure", "p")).toBeUndefined();
    expect(procedureGroup(undefined, "Before a planned procedure", "p")).toBeUndefined();
  });
});
