/**
 * One patient's assessment with the record it rests on: the body of the server's
 * `GET /api/patients/{id}` and what the web app shows, written once for both sides.
 */
import { z } from "zod";
import { PatientRecordSchema } from "./model.js";
import type { ReadonlyDeep } from "./readonly.js";
import { AssessmentReportSchema, PatientReportSchema } from "./report.js";

export const PatientAssessmentSchema = z
  .strictObject({
    engine: AssessmentReportSchema.shape.engine,
    evaluatedAt: AssessmentReportSchema.shape.evaluatedAt,
    settings: AssessmentReportSchema.shape.settings,
    patient: PatientReportSchema,
    record: PatientRecordSchema,
  })
  .meta({ id: "PatientAssessment" });

export type PatientAssessment = ReadonlyDeep<z.infer<typeof PatientAssessmentSchema>>;
