/**
 * The lab catalogue (knowledge/labs.yaml) and the unit and result spellings labs send
 * (knowledge/unit-spellings.yaml): schemas, loaders, and the lab half of the adapters' Vocabulary.
 */
import { z } from "zod";
import { Id, type Qualitative, QualitativeSchema, SourceIds } from "../contracts/vocabularies.js";
import { plainDigits } from "../engine/superscript.js";
import type { BmiDefinition, LabDefinition, Vocabulary } from "./vocabulary.js";

/** True when the last digit of a LOINC code is its mod-10 (Luhn) check digit, which catches most typos. */
export function hasValidLoincCheckDigit(code: string): boolean {
  const m = /^(\d{1,7})-(\d)$/.exec(code);
  if (!m) return false;
  const body = m[1] as string;
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = body.charCodeAt(body.length - 1 - i) - 48;
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10 === Number(m[2]);
}

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
    molecularWeight: z.number().positive().optional(),
    plausible: Range.optional(),
    reference: Reference.optional(),
    loinc: z.array(LoincEntry),
    basis: z.enum(["FEU", "DDU"]).optional(),
    basisLabs: z.object({ FEU: Id, DDU: Id }).strict().optional(),
    unitEquivalences: z.array(UnitEquivalence).optional(),
    rejectUnits: z
      .array(z.object({ unit: z.string().min(1), reason: z.string().min(10) }).strict())
      .optional(),
    acceptsQualitative: z.boolean().optional(),
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
    }
  });
export type LabCatalogueFile = z.infer<typeof LabCatalogueFile>;

/** A catalogue lab as adapters use it: the Vocabulary contract plus the unit rules of the catalogue. */
export interface CatalogueLab extends LabDefinition {
  readonly loinc: readonly string[];
  readonly basis?: "FEU" | "DDU";
  readonly unitEquivalences?: readonly { readonly unit: string; readonly factor: number }[];
  readonly rejectUnits?: readonly { readonly unit: string; readonly reason: string }[];
  readonly acceptsQualitative?: boolean;
  readonly qualitativeValues?: { readonly positive: readonly string[]; readonly negative: readonly string[] };
}

/** The loaded catalogue with its lookup maps built once. */
export interface LabCatalogue {
  readonly labs: readonly CatalogueLab[];
  /** Lab by LOINC code. */
  readonly byLoinc: ReadonlyMap<string, CatalogueLab>;
  readonly byId: ReadonlyMap<string, CatalogueLab>;
  /** LOINC long common names of catalogue codes and of the BMI code, for messages. */
  readonly displays: ReadonlyMap<string, string>;
  readonly bmi: BmiDefinition;
}

/** Builds the lookup maps of a validated catalogue file. */
export function buildLabCatalogue(file: LabCatalogueFile): LabCatalogue {
  const labs: CatalogueLab[] = file.labs.map((l) => ({
    id: l.id,
    name: l.name,
    kind: l.kind,
    ...(l.unit !== undefined && { unit: l.unit }),
    ...(l.molecularWeight !== undefined && { molecularWeight: l.molecularWeight }),
    ...(l.plausible !== undefined && { plausible: l.plausible }),
    ...(l.reference !== undefined && { reference: l.reference }),
    loinc: l.loinc.map((c) => c.code),
    ...(l.basis !== undefined && { basis: l.basis }),
    ...(l.basisLabs !== undefined && { basisLabs: l.basisLabs }),
    ...(l.unitEquivalences !== undefined && { unitEquivalences: l.unitEquivalences }),
    ...(l.rejectUnits !== undefined && { rejectUnits: l.rejectUnits }),
    ...(l.acceptsQualitative !== undefined && { acceptsQualitative: l.acceptsQualitative }),
    ...(l.qualitativeValues !== undefined && { qualitativeValues: l.qualitativeValues }),
  }));
  const byLoinc = new Map<string, CatalogueLab>();
  const displays = new Map<string, string>();
  for (const [i, lab] of labs.entries()) {
    for (const c of file.labs[i]?.loinc ?? []) {
      byLoinc.set(c.code, lab);
      displays.set(c.code, c.display);
    }
  }
  for (const c of file.bmi.loinc) displays.set(c.code, c.display);
  return {
    labs,
    byLoinc,
    byId: new Map(labs.map((l) => [l.id, l])),
    displays,
    bmi: { loinc: file.bmi.loinc.map((c) => c.code), unit: file.bmi.unit, plausible: file.bmi.plausible },
  };
}

/** The lab half of a Vocabulary over the catalogue (medication and event matching come from elsewhere). */
export function labVocabulary(catalogue: LabCatalogue): Pick<Vocabulary, "lab" | "labById" | "bmi"> {
  return {
    lab: (loinc) => catalogue.byLoinc.get(loinc),
    labById: (id) => catalogue.byId.get(id),
    bmi: catalogue.bmi,
  };
}

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

/**
 * A spelling as written, case kept: trimmed, inner spaces collapsed and dropped around `x × ^ * /`,
 * µ/μ read as u, the times sign × read as x, and superscript digits as plain ones (`10⁴` as `10^4`,
 * `mm³` as `mm3`), so "× 10⁴/μL" and "x10^4/uL" are one spelling.
 */
function exactSpellingKey(sent: string): string {
  return sent
    .trim()
    .replace(/\s+/g, " ")
    .replace(/ ?([x×^*/]) ?/g, "$1")
    .replace(/[µμ]/g, "u")
    .replace(/×/g, "x")
    .replace(/(10)?([⁰¹²³⁴⁵⁶⁷⁸⁹]+)/g, (_, ten: string | undefined, sup: string) =>
      ten ? `10^${plainDigits(sup)}` : plainDigits(sup),
    );
}

/** The case-insensitive folding used to look most spellings up. */
function spellingKey(sent: string): string {
  return exactSpellingKey(sent).toLowerCase();
}

/** Spellings and result words as lookup maps. */
export interface UnitSpellings {
  /** Case-sensitive spellings (exactSpellingKey) → UCUM code; consulted first. */
  readonly exact: ReadonlyMap<string, string>;
  /** Folded spelling (spellingKey) → UCUM code. */
  readonly ucum: ReadonlyMap<string, string>;
  readonly qualitative: {
    /** Lower-cased word → reading. */
    readonly words: ReadonlyMap<string, Qualitative | "ambiguous">;
    /** `system|code` → reading. */
    readonly codes: ReadonlyMap<string, Qualitative>;
  };
}

/** Builds the lookup maps of a validated spellings file. */
export function buildUnitSpellings(file: UnitSpellingsFile): UnitSpellings {
  const words = new Map<string, Qualitative | "ambiguous">();
  const codes = new Map<string, Qualitative>();
  for (const kind of QualitativeSchema.options) {
    for (const w of file.qualitative[kind].words) words.set(w.toLowerCase(), kind);
    for (const c of file.qualitative[kind].codes) codes.set(`${c.system}|${c.code}`, kind);
  }
  for (const w of file.qualitative.ambiguous) words.set(w.toLowerCase(), "ambiguous");
  const exact = new Map<string, string>();
  const folded = new Map<string, string>();
  for (const s of file.spellings) {
    if (s.caseSensitive) exact.set(exactSpellingKey(s.sent), s.ucum);
    else folded.set(spellingKey(s.sent), s.ucum);
  }
  return { exact, ucum: folded, qualitative: { words, codes } };
}

/** The UCUM code a spelling stands for: case-sensitive entries first, then the folded table. */
export function lookupSpelling(spellings: UnitSpellings, sent: string): string | undefined {
  const key = exactSpellingKey(sent);
  return spellings.exact.get(key) ?? spellings.ucum.get(key.toLowerCase());
}
