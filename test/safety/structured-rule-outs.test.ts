/**
 * A suspected clot after pembrolizumab settled by a study of its own site, charted apart from it: a structured result
 * (a FHIR DiagnosticReport's conclusion, an Observation's answer, a Condition the care team refuted; a CSV row
 * refuted), a study of a site read before by no rule-out (an arm, the cerebral veins, the splanchnic veins, the
 * superficial veins), and the words of a negative or positive study in the order clinicians write them. A study not
 * yet final, of another site, of one leg for an unsided suspicion, or dated before the suspicion settles nothing; a
 * confirmed clot is never cleared.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { CSV_HEADER, chartedAfterSuspicion, treatedCsv, treatedFhir } from "../support/charted-words.js";
import { conditionInWords, plateletResult, studyAnswer, studyReport } from "../support/study-results.js";

const AWAITING = "suspected-vte-anticoagulation-while-awaiting-imaging";
const listed = (p: PatientReport) => p.unexplained.map((u) => u.abnormality);
const suspected = (p: PatientReport) => listed(p).filter((id) => id.startsWith("suspected-"));
const planIds = (p: PatientReport) => p.unexplained.flatMap((u) => u.management ?? []).map((m) => m.id);
const thrombosis = (p: PatientReport) => p.findings.find((f) => f.disorder === "thrombosis");

const later = chartedAfterSuspicion;

const condition = conditionInWords;
const platelets = plateletResult(230, "2026-03-03");
const concernForPe = condition("s1", "concern for PE", "2026-03-03");
const report = studyReport;

describe("a structured FHIR result rules out the clot of its site", () => {
  it("before it, the suspected PE is listed with the empirical line (the other side)", () => {
    const p = treatedFhir(platelets, concernForPe);
    expect(listed(p)).toContain("suspected-pulmonary-embolism");
    expect(planIds(p)).toContain(AWAITING);
  });

  it.each([
    ["final", { conclusion: "No pulmonary embolism." }],
    ["amended", { conclusion: "Negative for pulmonary embolism" }],
    ["corrected", { conclusionCode: [{ text: "No evidence of pulmonary embolism" }] }],
    ["final", { conclusionCode: [{ coding: [{ display: "Negative" }] }] }],
  ])("a %s CTPA report with %j settles the suspected PE", (status, fields) => {
    const p = treatedFhir(platelets, concernForPe, report(status, "CT angiogram chest", fields));
    expect(suspected(p)).toEqual([]);
    expect(planIds(p)).not.toContain(AWAITING);
    expect(thrombosis(p)).toBeUndefined();
  });

  it("the report's name may say what it looks for: 'CT angiogram Chest for pulmonary embolus' negative settles it", () => {
    const p = treatedFhir(
      platelets,
      concernForPe,
      report("final", "CT angiogram Chest for pulmonary embolus W contrast IV", {
        conclusion: "No pulmonary embolism",
      }),
    );
    expect(suspected(p)).toEqual([]);
    expect(thrombosis(p)).toBeUndefined();
  });

  it.each(["preliminary", "registered", "partial"])("a %s report settles nothing", (status) => {
    const p = treatedFhir(
      platelets,
      concernForPe,
      report(status, "CTPA", { conclusion: "No pulmonary embolism" }),
    );
    expect(listed(p)).toContain("suspected-pulmonary-embolism");
    expect(planIds(p)).toContain(AWAITING);
    expect(p.rejected.some((r) => r.ref.endsWith("r1") && r.code === "not-final")).toBe(true);
  });

  it.each([
    ["a duplex of the leg", "Venous duplex left leg", "No DVT"],
    ["a report that leaves a clot possible", "CTPA", "No central PE; possible subsegmental PE"],
    ["a report of no study of a clot", "Chest X-ray", "No pneumothorax. Normal."],
  ])("%s settles no suspected PE", (_, study, conclusion) => {
    const p = treatedFhir(platelets, concernForPe, report("final", study, { conclusion }));
    expect(listed(p)).toContain("suspected-pulmonary-embolism");
  });

  it("a report that finds the clot rules nothing out: the suspicion is the PE it found, with its plan", () => {
    const p = treatedFhir(
      platelets,
      concernForPe,
      report("final", "CTPA", { conclusion: "Acute segmental pulmonary embolism" }),
    );
    expect(thrombosis(p)?.management.map((m) => m.id)).toContain("thr-anticoagulation-full-dose");
  });

  it("an Observation of a CTPA answered 'No pulmonary embolism' settles it; preliminary it does not", () => {
    const obs = (status: string) => studyAnswer(status, "CTPA", "No pulmonary embolism");
    expect(suspected(treatedFhir(platelets, concernForPe, obs("final")))).toEqual([]);
    expect(listed(treatedFhir(platelets, concernForPe, obs("preliminary")))).toContain(
      "suspected-pulmonary-embolism",
    );
  });

  it("a PE Condition refuted by the care team settles the suspicion, dated when it was recorded", () => {
    const refuted = (recorded: string, status = "refuted") =>
      condition("c9", "Pulmonary embolism", "2026-03-03", {
        recordedDate: recorded,
        verificationStatus: {
          coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-ver-status", code: status }],
        },
      });
    const settled = treatedFhir(platelets, concernForPe, refuted("2026-03-05"));
    expect(suspected(settled)).toEqual([]);
    expect(planIds(settled)).not.toContain(AWAITING);
    // Recorded before the suspicion: the suspicion is new.
    expect(listed(treatedFhir(platelets, concernForPe, refuted("2026-03-01")))).toContain(
      "suspected-pulmonary-embolism",
    );
    // Entered in error: removed, no rule-out.
    expect(listed(treatedFhir(platelets, concernForPe, refuted("2026-03-05", "entered-in-error")))).toContain(
      "suspected-pulmonary-embolism",
    );
  });

  it("a refuted DVT settles no suspected PE, and a refuted PE never clears a confirmed one", () => {
    const refutedAs = (words: string) =>
      condition("c9", words, "2026-03-05", {
        recordedDate: "2026-03-05",
        verificationStatus: { coding: [{ code: "refuted" }] },
      });
    expect(listed(treatedFhir(platelets, concernForPe, refutedAs("Deep vein thrombosis")))).toContain(
      "suspected-pulmonary-embolism",
    );
    const confirmed = condition("s2", "Acute segmental PE on CTPA", "2026-03-03");
    expect(thrombosis(treatedFhir(platelets, confirmed, refutedAs("Pulmonary embolism")))).toBeDefined();
  });

  it("a DVT Condition's bodySite gives its side: a provisional DVT of the left leg is settled by a left-leg duplex", () => {
    const leftLimb = {
      bodySite: [{ coding: [{ system: "http://snomed.info/sct", display: "Left lower limb" }] }],
    };
    const provisional = (extra: object) =>
      condition("s3", "Deep vein thrombosis", "2026-03-03", {
        verificationStatus: { coding: [{ code: "provisional" }] },
        ...extra,
      });
    const duplex = condition("d1", "duplex left leg: no DVT", "2026-03-05");
    const sided = treatedFhir(platelets, provisional(leftLimb), duplex);
    expect(suspected(sided)).toEqual([]);
    expect(planIds(sided)).not.toContain(AWAITING);
    // Without the bodySite the side is unknown: a one-sided duplex leaves it listed.
    expect(listed(treatedFhir(platelets, provisional({}), duplex))).toContain("suspected-venous-thrombosis");
  });

  it("a refuted DVT Condition whose bodySite is the right leg settles no left-leg suspicion; one with no site does", () => {
    const leftSuspicion = condition("s4", "?DVT left leg", "2026-03-03");
    const refuted = (extra: object) =>
      condition("c8", "Deep vein thrombosis", "2026-03-05", {
        recordedDate: "2026-03-05",
        verificationStatus: { coding: [{ code: "refuted" }] },
        ...extra,
      });
    const rightLimb = { bodySite: [{ text: "Right lower limb" }] };
    expect(listed(treatedFhir(platelets, leftSuspicion, refuted(rightLimb)))).toContain(
      "suspected-venous-thrombosis",
    );
    expect(suspected(treatedFhir(platelets, leftSuspicion, refuted({})))).toEqual([]);
  });

  it("a CSV row of a PE with the qualifier refuted settles the suspicion; in error it does not", () => {
    const rows = (status: string) => [
      "p1,lab,2026-03-03,,loinc,777-3,,230,10*9/L,,,,,,,",
      'p1,event,2026-03-03,,text,,"concern for PE",,,,,,,,,',
      `p1,event,2026-03-05,,text,,"Pulmonary embolism",,,,,,,${status},,`,
    ];
    expect(suspected(treatedCsv(...rows("refuted")))).toEqual([]);
    expect(listed(treatedCsv(...rows("entered in error")))).toContain("suspected-pulmonary-embolism");
    expect(CSV_HEADER).toContain("qualifiers");
  });
});

describe("each venous site has its study, which settles a suspicion of that site only (FHIR and CSV)", () => {
  it.each([
    ["?DVT right arm", "right arm duplex negative"],
    ["?upper extremity DVT", "upper extremity duplex: no DVT"],
    ["suspected axillary vein thrombosis", "UE venous duplex: no DVT"],
    ["concern for cerebral venous thrombosis", "MR venography: no cerebral venous thrombosis"],
    ["?CVST", "CT venogram negative"],
    ["suspected portal vein thrombosis", "abdominal doppler negative"],
    ["suspected mesenteric vein thrombosis", "CT abdomen with contrast: no mesenteric vein thrombosis"],
    ["possible superficial vein thrombosis", "venous duplex negative"],
    ["possible superficial thrombophlebitis", "duplex: no superficial thrombophlebitis"],
  ])("%j then %j: settled", (suspicion, study) => {
    for (const p of later(suspicion, [study, "2026-03-05"])) {
      expect(suspected(p)).toEqual([]);
      expect(planIds(p)).not.toContain(AWAITING);
    }
  });

  it.each([
    // The same suspicions before any study (the other side).
    ["?DVT right arm", "CTPA pending"],
    ["concern for cerebral venous thrombosis", "MRV pending"],
    ["suspected portal vein thrombosis", "abdominal doppler ordered"],
    // A study of another site.
    ["?DVT right arm", "duplex right leg: no DVT"],
    ["?DVT", "arm duplex: no DVT"],
    ["concern for PE", "arm duplex: no DVT"],
    ["concern for cerebral venous thrombosis", "CTPA negative"],
    ["concern for cerebral venous thrombosis", "duplex left leg: no DVT"],
    ["?DVT", "MRV negative"],
    ["suspected portal vein thrombosis", "duplex left leg: no DVT"],
    ["?DVT", "portal vein doppler: no thrombosis"],
    ["concern for PE", "abdominal doppler negative"],
    ["possible superficial vein thrombosis", "duplex: no DVT"],
    ["possible superficial vein thrombosis", "CTPA negative"],
  ])("%j then %j: still listed", (suspicion, study) => {
    for (const p of later(suspicion, [study, "2026-03-05"])) {
      expect(suspected(p).length).toBeGreaterThan(0);
      expect(planIds(p)).toContain(AWAITING);
    }
  });
});

describe("negative and positive studies in the words clinicians write", () => {
  it.each([
    ["?DVT left leg", "negative for DVT (LE doppler)"],
    ["?DVT left leg", "LE doppler negative for DVT"],
    ["?DVT left leg", "no DVT on screening duplex"],
    ["?DVT", "bilateral lower extremity duplex: no DVT"],
    ["?DVT right leg", "bilateral lower extremity duplex: no DVT"],
    ["?DVT left leg", "duplex left leg: no DVT"],
  ])("%j then %j: settled", (suspicion, study) => {
    for (const p of later(suspicion, [study, "2026-03-05"])) expect(suspected(p)).toEqual([]);
  });

  it("an unsided '?DVT' is not settled by a one-sided duplex: the other leg is not examined", () => {
    for (const p of later("?DVT", ["duplex left leg: no DVT", "2026-03-05"])) {
      expect(listed(p)).toContain("suspected-venous-thrombosis");
      expect(planIds(p)).toContain(AWAITING);
    }
  });

  it("a negative study 'no DVT on screening duplex' with no suspicion lists nothing", () => {
    for (const p of later("no DVT on screening duplex")) {
      expect(suspected(p)).toEqual([]);
      expect(thrombosis(p)).toBeUndefined();
    }
  });

  it.each(["screening for DVT: DVT found", "screening duplex positive for DVT"])("%j is a clot", (words) => {
    for (const p of later(words)) expect(thrombosis(p)).toBeDefined();
  });

  it.each(["duplex for DVT", "CTPA for PE", "CT angiogram chest for pulmonary embolism"])(
    "%j names the study's question: a suspicion listed, no clot",
    (words) => {
      for (const p of later(words)) {
        expect(thrombosis(p)).toBeUndefined();
        expect(suspected(p).length).toBeGreaterThan(0);
      }
    },
  );

  it("a negative study never clears a confirmed clot of its site", () => {
    for (const p of later("Left popliteal DVT", ["duplex left leg: no DVT", "2026-03-05"]))
      expect(thrombosis(p)).toBeDefined();
    for (const p of later("portal vein thrombosis", ["abdominal doppler negative", "2026-03-05"]))
      expect(thrombosis(p)).toBeDefined();
  });

  it("a negative endoscopy still settles no suspected bleed", () => {
    for (const p of later("possible GI bleed", ["EGD negative", "2026-03-05"]))
      expect(listed(p)).toContain("suspected-bleeding");
  });
});
