/**
 * Plan items a drug label warns against for the patient in front of us, on constructed records through the
 * real knowledge, each tested on both sides: a thrombopoietin-receptor agonist beside a myelodysplastic
 * syndrome or acute leukaemia (romiplostim and eltrombopag labels), and tranexamic acid beside bleeding into
 * the urinary tract (its label reports ureteral obstruction by clot in upper urinary tract bleeding). The
 * plan invariants of knowledge/safety.yaml are checked on every record.
 */
import { describe, expect, it } from "vitest";
import type { ClinicalEvent, LabResult } from "../../packages/core/src/contracts/model.js";
import { assessPatientTraced } from "../../packages/core/src/engine/assess.js";
import {
  AT,
  findingOf as finding,
  planIds as ids,
  knowledge as k,
  lungCancer,
  pembrolizumab,
  reportAndViolations,
} from "../support/assess.js";
import { contextDrug, day, event, lab, record } from "../support/record.js";

/** Assesses the record (pembrolizumab, lung cancer) and checks the plan invariants on it. */
function assess(labs: LabResult[], events: ClinicalEvent[]) {
  return reportAndViolations(record({ exposures: [pembrolizumab], labs, events: [lungCancer, ...events] }));
}

/** The tags of every item of a finding's plan that is given (avoid items name what they forbid). */
const tagsOf = (items: readonly { readonly id: string; readonly kind: string }[]) =>
  items
    .filter((m) => m.kind !== "avoid")
    .flatMap(
      (m) =>
        Object.values(k.management)
          .flat()
          .find((r) => r.id === m.id)?.tags ?? [],
    );

/** Platelets 230 before the first dose, `platelets` ×10⁹/L on day 60 with normal coagulation. */
const itpLabs = (platelets: number) => [
  lab("platelets", -3, 230),
  lab("platelets", 60, platelets),
  lab("hemoglobin", 60, 12.5),
  lab("anc", 60, 3),
  lab("pt", 60, 12.5, { refLow: 11, refHigh: 13.5 }),
  lab("fibrinogen", 60, 3.2),
  lab("d-dimer-feu", 60, 0.4, { refHigh: 0.5 }),
];

/** Evans syndrome on day 55: platelets 35, Hb 7.4, DAT positive, haemolysis, ADAMTS13 70 %. */
const evansLabs = [
  lab("platelets", -7, 240),
  lab("hemoglobin", -7, 13.8),
  lab("platelets", 55, 35),
  lab("hemoglobin", 55, 7.4),
  lab("dat", 55, "positive"),
  lab("ldh", 55, 600, { refHigh: 250 }),
  lab("haptoglobin", 55, 5, { refLow: 30, refHigh: 200 }),
  lab("adamts13-activity", 55, 70),
];

describe("thrombopoietin-receptor agonists and a neoplasm of the marrow", () => {
  // Each neoplasm of the marrow met in the differential: the MDS and acute leukaemia of the labels, a myeloma
  // (a haematological malignancy of the marrow) and a marrow infiltrated by the carcinoma, found after the first
  // dose beside an ITP the team charted (weighed, not erased).
  it.each([
    {
      name: "a myelodysplastic syndrome charted",
      differential: "myelodysplasia-new-fall",
      events: [event("myelodysplasia", -300)],
    },
    {
      name: "an acute leukaemia charted",
      differential: "acute-leukemia",
      events: [event("active-cancer", -200, { qualifiers: ["acute-leukemia", "hematologic"] })],
    },
    {
      name: "multiple myeloma on record, ITP charted",
      differential: "myeloma",
      events: [event("itp", 60), event("active-cancer", -300, { qualifiers: ["myeloma", "hematologic"] })],
    },
    {
      name: "a marrow infiltrated by the carcinoma found after the first dose, ITP charted",
      differential: "marrow-infiltration",
      events: [event("itp", 60), event("marrow-involvement", 62)],
    },
  ])("ITP with $name: the second line offers no TPO-RA", ({ differential, events }) => {
    const { report, violations } = assess(itpLabs(15), events);
    const itp = finding(report, "itp");
    expect(itp?.differentials.find((d) => d.id === differential)?.status).toBe("met");
    expect(ids(itp)).toContain("itp-second-line-marrow-neoplasm");
    expect(ids(itp)).not.toContain("itp-second-line");
    expect(tagsOf(itp?.management ?? [])).not.toContain("tpo-ra");
    expect(violations).toEqual([]);
  });

  it("the same ITP without a marrow neoplasm keeps the TPO-RA in its second line", () => {
    const { report, violations } = assess(itpLabs(15), []);
    const itp = finding(report, "itp");
    expect(ids(itp)).toContain("itp-second-line");
    expect(ids(itp)).not.toContain("itp-second-line-marrow-neoplasm");
    expect(violations).toEqual([]);
  });

  it("ITP with MDS and a thrombosis: one second line, without a TPO-RA", () => {
    const { report, violations } = assess(itpLabs(15), [
      event("myelodysplasia", -300),
      event("thrombosis", 58, { qualifiers: ["venous", "dvt"] }),
    ]);
    const itp = finding(report, "itp");
    expect(ids(itp).filter((id) => id.startsWith("itp-second-line"))).toEqual([
      "itp-second-line-marrow-neoplasm",
    ]);
    expect(violations).toEqual([]);
  });

  it("Evans syndrome on an infiltrated marrow: no TPO-RA; on an aplastic marrow the TPO-RA stays", () => {
    const infiltrated = assess(evansLabs, [event("marrow-involvement", 58)]);
    const evans = finding(infiltrated.report, "evans");
    expect(ids(evans)).toContain("evans-second-line-marrow-neoplasm");
    expect(tagsOf(evans?.management ?? [])).not.toContain("tpo-ra");
    expect(infiltrated.violations).toEqual([]);
    const aplastic = assess(evansLabs, [event("marrow-failure", 58)]);
    expect(ids(finding(aplastic.report, "evans"))).toContain("evans-second-line");
    expect(ids(finding(aplastic.report, "evans"))).not.toContain("evans-second-line-marrow-neoplasm");
  });

  it("Evans syndrome with MDS charted: no TPO-RA for the ITP arm; without MDS it is offered", () => {
    const mds = assess(evansLabs, [event("myelodysplasia", -300)]);
    const evans = finding(mds.report, "evans");
    expect(ids(evans)).toContain("evans-second-line-marrow-neoplasm");
    expect(tagsOf(evans?.management ?? [])).not.toContain("tpo-ra");
    expect(mds.violations).toEqual([]);
    const plain = assess(evansLabs, []);
    expect(ids(finding(plain.report, "evans"))).toContain("evans-second-line");
    expect(ids(finding(plain.report, "evans"))).not.toContain("evans-second-line-marrow-neoplasm");
  });
});

describe("tranexamic acid and bleeding into the urinary tract", () => {
  it("life-threatening haematuria in ITP: no antifibrinolytic adjunct, and the plan says why", () => {
    const { report, violations } = assess(itpLabs(8), [
      event("bleeding", 60, { qualifiers: ["genitourinary", "hematuria"], grade: 4 }),
    ]);
    const itp = finding(report, "itp");
    expect(ids(itp)).toContain("itp-critical-bleeding");
    expect(ids(itp)).toContain("itp-avoid-antifibrinolytic-urinary-tract");
    expect(ids(itp)).not.toContain("itp-critical-bleeding-antifibrinolytic");
    expect(violations).toEqual([]);
  });

  it("a life-threatening intracranial haemorrhage in the same ITP keeps the adjunct", () => {
    const { report, violations } = assess(itpLabs(8), [
      event("bleeding", 60, { qualifiers: ["intracranial", "major"], grade: 4 }),
    ]);
    const itp = finding(report, "itp");
    expect(ids(itp)).toContain("itp-critical-bleeding-antifibrinolytic");
    expect(ids(itp)).not.toContain("itp-avoid-antifibrinolytic-urinary-tract");
    expect(violations).toEqual([]);
  });

  it("a minor haematuria with a non-threatening count adds no avoid line", () => {
    const { report } = assess(itpLabs(40), [
      event("bleeding", 60, { qualifiers: ["genitourinary", "hematuria"], grade: 1 }),
    ]);
    const itp = finding(report, "itp");
    expect(ids(itp)).not.toContain("itp-avoid-antifibrinolytic-urinary-tract");
    expect(ids(itp)).not.toContain("itp-critical-bleeding-antifibrinolytic");
  });
});

/** Immune TTP on day 60: platelets `platelets`, haemolysis, schistocytes, ADAMTS13 3 %. */
const ttpLabs = (platelets: number) => [
  lab("platelets", -3, 230),
  lab("platelets", 60, platelets),
  lab("hemoglobin", 60, 8),
  lab("ldh", 60, 1400, { refHigh: 250 }),
  lab("haptoglobin", 60, 5, { refLow: 30, refHigh: 200 }),
  lab("schistocytes", 60, "positive"),
  lab("adamts13-activity", 60, 3),
];

describe("caplacizumab beside an anticoagulant", () => {
  it("TTP with a DVT at platelets 60: caplacizumab and full-dose anticoagulation come with the label's caution", () => {
    const { report, violations } = assess(ttpLabs(60), [
      event("thrombosis", 58, { qualifiers: ["venous", "dvt"] }),
    ]);
    const ttp = ids(finding(report, "ttp"));
    expect(ttp).toContain("ttp-caplacizumab-confirmed");
    expect(ttp).toContain("ttp-caplacizumab-anticoagulation");
    expect(violations).toEqual([]);
  });

  it("TTP with an anticoagulant already taken: the same caution", () => {
    const { report } = assessPatientTraced(
      record({
        exposures: [pembrolizumab],
        labs: ttpLabs(20),
        events: [lungCancer],
        contextDrugs: [contextDrug("apixaban", ["anticoagulant"], -100)],
      }),
      AT,
      k,
    );
    expect(ids(finding(report, "ttp"))).toContain("ttp-caplacizumab-anticoagulation");
  });

  it("TTP without a thrombosis or an antithrombotic drug: no caution", () => {
    const { report } = assess(ttpLabs(20), []);
    const ttp = ids(finding(report, "ttp"));
    expect(ttp).toContain("ttp-caplacizumab-confirmed");
    expect(ttp).not.toContain("ttp-caplacizumab-anticoagulation");
  });

  it("TTP with major bleeding and a DVT: caplacizumab waits, so no caution item either", () => {
    const { report } = assess(ttpLabs(20), [
      event("thrombosis", 58, { qualifiers: ["venous", "dvt"] }),
      event("bleeding", 60, { qualifiers: ["gastrointestinal"], grade: 3 }),
    ]);
    const ttp = ids(finding(report, "ttp"));
    expect(ttp).not.toContain("ttp-caplacizumab-confirmed");
    expect(ttp).not.toContain("ttp-caplacizumab-anticoagulation");
  });
});

describe("anticoagulation within 4 weeks of an intracranial haemorrhage", () => {
  /** A DVT on day 62, platelets 200, evaluated on day 70, with an intracranial haemorrhage on day `ich`. */
  const dvtAfterIch = (ich: number) => {
    const { report, violations } = reportAndViolations(
      record({
        exposures: [pembrolizumab],
        labs: [lab("platelets", -3, 230), lab("platelets", 62, 200)],
        events: [
          lungCancer,
          event("bleeding", ich, { qualifiers: ["intracranial", "major"], grade: 3 }),
          event("thrombosis", 62, { qualifiers: ["venous", "dvt"] }),
        ],
      }),
      day(70),
    );
    return { thr: ids(finding(report, "thrombosis")), violations };
  };

  it("a brain haemorrhage 25 days before (before the episode): no routine full-dose anticoagulation", () => {
    const { thr, violations } = dvtAfterIch(45);
    expect(thr).toContain("thr-recent-intracranial-bleeding");
    expect(thr).toContain("thr-avoid-anticoagulation-recent-ich");
    expect(thr).not.toContain("thr-anticoagulation-full-dose");
    expect(violations).toEqual([]);
  });

  it("a brain haemorrhage 40 days before: full-dose anticoagulation as usual", () => {
    const { thr, violations } = dvtAfterIch(30);
    expect(thr).toContain("thr-anticoagulation-full-dose");
    expect(thr).not.toContain("thr-recent-intracranial-bleeding");
    expect(violations).toEqual([]);
  });
});
