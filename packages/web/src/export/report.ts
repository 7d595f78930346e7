/**
 * The patient's report as the CLI writes it, for export: HTML (the core's self-contained page), plain text
 * for the EHR note (the core's text report) and JSON (the output contract).
 */
import {
  type AssessmentReport,
  type InputError,
  type RenderContext,
  renderHtml,
  renderText,
} from "@hemosentinel/core";
import type { PatientAssessment } from "../engine/assess-documents.js";

/** The one-patient report of an assessment, with the input problems of what was opened. */
export function reportOf(a: PatientAssessment, inputErrors: readonly InputError[] = []): AssessmentReport {
  return {
    engine: a.engine,
    evaluatedAt: a.evaluatedAt,
    settings: a.settings,
    patients: [a.patient],
    inputErrors,
  };
}

/** File name stem for exports: the patient id made safe for a file name, and the evaluation date. */
export function exportName(a: PatientAssessment): string {
  const id = a.patient.patientId.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 60);
  return `hemosentinel-${id}-${a.evaluatedAt.slice(0, 10)}`;
}

export function reportHtml(report: AssessmentReport, ctx: RenderContext): string {
  return renderHtml(report, ctx);
}

export function reportText(report: AssessmentReport, ctx: RenderContext): string {
  return renderText(report, { ...ctx, color: false });
}

export function reportJson(report: AssessmentReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
