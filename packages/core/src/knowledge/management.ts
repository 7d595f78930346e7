/**
 * Management and work-up knowledge: what to do with the immunotherapy, how to treat, what to avoid and
 * which tests settle a diagnosis, per disorder, as cited data (knowledge/management/*.yaml,
 * knowledge/workup.yaml). The pure selectors live in src/engine/manage/plan.ts.
 */
import { z } from "zod";
import { MANAGEMENT_FACTS, type ManagementFactName } from "../contracts/management-facts.js";
import {
  CertaintySchema,
  ContextRoleSchema,
  DISORDER_IDS,
  type DisorderId,
  DisorderIdSchema,
  EventKindSchema,
  Grade,
  Id,
  ManagementKindSchema,
  SourceIds,
  TherapyClassSchema,
} from "../contracts/vocabularies.js";

export type { ManagementFacts } from "../contracts/management-facts.js";

const FACT_NAMES = Object.keys(MANAGEMENT_FACTS) as [ManagementFactName, ...ManagementFactName[]];

const OPERATORS = ["is", "below", "atMost", "above", "atLeast", "unknown"] as const;

/**
 * One condition on a fact. Exactly one operator. `ifUnknown` says whether the condition holds when the
 * fact is not known (default: it does not); `unknown: true` holds only when the fact is not known.
 */
export const FactCondition = z
  .object({
    fact: z.enum(FACT_NAMES),
    is: z.boolean().optional(),
    below: z.number().optional(),
    atMost: z.number().optional(),
    above: z.number().optional(),
    atLeast: z.number().optional(),
    unknown: z.literal(true).optional(),
    ifUnknown: z.boolean().optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const ops = OPERATORS.filter((op) => c[op] !== undefined);
    if (ops.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message: `a fact condition needs exactly one of ${OPERATORS.join(", ")}`,
      });
      return;
    }
    const type = MANAGEMENT_FACTS[c.fact].type;
    const op = ops[0];
    if (op === "is" && type !== "boolean") ctx.addIssue({ code: "custom", message: `${c.fact} is a number` });
    if (op !== "is" && op !== "unknown" && type !== "number") {
      ctx.addIssue({ code: "custom", message: `${c.fact} is a boolean; use is:` });
    }
    if (op === "unknown" && c.ifUnknown !== undefined) {
      ctx.addIssue({ code: "custom", message: "ifUnknown makes no sense with unknown:" });
    }
  });
export type FactCondition = z.infer<typeof FactCondition>;

/**
 * When a recommendation applies. Every field present must hold; an absent field does not restrict. Within
 * `facts` every condition must hold, within `anyFacts` at least one.
 */
export const When = z
  .object({
    /**
     * The arm of the syndrome whose grade the grade fields read (Evans: `aiha` or `itp`); absent: the
     * finding's grade. A stop rule belongs to the arm the guideline wrote it for.
     */
    arm: z.string().optional(),
    /** Grade range (CTCAE or the guideline's own grading); a recommendation with a range needs a known grade. */
    gradeMin: Grade.optional(),
    gradeMax: Grade.optional(),
    /** Applies only when the finding has no grade. */
    gradeUnknown: z.literal(true).optional(),
    /** Applies when any of the patient's therapy classes is listed. */
    classes: z.array(TherapyClassSchema).min(1).optional(),
    /**
     * Applies only when none of the patient's therapy classes is listed: the line gives way to another that covers
     * those classes too (the HLH after a checkpoint inhibitor in a patient also given CAR-T cells has one
     * treatment line, CARTOX's, not a second one of its own).
     */
    notClasses: z.array(TherapyClassSchema).min(1).optional(),
    certainty: z.array(CertaintySchema).min(1).optional(),
    /** Every one of these conditions must hold. */
    facts: z.array(FactCondition).min(1).optional(),
    /**
     * At least one of these conditions must hold ("either fact"), besides every condition of `facts`: one
     * item for an azole or an inducer on board instead of a copy per fact. Boolean facts only (`is:`, with
     * `ifUnknown` if wanted), on distinct facts: a numeric threshold stays a condition of `facts`, where
     * the boundary cases probe it on its own. An item names the drugs behind each drug-on-board fact it
     * lists with `is: true` that holds.
     */
    anyFacts: z
      .array(FactCondition)
      .min(2)
      .refine((cs) => cs.every((c) => c.is !== undefined), {
        message: "anyFacts takes boolean conditions (is:) only",
      })
      .refine((cs) => new Set(cs.map((c) => c.fact)).size === cs.length, {
        message: "anyFacts lists each fact once",
      })
      .optional(),
  })
  .strict()
  .refine((w) => !w.notClasses?.some((c) => w.classes?.includes(c)), {
    message: "a class cannot be both in classes and in notClasses",
  })
  .refine((w) => !(w.gradeUnknown && (w.gradeMin !== undefined || w.gradeMax !== undefined)), {
    message: "gradeUnknown excludes gradeMin/gradeMax",
  })
  .refine((w) => w.gradeMin === undefined || w.gradeMax === undefined || w.gradeMin <= w.gradeMax, {
    message: "gradeMin must not exceed gradeMax",
  });
export type When = z.infer<typeof When>;

/**
 * A condition charted and current at the evaluation: an event of this kind with any of the qualifiers (a
 * cirrhosis or liver failure; a cancer of a given site), started by the evaluation and not ended before it.
 */
const CurrentCondition = z
  .object({
    event: EventKindSchema,
    qualifiers: z.array(Id).min(1),
    sourceIds: SourceIds,
    note: z.string().min(10),
  })
  .strict();

const Tag = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "tags are kebab-case");

/** The fields of one cited recommendation (a shared recommendation adds its own to them). */
const RECOMMENDATION_FIELDS = {
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "ids are kebab-case"),
  kind: ManagementKindSchema,
  action: z.string().min(10),
  when: When.default({}),
  /** Interventions this action gives (e.g. `platelet-transfusion`), checked against `avoids` of the same plan. */
  tags: z.array(Tag).optional(),
  /**
   * The item's wording, by one of its `tags`, in the plans of a patient for whom a patient-scope avoid item forbids
   * that tag and `fact` holds (a drug the record charts an allergy to): the item gives way to its variant without the
   * drug (id `<id>-without-<tag>`, the tag dropped, `fact` added to its conditions) and the avoid item is shown
   * beside it, instead of the whole line going. Forbidden for another reason (an active severe infection), it goes.
   * A key of several tags joined by `+` (`ivig+rituximab`, with one fact per tag in the same order) is the wording
   * when all of them are forbidden at once (id `<id>-without-ivig-and-rituximab`): a line offering two drugs the
   * record both bars keeps what remains, or says why nothing does.
   */
  without: z
    .record(
      z.string().regex(/^[a-z0-9][a-z0-9-]*(\+[a-z0-9][a-z0-9-]*)*$/, "a tag, or tags joined by +"),
      z
        .object({
          fact: z.union([z.enum(FACT_NAMES), z.array(z.enum(FACT_NAMES)).min(2)]),
          action: z.string().min(10),
        })
        .strict(),
    )
    .optional(),
  /** Set on the variant a `without` entry makes (never written in a file): the item and the tags it stands in for. */
  replaces: z
    .object({ id: z.string(), tags: z.array(Tag).min(1) })
    .strict()
    .optional(),
  /** For `avoid` items: the interventions advised against. */
  avoids: z.array(Tag).min(1).optional(),
  /**
   * For `avoid` items: `patient` when the interventions are forbidden in every plan of a patient who has
   * this finding (platelets in TTP, plasma or human FVIII in AHA, heparin in HIT), not only in its own.
   */
  scope: z.enum(["finding", "patient"]).optional(),
  /**
   * For `avoid` items: the circumstance in which the cited guideline still allows what the item avoids, in
   * words that follow "unless" (`bleeding is serious or life-threatening, …`). A draft order the item covers
   * is then a warning that asks to check the order against the item, not a critical card: the order does
   * not show the circumstance.
   */
  except: z.string().min(10).optional(),
  /**
   * For items with an `except`: the reasons a draft order may give (`reasonCode`, `reasonReference`;
   * knowledge/order-avoids.yaml `reasons`) that show the exception's circumstance. A draft of a transfusion
   * whose reason is one of them falls under the exception, and the item gives no card; any other reason, or
   * none, leaves the warning. A circumstance the order cannot show (a procedure's bleeding risk) is not listed.
   */
  exceptReasons: z.array(Tag).min(1).optional(),
  sourceIds: z.array(z.string()).min(1),
  caveat: z.string().min(10).optional(),
  /**
   * Acted on at once, before the rest of the plan: an emergency (reverse an anticoagulant in a major
   * bleed, a high-risk PE) or a call to make now (hematology for suspected TTP or IEC-HS, heparin out for
   * suspected HIT). A clinical judgement of the knowledge base; reports carry it and the web app shows
   * such lines first.
   */
  urgent: z.literal(true).optional(),
  /**
   * Shown first within its kind, before urgent lines: a line that qualifies every dose below it (the adult
   * doses of a plan for a child), which a reader must meet before the doses.
   */
  leads: z.literal(true).optional(),
};

/** The rules every recommendation keeps, a disorder's own or a shared one. */
function recommendationRules<
  T extends z.ZodType<{
    kind: string;
    tags?: readonly string[] | undefined;
    without?: Readonly<Record<string, unknown>> | undefined;
    avoids?: unknown;
    scope?: unknown;
    except?: unknown;
    exceptReasons?: unknown;
    urgent?: unknown;
  }>,
>(schema: T) {
  return schema
    .refine((r) => (r.kind === "avoid") === (r.avoids !== undefined), {
      message: "avoid items (and only they) list `avoids`",
    })
    .refine((r) => r.scope === undefined || r.kind === "avoid", { message: "only avoid items have a scope" })
    .refine((r) => r.except === undefined || r.kind === "avoid", {
      message: "only avoid items have an exception",
    })
    .refine((r) => r.exceptReasons === undefined || r.except !== undefined, {
      message: "only an item with an exception names the order reasons that show it",
    })
    .refine(
      (r) => Object.keys(r.without ?? {}).every((k) => k.split("+").every((t) => r.tags?.includes(t))),
      { message: "each tag of a `without` key is one of the item's tags" },
    )
    .refine(
      (r) =>
        Object.entries(r.without ?? {}).every(([k, v]) => {
          const fact = (v as { fact: unknown }).fact;
          return k.split("+").length === (Array.isArray(fact) ? fact.length : 1);
        }),
      { message: "a `without` entry gives one fact per tag of its key" },
    )
    .refine((r) => r.urgent === undefined || r.kind !== "avoid", {
      message: "avoid items are not urgent (the web app shows them beside the urgent lines)",
    });
}

/** One cited recommendation. */
export const Recommendation = recommendationRules(z.object(RECOMMENDATION_FIELDS).strict());
/**
 * A recommendation as a plan carries it. `shared` is the identity of a line written once for several plans
 * (management/every.yaml: `doac-before-planned-surgery` is `thr-doac-before-planned-surgery` in the thrombosis
 * plan and `procedure-doac-before-planned-surgery` in the procedure plan); set when the knowledge is compiled,
 * never written in a plan's file. Undefined for a plan's own line, whose identity is its id.
 */
export type Recommendation = z.infer<typeof Recommendation> & { readonly shared?: string };

export const ManagementFile = z
  .object({
    disorder: DisorderIdSchema,
    recommendations: z.array(Recommendation).min(1),
  })
  .strict();

/** What one disorder changes in a shared recommendation: its closing sentence, and a sentence added to its caveat. */
const SharedVariant = z
  .object({
    /** Replaces the shared `actionEnd`. */
    actionEnd: z.string().min(10).optional(),
    /** Added after the shared caveat. */
    caveatAdd: z.string().min(10).optional(),
  })
  .strict()
  .refine((v) => v.actionEnd !== undefined || v.caveatAdd !== undefined, {
    message: "a variant changes something",
  });

/**
 * A recommendation written once for every disorder's plan (knowledge/management/every.yaml). Its `id` is the
 * part after the disorder's prefix: `major-bleeding-reversal` is `itp-major-bleeding-reversal` in the ITP plan.
 * Its action is `action`, then `actionEnd` when given; a disorder's variant may replace that closing sentence
 * and add a sentence to the caveat.
 */
export const SharedRecommendation = recommendationRules(
  z
    .object({
      ...RECOMMENDATION_FIELDS,
      /** The action's closing sentence where the disorders differ (a variant replaces it). */
      actionEnd: z.string().min(10).optional(),
      variants: z.partialRecord(DisorderIdSchema, SharedVariant).optional(),
      /**
       * Only these disorders' plans carry it (not the named unexplained patterns): a line written once for the
       * plans that treat the thrombosis themselves (thrombosis, CARAC), not for every plan.
       */
      plans: z.array(DisorderIdSchema).min(1).optional(),
    })
    .strict(),
).refine(
  (r) =>
    Object.values(r.variants ?? {}).every((v) => v?.actionEnd === undefined) || r.actionEnd !== undefined,
  { message: "a variant replaces actionEnd only where the shared item has one" },
);
export type SharedRecommendation = z.infer<typeof SharedRecommendation>;

/** knowledge/management/every.yaml: the recommendations every disorder's plan carries, after its own. */
export const SharedManagementFile = z
  .object({
    /** The id prefix of each disorder's recommendations (`thr` for thrombosis). */
    idPrefix: z.record(DisorderIdSchema, z.string().regex(/^[a-z0-9][a-z0-9-]*$/)),
    recommendations: z.array(SharedRecommendation).min(1),
  })
  .strict();
export type SharedManagement = z.infer<typeof SharedManagementFile>;

/**
 * One disorder's recommendations: its own, then every shared one as this disorder reads it (its id prefix,
 * its variant). The shared items come last, so the plan's knowledge order is that of the files.
 *
 * @example
 * withShared([], "thrombosis", shared).map((r) => r.id) // → ["thr-avoid-vegf-antibody-bleeding", "thr-major-bleeding-reversal"]
 */
export function withShared(
  own: readonly Recommendation[],
  disorder: DisorderId,
  shared: SharedManagement,
): Recommendation[] {
  return withVariants([
    ...own,
    ...shared.recommendations
      .filter((s) => s.plans === undefined || s.plans.includes(disorder))
      .map((s) => sharedFor(s, disorder, shared.idPrefix[disorder])),
  ]);
}

/**
 * Each recommendation followed by the variants its `without` entries make: `<id>-without-<tag>`, the tag dropped,
 * the wording replaced, marked `replaces` so that the planner gives it only in place of the item whose tag a
 * patient-scope avoid forbids.
 *
 * @example
 * withVariants([{ id: "itp-2l", tags: ["tpo-ra", "rituximab"], without: { rituximab: { fact: "rituximab-severe-hypersensitivity", action: "A TPO-RA…" } }, … }])
 *   .map((r) => r.id) // → ["itp-2l", "itp-2l-without-rituximab"]
 * // a key "ivig+rituximab" (fact: [ivig-…, rituximab-…]) makes "itp-2l-without-ivig-and-rituximab"
 */
export function withVariants(recommendations: readonly Recommendation[]): Recommendation[] {
  return recommendations.flatMap((r) => [
    r,
    ...Object.entries(r.without ?? {}).map(([key, { fact, action }]): Recommendation => {
      const { without: _without, ...rest } = r;
      const tags = key.split("+");
      const facts = (Array.isArray(fact) ? fact : [fact]).map((f) => ({ fact: f, is: true }));
      return {
        ...rest,
        id: `${r.id}-without-${tags.join("-and-")}`,
        action,
        when: { ...r.when, facts: [...(r.when.facts ?? []), ...facts] },
        tags: (r.tags ?? []).filter((t) => !tags.includes(t)),
        replaces: { id: r.id, tags },
      };
    }),
  ]);
}

/**
 * A named unexplained pattern's plan (knowledge/unexplained.yaml `patterns`): its own recommendations, then
 * every shared one with the pattern's id as prefix and no disorder's variant (the pattern is no disorder).
 *
 * @example
 * patternWithShared([], "tma-not-ttp", shared)[0]?.id // → "tma-not-ttp-avoid-vegf-antibody-bleeding"
 */
export function patternWithShared(
  own: readonly Recommendation[],
  pattern: string,
  shared: SharedManagement,
): Recommendation[] {
  return withVariants([
    ...own,
    ...shared.recommendations
      .filter((s) => s.plans === undefined)
      .map((s) => sharedFor(s, undefined, pattern)),
  ]);
}

/**
 * A single unexplained abnormality's plan (knowledge/unexplained.yaml `labs[].plan`): its own recommendations,
 * then the shared ones that lead their kind (`leads`: the adult-dose line of a patient under 18), with `prefix`
 * as their id prefix and no disorder's variant. The other shared lines stay with the findings and patterns: the
 * item's plan is a single line on the count, and a leading line qualifies it (its platelet threshold is an
 * adult one) but is never a plan on its own (engine/assess.ts keeps the plan only beside a line of its own).
 * `carries` names further shared lines the rule's plan takes (an event rule's `carries`: the major-bleeding
 * reversal lines beside a major bleed on an anticoagulant), written once in management/every.yaml.
 *
 * @example
 * ruleWithLeading([], "unexplained-platelet-count-decreased", shared)[0]?.id
 * // → "unexplained-platelet-count-decreased-paediatric-adult-doses"
 */
export function ruleWithLeading(
  own: readonly Recommendation[],
  prefix: string,
  shared: SharedManagement,
  carries: readonly string[] = [],
): Recommendation[] {
  const carried = new Set(carries);
  return withVariants([
    ...own,
    ...shared.recommendations
      .filter((s) => s.leads === true || carried.has(s.id))
      .map((s) => sharedFor(s, undefined, prefix)),
  ]);
}

/** A shared recommendation as one disorder's (or a pattern's: no disorder) plan carries it. */
function sharedFor(
  s: SharedRecommendation,
  disorder: DisorderId | undefined,
  prefix: string,
): Recommendation {
  const { variants, actionEnd, plans: _plans, ...r } = s;
  const variant = disorder === undefined ? undefined : variants?.[disorder];
  const end = variant?.actionEnd ?? actionEnd;
  const caveat = [r.caveat, variant?.caveatAdd].filter((c) => c !== undefined).join(" ");
  return {
    ...r,
    id: `${prefix}-${s.id}`,
    shared: s.id,
    action: end === undefined ? r.action : `${r.action} ${end}`,
    ...(caveat === "" ? {} : { caveat }),
  };
}

/** Lab catalogue ids (knowledge/labs.yaml) a work-up item may name; every other id is a non-lab test. */
export const WORKUP_LAB_IDS: ReadonlySet<string> = new Set([
  "platelets",
  "hemoglobin",
  "wbc",
  "anc",
  "reticulocytes-pct",
  "pt",
  "inr",
  "aptt",
  "fibrinogen",
  "d-dimer-feu",
  "fdp",
  "antithrombin",
  "ldh",
  "haptoglobin",
  "bilirubin-indirect",
  "creatinine",
  "adamts13-activity",
  "adamts13-inhibitor",
  "fviii-activity",
  "fviii-inhibitor",
  "dat",
  "schistocytes",
  "ferritin",
  "crp",
  "il6",
  "mcv",
  "triglycerides",
  "pf4-heparin-antibody",
  "lupus-anticoagulant",
  "aptt-mixing-study",
]);

/** One test that confirms or excludes a disorder. */
export const WorkupEntry = z
  .object({
    /** Lab catalogue id, or a non-lab test id such as `peripheral-smear`. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    test: z.string().min(3),
    loinc: z
      .string()
      .regex(/^\d{1,7}-\d$/, "LOINC codes look like 777-3")
      .optional(),
    why: z.string().min(10),
    /** Still requested when the diagnosis is definite, because the result steers treatment. */
    guidesTreatment: z.literal(true).optional(),
    /**
     * Requested only when the patient's score reaches `atLeast`, or is incomplete and could still reach it;
     * never when the score does not apply (ASH 2018: no HIT assay without heparin exposure and an
     * intermediate or high 4Ts).
     */
    onlyIfScore: z
      .object({ score: z.string().min(1), atLeast: z.number() })
      .strict()
      .optional(),
    /**
     * Requested only when this differential of the finding is met: the tests that settle another disorder
     * the finding's record points to (ITP with schistocytes on the smear: haemolysis markers and ADAMTS13).
     */
    onlyIfDifferential: z.string().min(1).optional(),
    /**
     * Not requested when one of these management facts (management/facts.yaml) holds for the finding: the
     * venous imaging a thrombosis work-up asks is not the work-up of an arterial event alone.
     */
    notIfFacts: z.array(z.enum(FACT_NAMES)).min(1).optional(),
    /**
     * Requested only when every one of these management facts holds (true, not unknown) for the finding: the
     * echocardiogram that looks for the embolic source of a stroke in active cancer.
     */
    onlyIfFacts: z.array(z.enum(FACT_NAMES)).min(1).optional(),
    /**
     * Requested only by an unexplained item whose rule names it (knowledge/unexplained.yaml `workup`), never in a
     * finding's own work-up: the repeat INR and the look for its cause of an INR above a vitamin K antagonist's
     * range, filed under the disorder whose work-up it is closest to.
     */
    onlyNamed: z.literal(true).optional(),
    sourceIds: z.array(z.string()).min(1),
  })
  .strict()
  .refine((w) => w.loinc === undefined || WORKUP_LAB_IDS.has(w.id), {
    message: "only lab tests carry a LOINC",
  });
export type WorkupEntry = z.infer<typeof WorkupEntry>;

export const WorkupFile = z
  .object({
    workup: z.object(
      Object.fromEntries(DISORDER_IDS.map((d) => [d, z.array(WorkupEntry).min(1)])) as Record<
        DisorderId,
        z.ZodArray<typeof WorkupEntry>
      >,
    ),
  })
  .strict();

export type ManagementKnowledge = Readonly<Record<DisorderId, readonly Recommendation[]>>;
export type WorkupKnowledge = Readonly<Record<DisorderId, readonly WorkupEntry[]>>;

/** A day relative to the finding's onset (day 0) from which a fact reads the record, with why. */
const FromDay = z
  .object({ startDay: z.number().int().max(0), sourceIds: SourceIds.optional(), note: z.string().min(10) })
  .strict();

/** One hemolysis marker: any of its labs beyond the limit (`belowLln` or `aboveUln` times the limit). */
export const HemolysisMarker = z
  .object({
    id: Id,
    labs: z.array(Id).min(1),
    belowLln: z.number().positive().optional(),
    aboveUln: z.number().positive().optional(),
  })
  .strict()
  .refine((m) => (m.belowLln === undefined) !== (m.aboveUln === undefined), {
    message: "a marker has exactly one of belowLln, aboveUln",
  });
export type HemolysisMarker = z.infer<typeof HemolysisMarker>;

/**
 * A result of `lab` at CTCAE grade `minGrade` or above for `term` within `withinDays` of an event: a bleed
 * beside an anaemia whose grade says "transfusion indicated". The management facts and the unexplained
 * check's major-bleeding rule read it alike (engine/lab-query.ts gradedResultNear).
 */
export const GradedLabNearby = z.object({
  term: Id,
  lab: Id,
  minGrade: z.number().int().min(1).max(4),
  withinDays: z.number().int().min(0).max(7),
});
export type GradedLabNearby = z.infer<typeof GradedLabNearby>;

/** A state of a woman charted and current (pregnancy, breastfeeding): read true or unknown, false for a man. */
/**
 * A prior episode of a disorder (management/facts.yaml ttp-history, itp-history): a past episode charted as such
 * at any time up to the evaluation, or an episode of the disorder charted long before this finding's onset.
 */
const PastEpisodeRule = z
  .object({
    /** A charted past episode of these kinds at any time up to the evaluation… */
    events: z.array(EventKindSchema).min(1),
    /** …or an event of these kinds charted at least `beforeOnsetDays` days before the finding's onset… */
    earlierEvents: z.array(EventKindSchema),
    beforeOnsetDays: z.number().int().min(1),
    /** …unless it carries one of these qualifiers (a thrombotic microangiopathy of another cause). */
    unlessQualifiers: z.array(Id),
    sourceIds: SourceIds,
    note: z.string().min(10),
  })
  .strict();

const ChartedNow = z
  .object({
    /** A charted event of these kinds within `withinDays` before the evaluation and not ended by it. */
    events: z.array(EventKindSchema).min(1),
    withinDays: z.number().int().min(1),
    note: z.string().min(10),
    sourceIds: SourceIds,
  })
  .strict();

/** Bleeding of the episode at or above a CTCAE grade, or at a critical site whatever its grade. */
const BleedingFact = z
  .object({
    event: z.literal("bleeding"),
    minGrade: Grade,
    /** Any of these qualifiers, whatever the grade (critical sites). */
    qualifiers: z.array(Id).min(1),
    /**
     * A bleed of the episode at one of these sites (whatever its grade) with an event of these kinds (a
     * red-cell transfusion) charted in the episode: a transfusion-requiring bleed.
     */
    transfused: z
      .object({ events: z.array(EventKindSchema).min(1), sites: z.array(Id).min(1) })
      .strict()
      .optional(),
    /**
     * A bleed of the episode at one of these sites (whatever its grade) within `withinDays` of a result of
     * `lab` at CTCAE grade `minGrade` or above for `term`: a bleed beside an anaemia whose grade says
     * "transfusion indicated".
     */
    withLab: GradedLabNearby.extend({ sites: z.array(Id).min(1) })
      .strict()
      .optional(),
    sourceIds: SourceIds,
  })
  .strict();

/** Whether creatinine clearance tiers are listed from the highest `atLeast` down (the first one reached decides). */
const highestClearanceFirst = (tiers: readonly { readonly atLeast: number }[]) =>
  tiers.every((x, i) => i === 0 || x.atLeast < (tiers[i - 1]?.atLeast ?? 0));

/** Context drugs of any of `roles` ongoing at the evaluation, or whose last day is at most `withinDays` before it. */
const DrugOnBoard = z
  .object({
    roles: z.array(ContextRoleSchema).min(1),
    /** Drugs of these roles are not counted even when they also carry one of `roles` (a BTK inhibitor is an antiplatelet agent with plan lines of its own). */
    exceptRoles: z.array(ContextRoleSchema).min(1).optional(),
    withinDays: z.number().int().min(0),
    /** A longer window for the drugs of one role, whose effect outlasts the others' (a vitamin K antagonist). */
    longer: z
      .object({
        role: ContextRoleSchema,
        withinDays: z.number().int().positive(),
        /**
         * Shorter windows for that role by the creatinine clearance (mL/min), highest first: the first tier whose
         * `atLeast` the patient's clearance reaches gives the window; below every tier, or with no clearance on
         * record, `withinDays` (the longest) stands (dabigatran, cleared by the kidneys, before a neuraxial puncture).
         */
        byClearance: z
          .array(
            z.object({ atLeast: z.number().positive(), withinDays: z.number().int().positive() }).strict(),
          )
          .min(1)
          .refine(highestClearanceFirst, { message: "tiers are listed from the highest clearance down" })
          .optional(),
        note: z.string().min(10),
      })
      .strict()
      .optional(),
    /**
     * A shorter window in hours after a low (prophylactic) dose of the drugs named, the dose read from the record
     * (ContextDrug `dose`): the dose a day up to `upToPerDay` in `unit` (and up to `upToPerKgPerDay` times the body
     * weight, when the bound is also written per kilogram). An administration's day adds up the doses of
     * that drug given in the 24 hours up to it; a dose not on record, or in another unit, keeps the rule's own (the
     * treatment dose's) window, and the line says so. `byClearance` shortens it further by the creatinine clearance,
     * as `longer.byClearance` does; below every tier, or with no clearance on record, `withinHours` stands.
     */
    lowDose: z
      .object({
        doses: z
          .array(
            z
              .object({
                drug: Id,
                upToPerDay: z.number().positive(),
                unit: z.enum(["mg", "[iU]"]),
                /**
                 * Also at most this much per kilogram of the body weight of the window (facts.yaml body-weight) a day:
                 * a low dose written per kilogram (ESAIC/ESRA's 50 anti-Xa units/kg for dalteparin and tinzaparin).
                 * Without a weight on record the dose is not read as low: the treatment dose's window stands.
                 */
                upToPerKgPerDay: z.number().positive().optional(),
              })
              .strict(),
          )
          .min(1),
        withinHours: z.number().int().positive(),
        byClearance: z
          .array(
            z.object({ atLeast: z.number().positive(), withinHours: z.number().int().positive() }).strict(),
          )
          .min(1)
          .refine(highestClearanceFirst, { message: "tiers are listed from the highest clearance down" })
          .optional(),
        note: z.string().min(10),
        sourceIds: SourceIds,
      })
      .strict()
      .optional(),
    /**
     * The window also runs back from the start of each major bleed of the episode (the major-bleeding fact), not
     * only from the evaluation: a label that stops the drug for a bleed it was given before (bevacizumab,
     * ramucirumab) still does so when the plan is made weeks after the bleed.
     */
    fromMajorBleed: z.boolean().optional(),
    note: z.string().min(10),
    sourceIds: SourceIds,
  })
  .strict();

/** Thromboses of the episode by their qualifiers (what each fact makes of them is said where it is used). */
const ThrombosisQualifiers = z
  .object({
    event: z.literal("thrombosis"),
    qualifiers: z.array(Id).min(1),
    sourceIds: SourceIds,
  })
  .strict();

/** A context drug of any of these roles given on any day from `startDay` to `endDay` around the onset (a course without an end is ongoing). */
const DrugAtOnset = z
  .object({
    roles: z.array(ContextRoleSchema).min(1),
    startDay: z.number().int().max(0),
    endDay: z.number().int().max(0),
    sourceIds: SourceIds,
    note: z.string().min(10),
  })
  .strict();

/** A differential of these ids met in the finding (whatever its effect) makes the fact true for its plan. */
const DifferentialMet = z
  .object({
    differentials: z.array(Id).min(1),
    sourceIds: SourceIds,
  })
  .strict();

/** A bleeding event with any of these qualifiers, charted at most `withinDays` days before the evaluation. */
const BleedingWithQualifiers = z
  .object({
    event: z.literal("bleeding"),
    qualifiers: z.array(Id).min(1),
    withinDays: z.number().int().positive(),
    sourceIds: SourceIds,
    note: z.string().min(10),
  })
  .strict();

/**
 * An event of this kind charted at or before the evaluation and at most `withinDays` days before it, carrying one of
 * `qualifiers` (none given: any event of the kind). A recent operation, a gastrointestinal perforation.
 */
const EventWithin = z
  .object({
    event: EventKindSchema,
    qualifiers: z.array(Id).default([]),
    withinDays: z.number().int().positive(),
    /**
     * A planned procedure: when its own day is written (the event's `end`), that day decides instead of the day it
     * was charted — from the evaluation's day to `withinDays` days after it; a day already past is a plan carried
     * out or given up.
     */
    plannedDay: z.boolean().optional(),
    sourceIds: SourceIds,
    note: z.string().min(10),
  })
  .strict();

/**
 * A finding of any of these disorders, at this certainty or above, makes the fact true for every plan of the
 * patient; with `differentials`, only a finding in which one of them is met (another plan refers to it); with
 * `orCharted`, so does a charted event of those kinds at most `withinDays` before the evaluation (a suspicion the care
 * team charted, which is no finding).
 */
const FindingInPatient = z
  .object({
    disorders: z.array(DisorderIdSchema).min(1),
    minCertainty: CertaintySchema,
    differentials: z.array(Id).min(1).optional(),
    orCharted: z
      .object({ events: z.array(EventKindSchema).min(1), withinDays: z.number().int().positive() })
      .strict()
      .optional(),
    sourceIds: SourceIds,
  })
  .strict();

/** Charted events of these kinds and qualifiers, each at most `withinDays` before the evaluation when bounded (any time before it otherwise). */
/**
 * One of these catalogue drugs (drugs.yaml) in the record, first given by the evaluation, at any time — as the
 * therapy classes are read: a line that transcribes this drug's own label rule applies.
 */
const DrugOnRecord = z
  .object({
    drugs: z.array(Id).min(1),
    sourceIds: SourceIds,
    note: z.string().min(10),
  })
  .strict();

const ChartedEvents = z
  .object({
    /** A charted event of one of these kinds with one of its qualifiers, charted at most `withinDays` before the evaluation (any time when absent). */
    events: z
      .array(
        z
          .object({
            event: EventKindSchema,
            qualifiers: z.array(Id).min(1),
            withinDays: z.number().int().positive().optional(),
            /** Only an event current at the evaluation (no end, or an end after it): one charted as over is past. */
            current: z.boolean().optional(),
          })
          .strict(),
      )
      .min(1),
    sourceIds: SourceIds,
    note: z.string().min(10),
  })
  .strict();

/**
 * How the planner reads the record into the facts the recommendations are conditioned on
 * (knowledge/management/facts.yaml): the windows and what counts for each clinical fact. The facts'
 * names, types and units are the engine's contract (contracts/management-facts.ts).
 */
export const ManagementFactsFile = z
  .object({
    /** Events charted and results drawn from this day on belong to the episode the plan is for. */
    recent: FromDay,
    /** A value at presentation is the first result from this day on. */
    presenting: FromDay,
    /**
     * Results read at presentation only in a sample drawn before plasma (ISTH 2020: ADAMTS13 before plasma
     * exchange or any blood product): a first result of these labs drawn after a charted event of this kind
     * in the episode is not the presenting value, and the fact stays unknown.
     */
    "before-plasma": z
      .object({
        labs: z.array(Id).min(1),
        event: z.literal("plasma-therapy"),
        sourceIds: SourceIds,
      })
      .strict(),
    "life-threatening-bleeding": BleedingFact,
    "major-bleeding": BleedingFact,
    "antithrombotic-on-board": DrugOnBoard,
    "anticoagulant-on-board": DrugOnBoard,
    "antiplatelet-on-board": DrugOnBoard,
    "btk-inhibitor-on-board": DrugOnBoard,
    "vka-barring-drug-on-board": DrugOnBoard,
    "emicizumab-on-board": DrugOnBoard,
    "vka-on-board": DrugOnBoard,
    "doac-on-board": DrugOnBoard,
    "lmwh-on-board": DrugOnBoard,
    "doac-within-neuraxial-interval": DrugOnBoard,
    "doac-within-low-risk-interval": DrugOnBoard,
    "lmwh-within-neuraxial-interval": DrugOnBoard,
    "ufh-on-board": DrugOnBoard,
    "parenteral-thrombin-inhibitor-on-board": DrugOnBoard,
    "fondaparinux-within-neuraxial-interval": DrugOnBoard,
    "vegf-antibody-on-board": DrugOnBoard,
    "arterial-event-stopping-drug-on-board": DrugOnBoard,
    "vte-suspending-drug-on-board": DrugOnBoard,
    "vte-stopping-drug-on-board": DrugOnBoard,
    "vte-interrupting-drug-on-board": DrugOnBoard,
    "bleeding-holding-tki-on-board": DrugOnBoard,
    "cyp3a4-pgp-inhibitor-on-board": DrugOnBoard,
    "cyp3a4-pgp-inducer-on-board": DrugOnBoard,
    "moderate-cyp3a-inhibitor-on-board": DrugOnBoard,
    "strong-cyp3a-inhibitor-on-board": DrugOnBoard,
    "strong-cyp3a-inducer-on-board": DrugOnBoard,
    "moderate-cyp3a-inducer-on-board": DrugOnBoard,
    "asparaginase-on-board": DrugOnBoard,
    "high-risk-pulmonary-embolism": z
      .object({
        event: z.literal("thrombosis"),
        /**
         * Any of these qualifiers, on a thrombosis of the episode charted at `minGrade` or above, or carrying
         * one of `orQualifiers` (the instability its words name: "PE with cardiogenic shock").
         */
        qualifiers: z.array(Id).min(1),
        minGrade: Grade,
        orQualifiers: z.array(Id).default([]),
        sourceIds: SourceIds,
        note: z.string().min(10).optional(),
      })
      .strict(),
    "shock-beside-pulmonary-embolism": z
      .object({
        /** A charted event of this kind… */
        event: z.literal("shock"),
        /** …within `withinDays` days of a thrombosis with any of these qualifiers gives it the instability… */
        onQualifiers: z.array(Id).min(1),
        /** …this qualifier (the one the words beside a PE give: events.yaml qualifierCues)… */
        gives: Id,
        withinDays: z.number().int().min(0),
        /** …unless an event of these kinds is charted within the same window (sepsis, hypovolaemia explain it). */
        unlessEvents: z.array(EventKindSchema),
        sourceIds: SourceIds,
        note: z.string().min(10),
      })
      .strict(),
    "high-thrombus-progression-risk": z
      .object({
        event: z.literal("thrombosis"),
        /** Any of these qualifiers, on a thrombosis at most this many days before the evaluation. */
        qualifiers: z.array(Id).min(1),
        withinDays: z.number().int().positive(),
        sourceIds: SourceIds,
      })
      .strict(),
    "arterial-thrombosis": z
      .object({
        event: z.literal("thrombosis"),
        /** A thrombosis with any of these qualifiers is arterial… */
        qualifiers: z.array(Id).min(1),
        /** …unless a thrombosis of the episode has one of these (a venous event keeps the VTE pathway). */
        unlessQualifiers: z.array(Id).min(1),
        sourceIds: SourceIds,
      })
      .strict(),
    /** True when the episode has a thrombosis and every thrombosis of it has one of the qualifiers. */
    "superficial-thrombosis-only": ThrombosisQualifiers,
    /** A thrombosis of the episode with these qualifiers (a cerebral venous thrombosis). */
    "cerebral-venous-thrombosis": ThrombosisQualifiers,
    /** Every thrombosis of the episode has these qualifiers (a cerebral venous thrombosis alone). */
    "cerebral-venous-thrombosis-only": ThrombosisQualifiers,
    "anticoagulated-at-onset": DrugAtOnset.extend({
      /**
       * Also read at each later thrombosis of the episode: a clot recurring on the anticoagulant started for
       * the first is a breakthrough too.
       */
      atRecurrence: z.boolean(),
    }).strict(),
    "corticosteroid-at-onset": DrugAtOnset,
    /** A thrombosis of the episode with any of the qualifiers is non-bacterial thrombotic endocarditis. */
    nbte: ThrombosisQualifiers,
    /** A thrombosis of the episode with any of the qualifiers is in a chamber of the heart. */
    "intracardiac-thrombus": ThrombosisQualifiers,
    /** A thrombosis of the episode with any of the qualifiers is arterial, whatever else the episode holds. */
    "arterial-event": ThrombosisQualifiers,
    "hypoproliferative-cause": DifferentialMet,
    "marrow-neoplasm": DifferentialMet,
    "mds-new-fall": DifferentialMet,
    "marrow-infiltration-new-fall": DifferentialMet,
    /**
     * A differential that lowers the finding is a competing cause that holds first-line treatment until it is
     * treated or excluded — except those listed: a chronic cause of low production beside a new fall, which
     * still lowers the finding but does not hold treatment.
     */
    "competing-cause": z
      .object({ notHolding: z.array(Id), sourceIds: SourceIds, note: z.string().min(10) })
      .strict(),
    "cart-hematotoxicity": DifferentialMet,
    "drug-induced-tma": DifferentialMet,
    "carhlh-met": DifferentialMet,
    "urinary-tract-bleeding": z
      .object({
        event: z.literal("bleeding"),
        /** A bleeding event of the episode with any of these qualifiers bleeds into the urinary tract. */
        qualifiers: z.array(Id).min(1),
        sourceIds: SourceIds,
        note: z.string().min(10).optional(),
      })
      .strict(),
    /** A bleeding event with any of these qualifiers charted at most `withinDays` days before the evaluation. */
    "recent-intracranial-bleeding": BleedingWithQualifiers.partial({ note: true }),
    "recent-gi-bleeding": BleedingWithQualifiers,
    "recent-major-surgery": EventWithin,
    "major-surgery-within-4-weeks": EventWithin,
    "gi-perforation": EventWithin,
    "bleeding-suspected": EventWithin,
    "stroke-suspected": EventWithin,
    "planned-major-surgery": EventWithin,
    "planned-neurosurgery": EventWithin,
    "planned-lumbar-puncture": EventWithin,
    "planned-central-venous-catheter": EventWithin,
    "planned-neuraxial": EventWithin,
    "planned-neuraxial-puncture": EventWithin,
    "planned-liver-biopsy": EventWithin,
    "planned-high-risk-procedure": EventWithin,
    "planned-low-risk-procedure": EventWithin,
    "planned-minimal-risk-procedure": EventWithin,
    "planned-bone-marrow-biopsy": EventWithin,
    "planned-posterior-eye-surgery": EventWithin,
    /** The same, or such a bleeding event in the episode. */
    "subarachnoid-hemorrhage": BleedingWithQualifiers,
    "immune-thrombocytopenia": FindingInPatient,
    ttp: FindingInPatient,
    "acquired-haemophilia": FindingInPatient,
    "acquired-haemophilia-suspected": FindingInPatient,
    "carhlh-in-patient": FindingInPatient,
    "carac-in-patient": FindingInPatient,
    "thrombosis-in-patient": FindingInPatient,
    /** A named unexplained pattern of any of these ids (knowledge/unexplained.yaml) listed for the patient. */
    "tma-not-ttp": z.object({ patterns: z.array(Id).min(1), sourceIds: SourceIds }).strict(),
    /**
     * Severe renal impairment: a charted kidney failure; else the latest creatinine clearance (mL/min) — charted,
     * or computed by Cockcroft–Gault from the latest creatinine, whichever is more recent — below `below`, or,
     * with neither, the latest eGFR (mL/min/1.73 m²) below it, read as the clearance's stand-in.
     * Unknown when none of them is known.
     */
    "severe-renal-impairment": z
      .object({
        /**
         * A charted event of these kinds, current at the evaluation (no end, or an end after it), makes the
         * fact true whatever the labs say: a clearance or eGFR computed on dialysis does not measure the kidney.
         */
        events: z.array(EventKindSchema).min(1),
        labs: z.array(Id).min(1),
        standInLabs: z.array(Id).min(1),
        /**
         * A result of these labs with no clearance (charted or computed) and no eGFR makes
         * `creatinine-without-clearance` true: the clearance could not be computed.
         */
        uncomputedFrom: z.array(Id).min(1),
        /**
         * The Cockcroft–Gault clearance (engine/manage/clearance.ts), computed from the latest result of
         * `creatinine` (mg/dL), the body weight of the `body-weight` window, the recorded sex and the age at the
         * creatinine's date from `adultFrom` years (an adult formula): the fact `creatinine-clearance`.
         */
        cockcroftGault: z
          .object({
            creatinine: Id,
            adultFrom: z.number().int().positive(),
            sourceIds: SourceIds,
            note: z.string().min(10),
          })
          .strict(),
        /**
         * With no clearance and no eGFR charted, the CKD-EPI 2021 eGFR computed from the same creatinine, the
         * recorded sex and the age (engine/manage/clearance.ts) makes the fact true when below `below`; at or
         * above it the fact stays unknown (an eGFR normalised to 1.73 m² does not show a clearance above the
         * cut-off in a small patient), and `creatinine-without-clearance` still asks for the clearance.
         */
        computedEgfr: z
          .object({ adultFrom: z.number().int().positive(), sourceIds: SourceIds, note: z.string().min(10) })
          .strict(),
        /**
         * A child's kidney function: from `fromAge` up to `cockcroftGault.adultFrom` years (the adult equations are
         * not applied), the bedside Schwartz eGFR (engine/manage/clearance.ts) computed from the same creatinine and
         * the latest result of `height` (cm) of the last `heightWithinDays` days. It is the child's eGFR, read on
         * both sides of `below` (the fact `child-egfr`); with no such height the child's kidney function is
         * unknown, and the plan says a height is needed.
         */
        bedsideSchwartz: z
          .object({
            height: Id,
            fromAge: z.number().int().min(0),
            heightWithinDays: z.number().int().positive(),
            sourceIds: SourceIds,
            note: z.string().min(10),
          })
          .strict(),
        below: z.number().positive(),
        /**
         * The lower cut-off of the same reading (KDIGO G5, below 15): with a current kidney failure it makes the
         * fact `end-stage-kidney-disease`.
         */
        endStageBelow: z.number().positive(),
        sourceIds: SourceIds,
        note: z.string().min(10),
      })
      .strict()
      .refine((r) => r.endStageBelow < r.below, { message: "endStageBelow is below `below`" }),
    "hepatic-impairment": z
      .object({
        event: EventKindSchema,
        /** A current event of `event` with any of these qualifiers (cirrhosis, liver failure)… */
        qualifiers: z.array(Id).min(1),
        /** …unless every such event carries this qualifier (Child-Pugh class A charted)… */
        classA: Id,
        /** …and none carries this one (a liver failure, never class A)… */
        neverClassA: Id,
        /**
         * …and the latest of these labs give fewer than `classBFrom` points with `unmeasuredPoints` (Child-Pugh:
         * 1 point below `two` (above it when falling), 2 from `two`, 3 beyond `three`; a missing lab 1 point).
         */
        labPoints: z
          .array(z.object({ lab: Id, rising: z.boolean(), two: z.number(), three: z.number() }).strict())
          .min(1),
        unmeasuredPoints: z.number().int().min(0),
        classBFrom: z.number().int().positive(),
        sourceIds: SourceIds,
        note: z.string().min(10),
      })
      .strict(),
    /**
     * Active liver injury on the tests: the latest result of a marker's labs drawn within the last `withinDays`
     * days before the evaluation above `aboveUln` times its upper limit (the laboratory's, else the catalogue's).
     * A marker with `unlessHemolysis` does not count while the episode's `hemolysis` fact holds (an alternative
     * cause of a raised bilirubin). Unknown when none of the labs was drawn in the window.
     */
    "active-liver-injury": z
      .object({
        markers: z
          .array(
            z
              .object({
                id: Id,
                labs: z.array(Id).min(1),
                aboveUln: z.number().positive(),
                unlessHemolysis: z.boolean().optional(),
              })
              .strict(),
          )
          .min(1),
        withinDays: z.number().int().positive(),
        sourceIds: SourceIds,
        note: z.string().min(10),
      })
      .strict(),
    "luminal-gi-gu-cancer": CurrentCondition,
    "intracranial-tumour": CurrentCondition,
    /** A charted event of any of these kinds (whatever its qualifiers) current at the evaluation. */
    "active-cancer-charted": z
      .object({ events: z.array(EventKindSchema).min(1), sourceIds: SourceIds, note: z.string().min(10) })
      .strict(),
    /** A thrombosis of the episode with any of the qualifiers is an ischaemic stroke or a systemic arterial embolism. */
    "embolic-arterial-event": ThrombosisQualifiers,
    /** A thrombosis of the episode with any of the qualifiers is an acute ischaemic stroke. */
    "ischaemic-stroke": ThrombosisQualifiers,
    /** A thrombosis of the episode with any of the qualifiers is an arm or neck (often catheter-related) DVT. */
    "upper-extremity-dvt": ThrombosisQualifiers,
    "stroke-barring-thrombolysis": ChartedEvents,
    "recent-tia": ChartedEvents,
    "culprit-anti-cd20": z
      .object({
        /** The attributed drug's catalogue targets (drugs.yaml) include one of these. */
        targets: z.array(z.string().min(1)).min(1),
        sourceIds: SourceIds,
        note: z.string().min(10),
      })
      .strict(),
    "epcoritamab-on-record": DrugOnRecord,
    /**
     * A T-cell engager in the record whose label's rule for thrombocytopenia was not read: none of the facts named
     * here (each a DrugOnRecord fact) covers it. The generic "decide with the treating team" line stays for it.
     */
    "engager-platelet-label-unread": z
      .object({
        readIn: z.array(z.enum(["epcoritamab-on-record"])).min(1),
        /**
         * The named catalogue engagers whose label rule was searched for and not read: with the drugs of `readIn`,
         * every named engager of drugs.yaml, and each named in the caveat of every line that reads this fact.
         */
        unread: z.array(Id).min(1),
        sourceIds: SourceIds,
        note: z.string().min(10),
      })
      .strict(),
    "anti-cd38-antibody-recent": z
      .object({
        /** An immunotherapy whose catalogue targets (drugs.yaml) include one of these... */
        targets: z.array(z.string().min(1)).min(1),
        /** ...given (first dose by the evaluation) with its last dose within this many days of the evaluation. */
        withinDays: z.number().int().positive(),
        sourceIds: SourceIds,
        note: z.string().min(10),
      })
      .strict(),
    "antiphospholipid-antibody-positive": z
      .object({
        /** A positive result of any of these labs at any time up to the evaluation (no look-back limit). */
        labs: z.array(Id).min(1),
        /**
         * Or a charted event of these kinds (antiphospholipid syndrome, confirmed or suspected) at any time up to
         * the evaluation: the diagnosis stands for the antibodies it rests on.
         */
        events: z.array(EventKindSchema).default([]),
        /**
         * Or solid-phase antibodies: at least `min` of the groups, each with any of its labs positive at any
         * time up to the evaluation — a result above `above` (medium or high titre), or read as positive.
         */
        solidPhase: z
          .object({
            groups: z.array(z.object({ id: Id, labs: z.array(Id).min(1) }).strict()).min(1),
            above: z.number().positive(),
            min: z.number().int().positive(),
            note: z.string().min(10),
          })
          .strict()
          .optional(),
        sourceIds: SourceIds,
        note: z.string().min(10),
      })
      .strict(),
    /** Antiphospholipid syndrome charted, confirmed or suspected, at any time up to the evaluation. */
    "antiphospholipid-syndrome-charted": z
      .object({ events: z.array(EventKindSchema).min(1), sourceIds: SourceIds, note: z.string().min(10) })
      .strict(),
    "catastrophic-antiphospholipid-syndrome": ChartedEvents,
    /** A prosthetic heart valve charted at any time up to the evaluation (a lifelong state). */
    /** A mechanical heart valve charted at any time up to the evaluation (a lifelong state). */
    "mechanical-heart-valve": ChartedEvents,
    "prosthetic-heart-valve": z
      .object({ events: z.array(EventKindSchema).min(1), sourceIds: SourceIds, note: z.string().min(10) })
      .strict(),
    /** A congenital TTP charted at any time up to the evaluation (a lifelong ADAMTS13 deficiency). */
    "congenital-ttp": z
      .object({ events: z.array(EventKindSchema).min(1), sourceIds: SourceIds, note: z.string().min(10) })
      .strict(),
    /**
     * Hepatitis B on record: a positive result of any of these labs (HBsAg, anti-HBc) or a charted event of these
     * kinds, at any time up to the evaluation (no look-back limit: a past infection stays one).
     */
    "hepatitis-b-on-record": z
      .object({
        labs: z.array(Id).min(1),
        events: z.array(EventKindSchema).min(1),
        sourceIds: SourceIds,
        note: z.string().min(10),
      })
      .strict(),
    "hit-history": z
      .object({
        /**
         * A charted event of these kinds (HIT, or a past HIT named as such) at any time up to the evaluation
         * (no look-back limit)…
         */
        events: z.array(EventKindSchema).min(1),
        /** …unless it carries one of these qualifiers (non-immune type I HIT is not the antibody disease). */
        unlessQualifiers: z.array(Id),
        /**
         * …or a positive result of any of these labs (the immunoassays) at any time up to the evaluation, unless a
         * negative result of `functionalLabs` lies within `negativeWithinDays` of it (the functional assay rules HIT out)…
         */
        labs: z.array(Id).min(1),
        /** …or a positive result of any of these labs (the functional assays: SRA, HIPA), which confirms HIT. */
        functionalLabs: z.array(Id).min(1),
        /**
         * The days a negative result is read as of the same episode: a negative functional assay within them of a positive
         * immunoassay, or a negative immunoassay or functional assay within them after a past fall, rules that HIT out;
         * a later negative one is the antibodies' decline (remote HIT) and rules nothing out.
         */
        negativeWithinDays: z.number().int().positive(),
        /**
         * …or, when no HIT is suspected now, a 4Ts of at least this many certain points read at an earlier
         * platelet count (its fall on heparin and the exposure before it), with no negative result of `labs` after it.
         */
        pastFourTsAtLeast: z.number().int().min(1),
        /**
         * The acute phase of a fall read from the 4Ts ends at platelet recovery: once the latest count (×10⁹/L) is
         * at least this after a lowest count below it, the fall is a HIT on record, no longer a suspected HIT now.
         */
        recoveredAtLeast: z.number().positive(),
        sourceIds: SourceIds,
        note: z.string().min(10),
      })
      .strict(),
    /**
     * A HIT charted now: an event of these kinds charted at most `withinDays` before the evaluation and not ended
     * by it, unless it carries one of `unlessQualifiers`, is a suspected HIT in every plan of the patient (the
     * `hit-suspected` fact), whether or not a finding's differential reads it.
     */
    "hit-charted-acute": z
      .object({
        events: z.array(EventKindSchema).min(1),
        withinDays: z.number().int().positive(),
        unlessQualifiers: z.array(Id),
        sourceIds: SourceIds,
        note: z.string().min(10),
      })
      .strict(),
    "ttp-history": PastEpisodeRule,
    "itp-history": PastEpisodeRule,
    /** A criterion of these ids met in the finding (the disorders' rechallenge criteria) makes the fact true. */
    "recurrence-on-rechallenge": z
      .object({ criteria: z.array(Id).min(1), sourceIds: SourceIds, note: z.string().min(10) })
      .strict(),
    /**
     * An event of these kinds charted at or after the first checkpoint-inhibitor dose and by the evaluation, unless
     * charted with a grade below `gradeAtLeast` (a troponin rise alone is ASCO's grade 1 myocarditis: held, not stopped).
     */
    "ici-stopping-irae": z
      .object({
        events: z.array(EventKindSchema).min(1),
        gradeAtLeast: z.number().int().min(1).max(5),
        sourceIds: SourceIds,
        note: z.string().min(10),
      })
      .strict(),
    /** A criterion of these ids met in the finding (DIC's consumption after CAR-T or an engager) makes the fact true. */
    "cellular-therapy-consumption": z.object({ criteria: z.array(Id).min(1), sourceIds: SourceIds }).strict(),
    /** A criterion of these ids met in the finding (TTP's or AHA's active-at-first-dose) makes the fact true. */
    "pre-existing-active": z
      .object({ criteria: z.array(Id).min(1), sourceIds: SourceIds, note: z.string().min(10) })
      .strict(),
    "thrombosis-history": PastEpisodeRule,
    /** An event of this kind, with every one of these qualifiers, charted in the episode (the `recent` window). */
    "plasma-exchange-in-episode": z
      .object({
        event: EventKindSchema,
        qualifiers: z.array(z.string()).min(1),
        sourceIds: SourceIds,
        note: z.string().min(10),
      })
      .strict(),
    "ttp-clinical-remission": z
      .object({
        /** The latest platelet count at or above this (×10⁹/L)… */
        plateletsAtLeast: z.number().positive(),
        /** …and the latest LDH below this multiple of its upper limit of normal… */
        ldhBelowUln: z.number().positive(),
        /** …both drawn at least this many days after onset, with no `plasmaEvent` in the last this many days. */
        sustainedDays: z.number().int().min(1),
        plasmaEvent: EventKindSchema,
        /** ADAMTS13 relapse: in clinical remission, the latest ADAMTS13 activity (%) in the same window below this. */
        adamts13RelapseBelow: z.number().positive(),
        sourceIds: SourceIds,
        note: z.string().min(10),
      })
      .strict(),
    "thrombocytopenia-charted-without-count": z
      .object({
        /** Any of these events charted in the episode, with no platelet count on record by the evaluation. */
        events: z.array(EventKindSchema).min(1),
        sourceIds: SourceIds,
      })
      .strict(),
    "aha-charted-without-results": z
      .object({
        /** Any of these events charted in the episode, with none of `labs` resulted by the evaluation. */
        events: z.array(EventKindSchema).min(1),
        labs: z.array(Id).min(1),
        sourceIds: SourceIds,
        note: z.string().min(10),
      })
      .strict(),
    "drug-hypersensitivity": z
      .object({
        /** The event a charted drug allergy is read as (knowledge/events.yaml drugHypersensitivity)… */
        event: EventKindSchema,
        /** …its qualifier of an anaphylaxis or a severe reaction… */
        severe: Id,
        /**
         * …and each fact it gives: true when such an event at any time up to the evaluation carries the `tag`
         * (and `severe` when `severeOnly`).
         */
        facts: z
          .array(z.object({ fact: z.enum(FACT_NAMES), tag: Id, severeOnly: z.boolean() }).strict())
          .min(1),
        /**
         * The allergy's clinical status, a qualifier the adapters add (FHIR AllergyIntolerance.clinicalStatus, a
         * CSV status qualifier): `resolved` (reassessed by testing or re-exposure) takes the event out of the
         * facts above and sets `fact` while no allergy that is not resolved names the same drug; `inactive`
         * (no reassessment charted) leaves the facts above and sets its own `fact`.
         */
        statuses: z
          .object({
            resolved: z.object({ qualifier: Id, fact: z.enum(FACT_NAMES) }).strict(),
            inactive: z.object({ qualifier: Id, fact: z.enum(FACT_NAMES) }).strict(),
          })
          .strict(),
        note: z.string().min(10),
        sourceIds: SourceIds,
      })
      .strict(),
    "female-childbearing-age": z
      .object({
        /** Age in whole years at the episode's onset from which a woman is read as of childbearing age… */
        fromAge: z.number().int().min(0),
        /** …and below which. */
        belowAge: z.number().int().min(1),
        note: z.string().min(10),
        sourceIds: SourceIds,
      })
      .strict(),
    pregnancy: z
      .object({
        ...ChartedNow.shape,
        /**
         * Pregnancy tests read with the events: the latest result of these labs within `withinDays`, positive
         * (qualitative) or above the laboratory's upper limit (quantitative), is a pregnancy.
         */
        labs: z.array(Id).min(1),
      })
      .strict(),
    breastfeeding: ChartedNow,
    postpartum: ChartedNow,
    "body-weight": z
      .object({
        /**
         * The latest body weight (and body-mass index) charted within this many days before the evaluation is
         * read; an older one, or a BMI without a date, leaves the fact unknown.
         */
        withinDays: z.number().int().min(1),
        /** `weight-above-120-or-bmi-above-40`: a weight above this many kg… */
        weightAbove: z.number().positive(),
        /** …or a body-mass index above this many kg/m². */
        bmiAbove: z.number().positive(),
        note: z.string().min(10),
        sourceIds: SourceIds,
      })
      .strict(),
    "severe-infection": z
      .object({
        /** These events charted within `withinDays` before the evaluation and not ended by it, at any grade. */
        events: z.array(EventKindSchema).min(1),
        /** These events count from `minGrade` (CTCAE) on; one charted without a grade does not. */
        gradedEvents: z.array(EventKindSchema).min(1),
        minGrade: z.number().int().min(1).max(5),
        withinDays: z.number().int().min(0),
        note: z.string().min(10),
        sourceIds: SourceIds,
      })
      .strict(),
    "acute-infection": ChartedNow,
    "hlh-charted": z
      .object({
        /** Any of these events charted in the episode (an HLH, an IEC-HS, a macrophage activation syndrome). */
        events: z.array(EventKindSchema).min(1),
        sourceIds: SourceIds,
      })
      .strict(),
    /** An HLH the care team suspects or is ruling out, charted in the episode (the hlh-considered event). */
    "hlh-considered": z
      .object({
        events: z.array(EventKindSchema).min(1),
        sourceIds: SourceIds,
      })
      .strict(),
    "hlh-suspected": z
      .object({
        /** The finding's episode score (one of its `scores`) read, and the total that makes the syndrome likely. */
        score: Id,
        atLeast: z.number(),
        sourceIds: SourceIds,
        note: z.string().min(10),
      })
      .strict(),
    hemolysis: z
      .object({
        /** Charted hemolysis. */
        event: z.literal("hemolysis"),
        /** A marker that is hemolysis on its own. */
        alone: z.array(HemolysisMarker).min(1),
        /** Markers that are hemolysis when at least `min` of them are abnormal. */
        markers: z.array(HemolysisMarker).min(2),
        min: z.number().int().min(2),
        sourceIds: SourceIds,
      })
      .strict(),
  })
  .strict();
export type ManagementFactRules = z.infer<typeof ManagementFactsFile>;
