import { describe, expect, it } from "vitest";
import {
  createEventClassifier,
  createEventIndex,
  eventMapProblems,
  loadEventMap,
  normalizeIcd,
} from "./events.js";
import { loadReferenceIds } from "./references-load.js";
import type { SourceConcept } from "./vocabulary.js";

const map = loadEventMap();
const classify = createEventClassifier(map);
const index = createEventIndex(map);
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
    const refs = loadReferenceIds();
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
    ["I82.621", "thrombosis", ["venous", "dvt", "upper-extremity"]],
    ["I82.90", "thrombosis", ["venous"]],
    ["I63.6", "thrombosis", ["venous", "cerebral-venous"]],
    ["I63.9", "thrombosis", ["arterial", "stroke"]],
    ["I21.4", "thrombosis", ["arterial", "mi"]],
    ["I61.9", "bleeding", ["intracranial", "major"]],
    ["K92.2", "bleeding", ["gastrointestinal"]],
    ["R04.0", "bleeding", ["mucocutaneous"]],
    ["D75.82", "hit", []],
    ["D75.822", "hit", ["immune"]],
    ["D75.821", "hit", ["non-immune"]],
    ["M31.1", "ttp", ["tma"]],
    ["D69.3", "itp", []],
    ["D68.311", "aha", []],
    ["D65", "dic", []],
    ["D59.3", "hus", []],
    ["D59.32", "hus", []],
    ["D59.11", "hemolysis", ["autoimmune"]],
    ["D59.4", "hemolysis", []],
    ["A41.9", "sepsis", []],
    ["R65.21", "sepsis", []],
    ["A09", "infection", []],
    ["J18.9", "infection", []],
    ["D89.832", "crs", []],
    ["G92.03", "icans", []],
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
    ["C18.7", "active-cancer", ["other"]],
    ["C90.00", "active-cancer", ["other", "hematologic"]],
    ["C78.00", "active-cancer", ["other", "metastatic"]],
    ["C79.52", "marrow-involvement", []],
    ["D61.9", "marrow-failure", []],
  ])("%s → %s %j", (code, kind, qualifiers) => {
    expect(classify(icd(code))).toEqual({ kind, qualifiers });
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
    ["111588002", "hit", []],
    ["91302008", "sepsis", []],
    ["363346000", "active-cancer", ["other"]],
  ])("%s → %s", (code, kind, qualifiers) => {
    expect(classify({ codings: [{ system: SCT, code }] })).toEqual({ kind, qualifiers });
  });

  it("falls back to the display for a SNOMED code not in the map", () => {
    const concept = { codings: [{ system: SCT, code: "230690007", display: "Ischemic stroke (disorder)" }] };
    expect(classify(concept)).toEqual({ kind: "thrombosis", qualifiers: ["arterial", "stroke"] });
  });
});

describe("text", () => {
  it.each([
    ["Epistaxis", "bleeding", ["mucocutaneous"]],
    ["Petechiae and gingival bleeding", "bleeding", ["mucocutaneous"]],
    ["Melena", "bleeding", ["gastrointestinal"]],
    ["Gross hematuria", "bleeding", ["genitourinary"]],
    ["Retroperitoneal hematoma", "bleeding", ["retroperitoneal", "major"]],
    ["Intracranial hemorrhage", "bleeding", ["intracranial", "major"]],
    ["Iliopsoas hematoma", "bleeding", ["muscle"]],
    ["Deep vein thrombosis of the left leg", "thrombosis", ["venous", "dvt"]],
    ["Pulmonary embolism", "thrombosis", ["venous", "pulmonary-embolism"]],
    ["PE", "thrombosis", ["venous", "pulmonary-embolism"]],
    ["DVT and PE", "thrombosis", ["venous", "dvt", "pulmonary-embolism"]],
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
    ["Metastatic melanoma", "active-cancer", ["other"]],
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

describe("negation, doubt, history and risk produce no event", () => {
  it.each([
    "No bleeding",
    "no bleeding",
    "Patient denies epistaxis",
    "without thrombosis",
    "thrombocytopenia without bleeding",
    "PE ruled out",
    "Rule out PE",
    "r/o DVT",
    "Negative for DVT",
    "No evidence of DIC",
    "no fever, chills, or bleeding",
    "Suspected HIT",
    "Possible CRS",
    "History of myocardial infarction (situation)",
    "h/o DVT",
    "prior pulmonary embolism",
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

  it("Synthea conditions outside the map give nothing (negative controls)", () => {
    for (const t of [
      "Anemia (disorder)",
      "Hypertension",
      "Osteoarthritis of knee",
      "Cardiac Arrest",
      "Prediabetes",
    ])
      expect(classify({ codings: [{ system: SCT, code: "0000000", display: t }] })).toBeUndefined();
  });
});
