/**
 * A drug allergy charted in OMOP as an observation (the HL7 FHIR-to-OMOP guide's Value-as-Concept pattern:
 * "Allergy to drug" with the drug as value concept) is read as the AllergyIntolerance `assess` reads: an
 * anaphylaxis to rituximab bars rituximab from the ITP plan, a heparin allergy whose reaction was a
 * thrombocytopenia is a history of HIT, and an observation that charts no allergy is not read.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine, type PatientReport } from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import { importedDb, unaccounted } from "../../../test/support/cohort.js";
import { testKnowledge } from "../../../test/support/knowledge.js";
import { offering as offeringIn } from "../../../test/support/plans.js";
import { tempDir } from "../../../test/support/temp.js";
import { ALLERGY_TO_DRUG, type BatchRows, omopDocument, readBatch, resourcesOf } from "./records.js";

const k = testKnowledge();
const AT = "2026-03-12T12:00:00Z";

// Concept rows of the test (ids other than "Allergy to drug" are the test's own).
const concepts: BatchRows["concepts"] = {
  [String(ALLERGY_TO_DRUG)]: {
    vocabulary_id: "SNOMED",
    concept_code: "416098002",
    concept_name: "Allergy to drug",
  },
  "3024929": { vocabulary_id: "LOINC", concept_code: "777-3", concept_name: "Platelets" },
  "8848": { vocabulary_id: "UCUM", concept_code: "10*9/L", concept_name: "billion per liter" },
  "9001": { vocabulary_id: "RxNorm", concept_code: "1547545", concept_name: "pembrolizumab" },
  "9002": { vocabulary_id: "RxNorm", concept_code: "121191", concept_name: "rituximab" },
  "9003": { vocabulary_id: "RxNorm", concept_code: "5224", concept_name: "heparin" },
  "9004": { vocabulary_id: "SNOMED", concept_code: "39579001", concept_name: "Anaphylaxis" },
  "9005": { vocabulary_id: "LOINC", concept_code: "72166-2", concept_name: "Tobacco smoking status" },
  "9006": { vocabulary_id: "HemoSentinel", concept_code: "x", concept_name: "Allergy to heparin" },
  "9007": { vocabulary_id: "HemoSentinel", concept_code: "severe", concept_name: "Severe" },
};

type Row = Record<string, string | number | null>;
const columns = (rows: readonly Row[]) => {
  const out: Record<string, (string | number | null)[]> = {};
  for (const [i, r] of rows.entries())
    for (const [key, v] of Object.entries(r)) {
      const column = out[key] ?? Array(rows.length).fill(null);
      column[i] = v;
      out[key] = column;
    }
  return out;
};

/** An ITP on pembrolizumab (platelets 12 on 10 March 2026) with the observation rows given. */
function itp(observations: readonly Row[]): PatientReport {
  const resources = resourcesOf({
    concepts,
    person: { person_id: [1], gender_concept_id: [8532], year_of_birth: [1960] },
    measurement: columns(
      [
        ["2025-12-29T08:00:00Z", 240],
        ["2026-03-10T08:00:00Z", 12],
      ].map(([at, value], i) => ({
        measurement_id: i + 1,
        person_id: 1,
        at_iso: at as string,
        value_as_number: value as number,
        concept_id: 3024929,
        unit_concept_id: 8848,
        range_low: 150,
        range_high: 400,
      })),
    ),
    drug: columns(
      ["2026-01-05T00:00:00Z", "2026-01-26T00:00:00Z"].map((at, i) => ({
        drug_exposure_id: i + 1,
        person_id: 1,
        at_iso: at,
        end_at: null,
        concept_id: 9001,
      })),
    ),
    condition: {},
    procedure: {},
    allergy: columns(
      observations.map((o, i) => ({
        observation_id: i + 1,
        person_id: 1,
        at_iso: "2020-06-01T00:00:00Z",
        concept_id: ALLERGY_TO_DRUG,
        value_as_concept_id: null,
        qualifier_concept_id: null,
        value_as_string: null,
        value_source_value: null,
        ...o,
      })),
    ),
  });
  const engine = createEngine(k, { evaluatedAt: AT, version: "test" });
  engine.add(omopDocument(resources), "omop");
  return engine.assess("1");
}

/** The events the engine reads from one allergy observation row (dated 1 June 2020) of a person with no other record. */
function allergyEvents(row: Row) {
  const resources = resourcesOf({
    concepts,
    person: { person_id: [1], year_of_birth: [1960] },
    measurement: {},
    drug: {},
    condition: {},
    procedure: {},
    allergy: columns([
      {
        observation_id: 1,
        person_id: 1,
        at_iso: "2020-06-01T00:00:00Z",
        concept_id: ALLERGY_TO_DRUG,
        ...row,
      },
    ]),
  });
  const engine = createEngine(k, { evaluatedAt: AT, version: "test" });
  return engine.read(omopDocument(resources), "omop").patients[0]?.events ?? [];
}

/** The plan items that offer a drug of knowledge tag `tag` (test/support/plans.ts). */
const offering = (p: PatientReport, tag: string) => offeringIn(k, p, tag);
const ids = (p: PatientReport) => p.findings.flatMap((f) => f.management.map((m) => m.id));

describe("OMOP observation: a charted drug allergy bars the drug as the FHIR AllergyIntolerance does", () => {
  it("an anaphylaxis to rituximab (Allergy to drug, value rituximab, qualifier Anaphylaxis) bars rituximab from the ITP plan", () => {
    const p = itp([{ value_as_concept_id: 9002, qualifier_concept_id: 9004 }]);
    expect(offering(p, "rituximab")).toEqual([]);
    expect(ids(p)).toContain("itp-avoid-rituximab-hypersensitivity");
    expect(p.rejected).toEqual([]);
  });

  it("so does the drug and reaction printed only (value_source_value, value_as_string)", () => {
    const p = itp([{ value_source_value: "Rituximab", value_as_string: "anaphylaxis" }]);
    expect(offering(p, "rituximab")).toEqual([]);
    expect(ids(p)).toContain("itp-avoid-rituximab-hypersensitivity");
  });

  it("without the allergy, or with an observation that charts none, rituximab is offered", () => {
    expect(offering(itp([]), "rituximab")).toContain("itp-second-line");
    const smoking = itp([{ concept_id: 9005, value_as_concept_id: 9002 }]);
    expect(offering(smoking, "rituximab")).toContain("itp-second-line");
    expect(ids(smoking)).not.toContain("itp-avoid-rituximab-hypersensitivity");
  });

  it("an allergy to a drug no plan offers is counted as not used", () => {
    const p = itp([{ value_source_value: "penicillin", value_as_string: "rash" }]);
    expect(offering(p, "rituximab")).toContain("itp-second-line");
    expect(p.notUsed).toMatchObject({ AllergyIntolerance: expect.anything() });
  });

  it("a qualifier concept named Severe makes the rituximab allergy severe; a reaction of chills alone does not", () => {
    const read = (row: Row) => allergyEvents({ value_as_concept_id: 9002, ...row }).map((e) => e.qualifiers);
    expect(read({ qualifier_concept_id: 9007, value_as_string: "hypotension" })).toEqual([
      ["rituximab", "severe"],
    ]);
    expect(read({ value_as_string: "chills" })).toEqual([["rituximab"]]);
  });

  it("a heparin allergy whose reaction was a thrombocytopenia is a history of HIT, coded by value or by its own concept", () => {
    for (const row of [
      { value_as_concept_id: 9003, value_as_string: "thrombocytopenia" } as Row,
      { concept_id: 9006, value_as_string: "Heparin-induced thrombocytopenia" },
    ])
      expect(allergyEvents(row).map((e) => [e.kind, e.at, e.ref])).toEqual([
        ["hit-history", "2020-06-01T00:00:00Z", "AllergyIntolerance/observation-1"],
      ]);
  });
});

describe("OMOP import: observation rows", { timeout: 60_000 }, () => {
  it("imports the observation table, counts an allergy row as used and any other as not used, and reads the allergy back as an AllergyIntolerance", async () => {
    const dir = tempDir("allergy-");
    writeFileSync(
      join(dir, "concept.csv"),
      [
        "concept_id,concept_name,domain_id,vocabulary_id,concept_class_id,standard_concept,concept_code,valid_start_date,valid_end_date,invalid_reason",
        `${ALLERGY_TO_DRUG},Allergy to drug,Observation,SNOMED,Clinical Finding,S,416098002,1970-01-01,2099-12-31,`,
        "9002,rituximab,Drug,RxNorm,Ingredient,S,121191,1970-01-01,2099-12-31,",
        "9005,Tobacco smoking status,Observation,LOINC,Clinical Observation,S,72166-2,1970-01-01,2099-12-31,",
      ].join("\n"),
    );
    writeFileSync(join(dir, "person.csv"), "person_id,gender_concept_id,year_of_birth\n1,8532,1960\n");
    writeFileSync(
      join(dir, "observation.csv"),
      [
        "observation_id,person_id,observation_concept_id,observation_date,value_as_concept_id,value_as_string",
        `1,1,${ALLERGY_TO_DRUG},2020-06-01,9002,anaphylaxis`,
        "2,1,9005,2020-06-01,9002,",
        "3,1,9005,2030-06-01,,", // after the evaluation time: imported, not read
        "4,2,9005,2020-06-01,,", // no such person: rejected
      ].join("\n"),
    );
    const { db, summary } = await importedDb(dir);
    try {
      expect(unaccounted(summary)).toEqual([]);
      const observation = summary.tables.find((t) => t.table === "observation");
      expect(observation).toMatchObject({ read: 4, imported: 3, used: 1, notUsed: 2 });
      expect(observation?.rejected.map((r) => r.code)).toEqual(["unknown-person"]);
      const resources = await readBatch(db, [1], "2026-03-12T12:00:00Z");
      expect(resources.filter((r) => r.resourceType === "AllergyIntolerance")).toEqual([
        {
          resourceType: "AllergyIntolerance",
          id: "observation-1",
          patient: { reference: "Patient/1" },
          code: {
            coding: [
              { system: "http://www.nlm.nih.gov/research/umls/rxnorm", code: "121191", display: "rituximab" },
            ],
            text: "rituximab",
          },
          onsetDateTime: "2020-06-01T00:00:00Z",
          reaction: [{ manifestation: [{ text: "anaphylaxis" }] }],
        },
      ]);
    } finally {
      db.close();
    }
  });
});

describe("FHIR bulk export into OMOP: an AllergyIntolerance becomes an allergy observation read back as the same allergy", {
  timeout: 60_000,
}, () => {
  const RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
  const VERIFICATION = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification";
  const allergy = (id: string, fields: Record<string, unknown>) => ({
    resourceType: "AllergyIntolerance",
    id,
    patient: { reference: "Patient/p1" },
    recordedDate: "2020-06-01",
    ...fields,
  });
  const rituximab = { coding: [{ system: RXNORM, code: "121191", display: "rituximab" }], text: "Rituximab" };
  const heparin = { coding: [{ system: RXNORM, code: "5224", display: "heparin" }], text: "Heparin" };

  it("maps a rituximab allergy (severe kept), a heparin HIT allergy and a penicillin allergy; rejects a refuted one with its reason", async () => {
    const dir = join(tempDir("fhir-allergy-"), "export");
    mkdirSync(dir);
    const lines = [
      { resourceType: "Patient", id: "p1", gender: "female", birthDate: "1960-04-02" },
      allergy("a1", {
        code: rituximab,
        criticality: "high",
        reaction: [{ manifestation: [{ text: "hypotension" }] }],
      }),
      allergy("a2", { code: heparin, reaction: [{ manifestation: [{ text: "thrombocytopenia" }] }] }),
      allergy("a3", { code: { coding: [{ system: RXNORM, code: "70618", display: "penicillin" }] } }),
      allergy("a5", { code: { text: "Heparin-induced thrombocytopenia" }, onsetDateTime: "2019-02-03" }),
      allergy("a4", {
        code: rituximab,
        reaction: [{ manifestation: [{ text: "anaphylaxis" }] }],
        verificationStatus: { coding: [{ system: VERIFICATION, code: "refuted" }] },
      }),
    ];
    writeFileSync(join(dir, "all.ndjson"), `${lines.map((l) => JSON.stringify(l)).join("\n")}\n`);
    const { db, summary } = await importedDb(dir);
    try {
      expect(unaccounted(summary)).toEqual([]);
      const t = summary.fhir?.resources.find((r) => r.type === "AllergyIntolerance");
      expect(t).toMatchObject({ read: 5, mapped: 4, table: "observation" });
      expect(t?.rejected).toEqual([
        { code: "refuted", detail: "verificationStatus says it is not there", rows: 1 },
      ]);
      expect(summary.tables.find((x) => x.table === "observation")).toMatchObject({
        imported: 4,
        used: 4,
      });
      const engine = createEngine(k, { evaluatedAt: AT, version: "test" });
      const [record] = engine.read(omopDocument(await readBatch(db, [1], AT)), "omop").patients;
      expect(record?.events.map((e) => [e.kind, e.qualifiers ?? []]).sort()).toEqual([
        ["drug-hypersensitivity", ["rituximab", "severe"]],
        ["hit-history", []],
        ["hit-history", []],
      ]);
      expect(record?.counts.notUsed).toBe(1);
    } finally {
      db.close();
    }
  });
});
