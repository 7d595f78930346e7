import { createEngine } from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../test/support/knowledge.js";
import { type BatchRows, omopDocument, PRELIMINARY_CONDITION_STATUS, resourcesOf } from "./records.js";

const LOINC = "http://loinc.org";
const UCUM = "http://unitsofmeasure.org";

/** One measurement of a batch, as the batch query reads it (concepts by id). */
function measurement(overrides: Record<string, string | number | null>): BatchRows["measurement"] {
  const row: Record<string, string | number | null> = {
    measurement_id: 7,
    person_id: 1,
    at_iso: "2025-01-02T08:00:00Z",
    value_as_number: null,
    operator_concept_id: null,
    range_low: null,
    range_high: null,
    unit_source_value: null,
    value_source_value: null,
    concept_id: 3024929,
    unit_concept_id: null,
    value_as_concept_id: null,
    ...overrides,
  };
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, [v]]));
}

const none = { person: {}, drug: {}, condition: {}, procedure: {} };
const concepts: BatchRows["concepts"] = {
  "3024929": { vocabulary_id: "LOINC", concept_code: "777-3", concept_name: "Platelets" },
  "8848": { vocabulary_id: "UCUM", concept_code: "10*9/L", concept_name: "billion per liter" },
  "8842": { vocabulary_id: "UCUM", concept_code: "ng/mL", concept_name: "nanogram per milliliter" },
  "9191": { vocabulary_id: "SNOMED", concept_code: "10828004", concept_name: "Positive" },
  "9192": { vocabulary_id: "SNOMED", concept_code: "260385009", concept_name: null },
};

describe("OMOP rows as FHIR resources", () => {
  it("names the concepts by the concept rows of their ids, the unit by its UCUM code, with comparator and range", () => {
    const [o] = resourcesOf({
      concepts,
      ...none,
      measurement: measurement({
        value_as_number: 20,
        unit_concept_id: 8848,
        operator_concept_id: 4171756,
        range_low: 150,
        range_high: 400,
      }),
    });
    const quantity = (value: number) => ({ value, unit: "10*9/L", system: UCUM, code: "10*9/L" });
    expect(o).toEqual({
      resourceType: "Observation",
      id: "measurement-7",
      status: "final",
      code: { coding: [{ system: LOINC, code: "777-3", display: "Platelets" }], text: "Platelets" },
      subject: { reference: "Patient/1" },
      effectiveDateTime: "2025-01-02T08:00:00Z",
      valueQuantity: { ...quantity(20), comparator: "<" },
      referenceRange: [{ low: quantity(150), high: quantity(400) }],
    });
  });

  it("takes the printed unit when the unit concept is 0 or unknown, and reads a coded or printed answer", () => {
    const one = (overrides: Record<string, string | number | null>) =>
      resourcesOf({ concepts, ...none, measurement: measurement(overrides) })[0];
    for (const unit of [0, 123456])
      expect(one({ value_as_number: 20, unit_concept_id: unit, unit_source_value: "K/uL" })).toMatchObject({
        valueQuantity: { value: 20, unit: "K/uL" },
      });
    expect(one({ value_as_concept_id: 9191 })).toMatchObject({
      valueCodeableConcept: { coding: [{ code: "10828004", display: "Positive" }], text: "Positive" },
    });
    // A value concept without a name is named by the row's source text.
    expect(one({ value_as_concept_id: 9192, value_source_value: "neg" })).toMatchObject({
      valueCodeableConcept: { coding: [{ code: "260385009", display: "neg" }], text: "neg" },
    });
    // Value concept 0 or one the concept table lacks: the printed answer.
    for (const id of [0, 555])
      expect(one({ value_as_concept_id: id, value_source_value: "pos" })).toMatchObject({
        valueString: "pos",
      });
  });

  it("reads a number only printed in value_source_value in the row's unit, where the unit was lost and the count refused", () => {
    const one = (overrides: Record<string, string | number | null>) =>
      resourcesOf({ concepts, ...none, measurement: measurement(overrides) })[0];
    // An ETL that could not parse "<10" or "less than 10" leaves value_as_number empty: the count is
    // still a grade 4 platelet count in the unit_source_value (unit concept 0) or the unit concept.
    for (const text of ["<10", "less than 10", " < 10 "])
      expect(one({ value_source_value: text, unit_concept_id: 0, unit_source_value: "K/uL" })).toMatchObject({
        valueQuantity: { value: 10, comparator: "<", unit: "K/uL" },
      });
    // Its flag, with no range to read it against, goes with the quantity as the result's interpretation (HL7 v2
    // table 0078), so the core quotes it with the value; an asterisk names no code.
    expect(one({ value_source_value: "12 L", unit_concept_id: 8848 })).toMatchObject({
      valueQuantity: { value: 12, unit: "10*9/L", system: UCUM, code: "10*9/L" },
      interpretation: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/v2-0078", code: "L" }] }],
    });
    expect(one({ value_source_value: "12*", unit_concept_id: 8848 })).not.toHaveProperty("interpretation");
    expect(one({ value_source_value: "12", unit_concept_id: 8848 })).not.toHaveProperty("interpretation");
    // A flag beside a range stays text: the core reads it in the range's unit and checks the flag against it.
    expect(
      one({ value_source_value: "12 H", unit_concept_id: 8848, range_low: 150, range_high: 400 }),
    ).toMatchObject({ valueString: "12 H", referenceRange: [{ low: { value: 150, unit: "10*9/L" } }] });
    // Without a unit, a word, or an ambiguous separator: the text, for the core to read or refuse.
    expect(one({ value_source_value: "12" })).toMatchObject({ valueString: "12" });
    expect(one({ value_source_value: "clumped", unit_source_value: "K/uL" })).toMatchObject({
      valueString: "clumped",
    });
    // One thousands separator: the text with the row's unit, as a CSV cell beside its unit column — the core
    // reads it in a count per µL and refuses it naming the ambiguity elsewhere (see the core's reading below).
    expect(one({ value_source_value: "150,000", unit_source_value: "/mm3" })).toMatchObject({
      valueString: "150,000 /mm3",
    });
    expect(one({ value_source_value: "1,500", unit_concept_id: 8848 })).toMatchObject({
      valueString: "1,500 10*9/L",
    });
    expect(one({ value_source_value: "150,000" })).toMatchObject({ valueString: "150,000" });
  });

  it("passes an operator concept that is none of =, <, <=, >, >= on as written, so the value is not read as exact", () => {
    const one = (operator: number | null) =>
      resourcesOf({
        concepts,
        ...none,
        measurement: measurement({
          value_as_number: 10,
          unit_concept_id: 8848,
          operator_concept_id: operator,
        }),
      })[0] as unknown as { valueQuantity: { comparator?: string } };
    expect(one(null).valueQuantity.comparator).toBeUndefined();
    expect(one(0).valueQuantity.comparator).toBeUndefined();
    expect(one(4172703).valueQuantity.comparator).toBeUndefined();
    expect(one(4171755).valueQuantity.comparator).toBe(">=");
    expect(one(123).valueQuantity.comparator).toBe("operator_concept_id 123");
  });

  it("shows the printed unit beside the UCUM code when it names a D-dimer basis the code cannot carry", () => {
    const one = (overrides: Record<string, string | number | null>) =>
      resourcesOf({ concepts, ...none, measurement: measurement(overrides) })[0];
    expect(
      one({ value_as_number: 600, unit_concept_id: 8842, unit_source_value: "ng/mL DDU" }),
    ).toMatchObject({
      valueQuantity: { value: 600, unit: "ng/mL DDU", system: UCUM, code: "ng/mL" },
    });
    // Without a basis the UCUM code names the unit, as before.
    expect(one({ value_as_number: 600, unit_concept_id: 8842, unit_source_value: "ng/ml" })).toMatchObject({
      valueQuantity: { value: 600, unit: "ng/mL", system: UCUM, code: "ng/mL" },
    });
  });

  it("shares one CodeableConcept between the rows of a concept", () => {
    const one = measurement({});
    const rows = Object.fromEntries(
      Object.entries(one).map(([k, [v]]) => [k, k === "measurement_id" ? [7, 8] : [v ?? null, v ?? null]]),
    );
    const [a, b] = resourcesOf({ concepts, ...none, measurement: rows });
    expect(a?.id).not.toBe(b?.id);
    expect(a?.code).toBe(b?.code);
  });
});

describe("OMOP condition_status_concept_id", () => {
  const statusConcepts: BatchRows["concepts"] = {
    "4133004": { vocabulary_id: "SNOMED", concept_code: "128053003", concept_name: "Deep venous thrombosis" },
    "4173032": {
      vocabulary_id: "SNOMED",
      concept_code: "111588002",
      concept_name: "Heparin-induced thrombocytopenia",
    },
    "32899": {
      vocabulary_id: "Condition Status",
      concept_code: "OMOP4976972",
      concept_name: "Preliminary diagnosis",
    },
    "32902": {
      vocabulary_id: "Condition Status",
      concept_code: "OMOP4976975",
      concept_name: "Primary diagnosis",
    },
    "2000000001": { vocabulary_id: "Site", concept_code: "rule-out", concept_name: "Preliminary diagnosis" },
  };
  const conditions = (rows: readonly [number, number, number | null][]): BatchRows["condition"] => ({
    condition_occurrence_id: rows.map(([id]) => id),
    person_id: rows.map(() => 1),
    at_iso: rows.map(() => "2025-01-02T00:00:00Z"),
    end_at: rows.map(() => null),
    concept_id: rows.map(([, concept]) => concept),
    condition_status_concept_id: rows.map(([, , status]) => status),
  });
  const read = (rows: readonly [number, number, number | null][]) => {
    const resources = resourcesOf({
      concepts: statusConcepts,
      measurement: {},
      drug: {},
      procedure: {},
      person: { person_id: [1], gender_concept_id: [8532], year_of_birth: [1960] },
      condition: conditions(rows),
    });
    const engine = createEngine(testKnowledge(), { evaluatedAt: "2025-03-01T23:59:59Z", version: "test" });
    const record = engine.read(omopDocument(resources), "omop").patients[0];
    if (record === undefined) throw new Error("no patient");
    return record;
  };

  it("reads a preliminary diagnosis (32899) as suspected: a suspected DVT is its suspicion, never a thrombosis", () => {
    expect(PRELIMINARY_CONDITION_STATUS).toBe(32899);
    const record = read([[1, 4133004, 32899]]);
    expect(record.events.map((e) => e.kind)).toEqual(["thrombosis-suspected"]);
    expect(record.rejected).toEqual([]);
  });

  it("reads a preliminary HIT as the team's working diagnosis, as a suspected HIT in a note is", () => {
    expect(read([[2, 4173032, 32899]]).events.map((e) => e.kind)).toEqual(["hit"]);
  });

  it("reads a DVT of any other status, or none, as charted; a local concept named Preliminary diagnosis as 32899", () => {
    for (const status of [32902, null, 0])
      expect(read([[3, 4133004, status]]).events.map((e) => e.kind)).toEqual(["thrombosis"]);
    expect(read([[4, 4133004, 2000000001]]).events.map((e) => e.kind)).toEqual(["thrombosis-suspected"]);
  });
});

describe("OMOP drug_exposure: a long-term immunosuppressant is the HScore's known immunosuppression", () => {
  const drugConcepts: BatchRows["concepts"] = {
    ...concepts,
    "3001122": { vocabulary_id: "LOINC", concept_code: "2276-4", concept_name: "Ferritin" },
    "8845": { vocabulary_id: "UCUM", concept_code: "ng/mL", concept_name: "nanogram per milliliter" },
    "950637": { vocabulary_id: "RxNorm", concept_code: "42316", concept_name: "tacrolimus" },
  };
  const hscoreImmunosuppression = (start: string) => {
    const resources = resourcesOf({
      concepts: drugConcepts,
      person: { person_id: [1], gender_concept_id: [8532], year_of_birth: [1960] },
      measurement: {
        measurement_id: [1, 2],
        person_id: [1, 1],
        at_iso: ["2025-03-01T08:00:00Z", "2025-03-01T08:00:00Z"],
        value_as_number: [40, 12000],
        concept_id: [3024929, 3001122],
        unit_concept_id: [8848, 8845],
      },
      drug: {
        drug_exposure_id: [1],
        person_id: [1],
        at_iso: [start],
        end_at: ["2025-03-01T00:00:00Z"],
        concept_id: [950637],
      },
      condition: {},
      procedure: {},
    });
    const engine = createEngine(testKnowledge(), { evaluatedAt: "2025-03-01T23:59:59Z", version: "test" });
    engine.add(omopDocument(resources), "omop");
    const hscore = engine.assess("1").scores.find((s) => s.id === "hscore");
    if (hscore === undefined) throw new Error("no HScore");
    return (
      (hscore.components as Record<string, unknown>).immunosuppression ??
      (hscore.missing.includes("immunosuppression") ? "missing" : undefined)
    );
  };

  it("scores 18 for tacrolimus taken from 60 days before the score to its day; stays missing for a course begun 20 days before", () => {
    expect(hscoreImmunosuppression("2024-12-31T00:00:00Z")).toBe(18);
    expect(hscoreImmunosuppression("2025-02-09T00:00:00Z")).toBe("missing");
  });
});

describe("OMOP condition_occurrence: an ITP that ended before the checkpoint inhibitor is the prior ITP", () => {
  const itpConcepts: BatchRows["concepts"] = {
    ...concepts,
    "433749": { vocabulary_id: "SNOMED", concept_code: "32273002", concept_name: "Immune thrombocytopenia" },
    "45775965": { vocabulary_id: "RxNorm", concept_code: "1547545", concept_name: "pembrolizumab" },
  };
  /** The ITP plan's line ids: pembrolizumab on 2025-01-10, platelets 240 then 12 ×10⁹/L, an ITP charted from start to end. */
  const plan = (start: string, end: string | null) => {
    const resources = resourcesOf({
      concepts: itpConcepts,
      person: { person_id: [1], gender_concept_id: [8532], year_of_birth: [1960] },
      measurement: {
        measurement_id: [1, 2],
        person_id: [1, 1],
        at_iso: ["2025-01-05T08:00:00Z", "2025-03-10T08:00:00Z"],
        value_as_number: [240, 12],
        concept_id: [3024929, 3024929],
        unit_concept_id: [8848, 8848],
      },
      drug: {
        drug_exposure_id: [1],
        person_id: [1],
        at_iso: ["2025-01-10T00:00:00Z"],
        end_at: [null],
        concept_id: [45775965],
      },
      condition: {
        condition_occurrence_id: [1],
        person_id: [1],
        at_iso: [start],
        end_at: [end],
        concept_id: [433749],
        condition_status_concept_id: [null],
      },
      procedure: {},
    });
    const engine = createEngine(testKnowledge(), { evaluatedAt: "2025-03-11T23:59:59Z", version: "test" });
    engine.add(omopDocument(resources), "omop");
    const itp = engine.assess("1").findings.find((f) => f.disorder === "itp");
    if (itp === undefined) throw new Error("no ITP finding");
    return itp.management.map((m) => m.id);
  };

  it("names the prior ITP for an ITP of 2018 (condition_end_date before the first dose), not for one begun on the day of the fall", () => {
    expect(plan("2018-03-01T00:00:00Z", "2018-09-01T00:00:00Z")).toContain("itp-itp-history-flare");
    expect(plan("2025-03-10T00:00:00Z", null)).not.toContain("itp-itp-history-flare");
  });
});

describe("OMOP condition_occurrence of concept 0: read by its condition_source_value", () => {
  /** One condition row per source value, each of its own person, concept 0 ("No matching concept"). */
  const read = (values: readonly (string | null)[]) => {
    const ids = values.map((_, i) => i + 1);
    const resources = resourcesOf({
      concepts: {
        "0": {
          vocabulary_id: "None",
          concept_code: "No matching concept",
          concept_name: "No matching concept",
        },
      },
      person: { person_id: ids },
      measurement: {},
      drug: {},
      condition: {
        condition_occurrence_id: ids,
        person_id: ids,
        at_iso: ids.map(() => "2025-03-01T00:00:00Z"),
        end_at: ids.map(() => null),
        concept_id: ids.map(() => 0),
        condition_status_concept_id: ids.map(() => null),
        condition_source_value: [...values],
      },
      procedure: {},
    });
    const engine = createEngine(testKnowledge(), { evaluatedAt: "2025-03-11T23:59:59Z", version: "test" });
    const records = engine.read(omopDocument(resources), "omop").patients;
    return {
      resources: resources.filter((r) => r.resourceType === "Condition"),
      record: (i: number) => records.find((p) => p.patientId === String(i + 1)),
    };
  };

  it("reads an ICD-10-CM code (with or without its dot) as that code, saying it is the source value, and words as text", () => {
    const { resources, record } = read(["D69.3", "D693", "ITP after pembrolizumab", "knee pain"]);
    expect(resources[1]?.code).toEqual({
      coding: [
        {
          system: "http://hl7.org/fhir/sid/icd-10-cm",
          code: "D69.3",
          display: "D693 (condition_source_value, no standard concept)",
        },
      ],
      text: "D693 (condition_source_value, no standard concept)",
    });
    expect(resources[2]?.code).toEqual({ coding: [], text: "ITP after pembrolizumab" });
    // Both codes and the words are an ITP the engine uses.
    for (const i of [0, 1, 2]) {
      expect(
        record(i)?.events.map((e) => e.kind),
        String(i),
      ).toContain("itp");
      expect(record(i)?.counts.notUsed, String(i)).toBe(0);
    }
    // Words that name nothing the knowledge reads are counted as not used, never dropped.
    expect(record(3)?.events).toEqual([]);
    expect(record(3)?.counts.notUsed).toBe(1);
  });

  it("rejects a row with no source value (no code and no words), even where the concept table has concept 0", () => {
    const { record } = read([null, "  "]);
    for (const i of [0, 1]) {
      expect(record(i)?.counts.rejected, String(i)).toBe(1);
      expect(record(i)?.events).toEqual([]);
    }
  });
});

describe("OMOP drug_exposure of concept 0: read by the words of its drug_source_value", () => {
  it('reads an unmapped dose named "pembrolizumab 200 mg" as a dose of pembrolizumab; an empty one is rejected', () => {
    const resources = resourcesOf({
      concepts: {},
      person: { person_id: [1, 2] },
      measurement: {},
      drug: {
        drug_exposure_id: [1, 2],
        person_id: [1, 2],
        at_iso: ["2025-01-10T00:00:00Z", "2025-01-10T00:00:00Z"],
        end_at: [null, null],
        concept_id: [0, 0],
        drug_source_value: ["pembrolizumab 200 mg", null],
      },
      condition: {},
      procedure: {},
    });
    expect(resources.find((r) => r.id === "drug_exposure-1")?.medicationCodeableConcept).toEqual({
      coding: [],
      text: "pembrolizumab 200 mg",
    });
    const engine = createEngine(testKnowledge(), { evaluatedAt: "2025-03-11T23:59:59Z", version: "test" });
    const [first, second] = engine.read(omopDocument(resources), "omop").patients;
    expect(first?.exposures.map((e) => [e.drug, e.doses.length])).toEqual([["pembrolizumab", 1]]);
    expect(second?.exposures).toEqual([]);
    expect(second?.counts.rejected).toBe(1);
  });
});
