/**
 * Silence sweep: nothing serious after immunotherapy may be silent. Each disorder's picture (ITP, Evans, TTP,
 * acquired haemophilia A, thrombosis, DIC, CAR-T coagulopathy) and the serious unexplained items (HLH, AIHA),
 * after a checkpoint inhibitor, a bispecific and a CAR-T, is degraded as real records are degraded: the
 * diagnosis charted only as an ICD-10-CM code, a SNOMED CT code or words, without its labs; the drug charted
 * only by brand, RxNorm or ATC code; a chronic cause beside a new acute fall; a specific marker beside a
 * pattern it overrides; counts in the units laboratories send. Every variant must leave a finding or an
 * unexplained item; where the labs are missing, a charted-only finding must not be definite.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { createEngine } from "../../packages/core/src/create-engine.js";
import { testKnowledge } from "../support/knowledge.js";

const k = testKnowledge();
const AT = "2026-03-12T12:00:00Z";
const HEADER =
  "patient_id,record_type,date,end_date,code_system,code,text,value,unit,ref_low,ref_high,grade,dose_kind,qualifiers,birth_date,sex";

const quote = (s: string) => (/[",]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

interface Row {
  readonly type: "dose" | "event" | "lab";
  readonly date: string;
  readonly system: string;
  readonly code?: string;
  readonly text?: string;
  readonly value?: number | string;
  readonly unit?: string;
  readonly low?: number;
  readonly high?: number;
  readonly qualifiers?: string;
  readonly grade?: number;
}

const csvRow = (r: Row) =>
  [
    "p1",
    r.type,
    r.date,
    "",
    r.system,
    r.code ?? "",
    quote(r.text ?? ""),
    r.value ?? "",
    r.unit ?? "",
    r.low ?? "",
    r.high ?? "",
    r.grade ?? "",
    r.type === "dose" ? "administration" : "",
    r.qualifiers ?? "",
    "",
    "",
  ].join(",");

/** The one patient of a CSV document, assessed by the engine the CLI drives. */
function assess(rows: readonly Row[]): PatientReport {
  const engine = createEngine(k, { evaluatedAt: AT, version: "0.0.0-test" });
  engine.add({ kind: "csv", text: `${[HEADER, ...rows.map(csvRow)].join("\n")}\n` }, "sweep.csv");
  const [patient] = engine.report().patients;
  if (!patient) throw new Error("no patient");
  return patient;
}

const lab = (
  date: string,
  loinc: string,
  value: number | string,
  unit = "",
  low?: number,
  high?: number,
): Row => ({
  type: "lab",
  date,
  system: "loinc",
  code: loinc,
  value,
  unit,
  ...(low !== undefined ? { low } : {}),
  ...(high !== undefined ? { high } : {}),
});
const charted = (date: string, system: string, code: string | undefined, text?: string): Row => ({
  type: "event",
  date,
  system,
  ...(code !== undefined ? { code } : {}),
  ...(text !== undefined ? { text } : {}),
});
const dose = (date: string, system: string, code: string | undefined, text?: string): Row => ({
  type: "dose",
  date,
  system,
  ...(code !== undefined ? { code } : {}),
  ...(text !== undefined ? { text } : {}),
});

const BASE = "2025-12-20";
const DAY = "2026-03-10";
const cancer = charted("2025-11-01", "text", undefined, "Metastatic adenocarcinoma of the lung");
const myeloma = charted("2025-11-01", "text", undefined, "Multiple myeloma");
const lymphoma = charted("2025-11-01", "text", undefined, "Diffuse large B-cell lymphoma");

/** A drug as charted: its three doses (one infusion for a CAR-T) and the cancer it treats. */
interface DrugPicture {
  readonly label: string;
  readonly rows: readonly Row[];
}
const ICI_DATES = ["2026-01-05", "2026-01-26", "2026-02-16"];
const pembro = (system: string, code: string | undefined, text?: string): DrugPicture => ({
  label: `pembrolizumab as ${system} ${code ?? text}`,
  rows: [cancer, ...ICI_DATES.map((d) => dose(d, system, code, text))],
});
const teclistamab = (system: string, code: string | undefined, text?: string): DrugPicture => ({
  label: `teclistamab as ${system} ${code ?? text}`,
  rows: [myeloma, ...ICI_DATES.map((d) => dose(d, system, code, text))],
});
const axicel = (system: string, code: string | undefined, text?: string): DrugPicture => ({
  label: `axicabtagene ciloleucel as ${system} ${code ?? text}`,
  rows: [lymphoma, dose("2026-02-28", system, code, text)],
});

const DRUGS: readonly DrugPicture[] = [
  pembro("text", undefined, "pembrolizumab"),
  pembro("text", undefined, "Keytruda"),
  pembro("rxnorm", "1547545"),
  pembro("atc", "L01FF02"),
  teclistamab("text", undefined, "Tecvayli"),
  teclistamab("atc", "L01FX24"),
  axicel("text", undefined, "Yescarta"),
  axicel("atc", "L01XL03"),
];

/** A disorder charted only as a code or words, without the labs that would show it. */
interface ChartedOnly {
  readonly disorder: string;
  readonly forms: readonly (readonly [system: string, code: string | undefined, text?: string])[];
}
const CHARTED_ONLY: readonly ChartedOnly[] = [
  {
    disorder: "itp",
    forms: [
      ["icd10cm", "D69.3"],
      ["snomed", "32273002"],
      ["snomed", "128091003"],
      ["text", undefined, "immune thrombocytopenia"],
    ],
  },
  {
    disorder: "evans",
    forms: [
      ["icd10cm", "D69.41"],
      ["text", undefined, "Evans syndrome"],
    ],
  },
  {
    disorder: "ttp",
    forms: [
      ["icd10cm", "M31.19"],
      ["snomed", "78129009"],
      ["text", undefined, "thrombotic thrombocytopenic purpura"],
    ],
  },
  {
    disorder: "aha",
    forms: [
      ["icd10cm", "D68.311"],
      ["text", undefined, "acquired haemophilia A"],
    ],
  },
  {
    disorder: "thrombosis",
    forms: [
      ["icd10cm", "I82.401"],
      ["snomed", "128053003"],
      ["text", undefined, "DVT left leg"],
    ],
  },
  {
    disorder: "dic",
    forms: [
      ["icd10cm", "D65"],
      ["snomed", "67406007"],
      ["text", undefined, "disseminated intravascular coagulation"],
    ],
  },
  {
    disorder: "hlh",
    forms: [
      ["icd10cm", "D76.1"],
      ["text", undefined, "hemophagocytic lymphohistiocytosis"],
    ],
  },
  {
    disorder: "aiha",
    forms: [
      ["icd10cm", "D59.11"],
      ["text", undefined, "warm autoimmune hemolytic anemia"],
    ],
  },
];

/** A line per finding and unexplained item, for the log and for failure messages. */
const said = (p: PatientReport) => [
  ...p.findings.map(
    (f) => `finding ${f.disorder} ${f.certainty}${f.grade !== undefined ? ` g${f.grade}` : ""}`,
  ),
  ...p.unexplained.map((u) => `unexplained ${u.abnormality}${u.grade !== undefined ? ` g${u.grade}` : ""}`),
];

describe("a disorder charted only as a code or in words, without its labs, after each drug form", () => {
  for (const c of CHARTED_ONLY)
    for (const [system, code, text] of c.forms)
      for (const drug of DRUGS)
        it(`${c.disorder} as ${system} ${code ?? text}, ${drug.label}: not silent`, () => {
          const p = assess([
            ...drug.rows,
            charted(DAY, system, code, text),
            lab(BASE, "777-3", 230, "10*9/L"),
          ]);
          const out = said(p);
          expect(out.length, `${drug.label}: nothing said`).toBeGreaterThan(0);
          // Without its labs, a charted diagnosis is not definite, and its trace names what is missing.
          for (const f of p.findings.filter((x) => x.certaintyOf !== "attribution")) {
            expect(f.certainty, f.disorder).not.toBe("definite");
            expect(
              f.criteria.some((c) => c.status === "missing" || c.charted === true),
              `${f.disorder}: the trace names no missing or charted-only criterion`,
            ).toBe(true);
          }
        });
});

const PLT = "777-3";
const plt = (date: string, v: number, unit = "10*9/L") => lab(date, PLT, v, unit);
const hb = (date: string, v: number) => lab(date, "718-7", v, "g/dL");
const bleed = charted(DAY, "text", undefined, "petechiae and gum bleeding");

/** Lab pictures: each disorder's positive picture, and the ways a chronic cause or a marker complicates it. */
const PICTURES: readonly {
  readonly name: string;
  readonly rows: readonly Row[];
  readonly reports?: string;
}[] = [
  { name: "ITP: platelets 230 → 8 with bleeding", rows: [plt(BASE, 230), plt(DAY, 8), hb(DAY, 13), bleed] },
  {
    name: "Evans: platelets 15, haemoglobin 7.5, DAT positive, haemolysis",
    rows: [
      plt(BASE, 230),
      hb(BASE, 13.5),
      plt(DAY, 15),
      hb(DAY, 7.5),
      lab(DAY, "1007-4", "positive"),
      lab(DAY, "2532-0", 650, "U/L", 120, 250),
      lab(DAY, "4542-7", 5, "mg/dL", 30, 200),
      lab(DAY, "1975-2", 3.1, "mg/dL", 0.2, 1.2),
    ],
  },
  {
    name: "TTP: platelets 12, MAHA, ADAMTS13 5 %",
    rows: [
      plt(BASE, 230),
      hb(BASE, 13.5),
      plt(DAY, 12),
      hb(DAY, 8),
      lab(DAY, "2532-0", 900, "U/L", 120, 250),
      lab(DAY, "4542-7", 5, "mg/dL", 30, 200),
      lab(DAY, "800-3", "positive"),
      lab(DAY, "53622-7", 5, "%"),
    ],
  },
  {
    name: "AHA: isolated long aPTT, FVIII 2 %, inhibitor 20 BU, haematoma",
    rows: [
      plt(DAY, 240),
      lab(DAY, "3173-2", 78, "s", 25, 35),
      lab(DAY, "5902-2", 12.5, "s", 11, 13.5),
      lab(DAY, "3209-4", 2, "%"),
      lab(DAY, "3204-5", 20, "[beth'U]/mL"),
      charted(DAY, "text", undefined, "large thigh hematoma"),
    ],
  },
  {
    name: "DIC: platelets 200 → 45, PT 19 s, fibrinogen 0.9 g/L, D-dimer 12",
    rows: [
      plt(BASE, 200),
      plt(DAY, 45),
      lab(DAY, "5902-2", 19, "s", 11, 13.5),
      lab(DAY, "3255-7", 0.9, "g/L"),
      lab(DAY, "48065-7", 12, "ug/mL"),
    ],
  },
  {
    name: "DIC with fibrinogen in mg/dL (90 mg/dL)",
    rows: [
      plt(BASE, 200),
      plt(DAY, 45),
      lab(DAY, "5902-2", 19, "s", 11, 13.5),
      lab(DAY, "3255-7", 90, "mg/dL"),
      lab(DAY, "48065-7", 12, "ug/mL"),
    ],
  },
  {
    name: "cirrhosis (chronic platelets 90) with a new fall to 8",
    rows: [charted("2025-06-01", "icd10cm", "K74.60"), plt(BASE, 90), plt(DAY, 8), bleed],
  },
  {
    name: "CKD stage 4 with a new platelet fall to 8",
    rows: [charted("2025-06-01", "icd10cm", "N18.4"), plt(BASE, 230), plt(DAY, 8)],
  },
  {
    name: "chronic ITP (platelets 80) with a new fall to 8 after the drug",
    rows: [charted("2024-06-01", "icd10cm", "D69.3", "chronic ITP"), plt(BASE, 80), plt(DAY, 8), bleed],
  },
  {
    name: "marrow infiltration with a sudden fall to 8 and bleeding",
    rows: [charted("2025-12-01", "icd10cm", "C79.52"), plt(BASE, 150), plt(DAY, 8), bleed],
  },
  {
    name: "ADAMTS13 < 10 % with a DIC-like picture",
    reports: "ttp",
    rows: [
      plt(BASE, 230),
      hb(BASE, 13.5),
      plt(DAY, 14),
      hb(DAY, 8.2),
      lab(DAY, "2532-0", 1100, "U/L", 120, 250),
      lab(DAY, "800-3", "positive"),
      lab(DAY, "53622-7", 4, "%"),
      lab(DAY, "5902-2", 16, "s", 11, 13.5),
      lab(DAY, "3255-7", 1.4, "g/L"),
      lab(DAY, "48065-7", 9, "ug/mL"),
    ],
  },
  {
    name: "anti-FVIII inhibitor beside a lupus anticoagulant",
    reports: "aha",
    rows: [
      plt(DAY, 240),
      lab(DAY, "3173-2", 82, "s", 25, 35),
      lab(DAY, "3209-4", 3, "%"),
      lab(DAY, "3204-5", 12, "[beth'U]/mL"),
      lab(DAY, "75514-0", "positive"),
      charted(DAY, "text", undefined, "extensive bruising"),
    ],
  },
  {
    name: "positive DAT with schistocytes",
    reports: "ttp",
    rows: [
      plt(BASE, 230),
      hb(BASE, 13.5),
      plt(DAY, 20),
      hb(DAY, 7.2),
      lab(DAY, "1007-4", "positive"),
      lab(DAY, "800-3", "positive"),
      lab(DAY, "2532-0", 800, "U/L", 120, 250),
      lab(DAY, "4542-7", 5, "mg/dL", 30, 200),
    ],
  },
  ...["10*3/uL", "K/uL", "x10E3/uL", "G/L", "giga/L", "10^9/L", "10^3/mm3", "/nL"].map((unit) => ({
    name: `ITP with platelets in ${unit}`,
    rows: [plt(BASE, 230, unit), plt(DAY, 8, unit), bleed],
  })),
];

const LAB_DRUGS: readonly DrugPicture[] = [
  pembro("text", undefined, "Keytruda"),
  teclistamab("text", undefined, "teclistamab"),
  axicel("text", undefined, "Yescarta"),
];

describe("each disorder's lab picture, degraded, after a checkpoint inhibitor, a bispecific and a CAR-T", () => {
  for (const pic of PICTURES)
    for (const drug of LAB_DRUGS)
      it(`${pic.name}, ${drug.label}: not silent`, () => {
        const p = assess([...drug.rows, ...pic.rows]);
        const out = said(p);
        expect(out.length, `${drug.label}: nothing said`).toBeGreaterThan(0);
        // The specific marker is not erased by the pattern beside it: its disorder is reported.
        if (pic.reports !== undefined)
          expect(
            p.findings.map((f) => f.disorder),
            out.join("; "),
          ).toContain(pic.reports);
      });
});

describe("a thrombocytopenia charted at grade 4 without a count", () => {
  const charted4 = (code: string): Row => ({ ...charted(DAY, "icd10cm", code), grade: 4 });
  it.each(DRUGS.map((d) => [d.label, d] as const))("D69.59 at grade 4, %s: not silent", (_label, drug) => {
    const p = assess([...drug.rows, charted4("D69.59"), lab(BASE, "777-3", 230, "10*9/L")]);
    expect(said(p).length).toBeGreaterThan(0);
  });
  it("after axicabtagene ciloleucel it is listed as a charted severe thrombocytopenia", () => {
    const p = assess([...axicel("text", undefined, "Yescarta").rows, charted4("D69.59")]);
    expect(p.unexplained.map((u) => u.abnormality)).toContain("thrombocytopenia-charted");
  });
});

describe("a thrombocytopenia charted severe in words, without a count or a grade", () => {
  it.each(DRUGS.map((d) => [d.label, d] as const))(
    "severe thrombocytopenia, %s: not silent",
    (_label, drug) => {
      const p = assess([...drug.rows, charted(DAY, "text", undefined, "Severe thrombocytopenia")]);
      expect(said(p).length).toBeGreaterThan(0);
    },
  );
  it.each([
    ["Severe thrombocytopenia", true],
    ["Profound thrombocytopenia", true],
    ["Thrombocytopenia", false],
    ["Mild thrombocytopenia", false],
  ] as const)("after axicabtagene ciloleucel, %s: listed as charted severe %s", (text, listed) => {
    const p = assess([...axicel("text", undefined, "Yescarta").rows, charted(DAY, "text", undefined, text)]);
    const item = p.unexplained.find((u) => u.abnormality === "thrombocytopenia-charted");
    expect(item !== undefined, said(p).join("; ")).toBe(listed);
    // Its grade is unknown: the word sets none.
    if (item) expect(item.grade).toBeUndefined();
  });
});

describe("a pancytopenia charted without its counts", () => {
  const forms = [
    ["icd10cm", "D61.818"],
    ["icd10cm", "D61.810"],
    ["icd10cm", "D61.811"],
    ["text", undefined, "pancytopenia"],
  ] as const;
  for (const [system, code, text] of forms)
    it.each(DRUGS.map((d) => [d.label, d] as const))(`${code ?? text}, %s: listed`, (_label, drug) => {
      const p = assess([...drug.rows, charted(DAY, system, code, text)]);
      expect(
        p.unexplained.map((u) => u.abnormality),
        said(p).join("; "),
      ).toContain("pancytopenia-charted");
    });
});

describe("the drug charted only in words or by its cycle", () => {
  const itp = [plt(BASE, 230), plt(DAY, 8), bleed, cancer];
  it.each([
    ["dose rows in words: s/p pembro x3", ICI_DATES.map((d) => dose(d, "text", undefined, "s/p pembro x3"))],
    ["one dose row dated by its cycle: pembro C3D1", [dose("2026-02-16", "text", undefined, "pembro C3D1")]],
  ])("%s: not silent", (_name, rows) => {
    const p = assess([...rows, ...itp]);
    expect(said(p)).toContain("finding itp probable g4");
  });
});

/**
 * Known gaps, kept visible: without a dated immunotherapy record the engine has no exposure to place the fall
 * after, so it reports neither a finding nor an unexplained item — unless a charted diagnosis names the drug as
 * its cause, which is listed (the first cases below). What the report does say is pinned here: the
 * grade 4 count in the grades, and an undated dose row among the refused records with the date it lacks.
 */
describe("the drug with no dated record: listed with the dosing history asked for, never a finding", () => {
  const itp = [plt(BASE, 230), plt(DAY, 8), bleed, cancer];
  // No longer a gap: a diagnosis that names its immunotherapy cause, with no dose of it on record, is listed with
  // the dosing history asked for, never as a finding.
  it.each([
    "Immune thrombocytopenia due to pembrolizumab",
    "ITP secondary to nivolumab",
    "TTP induced by ipilimumab",
    "Teclistamab-associated coagulopathy",
  ])("the diagnosis names the drug (%s): not silent, listed, not definite", (words) => {
    const p = assess([charted(DAY, "text", undefined, words), ...itp]);
    expect(p.exposures).toHaveLength(0);
    expect(p.unexplained.map((u) => u.abnormality)).toContain("immunotherapy-named-no-dose");
    expect(p.findings.some((f) => f.certainty === "definite")).toBe(false);
  });
  // No longer a gap: the drug named as given in a note's words, or on a dose row refused for its missing date, beside
  // a grade 4 count and a bleed, is listed naming the drug, the count and the missing dosing dates. No dose date is
  // made from the words ("day +10 after axi-cel" included), so no exposure and no finding.
  const GIVEN = "immunotherapy-given-no-dose";
  it.each([
    ["s/p pembrolizumab x3 cycles", "pembrolizumab"],
    ["on nivolumab since March", "nivolumab"],
    ["received teclistamab step-up", "teclistamab"],
    ["day +10 after axi-cel", "axicabtagene-ciloleucel"],
    ["C3D1 pembrolizumab", "pembrolizumab"],
  ])("the drug only in an event's words (%s): listed, not a finding, the count graded", (words, drug) => {
    const p = assess([charted("2026-02-16", "text", undefined, words), ...itp]);
    expect(p.exposures).toHaveLength(0);
    expect(p.findings).toHaveLength(0);
    expect(p.grades.find((g) => g.term === "platelet-count-decreased")?.grade).toBe(4);
    const u = p.unexplained.find((x) => x.abnormality === GIVEN);
    expect(u?.why).toContain(drug);
    expect(u?.why).toContain(words);
    expect(u?.why).toContain("dosing history");
    expect(u?.why).toMatch(/Platelet count < 50/);
  });
  it("dose rows without a date: refused with the missing date named, the count graded, the drug listed", () => {
    const p = assess([dose("", "text", undefined, "pembrolizumab cycle 3"), ...itp]);
    expect(p.rejected.map((r) => [r.code, r.field])).toContainEqual(["missing-date", "date"]);
    expect(p.grades.find((g) => g.term === "platelet-count-decreased")?.grade).toBe(4);
    expect(p.exposures).toHaveLength(0);
    expect(p.findings).toHaveLength(0);
    expect(p.unexplained.find((x) => x.abnormality === GIVEN)?.why).toContain("(undated)");
  });
  it.each([
    "pembrolizumab planned",
    "candidate for pembrolizumab",
    "nivolumab declined",
    "no prior nivolumab",
    "mother on nivolumab",
    "will start nivolumab next week",
  ])("words that do not say the drug was given (%s): not listed", (words) => {
    const p = assess([charted("2026-02-16", "text", undefined, words), ...itp]);
    expect(p.unexplained.some((x) => x.abnormality === GIVEN)).toBe(false);
  });
  it("a dated dose of the drug leaves the count to the findings and the other items", () => {
    const p = assess([
      charted("2026-02-16", "text", undefined, "s/p pembrolizumab x3 cycles"),
      ...ICI_DATES.map((d) => dose(d, "text", undefined, "pembrolizumab")),
      ...itp,
    ]);
    expect(p.unexplained.some((x) => x.abnormality === GIVEN)).toBe(false);
    expect(p.findings.length + p.unexplained.length).toBeGreaterThan(0);
  });
});
