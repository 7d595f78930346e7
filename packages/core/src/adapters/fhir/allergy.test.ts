/**
 * A heparin-induced thrombocytopenia charted as an allergy to heparin (as many EHRs chart it) is a
 * history of HIT: without it a plan would offer LMWH to a patient who must not be re-exposed to heparin.
 */
import { describe, expect, it } from "vitest";
import { testKnowledgeBundle } from "../../../../../test/support/knowledge.js";
import { openKnowledge } from "../../knowledge/knowledge.js";
import { ingestFhir } from "./ingest.js";

// The real knowledge base: which allergy reads as a HIT is a knowledge rule (events.yaml allergyReactions).
const { vocabulary } = openKnowledge(testKnowledgeBundle());
const opts = { vocabulary, evaluatedAt: "2025-03-01T00:00:00Z", file: "allergies.json" };
const HIT_TEXT = "heparin-induced thrombocytopenia";

const allergy = (fields: Record<string, unknown>) => ({
  resourceType: "AllergyIntolerance",
  id: "a",
  patient: { reference: "Patient/p1" },
  code: {
    coding: [{ system: "http://www.nlm.nih.gov/research/umls/rxnorm", code: "5224" }],
    text: "Heparin",
  },
  recordedDate: "2023-05-01",
  ...fields,
});

function read(...resources: unknown[]) {
  const r = ingestFhir([{ resourceType: "Patient", id: "p1" }, ...resources], opts);
  const record = r.patients[0];
  if (record === undefined) throw new Error("no patient");
  return { ...r, record, why: record.rejected.map((x) => [x.code, x.field, x.reason]) };
}

describe("AllergyIntolerance", () => {
  it("reads a heparin allergy whose reaction is HIT as a history of HIT, on its recorded date", () => {
    const { record } = read(allergy({ reaction: [{ manifestation: [{ text: HIT_TEXT }] }] }));
    expect(record.events.map((e) => [e.kind, e.at, e.ref])).toEqual([
      ["hit-history", "2023-05-01", "AllergyIntolerance/a"],
    ]);
    expect(record.counts).toMatchObject({ used: 2, ignored: 0 });
  });

  it("reads an allergy coded as HIT itself, dated by its onset", () => {
    const { record } = read(allergy({ code: { text: HIT_TEXT }, onsetDateTime: "2022-01-10" }));
    expect(record.events.map((e) => [e.kind, e.at])).toEqual([["hit-history", "2022-01-10"]]);
  });

  it("rejects a refuted or entered-in-error HIT allergy", () => {
    for (const code of ["refuted", "entered-in-error"]) {
      const { record, why } = read(
        allergy({
          reaction: [{ manifestation: [{ text: HIT_TEXT }] }],
          verificationStatus: {
            coding: [
              { system: "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", code },
            ],
          },
        }),
      );
      expect(record.events).toEqual([]);
      expect(why).toEqual([["refuted", "verificationStatus", `verificationStatus is ${code}`]]);
    }
  });

  it("reads a heparin allergy whose only reaction is thrombocytopenia or low platelets as a history of HIT", () => {
    for (const manifestation of [
      { text: "Thrombocytopenia" },
      { text: "low platelets" },
      {
        coding: [
          { system: "http://snomed.info/sct", code: "302215000", display: "Thrombocytopenic disorder" },
        ],
      },
    ]) {
      const { record } = read(allergy({ reaction: [{ manifestation: [manifestation] }] }));
      expect(record.events.map((e) => [e.kind, e.at, e.ref])).toEqual([
        ["hit-history", "2023-05-01", "AllergyIntolerance/a"],
      ]);
    }
  });

  it("reads an LMWH allergy (enoxaparin, named in the reaction's substance) with thrombocytopenia as a history of HIT", () => {
    const { record } = read(
      allergy({
        code: { text: "Anticoagulant" },
        reaction: [{ substance: { text: "enoxaparin" }, manifestation: [{ text: "thrombocytopenia" }] }],
      }),
    );
    expect(record.events.map((e) => e.kind)).toEqual(["hit-history"]);
  });

  it("does not read thrombocytopenia as a HIT when the allergy is not to a heparin (a penicillin)", () => {
    const { record } = read(
      allergy({
        code: { text: "penicillin" },
        reaction: [{ manifestation: [{ text: "thrombocytopenia" }] }],
      }),
    );
    expect(record.events).toEqual([]);
    expect(record.counts).toMatchObject({ notUsed: 1 });
  });

  it("reads a heparin allergy whose reactions are a rash and itch as a heparin hypersensitivity, not a HIT", () => {
    const { record } = read(
      allergy({
        reaction: [
          { manifestation: [{ text: "rash" }, { text: "pruritus" }] },
          { manifestation: [{ text: "itching" }] },
        ],
      }),
    );
    expect(record.events.map((e) => [e.kind, e.qualifiers, e.at])).toEqual([
      ["drug-hypersensitivity", ["heparin"], "2023-05-01"],
    ]);
  });

  it("does not use an allergy to a drug no plan offers (penicillin)", () => {
    const { record } = read(allergy({ id: "b", code: { text: "penicillin" }, criticality: "high" }));
    expect(record.events).toEqual([]);
    expect(record.counts).toMatchObject({ notUsed: 1, ignored: 0 });
  });

  it("reads a rituximab allergy of high criticality, or with a severe reaction or an anaphylaxis, as severe", () => {
    const rituximab = {
      coding: [{ system: "http://www.nlm.nih.gov/research/umls/rxnorm", code: "121191" }],
      text: "Rituximab",
    };
    for (const fields of [
      { criticality: "high" },
      { reaction: [{ severity: "severe", manifestation: [{ text: "hypotension" }] }] },
      { reaction: [{ manifestation: [{ text: "Anaphylaxis" }] }] },
    ]) {
      const { record } = read(allergy({ code: rituximab, ...fields }));
      expect(record.events.map((e) => [e.kind, e.qualifiers])).toEqual([
        ["drug-hypersensitivity", ["rituximab", "severe"]],
      ]);
    }
  });

  it("reads a rituximab infusion reaction of low criticality with chills as not severe", () => {
    const { record } = read(
      allergy({
        code: { text: "rituximab" },
        criticality: "low",
        reaction: [{ severity: "mild", manifestation: [{ text: "chills" }] }],
      }),
    );
    expect(record.events.map((e) => [e.kind, e.qualifiers])).toEqual([
      ["drug-hypersensitivity", ["rituximab"]],
    ]);
  });

  it("reads the drug from a reaction's substance (caplacizumab, IVIG, tocilizumab)", () => {
    for (const [text, tag] of [
      ["caplacizumab", "caplacizumab"],
      ["immune globulin intravenous", "ivig"],
      ["tocilizumab", "tocilizumab"],
    ] as const) {
      const { record } = read(
        allergy({
          code: { text: "Biologic" },
          reaction: [{ substance: { text }, manifestation: [{ text: "urticaria" }] }],
        }),
      );
      expect(record.events.map((e) => [e.kind, e.qualifiers])).toEqual([["drug-hypersensitivity", [tag]]]);
    }
  });

  it("rejects a refuted or entered-in-error rituximab anaphylaxis", () => {
    for (const code of ["refuted", "entered-in-error"]) {
      const { record, why } = read(
        allergy({
          code: { text: "rituximab" },
          reaction: [{ manifestation: [{ text: "anaphylaxis" }] }],
          verificationStatus: {
            coding: [
              { system: "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", code },
            ],
          },
        }),
      );
      expect(record.events).toEqual([]);
      expect(why).toEqual([["refuted", "verificationStatus", `verificationStatus is ${code}`]]);
    }
  });

  it("keeps a drug allergy's clinical status resolved or inactive as a qualifier; active adds nothing", () => {
    const status = (code: string) => ({
      clinicalStatus: {
        coding: [{ system: "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", code }],
      },
    });
    const rash = { reaction: [{ manifestation: [{ text: "rash" }] }] };
    for (const [code, qualifiers] of [
      ["resolved", ["heparin", "resolved"]],
      ["inactive", ["heparin", "inactive"]],
      ["active", ["heparin"]],
    ] as const) {
      const { record } = read(allergy({ ...rash, ...status(code) }));
      expect(record.events.map((e) => [e.kind, e.qualifiers])).toEqual([
        ["drug-hypersensitivity", qualifiers],
      ]);
    }
    // A HIT charted as a heparin allergy stays a history of HIT, resolved or not.
    const { record } = read(
      allergy({ reaction: [{ manifestation: [{ text: HIT_TEXT }] }], ...status("resolved") }),
    );
    expect(record.events.map((e) => [e.kind, e.qualifiers ?? []])).toEqual([["hit-history", []]]);
  });

  it("names its patient in `patient`: without one it is an input error", () => {
    const { patient: _, ...orphan } = allergy({ reaction: [{ manifestation: [{ text: HIT_TEXT }] }] });
    const r = read(orphan);
    expect(r.record.events).toEqual([]);
    expect(r.inputErrors.map((e) => e.code)).toEqual(["missing-subject"]);
  });
});
