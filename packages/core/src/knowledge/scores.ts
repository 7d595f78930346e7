/**
 * Validated clinical scores as data (knowledge/scores/<id>.yaml): points per component, category cut-offs,
 * look-back windows and what each number was checked against. Interpreted by src/core/scores/.
 */
import { z } from "zod";
import {
  ContextRoleSchema,
  EventKindSchema,
  Id,
  SourceIds,
  TherapyClassSchema,
} from "../contracts/vocabularies.js";

const Text = z.string().min(3);

/** Bounds of an interval on one number; every bound given must hold. */
const Bounds = {
  lt: z.number().optional(),
  le: z.number().optional(),
  gt: z.number().optional(),
  ge: z.number().optional(),
};
export interface Interval {
  readonly lt?: number;
  readonly le?: number;
  readonly gt?: number;
  readonly ge?: number;
}

/** The points a value earns when it lies in the band's interval. */
const Band = z.object({ ...Bounds, points: z.number().int().min(0) }).strict();
export type Band = z.infer<typeof Band>;

/** Whether `x` lies in the interval (every bound given holds). */
export function inInterval(b: Interval, x: number): boolean {
  return (
    (b.lt === undefined || x < b.lt) &&
    (b.le === undefined || x <= b.le) &&
    (b.gt === undefined || x > b.gt) &&
    (b.ge === undefined || x >= b.ge)
  );
}

/**
 * Bands must partition the number line: at every cut-off, just either side of it and beyond the extremes,
 * exactly one band matches. Catches gaps and overlaps such as "≤ 3" next to "≥ 3".
 */
function partitions(bands: readonly Interval[]): boolean {
  const cuts = bands.flatMap((b) => [b.lt, b.le, b.gt, b.ge].filter((x): x is number => x !== undefined));
  const probes = cuts.flatMap((c) => [c, c - 1e-9, c + 1e-9]);
  probes.push(Math.min(0, ...cuts) - 1e6, Math.max(0, ...cuts) + 1e6);
  return probes.every((x) => bands.filter((b) => inInterval(b, x)).length === 1);
}
const BandList = z.array(Band).min(1).refine(partitions, {
  message: "bands must cover every value exactly once (check the cut-offs for gaps or overlaps)",
});

/** Look-back for the labs of a score: the latest result at or before the instant, no older than this. */
const Window = z.object({ hours: z.number().positive() }).strict();

/** One kind of long-term drug course a fact reads from the drug records (see `FactSet.longTermDrugs`). */
const LongTermDrugs = z
  .object({
    contextRoles: z.array(ContextRoleSchema).min(1),
    exceptDrugs: z.array(Id).min(1).optional(),
    minDays: z.number().int().positive(),
    currentDays: z.number().int().positive(),
    maxGapDays: z.number().int().positive().optional(),
    note: z.string().min(10),
  })
  .strict();

/** Clinical facts that count as present when any one of them is recorded at or before the instant. */
const FactSet = z
  .object({
    events: z.array(EventKindSchema).min(1).optional(),
    /**
     * Events of a kind that count only with one of these qualifiers (a hepatosplenomegaly is a splenomegaly
     * with the `hepatomegaly` qualifier: the HScore's hepatomegaly reads it).
     */
    qualifiedEvents: z
      .array(z.object({ event: EventKindSchema, qualifiers: z.array(Id).min(1) }).strict())
      .min(1)
      .optional(),
    exposureClasses: z.array(TherapyClassSchema).min(1).optional(),
    contextRoles: z.array(ContextRoleSchema).min(1).optional(),
    /** Only facts dated (or, for events with an end, lasting) within this many days before the instant. */
    lookbackDays: z.number().int().positive().optional(),
    /**
     * Long-term courses of context drugs, one rule per kind of drug: a record of a drug of the rule's roles at
     * least `minDays` before the instant, and one still taken within `currentDays` before it (an ongoing course,
     * or a dose or course end in those days). Read by drug, whatever the record kind (a statement, a request,
     * daily administrations). With `maxGapDays` the records must also join into one course without a gap
     * longer than that (daily prednisone, not a premedication given a few days every three weeks); drugs in
     * `exceptDrugs` are not read (hydrocortisone, taken long-term as a replacement).
     */
    longTermDrugs: z.array(LongTermDrugs).min(1).optional(),
  })
  .strict()
  .refine((f) => f.events || f.qualifiedEvents || f.exposureClasses || f.contextRoles || f.longTermDrugs, {
    message: "name at least one kind of fact",
  });
export type FactSet = z.infer<typeof FactSet>;

/** What was compared with what when the data were written (a checked, honest provenance trail). */
const Check = z
  .object({
    what: Text,
    source: Id,
    read: z.enum(["full-text", "abstract", "excerpt", "secondary"]),
    note: z.string().optional(),
  })
  .strict();

const Unit = z.string().min(1);

/** Fields every score component has: its id, the label shown and its sources (most also take a note). */
const componentIdentity = { id: Id, label: Text, sourceIds: SourceIds };
const componentBase = { ...componentIdentity, note: z.string().optional() };

const LabComponent = z
  .object({
    ...componentBase,
    kind: z.literal("lab"),
    lab: Id,
    unit: Unit,
    bands: BandList,
    /** Extra points for a relative fall against the highest count of the preceding hours (JAAM platelets). */
    fall: z
      .object({
        withinHours: z.number().positive(),
        bands: z.array(
          z
            .object({ gtPct: z.number().optional(), gePct: z.number().optional(), points: z.number().int() })
            .strict(),
        ),
      })
      .strict()
      .optional(),
  })
  .strict();

/** A lab compared with its upper limit of normal: seconds above it (ISTH PT) or the ratio to it (JAAM). */
const UlnComponent = z
  .object({
    ...componentBase,
    kind: z.literal("lab-vs-uln"),
    lab: Id,
    unit: Unit,
    measure: z.enum(["difference", "ratio"]),
    bands: BandList,
  })
  .strict();

/**
 * Cut-offs of a fibrin-related marker: a value up to `moderateAbove` is no increase, up to `strongAbove` a
 * moderate increase, above it a strong increase (Taylor 2001's three levels).
 */
const markerCutoffs = { moderateAbove: z.number().positive(), strongAbove: z.number().positive() };
const strongAboveModerate = {
  check: (c: { moderateAbove: number; strongAbove: number }) => c.strongAbove > c.moderateAbove,
  message: { message: "strongAbove must be greater than moderateAbove", path: ["strongAbove"] },
};

/** Absolute cut-offs for one assay (every result of `lab`, or only those coded `loinc`), in `unit`. */
const MarkerAssay = z
  .object({ lab: Id, loinc: z.string().min(1).optional(), unit: Unit, ...markerCutoffs })
  .strict()
  .refine(strongAboveModerate.check, strongAboveModerate.message);
export type MarkerAssay = z.infer<typeof MarkerAssay>;

/**
 * Fibrin-related marker (D-dimer FEU or DDU, FDP): cut-offs in multiples of each result's upper limit of
 * normal, or absolute cut-offs for a named assay (which replace the multiples for its results).
 */
const FibrinMarkerComponent = z
  .object({
    ...componentBase,
    kind: z.literal("fibrin-marker"),
    /** Points for a moderate and a strong increase; no increase scores 0. */
    points: z.object({ moderate: z.number().int().positive(), strong: z.number().int().positive() }).strict(),
    /** Multiples of the upper limit of normal (the result's own range, else the lab catalogue's). */
    relativeToUln: z
      .object({
        labs: z.array(Id).min(1),
        ...markerCutoffs,
        sourceIds: SourceIds,
        note: z.string().optional(),
      })
      .strict()
      .refine(strongAboveModerate.check, strongAboveModerate.message)
      .refine((c) => c.moderateAbove >= 1, {
        message: "moderateAbove below 1 x ULN would score normal results",
        path: ["moderateAbove"],
      }),
    /** Set by a site for its own assay (docs/settings.md); a LOINC-coded entry wins over one for the whole lab. */
    assays: z.array(MarkerAssay),
  })
  .strict();
export type FibrinMarkerComponent = z.infer<typeof FibrinMarkerComponent>;

/** A lab result within bounds (in `unit`), under an id of its own. */
const LabCriterion = z.object({ id: Id, lab: Id, unit: Unit, ...Bounds }).strict();

const Criterion = z.union([
  LabCriterion,
  /** Result reported below the assay's detection limit (a censored "<x" result or zero). */
  z.object({ id: Id, lab: Id, undetectable: z.literal(true) }).strict(),
]);
export type Criterion = z.infer<typeof Criterion>;

/** Points when any criterion holds (PLASMIC hemolysis). */
const AnyOfComponent = z
  .object({
    ...componentBase,
    kind: z.literal("any-of"),
    points: z.number().int().positive(),
    criteria: z.array(Criterion).min(1),
  })
  .strict();

/**
 * A clinical fact: recorded → `presentPoints`; not recorded → unknown, unless `assumeAbsent` names why the
 * score's authors score it absent from the history (then it counts and the assumption is stated).
 */
const FactComponent = z
  .object({
    ...componentBase,
    kind: z.literal("fact"),
    facts: FactSet,
    presentPoints: z.number().int().min(0),
    absentPoints: z.number().int().min(0),
    assumeAbsent: z.string().optional(),
  })
  .strict();

/** Cancer site read from the qualifiers of `active-cancer` events (Khorana). */
const SiteComponent = z
  .object({
    ...componentBase,
    kind: z.literal("cancer-site"),
    groups: z
      .array(z.object({ points: z.number().int().min(0), qualifiers: z.array(Id).min(1) }).strict())
      .min(1),
  })
  .strict();

/** A lab band or a drug role, whichever gives more points (Khorana: hemoglobin < 10 g/dL or ESA use). */
const LabOrDrugComponent = z
  .object({
    ...componentBase,
    kind: z.literal("lab-or-drug"),
    lab: Id,
    unit: Unit,
    bands: BandList,
    drug: z
      .object({
        roles: z.array(ContextRoleSchema).min(1),
        lookbackDays: z.number().int().positive(),
        points: z.number().int(),
      })
      .strict(),
  })
  .strict();

const BmiComponent = z
  .object({
    ...componentBase,
    kind: z.literal("bmi"),
    bands: BandList,
  })
  .strict();

/**
 * SOFA organ sub-scores available from labs; the others are not in the record, so the known sum is a
 * lower bound and the component is known only once the cap is reached.
 */
const SofaComponent = z
  .object({
    ...componentBase,
    kind: z.literal("sofa-partial"),
    organs: z.array(z.object({ id: Id, lab: Id, unit: Unit, bands: BandList }).strict()).min(1),
    unavailableOrgans: z.array(Id),
    /** Points for the SOFA sum (capped). */
    sumBands: BandList,
  })
  .strict();

/**
 * One condition of a count-of component: a lab result within bounds, a recorded clinical fact, or a
 * finding the record cannot carry (known only from a form's answer).
 */
const CountCriterion = z.union([
  LabCriterion,
  z.object({ id: Id, facts: FactSet }).strict(),
  z.object({ id: Id, notInRecord: Text }).strict(),
]);
export type CountCriterion = z.infer<typeof CountCriterion>;

/**
 * Points by how many conditions hold (HScore: the number of cytopenic lineages; hepatomegaly and
 * splenomegaly). A fact not recorded is unknown, never absent; the count then spans what is still possible.
 */
const CountOfComponent = z
  .object({
    ...componentBase,
    kind: z.literal("count-of"),
    criteria: z.array(CountCriterion).min(2),
    /** Points by the number of conditions that hold. */
    bands: BandList,
  })
  .strict()
  .refine((c) => new Set(c.criteria.map((k) => k.id)).size === c.criteria.length, {
    message: "criterion ids must be unique",
  });

/** A component the normalized record cannot carry (e.g. SIRS vital signs): always missing, with the reason. */
const NotInRecordComponent = z
  .object({
    ...componentIdentity,
    kind: z.literal("not-in-record"),
    possiblePoints: z.array(z.number().int().min(0)).min(2),
    reason: Text,
  })
  .strict();

const Component = z.discriminatedUnion("kind", [
  LabComponent,
  UlnComponent,
  FibrinMarkerComponent,
  AnyOfComponent,
  CountOfComponent,
  FactComponent,
  SiteComponent,
  LabOrDrugComponent,
  BmiComponent,
  SofaComponent,
  NotInRecordComponent,
]);
export type Component = z.infer<typeof Component>;

/** First matching rule gives the category; the last rule must match everything (no bounds). */
const CategoryRule = z
  .object({
    key: Id,
    atLeast: z.number().optional(),
    atMost: z.number().optional(),
    /** The listed components must together exceed `above` (SIC: PT + platelets > 2). */
    subtotal: z
      .object({ of: z.array(Id).min(1), above: z.number() })
      .strict()
      .optional(),
    interpretation: Text,
    /** How the category reads in the list an incomplete score can still reach ("240–249 (99 %)"); the key otherwise. */
    label: Text.optional(),
  })
  .strict();
export type CategoryRule = z.infer<typeof CategoryRule>;

const CategoryList = z
  .array(CategoryRule)
  .min(2)
  .refine(
    (cs) => {
      const last = cs[cs.length - 1];
      return last !== undefined && last.atLeast === undefined && last.atMost === undefined && !last.subtotal;
    },
    { message: "the last category must be the catch-all (no bounds)" },
  );

const Applicability = z
  .object({
    /** At least one of these facts must be recorded. */
    facts: FactSet.optional(),
    /** The latest result of this lab (within the score's window) must be below the cut-off. */
    lab: z.object({ lab: Id, unit: Unit, below: z.number() }).strict().optional(),
    /** Every one of these results (within the window) must hold (HScore: ferritin above 500 ng/mL). */
    allOf: z
      .array(z.object({ id: Id, lab: Id, unit: Unit, ...Bounds }).strict())
      .min(1)
      .optional(),
    /** At least one of these results (within the window) must hold (HScore: any one cytopenia). */
    anyOf: z
      .array(z.object({ id: Id, lab: Id, unit: Unit, ...Bounds }).strict())
      .min(1)
      .optional(),
    sourceIds: SourceIds,
    note: z.string().optional(),
  })
  .strict();
export type Applicability = z.infer<typeof Applicability>;

/** Component ids are unique and every id named by `requires` or a category subtotal exists. */
function componentsConsistent(
  s: {
    components: readonly { id: string }[];
    requires: readonly string[];
    alsoScoredAt?: readonly string[];
    categories: readonly CategoryRule[];
    confounders?: readonly { component: string }[];
  },
  ctx: z.RefinementCtx,
): void {
  const ids = new Set(s.components.map((c) => c.id));
  if (ids.size !== s.components.length)
    ctx.addIssue({ code: "custom", message: "component ids must be unique" });
  for (const r of [
    ...s.requires,
    ...(s.alsoScoredAt ?? []),
    ...(s.confounders ?? []).map((c) => c.component),
  ])
    if (!ids.has(r)) ctx.addIssue({ code: "custom", message: `names unknown component ${r}` });
  for (const c of s.categories)
    for (const r of c.subtotal?.of ?? [])
      if (!ids.has(r))
        ctx.addIssue({ code: "custom", message: `category ${c.key} names unknown component ${r}` });
}

const Common = {
  id: Id,
  name: Text,
  sourceIds: SourceIds,
  checked: z.array(Check).min(1),
  note: z.string().optional(),
};

export const PointsScore = z
  .object({
    ...Common,
    kind: z.literal("points"),
    window: Window,
    applicability: Applicability.optional(),
    /** Components that must be computable for a result to be reported at an instant. */
    requires: z.array(Id).min(1),
    /**
     * Further components whose results are also instants worth scoring at (HScore: a temperature charted
     * after the blood draw), beside those of `requires`.
     */
    alsoScoredAt: z.array(Id).optional(),
    components: z.array(Component).min(1),
    categories: CategoryList,
    /**
     * What may score a component's points without the process the score measures (warfarin lengthens the PT
     * the DIC scores read): when the component scores points and a context drug of `roles` was taken within
     * `withinDays` before the instant, the result names it (`label`) and the drug in its interpretation and
     * cites it. The points stay as published; the finding the score supports is lowered by its differential.
     */
    confounders: z
      .array(
        z
          .object({
            component: Id,
            roles: z.array(ContextRoleSchema).min(1),
            withinDays: z.number().int().min(0).max(30),
            label: Text,
            sourceIds: SourceIds,
          })
          .strict(),
      )
      .optional(),
  })
  .strict()
  .superRefine(componentsConsistent);
export type PointsScore = z.infer<typeof PointsScore>;

const LabInput = z.object({ lab: Id, unit: Unit }).strict();

export const EasixScore = z
  .object({
    ...Common,
    kind: z.literal("easix"),
    window: Window,
    inputs: z.object({ ldh: LabInput, creatinine: LabInput, platelets: LabInput }).strict(),
    /** First matching rule; `above` compares the index strictly; `whenExposureClass` limits a rule to that context. */
    cutoffs: z
      .array(
        z
          .object({
            key: Id,
            above: z.number().optional(),
            whenExposureClass: TherapyClassSchema.optional(),
            interpretation: Text,
            sourceIds: SourceIds,
          })
          .strict(),
      )
      .min(1)
      .refine((cs) => {
        const last = cs[cs.length - 1];
        return last !== undefined && last.above === undefined && last.whenExposureClass === undefined;
      }, "the last cut-off rule must be the catch-all"),
  })
  .strict();
export type EasixScore = z.infer<typeof EasixScore>;

/** A duration rule: at least `minDays` days (cumulative) below the named threshold. */
const DurationRule = z.object({ threshold: Id, minDays: z.number().int().min(1) }).strict();

const GradeRule = z
  .object({ grade: z.number().int().min(1).max(4), anyOf: z.array(DurationRule).min(1) })
  .strict();

/**
 * Days neither measured nor covered by carry-forward: `unknown` = could be below (the grade is incomplete
 * when that matters, for duration-based windows); `not-below` = the grade rests on measured results only.
 */
const UnmeasuredDays = z.enum(["unknown", "not-below"]);

/** ICAHT-style grading of a blood count series against day 0 = CAR-T infusion. */
export const HematotoxGrading = z
  .object({
    ...Common,
    kind: z.literal("hematotox-grading"),
    lab: Id,
    unit: Unit,
    /** Thresholds by id: `le` counts values ≤ x (N-ICAHT), `lt` values < x (T-ICAHT). */
    thresholds: z
      .array(z.object({ id: Id, lt: z.number().optional(), le: z.number().optional() }).strict())
      .min(1),
    /** A measured day stands for the following days up to this many (HemoSentinel convention, not from the source). */
    carryForwardDays: z.number().int().min(0),
    /** Fewer consecutive days above a threshold than this count as days below (non-stable recovery). */
    stableRecoveryDays: z.number().int().min(1),
    /** Days after this event do not count as recovered (transfusion masks the count). */
    maskedAfter: z.object({ event: EventKindSchema, days: z.number().int().positive() }).strict().optional(),
    early: z
      .object({
        fromDay: z.number().int(),
        toDay: z.number().int(),
        unmeasuredDays: UnmeasuredDays,
        grades: z.array(GradeRule).min(1),
      })
      .strict(),
    late: z
      .object({
        fromDay: z.number().int(),
        toDay: z.number().int().optional(),
        unmeasuredDays: UnmeasuredDays,
        /** Results below a grade's threshold needed for that grade ("two or more laboratory tests"). */
        minResults: z.number().int().min(1),
        grades: z.array(GradeRule).min(1),
      })
      .strict(),
    interpretations: z.object({ 0: Text, 1: Text, 2: Text, 3: Text, 4: Text }).strict(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const ids = new Set(s.thresholds.map((t) => t.id));
    for (const t of s.thresholds)
      if ((t.lt === undefined) === (t.le === undefined))
        ctx.addIssue({ code: "custom", message: `threshold ${t.id} needs exactly one of lt, le` });
    const named = [...s.early.grades, ...s.late.grades].flatMap((g) => g.anyOf.map((r) => r.threshold));
    for (const n of named)
      if (!ids.has(n)) ctx.addIssue({ code: "custom", message: `unknown threshold ${n}` });
  });
export type HematotoxGrading = z.infer<typeof HematotoxGrading>;

const PointRule = z
  .object({
    points: z.number().int().min(0),
    fallPct: z.object(Bounds).strict().optional(),
    nadir: z.object(Bounds).strict().optional(),
  })
  .strict();

const TimingRule = z
  .object({
    points: z.number().int().min(0),
    /** Onset day (day 0 = first day of the current heparin course). */
    onsetDay: z.object(Bounds).strict(),
    /** Days from the end of an earlier heparin course to the start of the current one; absent = no such course needed. */
    priorExposureDays: z.object(Bounds).strict().optional(),
    /** The rule holds only without an earlier course within this many days. */
    withoutPriorWithinDays: z.number().int().positive().optional(),
  })
  .strict();

/** 4Ts pretest score for heparin-induced thrombocytopenia. */
export const FourTsScore = z
  .object({
    ...Common,
    kind: z.literal("four-ts"),
    heparinRoles: z.array(ContextRoleSchema).min(1),
    /** The score applies while the current heparin course started at most this many days before the instant. */
    applicableDaysAfterStart: z.number().int().positive(),
    platelets: LabInput,
    /** Baseline = highest count from this many days before the heparin start up to the nadir. */
    baselineDaysBeforeStart: z.number().int().min(0),
    /** A fall of at least this percent from baseline marks the onset day. */
    onsetFallPct: z.number().positive(),
    /** A gap longer than this between the onset count and the count before leaves the onset day uncertain. */
    maxGapDays: z.number().int().min(1),
    thrombocytopenia: z.array(PointRule).min(1),
    timing: z.array(TimingRule).min(1),
    /** Points when the onset cannot be placed within one timing rule ("consistent but not clear"). */
    unclearTimingPoints: z.number().int().min(0),
    noFallTimingPoints: z.number().int().min(0),
    thrombosis: z
      .object({
        confirmed: z.array(EventKindSchema).min(1),
        /** Event qualifiers that downgrade a thrombosis to "progressive, recurrent or suspected". */
        lesserQualifiers: z.array(Id),
        /**
         * Calendar days after the heparin start before a thrombosis counts as a sequela: a thrombosis charted
         * on the start day is the heparin's indication, not a new thrombosis. Default 0.
         */
        minDaysAfterStart: z.number().int().min(0).optional(),
        confirmedPoints: z.number().int(),
        lesserPoints: z.number().int(),
        absentPoints: z.number().int(),
      })
      .strict(),
    otherCause: z
      .object({
        possible: FactSet,
        nonePoints: z.number().int(),
        possiblePoints: z.number().int(),
        definitePoints: z.number().int(),
      })
      .strict(),
    categories: CategoryList,
  })
  .strict();
export type FourTsScore = z.infer<typeof FourTsScore>;

/** CAR-HEMATOTOX and other pre-infusion scores use the points engine with a baseline anchor. */
export const BaselinePointsScore = z
  .object({
    ...Common,
    kind: z.literal("baseline-points"),
    /** Labs strictly before the anchor, no older than this many days. */
    lookbackDays: z.number().int().positive(),
    /** Lymphodepletion: a context drug with these roles started in the days before infusion moves the anchor to its start. */
    lymphodepletion: z
      .object({
        roles: z.array(ContextRoleSchema).min(1),
        withinDaysBeforeInfusion: z.number().int().positive(),
      })
      .strict(),
    requires: z.array(Id).min(1),
    components: z.array(Component).min(1),
    categories: CategoryList,
  })
  .strict()
  .superRefine(componentsConsistent);
export type BaselinePointsScore = z.infer<typeof BaselinePointsScore>;

export const ScoreConfig = z.discriminatedUnion("kind", [
  PointsScore,
  EasixScore,
  HematotoxGrading,
  FourTsScore,
  BaselinePointsScore,
]);
export type ScoreConfig = z.infer<typeof ScoreConfig>;

/** Score configurations by id. */
export type ScoreConfigs = ReadonlyMap<string, ScoreConfig>;
