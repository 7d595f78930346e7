/**
 * The drug catalogue as FHIR medication records reach it: every immunotherapy in drugs.yaml, charted by a
 * MedicationRequest or a MedicationAdministration that carries only its text (INN, brand or synonym),
 * only its RxNorm code (ingredient or product) or only its ATC code, is an exposure of that drug and class; a regimen on one line
 * is an exposure to each agent; a fixed combination is one exposure.
 */
import { atcCodes, ingestFhir, type PatientRecord } from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../test/support/knowledge.js";
import { loadDrugCatalogue } from "./sources.js";

const k = testKnowledge();
const catalogue = loadDrugCatalogue();
const RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
const ATC = "http://www.whocc.no/atc";

type Concept = { readonly coding?: readonly object[]; readonly text?: string };
type Kind = "MedicationRequest" | "MedicationAdministration";

function medication(kind: Kind, concept: Concept) {
  const base = { id: "m1", subject: { reference: "Patient/p1" }, medicationCodeableConcept: concept };
  return kind === "MedicationRequest"
    ? { ...base, resourceType: kind, status: "active", intent: "order", authoredOn: "2026-01-05" }
    : { ...base, resourceType: kind, status: "completed", effectiveDateTime: "2026-01-05T10:00:00Z" };
}

function record(...resources: object[]): PatientRecord {
  const r = ingestFhir(
    {
      resourceType: "Bundle",
      type: "collection",
      entry: [{ resourceType: "Patient", id: "p1" }, ...resources].map((resource) => ({ resource })),
    },
    { vocabulary: k.vocabulary, evaluatedAt: "2026-12-01T00:00:00Z", file: "drugs.json" },
  );
  const p = r.patients[0];
  if (p === undefined) throw new Error("no patient");
  return p;
}

const exposures = (p: PatientRecord) => p.exposures.map((e) => [e.drug, e.class]);

describe("every catalogue immunotherapy charted one way only (FHIR)", () => {
  const ways = catalogue.drugs.flatMap((d) => [
    ...[d.inn, ...d.brands, ...d.synonyms].map((t) => ({ d, how: `text "${t}"`, concept: { text: t } })),
    ...[...(d.rxnorm === undefined ? [] : [d.rxnorm]), ...(d.rxnormProducts ?? [])].map((c) => ({
      d,
      how: `RxNorm ${c}`,
      concept: { coding: [{ system: RXNORM, code: c }] },
    })),
    ...atcCodes(d).map((c) => ({ d, how: `ATC ${c}`, concept: { coding: [{ system: ATC, code: c }] } })),
  ]);

  it("covers every entry by at least its name", () => {
    expect(new Set(ways.map((w) => w.d.id)).size).toBe(catalogue.drugs.length);
  });

  for (const kind of ["MedicationRequest", "MedicationAdministration"] as const)
    it(`${kind}: each name and code is an exposure of its drug and class, counted as one record used`, () => {
      const wrong = ways.flatMap(({ d, how, concept }) => {
        const p = record(medication(kind, concept));
        const got = exposures(p);
        const ok = got.length === 1 && got[0]?.[0] === d.id && got[0]?.[1] === d.class && p.counts.used === 2; // the Patient and the medication record
        return ok ? [] : [`${d.id} by ${how}: ${JSON.stringify(got)}`];
      });
      expect(wrong).toEqual([]);
    });
});

describe("regimens and combinations on one record", () => {
  it.each([
    [
      "nivo/ipi",
      [
        ["ipilimumab", "ici"],
        ["nivolumab", "ici"],
      ],
    ],
    [
      "Opdivo + Yervoy",
      [
        ["ipilimumab", "ici"],
        ["nivolumab", "ici"],
      ],
    ],
    [
      "durvalumab + tremelimumab",
      [
        ["durvalumab", "ici"],
        ["tremelimumab", "ici"],
      ],
    ],
    ["nivolumab and relatlimab-rmbw (Opdualag)", [["nivolumab-relatlimab", "ici"]]],
    ["Opdivo Qvantig (nivolumab and hyaluronidase-nvhy)", [["nivolumab-hyaluronidase", "ici"]]],
    [
      "Keytruda Qlex (pembrolizumab and berahyaluronidase alfa-pmph)",
      [["pembrolizumab-berahyaluronidase-alfa", "ici"]],
    ],
  ])("%s", (text, want) => {
    for (const kind of ["MedicationRequest", "MedicationAdministration"] as const) {
      const p = record(medication(kind, { text }));
      expect([...exposures(p)].sort()).toEqual(want);
      expect(p.counts.used).toBe(2); // the Patient and the one medication record
      expect(p.exposures.every((e) => e.doses.length === 1)).toBe(true);
    }
  });

  it("a regimen with two cytotoxics keeps both as context drugs beside the checkpoint inhibitor", () => {
    const p = record(
      medication("MedicationAdministration", { text: "carboplatin, pemetrexed and pembrolizumab" }),
    );
    expect(exposures(p)).toEqual([["pembrolizumab", "ici"]]);
    expect(p.contextDrugs.map((c) => c.drug).sort()).toEqual(["carboplatin", "pemetrexed"]);
    expect(p.counts).toMatchObject({ read: 2, used: 2, notUsed: 0 }); // the Patient and the line;
  });

  it("the same regimen record read twice is merged, not counted twice", () => {
    const line = medication("MedicationAdministration", { text: "nivo/ipi" });
    const p = record(line, line);
    expect(p.exposures.map((e) => e.doses.length)).toEqual([1, 1]);
    expect(p.counts).toMatchObject({ read: 3, used: 2, merged: 1 });
  });

  it("a coded single agent keeps its code's reading: ipilimumab named beside nivolumab's RXCUI is not added", () => {
    const concept = { coding: [{ system: RXNORM, code: "1597876" }], text: "nivolumab (with ipilimumab)" };
    expect(exposures(record(medication("MedicationRequest", concept)))).toEqual([["nivolumab", "ici"]]);
  });
});

describe("scope: what is not an immunotherapy exposure", () => {
  it.each([
    ["aldesleukin (Proleukin)", { text: "aldesleukin (Proleukin)" }],
    ["ATC L03AC01 (aldesleukin)", { coding: [{ system: ATC, code: "L03AC01" }] }],
    ["intravesical BCG", { text: "BCG intravesical" }],
    ["ATC L03AX03 (BCG)", { coding: [{ system: ATC, code: "L03AX03" }] }],
    ["interferon alfa-2b", { text: "interferon alfa-2b" }],
    ["sipuleucel-T", { text: "sipuleucel-T" }],
    ["lifileucel, ATC L01XL11", { coding: [{ system: ATC, code: "L01XL11" }], text: "lifileucel" }],
    ["talimogene laherparepvec", { text: "talimogene laherparepvec" }],
  ])("%s is counted as not used, not as an exposure", (_, concept) => {
    const p = record(medication("MedicationAdministration", concept));
    expect(p.exposures).toEqual([]);
    expect(p.contextDrugs).toEqual([]);
    expect(p.counts).toMatchObject({ used: 1, notUsed: 1 }); // the Patient is used
  });

  it("rituximab is an exposure of the therapeutic-antibody class, never a checkpoint inhibitor", () => {
    const p = record(
      medication("MedicationAdministration", { coding: [{ system: RXNORM, code: "121191" }] }),
    );
    expect(exposures(p)).toEqual([["rituximab", "antibody"]]);
  });

  it("heparin, linezolid and valproate stay context drugs with their roles", () => {
    for (const [text, drug, role] of [
      ["heparin 5000 units SC", "heparin", "heparin"],
      ["linezolid 600 mg IV", "linezolid", "thrombocytopenia-drug"],
      ["Depakote 500 mg", "valproic-acid", "thrombocytopenia-drug"],
    ] as const) {
      const p = record(medication("MedicationAdministration", { text }));
      expect(p.exposures).toEqual([]);
      expect(p.contextDrugs.map((c) => [c.drug, c.roles.includes(role)])).toEqual([[drug, true]]);
    }
  });
});
