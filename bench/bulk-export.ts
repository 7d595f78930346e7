/**
 * Generated FHIR Bulk Data exports for the bulk benchmark: `Patient.ndjson`, Observation parts of at
 * most 256 MB (`Observation.1.ndjson`, …), `MedicationAdministration.ndjson`, `Condition.ndjson` and the
 * `$export` manifest, written to disk in 4 MB pieces (the export is never held in memory). Patients are
 * interleaved in the Observation files, as a server that exports by resource type writes them, so that
 * no patient's records sit together.
 */
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { createRng } from "./prng.js";

const PART_BYTES = 256 * 1024 * 1024;
const FLUSH = 4 * 1024 * 1024;
/** Observations per patient: about 140 KB of NDJSON each (5 GB: some 38,000 patients). */
const OBSERVATIONS = 300;
/** One observation in ten is a laboratory result the engine grades; the others are vital signs (not used). */
const LAB_EVERY = 10;
const VITALS = [
  ["8867-4", "/min", 75, 10],
  ["8480-6", "mm[Hg]", 125, 12],
  ["8462-4", "mm[Hg]", 80, 8],
  ["8310-5", "Cel", 36.8, 0.3],
] as const;
const LABS = [
  ["777-3", "10*9/L", 250, 60],
  ["718-7", "g/dL", 13, 1.5],
  ["6690-2", "10*9/L", 7, 2],
  ["5902-2", "s", 12, 1],
  ["3255-7", "mg/dL", 300, 60],
] as const;

/** An NDJSON file written in pieces, split into numbered parts of at most PART_BYTES. */
class PartWriter {
  private fd = -1;
  private part = 0;
  private bytes = 0;
  private buffer: string[] = [];
  private buffered = 0;
  readonly files: string[] = [];

  constructor(
    private readonly dir: string,
    private readonly type: string,
    private readonly split: boolean,
  ) {}

  line(text: string): void {
    if (this.fd < 0 || (this.split && this.bytes >= PART_BYTES)) this.next();
    this.buffer.push(text, "\n");
    this.buffered += text.length + 1;
    this.bytes += text.length + 1;
    if (this.buffered >= FLUSH) this.flush();
  }

  private next(): void {
    this.close();
    this.part++;
    const name = this.split ? `${this.type}.${this.part}.ndjson` : `${this.type}.ndjson`;
    this.files.push(name);
    this.fd = openSync(join(this.dir, name), "w");
    this.bytes = 0;
  }

  private flush(): void {
    if (this.buffered === 0) return;
    writeSync(this.fd, this.buffer.join(""));
    this.buffer = [];
    this.buffered = 0;
  }

  close(): void {
    if (this.fd < 0) return;
    this.flush();
    closeSync(this.fd);
    this.fd = -1;
  }
}

export interface GeneratedExport {
  readonly patients: number;
  readonly resources: number;
}

/**
 * Writes an export of about `targetBytes` into `dir` (which must exist), the same for a given seed.
 * @example
 * generateBulkExport("/tmp/export", 512 * 1024 * 1024, 42); // { patients: 3500, resources: … }
 */
export function generateBulkExport(dir: string, targetBytes: number, seed: number): GeneratedExport {
  const rng = createRng(seed);
  const patients = Math.max(1, Math.round(targetBytes / (OBSERVATIONS * 470)));
  const pad = (n: number) => String(n).padStart(6, "0");
  const patientFile = new PartWriter(dir, "Patient", false);
  const conditions = new PartWriter(dir, "Condition", false);
  const doses = new PartWriter(dir, "MedicationAdministration", false);
  const observations = new PartWriter(dir, "Observation", true);
  let resources = 0;
  for (let p = 0; p < patients; p++) {
    const id = `p${pad(p)}`;
    const sex = p % 2 === 0 ? "female" : "male";
    patientFile.line(
      `{"resourceType":"Patient","id":"${id}","gender":"${sex}","birthDate":"${1940 + (p % 50)}-0${1 + (p % 9)}-15"}`,
    );
    conditions.line(
      `{"resourceType":"Condition","id":"c-${id}","subject":{"reference":"Patient/${id}"},"clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},"code":{"coding":[{"system":"http://snomed.info/sct","code":"254637007","display":"Non-small cell lung cancer"}]},"onsetDateTime":"2023-01-10T08:00:00Z"}`,
    );
    for (let d = 0; d < 2; d++) {
      doses.line(
        `{"resourceType":"MedicationAdministration","id":"m-${id}-${d}","status":"completed","subject":{"reference":"Patient/${id}"},"medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"1547545","display":"pembrolizumab"}]},"effectiveDateTime":"2023-0${2 + d * 3}-01T10:00:00Z"}`,
      );
    }
    resources += 4;
  }
  // Observations round-robin over the patients, so that each patient's results are spread over the files.
  for (let o = 0; o < OBSERVATIONS; o++) {
    const day = new Date(Date.UTC(2023, 0, 1) + o * 86_400_000).toISOString().slice(0, 10);
    for (let p = 0; p < patients; p++) {
      const lab = o % LAB_EVERY === 0;
      const [loinc, unit, mean, sd] = lab
        ? (LABS[(o / LAB_EVERY) % LABS.length] as (typeof LABS)[number])
        : (VITALS[o % VITALS.length] as (typeof VITALS)[number]);
      const value = Math.max(0.1, rng.normal(mean, sd)).toFixed(1);
      const category = lab ? "laboratory" : "vital-signs";
      observations.line(
        `{"resourceType":"Observation","id":"o-${pad(p)}-${o}","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"${category}"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"${loinc}"}]},"subject":{"reference":"Patient/p${pad(p)}"},"effectiveDateTime":"${day}T08:00:00Z","valueQuantity":{"value":${value},"unit":"${unit}","system":"http://unitsofmeasure.org","code":"${unit}"}}`,
      );
      resources++;
    }
  }
  for (const w of [patientFile, conditions, doses, observations]) w.close();
  const output = [
    ...patientFile.files.map((url) => ({ type: "Patient", url })),
    ...conditions.files.map((url) => ({ type: "Condition", url })),
    ...doses.files.map((url) => ({ type: "MedicationAdministration", url })),
    ...observations.files.map((url) => ({ type: "Observation", url })),
  ];
  writeFileSync(
    join(dir, "manifest.json"),
    JSON.stringify({
      transactionTime: "2024-01-01T00:00:00Z",
      request: "$export",
      requiresAccessToken: false,
      output,
      error: [],
    }),
  );
  return { patients, resources };
}

/**
 * The resources of a generated export as one FHIR Bundle file (`{"resourceType":"Bundle","entry":[…]}`),
 * written in pieces from the NDJSON parts: a single JSON file larger than any string V8 can hold.
 */
export function writeBundleOf(exportDir: string, file: string): void {
  const manifest = JSON.parse(readFileSync(join(exportDir, "manifest.json"), "utf8")) as {
    output: { url: string }[];
  };
  const fd = openSync(file, "w");
  try {
    writeSync(fd, '{"resourceType":"Bundle","type":"collection","entry":[\n');
    let first = true;
    for (const { url } of manifest.output) {
      // Each part is at most 256 MB: one string.
      const lines = readFileSync(join(exportDir, url), "utf8").split("\n");
      let piece: string[] = [];
      for (const line of lines) {
        if (line === "") continue;
        piece.push(`${first ? "" : ",\n"}{"resource":${line}}`);
        first = false;
        if (piece.length >= 10_000) {
          writeSync(fd, piece.join(""));
          piece = [];
        }
      }
      writeSync(fd, piece.join(""));
    }
    writeSync(fd, "\n]}\n");
  } finally {
    closeSync(fd);
  }
}
