/**
 * A diagnosis charted only as a code, in each code system hospitals send: ICD-10-CM, WHO ICD-10 and SNOMED CT,
 * through a FHIR Condition (the exact system URIs) and a CSV event row, after a checkpoint inhibitor and with no
 * result on record. Each disorder's code must give its finding or its unexplained item (never silence, never a
 * definite finding resting on a code alone), and the code's neighbours must not be read as it: a secondary or
 * congenital thrombocytopenia is no ITP, a congenital TTP (Upshaw-Schulman syndrome) no immune TTP, an
 * anticoagulant bleeding disorder no acquired haemophilia, another histiocytosis no HLH.
 */
import { describe, expect, it } from "vitest";
import { ingestCsv } from "../../packages/core/src/adapters/csv/ingest.js";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { CHARTED_AT, treatedCsv, treatedFhir } from "../support/charted-words.js";
import { administration } from "../support/fhir-entries.js";
import { ingestOne } from "../support/fhir-one.js";
import { testKnowledge } from "../support/knowledge.js";

const ON = "2026-03-10";

const SYSTEMS = {
  icd10cm: "http://hl7.org/fhir/sid/icd-10-cm",
  icd10: "http://hl7.org/fhir/sid/icd-10",
  snomed: "http://snomed.info/sct",
} as const;
type System = keyof typeof SYSTEMS;

interface Coded {
  readonly system: System;
  readonly code: string;
  /** The coding's display (FHIR) or the row's text (CSV), when the entry carries words. */
  readonly display?: string;
}

/** Pembrolizumab three times, the cancer, and the coded diagnosis as a FHIR Condition. */
function fhir(c: Coded, on = ON): PatientReport {
  const coding = {
    system: SYSTEMS[c.system],
    code: c.code,
    ...(c.display !== undefined && { display: c.display }),
  };
  return treatedFhir({
    resourceType: "Condition",
    id: "dx",
    subject: { reference: "Patient/p1" },
    code: { coding: [coding] },
    onsetDateTime: on,
  });
}

/** The same patient as CSV rows (code_system snomed / icd10cm / icd10). */
function csv(c: Coded, on = ON): PatientReport {
  const quoted = (s: string) => `"${s.replaceAll('"', '""')}"`;
  return treatedCsv(`p1,event,${on},,${c.system},${c.code},${quoted(c.display ?? "")},,,,,,,,,`);
}

const READERS = [
  ["FHIR Condition", fhir],
  ["CSV row", csv],
] as const;

const said = (p: PatientReport) => [
  ...p.findings.map((f) => `finding ${f.disorder} ${f.certainty}`),
  ...p.unexplained.map((u) => `unexplained ${u.abnormality}`),
];

/**
 * The disorder's own diagnosis charted by the care team (its `documented` criterion met). A charted
 * thrombocytopenia standing in for the count is not it: after a checkpoint inhibitor it makes ITP possible as
 * any low count does, without naming ITP.
 */
const chartedDiagnosis = (p: PatientReport, disorder: string) =>
  p.findings
    .filter((f) => f.disorder === disorder)
    .some((f) =>
      f.criteria.some(
        (c) => (c.id === "documented" || c.id === `${disorder}-documented`) && c.status === "met",
      ),
    );

/** One system's codes, charted without words. */
const coded = (system: System, ...codes: string[]): Coded[] => codes.map((code) => ({ system, code }));

/** Each disorder's codes: the finding (at most possible, on a charted criterion) or the unexplained item. */
const DISORDERS: readonly {
  readonly name: string;
  readonly codes: readonly Coded[];
  readonly finding?: string;
  readonly unexplained?: string;
}[] = [
  {
    name: "ITP",
    finding: "itp",
    codes: [
      ...coded("icd10cm", "D69.3"),
      ...coded("icd10", "D69.3"),
      ...coded("snomed", "32273002", "128091003"),
    ],
  },
  {
    name: "Evans syndrome",
    finding: "evans",
    codes: [
      ...coded("icd10cm", "D69.41"),
      // WHO ICD-10 has no code of its own for Evans syndrome: the words on the entry name it.
      { system: "icd10", code: "D69.3", display: "Evans syndrome" },
    ],
  },
  {
    name: "TTP",
    finding: "ttp",
    codes: [
      ...coded("icd10cm", "M31.19", "M31.10"),
      ...coded("icd10", "M31.1"),
      ...coded("snomed", "78129009"),
    ],
  },
  {
    name: "acquired haemophilia A",
    finding: "aha",
    codes: [
      ...coded("icd10cm", "D68.311"),
      // WHO D68.3 mixes anticoagulant drugs and anti-VIIIa: only the words make it an acquired haemophilia.
      { system: "icd10", code: "D68.3", display: "Acquired haemophilia A" },
    ],
  },
  {
    name: "DIC",
    finding: "dic",
    codes: [...coded("icd10cm", "D65"), ...coded("icd10", "D65"), ...coded("snomed", "67406007")],
  },
  {
    name: "thrombosis",
    finding: "thrombosis",
    codes: [
      ...coded("icd10cm", "I26.99"),
      // The FY2020 subsegmental PE codes and a PE with acute cor pulmonale: children of I26, read as it.
      ...coded("icd10cm", "I26.93", "I26.94", "I26.09"),
      // A chronic pulmonary embolism, read as a PE as its words are (a chronic DVT, I82.5, is read so too).
      ...coded("icd10cm", "I27.82"),
      ...coded("icd10", "I26.9"),
      ...coded("icd10cm", "I82.401", "I82.412"),
      ...coded("snomed", "128053003", "59282003"),
    ],
  },
  {
    name: "HLH",
    unexplained: "hlh-charted",
    codes: [
      ...coded("icd10cm", "D76.1"),
      ...coded("icd10", "D76.1", "D76.2"),
      ...coded("snomed", "430478003"),
    ],
  },
  {
    name: "autoimmune haemolytic anaemia",
    unexplained: "aiha-charted",
    codes: [
      // The FY2021 split of D59.1: unspecified, warm, cold, mixed and other autoimmune haemolytic anaemia.
      ...coded("icd10cm", "D59.10", "D59.11", "D59.12", "D59.13", "D59.19"),
      ...coded("icd10", "D59.1"),
    ],
  },
  {
    name: "heparin-induced thrombocytopenia",
    unexplained: "hit-charted",
    codes: [
      // D75.82 before FY2023, then D75.822 immune-mediated, D75.828 other and D75.829 unspecified.
      ...coded("icd10cm", "D75.82", "D75.822", "D75.828", "D75.829"),
      // D75.84, other platelet-activating anti-PF4 disorders (spontaneous HIT, VITT-like), managed as HIT.
      ...coded("icd10cm", "D75.84"),
      ...coded("snomed", "111588002"),
    ],
  },
  {
    name: "congenital TTP",
    unexplained: "congenital-ttp-charted",
    codes: [
      ...coded("snomed", "373420004"),
      { system: "icd10cm", code: "M31.19", display: "Congenital thrombotic thrombocytopenic purpura" },
      { system: "icd10", code: "M31.1", display: "Upshaw-Schulman syndrome" },
    ],
  },
];

describe("a disorder charted only as a code after a checkpoint inhibitor, no results on record", () => {
  for (const d of DISORDERS)
    for (const c of d.codes)
      for (const [reader, read] of READERS)
        it(`${d.name}: ${c.system} ${c.code}${c.display ? ` "${c.display}"` : ""} through a ${reader}`, () => {
          const p = read(c);
          const out = said(p);
          expect(out.length, "nothing said").toBeGreaterThan(0);
          if (d.finding !== undefined) {
            const f = p.findings.find((x) => x.disorder === d.finding);
            expect(f, out.join("; ")).toBeDefined();
            // The charted diagnosis stands in for its results: possible, on the criterion that names it (a
            // thrombosis is an event confirmed by its own charted diagnosis; its certainty grades the link).
            if (d.finding !== "thrombosis") {
              expect(f?.certainty).toBe("possible");
              expect(chartedDiagnosis(p, d.finding), out.join("; ")).toBe(true);
            }
          }
          if (d.unexplained !== undefined)
            expect(
              p.unexplained.map((u) => u.abnormality),
              out.join("; "),
            ).toContain(d.unexplained);
          for (const f of p.findings.filter((x) => x.certaintyOf !== "attribution"))
            expect(f.certainty, f.disorder).not.toBe("definite");
        });
});

describe("a code's neighbours are not read as it", () => {
  const cases: readonly { readonly name: string; readonly code: Coded; readonly not: string }[] = [
    {
      name: "other secondary thrombocytopenia (D69.59) is no charted ITP",
      code: { system: "icd10cm", code: "D69.59" },
      not: "itp",
    },
    {
      name: "WHO secondary thrombocytopenia (D69.5) is no charted ITP",
      code: { system: "icd10", code: "D69.5" },
      not: "itp",
    },
    {
      name: "congenital and hereditary thrombocytopenia purpura (D69.42) is no charted ITP",
      code: { system: "icd10cm", code: "D69.42" },
      not: "itp",
    },
    {
      name: "Upshaw-Schulman syndrome (373420004) is no TTP",
      code: { system: "snomed", code: "373420004" },
      not: "ttp",
    },
    {
      name: "M31.19 charted as congenital TTP is no TTP",
      code: { system: "icd10cm", code: "M31.19", display: "Congenital TTP" },
      not: "ttp",
    },
    {
      name: "WHO D68.3 without words (anticoagulant or inhibitor) is no charted acquired haemophilia",
      code: { system: "icd10", code: "D68.3" },
      not: "aha",
    },
    {
      name: "ICD-10-CM D68.32 (extrinsic anticoagulants) is no charted acquired haemophilia",
      code: { system: "icd10cm", code: "D68.32" },
      not: "aha",
    },
  ];
  for (const c of cases)
    for (const [reader, read] of READERS)
      it(`${c.name} (${reader})`, () => {
        const p = read(c.code);
        expect(chartedDiagnosis(p, c.not), said(p).join("; ")).toBe(false);
      });

  it.each([
    ["a drug-induced non-autoimmune haemolytic anaemia", "D59.2", "aiha-charted"],
    ["a thrombocytosis, beside the D75.82x HIT codes,", "D75.838", "hit-charted"],
    ["other histiocytosis syndromes", "D76.3", "hlh-charted"],
  ])("%s (%s) is no %s", (_, code, item) => {
    for (const [, read] of READERS)
      expect(read({ system: "icd10cm", code }).unexplained.map((u) => u.abnormality)).not.toContain(item);
  });

  it("a congenital TTP known before the first dose gives nothing, an immune TTP charted the same way a finding", () => {
    for (const [, read] of READERS) {
      const known = read({ system: "snomed", code: "373420004" }, "2025-06-01");
      expect(said(known)).toEqual([]);
      expect(read({ system: "snomed", code: "78129009" }).findings.map((f) => f.disorder)).toContain("ttp");
    }
  });
});

/**
 * A heparin-induced thrombocytopenia charted alone as a code: the non-immune (type I) kind, ICD-10-CM D75.821, is a
 * benign early fall that bars no heparin, so its item must not say that all heparin stops; it names the check that
 * would make it an immune HIT (a fall 5-10 days after heparin began, or a 4Ts score: ASH 2018, Lo 2006). A HIT of
 * unstated type (D75.829) may be immune: its item says ASH 2018 stops all heparin.
 */
describe("a non-immune HIT code is listed apart from a HIT that may be immune", () => {
  const item = (p: PatientReport, id: string) => p.unexplained.find((u) => u.abnormality === id);
  for (const [reader, read] of READERS) {
    it(`D75.821 (non-immune) is listed as not barring heparin, with the check for immune HIT (${reader})`, () => {
      const p = read({ system: "icd10cm", code: "D75.821" });
      const listed = item(p, "non-immune-hit-charted");
      expect(listed, said(p).join("; ")).toBeDefined();
      expect(item(p, "hit-charted")).toBeUndefined();
      expect(listed?.why).toMatch(/does not bar heparin/);
      expect(listed?.why).toMatch(/5–10 days after heparin began, or an intermediate or high 4Ts score/);
      expect(listed?.why).not.toMatch(/while it is suspected, ASH 2018 stops all heparin/);
    });

    it(`D75.829 (unspecified) is listed as a HIT that stops all heparin (${reader})`, () => {
      const p = read({ system: "icd10cm", code: "D75.829" });
      const listed = item(p, "hit-charted");
      expect(listed, said(p).join("; ")).toBeDefined();
      expect(item(p, "non-immune-hit-charted")).toBeUndefined();
      expect(listed?.why).toMatch(/ASH 2018 stops all heparin/);
      expect(listed?.why).not.toMatch(/does not bar heparin/);
    });
  }
});

/**
 * Cytokine release syndrome and ICANS after a T-cell engager, charted only as their graded ICD-10-CM codes (D89.831-
 * D89.835 and D89.839 since FY2021, G92.00-G92.05 since FY2022): each is read as the event its parent names, which
 * the CAR-T coagulopathy criteria and the timeline read. Their neighbours are other diseases.
 */
describe("a graded CRS or ICANS code after a bispecific is read as the toxicity", () => {
  const opts = { vocabulary: testKnowledge().vocabulary, evaluatedAt: CHARTED_AT, file: "codes.json" };
  const events = (code: string, severity?: string) =>
    ingestOne(opts, administration("dose", "teclistamab", "2026-03-01"), {
      resourceType: "Condition",
      id: "dx",
      subject: { reference: "Patient/p1" },
      code: { coding: [{ system: SYSTEMS.icd10cm, code }] },
      ...(severity !== undefined && { severity: { text: severity } }),
      onsetDateTime: "2026-03-03",
    }).record.events;
  const kinds = (code: string) => events(code).map((e) => e.kind);

  it.each([
    ["D89.831", "crs"],
    ["D89.832", "crs"],
    ["D89.833", "crs"],
    ["D89.834", "crs"],
    ["D89.835", "crs"],
    ["D89.839", "crs"],
    ["G92.00", "icans"],
    ["G92.01", "icans"],
    ["G92.02", "icans"],
    ["G92.03", "icans"],
    ["G92.04", "icans"],
    ["G92.05", "icans"],
  ])("%s is %s", (code, kind) => {
    expect(kinds(code)).toEqual([kind]);
  });

  // The code states the grade the care team gave; the criteria and lines that read a CRS or ICANS grade see it.
  it.each([
    ["D89.831", 1],
    ["D89.832", 2],
    ["D89.833", 3],
    ["D89.834", 4],
    ["D89.835", 5],
    ["D89.839", undefined],
    ["G92.00", undefined],
    ["G92.01", 1],
    ["G92.02", 2],
    ["G92.03", 3],
    ["G92.04", 4],
    ["G92.05", 5],
  ])("%s is read at grade %s", (code, grade) => {
    expect(events(code).map((e) => e.grade)).toEqual([grade]);
  });

  it("a grade written in the Condition's severity wins over the code's", () => {
    expect(events("D89.833", "Grade 2").map((e) => e.grade)).toEqual([2]);
  });

  it("a graded code through a CSV row carries its grade; the row's grade column wins", () => {
    const grades = (grade: string) =>
      ingestCsv(
        `patient_id,record_type,date,code_system,code,grade\np1,event,2026-03-03,icd10cm,D89.834,${grade}\n`,
        { vocabulary: opts.vocabulary, evaluatedAt: CHARTED_AT, file: "codes.csv" },
      ).patients[0]?.events.map((e) => [e.kind, e.grade]);
    expect(grades("")).toEqual([["crs", 4]]);
    expect(grades("2")).toEqual([["crs", 2]]);
  });

  it.each([
    // Autoimmune lymphoproliferative syndrome and other immune disorders sit beside D89.83.
    ["D89.82", "crs"],
    ["D89.89", "crs"],
    // Other and unspecified toxic encephalopathy sit beside G92.0.
    ["G92.8", "icans"],
    ["G92.9", "icans"],
  ])("%s is no %s", (code, kind) => {
    expect(kinds(code)).not.toContain(kind);
  });
});
