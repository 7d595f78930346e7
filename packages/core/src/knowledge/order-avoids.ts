/**
 * Which drugs each `avoids` tag of the management knowledge covers (knowledge/order-avoids.yaml): the map
 * the order-sign service reads to tell that a draft order of enoxaparin breaches "HIT suspected: stop all
 * heparin". A tag covers the context drugs of its roles and the drugs it names. A tag a drug breaches only at
 * some doses, or only beside another drug (full-dose anticoagulation, dual antiplatelet therapy), says so in
 * `only`; a tag no medication order gives (a platelet transfusion, an invasive procedure) is listed under
 * `notOrders` with the reason, so that every tag of the plans is accounted for.
 */
import { z } from "zod";
import { ContextRoleSchema, Id, SourceIds } from "../contracts/vocabularies.js";

/** The dose levels of anticoagulation the plans name (`full-dose-anticoagulation`, …). */
export const AnticoagulationDoseSchema = z.enum(["full", "reduced", "prophylactic", "course"]);
export type AnticoagulationDose = z.infer<typeof AnticoagulationDoseSchema>;

export const OrderAvoidTag = z
  .object({
    tag: Id,
    roles: z.array(ContextRoleSchema).default([]),
    /** Context-drug ids of knowledge/context-drugs.yaml. */
    drugs: z.array(Id).default([]),
    /**
     * The draft breaches the tag only in a circumstance the order does not show (a dose, a second drug), in
     * words that follow "the plan forbids it" (e.g. `at a full dose`); the card then asks to check the order.
     */
    only: z.string().min(5).optional(),
    /** The anticoagulation dose level this tag names; an avoid item naming full, reduced and prophylactic covers every dose. */
    dose: AnticoagulationDoseSchema.optional(),
    note: z.string().min(10).optional(),
    sourceIds: SourceIds,
  })
  .strict()
  .refine((t) => t.roles.length > 0 || t.drugs.length > 0, { message: "a tag covers roles or drugs" })
  .refine((t) => t.dose === undefined || t.only !== undefined, {
    message: "a dose level is breached only at that dose: say so in `only`",
  });
export type OrderAvoidTag = z.infer<typeof OrderAvoidTag>;

export const OrderAvoidsFile = z
  .object({
    tags: z.array(OrderAvoidTag).min(1),
    /** Avoid tags no medication order gives, each with the reason. */
    notOrders: z.array(z.object({ tag: Id, why: z.string().min(10) }).strict()).default([]),
  })
  .strict();
export type OrderAvoids = z.infer<typeof OrderAvoidsFile>;
