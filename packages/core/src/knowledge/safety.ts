/**
 * Plan invariants (knowledge/safety.yaml): what no plan may contain. Each kind has fixed semantics in
 * src/core/manage/invariants.ts; its thresholds and tags are data with their sources.
 */
import { z } from "zod";
import { CertaintySchema, DisorderIdSchema, Id, SourceIds } from "../contracts/vocabularies.js";

const Tags = z.array(Id).min(1);
const base = { id: Id, label: z.string().min(10), sourceIds: SourceIds };

export const Invariant = z.discriminatedUnion("kind", [
  z
    .object({
      ...base,
      kind: z.literal("platelet-floor"),
      tags: Tags,
      /** Platelets ×10⁹/L below which no item may carry these tags. */
      below: z.number().positive(),
      /** An item that also carries one of these tags is allowed (e.g. transfusion-supported full dose). */
      unlessTags: Tags.optional(),
    })
    .strict(),
  z
    .object({
      ...base,
      kind: z.literal("forbidden-with-finding"),
      disorders: z.array(DisorderIdSchema).min(1),
      /** Only a finding of these disorders at this certainty or above bans the tags (absent: any certainty). */
      minCertainty: CertaintySchema.optional(),
      tags: Tags,
      /** A boolean management fact that, when true, lifts the ban (life-threatening bleeding). */
      unlessFact: z.string().optional(),
    })
    .strict(),
  z
    .object({
      ...base,
      kind: z.literal("required-with"),
      /** The findings whose items are checked. */
      disorders: z.array(DisorderIdSchema).min(1),
      whenTags: Tags,
      plateletsBelow: z.number().positive(),
      /** Each of these tags must be carried by some item of the patient's plans. */
      requireTags: Tags,
    })
    .strict(),
  z
    .object({
      ...base,
      kind: z.literal("grade-floor"),
      tags: Tags,
      minGrade: z.number().int().min(1),
      /**
       * An item whose own conditions require one of these facts true stops for that fact, not for the finding's
       * grade (a myocarditis on record after the checkpoint inhibitor), and is not held to the floor.
       */
      unlessItemFacts: z.array(Id).min(1).optional(),
    })
    .strict(),
  /** No item of a finding whose facts have `fact` true carries one of `tags` (e.g. major bleeding). */
  z
    .object({
      ...base,
      kind: z.literal("forbidden-with-fact"),
      /** A boolean management fact (contracts/management-facts.ts). */
      fact: z.string().min(1),
      tags: Tags,
      /**
       * Boolean management facts of which any one, true, lifts the ban for that finding (HIT: a major bleed or a
       * high-bleeding-risk procedure planned). Absent: the ban has no exception.
       */
      unlessFacts: z.array(z.string().min(1)).min(1).optional(),
      /**
       * With the ban lifted, the finding's plan must carry an item with one of these tags, the line that says why
       * the item stands (platelets in HIT: for the bleed or the procedure only). Only with `unlessFacts`.
       */
      liftSaidBy: Tags.optional(),
    })
    .strict()
    .refine((x) => x.liftSaidBy === undefined || x.unlessFacts !== undefined, {
      message: "liftSaidBy needs unlessFacts",
    }),
  /**
   * The plan of every finding (of `disorders`, or of any) whose facts are all true has an avoid item against
   * one of `avoids`: a drug a label stops after such an event is never left unmentioned.
   */
  z
    .object({
      ...base,
      kind: z.literal("stop-required-with-facts"),
      /** Boolean management facts (contracts/management-facts.ts), all true. */
      facts: z.array(z.string().min(1)).min(1),
      avoids: Tags,
      disorders: z.array(DisorderIdSchema).min(1).optional(),
    })
    .strict(),
  z.object({ ...base, kind: z.literal("no-contradiction") }).strict(),
  /**
   * No plan item tagged with one of `tags` while an avoid item of any finding of the same patient, whatever its
   * scope, advises against that tag: two plans of one patient never give opposite advice on these treatments.
   */
  z.object({ ...base, kind: z.literal("no-contradiction-across-findings"), tags: Tags }).strict(),
  /** No patient's plans carry an item tagged with one of `tags` and an item tagged with one of `against`. */
  z.object({ ...base, kind: z.literal("exclusive"), tags: Tags, against: Tags }).strict(),
]);
export type Invariant = z.infer<typeof Invariant>;

export const SafetyFile = z.object({ invariants: z.array(Invariant).min(1) }).strict();
