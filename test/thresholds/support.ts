/**
 * Support for the knowledge boundary tests: patients built from the real lab catalogue (canonical units and
 * reference ranges), the detection services exactly as src/core/assess.ts builds them (real scores, real
 * CTCAE grades), and the evaluation context of one episode, so a criterion can be evaluated the way the
 * engine evaluates it.
 */
import { strict as assert } from "node:assert";
import { exposureStart } from "../../packages/core/src/contracts/exposure.js";
import type {
  ClinicalEvent,
  ContextDrug,
  Exposure,
  IsoDateTime,
  LabResult,
  PatientRecord,
} from "../../packages/core/src/contracts/model.js";
import type { Finding, PatientReport } from "../../packages/core/src/contracts/report.js";
import type { Certainty, DisorderId, TherapyClass } from "../../packages/core/src/contracts/vocabularies.js";
import { servicesFor } from "../../packages/core/src/engine/assess.js";
import { instant } from "../../packages/core/src/engine/dates.js";
import type { EvalContext } from "../../packages/core/src/engine/detect/context.js";
import { groupByLab, usableLabs } from "../../packages/core/src/engine/lab-query.js";
import type { Disorder } from "../../packages/core/src/knowledge/disorders.js";
import type { Knowledge } from "../../packages/core/src/knowledge/knowledge.js";
import { day, exposure, record } from "../support/record.js";

export { day, record };

/** A drug of each therapy class, for the exposure a scenario needs. */
export const DRUG_OF: Record<TherapyClass, string> = {
  ici: "nivolumab",
  bispecific: "blinatumomab",
  antibody: "rituximab",
  "car-t": "tisagenlecleucel",
};

/** An exposure of one class from day 0: CAR-T one infusion, other classes a dose every 14 days to day 56. */
export function exposureOf(cls: TherapyClass, doses: readonly number[] = [0, 14, 28, 42, 56]): Exposure {
  return exposure(DRUG_OF[cls], cls, cls === "car-t" ? [0] : [...doses]);
}

let seq = 0;

/** Options of one lab result: hour of the day (UTC), a reference range from the report. */
export interface LabOptions {
  readonly hour?: number;
  readonly refLow?: number;
  readonly refHigh?: number;
}

/**
 * One lab result `d` days after 2024-01-01 in the catalogue's canonical unit (qualitative for
 * `positive`/`negative`).
 */
export function klab(
  k: Knowledge,
  id: string,
  d: number,
  value: number | "positive" | "negative",
  o: LabOptions = {},
): LabResult {
  seq++;
  const def = k.vocabulary.labById(id);
  assert.ok(def, `lab ${id} is not in knowledge/labs.yaml`);
  const base = {
    ref: `Observation/${id}-${seq}`,
    lab: id,
    loinc: "0-0",
    at: day(d, o.hour ?? 8),
    original: {},
  };
  const range = {
    ...(o.refLow !== undefined ? { refLow: o.refLow } : {}),
    ...(o.refHigh !== undefined ? { refHigh: o.refHigh } : {}),
  };
  return typeof value === "number"
    ? { ...base, value, ...(def.unit ? { unit: def.unit } : {}), ...range }
    : { ...base, qualitative: value };
}

/** One clinical event `d` days after 2024-01-01. */
export function kevent(
  kind: ClinicalEvent["kind"],
  d: number,
  extra: Partial<Omit<ClinicalEvent, "kind" | "at" | "ref">> = {},
  hour = 8,
): ClinicalEvent {
  seq++;
  return { ref: `Condition/${kind}-${seq}`, kind, at: day(d, hour), ...extra };
}

/** One context drug given on day `from` (to `to`, default the same day). */
export function kdrug(roles: ContextDrug["roles"], from: number, to = from, hour = 8): ContextDrug {
  seq++;
  return {
    ref: `MedicationRequest/${roles[0]}-${seq}`,
    drug: String(roles[0]),
    roles,
    start: day(from, hour),
    end: day(to, hour),
  };
}

/**
 * The context the engine evaluates a disorder's criteria in for one exposure and episode (index), with the
 * findings already made for the patient (Evans reads the ITP finding).
 */
export function episodeContext(
  k: Knowledge,
  def: Disorder,
  rec: PatientRecord,
  evaluatedAt: IsoDateTime,
  x: Exposure,
  index: IsoDateTime | undefined,
  findings: readonly Pick<Finding, "disorder" | "certainty">[] = [],
): EvalContext {
  const latency = def.latency[x.class];
  const episodeEnd =
    index === undefined
      ? undefined
      : new Date(Math.min(instant(index) + def.episodeDays * 86_400_000, instant(evaluatedAt))).toISOString();
  return {
    record: rec,
    labsById: groupByLab(usableLabs(rec)),
    evaluatedAt,
    exposure: x,
    exposureStart: exposureStart(x),
    ...(index !== undefined ? { index } : {}),
    ...(episodeEnd !== undefined ? { episodeEnd } : {}),
    ...(latency ? { latency } : {}),
    findings: new Map<DisorderId, Certainty>(findings.map((f) => [f.disorder, f.certainty])),
    services: servicesFor(rec, k),
  };
}

/** The finding of one disorder in a report, if reported. */
export function findingOf(report: PatientReport, disorder: DisorderId): Finding | undefined {
  return report.findings.find((f) => f.disorder === disorder);
}

/** "met", "unmet", "missing", "met (charted)" or "no finding": one criterion or differential as reported. */
export function traceStatus(
  report: PatientReport,
  disorder: DisorderId,
  id: string,
  differential = false,
): string {
  const f = findingOf(report, disorder);
  if (!f) return "no finding";
  const t = (differential ? f.differentials : f.criteria).find((c) => c.id === id);
  if (!t) return `no ${id} in the trace`;
  return t.status === "met" && t.charted ? "met (charted)" : t.status;
}

/** One result of each lab on day `d`, by lab id → value. */
export function klabs(k: Knowledge, d: number, values: Readonly<Record<string, number>>): LabResult[] {
  return Object.entries(values).map(([id, value]) => klab(k, id, d, value));
}

/**
 * HScore items from labs alone (Fardet 2014; triglycerides in mg/dL, 450 mg/dL is 5.1 mmol/L), with a
 * thrombocytopenia, hypofibrinogenaemia and a prolonged PT. HSCORE_LABS[169] with a hepatomegaly charted is 169:
 * temperature 38.8 C 33, hepatomegaly 23, triglycerides 64, fibrinogen 1.2 g/L 30, AST 40 U/L 19, ferritin 1,000
 * and one lineage 0. HSCORE_LABS[168] is 168: ferritin 7,000 50, triglycerides 64, fibrinogen 30, two lineages
 * (platelets 40, haemoglobin 8.5) 24. Immunosuppression and the marrow stay unknown in both.
 */
export const HSCORE_LABS = {
  169: {
    platelets: 40,
    hemoglobin: 12,
    wbc: 7,
    ferritin: 1000,
    triglycerides: 450,
    fibrinogen: 1.2,
    pt: 15.5,
    ast: 40,
    "body-temperature": 38.8,
  },
  168: {
    platelets: 40,
    hemoglobin: 8.5,
    wbc: 7,
    ferritin: 7000,
    triglycerides: 450,
    fibrinogen: 1.2,
    pt: 15.5,
  },
} as const;
