/**
 * The server's assessment of one patient: `GET /api/patients/{id}` answers
 * `{ engine, evaluatedAt, settings, patient, record }`, or an RFC 9457 problem document (404 when the
 * server holds no assessment of that patient). The answer is checked against the core's contract schemas
 * before anything is shown.
 */
import { type PatientAssessment, PatientAssessmentSchema } from "@hemosentinel/core";

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

function problemOf(status: number, body: unknown): { title: string; detail?: string } {
  const p = (body ?? {}) as { title?: unknown; detail?: unknown };
  const title =
    typeof p.title === "string"
      ? p.title
      : status === 404
        ? "The server has no assessment of this patient"
        : `The server answered HTTP ${status}`;
  return typeof p.detail === "string" ? { title, detail: p.detail } : { title };
}

/**
 * Fetches and checks a patient's assessment.
 * @example
 * const answer = await fetchPatientAssessment("p1");
 * if (answer.ok) answer.assessment.patient.findings[0]?.disorder;
 */
export async function fetchPatientAssessment(
  id: string,
  fetcher: typeof fetch = fetch,
  access?: string,
): Promise<ServerAnswer> {
  let response: Response;
  try {
    response = await fetcher(patientPath(id, access), { headers: { accept: "application/json" } });
  } catch (e) {
    return {
      ok: false,
      title: "The server could not be reached",
      detail: e instanceof Error ? e.message : String(e),
    };
  }
  const type = response.headers.get("content-type") ?? "";
  const body: unknown = /json/.test(type) ? await response.json().catch(() => undefined) : undefined;
  if (!response.ok) return { ok: false, status: response.status, ...problemOf(response.status, body) };
  if (body === undefined)
    return { ok: false, status: response.status, title: "The server's answer is not JSON" };
  const checked = PatientAssessmentSchema.safeParse(body);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? "" : ` at ${issue.path.join(".")}`;
    return {
      ok: false,
      status: response.status,
      title: "The server's answer does not follow the assessment contract",
      detail: `${issue?.message ?? "invalid"}${where}`,
    };
  }
  return { ok: true, assessment: checked.data as PatientAssessment };
}
