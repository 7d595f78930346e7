/**
 * Drugs given with a checkpoint inhibitor, read by name from a CSV export through the engine the CLI drives.
 * A drug whose label reports thrombocytopenia (niraparib: a platelet fall in 72 % of its NOVA patients;
 * sunitinib: thrombocytopenia among its commonest reactions; enfortumab vedotin with pembrolizumab: decreased
 * platelets among its commonest laboratory abnormalities) is a competing cause of an ITP: the finding stays,
 * one level lower, and the differential names the drug. Before, niraparib and enfortumab vedotin were unknown to
 * the catalogue and sunitinib carried only its TMA role, so an ITP on pembrolizumab with one of them read
 * definite with the drug unnamed. An oral NSAID is named where the plans weigh an antiplatelet agent on board. A BTK
 * inhibitor (ibrutinib's label: major haemorrhage raised by anticoagulant or antiplatelet agents) has lines of its
 * own, which name it with its labels' holds rather than as an "essential antiplatelet agent (a coronary stent)":
 * at platelets 25–50, beside the anticoagulation of a thrombosis (with no vitamin K antagonist beside ibrutinib or
 * acalabrutinib) and in a major bleed; beside a strong CYP3A4 inhibitor (an azole), the labels' dose cuts, and beside a
 * strong CYP3A inducer (rifampicin), the labels' avoidance; zanubrutinib and pirtobrutinib are named beside the
 * anticoagulation as ibrutinib is. The plans' invariants (knowledge/safety.yaml) hold on every one.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { createEngine } from "../../packages/core/src/create-engine.js";
import { assessPatientTraced } from "../../packages/core/src/engine/assess.js";
import { checkPlans } from "../../packages/core/src/engine/manage/invariants.js";
import { testKnowledge } from "../support/knowledge.js";

const k = testKnowledge();
const AT = "2026-03-12T12:00:00Z";
const HEADER =
  "patient_id,record_type,date,end_date,code_system,code,text,value,unit,ref_low,ref_high,grade,dose_kind,qualifiers,birth_date,sex";

// Pembrolizumab from 5 January 2026, a normal count before it, cancer charted. A course still taken has an end
// after the evaluation (a planned end: read as under way).
const BASE = [
  "p1,dose,2026-01-05,,text,,pembrolizumab,,,,,,administration,,,",
  "p1,dose,2026-01-26,,text,,pembrolizumab,,,,,,administration,,,",
  "p1,dose,2026-02-16,,text,,pembrolizumab,,,,,,administration,,,",
  "p1,event,2025-11-01,,text,,Metastatic carcinoma,,,,,,,,,",
  "p1,lab,2025-12-29,,loinc,777-3,Platelets,250,10*9/L,150,400,,,,,",
  "p1,lab,2025-12-29,,loinc,751-8,Neutrophils,4.0,10*9/L,1.5,7.5,,,,,",
];

/** An isolated fall on 10 March with normal neutrophils, coagulation and smear, and the given rows. */
const ITP_FALL = [
  "p1,lab,2026-03-10,,loinc,777-3,Platelets,30,10*9/L,150,400,,,,,",
  "p1,lab,2026-03-10,,loinc,751-8,Neutrophils,3.1,10*9/L,1.5,7.5,,,,,",
  "p1,lab,2026-03-10,,loinc,6301-6,INR,1.0,,0.8,1.2,,,,,",
  "p1,lab,2026-03-10,,loinc,3255-7,Fibrinogen,3.0,g/L,2,4,,,,,",
  "p1,lab,2026-03-10,,lab,schistocytes,,none seen,,,,,,,,",
];

function assess(rows: readonly string[]): { report: PatientReport; violations: string[] } {
  const engine = createEngine(k, { evaluatedAt: AT, version: "0.0.0-test" });
  const text = `${[HEADER, ...BASE, ...rows].join("\n")}\n`;
  const [record] = engine.read({ kind: "csv", text }, "co-drugs.csv").patients;
  if (!record) throw new Error("no patient");
  const { report, planned } = assessPatientTraced(record, AT, k);
  const violations = checkPlans(planned, k.safety, k.management).flatMap((c) =>
    c.violations.map((v) => `${v.invariant}: ${v.item ?? v.detail}`),
  );
  return { report, violations };
}

const itpOf = (r: PatientReport) => r.findings.find((f) => f.disorder === "itp");
const itemsOf = (r: PatientReport) => r.findings.flatMap((f) => f.management);

describe("a drug given with the checkpoint inhibitor that lowers the count is weighed, named, never erasing the ITP", () => {
  it("without a co-drug the fall reads as a definite ITP (the comparison)", () => {
    const { report } = assess(ITP_FALL);
    expect(itpOf(report)?.certainty).toBe("definite");
    expect(itpOf(report)?.differentials.find((d) => d.id === "recent-chemotherapy")?.status).toBe("unmet");
  });

  const cases: [string, string[], RegExp][] = [
    [
      "niraparib taken daily from before the first dose",
      ["p1,dose,2025-12-01,2026-12-31,text,,Zejula 200 mg daily,,,,,,,,,"],
      /niraparib/,
    ],
    [
      "sunitinib 4 weeks on, 2 off, its last course ending 12 days before the fall",
      ["p1,dose,2026-01-05,2026-02-26,text,,sunitinib 50 mg daily,,,,,,,,,"],
      /sunitinib/,
    ],
    [
      "enfortumab vedotin on days 1 and 8 of each cycle",
      [
        "p1,dose,2026-02-16,,text,,Padcev 1.25 mg/kg,,,,,,administration,,,",
        "p1,dose,2026-02-23,,text,,Padcev 1.25 mg/kg,,,,,,administration,,,",
      ],
      /enfortumab.vedotin/i,
    ],
  ];
  for (const [what, rows, named] of cases)
    it(`${what}: ITP probable, the drug named in the chemotherapy differential`, () => {
      const { report, violations } = assess([...ITP_FALL, ...rows]);
      const f = itpOf(report);
      expect(f?.certainty).toBe("probable");
      const d = f?.differentials.find((x) => x.id === "recent-chemotherapy");
      expect(d?.status).toBe("met");
      expect(d?.detail).toMatch(named);
      expect(violations).toEqual([]);
    });

  it("niraparib stopped 40 days before the fall no longer weighs: definite", () => {
    const { report } = assess([
      ...ITP_FALL,
      "p1,dose,2025-10-01,2026-01-29,text,,niraparib 200 mg daily,,,,,,,,,",
    ]);
    expect(itpOf(report)?.certainty).toBe("definite");
  });
});

describe("a BTK inhibitor or an oral NSAID is named where the plans weigh an antiplatelet agent on board", () => {
  it("ibrutinib at platelets 40: its own line names it, not the coronary-stent antiplatelet line; no anticoagulant review", () => {
    const { report, violations } = assess([
      "p1,dose,2025-06-01,2026-12-31,text,,Imbruvica 420 mg daily,,,,,,,,,",
      "p1,lab,2026-03-10,,loinc,777-3,Platelets,40,10*9/L,150,400,,,,,",
    ]);
    const items = itemsOf(report);
    expect(items.find((m) => m.id === "itp-btk-inhibitor-on-board")?.action).toMatch(/ibrutinib/i);
    expect(items.map((m) => m.id)).not.toContain("itp-antiplatelet-25-50");
    expect(items.map((m) => m.id)).not.toContain("itp-antithrombotic-25-50");
    expect(violations).toEqual([]);
  });

  it("ibrutinib with voriconazole at platelets 40: the CYP3A line (its label: 140 mg or withheld) names it; without the azole, none", () => {
    const ibrutinib = "p1,dose,2025-06-01,2026-12-31,text,,Imbruvica 420 mg daily,,,,,,,,,";
    const platelets = "p1,lab,2026-03-10,,loinc,777-3,Platelets,40,10*9/L,150,400,,,,,";
    const withAzole = assess([
      ibrutinib,
      "p1,dose,2026-03-01,2026-12-31,text,,voriconazole 200 mg twice daily,,,,,,,,,",
      platelets,
    ]);
    const line = itemsOf(withAzole.report).find((m) => m.id === "itp-btk-inhibitor-strong-cyp3a4-inhibitor");
    expect(line?.action).toMatch(/ibrutinib reduced to 140 mg daily or withheld/);
    expect(withAzole.violations).toEqual([]);
    const alone = assess([ibrutinib, platelets]);
    expect(itemsOf(alone.report).map((m) => m.id)).not.toContain("itp-btk-inhibitor-strong-cyp3a4-inhibitor");
  });

  it("acalabrutinib with rifampicin at platelets 40: the CYP3A inducer line (its label: avoid, or 200 mg about every 12 hours), no inhibitor line; without the inducer, none", () => {
    const acalabrutinib = "p1,dose,2025-06-01,2026-12-31,text,,Calquence 100 mg twice daily,,,,,,,,,";
    const platelets = "p1,lab,2026-03-10,,loinc,777-3,Platelets,40,10*9/L,150,400,,,,,";
    const withInducer = assess([
      acalabrutinib,
      "p1,dose,2026-02-20,2026-12-31,text,,rifampicin 600 mg daily,,,,,,,,,",
      platelets,
    ]);
    const ids = itemsOf(withInducer.report).map((m) => m.id);
    const line = itemsOf(withInducer.report).find((m) => m.id === "itp-btk-inhibitor-strong-cyp3a-inducer");
    expect(line?.action).toMatch(/acalabrutinib to 200 mg about every 12 hours/);
    expect(ids).not.toContain("itp-btk-inhibitor-strong-cyp3a4-inhibitor");
    expect(ids).not.toContain("itp-btk-inhibitor-moderate-cyp3a-inhibitor");
    expect(withInducer.violations).toEqual([]);
    const alone = assess([acalabrutinib, platelets]);
    expect(itemsOf(alone.report).map((m) => m.id)).not.toContain("itp-btk-inhibitor-strong-cyp3a-inducer");
  });

  it("acalabrutinib beside a new pulmonary embolism: the line weighing it against the anticoagulation names it, and no vitamin K antagonist", () => {
    const { report, violations } = assess([
      "p1,dose,2025-06-01,2026-12-31,text,,Calquence 100 mg twice daily,,,,,,,,,",
      "p1,event,2026-03-10,,text,,Pulmonary embolism,,,,,,,,,",
      "p1,lab,2026-03-10,,loinc,777-3,Platelets,210,10*9/L,150,400,,,,,",
    ]);
    const items = itemsOf(report);
    expect(items.find((m) => m.id === "thr-btk-inhibitor-on-board")?.action).toMatch(/acalabrutinib/i);
    expect(items.find((m) => m.id === "thr-avoid-vka-btk-inhibitor")?.action).toMatch(/acalabrutinib/i);
    expect(items.map((m) => m.id)).not.toContain("thr-antiplatelet-on-board");
    expect(violations).toEqual([]);
  });

  it("zanubrutinib and pirtobrutinib beside a new pulmonary embolism: each is named in the line weighing its bleeding against the anticoagulation; only zanubrutinib bars a vitamin K antagonist", () => {
    const pe = [
      "p1,event,2026-03-10,,text,,Pulmonary embolism,,,,,,,,,",
      "p1,lab,2026-03-10,,loinc,777-3,Platelets,210,10*9/L,150,400,,,,,",
    ];
    for (const [drug, name, vkaBarred] of [
      ["Brukinsa 160 mg twice daily", /zanubrutinib/i, true],
      ["Jaypirca 200 mg daily", /pirtobrutinib/i, false],
    ] as const) {
      const { report, violations } = assess([`p1,dose,2025-06-01,2026-12-31,text,,${drug},,,,,,,,,`, ...pe]);
      const items = itemsOf(report);
      const line = items.find((m) => m.id === "thr-btk-inhibitor-on-board");
      expect(line?.action, drug).toMatch(name);
      expect(line?.action, drug).toMatch(
        /Beside the anticoagulation of this plan the risk of major bleeding rises/,
      );
      expect(items.map((m) => m.id).includes("thr-avoid-vka-btk-inhibitor"), drug).toBe(vkaBarred);
      expect(violations, drug).toEqual([]);
    }
    const none = itemsOf(assess(pe).report).map((m) => m.id);
    expect(none).not.toContain("thr-btk-inhibitor-on-board");
  });

  it("ibrutinib with a major gastrointestinal bleed: stopped in the major-bleeding line", () => {
    const { report, violations } = assess([
      "p1,dose,2025-06-01,2026-12-31,text,,ibrutinib 420 mg daily,,,,,,,,,",
      "p1,event,2026-03-10,,text,,Upper gastrointestinal hemorrhage,,,,,3,,,,",
      "p1,lab,2026-03-10,,loinc,777-3,Platelets,210,10*9/L,150,400,,,,,",
    ]);
    const stop = itemsOf(report)
      .concat(report.unexplained.flatMap((u) => u.management ?? []))
      .filter((m) => /major-bleeding/.test(m.id))
      .map((m) => m.action)
      .join("\n");
    expect(stop).toMatch(/ibrutinib/i);
    expect(violations).toEqual([]);
  });

  it("ibuprofen by mouth at platelets 40 is named; ibuprofen gel is not read", () => {
    const oral = assess([
      "p1,dose,2026-03-01,2026-12-31,text,,ibuprofen 400 mg PO three times daily,,,,,,,,,",
      "p1,lab,2026-03-10,,loinc,777-3,Platelets,40,10*9/L,150,400,,,,,",
    ]);
    expect(itemsOf(oral.report).find((m) => m.id === "itp-antiplatelet-25-50")?.action).toMatch(/ibuprofen/i);
    const gel = assess([
      "p1,dose,2026-03-01,2026-12-31,text,,ibuprofen 5% gel topical,,,,,,,,,",
      "p1,lab,2026-03-10,,loinc,777-3,Platelets,40,10*9/L,150,400,,,,,",
    ]);
    expect(itemsOf(gel.report).map((m) => m.id)).not.toContain("itp-antiplatelet-25-50");
  });
});
