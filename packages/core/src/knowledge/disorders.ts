/**
 * Disorder definitions: criteria, time windows, differentials, certainty levels and grading rules as
 * data (knowledge/disorders/*.yaml), evaluated by one generic engine (src/core/detect).
 */
import { z } from "zod";
import {
  CertaintySchema,
  DifferentialEffectSchema,
  DisorderIdSchema,
  EventKindSchema,
  Grade,
  QualitativeSchema,
  TherapyClassSchema,
} from "../contracts/vocabularies.js";

/** Days relative to an anchor: the candidate exposure's first dose (CAR-T: infusion) or the episode index. */
export const Window = z
  .object({
    from: z.enum(["exposure", "index"]),
    startDay: z.number().optional(),
    endDay: z.number().optional(),
    /** A window from the index that reaches before the exposure's day 0 is cut there (not another drug's). */
    notBeforeExposure: z.literal(true).optional(),
    /**
     * Only records timed after the exposure's first dose itself, not merely on its calendar day: a count drawn
     * hours after an infusion on day 0 is in, the pre-dose count of that morning is not.
     */
    afterExposure: z.literal(true).optional(),
    /**
     * Only records drawn by the exposure's first dose itself (the pre-dose count of day 0 is in, a count hours
     * after it is not). A record at the very instant of the dose (both charted as that date, without a time) is
     * the pre-dose sample, as the CTCAE baseline reads it, and so is in; `afterExposure` leaves it out.
     */
    beforeExposure: z.literal(true).optional(),
  })
  .strict();
export type Window = z.infer<typeof Window>;

const LabTest = z
  .object({
    kind: z.literal("lab"),
    lab: z.union([z.string(), z.array(z.string()).min(1)]),
    below: z.number().optional(),
    above: z.number().optional(),
    /** Inclusive bounds, for bands such as ADAMTS13 10–20 %. */
    atLeast: z.number().optional(),
    atMost: z.number().optional(),
    /** Fraction of the lower / upper limit of normal (result's range, else the catalogue's). */
    belowLln: z.number().optional(),
    aboveUln: z.number().optional(),
    is: QualitativeSchema.optional(),
    /**
     * For a quantity lab that also accepts a word (a Bethesda titre sent as `positive` or `negative`): a result sent
     * as a word is judged by this word instead of the numeric bounds, so that a titre of 0.3 and a `negative` are
     * both an answer (not met), not a gap.
     */
    orIs: QualitativeSchema.optional(),
    /** Judge only the first result in the window: the presenting value, before treatment changes it. */
    first: z.literal(true).optional(),
    /**
     * Event kinds of a charted diagnosis (problem list, encounter diagnosis, note) that stand in for the
     * result when the window holds none that can be compared: met on lower-weight evidence, said so.
     */
    orCharted: z.array(z.string()).min(1).optional(),
    /**
     * A result that meets the bounds does not count when a result of `lab` reading `is` lies within `withinDays` of
     * it, by the evaluation, in or out of the window: a negative functional assay (SRA, HIPA) near a positive
     * PF4/heparin immunoassay rules that HIT out (ASH 2018).
     */
    ruledOutBy: z
      .object({
        lab: z.array(z.string()).min(1),
        is: QualitativeSchema,
        withinDays: z.number().positive(),
      })
      .strict()
      .optional(),
    window: Window,
  })
  .strict();

const FallTest = z
  .object({
    kind: z.literal("fall"),
    lab: z.string(),
    percent: z.number().optional(),
    amount: z.number().optional(),
    window: Window,
  })
  .strict();

/**
 * A fall that is new: the worst result in the window is at least `grades` CTCAE grades worse than the
 * pre-dose baseline's grade, or `percent` below the baseline value. A pre-existing cause explains the
 * baseline, not a new fall.
 */
const NewFallTest = z
  .object({
    kind: z.literal("new-fall"),
    lab: z.string(),
    /** The CTCAE term the grades are read on, e.g. `platelet-count-decreased`. */
    term: z.string(),
    grades: z.number().int().min(1),
    percent: z.number().positive(),
    window: Window,
  })
  .strict();

/**
 * The time course of an infusion reaction: the episode began within `withinHours` of a dose of the
 * candidate drug and the value recovered past `recoveredAbove` within `recoveryDays`, with no treatment
 * of the listed roles and no transfusion in between.
 */
const InfusionRelatedTest = z
  .object({
    kind: z.literal("infusion-related"),
    lab: z.string(),
    withinHours: z.number().positive(),
    recoveredAbove: z.number(),
    recoveryDays: z.number().positive(),
    treatments: z.array(z.string()).min(1),
    transfusions: z.array(z.string()).default([]),
  })
  .strict();

const EventTest = z
  .object({
    kind: z.literal("event"),
    event: z.union([z.string(), z.array(z.string()).min(1)]),
    qualifiers: z.array(z.string()).optional(),
    /** An event carrying any of these qualifiers does not count (a non-immune type I HIT is not the antibody disease). */
    unlessQualifiers: z.array(z.string()).min(1).optional(),
    minGrade: z.number().optional(),
    /**
     * Only an event that began by the first dose and whose recorded end (abatement) falls after it: a condition
     * present before the drug and still open after it (pre-existing, active during immunotherapy).
     */
    openAfterExposure: z.literal(true).optional(),
    window: Window,
  })
  .strict();

const ContextDrugTest = z
  .object({
    kind: z.literal("context-drug"),
    role: z.union([z.string(), z.array(z.string()).min(1)]),
    window: Window,
  })
  .strict();

const ScoreTest = z
  .object({
    kind: z.literal("score"),
    score: z.string(),
    atLeast: z.number().optional(),
    below: z.number().optional(),
    category: z.array(z.string()).optional(),
    /** Components whose points are left out of the total (JSTH: platelets when they have another cause). */
    without: z.array(z.string()).min(1).optional(),
  })
  .strict();

/**
 * The candidate exposure is of one of these classes. With `anyWithinDays`, any exposure of the record
 * counts instead: one of these classes whose day 0 (CAR-T infusion, else first dose) lies within that many
 * days before the episode's index, up to the index itself (a CAR-T infusion weighs on a cytopenia the
 * finding attributes to another drug).
 */
const ClassTest = z
  .object({
    kind: z.literal("exposure-class"),
    classes: z.array(TherapyClassSchema),
    anyWithinDays: z.number().int().nonnegative().optional(),
  })
  .strict();
const LatencyTest = z.object({ kind: z.literal("latency") }).strict();
const FindingTest = z
  .object({ kind: z.literal("finding"), finding: z.string(), atLeast: CertaintySchema })
  .strict();
const DechallengeTest = z
  .object({ kind: z.literal("dechallenge"), lab: z.string(), recoveredAbove: z.number() })
  .strict();
const RechallengeTest = z
  .object({
    kind: z.literal("rechallenge"),
    lab: z.string(),
    recoveredAbove: z.number(),
    recurrenceBelow: z.number(),
    /**
     * Groups of catalogue targets (drugs.yaml) read as one axis: an earlier drug of the same class sharing a
     * target of a group with this one counts as the same drug given again (nivolumab, then pembrolizumab or
     * atezolizumab, on the PD-1/PD-L1 axis). Without it only the same drug is a re-exposure.
     */
    sameAxis: z
      .array(z.array(z.string().min(1)).min(1))
      .min(1)
      .optional(),
  })
  .strict();

/**
 * The criteria language, tagged by `kind`: leaf tests over labs, events, drugs, scores and time, and the
 * combinators `all-of`, `any-of`, `not` (met when the inner test is unmet; missing stays missing) and
 * `not-met` (met when the inner test is unmet or not assessable: "not known to be …").
 */
export type Test =
  | z.infer<typeof LabTest>
  | z.infer<typeof FallTest>
  | z.infer<typeof NewFallTest>
  | z.infer<typeof InfusionRelatedTest>
  | z.infer<typeof EventTest>
  | z.infer<typeof ContextDrugTest>
  | z.infer<typeof ScoreTest>
  | z.infer<typeof ClassTest>
  | z.infer<typeof LatencyTest>
  | z.infer<typeof FindingTest>
  | z.infer<typeof DechallengeTest>
  | z.infer<typeof RechallengeTest>
  | { readonly kind: "all-of"; readonly tests: readonly Test[] }
  | { readonly kind: "any-of"; readonly tests: readonly Test[] }
  | { readonly kind: "not"; readonly test: Test }
  | { readonly kind: "not-met"; readonly test: Test };

/** One test of a given kind. */
export type TestOf<K extends Test["kind"]> = Extract<Test, { kind: K }>;

export const Test: z.ZodType<Test> = z.lazy(() =>
  z.discriminatedUnion("kind", [
    LabTest,
    FallTest,
    NewFallTest,
    InfusionRelatedTest,
    EventTest,
    ContextDrugTest,
    ScoreTest,
    ClassTest,
    LatencyTest,
    FindingTest,
    DechallengeTest,
    RechallengeTest,
    z.object({ kind: z.literal("all-of"), tests: z.array(Test).min(1) }).strict(),
    z.object({ kind: z.literal("any-of"), tests: z.array(Test).min(1) }).strict(),
    z.object({ kind: z.literal("not"), test: Test }).strict(),
    z.object({ kind: z.literal("not-met"), test: Test }).strict(),
  ]),
);

const Criterion = z
  .object({
    id: z.string(),
    label: z.string(),
    test: Test,
    sourceIds: z.array(z.string()).min(1),
  })
  .strict();

const Differential = Criterion.extend({
  /** `exclude` drops the finding; `lower` lowers its certainty by one level. */
  effect: DifferentialEffectSchema,
}).strict();

const CertaintyRule = z
  .object({
    level: CertaintySchema,
    /** Criteria that must all be met. */
    allOf: z.array(z.string()).default([]),
    /** At least one of these must be met (when given). */
    anyOf: z.array(z.string()).optional(),
    /** At least `min` of these must be met (when given). */
    atLeast: z
      .object({ min: z.number().int().min(1), of: z.array(z.string()).min(1) })
      .strict()
      .optional(),
    /**
     * The lowest certainty differentials can bring this rule to: a decisive result (ADAMTS13 < 10 %, a FVIII
     * inhibitor with low FVIII) stands on its own. Default `possible`.
     */
    floor: CertaintySchema.optional(),
  })
  .strict();

const GradeRule = z.object({ grade: Grade, when: Test, basis: z.string() }).strict();

/** CTCAE term graded over the episode as the fallback grade. */
const CtcaeGrade = z.object({ term: z.string(), lab: z.string() }).strict();

/**
 * Charted diagnoses whose recorded grade (a Condition's severity) stands in when neither a rule nor the
 * CTCAE fallback can grade the finding from results, e.g. "grade 5 ITP" charted without a platelet count.
 */
const ChartedGrade = z.array(EventKindSchema).min(1);

/**
 * One arm of a syndrome graded on its own (Evans: the haemolytic anaemia and the thrombocytopenia), so
 * that management follows the grade of the arm a rule belongs to.
 */
const GradeArm = z
  .object({
    id: z.string(),
    label: z.string(),
    rules: z.array(GradeRule).default([]),
    ctcae: CtcaeGrade.optional(),
    charted: ChartedGrade.optional(),
  })
  .strict();

/**
 * A second way to meet the latency of a drug given for months or years: the onset falls within `maxDays`
 * of the latest dose given before it (on therapy, or that long after the last dose). The onset must still
 * be at least the window's `minDays` after the first dose.
 */
const LatestDoseWindow = z
  .object({
    maxDays: z.number().int().min(0),
    sourceIds: z.array(z.string()).min(1),
    note: z.string().optional(),
  })
  .strict();

const LatencyWindow = z
  .object({
    /** Days from the first dose (CAR-T: the infusion) before which an onset is not attributed to it. */
    minDays: z.number(),
    /** Days from the first dose (CAR-T: the infusion) up to which an onset is plausible. */
    maxDays: z.number(),
    /** When given, an onset later than `maxDays` is plausible too within this window of the latest dose. */
    afterLatestDose: LatestDoseWindow.optional(),
    /** Episodes starting before this day are not sought (e.g. expected early cytopenia after CAR-T). */
    searchFromDay: z.number().optional(),
    sourceIds: z.array(z.string()).min(1),
    note: z.string().optional(),
  })
  .strict();

export const Disorder = z
  .object({
    id: DisorderIdSchema,
    name: z.string(),
    /** Lower number is listed first among findings of equal certainty and grade. */
    priority: z.number().int(),
    /**
     * What the certainty grades: the diagnosis itself (default), or, for an event objectively confirmed by its
     * own criterion (a charted thrombosis), only its link to the immunotherapy — the summary then says that a
     * competing explanation names the event's cause and lowers the link, not the event.
     */
    certaintyOf: z.enum(["diagnosis", "attribution"]).optional(),
    sourceIds: z.array(z.string()).min(1),
    /** Therapy classes in which the disorder is sought, with the plausible onset window of each. */
    latency: z.partialRecord(TherapyClassSchema, LatencyWindow),
    /**
     * A drug whose own onset window differs from its class's (alemtuzumab's secondary autoimmunity arises up
     * to 48 months after the last infusion, far beyond the antibody class's year), by catalogue drug id. It
     * replaces the class window for that drug only, and only where the class window exists: the disorder is
     * still sought in the classes `latency` names and no other.
     */
    latencyByDrug: z.record(z.string(), LatencyWindow).optional(),
    /** The episode starts at the first time this test is met after the first dose. */
    index: z
      .object({
        test: Test,
        label: z.string(),
        /**
         * A count already past the index threshold before the first dose is the patient's own baseline, not
         * an onset: when the criterion `when` (a normal pre-dose count) is unmet and the record holds a
         * count in `window` that meets the `newFall` criterion's fall from that baseline (a `new-fall` test,
         * read with its own lab, term, grades and percent), the counts in `window` that are no such fall do
         * not start an episode: the onset is the new fall. Without any such fall the index is read as before.
         */
        lowBaseline: z.object({ when: z.string(), newFall: z.string(), window: Window }).strict().optional(),
      })
      .strict(),
    /**
     * An onset on the first dose's own day (day 0) before the drug's plausible window opens (its `minDays` above 0),
     * or before the dose (a condition charted before it and still open after it: pre-existing, active during
     * immunotherapy): the finding is read (never silent) but is at most `atMost`, and its summary names the timing.
     * For the immune disorders no report places within hours of a first dose (TTP, AHA, Evans).
     */
    firstDoseDay: z
      .object({ atMost: CertaintySchema, sourceIds: z.array(z.string()).min(1), note: z.string().optional() })
      .strict()
      .optional(),
    /** Days after the index over which the episode's worst values (nadir) are sought. */
    episodeDays: z.number().int().min(0),
    criteria: z.array(Criterion).min(1),
    differentials: z.array(Differential).default([]),
    certainty: z.array(CertaintyRule).min(1),
    /**
     * First matching rule gives the grade; `ctcae` names a CTCAE term graded over the episode as fallback;
     * `charted`, the diagnoses whose charted grade is the last resort.
     */
    grade: z
      .object({
        rules: z.array(GradeRule).default([]),
        ctcae: CtcaeGrade.optional(),
        charted: ChartedGrade.optional(),
        /** When given, the finding's grade is the worst arm's and each arm's grade is reported. */
        arms: z.array(GradeArm).min(2).optional(),
        sourceIds: z.array(z.string()).min(1),
        note: z.string().optional(),
      })
      .strict(),
    /** Disorders this one replaces when found with at least their certainty (Evans replaces ITP). */
    supersedes: z.array(z.string()).default([]),
    /** Disorders listed after this one at equal certainty, whatever their grade (the more specific diagnosis leads). */
    outranks: z.array(z.string()).default([]),
    /** Scores reported with the finding (computed at the episode's nadir). */
    scores: z.array(z.string()).default([]),
    summary: z.string(),
  })
  .strict();
export type Disorder = z.infer<typeof Disorder>;
