/**
 * Reading a variant of a published case (test/cases/variants.ts) as the engine reports it, and its finding as a
 * user compares it with the published record's: for the published-variants sweep and its run under a second time
 * zone.
 */
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { createEngine } from "../../packages/core/src/create-engine.js";
import { buildBundle } from "../cases/build-bundles.js";
import type { CaseSpec } from "../cases/spec.js";
import { CASE_AT } from "../cases/try-case.js";
import type { Variant } from "../cases/variants.js";
import { testKnowledge } from "./knowledge.js";

const k = testKnowledge();

/** The one patient of a FHIR bundle or CSV document, assessed the day the case suite reads its cases. */
export function assessDocument(document: Variant["document"], caseId: string): PatientReport {
  const engine = createEngine(k, { evaluatedAt: CASE_AT, version: "case" });
  engine.add(document, document.kind === "csv" ? `${caseId}.csv` : `${caseId}.json`);
  const [patient] = engine.report().patients;
  if (!patient) throw new Error(`${caseId}: no patient`);
  return patient;
}

/** The report of a variant. */
export const assessVariant = (v: Variant): PatientReport => assessDocument(v.document, v.caseId);

/** The report of a case's published record, as the case suite builds it. */
export const assessPublished = (s: CaseSpec): PatientReport =>
  assessDocument({ kind: "fhir", value: buildBundle(s) }, s.id);

const DAY = 86_400_000;
/**
 * Days the date of the instant `iso` moves when written at `offset` minutes from UTC (−1, 0 or 1): the engine
 * counts days between dates as written, the clinical day where the record was made.
 */
const localShift = (iso: string, offset: number) =>
  Math.floor((Date.parse(iso) + offset * 60_000) / DAY) - Math.floor(Date.parse(iso) / DAY);

/**
 * The finding of `disorder` in `p` as a user reads it, or "none": certainty, grade, onset instant and onset day —
 * the day as counted when the record's date-times are written at `offset` minutes from UTC. The bundles give each
 * dose at 10:00 UTC, on the same date at +09:00 and at −05:00, so only the onset's date can move.
 */
export function findingOf(p: PatientReport | undefined, disorder: string, offset = 0): string {
  const f = p?.findings.find((x) => x.disorder === disorder);
  if (!f) return "none";
  const day =
    f.onset?.daysFromFirstDose === undefined
      ? "-"
      : f.onset.daysFromFirstDose + localShift(f.onset.date, offset);
  const onset = f.onset ? `onset ${new Date(Date.parse(f.onset.date)).toISOString()} day ${day}` : "no onset";
  return `${f.certainty}, grade ${f.grade ?? "-"}, ${onset}`;
}
