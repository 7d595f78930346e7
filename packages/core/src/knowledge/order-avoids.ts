/**
 * Which drugs each `avoids` tag of the management knowledge covers (knowledge/order-avoids.yaml): the map
 * the order-sign service reads to tell that a draft order of enoxaparin breaches "HIT suspected: stop all
 * heparin". A tag covers the context drugs of its roles and the drugs it names. A tag a drug breaches only at
 * some doses, or only beside another drug (full-dose anticoagulation, dual antiplatelet therapy), says so in
 * `only`; a tag no medication order gives (a platelet transfusion, an invasive procedure) is listed under
 * `notOrders` with the reason, so that every tag of the plans is accounted for. A blood product (platelets,
 * plasma) is ordered as a ServiceRequest or a MedicationRequest of no catalogue drug: `products` says which
 * codes and words name it and which tags it gives. `prophylacticDoses` holds, per anticoagulant, the
 * largest daily dose of the usual prophylactic regimen, so that a draft's dose can be read against an avoid
 * item that forbids only some doses.
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
    /** Context-drug ids of knowledge/context-drugs.yaml, or immunotherapy drug ids of knowledge/drugs.yaml (rituximab). */
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

/** A coding that names a blood product order (a SNOMED CT procedure such as "Platelet transfusion"). */
const ProductCode = z
  .object({ system: z.string().url(), code: z.string().min(1), display: z.string() })
  .strict();

/**
 * A blood product a draft ServiceRequest (or a MedicationRequest of no catalogue drug) orders, named by a
 * code or by words in its text or displays, and the avoid tags an order of it gives.
 */
export const OrderAvoidProduct = z
  .object({
    id: Id,
    /** How a card names the order (`platelet transfusion`). */
    display: z.string().min(3),
    /** The avoid tags an order of this product gives. */
    tags: z.array(Id).min(1),
    codes: z.array(ProductCode).default([]),
    /** Words or phrases (case-insensitive, whole words) that name the product in a text or display. */
    text: z.array(z.string().min(2)).min(1),
    /**
     * Phrases that make the whole order something else (`plasma exchange`, `CBC`): an order naming one is
     * not of this product, whatever else it says.
     */
    exclude: z.array(z.string().min(2)).default([]),
    /**
     * Phrases set aside before `text` is sought, since they hold one of its words without naming the
     * product (`platelet count` in "transfuse platelets if the platelet count is below 10").
     */
    ignore: z.array(z.string().min(2)).default([]),
    note: z.string().min(10).optional(),
    sourceIds: SourceIds,
  })
  .strict();
export type OrderAvoidProduct = z.infer<typeof OrderAvoidProduct>;

/**
 * An order no plan forbids but that a plan line must reach (red cells after an anti-CD38 antibody: the blood
 * bank must be told; rituximab beside a hepatitis B on record: antiviral prophylaxis first): named as a blood
 * product is, or by catalogue drug, it brings each of `lines` (recommendation ids) as a card when the line's
 * facts hold for the patient. Only facts the order service can read are allowed (checked against the plans).
 */
export const OrderNotice = z
  .object({
    ...OrderAvoidProduct.omit({ tags: true }).shape,
    text: z.array(z.string().min(2)).default([]),
    /**
     * Catalogue drugs (knowledge/drugs.yaml ids) whose draft MedicationRequest the notice names, matched as the
     * record's drugs are (rituximab with a hepatitis B on record), beside or instead of a product's codes and words.
     */
    drugs: z.array(Id).default([]),
    /**
     * Context-drug roles (context-drugs.yaml) whose course on record at the evaluation time (started by then, no
     * end or an end not before it) makes the card needless: the line's own measure is already taken (an entecavir
     * or tenofovir already given for the hepatitis B).
     */
    unlessRoles: z.array(ContextRoleSchema).default([]),
    /** The card's summary, before the evidence on record is named (`Hepatitis B on record`): absent, the blood-bank words. */
    summary: z.string().min(10).optional(),
    /** Recommendation ids of the management knowledge whose words the card quotes. */
    lines: z.array(Id).min(1),
  })
  .strict()
  .refine((n) => n.codes.length + n.text.length + n.drugs.length > 0, {
    message: "name the order by codes, words or catalogue drugs",
  });
export type OrderNotice = z.infer<typeof OrderNotice>;

/**
 * A reason a draft order may give (`reasonCode`, `reasonReference`), named by words in its text or the
 * displays of its codings: the circumstance of an avoid item's exception (`serious-bleeding`).
 */
export const OrderReason = z
  .object({
    id: Id,
    /** How a card names the reason (`serious or life-threatening bleeding`). */
    display: z.string().min(3),
    /** Words or phrases (case-insensitive, whole words) that name the reason. */
    text: z.array(z.string().min(2)).min(1),
    /** Phrases that make the reason something else (`no bleeding`, `prophylaxis`): never this reason. */
    exclude: z.array(z.string().min(2)).default([]),
    note: z.string().min(10).optional(),
  })
  .strict();
export type OrderReason = z.infer<typeof OrderReason>;

/**
 * The largest daily dose of an anticoagulant's usual prophylactic regimen (enoxaparin 40 mg once daily):
 * a draft at or below it is a prophylactic dose, one above it a reduced or full dose (which of the two
 * depends on body weight, which is not read).
 */
export const ProphylacticDose = z
  .object({
    /** Context-drug id. */
    drug: Id,
    /** The prophylactic regimen in words, for the card (`40 mg once daily`). */
    regimen: z.string().min(3),
    /**
     * The daily amount, in `unit` (UCUM: `mg`, `[iU]`). 0 for a drug whose label has no prophylactic
     * regimen (edoxaban in the US label): every dose of it is a treatment dose, reduced or full.
     */
    dailyAmount: z.number().nonnegative(),
    /**
     * The most administrations a day of the prophylactic regimen, when the label gives treatment regimens
     * of the same daily amount more often (dabigatran 220 mg once daily prevents; twice-daily doses treat):
     * a draft given more often is not the prophylactic regimen, whatever its daily amount.
     */
    timesPerDay: z.number().int().positive().optional(),
    unit: z.enum(["mg", "[iU]"]),
    note: z.string().min(10).optional(),
    sourceIds: SourceIds,
  })
  .strict();
export type ProphylacticDose = z.infer<typeof ProphylacticDose>;

export const OrderAvoidsFile = z
  .object({
    tags: z.array(OrderAvoidTag).min(1),
    products: z.array(OrderAvoidProduct).default([]),
    notices: z.array(OrderNotice).default([]),
    prophylacticDoses: z.array(ProphylacticDose).default([]),
    reasons: z.array(OrderReason).default([]),
    /** Avoid tags no medication order gives, each with the reason. */
    notOrders: z.array(z.object({ tag: Id, why: z.string().min(10) }).strict()).default([]),
  })
  .strict();
export type OrderAvoids = z.infer<typeof OrderAvoidsFile>;
