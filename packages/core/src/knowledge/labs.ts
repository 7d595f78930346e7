/**
 * The lab catalogue (knowledge/labs.yaml) and the unit and result spellings labs send
 * (knowledge/unit-spellings.yaml): their schemas. The lookup maps built from them (the lab half of the
 * adapters' Vocabulary) are in lab-catalogue.ts, which imports only types from this file, so that a program
 * that opens a compiled bundle never loads zod.
 */
import { z } from "zod";
import { Id, QualitativeSchema, SourceIds } from "../contracts/vocabularies.js";
import { hasValidLoincCheckDigit, spellingKey } from "./lab-keys.js";

const LoincCode = z.string().refine(hasValidLoincCheckDigit, "not a LOINC code with a valid check digit");

/** One LOINC code of a lab: where its name was seen, or why it is kept although it was not. */
const LoincEntry = z
  .object({
    code: LoincCode,
    display: z.string().min(3),
    sourceIds: SourceIds.optional(),
    unverified: z.string().min(10).optional(),
  })
  .strict()
  .refine((e) => (e.sourceIds === undefined) !== (e.unverified === undefined), {
    message: "a LOINC code needs either sourceIds (where it was verified) or `unverified` (why it is kept)",
  });

const Range = z
  .object({ min: z.number(), max: z.number() })
  .strict()
  .refine((r) => r.min < r.max, { message: "plausible.min must be below plausible.max" });

const Reference = z
  .object({ low: z.number().optional(), high: z.number().optional(), sourceIds: SourceIds })
  .strict()
  .refine((r) => r.low !== undefined || r.high !== undefined, {
    message: "a reference range needs low or high",
  })
  .refine((r) => r.low === undefined || r.high === undefined || r.low < r.high, {
    message: "reference.low must be below reference.high",
  });

/** A unit that is not UCUM-convertible to the lab's unit but equals it by a fixed factor for this analyte. */
const UnitEquivalence = z
  .object({ unit: z.string().min(1), factor: z.number().positive(), note: z.string() })
  .strict();

export const LabEntry = z
  .object({
    id: Id,
    name: z.string().min(3),
    kind: z.enum(["quantity", "qualitative"]),
    unit: z.string().min(1).optional(),
    /**
     * Molar mass in g/mol, for converting a molar result (mmol/L, µmol/L) to the lab's mass unit: a number
     * (a small molecule's formula mass, named in `notes`), or with the sources it was read in (a protein's).
     */
    molecularWeight: z
      .union([
        z.number().positive(),
        z.object({ value: z.number().positive(), sourceIds: SourceIds, note: z.string().min(10) }).strict(),
      ])
      .optional(),
    plausible: Range.optional(),
    /**
     * The lowest count any counting method detects: a result above zero but below it cannot have been
     * measured, so its unit was sent wrong (35 "/L" is 3.5 × 10⁻⁸ × 10⁹/L, not a grade 4 platelet count).
     */
    detectionLimit: z.object({ value: z.number().positive(), sourceIds: SourceIds }).strict().optional(),
    reference: Reference.optional(),
    loinc: z.array(LoincEntry),
    basis: z.enum(["FEU", "DDU"]).optional(),
    basisLabs: z.object({ FEU: Id, DDU: Id }).strict().optional(),
    unitEquivalences: z.array(UnitEquivalence).optional(),
    rejectUnits: z
      .array(z.object({ unit: z.string().min(1), reason: z.string().min(10) }).strict())
      .optional(),
    acceptsQualitative: z.boolean().optional(),
    /**
     * The qualitative presence test of the same finding (schistocytes % ← schistocytes present): its
     * negative result ("none seen") is a value of 0 here, so a negative smear answers a percentage cut-off.
     */
    presence: Id.optional(),
    qualitativeValues: z
      .object({ positive: z.array(z.string().min(1)), negative: z.array(z.string().min(1)) })
      .strict()
      .optional(),
    notes: z.array(z.string().min(10)).optional(),
  })
  .strict()
  .refine((l) => (l.kind === "quantity") === (l.unit !== undefined), {
    message: "a quantity lab needs a unit and a qualitative lab has none",
  })
  .refine((l) => l.kind === "qualitative" || l.plausible !== undefined, {
    message: "a quantity lab needs a plausible range",
  })
  .refine(
    (l) =>
      l.detectionLimit === undefined ||
      (l.plausible !== undefined &&
        l.detectionLimit.value > l.plausible.min &&
        l.detectionLimit.value < l.plausible.max),
    { message: "a detection limit lies inside the plausible range" },
  )
  .refine(
    (l) => l.kind === "quantity" || (!l.unitEquivalences && !l.rejectUnits && !l.basis && !l.basisLabs),
    {
      message: "a qualitative lab has no unit rules",
    },
  );
export type LabEntry = z.infer<typeof LabEntry>;

export const LabCatalogueFile = z
  .object({
    bmi: z.object({ loinc: z.array(LoincEntry).min(1), unit: z.string(), plausible: Range }).strict(),
    labs: z.array(LabEntry).min(1),
  })
  .strict()
  .superRefine((file, ctx) => {
    const ids = new Set<string>();
    const codes = new Map<string, string>();
    for (const [i, lab] of file.labs.entries()) {
      if (ids.has(lab.id))
        ctx.addIssue({ code: "custom", path: ["labs", i, "id"], message: `duplicate id ${lab.id}` });
      ids.add(lab.id);
      for (const l of lab.loinc) {
        const other = codes.get(l.code);
        if (other !== undefined)
          ctx.addIssue({
            code: "custom",
            path: ["labs", i],
            message: `LOINC ${l.code} is in both ${other} and ${lab.id}`,
          });
        codes.set(l.code, lab.id);
      }
    }
    for (const [i, lab] of file.labs.entries()) {
      for (const target of Object.values(lab.basisLabs ?? {})) {
        if (!ids.has(target))
          ctx.addIssue({ code: "custom", path: ["labs", i, "basisLabs"], message: `unknown lab ${target}` });
      }
      const presence = file.labs.find((l) => l.id === lab.presence);
      if (
        lab.presence &&
        (lab.kind !== "quantity" || presence === undefined || presence.kind !== "qualitative")
      )
        ctx.addIssue({
          code: "custom",
          path: ["labs", i, "presence"],
          message: `presence must name a qualitative lab, and only for a quantity lab (${lab.presence})`,
        });
    }
  });
export type LabCatalogueFile = z.infer<typeof LabCatalogueFile>;

// ---------------------------------------------------------------------------------------------------
// Unit and result spellings

const Coding = z
  .object({ system: z.string().min(1), code: z.string().min(1), display: z.string().min(1) })
  .strict();

export const UnitSpellingsFile = z
  .object({
    sourceIds: SourceIds,
    spellings: z
      .array(
        z
          .object({ sent: z.string().min(1), ucum: z.string().min(1), caseSensitive: z.boolean().optional() })
          .strict(),
      )
      .min(1),
    qualitative: z
      .object({
        positive: z.object({ words: z.array(z.string().min(1)).min(1), codes: z.array(Coding) }).strict(),
        negative: z.object({ words: z.array(z.string().min(1)).min(1), codes: z.array(Coding) }).strict(),
        ambiguous: z.array(z.string().min(1)),
        notes: z.array(z.string()).optional(),
      })
      .strict(),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Map<string, string>();
    for (const [i, s] of file.spellings.entries()) {
      if (s.caseSensitive) continue;
      const key = spellingKey(s.sent);
      const other = seen.get(key);
      if (other !== undefined && other !== s.ucum)
        ctx.addIssue({
          code: "custom",
          path: ["spellings", i],
          message: `"${s.sent}" folds to the same spelling as an entry mapped to ${other}`,
        });
      seen.set(key, s.ucum);
    }
    const words = new Map<string, string>();
    for (const kind of QualitativeSchema.options) {
      for (const w of file.qualitative[kind].words) {
        const other = words.get(w.toLowerCase());
        if (other !== undefined && other !== kind)
          ctx.addIssue({
            code: "custom",
            path: ["qualitative", kind],
            message: `"${w}" is both ${other} and ${kind}`,
          });
        words.set(w.toLowerCase(), kind);
      }
    }
  });
export type UnitSpellingsFile = z.infer<typeof UnitSpellingsFile>;
