/**
 * The report as FHIR R4 resources (`POST /api/assess?format=fhir`): a collection Bundle with one
 * DetectedIssue per finding and per unexplained abnormality (with references to the records they rest
 * on as evidence, and the plan as mitigations, each line with its urgency and sources), one DetectedIssue
 * for the plan before a procedure planned for the patient (its cited lines as mitigations), and one
 * RiskAssessment per computed score.
 */
import {
  type AssessmentReport,
  type Finding,
  type ManagementItem,
  type PatientReport,
  PROCEDURES_HEADING,
  type ScoreResult,
  type UnexplainedItem,
  wholePlan,
} from "@hemosentinel/core";
import { inRunningText, type Names } from "../cds/names.js";
import { indicatorOf, unexplainedIndicatorOf } from "../cds/policy.js";

type Json = Record<string, unknown>;

export const DISORDER_SYSTEM = "urn:hemosentinel:disorder";
export const SCORE_SYSTEM = "urn:hemosentinel:score";
const SEVERITY = { critical: "high", warning: "moderate", info: "low" } as const;

/** `Observation/abc` → a Reference; anything else (a CSV line, a fullUrl) as an identifier-less display. */
function referenceTo(ref: string): Json {
  return /^[A-Z][A-Za-z]+\/[A-Za-z0-9\-.]{1,64}$/.test(ref) ? { reference: ref } : { display: ref };
}

function evidenceOf(refs: readonly string[]): Json[] {
  const unique = [...new Set(refs)];
  return unique.length === 0 ? [] : [{ detail: unique.map(referenceTo) }];
}

/** A plan line as a mitigation: its kind, urgency, action and the sources it cites, as the report shows it. */
function mitigationOf(names: Names, m: ManagementItem): Json {
  const sources = m.sourceIds.map((id) => names.referenceLabel(id)).join(", ");
  return {
    action: {
      text: `${m.kind}: ${m.urgent === true ? "urgent: " : ""}${m.action}${sources === "" ? "" : ` (${sources})`}`,
    },
  };
}

function findingIssue(names: Names, p: PatientReport, f: Finding, at: string, id: string): Json {
  const evidence = evidenceOf(
    [...f.criteria, ...f.differentials].filter((c) => c.status === "met").flatMap((c) => c.evidence),
  );
  // A DetectedIssue stands alone: its mitigation is the finding's whole plan, the lines shown under another included.
  const management = wholePlan(p, f);
  const url = management[0]?.sourceIds[0];
  const reference = url === undefined ? undefined : names.referenceUrl(url);
  return {
    resourceType: "DetectedIssue",
    id,
    status: "preliminary",
    code: {
      coding: [{ system: DISORDER_SYSTEM, code: f.disorder, display: names.disorder(f.disorder) }],
      // A charted event whose certainty grades only its link to the drug says so, as the report's heading does.
      text:
        f.certaintyOf === "attribution"
          ? `charted ${names.disorder(f.disorder)}${f.grade === undefined ? "" : `, grade ${f.grade}`} (link to ${f.onset?.drug === undefined ? "the immunotherapy" : names.drug(f.onset.drug)} ${f.certainty})`
          : `${f.certainty} ${names.disorder(f.disorder)}${f.grade === undefined ? "" : `, grade ${f.grade}`}`,
    },
    severity: SEVERITY[indicatorOf(f).indicator],
    patient: { reference: `Patient/${p.patientId}` },
    identifiedDateTime: at,
    ...(evidence.length > 0 && { evidence }),
    detail: f.summary,
    ...(reference !== undefined && { reference }),
    ...(management.length > 0 && {
      mitigation: management.map((m) => mitigationOf(names, m)),
    }),
  };
}

function unexplainedIssue(names: Names, p: PatientReport, u: UnexplainedItem, at: string, id: string): Json {
  const evidence = evidenceOf(u.evidence);
  const plan = wholePlan(p, u);
  const mitigation = [
    ...u.workup.map((w) => ({ action: { text: `work-up: ${w.test}` } })),
    ...plan.map((m) => mitigationOf(names, m)),
  ];
  const url = plan[0]?.sourceIds[0];
  const reference = url === undefined ? undefined : names.referenceUrl(url);
  return {
    resourceType: "DetectedIssue",
    id,
    status: "preliminary",
    code: {
      coding: [{ system: DISORDER_SYSTEM, code: "unexplained", display: "Unexplained serious abnormality" }],
      text: `Unexplained ${inRunningText(names.abnormality(u.abnormality))}${u.grade === undefined ? "" : `, grade ${u.grade}`}`,
    },
    // As a finding's: from the item's grade and plan (cds/policy.ts, UNEXPLAINED_INDICATOR_RULES).
    severity: SEVERITY[unexplainedIndicatorOf({ ...u, management: plan }).indicator],
    patient: { reference: `Patient/${p.patientId}` },
    identifiedDateTime: at,
    ...(evidence.length > 0 && { evidence }),
    detail: u.why,
    ...(reference !== undefined && { reference }),
    // The work-up, then a named pattern's own cited plan, written as a finding's plan is.
    ...(mitigation.length > 0 && { mitigation }),
  };
}

/**
 * The patient's plan before a planned procedure (the report's `procedures`) as one DetectedIssue: the issue is
 * between the procedure planned in the record and what the patient has (a count below the one it needs, an
 * anticoagulant within its interval); its cited lines are the mitigations, its first source the reference, and
 * every source is named in the detail. Moderate, as the warning card of the same plan. None without a plan.
 */
function procedureIssue(names: Names, p: PatientReport, at: string, id: string): Json | undefined {
  const plan = p.procedures?.management ?? [];
  const first = plan[0]?.sourceIds[0];
  if (first === undefined) return undefined;
  const reference = names.referenceUrl(first);
  const sourceIds = [...new Set(plan.flatMap((m) => m.sourceIds))];
  return {
    resourceType: "DetectedIssue",
    id,
    status: "preliminary",
    code: {
      coding: [{ system: DISORDER_SYSTEM, code: "procedure-plan", display: PROCEDURES_HEADING }],
      text: `${PROCEDURES_HEADING}: ${plan.length === 1 ? "1 cited line" : `${plan.length} cited lines`}`,
    },
    severity: SEVERITY.warning,
    patient: { reference: `Patient/${p.patientId}` },
    identifiedDateTime: at,
    detail: `The lines that hold before a procedure planned in the record, whether or not a finding is detected. Sources: ${sourceIds.map((s) => names.citation(s)).join(" | ")}`,
    ...(reference !== undefined && { reference }),
    mitigation: plan.map((m) => mitigationOf(names, m)),
  };
}

function riskAssessment(p: PatientReport, s: ScoreResult, name: string, id: string): Json {
  const basis = [...new Set(s.evidence)].map(referenceTo);
  const missing = s.missing.length === 0 ? "" : `; not computable: ${s.missing.join(", ")}`;
  return {
    resourceType: "RiskAssessment",
    id,
    status: s.category === "incomplete" ? "preliminary" : "final",
    subject: { reference: `Patient/${p.patientId}` },
    occurrenceDateTime: s.at,
    code: { coding: [{ system: SCORE_SYSTEM, code: s.id, display: name }], text: name },
    ...(basis.length > 0 && { basis }),
    prediction: [
      {
        outcome: { text: s.interpretation },
        qualitativeRisk: {
          coding: [{ system: `${SCORE_SYSTEM}-category`, code: s.category }],
          text: s.category,
        },
      },
    ],
    note: [
      { text: `${name}: ${s.value === null ? "no component computable" : `value ${s.value}`}${missing}` },
    ],
  };
}

/**
 * A collection Bundle of the report's findings and scores as FHIR resources.
 * @example
 * reportAsFhir(report, names, (id) => knowledge.scores.get(id)?.name); // { resourceType: "Bundle", type: "collection", entry: [...] }
 */
export function reportAsFhir(
  report: AssessmentReport,
  names: Names,
  scoreName: (id: string) => string | undefined,
): Json {
  const entry: Json[] = [];
  let n = 0;
  const add = (resource: Json) => {
    n++;
    entry.push({ resource });
  };
  for (const p of report.patients) {
    for (const f of p.findings) add(findingIssue(names, p, f, report.evaluatedAt, `finding-${n + 1}`));
    for (const u of p.unexplained)
      add(unexplainedIssue(names, p, u, report.evaluatedAt, `unexplained-${n + 1}`));
    const procedures = procedureIssue(names, p, report.evaluatedAt, `procedures-${n + 1}`);
    if (procedures !== undefined) add(procedures);
    for (const s of p.scores) add(riskAssessment(p, s, scoreName(s.id) ?? s.id, `score-${n + 1}`));
  }
  const { version, knowledgeVersion, knowledgeHash } = report.engine;
  return {
    resourceType: "Bundle",
    type: "collection",
    timestamp: report.evaluatedAt,
    meta: {
      tag: [
        {
          system: "urn:hemosentinel:engine",
          code: version,
          display: `HemoSentinel ${version}, knowledge ${knowledgeVersion} (${knowledgeHash})`,
        },
      ],
    },
    ...(entry.length > 0 && { entry }),
  };
}
