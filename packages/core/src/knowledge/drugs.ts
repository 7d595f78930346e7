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

/* Verhoeff tables: the last digit of an SCTID checks the others (SNOMED CT technical implementation guide). */
const VERHOEFF_D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const VERHOEFF_P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];

/** Whether a string of digits carries a valid Verhoeff check digit (the last one). */
export function verhoeffValid(digits: string): boolean {
  let c = 0;
  const n = digits.length;
  for (let i = 0; i < n; i++) {
    const row = VERHOEFF_P[i % 8] as number[];
    c = (VERHOEFF_D[c] as number[])[row[Number(digits[n - 1 - i])] as number] as number;
  }
  return c === 0;
}

/**
 * SNOMED CT concept id: 6 to 18 digits, the last a Verhoeff check digit; a concept (not a description or
 * relationship) has partition 00 or 10 in the two digits before it. Drugs and clinical events use it.
 */
export const SctId = z
  .string()
  .regex(/^[1-9]\d{5,17}$/, "a SNOMED CT concept id is 6 to 18 digits written as a string")
  .refine((s) => /[01]0\d$/.test(s), "the partition digits of this SCTID do not name a concept")
  .refine(verhoeffValid, "the Verhoeff check digit of this SCTID is wrong (a mistyped code?)");

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
  /**
   * SNOMED CT codes of the drug (its substance concept), each read beside the drug's name in a published
   * terminology artefact: a record coded in SNOMED CT alone (no RxNorm, no ATC, no name) is this drug.
   */
  snomed: z.array(SctId).min(1).optional(),
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
