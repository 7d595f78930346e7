import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import {
  hasValidLoincCheckDigit,
  LabCatalogueFile,
  lookupSpelling,
  ReferenceFile,
  UnitSpellingsFile,
} from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { knowledgeDir } from "./read.js";
import { loadLabCatalogue, loadUnitSpellings } from "./sources.js";

const catalogue = loadLabCatalogue();
const rawLabs = () =>
  parse(readFileSync(join(knowledgeDir(), "labs.yaml"), "utf8")) as { labs: Record<string, unknown>[] };
const rawSpellings = () =>
  parse(readFileSync(join(knowledgeDir(), "unit-spellings.yaml"), "utf8")) as {
    spellings: Record<string, unknown>[];
  };

/** The LOINC list of the i-th lab of a raw catalogue, to edit. */
const loincList = (data: { labs: Record<string, unknown>[] }, i: number) =>
  (data.labs[i] as { loinc: unknown[] }).loinc;

/** Canonical units fixed by the brief for the labs other modules grade and score. */
const BRIEF_UNITS: Record<string, string> = {
  platelets: "10*9/L",
  wbc: "10*9/L",
  anc: "10*9/L",
  lymphocytes: "10*9/L",
  hemoglobin: "g/dL",
  fibrinogen: "g/L",
  "d-dimer-feu": "ug/mL",
  "d-dimer-ddu": "ug/mL",
  creatinine: "mg/dL",
  "bilirubin-total": "mg/dL",
  ldh: "U/L",
  haptoglobin: "mg/dL",
  "adamts13-activity": "%",
  "fviii-activity": "%",
  "adamts13-inhibitor": "[beth'U]/mL",
  "fviii-inhibitor": "[beth'U]/mL",
  pt: "s",
  aptt: "s",
  inr: "{INR}",
  ferritin: "ng/mL",
  crp: "mg/L",
  il6: "pg/mL",
  mcv: "fL",
  "reticulocytes-pct": "%",
  "reticulocytes-abs": "10*9/L",
  triglycerides: "mg/dL",
};

describe("LOINC check digit (mod 10, as LOINC publishes it)", () => {
  it("accepts published codes and rejects a changed check digit", () => {
    expect(hasValidLoincCheckDigit("777-3")).toBe(true);
    expect(hasValidLoincCheckDigit("48065-7")).toBe(true);
    expect(hasValidLoincCheckDigit("104779-4")).toBe(true);
    expect(hasValidLoincCheckDigit("777-4")).toBe(false);
    expect(hasValidLoincCheckDigit("LA6576-8")).toBe(false);
  });
});

describe("knowledge/labs.yaml", () => {
  it("has every lab id of the brief, with the brief's canonical units", () => {
    const ids = [
      ...Object.keys(BRIEF_UNITS),
      "pt-ratio",
      "d-dimer-unspecified",
      "fdp",
      "antithrombin",
      "bilirubin-indirect",
      "dat",
      "dat-igg",
      "dat-c3",
      "schistocytes",
      "schistocytes-pct",
      "pf4-heparin-antibody",
      "lupus-anticoagulant",
      "aptt-mixing-study",
      "alt",
      "ast",
      "albumin",
    ];
    for (const id of ids) expect(catalogue.byId.has(id), id).toBe(true);
    for (const [id, unit] of Object.entries(BRIEF_UNITS)) expect(catalogue.byId.get(id)?.unit, id).toBe(unit);
  });

  it("keeps D-dimer FEU, DDU and basis-unknown codes apart (48058-2 is DDU by its LOINC name)", () => {
    expect(catalogue.byLoinc.get("48065-7")?.id).toBe("d-dimer-feu");
    expect(catalogue.byLoinc.get("48066-5")?.id).toBe("d-dimer-ddu");
    expect(catalogue.byLoinc.get("48058-2")?.id).toBe("d-dimer-ddu");
    expect(catalogue.byLoinc.get("7799-0")?.id).toBe("d-dimer-unspecified");
    expect(catalogue.byId.get("d-dimer-unspecified")?.reference).toBeUndefined();
  });

  it("recognises the LOINC codes the shared clinical notes verified in lab catalogues", () => {
    expect(catalogue.byLoinc.get("53622-7")?.id).toBe("adamts13-activity");
    expect(catalogue.byLoinc.get("40824-5")?.id).toBe("adamts13-inhibitor");
    expect(catalogue.byLoinc.get("3209-4")?.id).toBe("fviii-activity");
    expect(catalogue.byLoinc.get("3204-5")?.id).toBe("fviii-inhibitor");
    expect(catalogue.byLoinc.get("4542-7")?.id).toBe("haptoglobin");
    expect(catalogue.byLoinc.get("46127-7")?.id).toBe("haptoglobin");
  });

  // The renal function the anticoagulant choice reads: an eGFR under each formula laboratories send (CKD-EPI,
  // CKD-EPI 2021, MDRD and its race- and sex-specific variants), the clearance, and the creatinine.
  it("reads an eGFR under each formula's LOINC code, the clearance, the creatinine and the pregnancy tests", () => {
    for (const code of ["62238-1", "98979-8", "33914-3", "48642-3", "48643-1", "50044-7"])
      expect(catalogue.byLoinc.get(code)?.id, code).toBe("egfr");
    expect(catalogue.byLoinc.get("2164-2")?.id).toBe("creatinine-clearance");
    expect(catalogue.byLoinc.get("2160-0")?.id).toBe("creatinine");
    // The clearance and the CKD-EPI 2021 eGFR, which choose the anticoagulant, cite where their code was read.
    const entries = rawLabs().labs.flatMap(
      (lab) => (lab as { loinc: { code: string; sourceIds?: string[] }[] }).loinc,
    );
    for (const code of ["2164-2", "98979-8"])
      expect(entries.find((e) => e.code === code)?.sourceIds?.length ?? 0, code).toBeGreaterThan(0);
    // The pregnancy tests the pregnancy fact reads: urine and serum qualitative tests, the quantitative serum hCG.
    for (const code of ["2106-3", "2112-1", "2118-8", "2110-5"])
      expect(catalogue.byLoinc.get(code)?.id, code).toBe("hcg-qualitative");
    for (const code of ["21198-7", "19080-1"]) expect(catalogue.byLoinc.get(code)?.id, code).toBe("hcg");
    // A cystatin-based eGFR and a Cockcroft-Gault estimate are other tests, not read as the creatinine eGFR.
    expect(catalogue.byLoinc.get("50210-4")).toBeUndefined();
  });

  // Hepatitis B screening before rituximab (its boxed warning): HBsAg and total anti-HBc are read as qualitative
  // results; the surface antibody (anti-HBs, 5193-8) is a different test and stays out.
  it("reads HBsAg and total anti-HBc by their LOINC codes, not anti-HBs", () => {
    expect(catalogue.byLoinc.get("5195-3")?.id).toBe("hbsag");
    expect(catalogue.byLoinc.get("5196-1")?.id).toBe("hbsag");
    expect(catalogue.byLoinc.get("13952-7")?.id).toBe("anti-hbc-total");
    expect(catalogue.byLoinc.get("16933-4")?.id).toBe("anti-hbc-total");
    expect(catalogue.byId.get("hbsag")?.kind).toBe("qualitative");
    expect(catalogue.byLoinc.get("5193-8")).toBeUndefined();
  });

  it("cites only references that exist", () => {
    const ids = new Set(
      ReferenceFile.parse(
        parse(readFileSync(join(knowledgeDir(), "references", "labs.yaml"), "utf8")),
      ).references.map((r) => r.id),
    );
    for (const other of ["ctcae.yaml", "disorders.yaml", "management.yaml"]) {
      const text = readFileSync(join(knowledgeDir(), "references", other), "utf8");
      for (const r of ReferenceFile.parse(parse(text)).references) ids.add(r.id);
    }
    const cited = JSON.stringify([rawLabs(), rawSpellings()]).match(/"sourceIds":\[[^\]]*\]/g) ?? [];
    for (const list of cited)
      for (const id of JSON.parse(`{${list}}`).sourceIds as string[]) expect(ids.has(id), id).toBe(true);
  });

  it("has a plausible range that contains the reference range of every quantity lab", () => {
    for (const lab of catalogue.labs) {
      if (lab.kind !== "quantity") continue;
      const p = lab.plausible;
      expect(p, lab.id).toBeDefined();
      if (p && lab.reference?.low !== undefined) expect(lab.reference.low).toBeGreaterThanOrEqual(p.min);
      if (p && lab.reference?.high !== undefined) expect(lab.reference.high).toBeLessThanOrEqual(p.max);
    }
  });

  it("rejects a LOINC code with a wrong check digit, a code in two labs, and a code without provenance", () => {
    const typo = rawLabs();
    loincList(typo, 0)[0] = {
      code: "777-4",
      display: "Platelets",
      sourceIds: ["loinc"],
    };
    expect(LabCatalogueFile.safeParse(typo).success).toBe(false);

    const twice = rawLabs();
    loincList(twice, 1).push({
      code: "777-3",
      display: "Platelets again",
      sourceIds: ["loinc"],
    });
    expect(LabCatalogueFile.safeParse(twice).success).toBe(false);

    const bare = rawLabs();
    loincList(bare, 0).push({ code: "26515-7", display: "Platelets [#/volume] in Blood" });
    expect(LabCatalogueFile.safeParse(bare).success).toBe(false);
  });

  it("rejects a quantity lab without unit and a qualitative lab with unit rules", () => {
    const noUnit = rawLabs();
    delete (noUnit.labs[0] as Record<string, unknown>).unit;
    expect(LabCatalogueFile.safeParse(noUnit).success).toBe(false);
    const rules = rawLabs();
    const dat = rules.labs.find((l) => l.id === "dat") as Record<string, unknown>;
    dat.rejectUnits = [{ unit: "%", reason: "no reason at all here" }];
    expect(LabCatalogueFile.safeParse(rules).success).toBe(false);
  });
});

describe("knowledge/unit-spellings.yaml", () => {
  const spellings = loadUnitSpellings();
  const require = createRequire(import.meta.url);
  const ucum = (
    require("@lhncbc/ucum-lhc") as {
      UcumLhcUtils: { getInstance(): { validateUnitString(u: string): { status: string } } };
    }
  ).UcumLhcUtils.getInstance();

  it("maps every spelling to valid UCUM", () => {
    for (const s of rawSpellings().spellings)
      expect(ucum.validateUnitString(s.ucum as string).status, String(s.sent)).toBe("valid");
  });

  it("wins over UCUM for spellings that UCUM reads differently (K/uL is kelvin per microlitre in UCUM)", () => {
    expect(ucum.validateUnitString("K/uL").status).toBe("valid");
    expect(lookupSpelling(spellings, "K/uL")).toBe("10*3/uL");
    expect(lookupSpelling(spellings, "k/µl")).toBe("10*3/uL");
  });

  it("ignores case except where case changes the meaning (G/L giga per litre, g/l grams per litre)", () => {
    expect(lookupSpelling(spellings, "MG/DL")).toBe("mg/dL");
    expect(lookupSpelling(spellings, " x10E3/UL ")).toBe("10*3/uL");
    expect(lookupSpelling(spellings, "G/L")).toBe("10*9/L");
    expect(lookupSpelling(spellings, "g/l")).toBe("g/L");
  });

  it("reads the spellings copied reports print: a flattened superscript, full stops, the Bethesda unit in words", () => {
    // "10 9/L" is 10⁹/L whose superscript became a space; no count is reported per ninety litres.
    for (const sent of ["x10 9/L", "x 10^9/L", "10 9/L", "10 9 /L"])
      expect(lookupSpelling(spellings, sent), sent).toBe("10*9/L");
    expect(lookupSpelling(spellings, "10 3/uL")).toBe("10*3/uL");
    for (const sent of ["B.U./mL", "BU/ml", "Bethesda units/mL", "B.U."])
      expect(lookupSpelling(spellings, sent), sent).toBe("[beth'U]/mL");
    for (const sent of ["sec.", "seconds", "sec"]) expect(lookupSpelling(spellings, sent), sent).toBe("s");
    expect(lookupSpelling(spellings, "mg/dL.")).toBe("mg/dL");
  });

  it("does not read a space as a power when more than an exponent follows, nor a full stop inside a unit", () => {
    expect(lookupSpelling(spellings, "10 9 8/L")).toBeUndefined();
    expect(lookupSpelling(spellings, "10 /L")).toBeUndefined();
    expect(lookupSpelling(spellings, "mg./dL")).toBeUndefined();
  });

  it("rejects a table in which one folded spelling maps to two units", () => {
    const bad = rawSpellings();
    bad.spellings.push({ sent: "MG/DL", ucum: "g/L" });
    expect(UnitSpellingsFile.safeParse(bad).success).toBe(false);
  });

  it("reads the result words it lists, and never one word two ways", () => {
    expect(spellings.qualitative.words.get("not detected")).toBe("negative");
    expect(spellings.qualitative.words.get("2+")).toBe("positive");
    expect(spellings.qualitative.words.get("equivocal")).toBe("ambiguous");
    expect(spellings.qualitative.codes.get("http://snomed.info/sct|260415000")).toBe("negative");
  });
});
