/**
 * Drug catalogues (knowledge/drugs.yaml: immunotherapy; knowledge/context-drugs.yaml: drugs that matter
 * for differentials): their schemas. The medication matcher every adapter uses is in medication-index.ts,
 * which imports only types from this file, so that a program that opens a compiled bundle never loads zod.
 */
import { z } from "zod";
import { ContextRoleSchema, Id, SourceIds, TherapyClassSchema } from "../contracts/vocabularies.js";

/** WHO ATC level-5 code: anatomical group, two digits, two letters, two digits (e.g. L01FF01). */
const AtcCode = z.string().regex(/^[A-Z]\d{2}[A-Z]{2}\d{2}$/, "an ATC code has 7 characters, e.g. L01FF01");
const Rxcui = z.string().regex(/^\d+$/, "an RxNorm RXCUI is a number written as a string");
const Name = z.string().trim().min(1);

const entryShape = {
  id: Id,
  inn: Name,
  brands: z.array(Name).default([]),
  atc: z.union([AtcCode, z.array(AtcCode).min(1)]).optional(),
  rxnorm: Rxcui.optional(),
  /**
   * RxNorm codes of this drug's products (clinical and branded drugs, brand name), each seen listed with
   * the drug: a record coded by one of them alone is this drug, as by the ingredient code.
   */
  rxnormProducts: z.array(Rxcui).min(1).optional(),
  synonyms: z.array(Name).default([]),
  /** Single agents absorbed by this fixed combination when both are named. */
  includes: z.array(Id).optional(),
  /** Words that, in the same text, mean another product (a topical form): the text match is dropped. */
  exclude: z.array(Name).optional(),
  /**
   * The entry stands for an unnamed product of its class ("CD19 CAR-T cells" in a trial, "DOAC"): it
   * gives way to a named drug of the same catalogue in the same concept.
   */
  generic: z.literal(true).optional(),
  /** Fields whose value could not be checked (the value is then absent). */
  unverified: z.array(z.enum(["rxnorm", "atc", "approvals"])).optional(),
  note: z.string().optional(),
  sourceIds: SourceIds,
};

export const DrugEntry = z
  .object({
    ...entryShape,
    class: TherapyClassSchema,
    targets: z.array(Name).min(1),
    approvals: Name,
  })
  .strict();
export type DrugEntry = z.infer<typeof DrugEntry>;

export const ContextDrugEntry = z
  .object({ ...entryShape, roles: z.array(ContextRoleSchema).min(1) })
  .strict();
export type ContextDrugEntry = z.infer<typeof ContextDrugEntry>;

export const DrugFile = z.object({ notes: z.string().optional(), drugs: z.array(DrugEntry).min(1) }).strict();
export const ContextDrugFile = z
  .object({ notes: z.string().optional(), contextDrugs: z.array(ContextDrugEntry).min(1) })
  .strict();

export interface DrugCatalogue {
  readonly drugs: readonly DrugEntry[];
  readonly contextDrugs: readonly ContextDrugEntry[];
}
