import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { managementFacts } from "../../../../../test/support/facts.js";
import { loadManagement, loadWorkup } from "../../../../knowledge/src/sources.js";
import type { ManagementItem, ScoreResult } from "../../contracts/report.js";
import {
  type Certainty,
  DISORDER_IDS,
  type DisorderId,
  KIND_ORDER,
  type ManagementKind,
  type TherapyClass,
} from "../../contracts/vocabularies.js";
import type { FactCondition, ManagementFacts, When } from "../../knowledge/management.js";
import { When as WhenSchema } from "../../knowledge/management.js";
import {
  conditionHolds,
  drugsNamed,
  factsHold,
  type ManagementInput,
  planManagement,
  planPatient,
  planWorkup,
} from "./plan.js";

const k = loadManagement();
const w = loadWorkup();
const CLASSES: readonly TherapyClass[] = ["ici", "bispecific", "antibody", "car-t"];
const CERTAINTIES: readonly Certainty[] = ["definite", "probable", "possible"];
const GRADES: readonly (number | undefined)[] = [1, 2, 3, 4, undefined];

function plan(disorder: DisorderId, over: Partial<Omit<ManagementInput, "disorder">> = {}): ManagementItem[] {
  return planManagement(
    { disorder, certainty: "probable", grade: 3, therapyClasses: ["ici"], facts: {}, ...over },
    k,
  );
}
const actions = (items: readonly ManagementItem[], kind?: ManagementKind): string[] =>
  items.filter((i) => kind === undefined || i.kind === kind).map((i) => i.action);
const has = (items: readonly ManagementItem[], re: RegExp, kind?: ManagementKind): boolean =>
  actions(items, kind).some((a) => re.test(a));

describe("conditionHolds", () => {
  it("compares at the boundary and treats an unknown fact as not met unless told otherwise", () => {
    expect(conditionHolds({ fact: "platelets", below: 50 }, { platelets: 49.9 })).toBe(true);
    expect(conditionHolds({ fact: "platelets", below: 50 }, { platelets: 50 })).toBe(false);
    expect(conditionHolds({ fact: "platelets", atLeast: 50 }, { platelets: 50 })).toBe(true);
    expect(conditionHolds({ fact: "adamts13-activity", atMost: 20 }, { "adamts13-activity": 20 })).toBe(true);
    expect(conditionHolds({ fact: "adamts13-activity", above: 20 }, { "adamts13-activity": 20 })).toBe(false);
    expect(conditionHolds({ fact: "platelets", below: 50 }, {})).toBe(false);
    expect(conditionHolds({ fact: "platelets", atLeast: 50, ifUnknown: true }, {})).toBe(true);
    expect(conditionHolds({ fact: "bleeding", is: false, ifUnknown: true }, { bleeding: true })).toBe(false);
    expect(conditionHolds({ fact: "adamts13-activity", unknown: true }, { "adamts13-activity": 5 })).toBe(
      false,
    );
    expect(conditionHolds({ fact: "adamts13-activity", unknown: true }, {})).toBe(true);
  });

  it("reads a censored result by what it allows: <10 % is below 10, <25 % is not known to be", () => {
    const a = (v: number) => ({ "adamts13-activity": v });
    const lt = { "adamts13-activity": "<" } as const;
    const gt = { "adamts13-activity": ">" } as const;
    expect(conditionHolds({ fact: "adamts13-activity", below: 10 }, a(10), lt)).toBe(true);
    expect(conditionHolds({ fact: "adamts13-activity", below: 10 }, a(10))).toBe(false);
    expect(conditionHolds({ fact: "adamts13-activity", above: 20 }, a(10), lt)).toBe(false);
    expect(conditionHolds({ fact: "adamts13-activity", below: 10 }, a(25), lt)).toBe(false);
    expect(conditionHolds({ fact: "adamts13-activity", above: 20 }, a(25), lt)).toBe(false);
    expect(conditionHolds({ fact: "adamts13-activity", atMost: 20, ifUnknown: true }, a(25), lt)).toBe(true);
    expect(conditionHolds({ fact: "adamts13-activity", above: 20 }, a(20), gt)).toBe(true);
    expect(conditionHolds({ fact: "adamts13-activity", below: 10 }, a(20), gt)).toBe(false);
    expect(conditionHolds({ fact: "adamts13-activity", below: 10 }, a(5), gt)).toBe(false);
    expect(conditionHolds({ fact: "adamts13-activity", below: 10, ifUnknown: true }, a(5), gt)).toBe(true);
  });
});

describe("factsHold — every condition of facts, at least one of anyFacts", () => {
  const inhibitor: FactCondition = { fact: "cyp3a4-pgp-inhibitor-on-board", is: true };
  const inducer: FactCondition = { fact: "cyp3a4-pgp-inducer-on-board", is: true };
  const either: When = { facts: [{ fact: "thrombosis", is: true }], anyFacts: [inhibitor, inducer] };

  it("holds when one alternative or both hold, with every condition of facts", () => {
    expect(factsHold(either, { thrombosis: true, "cyp3a4-pgp-inhibitor-on-board": true })).toBe(true);
    expect(factsHold(either, { thrombosis: true, "cyp3a4-pgp-inducer-on-board": true })).toBe(true);
    const both = { "cyp3a4-pgp-inhibitor-on-board": true, "cyp3a4-pgp-inducer-on-board": true };
    expect(factsHold(either, { thrombosis: true, ...both })).toBe(true);
  });

  it("does not hold when no alternative holds (false or unknown), or when a condition of facts fails", () => {
    expect(
      factsHold(either, {
        thrombosis: true,
        "cyp3a4-pgp-inhibitor-on-board": false,
        "cyp3a4-pgp-inducer-on-board": false,
      }),
    ).toBe(false);
    expect(factsHold(either, { thrombosis: true })).toBe(false);
    expect(factsHold(either, { thrombosis: false, "cyp3a4-pgp-inducer-on-board": true })).toBe(false);
  });

  it("reads ifUnknown per alternative, and a when without anyFacts as before", () => {
    const lenient: When = { anyFacts: [inhibitor, { ...inducer, ifUnknown: true }] };
    expect(factsHold(lenient, {})).toBe(true);
    expect(factsHold(lenient, { "cyp3a4-pgp-inducer-on-board": false })).toBe(false);
    expect(factsHold({}, {})).toBe(true);
    expect(factsHold({ facts: [{ fact: "platelets", below: 50 }] }, { platelets: 60 })).toBe(false);
  });

  it("names the drugs of the alternative that holds only", () => {
    const r = k.thrombosis.find((x) => x.id === "thr-anticoagulation-full-dose-interaction");
    if (!r) throw new Error("thr-anticoagulation-full-dose-interaction missing");
    expect(drugsNamed(r, { "cyp3a4-pgp-inducer-on-board": ["rifampicin"] })).toEqual(["rifampicin"]);
    expect(drugsNamed(r, { "cyp3a4-pgp-inhibitor-on-board": ["posaconazole"] })).toEqual(["posaconazole"]);
    expect(drugsNamed(r, { "antithrombotic-on-board": ["apixaban"] })).toEqual([]);
  });
});

describe("planManagement — urgent lines", () => {
  it("carries the knowledge base's urgent mark and puts an urgent line first within its kind", () => {
    const items = plan("ttp", { facts: { bleeding: false } });
    const firstLine = items.filter((i) => i.kind === "first-line");
    expect(firstLine.find((i) => i.id === "ttp-hematology-now")?.urgent).toBe(true);
    const urgent = firstLine.map((i) => i.urgent === true);
    expect(urgent).toEqual([...urgent].sort((a, b) => Number(b) - Number(a)));
    expect(items.find((i) => i.id === "ttp-methylprednisolone")?.urgent).toBeUndefined();
  });

  const first = {
    id: "x-plain",
    kind: "first-line" as const,
    action: "Give the plain thing first.",
    when: {},
    sourceIds: ["a"],
  };
  const urgent = { ...first, id: "x-urgent", action: "Do the urgent thing now.", urgent: true as const };

  it("an urgent line listed after a non-urgent one of its kind in the knowledge is moved before it", () => {
    const items = planManagement(
      { disorder: "itp", certainty: "probable", grade: 3, therapyClasses: ["ici"], facts: {} },
      { ...k, itp: [first, urgent] },
    );
    expect(items.map((i) => i.id)).toEqual(["x-urgent", "x-plain"]);
  });

  it("a leading line (the adult doses of a child's plan) comes before the urgent and plain lines of its kind", () => {
    const leads = { ...first, id: "x-leads", action: "Read this before any dose.", leads: true as const };
    const items = planManagement(
      { disorder: "itp", certainty: "probable", grade: 3, therapyClasses: ["ici"], facts: {} },
      { ...k, itp: [first, urgent, leads] },
    );
    expect(items.map((i) => i.id)).toEqual(["x-leads", "x-urgent", "x-plain"]);
  });

  it("a child's ITP plan opens its first-line lines with the adult-dose line", () => {
    const items = plan("itp", { grade: 4, facts: { platelets: 8, age: 9 } });
    expect(items.find((i) => i.kind === "first-line")?.id).toMatch(/paediatric-adult-doses$/);
  });
});

describe("planManagement — the drug behind a drug-on-board fact is named", () => {
  const dvt = { platelets: 240, thrombosis: true };
  it("an item that requires the fact names the drug in the record; one that does not, does not", () => {
    const items = plan("thrombosis", {
      facts: { ...dvt, "cyp3a4-pgp-inhibitor-on-board": true },
      onBoard: { "cyp3a4-pgp-inhibitor-on-board": ["posaconazole"] },
    });
    const avoid = items.find((i) => i.id === "thr-avoid-doac-strong-inhibitor");
    expect(avoid?.action).toMatch(/In this patient's record: posaconazole\.$/);
    expect(items.find((i) => i.id === "thr-monitor-platelets")?.action).not.toMatch(/record:/);
  });

  it("the either-facts item applies for an inducer alone and names that drug only", () => {
    const items = plan("thrombosis", {
      facts: { ...dvt, "cyp3a4-pgp-inhibitor-on-board": false, "cyp3a4-pgp-inducer-on-board": true },
      onBoard: { "cyp3a4-pgp-inducer-on-board": ["carbamazepine"] },
    });
    const lmwh = items.find((i) => i.id === "thr-anticoagulation-full-dose-interaction");
    expect(lmwh?.action).toMatch(/In this patient's record: carbamazepine\.$/);
    expect(items.map((i) => i.id)).not.toContain("thr-anticoagulation-full-dose");
  });

  it("neither interacting drug: the DOAC item, not the either-facts item", () => {
    const ids = plan("thrombosis", {
      facts: { ...dvt, "cyp3a4-pgp-inhibitor-on-board": false, "cyp3a4-pgp-inducer-on-board": false },
    }).map((i) => i.id);
    expect(ids).toContain("thr-anticoagulation-full-dose");
    expect(ids).not.toContain("thr-anticoagulation-full-dose-interaction");
  });

  it("an inhibitor and an inducer together: one item naming both drugs once", () => {
    const items = plan("thrombosis", {
      facts: { ...dvt, "cyp3a4-pgp-inhibitor-on-board": true, "cyp3a4-pgp-inducer-on-board": true },
      onBoard: {
        "cyp3a4-pgp-inhibitor-on-board": ["voriconazole"],
        "cyp3a4-pgp-inducer-on-board": ["rifampicin"],
      },
    });
    const lmwh = items.filter((i) => i.id.startsWith("thr-anticoagulation-full-dose-interaction"));
    expect(lmwh.map((i) => i.id)).toEqual(["thr-anticoagulation-full-dose-interaction"]);
    expect(lmwh[0]?.action).toMatch(/In this patient's record: voriconazole, rifampicin\.$/);
    expect(items.map((i) => i.id)).not.toContain("thr-anticoagulation-full-dose");
  });
});

describe("planManagement — ICI immune thrombocytopenia (ASCO 2021 Table 8 §8.6)", () => {
  it("continues the ICI at grade 1 and holds it at grades 2 and 3", () => {
    expect(has(plan("itp", { grade: 1 }), /^Continue the checkpoint inhibitor/, "immunotherapy")).toBe(true);
    for (const grade of [2, 3]) {
      expect(has(plan("itp", { grade }), /^Hold the checkpoint inhibitor and monitor/, "immunotherapy")).toBe(
        true,
      );
    }
  });

  it("gives prednisone 1 mg/kg/day from grade 2 and the dexamethasone alternative only from grade 3", () => {
    expect(has(plan("itp", { grade: 1 }), /Prednisone 1 mg\/kg/)).toBe(false);
    expect(has(plan("itp", { grade: 2 }), /Prednisone 1 mg\/kg/, "first-line")).toBe(true);
    expect(has(plan("itp", { grade: 2 }), /dexamethasone 40 mg daily for 4 days/)).toBe(false);
    expect(has(plan("itp", { grade: 3 }), /dexamethasone 40 mg daily for 4 days/, "first-line")).toBe(true);
  });

  it("flags the unread grade 4 row and the ASCO/Kroll disagreement in a caveat", () => {
    const item = plan("itp", { grade: 4 }).find((i) => i.kind === "immunotherapy");
    expect(item?.caveat).toMatch(/grade 4 ITP row was not read/);
    expect(item?.caveat).toMatch(/Kroll/);
  });

  it("quotes the 33% recurrence after ICI restart (Kroll 2022 Table 2)", () => {
    expect(has(plan("itp"), /recurred in 33% after restart/, "rechallenge")).toBe(true);
  });
});

describe("planManagement — ITP under other classes (no guideline; ASH 2019 by analogy)", () => {
  it("says there is no guideline for bispecific-associated ITP and points to ASH 2019", () => {
    const item = plan("itp", { therapyClasses: ["bispecific"] }).find((i) => i.kind === "immunotherapy");
    expect(item?.action).toMatch(/^No guideline covers immune thrombocytopenia under bispecific/);
    expect(item?.sourceIds).toEqual(["ash-itp-2019"]);
    expect(item?.caveat).toBeDefined();
  });

  it("treats below 30 ×10⁹/L and observes from 30 ×10⁹/L without bleeding (ASH 2019 rec. 1a/1b)", () => {
    const at = (platelets: number, bleeding?: boolean) =>
      plan("itp", { therapyClasses: ["bispecific"], facts: { platelets, bleeding } });
    expect(has(at(29.9, false), /^Platelets <30 ×10⁹\/L: give corticosteroids/)).toBe(true);
    expect(has(at(30, false), /corticosteroids rather than observe/)).toBe(false);
    expect(has(at(30, false), /^Platelets ≥30 ×10⁹\/L without bleeding: observe/)).toBe(true);
    expect(has(at(30), /observe/)).toBe(false);
  });

  it("suggests admission below 20 ×10⁹/L only (ASH 2019 rec. 2a)", () => {
    expect(
      has(plan("itp", { facts: { platelets: 19.9 } }), /^Platelets <20 ×10⁹\/L at diagnosis: admit/),
    ).toBe(true);
    expect(has(plan("itp", { facts: { platelets: 20 } }), /admit/)).toBe(false);
  });

  it("has nothing to hold after CAR-T", () => {
    expect(has(plan("itp", { therapyClasses: ["car-t"] }), /^Nothing to hold/, "immunotherapy")).toBe(true);
  });
});

describe("planManagement — one HLH treatment line after a checkpoint inhibitor and CAR-T or an engager", () => {
  const hlh = { "hlh-suspected": true, "severe-infection": false };
  const ids = (items: readonly ManagementItem[]) => items.map((i) => i.id);
  it("a checkpoint inhibitor alone: its own hold, corticosteroids and next line, not CARTOX's", () => {
    const got = ids(plan("itp", { therapyClasses: ["ici"], facts: hlh }));
    expect(got).toEqual(
      expect.arrayContaining(["itp-ici-hlh-hold", "itp-ici-hlh-corticosteroids", "itp-ici-hlh-second-line"]),
    );
    expect(got).not.toContain("itp-cart-hlh-cartox-treatment");
  });
  it.each([["car-t"], ["bispecific"]] as const)(
    "with %s as well: the hold stays, CARTOX's treatment alone",
    (c) => {
      const got = ids(plan("itp", { therapyClasses: ["ici", c], facts: hlh }));
      expect(got).toEqual(expect.arrayContaining(["itp-ici-hlh-hold", "itp-cart-hlh-cartox-treatment"]));
      expect(got).not.toContain("itp-ici-hlh-corticosteroids");
      expect(got).not.toContain("itp-ici-hlh-second-line");
    },
  );
  it("during a serious infection with both: CARTOX's serious-infection line, not the ICI one", () => {
    const got = ids(
      plan("dic", { therapyClasses: ["ici", "car-t"], facts: { ...hlh, "severe-infection": true } }),
    );
    expect(got).toContain("dic-cart-hlh-cartox-treatment-severe-infection");
    expect(got).not.toContain("dic-ici-hlh-second-line-severe-infection");
    expect(got).not.toContain("dic-ici-hlh-corticosteroids");
  });
  it("the schema refuses a class both in classes and in notClasses", () => {
    expect(WhenSchema.safeParse({ classes: ["ici"], notClasses: ["ici"] }).success).toBe(false);
    expect(WhenSchema.safeParse({ classes: ["ici"], notClasses: ["car-t"] }).success).toBe(true);
  });
});

describe("planManagement — TTP (ASCO 2021 §8.2, ISTH 2020)", () => {
  it("holds the ICI at grades 1–3 noting that no data support restarting, and stops it at grade 4", () => {
    expect(has(plan("ttp", { grade: 2 }), /no data to recommend restarting/, "immunotherapy")).toBe(true);
    expect(has(plan("ttp", { grade: 4 }), /^Permanently discontinue/, "immunotherapy")).toBe(true);
  });

  it("starts plasma exchange before the ADAMTS13 result when TTP is probable", () => {
    expect(has(plan("ttp"), /start daily therapeutic plasma exchange/, "first-line")).toBe(true);
    expect(has(plan("ttp", { certainty: "possible" }), /start daily therapeutic plasma exchange/)).toBe(
      false,
    );
  });

  it("advises against platelet transfusion unless bleeding is life-threatening", () => {
    const unknown = plan("ttp");
    expect(has(unknown, /Do not give prophylactic platelet transfusions/, "avoid")).toBe(true);
    const lifeThreatening = plan("ttp", { facts: { "life-threatening-bleeding": true } });
    expect(has(lifeThreatening, /Do not give prophylactic platelet transfusions/)).toBe(false);
    expect(has(lifeThreatening, /platelet transfusion may be given/, "supportive")).toBe(true);
  });

  it("gates caplacizumab on suspicion and ADAMTS13 (ISTH diagnosis guideline, 10 and 20 IU/dL)", () => {
    const possible = (adamts13?: number) =>
      plan("ttp", { certainty: "possible", facts: { "adamts13-activity": adamts13 } });
    expect(has(possible(), /do not start caplacizumab until the ADAMTS13/, "avoid")).toBe(true);
    expect(has(possible(), /caplacizumab/, "first-line")).toBe(false);
    expect(has(possible(9.9), /^ADAMTS13 activity <10%: give caplacizumab/, "first-line")).toBe(true);
    expect(has(possible(10), /caplacizumab/, "first-line")).toBe(false);
    const probable = (adamts13?: number) => plan("ttp", { facts: { "adamts13-activity": adamts13 } });
    expect(has(probable(), /^Consider caplacizumab early/, "first-line")).toBe(true);
    expect(has(probable(20), /^Consider caplacizumab early/, "first-line")).toBe(true);
    expect(has(probable(20.1), /caplacizumab/, "first-line")).toBe(false);
    expect(has(probable(20.1), /^ADAMTS13 activity >20%: do not start/, "avoid")).toBe(true);
  });

  it("merges the two routes to rituximab into one item with both sources", () => {
    const items = plan("ttp", { facts: { "adamts13-activity": 5 } }).filter((i) =>
      /rituximab as early/.test(i.action),
    );
    expect(items).toHaveLength(1);
    expect(items[0]?.sourceIds).toEqual(
      expect.arrayContaining([
        "isth-ttp-treatment-2020",
        "zheng-2020-isth-ttp-diagnosis",
        "asco-2021-irae-hematologic",
      ]),
    );
  });
});

describe("planManagement — acquired haemophilia A (ASCO 2021 §8.7, Tiede 2020)", () => {
  it("holds the ICI at grades 1–2 and permanently discontinues it at grades 3–4", () => {
    expect(
      has(plan("aha", { grade: 2 }), /^Hold the checkpoint inhibitor; discuss resumption/, "immunotherapy"),
    ).toBe(true);
    expect(has(plan("aha", { grade: 3 }), /^Permanently discontinue/, "immunotherapy")).toBe(true);
  });

  it("treats bleeding with bypassing agents or rpFVIII and always advises against human FVIII/desmopressin", () => {
    const bleeding = plan("aha", { facts: { bleeding: true } });
    expect(has(bleeding, /bypassing agent or recombinant porcine FVIII.*rFVIIa .*aPCC/, "first-line")).toBe(
      true,
    );
    expect(has(plan("aha"), /human FVIII concentrate, desmopressin or plasma/, "avoid")).toBe(true);
  });

  it("de-duplicates the same immunosuppression advice reached by two routes", () => {
    const items = plan("aha", { grade: undefined, therapyClasses: ["car-t"] }).filter((i) =>
      /^Start immunosuppression/.test(i.action),
    );
    expect(items).toHaveLength(1);
  });
});

describe("planManagement — thrombosis platelet thresholds (ISTH SSC 2018)", () => {
  const at = (platelets?: number, extra: ManagementFacts = {}) =>
    plan("thrombosis", { grade: 2, facts: { platelets, ...extra } });

  it("gives full-dose anticoagulation at 50 ×10⁹/L and when platelets are unknown", () => {
    expect(has(at(50), /^Therapeutic anticoagulation with LMWH or a DOAC/, "first-line")).toBe(true);
    expect(has(at(undefined), /^Therapeutic anticoagulation/, "first-line")).toBe(true);
  });

  it("reduces the dose from 25 to <50 and withholds below 25 ×10⁹/L", () => {
    expect(has(at(49.9), /^Platelets 25–<50/, "first-line")).toBe(true);
    expect(has(at(49.9), /^Do not give full-dose anticoagulation/, "avoid")).toBe(true);
    expect(has(at(49.9), /^Therapeutic anticoagulation/)).toBe(false);
    expect(has(at(25), /^Platelets 25–<50/)).toBe(true);
    expect(has(at(24.9), /^Platelets <25 ×10⁹\/L, lower progression risk: withhold/)).toBe(true);
  });

  it("supports platelets for full-dose treatment of a high-risk thrombus below 50 ×10⁹/L", () => {
    const items = at(30, { "high-thrombus-progression-risk": true });
    expect(has(items, /with platelet transfusions to keep platelets ≥40–50/, "first-line")).toBe(true);
    expect(has(items, /^Do not give full-dose/)).toBe(false);
  });

  it("switches to a non-heparin anticoagulant when HIT is suspected (ASH 2018)", () => {
    const items = at(40, { "hit-suspected": true });
    expect(has(items, /non-heparin anticoagulant/, "first-line")).toBe(true);
    expect(has(items, /stop all heparin/, "avoid")).toBe(true);
    expect(has(items, /LMWH at 50%/)).toBe(false);
  });

  it("holds the ICI only at grade 4 and says ASCO does not stop it permanently there", () => {
    const g4 = plan("thrombosis", { grade: 4 }).find((i) => i.kind === "immunotherapy");
    expect(g4?.action).toMatch(/^Hold the checkpoint inhibitor; it may be reintroduced/);
    expect(g4?.caveat).toMatch(/not the permanent discontinuation/);
  });
});

describe("planManagement — DIC (BCSH 2009) and CARAC (Buechner 2021)", () => {
  it("replaces fibrinogen below 1 g/L in bleeding DIC and below 1.5 g/L in CARAC", () => {
    const dic = (fibrinogen: number, bleeding: boolean) => plan("dic", { facts: { fibrinogen, bleeding } });
    expect(has(dic(0.99, true), /with fibrinogen <1 g\/L/)).toBe(true);
    expect(has(dic(1, true), /with fibrinogen <1 g\/L/)).toBe(false);
    expect(has(dic(0.5, false), /with fibrinogen <1 g\/L/)).toBe(false);
    const carac = (fibrinogen: number) => plan("carac", { therapyClasses: ["car-t"], facts: { fibrinogen } });
    expect(
      has(
        carac(1.49),
        /^Fibrinogen <1.5 g\/L with this coagulopathy, during the CRS or as it resolves/,
        "first-line",
      ),
    ).toBe(true);
    expect(has(carac(1.5), /^Fibrinogen <1.5 g\/L/)).toBe(false);
  });

  it("avoids antifibrinolytics except for hyperfibrinolytic DIC with severe bleeding", () => {
    expect(has(plan("dic"), /Do not give antifibrinolytics/, "avoid")).toBe(true);
    const hyper = plan("dic", { facts: { hyperfibrinolysis: true, bleeding: true } });
    expect(has(hyper, /tranexamic acid, e.g. 1 g every 8 h/, "supportive")).toBe(true);
    expect(has(hyper, /Do not give antifibrinolytics/)).toBe(false);
  });

  it("transfuses platelets only with bleeding and platelets <50 ×10⁹/L", () => {
    const bleeding = (platelets: number) => plan("dic", { facts: { bleeding: true, platelets } });
    expect(has(bleeding(49.9), /transfuse platelets/, "supportive")).toBe(true);
    expect(has(bleeding(50), /transfuse platelets\.$/)).toBe(false);
    expect(
      has(plan("dic", { facts: { bleeding: false, platelets: 10 } }), /for laboratory values alone/, "avoid"),
    ).toBe(true);
  });

  it("gives CARAC DIC replacement only with overt DIC scored, and no lab-driven transfusion without bleeding", () => {
    const carac = (facts: ManagementFacts) => plan("carac", { therapyClasses: ["car-t"], facts });
    const replacement = /^Overt DIC \(ISTH score ≥5\): manage as DIC/;
    expect(has(carac({ "overt-dic": true }), replacement, "second-line")).toBe(true);
    expect(has(carac({ "overt-dic": false }), replacement)).toBe(false);
    expect(has(carac({}), replacement)).toBe(false);
    expect(has(carac({ bleeding: false, platelets: 10 }), /for laboratory values alone/, "avoid")).toBe(true);
    expect(has(carac({ bleeding: true, platelets: 10 }), /for laboratory values alone/)).toBe(false);
  });

  it("has nothing to hold after CAR-T and treats the CRS", () => {
    const items = plan("carac", { therapyClasses: ["car-t"] });
    expect(items[0]?.action).toMatch(/^Nothing to hold/);
    expect(has(items, /^Treat the CRS/, "first-line")).toBe(true);
  });
});

describe("planPatient — one immunotherapy decision across findings", () => {
  const input = (disorder: DisorderId, grade: number): ManagementInput => ({
    disorder,
    certainty: "definite",
    grade,
    therapyClasses: ["ici"],
    facts: {},
  });
  const ids = (items: readonly ManagementItem[] | undefined) => (items ?? []).map((i) => i.id);

  it("a permanent stop for grade 3 AHA replaces the ITP plan's hold-until-grade-1 and its restart offer", () => {
    const [aha, itp] = planPatient([input("aha", 3), input("itp", 2)], k);
    expect(ids(aha)).toContain("aha-ici-g3-4-stop");
    expect(ids(itp)).toContain("aha-ici-g3-4-stop");
    expect(ids(itp)).not.toContain("itp-ici-g2-3-hold");
    expect(ids(itp)).not.toContain("itp-ici-rechallenge");
  });

  it("a hold for grade 2 AHA leaves the ITP plan's restart offer in place", () => {
    const [, itp] = planPatient([input("aha", 2), input("itp", 2)], k);
    expect(ids(itp)).toContain("itp-ici-g2-3-hold");
    expect(ids(itp)).toContain("itp-ici-rechallenge");
  });

  it("a 'continue' gives way to a stop, not to another finding's hold that offers a restart", () => {
    const [itp] = planPatient([input("itp", 1), input("ttp", 4), input("aha", 1)], k);
    expect(ids(itp)).toContain("ttp-ici-g4-stop");
    expect(ids(itp)).not.toContain("itp-ici-g1-continue");
    expect(ids(itp)).not.toContain("aha-ici-g1-2-hold");
  });
});

describe("planManagement — shape", () => {
  it("orders items by kind: immunotherapy, first-line, second-line, supportive, avoid, rechallenge, monitor", () => {
    for (const d of DISORDER_IDS) {
      const order = plan(d, { facts: { bleeding: true, platelets: 30 } }).map((i) =>
        KIND_ORDER.indexOf(i.kind),
      );
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });

  it("returns only class-agnostic advice when the patient has no immunotherapy class", () => {
    expect(plan("ttp", { therapyClasses: [] }).some((i) => i.kind === "immunotherapy")).toBe(false);
  });
});

/** Fact combinations that exercise every condition boundary in the knowledge base. */
const SCENARIOS: readonly ManagementFacts[] = [
  {},
  { bleeding: true, platelets: 10, fibrinogen: 0.8 },
  { bleeding: false, platelets: 120, fibrinogen: 2.5 },
  { "life-threatening-bleeding": true, bleeding: true, platelets: 5 },
  { thrombosis: true, platelets: 49.9 },
  { thrombosis: true, platelets: 24.9, "high-thrombus-progression-risk": true },
  { thrombosis: true, "hit-suspected": true, platelets: 35 },
  { "hit-suspected": true, bleeding: true },
  { hyperfibrinolysis: true, bleeding: true, fibrinogen: 0.5 },
  { "overt-dic": true, bleeding: true, platelets: 30, fibrinogen: 0.9 },
  { "overt-dic": true, bleeding: false, platelets: 60 },
  { "adamts13-activity": 5 },
  { "adamts13-activity": 15, "life-threatening-bleeding": false },
  { "adamts13-activity": 45, bleeding: false },
  { "fviii-inhibitor": 30, bleeding: true },
];

/** What every plan must hold besides the safety invariants (test/safety): cited items and a decision. */
function checkPlan(input: ManagementInput): void {
  const items = planManagement(input, k);
  for (const i of items) expect(i.sourceIds.length, i.action).toBeGreaterThan(0);
  if (input.therapyClasses.length === 0) return;
  const where = JSON.stringify(input);
  expect(
    items.some((i) => i.kind === "immunotherapy"),
    `no immunotherapy decision: ${where}`,
  ).toBe(true);
  // An explicit "no guideline — consult" item: says so in its action or caveat, and carries a caveat.
  const consult = items.some(
    (i) => i.caveat !== undefined && /no guideline/i.test(`${i.action} ${i.caveat}`),
  );
  // A TTP in clinical remission is followed, not treated again (facts.yaml ttp-clinical-remission): its plan
  // watches ADAMTS13 and the count instead of repeating the first line.
  const remission = input.disorder === "ttp" && input.facts["ttp-clinical-remission"] === true;
  expect(
    items.some((i) => i.kind === "first-line") || consult || remission,
    `no first-line or consult: ${where}`,
  ).toBe(true);
}

describe("safety", () => {
  it("for every disorder × grade × class × certainty × scenario: every item is cited, an immunotherapy decision and a first-line or no-guideline item exist", () => {
    for (const disorder of DISORDER_IDS)
      for (const grade of GRADES)
        for (const cls of CLASSES)
          for (const certainty of CERTAINTIES)
            for (const facts of SCENARIOS)
              checkPlan({ disorder, grade, certainty, therapyClasses: [cls], facts });
  });

  it("holds the same invariants for random facts and class combinations", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DISORDER_IDS),
        fc.constantFrom(...GRADES),
        fc.subarray([...CLASSES], { minLength: 1 }),
        fc.constantFrom(...CERTAINTIES),
        managementFacts,
        (disorder, grade, therapyClasses, certainty, facts) => {
          checkPlan({ disorder, grade, therapyClasses, certainty, facts });
        },
      ),
      { numRuns: 2000 },
    );
  });
});

/** A 4Ts result as the report carries it. */
function fourTs(value: number, category: string): ScoreResult {
  return {
    id: "4ts",
    value,
    at: "2024-02-01T00:00:00Z",
    components: {},
    missing: [],
    interpretation: category,
    category,
    evidence: [],
    sourceIds: ["lo-2006-4ts"],
  };
}

describe("planWorkup", () => {
  it("lists only tests not yet resulted", () => {
    const tests = planWorkup("ttp", "possible", new Set(["adamts13-activity", "ldh"]), w).map((t) => t.test);
    expect(tests.some((t) => /ADAMTS13 activity/.test(t))).toBe(false);
    expect(tests).not.toContain("Lactate dehydrogenase");
    expect(tests.some((t) => /ADAMTS13 inhibitor/.test(t))).toBe(true);
  });

  it("keeps only treatment-guiding tests when the diagnosis is definite (FVIII inhibitor titre in AHA)", () => {
    const definite = planWorkup("aha", "definite", new Set(["aptt"]), w);
    expect(definite.map((t) => t.test)).toEqual([
      "FVIII activity",
      "FVIII inhibitor titre (Bethesda)",
      "Imaging of bleeding sites (ultrasound, CT or MRI)",
    ]);
    expect(definite[1]?.loinc).toBe("3204-5");
    expect(planWorkup("itp", "definite", new Set(), w, [fourTs(6, "high")]).map((t) => t.test)).toEqual([
      "PF4-heparin antibody immunoassay",
    ]);
  });

  it("requests the PF4-heparin assay only with a 4Ts of 4 or more, or one still incomplete (ASH 2018)", () => {
    const pf4 = (scores: ScoreResult[]) =>
      planWorkup("itp", "probable", new Set(), w, scores).some((t) => t.id === "pf4-heparin-antibody");
    expect(pf4([])).toBe(false); // no heparin: the 4Ts does not apply
    expect(pf4([fourTs(3, "low")])).toBe(false);
    expect(pf4([fourTs(4, "intermediate")])).toBe(true);
    expect(pf4([fourTs(2, "incomplete")])).toBe(true);
  });

  it("asks the embolic-source echocardiogram of a thrombosis only when every one of its facts is true, not unknown", () => {
    const echo = (facts: ManagementFacts) =>
      planWorkup("thrombosis", "probable", new Set(), w, [], new Set(), facts).some(
        (t) => t.id === "echocardiography-embolic-source",
      );
    expect(echo({ "embolic-arterial-event": true, "active-cancer-charted": true })).toBe(true);
    expect(echo({ "embolic-arterial-event": true })).toBe(false); // no cancer charted: unknown
    expect(echo({ "embolic-arterial-event": false, "active-cancer-charted": true })).toBe(false);
    expect(echo({ "embolic-arterial-event": true, "active-cancer-charted": true, nbte: true })).toBe(false);
  });

  it("asks the haemolysis markers and ADAMTS13 beside an ITP only when its schistocytes differential is met", () => {
    const ids = (met: ReadonlySet<string>) =>
      planWorkup("itp", "possible", new Set(), w, [], met).map((t) => t.id);
    for (const id of ["ldh", "haptoglobin", "adamts13-activity"]) {
      expect(ids(new Set(["schistocytes"]))).toContain(id);
      expect(ids(new Set())).not.toContain(id);
      expect(ids(new Set(["dic"]))).not.toContain(id);
    }
  });

  it("leaves the venous imaging out of the work-up of an arterial event alone", () => {
    const ids = (arterial: boolean | undefined) =>
      planWorkup("thrombosis", "probable", new Set(), w, [], new Set(), {
        "arterial-thrombosis": arterial,
      }).map((t) => t.id);
    for (const id of ["compression-ultrasound", "ct-pulmonary-angiography", "d-dimer-feu"]) {
      expect(ids(true)).not.toContain(id);
      expect(ids(false)).toContain(id);
      expect(ids(undefined)).toContain(id);
    }
  });

  it("omits the LOINC for non-lab tests", () => {
    const cus = planWorkup("thrombosis", "probable", new Set(), w).find((t) => /Compression/.test(t.test));
    expect(cus).toBeDefined();
    expect(cus && "loinc" in cus).toBe(false);
  });
});

describe("planPatient — a drug the record charts an allergy to gives way to the line without it", () => {
  const itp = (facts: ManagementFacts): ManagementInput => ({
    disorder: "itp",
    certainty: "probable",
    grade: 4,
    therapyClasses: ["ici"],
    facts: { platelets: 12, ...facts },
  });
  const ids = (items: readonly ManagementItem[] | undefined) => (items ?? []).map((i) => i.id);

  it("a rituximab anaphylaxis: the second line without rituximab, and the avoid line naming it", () => {
    const [plan] = planPatient([itp({ "rituximab-severe-hypersensitivity": true })], k);
    expect(ids(plan)).toContain("itp-second-line-without-rituximab");
    expect(ids(plan)).toContain("itp-avoid-rituximab-hypersensitivity");
    expect(ids(plan)).not.toContain("itp-second-line");
    const line = plan?.find((i) => i.id === "itp-second-line-without-rituximab");
    expect(line?.action).toMatch(/thrombopoietin-receptor agonist/);
    expect(line?.action).toMatch(/not rituximab/);
  });

  it("no allergy: the second line as written, no variant, no avoid line", () => {
    const [plan] = planPatient([itp({ "rituximab-severe-hypersensitivity": false })], k);
    expect(ids(plan)).toContain("itp-second-line");
    expect(ids(plan).filter((id) => id.includes("-without-"))).toEqual([]);
  });

  it("rituximab barred for another reason (an active severe infection): the line goes, its allergy variant is not shown", () => {
    const [plan] = planPatient([itp({ "severe-infection": true })], k);
    expect(ids(plan)).not.toContain("itp-second-line");
    expect(ids(plan)).not.toContain("itp-second-line-without-rituximab");
  });

  it("a variant never applies on its own (planManagement, a plan of one finding)", () => {
    const items = planManagement(itp({ "rituximab-severe-hypersensitivity": true }), k);
    expect(items.map((i) => i.id).filter((id) => id.includes("-without-"))).toEqual([]);
  });
});
