/**
 * A clot study sent as a narrative result (a DiagnosticReport with no result observations, an Observation of the
 * study answered in words or a code): a released study whose answer names a clot is that clot, dated by the study,
 * with the site its words name; a negative one rules its site out; a possible clot, a study not yet released and a
 * name that reads as a clot by itself find nothing. Before, a released positive report was refused as a narrative
 * report and its clot was never read.
 */
import { describe, expect, it } from "vitest";
import { ingestOne, readOne } from "../../../../../test/support/fhir-one.js";
import { testKnowledge } from "../../../../../test/support/knowledge.js";

const vocabulary = testKnowledge().vocabulary;
const opts = { vocabulary, evaluatedAt: "2026-03-12T12:00:00Z", file: "study.json" };
const read = (resource: unknown) => readOne(opts, resource);

const PE = ["venous", "pulmonary-embolism"];
const report = (status: string, study: string, fields: object) => ({
  resourceType: "DiagnosticReport",
  id: "r1",
  status,
  subject: { reference: "Patient/p1" },
  code: { text: study },
  effectiveDateTime: "2026-03-05",
  ...fields,
});
const observation = (status: string, study: string, value: object) => ({
  resourceType: "Observation",
  id: "o1",
  status,
  subject: { reference: "Patient/p1" },
  code: { text: study },
  effectiveDateTime: "2026-03-05",
  ...value,
});

describe("a released study report that finds a clot is that clot", () => {
  it.each([
    ["final", "CTPA", { conclusion: "Acute PE" }, PE],
    ["amended", "CT angiogram chest", { conclusion: "Segmental pulmonary embolism, right lower lobe" }, PE],
    ["corrected", "CTPA", { conclusionCode: [{ text: "Acute segmental pulmonary embolism" }] }, PE],
    ["appended", "CTPA for PE", { conclusionCode: [{ coding: [{ display: "Positive" }] }] }, PE],
    ["final", "Venous duplex", { conclusion: "Occlusive DVT of the left femoral vein" }, ["venous", "dvt"]],
    ["final", "MR venography", { conclusion: "Cerebral venous thrombosis" }, ["venous", "cerebral-venous"]],
    ["final", "Abdominal doppler", { conclusion: "Portal vein thrombosis" }, ["venous", "splanchnic"]],
    // A study whose name alone says what it looks for, answered with a bare word, is the clot of its site.
    ["final", "CTPA", { conclusion: "Positive" }, PE],
    ["final", "V/Q scan", { conclusion: "High probability" }, PE],
    ["final", "Duplex left leg", { conclusion: "Positive" }, ["venous", "dvt"]],
  ])("a %s %j report with %j is a thrombosis dated by the study", (status, study, fields, qualifiers) => {
    const r = read(report(status, study, fields));
    expect(r.events).toEqual([{ kind: "thrombosis", qualifiers, at: "2026-03-05" }]);
    expect(r.rejected).toEqual([]);
  });

  it("a PE found on a staging CT (no clot study by its name) is read from the report's conclusion", () => {
    expect(
      read(
        report("final", "CT chest abdomen pelvis with contrast", { conclusion: "Incidental segmental PE" }),
      ).events,
    ).toEqual([{ kind: "thrombosis", qualifiers: PE, at: "2026-03-05" }]);
  });

  it("dated by issued when the study has no effective date", () => {
    const { effectiveDateTime: _, ...undated } = report("final", "CTPA", { conclusion: "Acute PE" });
    expect(read({ ...undated, issued: "2026-03-06T09:30:00Z" }).events).toEqual([
      { kind: "thrombosis", qualifiers: PE, at: "2026-03-06T09:30:00Z" },
    ]);
  });

  it("keeps the side the study's name and answer write in its words", () => {
    const { record } = ingestOne(
      opts,
      report("final", "Venous duplex left leg", { conclusion: "Occlusive DVT of the femoral vein" }),
    );
    expect(record.events.map((e) => e.text)).toEqual([
      "Venous duplex left leg: Occlusive DVT of the femoral vein",
    ]);
  });
});

describe("a study that finds no clot gives none", () => {
  it("a negative report rules its site out", () => {
    expect(read(report("final", "CTPA", { conclusion: "No pulmonary embolism" })).events).toEqual([
      { kind: "thrombosis-ruled-out", qualifiers: ["pulmonary-embolism"], at: "2026-03-05" },
    ]);
  });

  it.each(["No central PE; possible subsegmental PE", "Indeterminate for PE"])(
    "a report concluding %j is the suspected PE, not the PE",
    (conclusion) => {
      expect(read(report("final", "CTPA", { conclusion })).events).toEqual([
        { kind: "thrombosis-suspected", qualifiers: PE, at: "2026-03-05" },
      ]);
    },
  );

  // A preliminary CTPA read is acted on (anticoagulation is often started on it): before, it was refused and the
  // clot it named was silent. Now it is the clot's suspicion, never the clot, until the final report.
  it.each(["preliminary", "partial"])(
    "a %s report naming a clot is its suspicion, not the clot",
    (status) => {
      const r = read(report(status, "CTPA", { conclusion: "Acute segmental PE" }));
      expect(r.events).toEqual([{ kind: "thrombosis-suspected", qualifiers: PE, at: "2026-03-05" }]);
      expect(r.rejected).toEqual([]);
    },
  );

  it("a registered report (no result yet) naming a clot is refused as not final", () => {
    const r = read(report("registered", "CTPA", { conclusion: "Acute segmental PE" }));
    expect(r.events).toEqual([]);
    expect(r.rejected).toEqual([
      ["not-final", "status is registered: a study not yet final finds no clot or bleed"],
    ]);
  });

  it("a preliminary negative report rules nothing out and is refused as not final", () => {
    const r = read(report("preliminary", "CTPA", { conclusion: "No pulmonary embolism" }));
    expect(r.events).toEqual([]);
    expect(r.rejected).toEqual([
      ["not-final", "status is preliminary: a study not yet final rules nothing out"],
    ]);
  });

  it.each([
    // A name that reads as a clot by itself finds nothing by a bare answer: the answer must name the clot.
    ["Pulmonary embolism protocol CT", "No acute findings"],
    ["US venous doppler lower extremity DVT study", "Normal"],
    // A positive answer that is not bare names the study's reason, not a clot.
    ["CTPA", "Positive D-dimer"],
    // Not a clot study at all.
    ["Chest X-ray", "No pneumothorax"],
  ])("%j concluding %j is refused as a narrative report", (study, conclusion) => {
    const r = read(report("final", study, { conclusion }));
    expect(r.events).toEqual([]);
    expect(r.rejected.map(([code]) => code)).toEqual(["no-results"]);
  });
});

describe("an Observation of a clot study answered with a clot", () => {
  it.each([
    ["valueString", { valueString: "Acute segmental pulmonary embolism" }],
    ["valueCodeableConcept", { valueCodeableConcept: { text: "Acute PE" } }],
  ])("a final CTPA Observation with a positive %s is the PE", (_, value) => {
    expect(read(observation("final", "CTPA", value)).events).toEqual([
      { kind: "thrombosis", qualifiers: PE, at: "2026-03-05" },
    ]);
  });

  it("an Observation whose name is no clot study (a cause of death) is not read as a clot by its answer", () => {
    const cause = observation("final", "Cause of Death [US Standard Certificate of Death]", {
      valueCodeableConcept: { text: "Pulmonary embolism" },
    });
    const r = read(cause);
    expect(r.events).toEqual([]);
    expect(r.rejected).toEqual([]);
    expect(r.notUsed).toBe(1);
  });

  it("a duplex requested for DVT answered Positive is the DVT; preliminary it stays the suspicion its name is", () => {
    const positive = { valueCodeableConcept: { coding: [{ display: "Positive" }] } };
    expect(read(observation("final", "Duplex for DVT", positive)).events).toEqual([
      { kind: "thrombosis", qualifiers: ["venous", "dvt"], at: "2026-03-05" },
    ]);
    expect(read(observation("preliminary", "Duplex for DVT", positive)).events).toEqual([
      { kind: "thrombosis-suspected", qualifiers: ["venous", "dvt"], at: "2026-03-05" },
    ]);
  });

  it("a duplex requested for DVT answered Negative rules the DVT out (it was refused as a negative finding)", () => {
    const r = read(observation("final", "Duplex for DVT", { valueString: "Negative" }));
    expect(r.events.map((e) => e.kind)).toContain("thrombosis-ruled-out");
    expect(r.events.map((e) => e.kind)).not.toContain("thrombosis");
  });

  it("a CTPA Observation answered with a possible clot is its suspicion; preliminary, a clot found is one too", () => {
    const possible = read(observation("final", "CTPA", { valueString: "Possible subsegmental PE" }));
    expect(possible.events.map((e) => e.kind)).toEqual(["thrombosis-suspected"]);
    const early = read(observation("preliminary", "CTPA", { valueString: "Acute PE" }));
    expect(early.events).toEqual([{ kind: "thrombosis-suspected", qualifiers: PE, at: "2026-03-05" }]);
    expect(early.rejected).toEqual([]);
  });

  it("an Observation's answer naming a bleed is not read as one (its answer may be anything)", () => {
    const r = read(observation("final", "Cause of death", { valueString: "Subarachnoid haemorrhage" }));
    expect(r.events).toEqual([]);
  });
});

describe("a narrative report whose conclusion names a bleed is that bleed, read as a note's words are", () => {
  const ICH = ["intracranial", "major"];
  it.each([
    ["final", "CT head without contrast", "Acute subdural haematoma", ICH],
    ["amended", "CT head", "Intraparenchymal haemorrhage, left frontal lobe", ICH],
    ["corrected", "CT head", "Subarachnoid haemorrhage", ["intracranial", "subarachnoid", "major"]],
    ["final", "CT abdomen pelvis", "Retroperitoneal haematoma", ["retroperitoneal", "major"]],
    ["final", "CT abdomen pelvis", "Haemoperitoneum", ["intra-abdominal"]],
    // A bleed of no site named has no qualifiers.
    ["final", "CT abdomen pelvis", "Active contrast extravasation", undefined],
    ["appended", "CT pelvis", "Intramuscular haematoma of the iliopsoas", ["muscle"]],
    ["final", "CT chest", "Diffuse alveolar haemorrhage", ["pulmonary"]],
    ["final", "Upper GI endoscopy", "Bleeding duodenal ulcer", ["gastrointestinal", "upper-gi"]],
  ])(
    "a %s %j report concluding %j is a bleed dated by the study",
    (status, study, conclusion, qualifiers) => {
      const r = read(report(status, study, { conclusion }));
      expect(r.events).toEqual([{ kind: "bleeding", qualifiers, at: "2026-03-05" }]);
      expect(r.rejected).toEqual([]);
    },
  );

  it("a conclusionCode naming the bleed is read as its conclusion is", () => {
    const r = read(
      report("final", "CT head", { conclusionCode: [{ coding: [{ display: "Subdural hematoma" }] }] }),
    );
    expect(r.events).toEqual([{ kind: "bleeding", qualifiers: ICH, at: "2026-03-05" }]);
  });

  it.each(["Cannot exclude small subarachnoid haemorrhage", "Possible subdural haematoma"])(
    "a report concluding %j is the suspected bleed, not the bleed",
    (conclusion) => {
      const r = read(report("final", "CT head", { conclusion }));
      expect(r.events.map((e) => e.kind)).toEqual(["bleeding-suspected"]);
    },
  );

  it.each(["preliminary", "partial"])(
    "a %s report naming a bleed is its suspicion, not the bleed",
    (status) => {
      const r = read(report(status, "CT head", { conclusion: "Acute subdural haematoma" }));
      expect(r.events).toEqual([{ kind: "bleeding-suspected", qualifiers: ICH, at: "2026-03-05" }]);
    },
  );

  it("a registered report naming a bleed is refused as not final", () => {
    const r = read(report("registered", "CT head", { conclusion: "Acute subdural haematoma" }));
    expect(r.events).toEqual([]);
    expect(r.rejected.map(([code]) => code)).toEqual(["not-final"]);
  });

  it.each([
    ["CT head", "No evidence of intracranial haemorrhage"],
    ["CT head", "No acute intracranial abnormality"],
    ["Colonoscopy", "No active bleeding source identified"],
    ["CT abdomen pelvis", "No active extravasation"],
  ])(
    "a negative %j report (%j) is no bleed and rules none out: refused as a narrative report",
    (study, conclusion) => {
      const r = read(report("final", study, { conclusion }));
      expect(r.events).toEqual([]);
      expect(r.rejected.map(([code]) => code)).toEqual(["no-results"]);
    },
  );

  it("a CTPA that finds no PE but a bleed rules the PE out and finds the bleed", () => {
    const r = read(
      report("final", "CTPA", { conclusion: "No pulmonary embolism. Diffuse alveolar haemorrhage" }),
    );
    expect(r.events.map((e) => e.kind).sort()).toEqual(["bleeding", "thrombosis-ruled-out"]);
  });
});
