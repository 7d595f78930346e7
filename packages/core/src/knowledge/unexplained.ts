/**
 * The serious abnormalities every report must show (knowledge/unexplained.yaml): CTCAE lab terms from a
 * grade, thrombosis and major bleeding, with the disorders that account for each and the tests that would
 * settle it.
 */
import { z } from "zod";
import { DisorderIdSchema, EventKindSchema, Id, SourceIds } from "../contracts/vocabularies.js";

/** A work-up entry of knowledge/workup.yaml, as `disorder/id`. */
const WorkupRef = z.string().regex(/^[a-z]+\/[a-z0-9-]+$/, "workup entries are disorder/id");

const Common = {
  label: z.string().min(3),
  explainedBy: z.array(DisorderIdSchema),
  workup: z.array(WorkupRef).min(1),
  sourceIds: SourceIds,
};

export const UnexplainedFile = z
  .object({
    accountDaysBefore: z.number().int().min(0),
    labs: z.array(
      z.object({ term: Id, lab: Id, minGrade: z.number().int().min(1).max(4), ...Common }).strict(),
    ),
    events: z.array(
      z
        .object({
          id: Id,
          event: EventKindSchema,
          /** Only events carrying one of these qualifiers fall under the rule (its site), whatever their grade. */
          qualifiers: z.array(z.string()).min(1).optional(),
          minGrade: z.number().int().min(1).max(5).optional(),
          /** Met by any of these qualifiers whatever the grade (critical sites). */
          orQualifiers: z.array(z.string()).optional(),
          ...Common,
        })
        .strict(),
    ),
  })
  .strict();
export type UnexplainedRules = z.infer<typeof UnexplainedFile>;
