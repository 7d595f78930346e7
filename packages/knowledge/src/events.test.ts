import {
  createEventClassifier,
  createEventIndex,
  EventRule,
  eventMapProblems,
  normalizeIcd,
  type SourceConcept,
} from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import { loadEventMap, loadReferences } from "./sources.js";

const map = loadEventMap();
const classify = createEventClassifier(map);
const index = createEventIndex(map);
const classifyAll = (concept: SourceConcept) => index.classifyAll(concept);
const ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm";
const ICD10 = "http://hl7.org/fhir/sid/icd-10";
const SCT = "http://snomed.info/sct";
const text = (t: string): SourceConcept => ({ codings: [], text: t });
const icd = (code: string, system = ICD10CM): SourceConcept => ({ codings: [{ system, code }] });

describe("events.yaml (cross-validation)", () => {
  it("no code is claimed by two rules and every range reads forwards", () => {
    expect(eventMapProblems(map)).toEqual([]);
  });

  it("every sourceIds entry exists in knowledge/references/*.yaml", () => {
    const refs = new Set(loadReferences().map((r) => r.id));
    const missing = map.rules.flatMap((r) => (r.sourceIds ?? []).filter((id) => !refs.has(id)));
    expect(missing).toEqual([]);
  });

  it("rule ids are unique", () => {
    expect(new Set(map.rules.map((r) => r.id)).size).toBe(map.rules.length);
  });
});

describe("ICD-10 codes (longest prefix; a listed code beats a range)", () => {
  it.each([
    ["I26.99", "thrombosis", ["venous", "pulmonary-embolism"]],
    ["I2699", "thrombosis", ["venous", "pulmonary-embolism"]],
    ["I82.401", "thrombosis", ["venous", "dvt"]],
    ["I27.82", "thrombosis", ["venous", "pulmonary-embolism"]],
    ["I82.621", "thrombosis", ["venous", "dvt", "upper-extremity"]],
    ["I82.90", "thrombosis", ["venous"]],
    ["I63.6", "thrombosis", ["venous", "cerebral-venous"]],
    ["I63.9", "thrombosis", ["arterial", "stroke"]],
    ["I21.4", "thrombosis", ["arterial", "mi"]],
    ["I61.9", "bleeding", ["intracranial", "major"]],
    ["K92.2", "bleeding", ["gastrointestinal"]],
    ["R04.0", "bleeding", ["mucocutaneous", "epistaxis"]],
    ["D75.82", "hit", []],
    ["D75.822", "hit", ["immune"]],
    ["D75.821", "hit", ["non-immune"]],
    // FY2023: "other" and "unspecified" HIT stay of unstated type, read as possibly immune (no heparin).
    ["D75.828", "hit", []],
    ["D75.829", "hit", []],
    ["D75.84", "hit", ["immune", "anti-pf4"]],
    ["M31.1", "ttp", ["tma"]],
    ["D69.3", "itp", []],
    ["D68.311", "aha", []],
    ["D65", "dic", []],
    ["D59.3", "hus", []],
    ["D59.32", "hus", []],
    ["D59.0", "hemolysis", ["autoimmune"]],
    ["D59.1", "hemolysis", ["autoimmune"]],
    ["D59.10", "hemolysis", ["autoimmune"]],
    ["D59.11", "hemolysis", ["autoimmune"]],
    ["D59.12", "hemolysis", ["autoimmune"]],
    ["D59.13", "hemolysis", ["autoimmune"]],
    ["D59.19", "hemolysis", ["autoimmune"]],
    ["D59.2", "hemolysis", []],
    ["D59.4", "hemolysis", []],
    ["D59.9", "hemolysis", []],
    ["M31.10", "ttp", ["tma"]],
    ["M31.19", "ttp", ["tma"]],
    ["M31.11", "ttp", ["tma", "hsct"]],
    ["D69.41", "itp", ["evans"]],
    ["A41.9", "sepsis", []],
    ["R65.21", "sepsis", []],
    ["A09", "infection", []],
    ["J18.9", "infection", []],
    ["D89.839", "crs", []],
    ["G92.00", "icans", []],
    ["D76.1", "hlh", []],
    ["K74.60", "liver-disease", ["cirrhosis"]],
    ["K72.00", "liver-disease", ["failure"]],
    ["K76.0", "liver-disease", []],
    ["Z94.84", "transplant", ["hsct"]],
    ["Z94.0", "transplant", ["solid-organ"]],
    ["C25.0", "active-cancer", ["pancreas"]],
    ["C16.9", "active-cancer", ["stomach"]],
    ["C34.90", "active-cancer", ["lung"]],
    ["C83.30", "active-cancer", ["lymphoma", "hematologic"]],
    ["C56.1", "active-cancer", ["gynecologic"]],
    ["C67.9", "active-cancer", ["bladder"]],
    ["C62.90", "active-cancer", ["testicular"]],
    ["C18.7", "active-cancer", ["colorectal"]],
    ["C80.1", "active-cancer", ["other"]],
    ["C90.00", "active-cancer", ["other", "hematologic", "myeloma"]],
    ["C78.00", "active-cancer", ["other", "metastatic"]],
    ["C79.52", "marrow-involvement", []],
    ["D61.9", "marrow-failure", []],
    ["D61.1", "marrow-failure", []],
    ["D61.2", "marrow-failure", []],
  ])("%s → %s %j", (code, kind, qualifiers) => {
    expect(classify(icd(code))).toEqual({ kind, qualifiers });
  });

  it("a CRS or ICANS code of a stated grade carries the grade; its words carry none", () => {
    expect(classify(icd("D89.832"))).toEqual({ kind: "crs", qualifiers: [], grade: 2 });
    expect(classify(icd("G92.03"))).toEqual({ kind: "icans", qualifiers: [], grade: 3 });
    expect(classify({ codings: [], text: "Cytokine release syndrome, grade 2" })).toEqual({
      kind: "crs",
      qualifiers: [],
    });
  });

  it("accepts WHO ICD-10 and OMOP system names, rejects ICD-10-PCS", () => {
    expect(classify(icd("I26.9", ICD10))?.kind).toBe("thrombosis");
    expect(classify(icd("D65", "ICD10CM"))?.kind).toBe("dic");
    expect(classify(icd("D65", "http://www.cms.gov/Medicare/Coding/ICD10/icd-10-pcs"))).toBeUndefined();
  });

  it("does not treat a personal history of cancer (Z85) or in-situ disease (D0x) as active cancer", () => {
    expect(classify(icd("Z85.118"))).toBeUndefined();
    expect(classify(icd("D05.10"))).toBeUndefined();
  });

  it("normalizes codes written with or without the dot", () => {
    expect(normalizeIcd(" i82.4 ")).toBe("I824");
  });
});

describe("SNOMED CT codes", () => {
  it.each([
    ["128053003", "thrombosis", ["venous", "dvt"]],
    ["59282003", "thrombosis", ["venous", "pulmonary-embolism"]],
    ["22298006", "thrombosis", ["arterial", "mi"]],
    ["1386000", "bleeding", ["intracranial", "major"]],
    ["95549001", "bleeding", ["retroperitoneal", "major"]],
    ["74474003", "bleeding", ["gastrointestinal"]],
    ["67406007", "dic", []],
    ["128091003", "itp", []],
    ["111588002", "hit", []],
    ["91302008", "sepsis", []],
    ["363346000", "active-cancer", ["other"]],
    ["373420004", "congenital-ttp", []],
    ["430478003", "hlh", ["mas"]],
    ["43858000", "marrow-failure", []],
  ])("%s → %s", (code, kind, qualifiers) => {
    expect(classify({ codings: [{ system: SCT, code }] })).toEqual({ kind, qualifiers });
  });

  it("a rule refuses a SNOMED CT id with a wrong check digit or a description id: a typo would name nothing", () => {
    const rule = (snomed: string[]) =>
      EventRule.safeParse({ id: "x", kind: "dic", snomed, sourceIds: ["snomed-ct"] });
    expect(rule(["67406007"]).success).toBe(true);
    const typo = rule(["67406008"]);
    expect(typo.success).toBe(false);
    expect(JSON.stringify(typo.error?.issues)).toContain("Verhoeff");
    // 2 before the check digit: partition 01, a description, not a concept.
    expect(rule(["1234567011"]).success).toBe(false);
  });

  it("a congenital TTP is its own disease, never an acquired TTP, whatever code carries its words", () => {
    // ICD-10-CM codes congenital TTP as TTP (M31.19): the words on the entry tell it apart.
    for (const system of [ICD10CM, ICD10])
      for (const [code, display] of [
        ["M31.19", "Congenital thrombotic thrombocytopenic purpura"],
        ["M31.1", "Upshaw-Schulman syndrome"],
      ] as const)
        expect(classifyAll({ codings: [{ system, code, display }] })).toEqual([
          { kind: "congenital-ttp", qualifiers: [] },
        ]);
    expect(classifyAll({ codings: [{ system: SCT, code: "78129009" }], text: "Hereditary TTP" })).toEqual([
      { kind: "congenital-ttp", qualifiers: [] },
    ]);
    expect(
      classify({ codings: [{ system: SCT, code: "373420004", display: "Upshaw-Schulman syndrome" }] }),
    ).toEqual({ kind: "congenital-ttp", qualifiers: [] });
    for (const t of ["congenital TTP", "cTTP", "congenital ADAMTS13 deficiency", "history of congenital TTP"])
      expect(classify(text(t)), t).toEqual({ kind: "congenital-ttp", qualifiers: [] });
    // Its neighbours stay what they are: an immune or unqualified TTP, a denied congenital form.
    for (const t of ["immune thrombotic thrombocytopenic purpura", "acquired TTP", "iTTP", "TTP"])
      expect(classify(text(t)), t).toEqual({ kind: "ttp", qualifiers: [] });
    expect(
      classify({
        codings: [{ system: ICD10CM, code: "M31.19", display: "Thrombotic thrombocytopenic purpura" }],
      }),
    ).toEqual({ kind: "ttp", qualifiers: ["tma"] });
    expect(classify(text("iTTP; congenital TTP excluded"))).toEqual({ kind: "ttp", qualifiers: [] });
  });

  it("falls back to the display for a SNOMED code not in the map", () => {
    const concept = { codings: [{ system: SCT, code: "230690007", display: "Ischemic stroke (disorder)" }] };
    expect(classify(concept)).toEqual({ kind: "thrombosis", qualifiers: ["arterial", "stroke"] });
  });
});

describe("text", () => {
  it.each([
    ["Epistaxis", "bleeding", ["mucocutaneous", "epistaxis"]],
    ["Petechiae and gingival bleeding", "bleeding", ["mucocutaneous", "purpura", "oral"]],
    ["Melena", "bleeding", ["gastrointestinal"]],
    ["Gross hematuria", "bleeding", ["genitourinary", "hematuria", "severe"]],
    ["Retroperitoneal hematoma", "bleeding", ["retroperitoneal", "major"]],
    ["Intracranial hemorrhage", "bleeding", ["intracranial", "major"]],
    ["Iliopsoas hematoma", "bleeding", ["muscle"]],
    ["Deep vein thrombosis of the left leg", "thrombosis", ["venous", "dvt"]],
    ["Pulmonary embolism", "thrombosis", ["venous", "pulmonary-embolism"]],
    ["PE", "thrombosis", ["venous", "pulmonary-embolism"]],
    ["DVT and PE", "thrombosis", ["venous", "dvt", "pulmonary-embolism"]],
    ["Budd-Chiari", "thrombosis", ["venous", "splanchnic"]],
    ["Cytokine release syndrome", "crs", []],
    ["CRS grade 2", "crs", []],
    ["ICANS", "icans", []],
    ["IEC-HS", "hlh", ["iec-hs"]],
    ["MAS", "hlh", ["mas"]],
    ["HLH", "hlh", []],
    ["Heparin-induced thrombocytopenia", "hit", []],
    ["Sepsis", "sepsis", []],
    ["Non-small cell lung cancer", "active-cancer", ["lung"]],
    ["Adenocarcinoma of the lung", "active-cancer", ["lung"]],
    ["Diffuse large B-cell lymphoma", "active-cancer", ["lymphoma", "hematologic"]],
    ["Metastatic melanoma", "active-cancer", ["melanoma"]],
    ["history of kidney transplant", "transplant", ["solid-organ"]],
    ["Platelet transfusion", "platelet-transfusion", []],
    ["Warfarin-induced skin necrosis", "skin-necrosis", []],
  ])("%s → %s %j", (t, kind, qualifiers) => {
    expect(classify(text(t))).toEqual({ kind, qualifiers });
  });

  it("matches abbreviations only in capitals and never inside a word", () => {
    expect(classify(text("pembrolizumab"))).toBeUndefined();
    expect(classify(text("pe"))).toBeUndefined();
    expect(classify(text("hit by a car"))).toBeUndefined();
    expect(classify(text("ALL LABS WERE DRAWN THIS MORNING BEFORE ROUNDS"))).toBeUndefined();
    expect(classify(text("DVT"))?.kind).toBe("thrombosis");
  });

  it("reports the diagnosis first when a text names several kinds, and classifyAll lists them all", () => {
    const concept = text("DIC with intracranial hemorrhage");
    expect(classify(concept)?.kind).toBe("dic");
    expect(index.classifyAll(concept)).toEqual([
      { kind: "dic", qualifiers: [] },
      { kind: "bleeding", qualifiers: ["intracranial", "major"] },
    ]);
  });
});

describe("a past thrombosis is a past event, never a thrombosis now", () => {
  const NOTE = "2026-12-05T09:00:00Z";
  const note = (t: string) => index.classifyNote(text(t), NOTE);
  it.each([
    ["History of DVT", ["venous", "dvt"]],
    ["h/o PE", ["venous", "pulmonary-embolism"]],
    ["prior VTE", ["venous"]],
    ["hx of pulmonary embolism", ["venous", "pulmonary-embolism"]],
    ["prior pulmonary embolism", ["venous", "pulmonary-embolism"]],
    ["History of myocardial infarction (situation)", ["arterial", "mi"]],
  ])("%s → thrombosis-history %j", (t, qualifiers) => {
    expect(note(t)).toEqual([{ kind: "thrombosis-history", qualifiers }]);
    expect(classify(text(t))?.kind).toBe("thrombosis-history");
  });

  it("a past clot dated in the note is dated by its year, and the anticoagulant after it makes it no clot now", () => {
    expect(note("previous pulmonary embolism (2019)")).toEqual([
      { kind: "thrombosis-history", qualifiers: ["venous", "pulmonary-embolism"], at: "2019-12-31" },
    ]);
    expect(note("DVT in 2018, on apixaban since")).toEqual([
      { kind: "thrombosis-history", qualifiers: ["venous", "dvt"], at: "2018-12-31" },
    ]);
    // The same clot in the note's own year is a clot now.
    expect(note("DVT in 2026, on apixaban since")).toEqual([
      { kind: "thrombosis", qualifiers: ["venous", "dvt"] },
    ]);
  });

  it("a current clot beside a past one is read as its own", () => {
    expect(note("new DVT, history of PE")).toEqual([
      { kind: "thrombosis", qualifiers: ["venous", "dvt"] },
      { kind: "thrombosis-history", qualifiers: ["venous", "pulmonary-embolism"] },
    ]);
  });

  it.each([
    // "History of present illness" and "HPI" name the present episode's section: the clot is a clot now.
    "History of present illness: PE on CT",
    "history of the present illness: 64M with new DVT",
    "History of presenting complaint: DVT of the left leg",
    "HPI: PE on CT yesterday",
    "HPI: 58F on pembrolizumab with right leg DVT",
  ])("%s → a thrombosis now", (t) => {
    expect(note(t).map((m) => m.kind)).toEqual(["thrombosis"]);
  });

  it("a history cue inside the present illness's section still reads", () => {
    expect(note("History of present illness: 65M with h/o DVT, now new PE")).toEqual([
      { kind: "thrombosis", qualifiers: ["venous", "pulmonary-embolism"] },
      { kind: "thrombosis-history", qualifiers: ["venous", "dvt"] },
    ]);
    expect(note("HPI: history of PE 2019").map((m) => m.kind)).toEqual(["thrombosis-history"]);
  });
});

describe("negation, doubt, history and risk produce no event", () => {
  it.each([
    "No bleeding",
    "no bleeding",
    "Patient denies epistaxis",
    "without thrombosis",
    "PE ruled out",
    "Negative for DVT",
    "No evidence of DIC",
    "no fever, chills, or bleeding",
    "Possible CRS",
    "Family history of leukemia",
    "DVT prophylaxis",
    "VTE prophylaxis with enoxaparin",
    "Bleeding risk assessment",
    "Risk of bleeding discussed",
    "HIT antibody negative",
    "Bleeding: none",
    "Bleeding time prolonged",
    "Lymphoma in remission",
    "Henoch-Schönlein purpura",
    "NO DVT OR PE",
  ])("%s", (t) => {
    expect(classify(text(t))).toBeUndefined();
  });

  it.each(["Rule out PE", "r/o DVT", "Suspected DVT"])("%s is a suspected clot, never a clot", (t) => {
    expect(classify(text(t))?.kind).toBe("thrombosis-suspected");
  });

  it("a doubted HIT or TTP is the care team's working diagnosis", () => {
    expect(classify(text("Suspected HIT"))?.kind).toBe("hit");
    expect(classify(text("concern for TTP, PLASMIC 7"))?.kind).toBe("ttp");
    // A negation in scope still wins over the doubt.
    expect(classify(text("not suspected HIT"))).toBeUndefined();
  });

  it("a doubted ITP, DIC or acquired haemophilia is the question, never the diagnosis", () => {
    expect(classify(text("Possible ITP"))?.kind).toBe("itp-considered");
    expect(classify(text("probable DIC"))?.kind).toBe("dic-considered");
    expect(classify(text("Suspected acquired hemophilia A"))?.kind).toBe("aha-considered");
    // A negation in scope still wins over the doubt.
    expect(classify(text("not suspected ITP"))).toBeUndefined();
  });

  it("the negation stops at the end of the clause", () => {
    expect(classify(text("No fever. Epistaxis since morning."))?.kind).toBe("bleeding");
    expect(classify(text("no thrombosis but intracranial hemorrhage"))?.kind).toBe("bleeding");
    expect(classify(text("bleeding without thrombocytopenia"))?.kind).toBe("bleeding");
  });

  it("a coded diagnosis whose own words deny it is not an event", () => {
    const ruledOut = { codings: [{ system: ICD10CM, code: "I82.40", display: "DVT ruled out" }] };
    expect(classify(ruledOut)).toBeUndefined();
    const affirmed = {
      codings: [{ system: ICD10CM, code: "I82.40", display: "Acute DVT of left femoral vein" }],
    };
    expect(classify(affirmed)?.kind).toBe("thrombosis");
  });

  it("a cause the entry asserts explains its rule's mention away, and only that rule's", () => {
    // The cause in the entry's text drops the code of the same rule in its coding.
    const coded = {
      codings: [{ system: ICD10CM, code: "I21.19", display: "STEMI involving the inferior wall" }],
      text: "Transient ST elevation from coronary vasospasm, normal coronary angiogram",
    };
    expect(classify(coded)).toBeUndefined();
    // A past or denied cause explains nothing.
    expect(classify(text("Inferior STEMI, history of coronary spasm"))?.qualifiers).toEqual([
      "arterial",
      "mi",
    ]);
    expect(classify(text("NSTEMI; coronary vasospasm excluded"))?.qualifiers).toEqual(["arterial", "mi"]);
    // In a note, a cause in another sentence explains nothing there.
    expect(
      classify(text("Known vasospastic angina on diltiazem. Now NSTEMI with thrombus in the RCA"))
        ?.qualifiers,
    ).toEqual(["arterial", "mi"]);
    // Another thrombosis named beside it stays.
    expect(index.classifyAll(text("STEMI from coronary spasm and acute pulmonary embolism"))).toEqual([
      { kind: "thrombosis", qualifiers: ["venous", "pulmonary-embolism"] },
    ]);
  });

  it("a code on the entry that names another disease the words abbreviate drops the words' reading, not other codes", () => {
    // "CAPS" under M04.2 is a cryopyrin-associated periodic syndrome, in the display or the text, FHIR or WHO ICD-10.
    expect(classify({ codings: [{ system: ICD10CM, code: "M04.2", display: "CAPS" }] })).toBeUndefined();
    expect(classify({ codings: [{ system: ICD10, code: "M042" }], text: "CAPS" })).toBeUndefined();
    // The same words under no code, or under the APS code, stay a catastrophic APS.
    expect(classify(text("CAPS"))).toEqual({
      kind: "antiphospholipid-syndrome",
      qualifiers: ["catastrophic"],
    });
    expect(classify({ codings: [{ system: ICD10CM, code: "D68.61" }], text: "CAPS" })?.qualifiers).toEqual([
      "catastrophic",
    ]);
    // A thrombosis named beside it in the same entry is still read.
    expect(
      index.classifyAll({
        codings: [{ system: ICD10CM, code: "M04.2" }],
        text: "CAPS; deep vein thrombosis",
      }),
    ).toEqual([{ kind: "thrombosis", qualifiers: ["venous", "dvt"] }]);
    // A range is refused: the field takes codes or prefixes.
    const bad = {
      ...map,
      rules: map.rules.map((r, i) => (i === 0 ? { ...r, unlessIcd10: ["M00-M09"] } : r)),
    };
    expect(eventMapProblems(bad).some((p) => p.includes("unlessIcd10"))).toBe(true);
  });

  it("thrombocytopenia is an event; the bleeding it is without is not", () => {
    expect(index.classifyAll(text("thrombocytopenia without bleeding"))).toEqual([
      { kind: "thrombocytopenia", qualifiers: [] },
    ]);
  });

  it("Synthea conditions outside the map give nothing (negative controls)", () => {
    for (const t of ["Hypertension", "Osteoarthritis of knee", "Prediabetes"])
      expect(classify({ codings: [{ system: SCT, code: "0000000", display: t }] })).toBeUndefined();
    // A cardiac arrest is read now: beside a pulmonary embolism it is the PE's haemodynamic instability (ESC 2019).
    expect(classify({ codings: [{ system: SCT, code: "0000000", display: "Cardiac Arrest" }] })?.kind).toBe(
      "shock",
    );
  });
});

describe("charted abnormalities (evidence where the lab value is missing)", () => {
  it.each([
    ["D69.6", "thrombocytopenia", []],
    ["D69.59", "thrombocytopenia", []],
    ["D69.51", "thrombocytopenia", []],
    ["D69.49", "thrombocytopenia", []],
    ["D69.42", "thrombocytopenia", ["congenital"]],
    ["D64.9", "anemia", []],
    ["D64.89", "anemia", []],
    ["D64.81", "anemia", ["chemotherapy"]],
    ["D63.0", "anemia", []],
    ["D63.1", "anemia", []],
    ["D50.9", "anemia", []],
    ["D53.9", "anemia", []],
    ["D70.9", "neutropenia", []],
    ["D70.3", "neutropenia", []],
    ["D70.0", "neutropenia", ["congenital"]],
    ["D70.1", "neutropenia", ["chemotherapy"]],
    ["D70.2", "neutropenia", ["drug-induced"]],
    ["D68.9", "coagulopathy", []],
    ["D68.8", "coagulopathy", []],
    ["D68.318", "coagulopathy", []],
    ["R79.1", "coagulopathy", []],
    ["D68.4", "coagulopathy", ["acquired-factor-deficiency"]],
    ["D68.32", "coagulopathy", ["anticoagulant"]],
  ])("ICD-10-CM %s → %s %j", (code, kind, qualifiers) => {
    expect(classify(icd(code))).toEqual({ kind, qualifiers });
  });

  it.each([
    // D69.8 is "other specified hemorrhagic conditions", D62 acute posthemorrhagic anemia (a bleed).
    ["D69.8", undefined],
    ["D62", "bleeding"],
    // The diagnoses keep their own kind: DIC, acquired hemophilia A, ITP, HIT.
    ["D65", "dic"],
    ["D68.311", "aha"],
    ["D69.3", "itp"],
    ["D75.82", "hit"],
    // Hereditary factor deficiencies and thrombophilias are not an acquired coagulopathy.
    ["D68.0", undefined],
    ["D68.2", undefined],
    ["D68.51", undefined],
    // D68.61 is the antiphospholipid syndrome: a kind of its own, not a coagulopathy.
    ["D68.61", "antiphospholipid-syndrome"],
  ])("ICD-10-CM %s → %s", (code, kind) => {
    expect(classify(icd(code))?.kind).toBe(kind);
  });

  it.each([
    ["302215000", "thrombocytopenia", []],
    ["271737000", "anemia", []],
    ["87522002", "anemia", []],
    ["165517008", "neutropenia", []],
    ["303011007", "neutropenia", []],
    ["409089005", "neutropenia", ["febrile"]],
    ["64779008", "coagulopathy", []],
    ["61261009", "hemolysis", []],
  ])("SNOMED CT %s → %s %j", (code, kind, qualifiers) => {
    expect(classify({ codings: [{ system: SCT, code }] })).toEqual({ kind, qualifiers });
  });

  it.each([
    ["Thrombocytopenia", "thrombocytopenia", []],
    ["Low platelet count", "thrombocytopenia", []],
    ["Secondary thrombocytopenia (disorder)", "thrombocytopenia", []],
    ["Anemia (disorder)", "anemia", []],
    ["Iron deficiency anaemia", "anemia", []],
    ["Chemotherapy-induced anemia", "anemia", ["chemotherapy"]],
    ["Neutropenia", "neutropenia", []],
    ["Febrile neutropenia", "neutropenia", ["febrile"]],
    ["Agranulocytosis", "neutropenia", ["agranulocytosis"]],
    ["Coagulopathy", "coagulopathy", []],
    ["Abnormal coagulation profile", "coagulopathy", []],
    ["CAR-T-associated coagulopathy", "coagulopathy", []],
    ["Hypofibrinogenemia", "hypofibrinogenemia", []],
    ["Low fibrinogen", "hypofibrinogenemia", []],
    ["Microangiopathic hemolytic anemia", "hemolysis", ["microangiopathic"]],
    ["MAHA", "hemolysis", ["microangiopathic"]],
    ["Warm autoimmune hemolytic anemia", "hemolysis", ["autoimmune"]],
    ["Evans syndrome", "itp", ["evans"]],
    ["Transplant-associated thrombotic microangiopathy", "ttp", ["tma", "hsct"]],
  ])("text %s → %s %j", (t, kind, qualifiers) => {
    expect(classify(text(t))).toEqual({ kind, qualifiers });
  });

  it("a named diagnosis or a bleed beats the abnormality it contains", () => {
    expect(classify(text("Heparin-induced thrombocytopenia"))?.kind).toBe("hit");
    expect(classify(text("Immune thrombocytopenia"))?.kind).toBe("itp");
    expect(classify(text("Aplastic anemia"))?.kind).toBe("marrow-failure");
    expect(classify(text("Hemolytic anemia"))?.kind).toBe("hemolysis");
    expect(classify(text("Acute blood loss anemia"))?.kind).toBe("bleeding");
    expect(classify(text("Consumptive coagulopathy"))?.kind).toBe("dic");
    expect(classify(text("Neutropenic sepsis"))?.kind).toBe("sepsis");
    expect(classify(text("Bleeding diathesis"))?.kind).toBe("coagulopathy");
    expect(index.classifyAll(text("DIC with thrombocytopenia and hypofibrinogenemia"))).toEqual([
      { kind: "dic", qualifiers: [] },
      { kind: "thrombocytopenia", qualifiers: [] },
      { kind: "hypofibrinogenemia", qualifiers: [] },
    ]);
  });

  it.each([
    "No thrombocytopenia",
    "no thrombocytopenia",
    "Thrombocytopenia ruled out",
    "Negative for anemia",
    "Patient denies anemia",
    "Neutropenia: none",
    "No evidence of coagulopathy",
    "without hypofibrinogenemia",
    "Risk of neutropenia discussed",
    "Possible thrombocytopenia",
    "history of anemia",
    "no MAHA",
  ])("negated or doubted: %s", (t) => {
    expect(classify(text(t))).toBeUndefined();
  });

  it("a coded abnormality whose own words deny it is not an event", () => {
    const denied = { codings: [{ system: ICD10CM, code: "D69.6", display: "No thrombocytopenia" }] };
    expect(classify(denied)).toBeUndefined();
  });
});

describe("a cancer diagnosis is read with its Khorana site", () => {
  it.each([
    [{ system: SCT, code: "363418001" }, ["pancreas"]],
    [{ system: SCT, code: "363349007" }, ["stomach"]],
    [{ system: SCT, code: "254637007" }, ["lung"]],
    [{ system: SCT, code: "118601006" }, ["lymphoma", "hematologic"]],
    [{ system: SCT, code: "363514001" }, ["gynecologic"]],
    [{ system: SCT, code: "109989006" }, ["other", "hematologic"]],
    [{ system: SCT, code: "254837009" }, ["other"]],
    [{ system: SCT, code: "128462008" }, ["other", "metastatic"]],
    [{ system: SCT, code: "0000000", display: "Malignant tumor of pancreas (disorder)" }, ["pancreas"]],
    [{ system: ICD10CM, code: "C25.9" }, ["pancreas"]],
    [{ system: ICD10CM, code: "C34.11" }, ["lung"]],
    [{ system: ICD10, code: "C16.0" }, ["stomach"]],
    [{ system: ICD10CM, code: "C67.2" }, ["bladder"]],
    [{ system: ICD10CM, code: "C62.10" }, ["testicular"]],
    [{ system: ICD10CM, code: "C81.90" }, ["lymphoma", "hematologic"]],
  ])("coded %j → active-cancer %j", (coding, qualifiers) => {
    expect(classify({ codings: [coding] })).toEqual({ kind: "active-cancer", qualifiers });
  });

  it.each([
    ["Malignant neoplasm of head of pancreas", ["pancreas"]],
    ["Primary malignant neoplasm of lung", ["lung"]],
    ["Malignant neoplasm of bronchus or lung", ["lung"]],
    ["Malignant tumor of stomach", ["stomach"]],
    ["Malignant neoplasm of ovary", ["gynecologic"]],
    ["Malignant neoplasm of urinary bladder", ["bladder"]],
    ["Malignant neoplasm of testis", ["testicular"]],
    ["Hodgkin's disease", ["lymphoma", "hematologic"]],
    ["Malignant neoplasm of breast", ["breast"]],
    ["Adenocarcinoma of the distal stomach", ["stomach"]],
    ["Pancreatic head carcinoma", ["pancreas"]],
    ["Malignant neoplasm of unknown primary site", ["other"]],
  ])("text %s → active-cancer %j", (t, qualifiers) => {
    expect(classify(text(t))).toEqual({ kind: "active-cancer", qualifiers });
  });

  it("a polyp measured by a CAP cancer protocol is not a cancer", () => {
    expect(classify(text("Polyp size greatest dimension by CAP cancer protocols"))).toBeUndefined();
  });
});

describe("a qualifier cue on a bleed with no named site (unsited)", () => {
  const fatalBleed = (c: (typeof map.qualifierCues)[number]) =>
    c.qualifier === "fatal" && c.kind === "bleeding";
  const sitedOnly = createEventClassifier({
    ...map,
    qualifierCues: map.qualifierCues.map((c) => (fatalBleed(c) ? { ...c, unsited: false } : c)),
  });

  it("qualifies a bleed without a site only when the cue is unsited", () => {
    expect(map.qualifierCues.find(fatalBleed)?.unsited).toBe(true);
    expect(classify(text("Death from haemorrhage"))).toEqual({ kind: "bleeding", qualifiers: ["fatal"] });
    expect(sitedOnly(text("Death from haemorrhage"))).toEqual({ kind: "bleeding", qualifiers: [] });
  });

  it("qualifies a sited bleed either way, and never through a feared death", () => {
    for (const c of [classify, sitedOnly])
      expect(c(text("Died of massive GI bleeding"))).toEqual({
        kind: "bleeding",
        qualifiers: ["gastrointestinal", "fatal"],
      });
    expect(classify(text("Potentially fatal haemorrhage"))).toEqual({ kind: "bleeding", qualifiers: [] });
  });

  it("leaves the major cue sited: a life-threatening bleed with no site is not major", () => {
    expect(classify(text("Life-threatening haemorrhage"))).toEqual({ kind: "bleeding", qualifiers: [] });
  });
});

describe("a combination code names each of its events (alsoIcd10)", () => {
  const bleed = { kind: "bleeding", qualifiers: ["gastrointestinal", "upper-gi"] };
  const perforation = { kind: "gi-perforation", qualifiers: [] };

  it("gives an ulcer with both haemorrhage and perforation as a bleed and a perforation, in every reading", () => {
    const k252 = icd("K25.2");
    expect(index.classifyNote(k252, "2026-03-01")).toEqual([bleed, perforation]);
    expect(index.classifyAll(k252)).toEqual([bleed, perforation]);
    // The cohort's concept map (OMOP condition_occurrence) reads every kind a concept can give.
    expect(index.classifyAnyDate(icd("K2662", ICD10))).toEqual([bleed, perforation]);
    // The single classifier gives the first kind in priority order, the bleed.
    expect(classify(k252)).toEqual(bleed);
  });

  it("keeps the codes with one of the two to that one, and the codes with neither to none", () => {
    expect(index.classifyNote(icd("K25.1"))).toEqual([perforation]);
    expect(index.classifyNote(icd("K25.0"))).toEqual([bleed]);
    expect(index.classifyNote(icd("K25.3"))).toEqual([]);
    expect(index.classifyNote(icd("K57.20"))).toEqual([perforation]);
    expect(index.classifyNote(icd("K57.21"))).toEqual([
      { kind: "bleeding", qualifiers: ["gastrointestinal"] },
      perforation,
    ]);
  });

  it("drops the bleed of a combination code whose own words deny it, not the perforation", () => {
    expect(
      index.classifyNote({ codings: [{ system: ICD10CM, code: "K25.2" }], text: "No GI bleeding" }),
    ).toEqual([perforation]);
  });

  it("rejects a combination code no rule of another kind lists, or one of the same kind", () => {
    const rule = (id: string, kind: string, icd10: string[], alsoIcd10: string[] = []) =>
      ({ ...map.rules[0], id, kind, icd10, alsoIcd10, snomed: [], text: [] }) as (typeof map.rules)[number];
    const problems = (rules: (typeof map.rules)[number][]) =>
      eventMapProblems({ ...map, rules }).filter((p) => p.includes("alsoIcd10"));
    expect(problems([rule("a", "bleeding", ["K25.2"]), rule("b", "gi-perforation", [], ["K25.2"])])).toEqual(
      [],
    );
    expect(problems([rule("b", "gi-perforation", [], ["K25.2"])])).toEqual([
      "b: alsoIcd10 K25.2 is no code another rule lists in icd10",
    ]);
    expect(problems([rule("a", "bleeding", ["K25.2"]), rule("b", "bleeding", [], ["K25.2"])])).toEqual([
      "b: alsoIcd10 K25.2 is owned by a, of the same kind bleeding",
    ]);
  });
});
