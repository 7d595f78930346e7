import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  atcCodes,
  catalogueProblems,
  createMedicationIndex,
  createMedicationMatcher,
  type DrugCatalogue,
  DrugFile,
  type SourceConcept,
} from "@hemosentinel/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { knowledgeDir } from "./read.js";
import { loadDrugCatalogue, loadReferences } from "./sources.js";

const catalogue = loadDrugCatalogue();
const index = createMedicationIndex(catalogue);
const match = createMedicationMatcher(catalogue);
const RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
const ATC = "http://www.whocc.no/atc";
const text = (t: string): SourceConcept => ({ codings: [], text: t });
const drugOf = (c: SourceConcept) => match(c)?.drug;

describe("drug catalogues (cross-validation)", () => {
  const entries = [...catalogue.drugs, ...catalogue.contextDrugs];

  it("ids are unique across immunotherapy and context drugs, and no name or RXCUI is shared", () => {
    expect(catalogueProblems(catalogue)).toEqual([]);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
  });

  it("every sourceIds entry exists in knowledge/references/*.yaml", () => {
    const refs = new Set(loadReferences().map((r) => r.id));
    const missing = entries.flatMap((e) =>
      e.sourceIds.filter((id) => !refs.has(id)).map((id) => `${e.id}: ${id}`),
    );
    expect(missing).toEqual([]);
  });

  it("ATC codes sit in the group their class belongs to", () => {
    const group: Record<string, RegExp> = {
      ici: /^L01F[FXY]/,
      bispecific: /^L01(FX|XX)/,
      antibody: /^L0[14]/,
      "car-t": /^L01XL/,
    };
    for (const d of catalogue.drugs)
      for (const code of atcCodes(d)) expect(code, d.id).toMatch(group[d.class] as RegExp);
  });

  it("an ATC code is shared only by the two epoetins (B03XA01)", () => {
    const owners = new Map<string, string[]>();
    for (const e of entries) for (const c of atcCodes(e)) owners.set(c, [...(owners.get(c) ?? []), e.id]);
    const shared = [...owners].filter(([, ids]) => ids.length > 1);
    expect(shared).toEqual([["B03XA01", ["epoetin-alfa", "epoetin-beta"]]]);
  });

  it("an entry without an RxNorm code either says so or is not marketed in the US", () => {
    const silent = catalogue.drugs.filter(
      (d) => d.rxnorm === undefined && !d.unverified?.includes("rxnorm") && /FDA/.test(d.approvals),
    );
    expect(silent.map((d) => d.id)).toEqual([]);
  });

  it("covers every checkpoint inhibitor and T-cell engager named in the brief", () => {
    const by = new Map(catalogue.drugs.map((d) => [d.id, d.class]));
    const ici = [
      ...["nivolumab", "pembrolizumab", "cemiplimab", "dostarlimab", "retifanlimab", "toripalimab"],
      ...["tislelizumab", "sintilimab", "camrelizumab", "penpulimab", "serplulimab", "zimberelimab"],
      ...["atezolizumab", "durvalumab", "avelumab", "cosibelimab", "sugemalimab", "envafolimab"],
      ...["adebrelimab", "ipilimumab", "tremelimumab", "nivolumab-relatlimab", "cadonilimab"],
      ...["nivolumab-hyaluronidase", "pembrolizumab-berahyaluronidase-alfa", "atezolizumab-hyaluronidase"],
    ];
    const engagers = [
      ...["blinatumomab", "teclistamab", "elranatamab", "talquetamab", "linvoseltamab", "epcoritamab"],
      ...["glofitamab", "mosunetuzumab", "tarlatamab", "tebentafusp"],
    ];
    expect(ici.filter((id) => by.get(id) !== "ici")).toEqual([]);
    expect(engagers.filter((id) => by.get(id) !== "bispecific")).toEqual([]);
  });

  it("covers every CAR-T product named in the brief", () => {
    const carT = catalogue.drugs.filter((d) => d.class === "car-t").map((d) => d.id);
    for (const id of [
      "tisagenlecleucel",
      "axicabtagene-ciloleucel",
      "brexucabtagene-autoleucel",
      "lisocabtagene-maraleucel",
      "idecabtagene-vicleucel",
      "ciltacabtagene-autoleucel",
      "obecabtagene-autoleucel",
      "relmacabtagene-autoleucel",
      "equecabtagene-autoleucel",
      "zevorcabtagene-autoleucel",
      "inaticabtagene-autoleucel",
      "actalycabtagene-autoleucel",
    ])
      expect(carT).toContain(id);
  });

  it("rejects a catalogue in which two entries claim one brand", () => {
    const [first, second] = catalogue.drugs;
    if (!first || !second) throw new Error("catalogue too small");
    const broken: DrugCatalogue = {
      drugs: [first, { ...second, brands: [...second.brands, ...first.brands] }],
      contextDrugs: [],
    };
    expect(catalogueProblems(broken).join()).toMatch(/belongs to/);
    expect(() => createMedicationIndex(broken)).toThrow(/belongs to/);
  });
});

describe("medication matcher: codes", () => {
  it("matches the RxNorm ingredient code of pembrolizumab", () => {
    expect(match({ codings: [{ system: RXNORM, code: "1547545" }] })).toEqual({
      kind: "immunotherapy",
      drug: "pembrolizumab",
      class: "ici",
    });
  });

  it("matches ATC codes, including the nivolumab/relatlimab fixed combination L01FY02", () => {
    expect(drugOf({ codings: [{ system: ATC, code: "L01FF01" }] })).toBe("nivolumab");
    expect(drugOf({ codings: [{ system: ATC, code: "L01FY02" }] })).toBe("nivolumab-relatlimab");
    expect(drugOf({ codings: [{ system: "ATC", code: "l01xl03" }] })).toBe("axicabtagene-ciloleucel");
  });

  it("returns the roles of a context drug matched by RxNorm (warfarin 11289)", () => {
    expect(match({ codings: [{ system: RXNORM, code: "11289" }] })).toEqual({
      kind: "context",
      drug: "warfarin",
      roles: ["anticoagulant", "vka"],
    });
  });

  it("falls back to the display when the RxNorm code is a clinical drug (SCD) not in the catalogue", () => {
    const scd = { system: RXNORM, code: "1657981", display: "20 ML tocilizumab 20 MG/ML Injection" };
    expect(drugOf({ codings: [scd] })).toBe("tocilizumab");
  });

  it("a code shared by two entries decides nothing: the text picks the epoetin", () => {
    expect(drugOf({ codings: [{ system: ATC, code: "B03XA01" }] })).toBeUndefined();
    expect(drugOf({ codings: [{ system: ATC, code: "B03XA01", display: "NeoRecormon" }] })).toBe(
      "epoetin-beta",
    );
  });

  it("ignores codes of other systems", () => {
    expect(match({ codings: [{ system: "http://snomed.info/sct", code: "1547545" }] })).toBeUndefined();
  });
});

describe("medication matcher: SNOMED CT substance codes", () => {
  const SCT = "http://snomed.info/sct";

  it("names the drug from its SNOMED CT substance code alone, under FHIR's URI, OMOP's vocabulary id or the OID", () => {
    expect(drugOf({ codings: [{ system: SCT, code: "704191007" }] })).toBe("nivolumab");
    expect(drugOf({ codings: [{ system: "SNOMED", code: "716125002" }] })).toBe("pembrolizumab");
    expect(drugOf({ codings: [{ system: "urn:oid:2.16.840.1.113883.6.96", code: "386919002" }] })).toBe(
      "rituximab",
    );
  });

  it("each SNOMED CT code is on one entry and cites the value set it was read in", () => {
    const coded = catalogue.drugs.filter((d) => d.snomed !== undefined);
    expect(coded.length).toBeGreaterThanOrEqual(17);
    for (const d of coded) expect(d.sourceIds, d.id).toContain("hl7ch-term-substances");
    const all = coded.flatMap((d) => d.snomed ?? []);
    expect(new Set(all).size).toBe(all.length);
  });

  it("a SNOMED CT code on a combination's single agent (nivolumab) yields to the text naming the combination", () => {
    expect(drugOf({ codings: [{ system: SCT, code: "704191007" }], text: "Opdualag 480 mg/160 mg" })).toBe(
      "nivolumab-relatlimab",
    );
  });

  it("the catalogue refuses a SNOMED CT code with a wrong check digit or a description id", () => {
    const entry = (snomed: string[]) => ({
      drugs: [
        {
          id: "x",
          inn: "x",
          class: "ici",
          targets: ["PD-1"],
          approvals: "none",
          snomed,
          sourceIds: ["hl7ch-term-substances"],
        },
      ],
    });
    expect(DrugFile.safeParse(entry(["704191007"])).success).toBe(true);
    const typo = DrugFile.safeParse(entry(["704191008"]));
    expect(typo.success).toBe(false);
    expect(JSON.stringify(typo.error?.issues)).toContain("Verhoeff");
    // 2 before the check digit: partition 01, a description, not a concept.
    expect(DrugFile.safeParse(entry(["1234567011"])).success).toBe(false);
  });
});

describe("medication matcher: names in text", () => {
  it.each([
    ["Pembrolizumab 25 MG/ML Injection", "pembrolizumab"],
    ["KEYTRUDA", "pembrolizumab"],
    ["Keytruda® 100 mg/4 mL", "pembrolizumab"],
    ["MK-3475", "pembrolizumab"],
    ["cemiplimab-rwlc", "cemiplimab"],
    ["Opdualag", "nivolumab-relatlimab"],
    ["nivolumab and relatlimab-rmbw", "nivolumab-relatlimab"],
    ["nivolumab/relatlimab", "nivolumab-relatlimab"],
    ["Opdivo Qvantig", "nivolumab-hyaluronidase"],
    ["nivolumab and hyaluronidase-nvhy", "nivolumab-hyaluronidase"],
    ["Tecentriq Hybreza", "atezolizumab-hyaluronidase"],
    ["tisagenlecleucel (CTL019)", "tisagenlecleucel"],
    ["KTE-C19", "axicabtagene-ciloleucel"],
    ["cilta-cel infusion", "ciltacabtagene-autoleucel"],
    ["daratumumab and hyaluronidase-fihj", "daratumumab"],
    ["dinutuximab beta", "dinutuximab-beta"],
    ["dinutuximab", "dinutuximab"],
    ["JNJ-64007957", "teclistamab"],
    ["1 ML heparin sodium, porcine 5000 UNT/ML Injection", "heparin"],
    ["enoxaparin sodium 40 MG/0.4ML", "enoxaparin"],
    ["Aspirin 81 MG Oral Tablet", "aspirin"],
    ["Clopidogrel 75 MG Oral Tablet", "clopidogrel"],
    ["Rho(D) immune globulin", "anti-d-immunoglobulin"],
    ["immune globulin intravenous (human) 10%", "immunoglobulin-intravenous"],
    ["erythropoietin 4000 UNT/ML Injection", "epoetin-alfa"],
  ])("%s → %s", (t, id) => {
    expect(drugOf(text(t))).toBe(id);
  });

  it("a text naming two drugs is ambiguous for the single matcher and listed by matchAll", () => {
    const concept = text("nivolumab + ipilimumab");
    expect(match(concept)).toBeUndefined();
    expect(index.matchAll(concept).map((m) => m.drug)).toEqual(["nivolumab", "ipilimumab"]);
  });

  it("matchAll lists the regimen in text order", () => {
    const drugs = index.matchAll(text("carboplatin, pemetrexed and pembrolizumab")).map((m) => m.drug);
    expect(drugs).toEqual(["carboplatin", "pemetrexed", "pembrolizumab"]);
  });

  it("a product charted by class only is an exposure of that class; a named product wins", () => {
    expect(match(text("CD19 CAR-T cells, investigational"))).toEqual({
      kind: "immunotherapy",
      drug: "car-t-unspecified",
      class: "car-t",
    });
    expect(drugOf(text("anti-BCMA chimeric antigen receptor T cells"))).toBe("car-t-unspecified");
    expect(drugOf(text("tisagenlecleucel (CAR-T cells)"))).toBe("tisagenlecleucel");
    expect(drugOf(text("CD3xCD20 T-cell engager (trial drug)"))).toBe("bispecific-unspecified");
    expect(index.matchAll(text("glofitamab, a bispecific T-cell engager")).map((m) => m.drug)).toEqual([
      "glofitamab",
    ]);
    expect(match(text("car park attendant"))).toBeUndefined();
    expect(drugOf(text("DOAC for atrial fibrillation"))).toBe("doac-unspecified");
    expect(drugOf(text("apixaban (DOAC) 5 mg"))).toBe("apixaban");
    expect(index.matchAll(text("CAR-T cells after cyclophosphamide")).map((m) => m.drug)).toEqual([
      "car-t-unspecified",
      "cyclophosphamide",
    ]);
  });

  it("matches whole words only: no drug inside another word", () => {
    expect(match(text("nivolumabx"))).toBeUndefined();
    expect(match(text("pre-heparinised line"))).toBeUndefined();
    expect(match(text("ado-trastuzumab emtansine 100 MG Injection"))).toBeUndefined();
  });

  it("drops forms without the systemic effect (topical steroid, hyperimmune globulin, intravitreal)", () => {
    expect(match(text("hydrocortisone 10 MG/ML Topical Cream"))).toBeUndefined();
    expect(match(text("hepatitis B immune globulin"))).toBeUndefined();
    expect(match(text("aflibercept intravitreal injection (Eylea)"))).toBeUndefined();
    expect(drugOf(text("hydrocortisone sodium succinate 100 MG Injection"))).toBe("hydrocortisone");
  });

  it("returns nothing for drugs outside the catalogues (Synthea negative controls)", () => {
    for (const t of ["Acetaminophen 325 MG Oral Tablet", "Simvastatin 20 MG Oral Tablet", "Lasix 40mg"])
      expect(match(text(t))).toBeUndefined();
  });

  it("every INN, brand and synonym of the catalogue matches its own entry (property)", () => {
    const names = [...catalogue.drugs, ...catalogue.contextDrugs].flatMap((e) =>
      [e.inn, ...e.brands, ...e.synonyms].map((n) => [n, e.id] as const),
    );
    fc.assert(
      fc.property(fc.constantFrom(...names), fc.boolean(), ([name, id], upper) => {
        const shown = upper ? name.toUpperCase() : name;
        expect(drugOf(text(`${shown} 10 MG Injection`))).toBe(id);
      }),
      { numRuns: 300 },
    );
  });
});

describe("medication matcher: the drugs of one record (medications)", () => {
  const ids = (t: string) => index.medications(text(t)).map((m) => m.drug);

  it("is the single match when one drug is named", () => {
    expect(ids("Keytruda 200mg IV")).toEqual(["pembrolizumab"]);
    expect(ids("Opdualag")).toEqual(["nivolumab-relatlimab"]);
  });

  it("lists every agent of a regimen on one line, where the single matcher names none", () => {
    expect(match(text("nivo/ipi"))).toBeUndefined();
    expect(ids("nivo/ipi")).toEqual(["nivolumab", "ipilimumab"]);
    expect(ids("Imjudo/Imfinzi")).toEqual(["tremelimumab", "durvalumab"]);
  });

  it("counts a fixed combination once, whichever way it is written", () => {
    for (const t of [
      "nivolumab and relatlimab-rmbw (Opdualag)",
      "Opdualag (nivolumab/relatlimab)",
      "relatlimab + nivolumab",
    ])
      expect(ids(t), t).toEqual(["nivolumab-relatlimab"]);
    expect(ids("Opdivo Qvantig (nivolumab and hyaluronidase-nvhy)")).toEqual(["nivolumab-hyaluronidase"]);
    expect(ids("Keytruda Qlex (pembrolizumab and berahyaluronidase alfa-pmph)")).toEqual([
      "pembrolizumab-berahyaluronidase-alfa",
    ]);
    expect(ids("QL1706 (iparomlimab and tuvonralimab)")).toEqual(["iparomlimab-tuvonralimab"]);
  });

  it("keeps a single code's reading over other drugs in the text", () => {
    const coded = {
      codings: [{ system: RXNORM, code: "1547545" }],
      text: "pembrolizumab; nivolumab stopped",
    };
    expect(index.medications(coded).map((m) => m.drug)).toEqual(["pembrolizumab"]);
  });

  it("is empty for a record that names no catalogue drug", () => {
    expect(ids("aldesleukin 600,000 IU/kg")).toEqual([]);
    expect(ids("BCG intravesical")).toEqual([]);
  });
});

describe("loadDrugCatalogue", () => {
  it("reads the catalogues shipped in knowledge/", () => {
    expect(readFileSync(join(knowledgeDir(), "drugs.yaml"), "utf8")).toContain("pembrolizumab");
    expect(catalogue.drugs.length).toBeGreaterThan(50);
    expect(catalogue.contextDrugs.some((c) => c.roles.includes("tma-inducing"))).toBe(true);
  });
});
