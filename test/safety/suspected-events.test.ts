/**
 * A clot or a bleed charted as suspected after pembrolizumab ("concern for PE", "suspicious for PE", "?DVT", "r/o PE,
 * CTPA pending", "possible GI bleed"), through a FHIR Condition and a CSV row and the engine the CLI drives. Before,
 * "suspicious for PE" read as a definite PE (a thrombosis finding anticoagulated a patient who may have had no clot)
 * and "concern for PE" or a possible bleed named nothing (silent after immunotherapy). Now the suspicion is listed
 * with the imaging that decides it, never as a thrombosis finding; its plan offers anticoagulation while the imaging
 * is awaited only with platelets of at least 50 ×10⁹/L and no bleed, and a later imaging result decides.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import {
  assessChecked,
  type Charted,
  chartedAfterSuspicion,
  csvCharted,
  fhirCharted,
} from "../support/charted-words.js";
import { pembrolizumabBundle, plateletCount } from "../support/fhir-entries.js";

const subject = { reference: "Patient/p1" };

/** Pembrolizumab on 16 February and 9 March, and the words charted on 10 March. */
const chart = (...words: string[]): Charted => ({
  doses: [
    ["pembrolizumab", "2026-02-16"],
    ["pembrolizumab", "2026-03-09"],
  ],
  problems: words.map((w) => [w, "2026-03-10"] as const),
});

const thrombosis = (p: PatientReport) => p.findings.find((f) => f.disorder === "thrombosis");
const listed = (p: PatientReport) => p.unexplained.map((u) => u.abnormality);
const item = (p: PatientReport, id: string) => p.unexplained.find((u) => u.abnormality === id);
const planIds = (p: PatientReport) => [
  ...p.findings.flatMap((f) => f.management ?? []).map((m) => m.id),
  ...p.unexplained.flatMap((u) => u.management ?? []).map((m) => m.id),
];
const workupTests = (p: PatientReport, id: string) => (item(p, id)?.workup ?? []).map((w) => w.id);

const AWAITING = "suspected-vte-anticoagulation-while-awaiting-imaging";
const LOW_PLATELETS = "suspected-vte-no-empirical-anticoagulation-low-platelets";
const BLEEDING = "suspected-vte-no-empirical-anticoagulation-bleeding";

describe("a suspected PE or DVT after immunotherapy is listed, never a clot", () => {
  it.each([
    ["concern for PE", "suspected-pulmonary-embolism"],
    ["Findings suspicious for PE", "suspected-pulmonary-embolism"],
    ["?PE", "suspected-pulmonary-embolism"],
    ["PE not excluded", "suspected-pulmonary-embolism"],
    ["r/o PE, CTPA pending", "suspected-pulmonary-embolism"],
    ["Left leg swelling concerning for DVT", "suspected-venous-thrombosis"],
    ["query DVT", "suspected-venous-thrombosis"],
    ["clinical suspicion of DVT, duplex ordered", "suspected-venous-thrombosis"],
  ])("%j: no thrombosis finding, listed as %s with the imaging that decides", (words, id) => {
    for (const read of [fhirCharted, csvCharted]) {
      const p = read(chart(words));
      expect(thrombosis(p)).toBeUndefined();
      expect(listed(p)).toContain(id);
      expect(workupTests(p, id)).toContain(
        id === "suspected-pulmonary-embolism" ? "ct-pulmonary-angiography" : "compression-ultrasound",
      );
    }
  });

  it("the other side: a PE written as found is a thrombosis finding, not a suspicion", () => {
    for (const read of [fhirCharted, csvCharted]) {
      const p = read(chart("Acute segmental PE on CTPA"));
      expect(thrombosis(p)).toBeDefined();
      expect(listed(p)).not.toContain("suspected-pulmonary-embolism");
    }
  });

  it("the other side: a PE denied names nothing", () => {
    for (const read of [fhirCharted, csvCharted]) {
      const p = read(chart("No PE"));
      expect(thrombosis(p)).toBeUndefined();
      expect(listed(p)).not.toContain("suspected-pulmonary-embolism");
    }
  });

  it("a rule-out answered in the same note: a negative CTPA lists nothing, a positive one is the clot", () => {
    expect(listed(fhirCharted(chart("r/o PE, CTPA negative")))).not.toContain("suspected-pulmonary-embolism");
    const found = csvCharted(chart("r/o PE: CTPA positive for segmental PE"));
    expect(thrombosis(found)).toBeDefined();
    expect(listed(found)).not.toContain("suspected-pulmonary-embolism");
  });

  it("a later confirmed clot accounts for the suspicion: the thrombosis finding, the suspicion no longer listed", () => {
    const p = fhirCharted({
      doses: [["pembrolizumab", "2026-02-16"]],
      problems: [
        ["concern for PE", "2026-03-09"],
        ["CTPA: segmental pulmonary embolism", "2026-03-10"],
      ],
    });
    expect(thrombosis(p)).toBeDefined();
    expect(listed(p)).not.toContain("suspected-pulmonary-embolism");
  });

  it("a FHIR Condition coded as a PE with verificationStatus provisional is the suspicion, confirmed it is the clot", () => {
    const pe = (verification: string) =>
      assessChecked({
        kind: "fhir",
        value: pembrolizumabBundle(plateletCount("2026-03-10", { value: 230, unit: "10*9/L" }), {
          resource: {
            resourceType: "Condition",
            id: "pe",
            subject,
            verificationStatus: { coding: [{ code: verification }] },
            code: { coding: [{ system: "http://hl7.org/fhir/sid/icd-10-cm", code: "I26.99" }] },
            onsetDateTime: "2026-03-10",
          },
        }),
      });
    const provisional = pe("provisional");
    expect(thrombosis(provisional)).toBeUndefined();
    expect(listed(provisional)).toContain("suspected-pulmonary-embolism");
    const confirmed = pe("confirmed");
    expect(thrombosis(confirmed)).toBeDefined();
    expect(listed(confirmed)).not.toContain("suspected-pulmonary-embolism");
  });

  it("a suspicion before any immunotherapy dose is not listed", () => {
    const p = csvCharted({
      doses: [["pembrolizumab", "2026-03-11"]],
      problems: [["concern for PE", "2026-03-10"]],
    });
    expect(listed(p)).not.toContain("suspected-pulmonary-embolism");
  });
});

describe("a suspected bleed after immunotherapy is listed, never graded as a bleed", () => {
  it.each(["possible GI bleed", "?melena"])("%j", (words) => {
    for (const read of [fhirCharted, csvCharted]) {
      const p = read(chart(words));
      expect(listed(p)).toContain("suspected-bleeding");
      expect(listed(p)).not.toContain("major-bleeding");
    }
  });
});

/** A suspected PE on 10 March after pembrolizumab, with the platelet count given and the other words charted. */
function suspectedPe(platelets: number | undefined, ...more: string[]): PatientReport {
  const conditions = ["concern for PE", ...more].map((words, i) => ({
    resource: {
      resourceType: "Condition",
      id: `c${i}`,
      subject,
      code: { text: words },
      onsetDateTime: "2026-03-10",
    },
  }));
  const count =
    platelets === undefined ? [] : [plateletCount("2026-03-10", { value: platelets, unit: "10*9/L" })];
  return assessChecked({ kind: "fhir", value: pembrolizumabBundle(...count, ...conditions) });
}

describe("anticoagulation while the imaging is awaited (the plan invariants hold in every case)", () => {
  it("platelets 20: no anticoagulation offered, the empirical dose withheld in words", () => {
    const plan = planIds(suspectedPe(20));
    expect(plan).not.toContain(AWAITING);
    expect(plan).toContain(LOW_PLATELETS);
  });

  it("threshold: platelets 49 withhold it, 50 offer it", () => {
    expect(planIds(suspectedPe(49))).not.toContain(AWAITING);
    expect(planIds(suspectedPe(49))).toContain(LOW_PLATELETS);
    expect(planIds(suspectedPe(50))).toContain(AWAITING);
    expect(planIds(suspectedPe(50))).not.toContain(LOW_PLATELETS);
  });

  it("platelets 230 and no bleed: offered while awaiting the CTPA", () => {
    expect(planIds(suspectedPe(230))).toContain(AWAITING);
  });

  it("no platelet count on record: not offered (count first)", () => {
    expect(planIds(suspectedPe(undefined))).not.toContain(AWAITING);
  });

  it.each(["melena", "possible GI bleed"])("beside %j: not offered, withheld in words", (bleed) => {
    const plan = planIds(suspectedPe(230, bleed));
    expect(plan).not.toContain(AWAITING);
    expect(plan).toContain(BLEEDING);
  });

  it("beside a HIT suspected: no heparin offered", () => {
    expect(planIds(suspectedPe(230, "suspected HIT"))).not.toContain(AWAITING);
  });

  it("CSV with platelets 20: the same, through the other adapter", () => {
    const csv = [
      "patient_id,record_type,date,end_date,code_system,code,text,value,unit,ref_low,ref_high,grade,dose_kind,qualifiers,birth_date,sex",
      "p1,dose,2026-02-16,,text,,pembrolizumab,,,,,,administration,,,",
      "p1,lab,2026-03-10,,loinc,777-3,Platelets,20,10*9/L,150,400,,,,,",
      'p1,event,2026-03-10,,text,,"suspicious for PE, CTPA pending",,,,,,,,,',
    ].join("\n");
    const p = assessChecked({ kind: "csv", text: `${csv}\n` });
    expect(thrombosis(p)).toBeUndefined();
    expect(planIds(p)).not.toContain(AWAITING);
    expect(planIds(p)).toContain(LOW_PLATELETS);
  });
});

const later = chartedAfterSuspicion;

describe("a negative study charted after the suspicion settles it (site-matched), through FHIR and CSV", () => {
  it.each([
    ["concern for PE", "CTPA 2026-03-05: no pulmonary embolism"],
    ["concern for PE", "CTPA negative"],
    ["?PE", "V/Q scan: normal"],
    ["?DVT left leg", "duplex left leg: no DVT"],
    ["query DVT", "Venous duplex negative"],
  ])("%j then %j: no longer listed, no empirical anticoagulation", (suspicion, study) => {
    for (const p of later(suspicion, [study, "2026-03-05"])) {
      expect(listed(p).filter((id) => id.startsWith("suspected-"))).toEqual([]);
      expect(planIds(p)).not.toContain(AWAITING);
      expect(thrombosis(p)).toBeUndefined();
    }
  });

  it("the other side: before the study, the same suspicion is listed with the empirical line", () => {
    for (const p of later("concern for PE")) {
      expect(listed(p)).toContain("suspected-pulmonary-embolism");
      expect(planIds(p)).toContain(AWAITING);
    }
  });

  it.each([
    // A study of another site settles nothing.
    ["concern for PE", "duplex left leg: no DVT", "suspected-pulmonary-embolism"],
    ["?DVT left leg", "CTPA: no pulmonary embolism", "suspected-venous-thrombosis"],
    // A duplex of the other leg, or of a leg for an arm, settles nothing.
    ["?DVT right leg", "duplex left leg: no DVT", "suspected-venous-thrombosis"],
    ["?DVT left arm", "duplex left leg: no DVT", "suspected-venous-thrombosis"],
    // A study pending, or "no PE" with no study named, settles nothing.
    ["concern for PE", "CTPA pending", "suspected-pulmonary-embolism"],
    ["concern for PE", "No PE", "suspected-pulmonary-embolism"],
  ])("%j then %j: still listed as %s", (suspicion, study, id) => {
    for (const p of later(suspicion, [study, "2026-03-05"])) {
      expect(listed(p)).toContain(id);
      expect(planIds(p)).toContain(AWAITING);
    }
  });

  it("a study before the suspicion settles nothing: a suspicion charted after the negative CTPA is new", () => {
    const c: Charted = {
      doses: [["pembrolizumab", "2026-02-16"]],
      problems: [
        ["CTPA: no pulmonary embolism", "2026-03-02"],
        ["concern for PE", "2026-03-03"],
      ],
      platelets: 230,
    };
    for (const p of [fhirCharted(c), csvCharted(c)]) {
      expect(listed(p)).toContain("suspected-pulmonary-embolism");
      expect(planIds(p)).toContain(AWAITING);
    }
    // The same negative CTPA, then a second suspicion after it: the first is settled, the second listed.
    for (const p of later("concern for PE", ["CTPA negative", "2026-03-05"], ["?PE", "2026-03-07"])) {
      expect(
        p.unexplained
          .filter((u) => u.abnormality === "suspected-pulmonary-embolism")
          .map((u) => u.at.slice(0, 10)),
      ).toEqual(["2026-03-07"]);
    }
  });

  it("a negative scan never clears a confirmed clot", () => {
    for (const p of later("Acute segmental PE on CTPA", [
      "CTPA 2026-03-05: no pulmonary embolism",
      "2026-03-05",
    ])) {
      expect(thrombosis(p)).toBeDefined();
    }
  });

  it("a study dated after the evaluation time settles nothing", () => {
    for (const p of later("concern for PE", ["CTPA negative", "2026-03-13"]))
      expect(listed(p)).toContain("suspected-pulmonary-embolism");
  });

  it("a negative endoscopy alone does not settle a suspected bleed", () => {
    for (const p of later("possible GI bleed", ["EGD: no bleeding source", "2026-03-05"]))
      expect(listed(p)).toContain("suspected-bleeding");
  });
});

describe("routine screening for a clot is no suspicion of one; a clot it finds is a clot", () => {
  it.each([
    "Screening for DVT",
    "surveillance duplex for DVT",
    "surveillance for DVT",
    "screened for DVT",
    "DVT prophylaxis",
    "VTE risk assessment",
  ])("%j: no suspicion, no clot", (words) => {
    for (const read of [fhirCharted, csvCharted]) {
      const p = read(chart(words));
      expect(thrombosis(p)).toBeUndefined();
      expect(listed(p).filter((id) => id.startsWith("suspected-"))).toEqual([]);
      expect(planIds(p)).not.toContain(AWAITING);
    }
  });

  it.each(["screening duplex: DVT found", "DVT found on screening duplex"])(
    "%j: a thrombosis finding",
    (words) => {
      for (const read of [fhirCharted, csvCharted]) expect(thrombosis(read(chart(words)))).toBeDefined();
    },
  );
});

describe("a suspected arterial event gets its own pathway, never the VTE imaging nor empirical heparin", () => {
  it.each([
    ["concern for stroke", "suspected-stroke", "suspected-stroke-image-before-antithrombotic"],
    ["r/o CVA", "suspected-stroke", "suspected-stroke-image-before-antithrombotic"],
    ["?MI", "suspected-myocardial-infarction", "suspected-mi-acute-coronary-pathway"],
    [
      "possible limb ischaemia",
      "suspected-arterial-occlusion",
      "suspected-arterial-occlusion-ct-angiography",
    ],
    [
      "r/o mesenteric ischaemia",
      "suspected-arterial-occlusion",
      "suspected-arterial-occlusion-ct-angiography",
    ],
  ])("%j: listed as %s with %s", (words, id, line) => {
    for (const read of [fhirCharted, csvCharted]) {
      const p = read({ ...chart(words), platelets: 230 });
      expect(thrombosis(p)).toBeUndefined();
      expect(listed(p)).toContain(id);
      expect(planIds(p)).toContain(line);
      expect(planIds(p)).not.toContain(AWAITING);
      expect(workupTests(p, id)).not.toContain("compression-ultrasound");
      expect(workupTests(p, id)).not.toContain("ct-pulmonary-angiography");
    }
  });

  it("a PE suspected beside a suspected stroke: no empirical heparin, withheld in words", () => {
    const plan = planIds(suspectedPe(230, "concern for stroke"));
    expect(plan).not.toContain(AWAITING);
    expect(plan).toContain(BLEEDING);
    expect(plan).toContain("suspected-stroke-image-before-antithrombotic");
  });

  it("the other side: a stroke named as found is no suspicion (a neurological event)", () => {
    for (const read of [fhirCharted, csvCharted])
      expect(listed(read(chart("acute stroke")))).not.toContain("suspected-stroke");
  });
});
