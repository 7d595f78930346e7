/**
 * A clot after pembrolizumab whose only record is the study that found it: a released FHIR DiagnosticReport whose
 * conclusion or conclusionCode names it ("Acute PE", "Occlusive DVT of the left femoral vein"), an Observation of the
 * study answered so, or the same words as a CSV event row. Before, such a report was refused as a narrative report
 * and the PE was silent. Now it is the thrombosis, dated by the study, with its anticoagulation plan; a negative or a
 * possible clot is no clot, and a preliminary or partial report of one is its suspicion, not the clot. A study
 * request answered on its line ("CT chest for PE: segmental PE", "CTPA for PE - positive, …") is the clot found, no
 * longer its suspicion.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { chartedAfterSuspicion, thrombosisPlan, treatedCsv, treatedFhir } from "../support/charted-words.js";
import {
  conditionInWords,
  csvEventRow,
  csvPlateletRow,
  plateletResult,
  studyAnswer,
  studyReport,
} from "../support/study-results.js";

const FULL_DOSE = "thr-anticoagulation-full-dose";
const AWAITING = "suspected-vte-anticoagulation-while-awaiting-imaging";
const thrombosis = (p: PatientReport) => p.findings.find((f) => f.disorder === "thrombosis");
const suspected = (p: PatientReport) =>
  p.unexplained.map((u) => u.abnormality).filter((id) => id.startsWith("suspected-"));
const planIds = (p: PatientReport) => p.unexplained.flatMap((u) => u.management ?? []).map((m) => m.id);

const platelets = plateletResult(230, "2026-03-03");
const report = studyReport;
const csvPlatelets = csvPlateletRow(230, "2026-03-03");
const csvEvent = csvEventRow;

describe("a released report that finds the clot is the thrombosis, with its anticoagulation plan", () => {
  it.each([
    ["final", "CTPA", { conclusion: "Acute PE" }],
    ["amended", "CT angiogram chest", { conclusion: "Acute segmental pulmonary embolism, right lower lobe" }],
    ["corrected", "CTPA", { conclusionCode: [{ text: "Segmental pulmonary embolism" }] }],
    ["appended", "CTPA for PE", { conclusionCode: [{ coding: [{ display: "Positive" }] }] }],
  ])("a %s %j report with %j: a PE dated by the study", (status, study, fields) => {
    const p = treatedFhir(platelets, report(status, study, fields));
    const found = thrombosis(p);
    expect(found).toBeDefined();
    expect(found?.onset?.date.slice(0, 10)).toBe("2026-03-05");
    expect(found?.onset?.drug).toBe("pembrolizumab");
    expect(thrombosisPlan(p)).toContain(FULL_DOSE);
    expect(p.rejected).toEqual([]);
  });

  it("a duplex report of an occlusive femoral DVT is a thrombosis with its plan", () => {
    const p = treatedFhir(
      platelets,
      report("final", "Venous duplex", { conclusion: "Occlusive DVT of the left femoral vein" }),
    );
    expect(thrombosis(p)).toBeDefined();
    expect(thrombosisPlan(p)).toContain(FULL_DOSE);
  });

  it("a released CTPA Observation answered 'Acute segmental PE' is the same thrombosis", () => {
    const obs = studyAnswer("final", "CTPA", "Acute segmental PE");
    expect(thrombosisPlan(treatedFhir(platelets, obs))).toContain(FULL_DOSE);
  });

  it("the same words as a CSV event row are the same thrombosis", () => {
    const p = treatedCsv(csvPlatelets, csvEvent("CTPA: acute segmental PE"));
    expect(thrombosis(p)).toBeDefined();
    expect(thrombosisPlan(p)).toContain(FULL_DOSE);
  });
});

describe("a report that finds no clot is none", () => {
  it.each([
    ["CTPA", "No pulmonary embolism"],
    ["Pulmonary embolism protocol CT", "No acute findings"],
    ["CTPA", "Positive D-dimer"],
  ])("a final %j report concluding %j: no thrombosis, no suspicion", (study, conclusion) => {
    const p = treatedFhir(platelets, report("final", study, { conclusion }));
    expect(thrombosis(p)).toBeUndefined();
    expect(suspected(p)).toEqual([]);
  });

  it.each(["No central PE; possible subsegmental PE", "Indeterminate for PE"])(
    "a final CTPA report concluding %j: no thrombosis, but the suspected PE listed with its empirical line",
    (conclusion) => {
      const p = treatedFhir(platelets, report("final", "CTPA", { conclusion }));
      expect(thrombosis(p)).toBeUndefined();
      expect(suspected(p)).toEqual(["suspected-pulmonary-embolism"]);
      expect(planIds(p)).toContain(AWAITING);
    },
  );

  // A preliminary CTPA read is acted on (anticoagulation is often started on it): before, it was refused as not
  // final and the PE it named was silent. It is now the PE's suspicion, never the PE, until the final report.
  it.each(["preliminary", "partial"])(
    "a %s report of an acute PE is no clot, but the suspected PE listed with its empirical line",
    (status) => {
      const p = treatedFhir(platelets, report(status, "CTPA", { conclusion: "Acute segmental PE" }));
      expect(thrombosis(p)).toBeUndefined();
      expect(suspected(p)).toEqual(["suspected-pulmonary-embolism"]);
      expect(planIds(p)).toContain(AWAITING);
      expect(JSON.stringify(p)).toContain(`(${status} report: the final report decides)`);
      expect(p.rejected).toEqual([]);
    },
  );

  it("a registered report (no result yet) of an acute PE is neither clot nor suspicion, rejected saying why", () => {
    const p = treatedFhir(platelets, report("registered", "CTPA", { conclusion: "Acute segmental PE" }));
    expect(thrombosis(p)).toBeUndefined();
    expect(suspected(p)).toEqual([]);
    expect(p.rejected).toEqual([expect.objectContaining({ ref: "DiagnosticReport/r1", code: "not-final" })]);
  });

  it.each(["CTPA: no PE", "CTPA: possible subsegmental PE"])("the CSV row %j is no thrombosis", (words) => {
    expect(thrombosis(treatedCsv(csvPlatelets, csvEvent(words)))).toBeUndefined();
  });
});

describe("a suspicion, then the report that finds the clot", () => {
  const concernForPe = conditionInWords("s1", "concern for PE", "2026-03-03");

  it("the suspected PE becomes the thrombosis: no suspicion or empirical line left beside it", () => {
    const p = treatedFhir(
      platelets,
      concernForPe,
      report("final", "CTPA", { conclusion: "Acute segmental PE" }),
    );
    expect(thrombosis(p)).toBeDefined();
    expect(thrombosisPlan(p)).toContain(FULL_DOSE);
    expect(suspected(p)).toEqual([]);
    expect(planIds(p)).not.toContain(AWAITING);
  });

  it("the other side: a preliminary report leaves the suspicion listed with its empirical line", () => {
    const p = treatedFhir(
      platelets,
      concernForPe,
      report("preliminary", "CTPA", { conclusion: "Acute segmental PE" }),
    );
    expect(thrombosis(p)).toBeUndefined();
    expect(suspected(p)).toContain("suspected-pulmonary-embolism");
    expect(planIds(p)).toContain(AWAITING);
  });

  it("in words, FHIR and CSV: a later study that found it is the clot", () => {
    for (const p of chartedAfterSuspicion("concern for PE", ["CTPA: acute segmental PE", "2026-03-05"])) {
      expect(thrombosis(p)).toBeDefined();
      expect(suspected(p)).toEqual([]);
    }
  });
});

describe("a study request answered on its line (FHIR and CSV)", () => {
  it.each([
    "CT chest for PE: segmental PE",
    "CTPA for PE - positive, right lower lobe segmental emboli",
    "CTPA for PE: positive",
    "Duplex for DVT: positive",
  ])("%j is the clot, not its suspicion", (words) => {
    for (const p of chartedAfterSuspicion(words)) {
      expect(thrombosis(p)).toBeDefined();
      expect(suspected(p)).toEqual([]);
    }
  });

  it.each([
    "CTPA for PE",
    "CTPA for PE: pending",
    "CTPA for PE: positive D-dimer",
    "CTPA for PE: possible subsegmental PE",
  ])("%j stays a suspicion with its imaging, no clot", (words) => {
    for (const p of chartedAfterSuspicion(words)) {
      expect(thrombosis(p)).toBeUndefined();
      expect(suspected(p)).toContain("suspected-pulmonary-embolism");
    }
  });

  it("a request answered negative is neither clot nor suspicion", () => {
    for (const p of chartedAfterSuspicion("CTPA for PE: negative")) {
      expect(thrombosis(p)).toBeUndefined();
      expect(suspected(p)).toEqual([]);
    }
  });
});

describe("a CSV study row with its status among the qualifiers, read as a FHIR report's status", () => {
  const concern = csvEventRow("concern for PE", "2026-03-04");
  const ctpa = (words: string, status: string) => csvEventRow(`CTPA: ${words}`, "2026-03-05", status);

  it.each(["final", "amended", "Corrected"])("%s: the PE it finds is the thrombosis", (status) => {
    const p = treatedCsv(csvPlatelets, ctpa("acute segmental PE", status));
    expect(thrombosis(p)).toBeDefined();
    expect(thrombosisPlan(p)).toContain(FULL_DOSE);
    expect(p.rejected).toEqual([]);
  });

  it.each(["preliminary", "partial"])(
    "%s: the PE it finds is its suspicion, the final report awaited",
    (status) => {
      const p = treatedCsv(csvPlatelets, ctpa("acute segmental PE", status));
      expect(thrombosis(p)).toBeUndefined();
      expect(suspected(p)).toEqual(["suspected-pulmonary-embolism"]);
      expect(JSON.stringify(p)).toContain(`(${status} report: the final report decides)`);
    },
  );

  it("a final negative CTPA settles the suspected PE; a preliminary one settles nothing and is refused", () => {
    expect(suspected(treatedCsv(csvPlatelets, concern, ctpa("no pulmonary embolism", "final")))).toEqual([]);
    const p = treatedCsv(csvPlatelets, concern, ctpa("no pulmonary embolism", "preliminary"));
    expect(suspected(p)).toEqual(["suspected-pulmonary-embolism"]);
    expect(p.rejected).toEqual([expect.objectContaining({ code: "not-final" })]);
  });

  it("registered (no result yet): neither clot nor suspicion, refused saying why", () => {
    const p = treatedCsv(csvPlatelets, ctpa("acute segmental PE", "registered"));
    expect(thrombosis(p)).toBeUndefined();
    expect(suspected(p)).toEqual([]);
    expect(p.rejected).toEqual([expect.objectContaining({ code: "not-final", field: "qualifiers" })]);
  });
});

// A study whose name alone says what it looks for, answered with a bare word: before, "CTPA: Positive" was refused as
// a narrative report (FHIR) or read as nothing (CSV), and the PE it found was silent.
describe("a study named alone, answered with a bare word (FHIR report, Observation, CSV)", () => {
  const each = (study: string, answer: string) => [
    treatedFhir(platelets, report("final", study, { conclusion: answer })),
    treatedFhir(platelets, studyAnswer("final", study, answer)),
    treatedCsv(csvPlatelets, csvEvent(`${study}: ${answer}`)),
  ];

  it.each([
    ["CTPA", "Positive"],
    ["CT pulmonary angiogram", "positive"],
    ["V/Q scan", "high probability"],
    ["Duplex left leg", "positive"],
  ])("%j answered %j is the clot it looks for, with its anticoagulation plan", (study, answer) => {
    for (const p of each(study, answer)) {
      expect(thrombosis(p)).toBeDefined();
      expect(thrombosisPlan(p)).toContain(FULL_DOSE);
      expect(suspected(p)).toEqual([]);
      expect(p.rejected).toEqual([]);
    }
  });

  it.each([
    ["CTPA", "negative"],
    ["V/Q scan", "negative"],
    ["Duplex left leg", "negative"],
  ])("%j answered %j rules it out: no clot, no suspicion", (study, answer) => {
    for (const p of each(study, answer)) {
      expect(thrombosis(p)).toBeUndefined();
      expect(suspected(p)).toEqual([]);
    }
  });

  it.each([
    ["CTPA", "indeterminate", "suspected-pulmonary-embolism"],
    ["V/Q scan", "intermediate probability", "suspected-pulmonary-embolism"],
    ["Duplex left leg", "equivocal", "suspected-venous-thrombosis"],
  ])("%j answered %j doubts it: no clot, the suspicion listed (%s)", (study, answer, id) => {
    for (const p of each(study, answer)) {
      expect(thrombosis(p)).toBeUndefined();
      expect(suspected(p)).toEqual([id]);
    }
  });

  it.each(["CTPA: positive D-dimer", "CTPA ordered, positive", "CTPA"])(
    "%j is no bare answer of the study: no clot",
    (words) => {
      expect(thrombosis(treatedCsv(csvPlatelets, csvEvent(words)))).toBeUndefined();
    },
  );
});
