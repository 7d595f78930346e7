/**
 * CTCAE v5.0 grading rules as data (knowledge/ctcae.yaml): laboratory terms as ordered cut-off clauses,
 * event terms graded from recorded grades or from the facts their criteria name, and the mapping of
 * bleeding sites to the site-specific hemorrhage terms; `anticoagulation` names the context-drug roles
 * that make a patient "on anticoagulation" for the criteria CTCAE applies only then. Interpreted by
 * src/core/grading/ctcae.ts.
 */
import { z } from "zod";
import {
  ContextRoleSchema,
  EventKindSchema,
  Grade,
  Id,
  QualitativeSchema,
  SourceIds,
} from "../contracts/vocabularies.js";
import type { LabDefinition } from "./vocabulary.js";

/** CTCAE text per grade, exactly as published; "-" = the grade is not defined for the term. */
const GradeTexts = z
  .object({
    1: z.string().min(1),
    2: z.string().min(1),
    3: z.string().min(1),
    4: z.string().min(1),
    5: z.string().min(1),
  })
  .strict();
export type GradeTexts = z.infer<typeof GradeTexts>;

/** Cut-off of a lab clause; each compares strictly, as the CTCAE text reads. */
export type CtcaeCriterion =
  /** value < n (canonical unit) */
  | { readonly kind: "below"; readonly n: number }
  /** value > n */
  | { readonly kind: "above"; readonly n: number }
  /** value < factor × LLN */
  | { readonly kind: "belowLln"; readonly factor: number }
  /** value > factor × ULN */
  | { readonly kind: "aboveUln"; readonly factor: number }
  /** value > factor × baseline */
  | { readonly kind: "aboveBaseline"; readonly factor: number }
  /** decrease from baseline ≥ percent (i.e. percent change ≤ −percent) */
  | { readonly kind: "decreaseFromBaselinePct"; readonly percent: number };

const CRITERION_KEYS = [
  "below",
  "above",
  "belowLln",
  "aboveUln",
  "aboveBaseline",
  "decreaseFromBaselinePct",
] as const;
const LOW_CRITERIA: ReadonlySet<string> = new Set(["below", "belowLln", "decreaseFromBaselinePct"]);

const Clause = z
  .object({
    grade: Grade,
    below: z.number().positive().optional(),
    above: z.number().positive().optional(),
    belowLln: z.number().positive().optional(),
    aboveUln: z.number().positive().optional(),
    aboveBaseline: z.number().positive().optional(),
    decreaseFromBaselinePct: z.number().positive().max(100).optional(),
    /** The clause counts only while the value is below LLN (CTCAE "if abnormal"). */
    ifBelowLln: z.literal(true).optional(),
    /** Baseline-abnormal switch: `aboveUln` = baseline known to be above its ULN; `notAboveUln` = otherwise. */
    ifBaseline: z.enum(["notAboveUln", "aboveUln"]).optional(),
    /**
     * The clause counts only while the patient is on anticoagulation at the result's time (CTCAE "if on
     * anticoagulation"); otherwise it is not met. Allowed only where the grade text says so.
     */
    onlyOnAnticoagulation: z.literal(true).optional(),
  })
  .strict()
  .refine((c) => CRITERION_KEYS.filter((k) => c[k] !== undefined).length === 1, {
    message: `a clause has exactly one of ${CRITERION_KEYS.join(", ")}`,
    abort: true,
  })
  .transform((c) => {
    const criterion: CtcaeCriterion =
      c.below !== undefined
        ? { kind: "below", n: c.below }
        : c.above !== undefined
          ? { kind: "above", n: c.above }
          : c.belowLln !== undefined
            ? { kind: "belowLln", factor: c.belowLln }
            : c.aboveUln !== undefined
              ? { kind: "aboveUln", factor: c.aboveUln }
              : c.aboveBaseline !== undefined
                ? { kind: "aboveBaseline", factor: c.aboveBaseline }
                : { kind: "decreaseFromBaselinePct", percent: c.decreaseFromBaselinePct as number };
    return {
      grade: c.grade,
      criterion,
      ...(c.ifBelowLln ? { ifBelowLln: true as const } : {}),
      ...(c.ifBaseline ? { ifBaseline: c.ifBaseline } : {}),
      ...(c.onlyOnAnticoagulation ? { onlyOnAnticoagulation: true as const } : {}),
    };
  });
export type LabClause = z.output<typeof Clause>;

/** A fact of the record that a derived event grade rests on. */
const Fact = z.union([
  z
    .object({ event: EventKindSchema, qualifiers: z.array(z.string()).min(1).optional() })
    .strict()
    .transform((f) => ({ kind: "event" as const, ...f })),
  z
    .object({ lab: Id, is: QualitativeSchema })
    .strict()
    .transform((f) => ({ kind: "qualitative" as const, ...f })),
  z
    .object({ lab: Id, belowLln: z.number().positive() })
    .strict()
    .transform((f) => ({ kind: "belowLln" as const, ...f })),
  z
    .object({ lab: Id, aboveUln: z.number().positive() })
    .strict()
    .transform((f) => ({ kind: "aboveUln" as const, ...f })),
  /** baseline − value ≥ fallFromBaseline, both in `unit`. */
  z
    .object({ lab: Id, unit: z.string().min(1), fallFromBaseline: z.number().positive() })
    .strict()
    .transform((f) => ({ kind: "fallFromBaseline" as const, ...f })),
]);
export type Fact = z.output<typeof Fact>;

const Derivation = z
  .object({
    /** Any of these facts opens an episode; the rules are checked around each. */
    anchor: z.array(Fact).min(1),
    /** Highest grade first; the first rule that holds grades the episode. */
    rules: z
      .array(
        z
          .object({
            grade: Grade,
            /** Every listed fact must be concurrent with the anchor. */
            with: z.array(Fact).min(1).optional(),
            /** No listed fact may be concurrent with the anchor. */
            without: z.array(Fact).min(1).optional(),
            basis: z.string().min(1),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

const EventMatcher = z
  .object({ kind: EventKindSchema, qualifiers: z.array(z.string()).min(1).optional() })
  .strict();

/**
 * Drugs whose intended effect moves the result (warfarin raises the INR, heparin prolongs the aPTT): while one
 * is current at the result's time the value is not read as an adverse event of the absolute cut-offs.
 * `against-baseline`: only the term's "if on anticoagulation" × baseline criteria grade it, against the last
 * result drawn on or before the start of the drug's course (overlapping or touching records are one course);
 * with no such result the value is not gradable. `not-graded`: the value is not graded while the drug is current.
 */
const DrugEffect = z
  .object({
    /** Context-drug roles whose records make the result the drug's effect while current. */
    roles: z.array(ContextRoleSchema).min(1),
    /** A record that also has one of these roles does not count (LMWH for the aPTT). */
    exceptRoles: z.array(ContextRoleSchema).min(1).optional(),
    grading: z.enum(["against-baseline", "not-graded"]),
    /** The calculator's yes/no question for these drugs ("On a vitamin K antagonist … when the sample was drawn?"). */
    question: z.string().min(1),
    /** Why, in words, for the report: the reading and what it rests on. */
    why: z.string().min(1),
    sourceIds: SourceIds,
  })
  .strict();
export type DrugEffectRule = z.output<typeof DrugEffect>;

/** Fields every CTCAE term has, whatever it grades. */
const termShape = {
  term: Id,
  name: z.string().min(1),
  grades: GradeTexts,
  note: z.string().optional(),
  sourceIds: SourceIds,
};

const LabTerm = z
  .object({
    ...termShape,
    kind: z.literal("lab"),
    /** Lab catalogue id. */
    lab: Id,
    /** Canonical UCUM unit the absolute cut-offs are in; results in another unit are not graded. */
    unit: z.string().min(1),
    direction: z.enum(["low", "high"]),
    clauses: z.array(Clause).min(1),
    drugEffect: DrugEffect.optional(),
  })
  .strict();
export type LabTermRule = z.output<typeof LabTerm>;

const EventTerm = z
  .object({
    ...termShape,
    kind: z.literal("event"),
    /** Events graded under this term (an event goes to the first term it matches). */
    events: z.array(EventMatcher).min(1),
    derived: Derivation.optional(),
  })
  .strict();
export type EventTermRule = z.output<typeof EventTerm>;

const Hemorrhage = z
  .object({
    event: EventKindSchema,
    /** HemoSentinel id for a bleed of unknown site (not a CTCAE v5.0 term). */
    unspecifiedTerm: Id,
    unspecifiedName: z.string().min(1),
    sites: z
      .array(
        z
          .object({
            term: Id,
            name: z.string().min(1),
            qualifiers: z.array(z.string()).min(1),
            definedGrades: z.array(Grade).min(1),
          })
          .strict(),
      )
      .min(1),
    /**
     * Grades the words of a bleed name ("fatal haemorrhage": the qualifier `fatal` of events.yaml is grade 5): a
     * bleed charted with no grade that carries one of `qualifiers` is graded `grade` under its site term, where
     * that term defines the grade. A charted grade is the grade recorded (the reader drops the qualifier below it).
     */
    worded: z
      .array(z.object({ qualifiers: z.array(Id).min(1), grade: Grade, basis: z.string().min(1) }).strict())
      .default([]),
    sourceIds: SourceIds,
  })
  .strict();
export type HemorrhageRules = z.output<typeof Hemorrhage>;

/** CTCAE v5.0 wording of a criterion that holds only for anticoagulated patients. */
const ON_ANTICOAGULATION = /\bif on anticoagulation\b/i;

/** What counts as "on anticoagulation" (HemoSentinel reading; CTCAE does not define it). */
const Anticoagulation = z
  .object({
    /** Context-drug roles that make a patient anticoagulated while the drug is current. */
    roles: z.array(ContextRoleSchema).min(1),
  })
  .strict();

export const CtcaeRulesFile = z
  .object({
    version: z.string().min(1),
    sourceIds: SourceIds,
    anticoagulation: Anticoagulation,
    /** Calendar days by which concurrent facts may lie apart (HemoSentinel convention). */
    concurrentDays: z.number().int().min(0),
    terms: z.array(z.discriminatedUnion("kind", [LabTerm, EventTerm])).min(1),
    hemorrhage: Hemorrhage,
  })
  .strict()
  .superRefine((file, ctx) => {
    const ids = [
      ...file.terms.map((t) => t.term),
      ...file.hemorrhage.sites.map((s) => s.term),
      file.hemorrhage.unspecifiedTerm,
    ];
    for (const [i, id] of ids.entries()) {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: "custom", message: `term ${id} is defined twice` });
    }
    for (const [i, t] of file.terms.entries()) {
      const undefinedGrade = (g: number) => t.grades[g as keyof GradeTexts] === "-";
      if (t.kind === "lab") {
        for (const [j, c] of t.clauses.entries()) {
          const path = ["terms", i, "clauses", j];
          if (undefinedGrade(c.grade))
            ctx.addIssue({ code: "custom", path, message: `${t.term} does not define grade ${c.grade}` });
          if (LOW_CRITERIA.has(c.criterion.kind) !== (t.direction === "low"))
            ctx.addIssue({
              code: "custom",
              path,
              message: `${c.criterion.kind} does not grade a ${t.direction} term`,
            });
          if (c.ifBelowLln && t.direction !== "low")
            ctx.addIssue({ code: "custom", path, message: "ifBelowLln only applies to low terms" });
          if (c.onlyOnAnticoagulation && !ON_ANTICOAGULATION.test(t.grades[c.grade as keyof GradeTexts]))
            ctx.addIssue({
              code: "custom",
              path,
              message: `onlyOnAnticoagulation, but grade ${c.grade} of ${t.term} has no "if on anticoagulation" criterion`,
            });
        }
        if (
          t.drugEffect?.grading === "against-baseline" &&
          !t.clauses.some((c) => c.onlyOnAnticoagulation && c.criterion.kind === "aboveBaseline")
        )
          ctx.addIssue({
            code: "custom",
            path: ["terms", i, "drugEffect"],
            message: `${t.term} is graded against baseline on the drug but has no "if on anticoagulation" × baseline clause`,
          });
        // The converse: a grade whose CTCAE text has an "if on anticoagulation" reading must flag a clause.
        for (const g of [1, 2, 3, 4, 5] as const) {
          if (
            ON_ANTICOAGULATION.test(t.grades[g]) &&
            !t.clauses.some((c) => c.grade === g && c.onlyOnAnticoagulation)
          )
            ctx.addIssue({
              code: "custom",
              path: ["terms", i, "clauses"],
              message: `grade ${g} of ${t.term} reads "if on anticoagulation" but no clause of it is onlyOnAnticoagulation`,
            });
        }
      } else {
        for (const [j, r] of (t.derived?.rules ?? []).entries()) {
          if (undefinedGrade(r.grade))
            ctx.addIssue({
              code: "custom",
              path: ["terms", i, "derived", "rules", j],
              message: `${t.term} does not define grade ${r.grade}`,
            });
        }
      }
    }
  });
export type CtcaeRules = z.output<typeof CtcaeRulesFile>;
export type TermRule = CtcaeRules["terms"][number];

/**
 * Problems between the rules and the lab catalogue: a graded lab the catalogue lacks, or a unit that
 * differs from the catalogue's canonical unit (results would then never be graded). Empty when consistent.
 */
export function checkCtcaeUnits(rules: CtcaeRules, lab: (id: string) => LabDefinition | undefined): string[] {
  const problems: string[] = [];
  const check = (where: string, id: string, unit: string | undefined) => {
    const def = lab(id);
    if (!def) problems.push(`${where}: lab ${id} is not in the lab catalogue`);
    else if (unit !== undefined && def.unit !== unit)
      problems.push(
        `${where}: unit ${unit} differs from the catalogue unit ${def.unit ?? "(none)"} of ${id}`,
      );
  };
  for (const t of rules.terms) {
    if (t.kind === "lab") check(t.term, t.lab, t.unit);
    else
      for (const f of [
        ...(t.derived?.anchor ?? []),
        ...(t.derived?.rules ?? []).flatMap((r) => [...(r.with ?? []), ...(r.without ?? [])]),
      ]) {
        if (f.kind !== "event") check(t.term, f.lab, f.kind === "fallFromBaseline" ? f.unit : undefined);
      }
  }
  return problems;
}
