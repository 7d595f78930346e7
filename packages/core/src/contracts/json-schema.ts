/**
 * The JSON Schema of the output report, generated from its zod schema: what docs/report.schema.json
 * publishes (with the TSDoc of each type as descriptions) and what a server can serve.
 */
import { z } from "zod";
import { AssessmentReportSchema } from "./report.js";

/**
 * The JSON Schema (draft 2020-12) of {@link AssessmentReportSchema}: every named part of the report
 * (`Finding`, `PatientReport`, …) under `$defs`.
 *
 * @example
 * reportJsonSchema().$defs?.Finding; // { type: "object", properties: { disorder: { enum: ["itp", …] }, … } }
 */
export function reportJsonSchema(): z.core.JSONSchema.BaseSchema {
  return z.toJSONSchema(AssessmentReportSchema, {
    target: "draft-2020-12",
    io: "output",
    unrepresentable: "throw",
  });
}
