/**
 * `cohort generate`: a synthetic OMOP CDM v5.4 cohort of patients on immunotherapy, one CSV file per table
 * (person, observation_period, drug_exposure, measurement, condition_occurrence, procedure_occurrence,
 * death, concept) and `truth.ndjson` with what was simulated per patient. Deterministic per seed: patient
 * n is the same whatever the cohort size. Numeric tables are written line by line (their fields are
 * numbers, dates and codes); the concept table, which holds names, is written by DuckDB's CSV writer;
 * `parquet` converts every table with DuckDB.
 */
import { closeSync, mkdirSync, openSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { IncidenceRules } from "@hemosentinel/core";
import { openDuckDb } from "../database.js";
import { insertRows } from "../sql.js";
import { randomFor } from "./random.js";
import { type PatientRows, type SimulatedPatient, simulatePatient } from "./simulate.js";
import { CONCEPTS, conceptIds } from "./vocabulary.js";

const DAY = 86_400_000;

export interface GenerateOptions {
  readonly patients: number;
  readonly seed: number;
  /** Multiplies every disorder's incidence (rare disorders then appear in small cohorts); default 1. */
  readonly enrich?: number;
  readonly out: string;
  readonly format?: "csv" | "parquet";
  /** First possible first dose (ISO date); default 2024-01-01. */
  readonly start?: string;
  readonly onProgress?: (done: number) => void;
}

export interface GenerateSummary {
  readonly patients: number;
  readonly rows: Readonly<Record<string, number>>;
  /** Simulated cases per disorder and therapy class, e.g. `itp/ici`. */
  readonly cases: Readonly<Record<string, number>>;
  readonly deaths: number;
}

/** Unit (concept key) and multiplier per lab; the second entry, when given, is used by some laboratories. */
const UNITS: Readonly<Record<string, readonly [string, number][]>> = {
  platelets: [
    ["10*9/L", 1],
    ["10*3/uL", 1],
  ],
  hemoglobin: [["g/dL", 1]],
  wbc: [["10*9/L", 1]],
  anc: [["10*9/L", 1]],
  lymphocytes: [["10*9/L", 1]],
  creatinine: [["mg/dL", 1]],
  "bilirubin-total": [["mg/dL", 1]],
  alt: [["U/L", 1]],
  ldh: [["U/L", 1]],
  inr: [["{INR}", 1]],
  aptt: [["s", 1]],
  fibrinogen: [
    ["g/L", 1],
    ["mg/dL", 100],
  ],
  "d-dimer-feu": [["ug/mL{FEU}", 1]],
  crp: [["mg/L", 1]],
  ferritin: [["ng/mL", 1]],
  haptoglobin: [["mg/dL", 1]],
  "adamts13-activity": [["%", 1]],
  "fviii-activity": [["%", 1]],
  "fviii-inhibitor": [["[beth'U]/mL", 1]],
};
/** Reference ranges the laboratories print (in the first unit). */
const RANGES: Readonly<Record<string, readonly [number, number]>> = {
  platelets: [150, 400],
  hemoglobin: [12, 16],
  wbc: [4, 11],
  anc: [1.8, 7.7],
  lymphocytes: [1, 4.8],
  creatinine: [0.6, 1.2],
  "bilirubin-total": [0.1, 1.2],
  alt: [7, 56],
  ldh: [122, 222],
  inr: [0.9, 1.1],
  aptt: [25, 37],
  fibrinogen: [2, 4],
  "d-dimer-feu": [0, 0.5],
  crp: [0, 10],
  ferritin: [20, 300],
  haptoglobin: [30, 200],
  "adamts13-activity": [70, 150],
  "fviii-activity": [56, 191],
  "fviii-inhibitor": [0, 0.5],
};

const HEADERS = {
  person:
    "person_id,gender_concept_id,year_of_birth,month_of_birth,day_of_birth,birth_datetime,person_source_value",
  observation_period:
    "observation_period_id,person_id,observation_period_start_date,observation_period_end_date",
  drug_exposure:
    "drug_exposure_id,person_id,drug_concept_id,drug_exposure_start_date,drug_exposure_start_datetime,drug_exposure_end_date,drug_exposure_end_datetime,drug_source_value",
  measurement:
    "measurement_id,person_id,measurement_concept_id,measurement_date,measurement_datetime,operator_concept_id,value_as_number,value_as_concept_id,unit_concept_id,range_low,range_high,measurement_source_value,unit_source_value,value_source_value",
  condition_occurrence:
    "condition_occurrence_id,person_id,condition_concept_id,condition_start_date,condition_start_datetime,condition_end_date,condition_end_datetime,condition_source_value",
  procedure_occurrence:
    "procedure_occurrence_id,person_id,procedure_concept_id,procedure_date,procedure_datetime,procedure_source_value",
  death: "person_id,death_date,death_datetime,cause_concept_id",
} as const;
type Table = keyof typeof HEADERS;

/** A CSV file written in blocks; fields are numbers, dates and codes without commas or quotes. */
class CsvFile {
  private readonly fd: number;
  private lines: string[] = [];
  count = 0;
  constructor(path: string, header: string) {
    this.fd = openSync(path, "w");
    writeSync(this.fd, `${header}\n`);
  }
  add(fields: readonly (string | number | undefined)[]): void {
    this.lines.push(fields.map((f) => (f === undefined ? "" : f)).join(","));
    this.count++;
    if (this.lines.length >= 20_000) this.flush();
  }
  flush(): void {
    if (this.lines.length > 0) writeSync(this.fd, `${this.lines.join("\n")}\n`);
    this.lines = [];
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dateTime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace("T", " ");
const round = (v: number) => Number(v.toPrecision(4));

/**
 * Generates a cohort into `options.out`.
 * @example
 * await generateCohort({ patients: 1000, seed: 42, enrich: 20, out: "cohort/" }, knowledge.incidence);
 */
export async function generateCohort(
  options: GenerateOptions,
  incidence: IncidenceRules,
): Promise<GenerateSummary> {
  mkdirSync(options.out, { recursive: true });
  const ids = conceptIds();
  const id = (key: string) => {
    const v = ids.get(key);
    if (v === undefined) throw new Error(`generator concept ${key} is not in the vocabulary`);
    return v;
  };
  const code = new Map(CONCEPTS.map((c) => [c.key, c.code]));
  const files = Object.fromEntries(
    (Object.keys(HEADERS) as Table[]).map((t) => [t, new CsvFile(join(options.out, `${t}.csv`), HEADERS[t])]),
  ) as Record<Table, CsvFile>;
  const truth = openSync(join(options.out, "truth.ndjson"), "w");
  const epoch = Date.parse(`${options.start ?? "2024-01-01"}T00:00:00Z`);
  const cases: Record<string, number> = {};
  let deaths = 0;
  let ids2 = { drug: 0, measurement: 0, condition: 0, procedure: 0 };
  const truthLines: string[] = [];
  for (let i = 0; i < options.patients; i++) {
    const personId = i + 1;
    const r = randomFor(options.seed, i);
    const { truth: t, rows } = simulatePatient(personId, r, incidence, options.enrich ?? 1, epoch);
    ids2 = writePatient(files, t, rows, ids2, { id, code, r });
    for (const d of t.disorders)
      cases[`${d.disorder}/${t.therapyClass}`] = (cases[`${d.disorder}/${t.therapyClass}`] ?? 0) + 1;
    if (t.deathDay !== undefined) deaths++;
    truthLines.push(JSON.stringify(t));
    if (truthLines.length >= 5000) writeSync(truth, `${truthLines.splice(0).join("\n")}\n`);
    if ((i + 1) % 1000 === 0) options.onProgress?.(i + 1);
  }
  if (truthLines.length > 0) writeSync(truth, `${truthLines.join("\n")}\n`);
  closeSync(truth);
  options.onProgress?.(options.patients);
  const rows: Record<string, number> = {};
  for (const [t, f] of Object.entries(files)) {
    f.close();
    rows[t] = f.count;
  }
  rows.concept = CONCEPTS.length;
  await writeConcepts(options.out, ids, options.format ?? "csv");
  return { patients: options.patients, rows, cases, deaths };

  function writePatient(
    f: Record<Table, CsvFile>,
    t: SimulatedPatient,
    p: PatientRows,
    n: { drug: number; measurement: number; condition: number; procedure: number },
    x: { id: (k: string) => number; code: Map<string, string>; r: ReturnType<typeof randomFor> },
  ) {
    const start = Date.parse(t.firstDose);
    const at = (day: number, hour: number) => start + day * DAY + hour * 3_600_000;
    const inFollowUp = (day: number) => day <= t.followUpDays;
    const birth = Date.UTC(p.person.year, p.person.month - 1, p.person.day);
    f.person.add([
      t.personId,
      p.person.gender,
      p.person.year,
      p.person.month,
      p.person.day,
      dateTime(birth),
      `P${t.personId}`,
    ]);
    f.observation_period.add([
      t.personId,
      t.personId,
      date(at(p.period.start, 0)),
      date(at(p.period.end, 0)),
    ]);
    for (const d of p.drugs) {
      if (!inFollowUp(d.day)) continue;
      const end = d.endDay === undefined ? at(d.day, 11) : at(Math.min(d.endDay, t.followUpDays), 11);
      f.drug_exposure.add([
        ++n.drug,
        t.personId,
        x.id(d.key),
        date(at(d.day, 10)),
        dateTime(at(d.day, 10)),
        date(end),
        dateTime(end),
        x.code.get(d.key),
      ]);
    }
    // Each patient's laboratory reports in one unit per lab, with a printed range for most laboratories.
    const alternative = x.r.chance(0.4);
    const printsRange = x.r.chance(0.7);
    for (const l of p.labs) {
      if (!inFollowUp(l.day)) continue;
      const when = at(l.day, 8) + (l.day % 3) * 600_000;
      if (typeof l.value === "string") {
        f.measurement.add([
          ++n.measurement,
          t.personId,
          x.id(l.key),
          date(when),
          dateTime(when),
          0,
          undefined,
          x.id(l.value),
          0,
          undefined,
          undefined,
          x.code.get(l.key),
          undefined,
          l.value,
        ]);
        continue;
      }
      const units = UNITS[l.key] ?? [];
      const [unit, factor] = (alternative && units[1]) || units[0] || ["", 1];
      const range = RANGES[l.key];
      f.measurement.add([
        ++n.measurement,
        t.personId,
        x.id(l.key),
        date(when),
        dateTime(when),
        4172703,
        round(l.value * factor),
        0,
        x.id(`unit:${unit}`),
        printsRange && range ? round(range[0] * factor) : undefined,
        printsRange && range ? round(range[1] * factor) : undefined,
        x.code.get(l.key),
        unit,
        undefined,
      ]);
    }
    for (const c of p.conditions) {
      if (!inFollowUp(c.day)) continue;
      const end = c.endDay === undefined ? undefined : at(c.endDay, 12);
      f.condition_occurrence.add([
        ++n.condition,
        t.personId,
        x.id(c.key),
        date(at(c.day, 12)),
        dateTime(at(c.day, 12)),
        end === undefined ? undefined : date(end),
        end === undefined ? undefined : dateTime(end),
        x.code.get(c.key),
      ]);
    }
    for (const x2 of p.procedures) {
      if (!inFollowUp(x2.day)) continue;
      const when = at(x2.day, 14);
      f.procedure_occurrence.add([
        ++n.procedure,
        t.personId,
        x.id(x2.key),
        date(when),
        dateTime(when),
        x.code.get(x2.key),
      ]);
    }
    if (p.deathDay !== undefined)
      f.death.add([t.personId, date(at(p.deathDay, 6)), dateTime(at(p.deathDay, 6)), 0]);
    return n;
  }
}

async function writeConcepts(
  out: string,
  ids: ReadonlyMap<string, number>,
  format: "csv" | "parquet",
): Promise<void> {
  const db = await openDuckDb(":memory:");
  try {
    await db.run(
      "CREATE TABLE concept (concept_id BIGINT, concept_name VARCHAR, domain_id VARCHAR, vocabulary_id VARCHAR, concept_class_id VARCHAR, standard_concept VARCHAR, concept_code VARCHAR, valid_start_date DATE, valid_end_date DATE, invalid_reason VARCHAR)",
    );
    await insertRows(
      db,
      "concept",
      CONCEPTS.map((c) => [
        ids.get(c.key),
        c.name,
        c.domain,
        c.vocabulary,
        c.domain,
        c.standardId === undefined ? null : "S",
        c.code,
        "1970-01-01",
        "2099-12-31",
        null,
      ]),
    );
    const path = (t: string, ext: string) => db.dialect.string(join(out, `${t}.${ext}`));
    if (format === "csv") {
      await db.run(`COPY concept TO ${path("concept", "csv")} (HEADER, DELIMITER ',')`);
      return;
    }
    await db.run(`COPY concept TO ${path("concept", "parquet")} (FORMAT PARQUET)`);
    for (const t of Object.keys(HEADERS)) {
      await db.run(
        `COPY (SELECT * FROM read_csv(${path(t, "csv")}, header = true, all_varchar = true)) TO ${path(t, "parquet")} (FORMAT PARQUET)`,
      );
      unlinkSync(join(out, `${t}.csv`));
    }
  } finally {
    db.close();
  }
}
