/**
 * The pure pipeline: one normalized patient record + knowledge + evaluation time → the patient's report.
 * Adapters build records; renderers print reports; nothing here reads files or the clock.
 */
import type { Knowledge } from "../knowledge/knowledge.js";
import type { SettingsInForce } from "../settings/schema.js";
import { instant } from "./dates.js";
import type { DetectServices } from "./detect/context.js";
import { type Detection, detectAll } from "./detect/engine.js";
import { baselineFor } from "./grading/baseline.js";
import { gradeRecord, gradeValue } from "./grading/ctcae.js";
import { latestNumeric, usableLabs } from "./lab-query.js";
import { planManagement, planWorkup } from "./manage/plan.js";
import type { IsoDateTime, LabResult, PatientRecord } from "./model.js";
import type {
  AssessmentReport,
  ExposureSummary,
  Finding,
  InputError,
  PatientReport,
  ScoreResult,
} from "./report.js";
import { computeAllScores, computeScore, scoreLabs } from "./scores/index.js";
import { withTimelineChecks } from "./timeline-checks.js";

/** Engine identity stamped on every report, with the site settings `k` was prepared with (src/settings). */
export interface EngineInfo {
  readonly version: string;
  readonly settings: SettingsInForce;
}

/** Detection services bound to one patient, with scores memoised per (score, instant). */
function servicesFor(record: PatientRecord, k: Knowledge): DetectServices {
  const memo = new Map<string, ScoreResult | undefined>();
  const baselines = new Map<string, LabResult | undefined>();
  const lab = (id: string) => k.vocabulary.labById(id);
  return {
    lab,
    score(id, at) {
      const key = `${id}@${at}`;
      if (!memo.has(key)) memo.set(key, computeScore(id, record, at, k.scores, lab));
      return memo.get(key);
    },
    scoreLabs: (id) => scoreLabs(id, k.scores),
    ctcaeGrade(term, result) {
      if (!baselines.has(result.lab)) baselines.set(result.lab, baselineFor(record, result.lab));
      return gradeValue(term, result, baselines.get(result.lab), k.ctcae, lab(result.lab))?.grade;
    },
  };
}

const MANAGEMENT_LABS = ["platelets", "fibrinogen", "adamts13-activity", "fviii-inhibitor"] as const;

/** Clinical facts the management rules are conditioned on, as they stand at the evaluation time. */
function managementFacts(d: Detection, record: PatientRecord, labs: readonly LabResult[], at: IsoDateTime) {
  const since = d.onset ? instant(d.onset.date) - 14 * 86_400_000 : Number.NEGATIVE_INFINITY;
  const recent = record.events.filter((e) => instant(e.at) >= since && instant(e.at) <= instant(at));
  const bleeding = recent.filter((e) => e.kind === "bleeding");
  const thromboses = recent.filter((e) => e.kind === "thrombosis");
  const facts: Record<string, boolean | number | undefined> = {
    bleeding: bleeding.length > 0,
    "life-threatening-bleeding": bleeding.some(
      (e) => (e.grade ?? 0) >= 4 || e.qualifiers?.includes("intracranial") || e.qualifiers?.includes("major"),
    ),
    thrombosis: thromboses.length > 0,
    "high-thrombus-progression-risk": thromboses.some(
      (e) =>
        instant(at) - instant(e.at) <= 30 * 86_400_000 &&
        (e.qualifiers?.includes("pulmonary-embolism") || e.qualifiers?.includes("dvt")),
    ),
    "hit-suspected":
      d.differentials.some((x) => (x.id === "hit" || x.id === "hit-probability") && x.status === "met") ||
      undefined,
  };
  for (const id of MANAGEMENT_LABS) facts[id] = latestNumeric(labs, id, at)?.value;
  return facts;
}

function summarizeExposures(record: PatientRecord): ExposureSummary[] {
  return record.exposures.map((e) => ({
    drug: e.drug,
    class: e.class,
    first: e.first,
    last: e.last,
    doses: e.doses.length,
    ...(e.infusion ? { infusion: e.infusion } : {}),
  }));
}

/**
 * Assesses one patient: exposures, CTCAE grades, scores, findings with workup and management.
 *
 * @example
 * const report = assessPatient(record, "2025-03-01T00:00:00Z", loadKnowledge());
 * report.findings[0]?.disorder; // e.g. "itp"
 */
export function assessPatient(input: PatientRecord, evaluatedAt: IsoDateTime, k: Knowledge): PatientReport {
  const labDef = (id: string) => k.vocabulary.labById(id);
  // Events dated before any therapy that could cause them are reported as conflicts and left out.
  const record = withTimelineChecks(input);
  // Results in a same-instant conflict are reported, never used: scores, grades and detection all read
  // the record without them.
  const labs = usableLabs(record);
  const usable: PatientRecord = labs === record.labs ? record : { ...record, labs };
  const services = servicesFor(usable, k);
  const classes = [...new Set(record.exposures.map((e) => e.class))];
  const now = instant(evaluatedAt);
  const resulted = new Set(labs.filter((l) => instant(l.at) <= now).map((l) => l.lab));
  // A schistocyte result means the smear has been reviewed.
  if (resulted.has("schistocytes") || resulted.has("schistocytes-pct")) resulted.add("peripheral-smear");
  const findings: Finding[] = detectAll(k.disorders, usable, evaluatedAt, services).map((d) => ({
    ...d,
    workup: planWorkup(d.disorder, d.certainty, resulted, k.workup),
    management: planManagement(
      {
        disorder: d.disorder,
        certainty: d.certainty,
        ...(d.grade !== undefined ? { grade: d.grade } : {}),
        therapyClasses: classes,
        facts: managementFacts(d, record, labs, evaluatedAt),
      },
      k.management,
    ),
  }));
  return {
    patientId: record.patientId,
    exposures: summarizeExposures(record),
    grades: gradeRecord(usable, k.ctcae, labDef),
    scores: computeAllScores(usable, evaluatedAt, k.scores, labDef),
    findings,
    unexplained: [],
    rejected: record.rejected,
    notUsed: record.notUsed,
    ignored: record.ignored,
    conflicts: record.conflicts,
    counts: record.counts,
  };
}

/** Assesses every patient; the report carries engine and knowledge versions, the evaluation time and the settings. */
export function assess(
  records: readonly PatientRecord[],
  evaluatedAt: IsoDateTime,
  k: Knowledge,
  engine: EngineInfo,
  inputErrors: readonly InputError[] = [],
): AssessmentReport {
  return {
    engine: { name: "hemosentinel", version: engine.version, knowledgeVersion: k.version },
    evaluatedAt,
    settings: engine.settings,
    patients: records.map((r) => assessPatient(r, evaluatedAt, k)),
    inputErrors,
  };
}
