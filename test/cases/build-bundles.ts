/**
 * Turns the case specs (test/cases/specs/*.yaml) into FHIR R4 collection bundles
 * (test/cases/bundles/<id>.json) the way an EHR would send them: LOINC-coded Observations with the units
 * as published, RxNorm-coded MedicationAdministrations, Conditions with text. Run: `npm run cases`.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { loadDrugCatalogue, loadLabCatalogue } from "../../packages/knowledge/src/sources.js";
import { CaseSpec } from "./spec.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const SPECS = join(here, "specs");
const BUNDLES = join(here, "bundles");
const EXAMPLES = join(root, "examples");

const labs = loadLabCatalogue().byId;
const catalogue = loadDrugCatalogue();
const drugs = new Map([...catalogue.drugs, ...catalogue.contextDrugs].map((d) => [d.id, d]));

const RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
const SNOMED = "http://snomed.info/sct";
const LOINC = "http://loinc.org";
const CODE_SYSTEMS = { icd10cm: "http://hl7.org/fhir/sid/icd-10-cm", snomed: SNOMED } as const;

/** The date-time `d` days after the case's day 0 (`anchor`), at `hour` UTC, as the bundles carry it. */
export function dateOf(anchor: string, d: number, hour = 8): string {
  const t = Date.parse(`${anchor}T00:00:00Z`) + d * 86_400_000 + hour * 3_600_000;
  return new Date(t).toISOString().replace(".000Z", "Z");
}

/** A drug of the catalogues as a medication CodeableConcept: its RxNorm code when known and its INN as text. */
export function medication(drugId: string) {
  const d = drugs.get(drugId);
  if (!d) throw new Error(`unknown drug id ${drugId}`);
  const coding = d.rxnorm ? [{ system: RXNORM, code: d.rxnorm, display: d.inn }] : [];
  return { coding, text: d.inn };
}

/** The LOINC code the bundles send a catalogue lab under (the first the knowledge lists for it). */
export function loincOf(labId: string): string {
  const def = labs.get(labId);
  if (!def) throw new Error(`unknown lab id ${labId}`);
  return def.loinc[0] as string;
}

/** A catalogue drug's codes and brand names, as a record may send them instead of its INN. */
export function drugNames(drugId: string): {
  readonly rxnorm?: string;
  readonly atc?: string;
  readonly brand?: string;
} {
  const d = drugs.get(drugId);
  if (!d) throw new Error(`unknown drug id ${drugId}`);
  const atc = "atc" in d ? (Array.isArray(d.atc) ? d.atc[0] : d.atc) : undefined;
  return {
    ...(d.rxnorm !== undefined && { rxnorm: d.rxnorm }),
    ...(atc !== undefined && { atc }),
    ...("brands" in d && d.brands[0] !== undefined && { brand: d.brands[0] }),
  };
}

function build(spec: CaseSpec): object {
  const subject = { reference: `Patient/${spec.id}` };
  const entries: object[] = [];
  const add = (resource: { resourceType: string; id: string }) =>
    entries.push({ fullUrl: `urn:uuid:${spec.id}-${resource.resourceType}-${resource.id}`, resource });
  const birthYear =
    spec.patient.age !== undefined ? Number(spec.anchor.slice(0, 4)) - spec.patient.age : undefined;
  add({
    resourceType: "Patient",
    id: spec.id,
    ...(spec.patient.sex ? { gender: spec.patient.sex } : {}),
    ...(birthYear ? { birthDate: String(birthYear) } : {}),
  } as { resourceType: string; id: string });
  if (spec.cancer) {
    add({
      resourceType: "Condition",
      id: "cancer",
      clinicalStatus: {
        coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-clinical", code: "active" }],
      },
      code: {
        coding: [{ system: SNOMED, code: "363346000", display: "Malignant neoplastic disease" }],
        text: spec.cancer.text,
      },
      subject,
      onsetDateTime: dateOf(spec.anchor, -60),
    } as never);
  }
  spec.exposures.forEach((e, i) => {
    e.days.forEach((d, j) => {
      add({
        resourceType: "MedicationAdministration",
        id: `exp${i}-${j}`,
        status: "completed",
        medicationCodeableConcept: medication(e.drug),
        subject,
        effectiveDateTime: dateOf(spec.anchor, d, 10),
      } as never);
    });
  });
  spec.context.forEach((c, i) => {
    add({
      resourceType: "MedicationStatement",
      id: `ctx${i}`,
      status: c.to === undefined ? "active" : "completed",
      medicationCodeableConcept: medication(c.drug),
      subject,
      effectivePeriod: {
        start: dateOf(spec.anchor, c.from, 0),
        ...(c.to !== undefined ? { end: dateOf(spec.anchor, c.to, 23) } : {}),
      },
    } as never);
  });
  spec.labs.forEach((l, i) => {
    const def = labs.get(l.lab);
    if (!def) throw new Error(`${spec.id}: unknown lab id ${l.lab}`);
    const value =
      l.value !== undefined
        ? {
            valueQuantity: {
              value: l.value,
              ...(l.comparator ? { comparator: l.comparator } : {}),
              ...(l.unit ? { unit: l.unit } : {}),
            },
          }
        : {
            valueCodeableConcept: {
              coding: [
                l.result === "positive"
                  ? { system: SNOMED, code: "10828004", display: "Positive" }
                  : { system: SNOMED, code: "260385009", display: "Negative" },
              ],
              text: l.result === "positive" ? "Positive" : "Negative",
            },
          };
    const range =
      l.refLow !== undefined || l.refHigh !== undefined
        ? {
            referenceRange: [
              {
                ...(l.refLow !== undefined ? { low: { value: l.refLow, unit: l.unit } } : {}),
                ...(l.refHigh !== undefined ? { high: { value: l.refHigh, unit: l.unit } } : {}),
              },
            ],
          }
        : {};
    add({
      resourceType: "Observation",
      id: `lab${i}`,
      status: "final",
      category: [
        {
          coding: [
            { system: "http://terminology.hl7.org/CodeSystem/observation-category", code: "laboratory" },
          ],
        },
      ],
      code: { coding: [{ system: LOINC, code: loincOf(l.lab), display: def.name }], text: def.name },
      subject,
      effectiveDateTime: dateOf(spec.anchor, l.day, l.hour ?? 8),
      ...value,
      ...range,
    } as never);
  });
  spec.events.forEach((e, i) => {
    const when = dateOf(spec.anchor, e.day, 12);
    if (e.kind === "crs" || e.kind === "icans") {
      // Design input contract: CRS/ICANS grade comes as an Observation value.
      add({
        resourceType: "Observation",
        id: `ev${i}`,
        status: "final",
        code: { text: `${e.text} (ASTCT grade)` },
        subject,
        effectiveDateTime: when,
        ...(e.grade !== undefined ? { valueInteger: e.grade } : { valueString: "present" }),
      } as never);
    } else if (e.kind === "platelet-transfusion" || e.kind === "rbc-transfusion") {
      add({
        resourceType: "Procedure",
        id: `ev${i}`,
        status: "completed",
        code: { text: e.text },
        subject,
        performedDateTime: when,
      } as never);
    } else {
      add({
        resourceType: "Condition",
        id: `ev${i}`,
        clinicalStatus: {
          coding: [
            {
              system: "http://terminology.hl7.org/CodeSystem/condition-clinical",
              code: e.endDay !== undefined ? "resolved" : "active",
            },
          ],
        },
        ...(e.category
          ? {
              category: [
                {
                  coding: [
                    {
                      system: "http://terminology.hl7.org/CodeSystem/condition-category",
                      code: e.category,
                    },
                  ],
                },
              ],
            }
          : {}),
        code: {
          ...(e.code
            ? {
                coding: [{ system: CODE_SYSTEMS[e.code.system], code: e.code.code, display: e.code.display }],
              }
            : {}),
          text: e.text,
        },
        subject,
        onsetDateTime: when,
        ...(e.endDay !== undefined ? { abatementDateTime: dateOf(spec.anchor, e.endDay, 12) } : {}),
        ...(e.grade !== undefined ? { severity: { text: `CTCAE grade ${e.grade}` } } : {}),
      } as never);
    }
  });
  return {
    resourceType: "Bundle",
    id: spec.id,
    type: "collection",
    meta: {
      tag: [
        {
          system: "https://hemosentinel.invalid/case-source",
          code: spec.source.doi ?? (spec.source.pmid ? `PMID:${spec.source.pmid}` : spec.source.url),
          display: spec.source.citation.slice(0, 250),
        },
      ],
    },
    entry: entries,
  };
}

/** Every spec of a folder (the case suite by default) with its file name, validated, sorted by name. */
export function loadSpecFiles(dir = SPECS): { readonly file: string; readonly spec: CaseSpec }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((file) => ({ file, spec: CaseSpec.parse(parse(readFileSync(join(dir, file), "utf8"))) }));
}

/** Reads and validates every spec of a folder (the case suite by default), sorted by file name. */
export function loadSpecs(dir = SPECS): CaseSpec[] {
  return loadSpecFiles(dir).map((x) => x.spec);
}

/** Case ids listed in examples/cases.txt (published cases shown by the README's main job). */
function exampleCaseIds(): string[] {
  return readFileSync(join(EXAMPLES, "cases.txt"), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
}

const write = (dir: string, spec: CaseSpec) =>
  writeFileSync(join(dir, `${spec.id}.json`), `${JSON.stringify(build(spec), null, 1)}\n`);

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const cases = loadSpecs();
  for (const spec of cases) write(BUNDLES, spec);
  const shown = new Set(exampleCaseIds());
  for (const spec of cases.filter((c) => shown.has(c.id))) write(EXAMPLES, spec);
  for (const spec of loadSpecs(join(EXAMPLES, "specs"))) write(EXAMPLES, spec);
}

export { build as buildBundle };
