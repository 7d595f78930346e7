/**
 * The server's assessment of one patient: `GET /api/patients/{id}` answers
 * `{ engine, evaluatedAt, settings, patient, record }`, or an RFC 9457 problem document (404 when the
 * server holds no assessment of that patient). The answer is checked against the core's contract schemas
 * before anything is shown.
 */
import { type PatientAssessment, PatientAssessmentSchema } from "@hemosentinel/core";
import { fetchChecked } from "./api.js";

export type ServerAnswer =
  | { readonly ok: true; readonly assessment: PatientAssessment }
  | { readonly ok: false; readonly status?: number; readonly title: string; readonly detail?: string };

/**
 * The path of a patient's assessment on the server, with the card link's `access` token when the page was
 * opened from a CDS card (the server grants that one patient to the token's holder).
 */
export function patientPath(id: string, access?: string): string {
  const path = `/api/patients/${encodeURIComponent(id)}`;
  return access === undefined || access === "" ? path : `${path}?access=${encodeURIComponent(access)}`;
}

/**
 * Fetches and checks a patient's assessment (from `path`, default the server's patient API).
 * @example
 * const answer = await fetchPatientAssessment("p1");
 * if (answer.ok) answer.assessment.patient.findings[0]?.disorder;
 */
export async function fetchPatientAssessment(
  id: string,
  fetcher: typeof fetch = fetch,
  access?: string,
  path = patientPath(id, access),
): Promise<ServerAnswer> {
  const answer = await fetchChecked(
    path,
    PatientAssessmentSchema,
    { notFound: "The server has no assessment of this patient", contract: "the assessment contract" },
    fetcher,
  );
  return answer.ok ? { ok: true, assessment: answer.value as PatientAssessment } : answer;
}
