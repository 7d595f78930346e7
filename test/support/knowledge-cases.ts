/**
 * Knowledge tests as data (docs/knowledge-tests.md): `*.test.yaml` files beside the knowledge files of
 * packages/knowledge/data, each a list of `{description, input, expected}` cases in the style of
 * fhirpath.js's YAML tests. This module reads and validates a case file, turns a case's input into the
 * documents a site would send (a CSV export in the documented format; a FHIR Observation for the BMI, which
 * the CSV format does not carry), runs them through the engine with the real knowledge, and compares the
 * result with what the case expects, in the case's own words.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  type ClinicalEvent,
  createEngine,
  type Finding,
  type Knowledge,
  type PatientRecord,
  type PatientReport,
  type Rejection,
} from "@hemosentinel/core";
import { stringify } from "csv-stringify/sync";
import { parse } from "yaml";
import { z } from "zod";
import { CSV_COLUMNS } from "../../packages/core/src/adapters/csv/rows.js";
import { withWholePlans } from "../../packages/core/src/engine/manage/shared-lines.js";
import { KNOWLEDGE_TEST_SUFFIX } from "../../packages/knowledge/src/read.js";

// ------------------------------------------------------------------------------------------- the format

/** A day relative to day 0 (the first dose, by convention), optionally with a time: `28`, `"1 06:00"`. */
const DAY = /^-?\d+(?: ([01]?\d|2[0-3]):([0-5]\d))?$/;
const DayText = z.string().regex(DAY, 'a day such as 28, -7 or "1 06:00"');
const Day = z.union([z.number().int(), DayText]);
type Day = z.infer<typeof Day>;

/** A result as the laboratory sends it: `18 10*9/L`, `"<5 %"`, `3.2 mg/L FEU (0-0.5)`, `positive`, 1.8. */
const LabValue = z.union([z.number(), z.string().min(1)]);
type LabValue = z.infer<typeof LabValue>;

/** A charted event: its text, or a code with or without text, with a grade and an end when charted. */
const EventObject = z
  .object({
    text: z.string().min(1).optional(),
    icd10cm: z.string().optional(),
    icd10: z.string().optional(),
    snomed: z.string().optional(),
    grade: z.number().int().min(1).max(5).optional(),
    to: Day.optional(),
    /** The CSV `qualifiers` column: extra qualifiers or a status (`resolved`, `inactive`, `suspected`). */
    qualifiers: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict()
  .refine((e) => e.text || e.icd10cm || e.icd10 || e.snomed, "an event needs a text or a code");
const Event = z.union([z.string().min(1), EventObject]);
type Event = z.infer<typeof Event>;

/** A drug as charted: its text, or a code (RxNorm, ATC) with or without text. */
const DrugConcept = z.union([
  z.string().min(1),
  z
    .object({ text: z.string().optional(), rxnorm: z.string().optional(), atc: z.string().optional() })
    .strict()
    .refine((d) => d.text || d.rxnorm || d.atc, "a drug needs a text or a code"),
]);
type DrugConcept = z.infer<typeof DrugConcept>;

/** Doses on these days (administrations), or a course from a day to a day (a medication statement). */
const DrugUse = z.union([z.array(Day).min(1), z.object({ from: Day, to: Day.optional() }).strict()]);
type DrugUse = z.infer<typeof DrugUse>;

export const Input = z
  .object({
    patient: z
      .object({
        sex: z.enum(["female", "male"]).optional(),
        age: z.number().int().min(0).max(120).optional(),
      })
      .strict()
      .optional(),
    /** Drug text as charted → dose days or a course. */
    drugs: z.record(z.string().min(1), DrugUse).optional(),
    /** Day → lab id → result as sent; or lab id → result as sent, on day 0. */
    labs: z.record(z.string(), z.union([LabValue, z.record(z.string(), LabValue)])).optional(),
    /** Day → what the care team charted that day. */
    charted: z.record(DayText, z.union([Event, z.array(Event)])).optional(),
    /** Evaluation day (the end of it); default: the last day the input names. */
    at: Day.optional(),
    /** One lab result on day 0 (`lab` with `value`), with an optional pre-treatment `baseline` on day -7. */
    lab: z.string().optional(),
    value: LabValue.optional(),
    baseline: LabValue.optional(),
    /** One charted event on day 0. */
    chart: Event.optional(),
    /** One drug given on day 0. */
    drug: DrugConcept.optional(),
  })
  .strict()
  .refine((i) => (i.lab === undefined) === (i.value === undefined), "`lab` and `value` come together")
  .refine((i) => i.baseline === undefined || i.lab !== undefined, "`baseline` needs `lab` and `value`");
export type Input = z.infer<typeof Input>;

const Certainty = z.enum(["definite", "probable", "possible"]);
/** Criterion and differential status as the reports print it; `charted` = met by a charted diagnosis. */
const Status = z.enum(["met", "not met", "no data", "charted"]);
const GradeOrNone = z.union([z.number().int().min(0).max(5), z.literal("none")]);
const Ids = z.array(z.string().min(1)).min(1);

const ScoreExpectation = z.union([
  z.literal("none"),
  z
    .object({
      value: z.union([z.number(), z.null()]).optional(),
      category: z.string().optional(),
      components: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])).optional(),
      missing: z.array(z.string()).optional(),
    })
    .strict(),
]);

/** An event as the record holds it: its kind (`itp`), or `{ kind, qualifiers }` (exactly these qualifiers). */
/** A drug as the record holds it: its catalogue id, with its therapy class or context roles. */
const DrugExpectation = z
  .object({
    id: z.string().min(1),
    class: z.string().optional(),
    roles: z.array(z.string()).optional(),
  })
  .strict();
type DrugExpectation = z.infer<typeof DrugExpectation>;

const EventExpectation = z.union([
  z.string().min(1),
  z.object({ kind: z.string().min(1), qualifiers: z.array(z.string()).default([]) }).strict(),
]);

export const Expected = z
  .object({
    /** The disorder that must be reported; certainty … workup below are about this finding. */
    finding: z.string().optional(),
    certainty: Certainty.optional(),
    grade: GradeOrNone.optional(),
    arms: z.record(z.string(), GradeOrNone).optional(),
    onsetDay: z.number().int().optional(),
    criteria: z.record(z.string(), Status).optional(),
    differentials: z.record(z.string(), Status).optional(),
    /** Plan item ids (management/*.yaml) that must be in the finding's plan, and ids that must not. */
    plan: Ids.optional(),
    notInPlan: Ids.optional(),
    /** Work-up test ids (workup.yaml) that must be requested for the finding, and ids that must not. */
    workup: Ids.optional(),
    notInWorkup: Ids.optional(),
    /** Other disorders that must be reported, and disorders that must not (`all`: no finding at all). */
    present: Ids.optional(),
    absent: z.union([Ids, z.literal("all")]).optional(),
    /** Worst CTCAE grade per term over the record (`none`: no grade ≥ 1). */
    grades: z.record(z.string(), GradeOrNone).optional(),
    /** Each score's latest computable result up to the evaluation (`none`: not computable or not applicable). */
    scores: z.record(z.string(), ScoreExpectation).optional(),
    /** Abnormalities listed as unexplained (CTCAE term or event kind); `none`: nothing unexplained. */
    unexplained: z.union([Ids, z.literal("none")]).optional(),
    /** Abnormalities that must not be listed as unexplained (an event listed under another rule). */
    notUnexplained: Ids.optional(),
    /**
     * Plan ids (unexplained.yaml `patterns[].plan`) that must be in the plan of an unexplained item, and
     * ids that must be in none.
     */
    unexplainedPlan: Ids.optional(),
    notInUnexplainedPlan: Ids.optional(),
    /**
     * What unexplained items must be named as showing (unexplained.yaml `shows` ids, e.g. `ici-aiha`), and ids
     * no item may show.
     */
    unexplainedShows: Ids.optional(),
    notUnexplainedShows: Ids.optional(),
    /** The input's one lab result as the record holds it, in the catalogue unit (`150 10*9/L`, `positive`). */
    reads: LabValue.optional(),
    /** How many records name nothing HemoSentinel uses (negated text, a test name); without it any fails the case. */
    notUsed: z.number().int().min(0).optional(),
    /** Words each expected rejection's reason contains; without it any rejected record fails the case. */
    rejected: z.union([z.string().min(1), Ids]).optional(),
    /**
     * The input's one charted entry as the record holds it: its event (`none`: not an event HemoSentinel
     * uses), or the list of every event one entry names ("haemorrhagic brain metastases": the bleed and the
     * tumour).
     */
    event: z.union([EventExpectation, z.array(EventExpectation).min(2)]).optional(),
    /**
     * The input's one drug as the record holds it (`none`: not a drug HemoSentinel uses), or the list of
     * every drug one entry names (a regimen charted on one line: "nivo/ipi").
     */
    drug: z.union([z.literal("none"), DrugExpectation, z.array(DrugExpectation).min(2)]).optional(),
  })
  .strict()
  .refine((e) => Object.keys(e).length > 0, "expected states at least one thing")
  .superRefine((e, ctx) => {
    const aboutFinding = [
      "certainty",
      "grade",
      "arms",
      "onsetDay",
      "criteria",
      "differentials",
      "plan",
      "notInPlan",
      "workup",
      "notInWorkup",
    ] as const;
    for (const key of aboutFinding)
      if (e[key] !== undefined && e.finding === undefined)
        ctx.addIssue({ code: "custom", message: `${key} is about a finding: name it in \`finding\`` });
  });
export type Expected = z.infer<typeof Expected>;

export const Case = z
  .object({
    description: z.string().min(5),
    /** Reference id (references/*.yaml) of the published example or guideline the case transcribes. */
    source: z.string().optional(),
    /** Why the expectation is the clinical truth, when the description does not say it. */
    note: z.string().optional(),
    /** `false`: the file's background is not added to this case. */
    background: z.literal(false).optional(),
    input: Input.default({}),
    expected: Expected,
    /**
     * A known disagreement between the engine and the cited guideline, reported to the lead: the case
     * states the guideline's answer and passes only while the engine still disagrees (so that the fix is
     * noticed and this field removed).
     */
    disagreement: z.string().min(10).optional(),
  })
  .strict();
export type Case = z.infer<typeof Case>;

export const CaseFile = z
  .object({
    /** Input added to every case (merged; the case wins on the same drug, or lab on the same day). */
    background: Input.optional(),
    cases: z.array(Case).min(1),
  })
  .strict();
export type CaseFile = z.infer<typeof CaseFile>;

/** Every `*.test.yaml` below `dir`, as paths relative to it, sorted. */
export function caseFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(KNOWLEDGE_TEST_SUFFIX))
    .map((f) => f.split("\\").join("/"))
    .sort();
}

/** Reads and validates one case file; the error names the file, the case (number and description) and the field. */
export function readCaseFile(dir: string, file: string): CaseFile {
  let data: unknown;
  try {
    data = parse(readFileSync(join(dir, file), "utf8"));
  } catch (e) {
    throw new Error(`${file}: not valid YAML: ${(e as Error).message}`);
  }
  const result = CaseFile.safeParse(data);
  if (!result.success) {
    const raw = data as { cases?: { description?: unknown }[] };
    const issues = result.error.issues.slice(0, 5).map((i) => {
      const [top, index, ...rest] = i.path;
      if (top === "cases" && typeof index === "number") {
        const d = raw.cases?.[index]?.description;
        const name = typeof d === "string" ? ` "${d}"` : "";
        return `case ${index + 1}${name}, ${rest.join(".") || "(case)"}: ${i.message}`;
      }
      return `${i.path.join(".") || "(file)"}: ${i.message}`;
    });
    throw new Error(`${file}: ${issues.join("; ")}`);
  }
  const seen = new Set<string>();
  for (const c of result.data.cases) {
    if (seen.has(c.description)) throw new Error(`${file}: two cases are described "${c.description}"`);
    seen.add(c.description);
  }
  return result.data;
}

// ------------------------------------------------------------------------------------------- the input

/** Day 0 of every case: 2024-01-01, UTC. */
const DAY0 = Date.UTC(2024, 0, 1);
const DAY_MS = 86_400_000;

function dayParts(d: Day, defaultHour: number): { day: number; minutes: number } {
  if (typeof d === "number") return { day: d, minutes: defaultHour * 60 };
  const m = DAY.exec(d) as RegExpExecArray;
  const day = Number.parseInt(d, 10);
  return { day, minutes: m[1] === undefined ? defaultHour * 60 : Number(m[1]) * 60 + Number(m[2]) };
}

/** The instant of day `d` (labs are drawn at 08:00, doses given at 10:00, events charted at 12:00). */
export function instantOf(d: Day, defaultHour: number): string {
  const { day, minutes } = dayParts(d, defaultHour);
  return new Date(DAY0 + day * DAY_MS + minutes * 60_000).toISOString().replace(".000Z", "Z");
}

/** Whole days from day 0 to an ISO instant (the day a result or an onset falls on). */
export function dayOf(iso: string): number {
  return Math.floor((Date.parse(iso) - DAY0) / DAY_MS);
}

/** A normalized input: everything on its day. */
interface Timeline {
  readonly patient?: { sex?: "female" | "male"; age?: number };
  readonly drugs: Map<string, { concept: DrugConcept; use: DrugUse }>;
  /** `day|lab` → value. */
  readonly labs: Map<string, { day: string; lab: string; value: LabValue }>;
  readonly charted: { day: string; event: Event }[];
  readonly at?: Day;
}

function labsOf(labs: Input["labs"]): { day: string; lab: string; value: LabValue }[] {
  const out: { day: string; lab: string; value: LabValue }[] = [];
  for (const [key, v] of Object.entries(labs ?? {})) {
    if (typeof v === "object") {
      if (!DAY.test(key)) throw new Error(`labs: "${key}" holds results but is not a day`);
      for (const [lab, value] of Object.entries(v)) out.push({ day: key, lab, value });
    } else {
      if (DAY.test(key)) throw new Error(`labs: day ${key} needs lab results under it`);
      out.push({ day: "0", lab: key, value: v });
    }
  }
  return out;
}

/** The case's input with the file's background merged in (the case wins on the same drug, or lab and day). */
export function timelineOf(input: Input, background?: Input): Timeline {
  const drugs = new Map<string, { concept: DrugConcept; use: DrugUse }>();
  const labs = new Map<string, { day: string; lab: string; value: LabValue }>();
  const charted: { day: string; event: Event }[] = [];
  for (const part of background ? [background, input] : [input]) {
    for (const [text, use] of Object.entries(part.drugs ?? {})) drugs.set(text, { concept: text, use });
    if (part.drug !== undefined) drugs.set(JSON.stringify(part.drug), { concept: part.drug, use: [0] });
    for (const l of labsOf(part.labs)) labs.set(`${l.day}|${l.lab}`, l);
    if (part.lab !== undefined && part.value !== undefined)
      labs.set(`0|${part.lab}`, { day: "0", lab: part.lab, value: part.value });
    if (part.lab !== undefined && part.baseline !== undefined)
      labs.set(`-7|${part.lab}`, { day: "-7", lab: part.lab, value: part.baseline });
    for (const [day, events] of Object.entries(part.charted ?? {}))
      for (const event of Array.isArray(events) ? events : [events]) charted.push({ day, event });
    if (part.chart !== undefined) charted.push({ day: "0", event: part.chart });
  }
  const patient = input.patient ?? background?.patient;
  const at = input.at ?? background?.at;
  return { ...(patient && { patient }), drugs, labs, charted, ...(at !== undefined && { at }) };
}

/** The evaluation instant: the end of `at`, else of the last day the input names. */
export function evaluationOf(t: Timeline): string {
  let last = Number.NEGATIVE_INFINITY;
  const see = (d: Day) => {
    last = Math.max(last, dayParts(d, 0).day);
  };
  for (const { use } of t.drugs.values()) {
    if (Array.isArray(use)) use.forEach(see);
    else {
      see(use.from);
      if (use.to !== undefined) see(use.to);
    }
  }
  for (const l of t.labs.values()) see(l.day);
  for (const c of t.charted) {
    see(c.day);
    if (typeof c.event === "object" && c.event.to !== undefined) see(c.event.to);
  }
  const day = t.at !== undefined ? dayParts(t.at, 0).day : Number.isFinite(last) ? last : 0;
  return new Date(DAY0 + day * DAY_MS + DAY_MS - 1000).toISOString().replace(".000Z", "Z");
}

/** A CSV row of the format (docs/csv-format.md), by column; every row belongs to patient `p1`. */
type Row = Partial<Record<(typeof CSV_COLUMNS)[number], string | number>>;

/**
 * A result as sent, split as a lab system would send it: a number (with comparator) and its unit, with the
 * laboratory's reference range in brackets; any other text is a word answer (`positive`, `2+`, `not detected`).
 */
export function splitResult(v: LabValue): {
  value: string;
  unit?: string;
  low?: string;
  high?: string;
} {
  if (typeof v === "number") return { value: String(v) };
  const text = v.trim();
  if (!/^[<>]?=?\s*[-+]?\d/.test(text) || /^\d+\+$/.test(text)) return { value: text };
  const m = /^([<>]=?)?\s*(\S+)\s*(.*)$/.exec(text) as RegExpExecArray;
  let rest = (m[3] ?? "").trim();
  let low: string | undefined;
  let high: string | undefined;
  const range = /\(([^)]*)\)$/.exec(rest);
  if (range) {
    rest = rest.slice(0, range.index).trim();
    const r = (range[1] ?? "").trim();
    const between = /^([\d.]+)\s*(?:-|–|to)\s*([\d.]+)$/.exec(r);
    const below = /^<=?\s*([\d.]+)$/.exec(r);
    const above = /^>=?\s*([\d.]+)$/.exec(r);
    if (between) [low, high] = [between[1], between[2]];
    else if (below) high = below[1];
    else if (above) low = above[1];
    else
      throw new Error(`result "${v}": reference range "(${r})" is not "(low-high)", "(<high)" or "(>low)"`);
  }
  return {
    value: `${m[1] ?? ""}${m[2]}`,
    ...(rest !== "" && { unit: rest }),
    ...(low !== undefined && { low }),
    ...(high !== undefined && { high }),
  };
}

function conceptColumns(c: DrugConcept | Event): Row {
  if (typeof c === "string") return { code_system: "text", text: c };
  const coded: [string, string | undefined][] = [
    ["rxnorm", "rxnorm" in c ? c.rxnorm : undefined],
    ["atc", "atc" in c ? c.atc : undefined],
    ["icd10cm", "icd10cm" in c ? c.icd10cm : undefined],
    ["icd10", "icd10" in c ? c.icd10 : undefined],
    ["snomed", "snomed" in c ? c.snomed : undefined],
  ];
  const [system, code] = coded.find(([, v]) => v !== undefined) ?? ["text", undefined];
  return { code_system: system, ...(code !== undefined && { code }), ...(c.text && { text: c.text }) };
}

/** The documents a site would send for this timeline: a CSV export, and a FHIR bundle for a BMI. */
export function documentsOf(t: Timeline): { csv: string; fhir?: unknown } {
  const rows: Row[] = [];
  let bmi: { value: number; at: string } | undefined;
  if (t.patient)
    rows.push({
      record_type: "patient",
      // Born on day 0's date, `age` years before: the age is exact from day 0 on (a birth year alone is read
      // at its last day, a year younger, so that a child is never read as an adult).
      ...(t.patient.age !== undefined && { birth_date: `${2024 - t.patient.age}-01-01` }),
      ...(t.patient.sex && { sex: t.patient.sex }),
    });
  for (const { concept, use } of t.drugs.values()) {
    if (Array.isArray(use))
      for (const d of use)
        rows.push({ record_type: "dose", date: instantOf(d, 10), ...conceptColumns(concept) });
    else
      rows.push({
        record_type: "dose",
        date: instantOf(use.from, 0),
        ...(use.to !== undefined && { end_date: instantOf(use.to, 23) }),
        dose_kind: "statement",
        ...conceptColumns(concept),
      });
  }
  for (const l of t.labs.values()) {
    if (l.lab === "bmi") {
      bmi = { value: Number.parseFloat(String(l.value)), at: instantOf(l.day, 8) };
      continue;
    }
    const r = splitResult(l.value);
    rows.push({
      record_type: "lab",
      date: instantOf(l.day, 8),
      code_system: "lab",
      code: l.lab,
      value: r.value,
      ...(r.unit !== undefined && { unit: r.unit }),
      ...(r.low !== undefined && { ref_low: r.low }),
      ...(r.high !== undefined && { ref_high: r.high }),
    });
  }
  for (const { day, event } of t.charted)
    rows.push({
      record_type: "event",
      date: instantOf(day, 12),
      ...conceptColumns(event),
      ...(typeof event === "object" && event.grade !== undefined && { grade: event.grade }),
      ...(typeof event === "object" && event.to !== undefined && { end_date: instantOf(event.to, 12) }),
      ...(typeof event === "object" &&
        event.qualifiers !== undefined && { qualifiers: event.qualifiers.join(";") }),
    });
  const csv = stringify(
    [[...CSV_COLUMNS], ...rows.map((r) => CSV_COLUMNS.map((c) => (c === "patient_id" ? "p1" : r[c])))],
    { record_delimiter: "unix" },
  );
  const fhir = bmi && {
    resourceType: "Bundle",
    type: "collection",
    entry: [
      { resource: { resourceType: "Patient", id: "p1" } },
      {
        resource: {
          resourceType: "Observation",
          id: "bmi",
          status: "final",
          code: { coding: [{ system: "http://loinc.org", code: "39156-5" }], text: "Body mass index" },
          subject: { reference: "Patient/p1" },
          effectiveDateTime: bmi.at,
          valueQuantity: {
            value: bmi.value,
            unit: "kg/m2",
            system: "http://unitsofmeasure.org",
            code: "kg/m2",
          },
        },
      },
    ],
  };
  return { csv, ...(fhir && { fhir }) };
}

// ------------------------------------------------------------------------------------------- running

export interface Outcome {
  /** The record as read from the case's CSV export (what the adapters made of the input). */
  readonly record: PatientRecord;
  readonly report: PatientReport;
  readonly inputErrors: readonly Rejection[];
}

/** Runs one case through the engine (CSV and FHIR adapters, assess) with the given knowledge. */
export function runCase(k: Knowledge, c: Case, background?: Input): Outcome {
  const t = timelineOf(c.input, c.background === false ? undefined : background);
  const evaluatedAt = evaluationOf(t);
  const docs = documentsOf(t);
  const engine = createEngine(k, { evaluatedAt, version: "knowledge-tests" });
  const csv = engine.add({ kind: "csv", text: docs.csv }, "case.csv");
  const fhir =
    docs.fhir === undefined ? undefined : engine.add({ kind: "fhir", value: docs.fhir }, "bmi.json");
  const record = csv.patients[0];
  if (record === undefined)
    throw new Error(`the case's CSV held no patient: ${JSON.stringify(csv.inputErrors)}`);
  return {
    record,
    // Each plan read whole: a line shown once under another plan is still this plan's.
    report: withWholePlans(engine.assess("p1")),
    inputErrors: [...csv.inputErrors, ...(fhir?.inputErrors ?? [])],
  };
}

// ------------------------------------------------------------------------------------------- checking

const STATUS_WORDS = { met: "met", unmet: "not met", missing: "no data" } as const;

function statusOf(t: { status: "met" | "unmet" | "missing"; charted?: true }): string {
  return t.charted ? "charted" : STATUS_WORDS[t.status];
}

function describeFinding(f: Finding): string {
  return `${f.disorder} ${f.certainty}${f.grade !== undefined ? ` grade ${f.grade}` : ""}`;
}

/** The digits after the decimal point the expectation was written with (a value is compared to them). */
function decimals(s: string): number {
  const m = /\.(\d+)/.exec(s);
  return m ? (m[1] as string).length : 0;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join("|") === [...b].sort().join("|");
}

/** What the record holds of one lab, as a case writes it: `150 10*9/L`, `<5 %`, `positive`. */
function labText(l: PatientRecord["labs"][number]): string {
  if (l.qualitative !== undefined) return l.qualitative;
  return `${l.comparator ?? ""}${l.value}${l.unit ? ` ${l.unit}` : ""}`;
}

/**
 * Names every id of a case that the knowledge does not define (a misspelt plan id would make `notInPlan`
 * pass for the wrong reason): disorders, criteria, differentials, plan and work-up ids, scores, CTCAE
 * terms, lab ids.
 */
export function unknownIds(c: Case, k: Knowledge, background?: Input): string[] {
  const problems: string[] = [];
  const e = c.expected;
  const disorders = new Map(k.disorders.map((d) => [d.id as string, d]));
  const knownDisorder = (id: string, where: string) => {
    if (!disorders.has(id))
      problems.push(`${where}: no disorder "${id}" (disorders: ${[...disorders.keys()].join(", ")})`);
  };
  if (e.finding !== undefined) knownDisorder(e.finding, "finding");
  for (const id of e.present ?? []) knownDisorder(id, "present");
  if (Array.isArray(e.absent)) for (const id of e.absent) knownDisorder(id, "absent");
  const def = e.finding === undefined ? undefined : disorders.get(e.finding);
  if (def) {
    const criteria = new Set(def.criteria.map((x) => x.id));
    for (const id of Object.keys(e.criteria ?? {}))
      if (!criteria.has(id)) problems.push(`criteria: ${def.id} has no criterion "${id}"`);
    const differentials = new Set(def.differentials.map((x) => x.id));
    for (const id of Object.keys(e.differentials ?? {}))
      if (!differentials.has(id)) problems.push(`differentials: ${def.id} has no differential "${id}"`);
    const arms = new Set((def.grade.arms ?? []).map((a) => a.id));
    for (const id of Object.keys(e.arms ?? {}))
      if (!arms.has(id)) problems.push(`arms: ${def.id} has no grade arm "${id}"`);
  }
  const planIds = new Set(Object.values(k.management).flatMap((rs) => rs.map((r) => r.id)));
  for (const id of [...(e.plan ?? []), ...(e.notInPlan ?? [])])
    if (!planIds.has(id)) problems.push(`plan: no recommendation "${id}" in management/*.yaml`);
  const patternPlanIds = new Set([
    ...k.unexplained.patterns.flatMap((p) => p.plan.map((m) => m.id)),
    ...k.unexplained.labs.flatMap((l) => (l.plan ?? []).map((m) => m.id)),
    ...k.unexplained.events.flatMap((ev) => (ev.plan ?? []).map((m) => m.id)),
    ...[...k.unexplained.labs, ...k.unexplained.events].flatMap((r) =>
      (r.shows ?? []).flatMap((sh) => (sh.plan ?? []).map((m) => m.id)),
    ),
    ...k.unexplained.onDrug.flatMap((r) => r.bands.flatMap((b) => b.plan.map((m) => m.id))),
  ]);
  const showsIds = new Set(
    [...k.unexplained.labs, ...k.unexplained.events].flatMap((r) => (r.shows ?? []).map((sh) => sh.id)),
  );
  for (const id of [...(e.unexplainedShows ?? []), ...(e.notUnexplainedShows ?? [])])
    if (!showsIds.has(id)) problems.push(`unexplainedShows: no shows entry "${id}" in unexplained.yaml`);
  for (const id of [...(e.unexplainedPlan ?? []), ...(e.notInUnexplainedPlan ?? [])])
    if (!patternPlanIds.has(id)) problems.push(`unexplainedPlan: no plan item "${id}" in unexplained.yaml`);
  const workupIds = new Set(Object.values(k.workup).flatMap((ws) => ws.map((w) => w.id)));
  for (const id of [...(e.workup ?? []), ...(e.notInWorkup ?? [])])
    if (!workupIds.has(id)) problems.push(`workup: no test "${id}" in workup.yaml`);
  if (c.source !== undefined && !k.references.has(c.source))
    problems.push(`source: no reference "${c.source}" in references/*.yaml`);
  for (const id of Object.keys(e.scores ?? {}))
    if (!k.scores.has(id))
      problems.push(`scores: no score "${id}" (scores: ${[...k.scores.keys()].join(", ")})`);
  const terms = new Set([
    ...k.ctcae.terms.map((x) => x.term),
    ...k.ctcae.hemorrhage.sites.map((s) => s.term),
    k.ctcae.hemorrhage.unspecifiedTerm,
  ]);
  for (const id of Object.keys(e.grades ?? {}))
    if (!terms.has(id)) problems.push(`grades: no CTCAE term "${id}"`);
  const t = timelineOf(c.input, c.background === false ? undefined : background);
  for (const l of t.labs.values())
    if (l.lab !== "bmi" && k.vocabulary.labById(l.lab) === undefined)
      problems.push(`labs: no lab "${l.lab}" in labs.yaml`);
  return problems;
}

/** What does not hold of `expected` in the outcome, each in the case's words (empty when the case passes). */
export function mismatches(c: Case, o: Outcome, background?: Input): string[] {
  const e = c.expected;
  const out: string[] = [];
  const { report, record } = o;
  const found = report.findings.map(describeFinding).join(", ") || "no finding";

  // Nothing the case sends may be lost silently: a rejected or unused record fails the case unless expected.
  const rejections = [...report.rejected, ...o.inputErrors];
  const tolerateUnused = e.event === "none" || e.drug === "none" || e.notUsed !== undefined;
  if (e.notUsed !== undefined && report.counts.notUsed !== e.notUsed)
    out.push(
      `${report.counts.notUsed} records not used, expected ${e.notUsed}: ${JSON.stringify(report.notUsed)}`,
    );
  if (e.rejected === undefined && e.reads === undefined)
    for (const r of rejections) out.push(`input rejected: ${r.ref} ${r.code}: ${r.reason}`);
  if (e.rejected !== undefined) {
    const words = Array.isArray(e.rejected) ? e.rejected : [e.rejected];
    for (const w of words)
      if (!rejections.some((r) => `${r.code} ${r.reason}`.toLowerCase().includes(w.toLowerCase())))
        out.push(
          `no rejection mentions "${w}" (rejections: ${rejections.map((r) => r.reason).join("; ") || "none"})`,
        );
  }
  if (!tolerateUnused && report.counts.notUsed > 0)
    out.push(`input not used (not a code or text HemoSentinel knows): ${JSON.stringify(report.notUsed)}`);
  for (const x of report.conflicts) out.push(`conflict in the input: ${x.detail}`);

  if (e.finding !== undefined) {
    const f = report.findings.find((x) => x.disorder === e.finding);
    if (f === undefined) out.push(`${e.finding} not reported (reported: ${found})`);
    else {
      if (e.certainty !== undefined && f.certainty !== e.certainty)
        out.push(`${f.disorder}: certainty ${f.certainty}, expected ${e.certainty}`);
      if (e.grade !== undefined && (f.grade ?? "none") !== e.grade)
        out.push(
          `${f.disorder}: grade ${f.grade ?? "none"}, expected ${e.grade}${f.gradeBasis ? ` (${f.gradeBasis})` : ""}`,
        );
      for (const [arm, g] of Object.entries(e.arms ?? {})) {
        const a = f.arms?.find((x) => x.id === arm);
        if ((a?.grade ?? "none") !== g)
          out.push(`${f.disorder} arm ${arm}: grade ${a?.grade ?? "none"}, expected ${g}`);
      }
      if (e.onsetDay !== undefined) {
        const d = f.onset ? dayOf(f.onset.date) : undefined;
        if (d !== e.onsetDay) out.push(`${f.disorder}: onset day ${d ?? "none"}, expected ${e.onsetDay}`);
      }
      for (const [id, want] of Object.entries(e.criteria ?? {})) {
        const t = f.criteria.find((x) => x.id === id);
        const got = t ? statusOf(t) : "not evaluated";
        if (got !== want)
          out.push(
            `${f.disorder} criterion ${id}: ${got}, expected ${want}${t?.detail ? ` (${t.detail})` : ""}`,
          );
      }
      for (const [id, want] of Object.entries(e.differentials ?? {})) {
        const t = f.differentials.find((x) => x.id === id);
        const got = t ? statusOf(t) : "not evaluated";
        if (got !== want)
          out.push(
            `${f.disorder} differential ${id}: ${got}, expected ${want}${t?.detail ? ` (${t.detail})` : ""}`,
          );
      }
      const plan = f.management.map((m) => m.id);
      for (const id of e.plan ?? [])
        if (!plan.includes(id)) out.push(`${f.disorder} plan lacks ${id} (plan: ${plan.join(", ")})`);
      for (const id of e.notInPlan ?? []) if (plan.includes(id)) out.push(`${f.disorder} plan has ${id}`);
      const workup = f.workup.map((w) => w.id);
      for (const id of e.workup ?? [])
        if (!workup.includes(id))
          out.push(`${f.disorder} work-up lacks ${id} (work-up: ${workup.join(", ") || "none"})`);
      for (const id of e.notInWorkup ?? [])
        if (workup.includes(id)) out.push(`${f.disorder} work-up has ${id}`);
    }
  }
  for (const id of e.present ?? [])
    if (!report.findings.some((f) => f.disorder === id)) out.push(`${id} not reported (reported: ${found})`);
  if (e.absent === "all") {
    if (report.findings.length > 0) out.push(`expected no finding, reported: ${found}`);
  } else
    for (const id of e.absent ?? []) {
      const f = report.findings.find((x) => x.disorder === id);
      if (f) out.push(`${id} reported (${describeFinding(f)}), expected absent`);
    }

  for (const [term, want] of Object.entries(e.grades ?? {})) {
    const g = report.grades.find((x) => x.term === term);
    if ((g?.grade ?? "none") !== want)
      out.push(`${term}: worst grade ${g?.grade ?? "none"}, expected ${want}${g ? ` (${g.basis})` : ""}`);
  }
  for (const [id, want] of Object.entries(e.scores ?? {})) {
    const s = report.scores.find((x) => x.id === id);
    if (want === "none") {
      if (s) out.push(`${id}: computed (${s.value}, ${s.category}), expected none`);
      continue;
    }
    if (s === undefined) {
      out.push(`${id}: not computed`);
      continue;
    }
    const shown = `${id} ${s.value} ${s.category} ${JSON.stringify(s.components)}${s.missing.length ? ` missing ${s.missing.join(", ")}` : ""}`;
    if (want.value !== undefined && s.value !== want.value)
      out.push(`${shown}: value expected ${want.value}`);
    if (want.category !== undefined && s.category !== want.category)
      out.push(`${shown}: category expected ${want.category}`);
    for (const [component, v] of Object.entries(want.components ?? {}))
      if (s.components[component] !== v) out.push(`${shown}: ${component} expected ${v}`);
    if (want.missing !== undefined && !sameSet(s.missing, want.missing))
      out.push(`${shown}: missing expected ${want.missing.join(", ") || "nothing"}`);
  }
  if (e.unexplained !== undefined) {
    const listed = report.unexplained.map((u) => u.abnormality);
    if (e.unexplained === "none") {
      if (listed.length > 0) out.push(`unexplained: ${listed.join(", ")}, expected none`);
    } else
      for (const a of e.unexplained)
        if (!listed.includes(a)) out.push(`unexplained lacks ${a} (listed: ${listed.join(", ") || "none"})`);
  }
  for (const a of e.notUnexplained ?? [])
    if (report.unexplained.some((u) => u.abnormality === a)) out.push(`unexplained lists ${a}, expected not`);
  const unexplainedPlan = report.unexplained.flatMap((u) => (u.management ?? []).map((m) => m.id));
  for (const id of e.unexplainedPlan ?? [])
    if (!unexplainedPlan.includes(id))
      out.push(`unexplained plan lacks ${id} (plan: ${unexplainedPlan.join(", ") || "none"})`);
  for (const id of e.notInUnexplainedPlan ?? [])
    if (unexplainedPlan.includes(id)) out.push(`unexplained plan has ${id}`);
  const shown = report.unexplained.flatMap((u) => (u.shows ? [u.shows.id] : []));
  for (const id of e.unexplainedShows ?? [])
    if (!shown.includes(id))
      out.push(`no unexplained item shows ${id} (shown: ${shown.join(", ") || "none"})`);
  for (const id of e.notUnexplainedShows ?? [])
    if (shown.includes(id)) out.push(`an unexplained item shows ${id}, expected none`);

  if (e.reads !== undefined) {
    const t = timelineOf(c.input, c.background === false ? undefined : background);
    if (t.labs.size !== 1)
      out.push(`reads: the input must hold exactly one lab result, it holds ${t.labs.size}`);
    const l = record.labs[0];
    const want = splitResult(e.reads);
    if (l === undefined)
      out.push(
        `reads: expected ${e.reads}, the result was rejected (${rejections.map((r) => r.reason).join("; ") || "not used"})`,
      );
    else if (l.qualitative !== undefined || l.value === undefined) {
      if (l.qualitative !== want.value) out.push(`reads ${labText(l)}, expected ${e.reads}`);
    } else {
      const m = /^([<>]=?)?(.*)$/.exec(want.value) as RegExpExecArray;
      const expectedValue = Number(m[2]);
      const tolerance = 0.5 * 10 ** -decimals(m[2] ?? "");
      if (
        !Number.isFinite(expectedValue) ||
        Math.abs(l.value - expectedValue) > tolerance + 1e-12 ||
        (m[1] ?? undefined) !== l.comparator ||
        (want.unit ?? undefined) !== l.unit
      )
        out.push(`reads ${labText(l)}, expected ${e.reads}`);
    }
  }
  if (e.event !== undefined) {
    const events: readonly ClinicalEvent[] = record.events;
    const shown = events.map((x) => `${x.kind} [${(x.qualifiers ?? []).join(", ")}]`).join("; ") || "none";
    if (e.event === "none") {
      if (events.length > 0) out.push(`event: read as ${shown}, expected none`);
    } else {
      const wants = (Array.isArray(e.event) ? e.event : [e.event]).map((w) =>
        typeof w === "string" ? { kind: w, qualifiers: [] } : w,
      );
      const hit =
        events.length === wants.length &&
        wants.every((w) =>
          events.some((x) => x.kind === w.kind && sameSet(x.qualifiers ?? [], w.qualifiers)),
        );
      if (!hit)
        out.push(
          `event: read as ${shown}, expected ${wants.map((w) => `${w.kind} [${w.qualifiers.join(", ")}]`).join("; ")}`,
        );
    }
  }
  if (e.drug !== undefined) {
    const held = [
      ...record.exposures.map((x) => ({ id: x.drug, class: x.class as string, roles: undefined })),
      ...record.contextDrugs.map((x) => ({
        id: x.drug,
        class: undefined,
        roles: x.roles as readonly string[],
      })),
    ];
    const shown = held.map((h) => `${h.id} (${h.class ?? (h.roles ?? []).join(", ")})`).join("; ") || "none";
    if (e.drug === "none") {
      if (held.length > 0) out.push(`drug: read as ${shown}, expected none`);
    } else {
      const wants: readonly DrugExpectation[] = Array.isArray(e.drug) ? e.drug : [e.drug];
      const fits = (h: (typeof held)[number], want: DrugExpectation) =>
        h.id === want.id &&
        (want.class === undefined || h.class === want.class) &&
        (want.roles === undefined || sameSet(h.roles ?? [], want.roles));
      // Exactly the drugs expected, each once, in any order.
      if (held.length !== wants.length || !wants.every((w) => held.some((h) => fits(h, w))))
        out.push(
          `drug: read as ${shown}, expected ${wants
            .map(
              (w) => `${w.id}${w.class ? ` (${w.class})` : ""}${w.roles ? ` (${w.roles.join(", ")})` : ""}`,
            )
            .join("; ")}`,
        );
    }
  }
  return out;
}
