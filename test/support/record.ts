/** Builds normalized patient records day by day for unit tests (day 0 = 2024-01-01). */

import type {
  ClinicalEvent,
  ContextDrug,
  Exposure,
  LabResult,
  PatientRecord,
} from "../../packages/core/src/contracts/model.js";
import type { TherapyClass } from "../../packages/core/src/contracts/vocabularies.js";
import { emptyRecord } from "../../packages/core/src/engine/empty-record.js";
import type { LabDefinition } from "../../packages/core/src/knowledge/vocabulary.js";
import { loadLabCatalogue } from "../../packages/knowledge/src/sources.js";

const DAY0 = Date.UTC(2024, 0, 1);
/** Canonical units of the lab catalogue: the units adapters convert every result to. */
const CATALOGUE = loadLabCatalogue().byId;

/** ISO date-time `day` days after 2024-01-01, at `hour` UTC. */
export function day(d: number, hour = 8): string {
  return new Date(DAY0 + d * 86_400_000 + hour * 3_600_000).toISOString();
}

let seq = 0;
export function lab(
  lab: string,
  d: number,
  value: number | "positive" | "negative",
  extra: Partial<LabResult> = {},
): LabResult {
  seq++;
  const base = { ref: `Observation/${lab}-${seq}`, lab, loinc: "0-0", at: day(d), original: {} };
  return typeof value === "number"
    ? { ...base, value, unit: CATALOGUE.get(lab)?.unit ?? "1", ...extra }
    : { ...base, qualitative: value, ...extra };
}

export function exposure(drug: string, cls: TherapyClass, days: number[]): Exposure {
  const doses = days.map((d, i) => ({
    ref: `MedicationAdministration/${drug}-${i}`,
    at: day(d, 10),
    kind: "administration" as const,
  }));
  const first = doses[0]?.at ?? day(0);
  return {
    drug,
    class: cls,
    doses,
    first,
    last: doses[doses.length - 1]?.at ?? first,
    ...(cls === "car-t" ? { infusion: first } : {}),
  };
}

export function event(
  kind: ClinicalEvent["kind"],
  d: number,
  extra: Partial<ClinicalEvent> = {},
): ClinicalEvent {
  seq++;
  return { ref: `Condition/${kind}-${seq}`, kind, at: day(d), ...extra };
}

export function contextDrug(
  drug: string,
  roles: ContextDrug["roles"],
  from: number,
  to?: number,
): ContextDrug {
  seq++;
  return {
    ref: `MedicationRequest/${drug}-${seq}`,
    drug,
    roles,
    start: day(from),
    ...(to !== undefined ? { end: day(to) } : {}),
  };
}

export function record(parts: Partial<PatientRecord>): PatientRecord {
  return { ...emptyRecord("p1"), ...parts };
}

/** A lab catalogue that knows only the PT (seconds), with the reference range `low`–`high`. */
export function ptCatalogue(low: number, high: number): (id: string) => LabDefinition | undefined {
  const pt: LabDefinition = {
    id: "pt",
    name: "PT",
    unit: "s",
    kind: "quantity",
    reference: { low, high, sourceIds: ["test"] },
  };
  return (id) => (id === "pt" ? pt : undefined);
}

/** Immune TTP's presenting labs on day `d`: platelets 15, haemoglobin 8, haemolysis, schistocytes, ADAMTS13 3 %. */
export function immuneTtpLabs(d: number): LabResult[] {
  return [
    lab("platelets", d, 15),
    lab("hemoglobin", d, 8),
    lab("ldh", d, 1400, { refHigh: 250 }),
    lab("haptoglobin", d, 5, { refLow: 30, refHigh: 200 }),
    lab("schistocytes", d, "positive"),
    lab("adamts13-activity", d, 3),
  ];
}
