/**
 * Prefetch templates (CDS Hooks "Prefetch Template") generated from the knowledge base, and the
 * gathering of one patient's data: the prefetch first, the EHR's FHIR server for what it lacks. The
 * decision table of docs/cds-hooks.md ("Data the service could not get") is implemented here and in
 * `verdictOf`.
 */
import type { Knowledge } from "@hemosentinel/core";
import {
  bundleContent,
  type FetchFailure,
  type FetchResult,
  isErrorOutcome,
  isRecord,
} from "./fhir-client.js";
import type { HookRequest, Resource } from "./schemas.js";

const PATIENT_TOKEN = "{{context.patientId}}";
const LOINC = "http://loinc.org";

/** What each prefetch key holds, in words, for the card that names what could not be fetched. */
export const PREFETCH_LABELS = {
  patient: "patient demographics",
  labs: "laboratory results",
  reports: "laboratory reports",
  medicationRequests: "medication orders",
  medicationAdministrations: "medication administrations",
  medicationStatements: "medication statements",
  conditions: "conditions",
  procedures: "procedures",
  allergies: "allergies",
  adverseEvents: "adverse events",
} as const;
export type PrefetchKey = keyof typeof PREFETCH_LABELS;
export const PREFETCH_KEYS = Object.keys(PREFETCH_LABELS) as PrefetchKey[];
/** The keys that carry the immunotherapy history: without any of them no disorder can be sought. */
export const MEDICATION_KEYS: readonly PrefetchKey[] = [
  "medicationRequests",
  "medicationAdministrations",
  "medicationStatements",
];

/**
 * The prefetch templates of both services: the Patient, every Observation with a LOINC code of the
 * knowledge base's lab catalogue (and the BMI), the DiagnosticReports with their results, the medication records with the Medication resources
 * they name, Conditions, Procedures, AllergyIntolerances (a HIT charted as an allergy to heparin) and
 * AdverseEvents (an immune-related adverse event charted by a drug-safety system).
 * @example
 * prefetchTemplates(knowledge).labs; // "Observation?patient={{context.patientId}}&code=http://loinc.org|777-3,…"
 */
export function prefetchTemplates(knowledge: Knowledge): Readonly<Record<PrefetchKey, string>> {
  const codes = new Set<string>([
    ...knowledge.labCatalogue.labs.flatMap((l) => l.loinc),
    ...knowledge.labCatalogue.bmi.loinc,
  ]);
  const loinc = [...codes]
    .sort()
    .map((c) => `${LOINC}|${c}`)
    .join(",");
  const medication = (type: string) => `${type}?patient=${PATIENT_TOKEN}&_include=${type}:medication`;
  return {
    patient: `Patient/${PATIENT_TOKEN}`,
    labs: `Observation?patient=${PATIENT_TOKEN}&code=${loinc}`,
    // A panel sent as a DiagnosticReport: its results contained, or included beside it. The core's FHIR
    // adapter reads them as the CLI does (and a report entered in error withdraws them, whichever key
    // carried them).
    reports: `DiagnosticReport?patient=${PATIENT_TOKEN}&_include=DiagnosticReport:result`,
    medicationRequests: medication("MedicationRequest"),
    medicationAdministrations: medication("MedicationAdministration"),
    medicationStatements: medication("MedicationStatement"),
    conditions: `Condition?patient=${PATIENT_TOKEN}`,
    procedures: `Procedure?patient=${PATIENT_TOKEN}`,
    allergies: `AllergyIntolerance?patient=${PATIENT_TOKEN}`,
    // R4 AdverseEvent has no `patient` search parameter: its patient is the `subject`.
    adverseEvents: `AdverseEvent?subject=Patient/${PATIENT_TOKEN}`,
  };
}

/**
 * Why a key's data is missing or incomplete (docs/cds-hooks.md, decision table). `medication-unresolved`:
 * its records name their drug by a reference to a Medication that was neither sent (the template's
 * `_include`, which a client may not honour) nor readable from the FHIR server, so those drugs are unknown.
 */
export type GapReason = FetchFailure | "no-fhir-server" | "medication-unresolved";

export interface Gap {
  readonly key: PrefetchKey;
  readonly reason: GapReason;
  /** Some of the key's data was read (a page or an entry failed). */
  readonly partial: boolean;
}

export interface Gathered {
  /** Every resource read, from the prefetch and the FHIR server. */
  readonly resources: readonly Resource[];
  /** What could not be read, by key. */
  readonly gaps: readonly Gap[];
  /** How many keys came from the prefetch and how many from the FHIR server (for the logs). */
  readonly fromPrefetch: number;
  readonly fromServer: number;
}

/** Reads one query (relative to the FHIR server, or a page link); absent when there is no FHIR server. */
export type FhirRead = ((relativeOrNext: string) => Promise<FetchResult>) | undefined;

async function fromPrefetch(
  key: PrefetchKey,
  value: Record<string, unknown> | null,
  read: FhirRead,
): Promise<{ resources: Resource[]; gap?: Gap }> {
  // null: the EHR has no data for this template (the spec's way of saying "none", not "unknown").
  if (value === null) return { resources: [] };
  // An OperationOutcome stands for an error the EHR met while prefetching: reported, not refetched.
  if (value.resourceType === "OperationOutcome") {
    return isErrorOutcome(value)
      ? { resources: [], gap: { key, reason: "operation-outcome", partial: false } }
      : { resources: [] };
  }
  if (value.resourceType !== "Bundle") return { resources: [value as Resource] };
  const content = bundleContent(value);
  const resources = [...content.resources];
  let reason: GapReason | undefined = content.errorOutcome ? "operation-outcome" : undefined;
  if (content.next !== undefined) {
    // A paginated prefetch: the rest comes from the FHIR server.
    const rest = read === undefined ? undefined : await read(content.next);
    if (rest === undefined) reason ??= "no-fhir-server";
    else if (!rest.ok) reason ??= rest.failure;
    else {
      resources.push(...rest.resources);
      if (rest.partial !== undefined) reason ??= rest.partial;
    }
  }
  return reason === undefined ? { resources } : { resources, gap: { key, reason, partial: true } };
}

async function fromServer(
  key: PrefetchKey,
  query: string,
  read: FhirRead,
): Promise<{ resources: readonly Resource[]; gap?: Gap }> {
  if (read === undefined) return { resources: [], gap: { key, reason: "no-fhir-server", partial: false } };
  const got = await read(query);
  if (!got.ok) return { resources: [], gap: { key, reason: got.failure, partial: false } };
  return got.partial === undefined
    ? { resources: got.resources }
    : { resources: got.resources, gap: { key, reason: got.partial, partial: true } };
}

/**
 * One patient's data for the assessment: each template's key from the prefetch when the EHR sent it,
 * else from the FHIR server; every key that could not be (fully) read becomes a gap.
 */
export async function gather(
  request: HookRequest,
  patientId: string,
  templates: Readonly<Record<PrefetchKey, string>>,
  read: FhirRead,
): Promise<Gathered> {
  const prefetch = request.prefetch ?? {};
  let prefetched = 0;
  let fetched = 0;
  const parts = await Promise.all(
    PREFETCH_KEYS.map((key) => {
      if (Object.hasOwn(prefetch, key)) {
        prefetched++;
        const value = prefetch[key];
        if (value === null || (isRecord(value) && typeof value.resourceType === "string")) {
          return fromPrefetch(key, value, read);
        }
        return Promise.resolve({ resources: [], gap: { key, reason: "not-fhir", partial: false } as Gap });
      }
      fetched++;
      const query = templates[key].replaceAll(PATIENT_TOKEN, encodeURIComponent(patientId));
      return fromServer(key, query, read);
    }),
  );
  const resources = parts.flatMap((p) => p.resources);
  const gaps = parts.flatMap((p) => (p.gap === undefined ? [] : [p.gap]));
  const medications = await includedMedications(
    PREFETCH_KEYS.map((key, i) => ({ key, resources: parts[i]?.resources ?? [] })),
    resources,
    read,
  );
  return {
    resources: [...resources, ...medications.resources],
    gaps: [...gaps, ...medications.gaps],
    fromPrefetch: prefetched,
    fromServer: fetched,
  };
}

/** `Medication/abc` (relative, absolute, or with `/_history/n`) → `abc`; a contained `#id` or other → none. */
function medicationIdOf(r: Resource): string | undefined {
  const reference = isRecord(r.medicationReference) ? r.medicationReference.reference : undefined;
  if (typeof reference !== "string") return undefined;
  return /(?:^|\/)Medication\/([A-Za-z0-9\-.]{1,64})(?:\/_history\/[^/]+)?$/.exec(reference)?.[1];
}

/**
 * The Medication resources that medication records name but the data does not hold: the client did not
 * honour the template's `_include` (outside the spec's recommended prefetch subset), or paginated it away.
 * They are read from the FHIR server in one `Medication?_id=…` search; those still missing make a
 * `medication-unresolved` gap on each key whose records name them, so that the drug left unknown is said,
 * never taken for "no immunotherapy".
 */
async function includedMedications(
  byKey: readonly { key: PrefetchKey; resources: readonly Resource[] }[],
  all: readonly Resource[],
  read: FhirRead,
): Promise<{ resources: readonly Resource[]; gaps: readonly Gap[] }> {
  const held = (rs: readonly Resource[]) =>
    new Set(rs.flatMap((r) => (r.resourceType === "Medication" && typeof r.id === "string" ? [r.id] : [])));
  const have = held(all);
  const named = new Map<PrefetchKey, Set<string>>();
  for (const { key, resources } of byKey) {
    if (!MEDICATION_KEYS.includes(key)) continue;
    const ids = resources.flatMap((r) => {
      const id = r.resourceType === "Medication" ? undefined : medicationIdOf(r);
      return id === undefined || have.has(id) ? [] : [id];
    });
    if (ids.length > 0) named.set(key, new Set(ids));
  }
  if (named.size === 0) return { resources: [], gaps: [] };
  const wanted = [...new Set([...named.values()].flatMap((ids) => [...ids]))].sort();
  const got = read === undefined ? undefined : await read(`Medication?_id=${wanted.join(",")}`);
  const found = got?.ok === true ? got.resources.filter((r) => r.resourceType === "Medication") : [];
  const now = held(found);
  const gaps: Gap[] = [...named]
    .filter(([, ids]) => [...ids].some((id) => !now.has(id)))
    .map(([key]) => ({ key, reason: "medication-unresolved", partial: true }));
  return { resources: found, gaps };
}

/**
 * What the service can say (docs/cds-hooks.md, decision table): `assess` when the immunotherapy
 * history could be read by at least one medication key, else `precondition-failed` (412): without the
 * exposures no disorder is sought, and an empty answer would read as "nothing found".
 */
export function verdictOf(gaps: readonly Gap[]): "assess" | "precondition-failed" {
  const missing = new Set(gaps.filter((g) => !g.partial).map((g) => g.key));
  return MEDICATION_KEYS.every((k) => missing.has(k)) ? "precondition-failed" : "assess";
}
