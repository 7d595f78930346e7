/**
 * A past ITP charted as a FHIR Condition is read as a CSV history row is: the prior ITP the ITP plan of a
 * checkpoint-inhibitor patient names (management/facts.yaml itp-history). A Condition over before it was
 * recorded (abatement before recordedDate, no onset) is dated by its abatement, not read as a problem of
 * the day it was charted; one resolved or in remission with no date but when it was charted is past
 * history; an active one, or one whose episode lies inside the present fall, is the present ITP. Uses the
 * shipped knowledge.
 */
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../../test/support/knowledge.js";
import { createEngine } from "../../create-engine.js";
import { conditionStart } from "./clinical.js";
import { ingestFhir } from "./ingest.js";

const SCT = "http://snomed.info/sct";
const CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical";
const FLARE = "itp-itp-history-flare";

const status = (code: string) => ({ clinicalStatus: { coding: [{ system: CLINICAL, code }] } });

/** Nivolumab on 2024-01-01, platelets 250 before and 12 ×10⁹/L on 2024-03-01, and an ITP Condition. */
function bundle(itp: Record<string, unknown> | undefined) {
  const subject = { reference: "Patient/p1" };
  const platelets = (id: string, at: string, value: number) => ({
    resourceType: "Observation",
    id,
    status: "final",
    subject,
    code: { coding: [{ system: "http://loinc.org", code: "777-3" }] },
    effectiveDateTime: at,
    valueQuantity: { value, unit: "10*9/L" },
  });
  return {
    resourceType: "Bundle",
    type: "collection",
    entry: [
      { resourceType: "Patient", id: "p1", birthDate: "1960-01-01", gender: "female" },
      {
        resourceType: "MedicationAdministration",
        id: "nivo",
        status: "completed",
        subject,
        medicationCodeableConcept: { text: "nivolumab" },
        effectiveDateTime: "2024-01-01",
      },
      platelets("plt0", "2023-12-20", 250),
      platelets("plt1", "2024-03-01", 12),
      ...(itp === undefined
        ? []
        : [
            {
              resourceType: "Condition",
              id: "itp",
              subject,
              code: { coding: [{ system: SCT, code: "32273002" }], text: "Immune thrombocytopenia" },
              ...itp,
            },
          ]),
    ].map((resource) => ({ resource })),
  };
}

const knowledge = testKnowledge();

function events(itp: Record<string, unknown>) {
  const r = ingestFhir(bundle(itp), {
    vocabulary: knowledge.vocabulary,
    evaluatedAt: "2024-03-02T23:59:59Z",
    file: "c.json",
  });
  return r.patients[0]?.events.map((e) => [e.kind, e.at, e.end]);
}

/** The ITP finding's plan line ids for the patient. */
function plan(itp: Record<string, unknown> | undefined): readonly string[] {
  const engine = createEngine(knowledge, { evaluatedAt: "2024-03-02T23:59:59Z", version: "test" });
  engine.add({ kind: "fhir", value: bundle(itp) }, "c.json");
  const finding = engine.report().patients[0]?.findings.find((f) => f.disorder === "itp");
  if (finding === undefined) throw new Error("no ITP finding");
  return finding.management.map((m) => m.id);
}

describe("conditionStart", () => {
  it("dates a Condition recorded after its abatement, with no onset, by the abatement", () => {
    expect(conditionStart("recordedDate", "2024-03-01", "2019-01-01")).toBe("2019-01-01");
    expect(conditionStart("recordedDate", "2024-03-01", "2023-12")).toBe("2023-12");
    // Not before: the same day (a date against a date-time of it), or an abatement after the record.
    expect(conditionStart("recordedDate", "2024-03-01T10:00:00Z", "2024-03-01")).toBe("2024-03-01T10:00:00Z");
    expect(conditionStart("recordedDate", "2024-03-01", "2024-03-20")).toBe("2024-03-01");
    // An onset dates it whatever the abatement.
    expect(conditionStart("onsetDateTime", "2018-03-01", "2019-01-01")).toBe("2018-03-01");
    expect(conditionStart("recordedDate", "2024-03-01", undefined)).toBe("2024-03-01");
    // A status saying it is under way now keeps the record's date (R4 allows no abatement with it).
    expect(conditionStart("recordedDate", "2024-03-01", "2019-01-01", status("relapse").clinicalStatus)).toBe(
      "2024-03-01",
    );
    expect(
      conditionStart("recordedDate", "2024-03-01", "2019-01-01", status("resolved").clinicalStatus),
    ).toBe("2019-01-01");
  });
});

describe("a past ITP as a FHIR Condition", () => {
  it("reads an ITP in remission recorded at the visit, abated in 2019, as an episode of 2019", () => {
    expect(
      events({ ...status("remission"), recordedDate: "2024-03-01", abatementDateTime: "2019-01-01" }),
    ).toEqual([["itp", "2019-01-01", "2019-01-01"]]);
    // A relapse charted with the earlier episode's abatement is an ITP now, of the visit's day.
    expect(
      events({ ...status("relapse"), recordedDate: "2024-03-01", abatementDateTime: "2019-01-01" })?.map(
        ([kind, at]) => [kind, at],
      ),
    ).toEqual([["itp", "2024-03-01"]]);
    // Abated with no clinicalStatus (R4 con-4: then it is resolved, inactive or in remission): the same.
    expect(events({ recordedDate: "2024-03-01", abatementDateTime: "2019-01-01" })).toEqual([
      ["itp", "2019-01-01", "2019-01-01"],
    ]);
  });

  it("reads an abated ITP with no date but when it was charted as past history, its status said or not", () => {
    expect(events({ ...status("resolved"), recordedDate: "2024-03-01" })).toEqual([
      ["itp-history", "2024-03-01", undefined],
    ]);
    expect(events({ recordedDate: "2024-03-01", abatementString: "in 2019" })).toEqual([
      ["itp-history", "2024-03-01", undefined],
    ]);
    expect(events({ recordedDate: "2024-03-01", abatementBoolean: true })).toEqual([
      ["itp-history", "2024-03-01", undefined],
    ]);
    // abatementBoolean false says it has not abated: an ITP now.
    expect(events({ recordedDate: "2024-03-01", abatementBoolean: false })).toEqual([
      ["itp", "2024-03-01", undefined],
    ]);
  });

  it.each([
    [
      "in remission, abated in 2019, recorded at the visit",
      { ...status("remission"), abatementDateTime: "2019-01-01" },
    ],
    ["abated before the first dose, no status", { abatementDateTime: "2023-11-15" }],
    ["resolved, no date but the visit's", status("resolved")],
    [
      "inactive, onset 2018 and abatement 2018",
      { ...status("inactive"), onsetDateTime: "2018-03-01", abatementDateTime: "2018-09-01" },
    ],
  ])("names the prior ITP in the checkpoint-inhibitor ITP plan: %s", (_, itp) => {
    expect(plan({ recordedDate: "2024-03-01", ...itp })).toContain(FLARE);
  });

  it.each([
    ["no ITP charted", undefined],
    [
      "an active ITP recorded at the visit (the present fall)",
      { ...status("active"), recordedDate: "2024-03-01" },
    ],
    [
      "an ITP abated after the first dose, 10 days before the fall (the present episode)",
      { ...status("resolved"), recordedDate: "2024-03-01", abatementDateTime: "2024-02-20" },
    ],
    [
      "an ITP recorded and abated on the day of the fall",
      { ...status("resolved"), recordedDate: "2024-03-01", abatementDateTime: "2024-03-01" },
    ],
  ])("names no prior ITP: %s", (_, itp) => {
    expect(plan(itp)).not.toContain(FLARE);
  });
});
