/**
 * The serious abnormalities every report must show (knowledge/unexplained.yaml): CTCAE lab terms from a
 * grade, thrombosis and major bleeding, with the disorders that account for each and the tests that would
 * settle it.
 */
import { z } from "zod";
import {
  ContextRoleSchema,
  DisorderIdSchema,
  EventKindSchema,
  Id,
  SourceIds,
  TherapyClassSchema,
} from "../contracts/vocabularies.js";
import { GradedLabNearby, Recommendation } from "./management.js";

/** A work-up entry of knowledge/workup.yaml, as `disorder/id`. */
const WorkupRef = z.string().regex(/^[a-z]+\/[a-z0-9-]+$/, "workup entries are disorder/id");

const Common = {
  label: z.string().min(3),
  explainedBy: z.array(DisorderIdSchema),
  workup: z.array(WorkupRef).min(1),
  sourceIds: SourceIds,
};

/**
 * What an abnormality is named after a therapy class (a neutropenia after CAR-T is graded as ICAHT, an HLH
 * charted after CAR-T is the IEC-HS): when an exposure of one of `classes` began before the result or event,
 * `note` is added to the item's why.
 */
const AfterClass = z
  .array(
    z
      .object({
        classes: z.array(TherapyClassSchema).min(1),
        note: z.string().min(10),
        sourceIds: SourceIds,
      })
      .strict(),
  )
  .optional();

/**
 * What the record shows beside the abnormality, named when every condition given holds within `withinDays`
 * of it (either side): a grade 3 anaemia after a checkpoint inhibitor with a positive DAT and haemolysis is an
 * autoimmune haemolytic anaemia, not an anaemia to work up from the start. The first entry that holds names
 * the item (its `shows` in the report): `note` is added to its why, `workup` replaces the rule's, and `plan`
 * is planned with the rule's own (a `when` that may read the item's CTCAE grade).
 */
const Shows = z
  .array(
    z
      .object({
        id: Id,
        /** What the item is named, in words ("autoimmune haemolytic anaemia, immune-related"). */
        name: z.string().min(3),
        note: z.string().min(10),
        /** An exposure of one of these classes began before the abnormality. */
        classes: z.array(TherapyClassSchema).min(1).optional(),
        /**
         * Not when an exposure of one of these classes began (its day 0: the CAR-T infusion) after the last dose of
         * `classes` given before the abnormality, and by the abnormality: a pancytopenia a month after CAR-T cells
         * given years after a checkpoint inhibitor is the CAR-T's hematotoxicity (ICAHT), not an immune marrow
         * failure of the checkpoint inhibitor to treat with corticosteroids and antithymocyte globulin.
         */
        unlessLater: z.array(TherapyClassSchema).min(1).optional(),
        /**
         * Not when a context drug of one of `roles` was taken in the `daysBefore` days up to the abnormality: a
         * cytopenia within 30 days of chemotherapy is its myelosuppression first (the ITP differential's window).
         */
        unlessTaken: z
          .object({ roles: z.array(ContextRoleSchema).min(1), daysBefore: z.number().int().min(1).max(365) })
          .strict()
          .optional(),
        /**
         * Only when a context drug of one of `roles` was taken in the `daysBefore` days up to the abnormality: a
         * neutropenia within 30 days of chemotherapy is named its myelosuppression first, with the febrile line.
         */
        taken: z
          .object({ roles: z.array(ContextRoleSchema).min(1), daysBefore: z.number().int().min(1).max(365) })
          .strict()
          .optional(),
        /**
         * An event of one of `kinds` charted within the window (its span, start to end, as a bleed is read): an
         * INR rise beside a charted hepatitis or liver failure is the liver's coagulopathy first (decreased
         * hepatic synthesis of the coagulation factors). `orHigh`: met also, with no such event, by a result of one
         * of these labs above `aboveUln` × the upper limit within the window (as `high` reads it): the same liver
         * shown by its transaminases when no liver disease is charted.
         */
        charted: z
          .object({
            kinds: z.array(EventKindSchema).min(1),
            orHigh: z
              .array(z.object({ lab: Id, aboveUln: z.number().positive() }).strict())
              .min(1)
              .optional(),
          })
          .strict()
          .optional(),
        /** Haemolysis shown (true) or not (false), as the `hemolysis` fact of management/facts.yaml reads it. */
        hemolysis: z.boolean().optional(),
        /** A result of one of these qualitative labs is positive. */
        positive: z.array(Id).min(1).optional(),
        /** A result of one of these qualitative labs is negative, and none positive. */
        negative: z.array(Id).min(1).optional(),
        /** A result of one of these labs is low: below `belowLln` × the lower limit, or below `below` (canonical unit). */
        low: z
          .array(
            z
              .object({
                lab: Id,
                belowLln: z.number().positive().optional(),
                below: z.number().positive().optional(),
              })
              .strict()
              .refine((l) => (l.belowLln === undefined) !== (l.below === undefined), {
                message: "a low result is read by belowLln or below, one of them",
              }),
          )
          .min(1)
          .optional(),
        /**
         * A result of one of these labs is high: above `aboveUln` × the upper limit (the laboratory's, else the
         * catalogue's). A censored `>` or `>=` result at the mark counts as above it (">37 s" against an upper
         * limit of 37 s is a prolonged aPTT).
         */
        high: z
          .array(z.object({ lab: Id, aboveUln: z.number().positive() }).strict())
          .min(1)
          .optional(),
        /**
         * How many of these other CTCAE lab terms reach their grade (the item's own term is not counted): two
         * or three cell lines at grade ≥ 3 are a pancytopenia, one alone an isolated cytopenia. A line with
         * `unlessEvent` does not count as a line down when an event of that kind is charted within its days of
         * the result (an anaemia beside a bleed is the bleed's); when that line is the item's own, the others
         * must make up the count without it.
         */
        otherLines: z
          .object({
            of: z
              .array(
                z
                  .object({
                    term: Id,
                    lab: Id,
                    minGrade: z.number().int().min(1).max(4),
                    unlessEvent: z
                      .object({ event: EventKindSchema, withinDays: z.number().int().min(0).max(7) })
                      .strict()
                      .optional(),
                  })
                  .strict(),
              )
              .min(1),
            atLeast: z.number().int().min(1).optional(),
            atMost: z.number().int().min(0).optional(),
          })
          .strict()
          .refine((o) => (o.atLeast === undefined) !== (o.atMost === undefined), {
            message: "otherLines counts atLeast or atMost, one of them",
          })
          .optional(),
        withinDays: z.number().int().min(0).max(30),
        /**
         * The CTCAE grade of the lab rule's term from which this entry lists the item, below the rule's
         * `minGrade`: a result at that grade or above is listed when this entry holds at it (a grade 2 anaemia
         * with a positive DAT and haemolysis after a checkpoint inhibitor: ASCO 2021 grades the AIHA from grade 1).
         * Read on lab rules only.
         */
        fromGrade: z.number().int().min(1).max(4).optional(),
        /**
         * Listed even when its grade is no worse than before the first dose, when what it shows is new: its
         * qualitative result (`positive`, `negative`) and its haemolysis did not hold before the first dose
         * (read on the results and charted events at or before it, within `withinDays` of the pre-dose
         * result). A chronic anaemia explains its own grade, not a new haemolysis on top of it (grade 1 before
         * and after a checkpoint inhibitor, with a new positive DAT, a rising LDH and a falling haptoglobin).
         * Read on lab rules only.
         */
        newOverBaseline: z.boolean().optional(),
        workup: z.array(WorkupRef).min(1).optional(),
        /** Written as the recommendations of knowledge/management; its `when` may read the item's grade. */
        plan: z.array(Recommendation).min(1).optional(),
        sourceIds: SourceIds,
      })
      .strict()
      .refine(
        (s) =>
          s.newOverBaseline !== true ||
          s.positive !== undefined ||
          s.negative !== undefined ||
          s.hemolysis !== undefined,
        { message: "newOverBaseline reads what the entry shows: give positive, negative or hemolysis" },
      ),
  )
  .optional();
export type UnexplainedShows = NonNullable<z.infer<typeof Shows>>[number];

/**
 * A pattern an excluded disorder leaves behind: when a disorder's episode met a certainty rule but was
 * removed by one of `excludedBy`, with one of the `anyOf` sets of its criteria or differentials met and
 * none of `noneOf`, the pattern is named as one unexplained item that takes in the `covers` abnormalities of
 * the episode (a thrombotic microangiopathy that ADAMTS13 > 20 % shows is not TTP), with its work-up and
 * plan (planned beside the findings, engine/assess.ts).
 */
const Pattern = z
  .object({
    id: Id,
    label: z.string().min(3),
    disorder: DisorderIdSchema,
    excludedBy: z.array(Id).min(1),
    anyOf: z.array(z.array(Id).min(1)).min(1),
    noneOf: z.array(Id).default([]),
    /** Lab terms (labs[].term) and event rules (events[].id) the item takes in over the episode. */
    covers: z.array(Id).min(1),
    /** The item is severe when any of these CTCAE grades is reached in the episode (the plan's grade split). */
    severeWhen: z
      .array(z.object({ term: Id, lab: Id, minGrade: z.number().int().min(1).max(4) }).strict())
      .min(1),
    severeGrade: z.number().int().min(1).max(4),
    workup: z.array(WorkupRef).min(1),
    /**
     * The item's plan, written as the recommendations of knowledge/management (a `when` on the item's grade —
     * `severeGrade` when severe, none below it —, the patient's therapy classes and the management facts read
     * over the excluded episode): planned with the patient's findings and checked by the same plan invariants.
     */
    plan: z.array(Recommendation).min(1),
    sourceIds: SourceIds,
  })
  .strict();
export type UnexplainedPattern = z.infer<typeof Pattern>;

export const UnexplainedFile = z
  .object({
    accountDaysBefore: z.number().int().min(0),
    /**
     * A result after the first dose at or below this CTCAE grade ends the abnormality the patient began with:
     * a later result at the rule's grade is new again, even when no worse than the pre-dose grade (a count
     * low before a first course, normal before a second, low again after it).
     */
    recoveredAtMostGrade: z.number().int().min(0).max(3),
    patterns: z.array(Pattern).default([]),
    /**
     * The patient's procedure plan, made whether or not a finding is detected: the shared lines of
     * management/every.yaml it `carries` (their ids: the platelet count before a planned procedure, the interval
     * since an anticoagulant's last dose), planned from the facts read at the evaluation with `procedure` as their
     * id prefix. A line a finding's or another item's plan already shows is not repeated here. `plan` is written by
     * the compiler (`carries` resolved, with the shared lines that lead their kind), never in the file.
     */
    procedures: z
      .object({
        carries: z.array(Id).min(1),
        plan: z.array(Recommendation).min(1).optional(),
        /**
         * How the planned procedure's own day is read: within `urgentWithinDays` days of the evaluation (0 today) the
         * lines of `urgentLines` it sets off (the platelet count it needs, an anticoagulant within its interval) are
         * urgent; more than `recheckBeyondDays` days ahead the plan is given with a recheck nearer the date.
         */
        timing: z
          .object({
            urgentWithinDays: z.number().int().min(0),
            recheckBeyondDays: z.number().int().min(1),
            urgentLines: z.array(Id).min(1),
            sourceIds: z.array(Id).min(1),
            note: z.string().min(1),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    /**
     * A charted hemostatic disorder, thrombosis or serious bleed whose own words attribute it to a catalogue
     * immunotherapy ("ITP secondary to nivolumab") while the record holds no dose of that drug (medications kept
     * in another system): no exposure, so no finding and no other item. Listed, never definite, with the dosing
     * history asked for. The words must carry one of `cues` after no word of `negations` in the same clause.
     */
    namedDrug: z
      .object({
        id: Id,
        label: z.string().min(1),
        events: z
          .array(
            z
              .object({ event: EventKindSchema, minGrade: z.number().int().min(1).max(5).optional() })
              .strict(),
          )
          .min(1),
        cues: z.array(z.string().min(1)).min(1),
        negations: z.array(z.string().min(1)).min(1),
        workup: z.array(WorkupRef).min(1),
        sourceIds: z.array(Id).min(1),
        /**
         * The record's words name a catalogue immunotherapy as given to the patient ("s/p pembrolizumab x3 cycles",
         * "on nivolumab since March", "C3D1 pembrolizumab", a dose row refused for its missing date) while it holds
         * no dated dose of that drug, and a serious abnormality the engine would otherwise attribute: listed once per
         * drug, never a finding. A clause must carry one of `cues` (every number in it read as `n`: "cycle 3" is
         * "cycle n", "C3D1" is "cndn", "day +10" is "day +n") and no word of the rule's `negations` nor a relative
         * (events.yaml `relatives`: "mother on nivolumab"). The abnormalities are the rules of this file named in
         * `labs` (CTCAE terms, at their `minGrade`) and `events` (event rule ids, read as those rules read them),
         * and the charted diagnoses of the rule's `events`. A drug `ended` ("no longer on nivolumab", "off
         * pembrolizumab", "nivolumab stopped") was given: those words are a cue, and their own "no" no negation. A
         * word of `negationScope.negations` ("no", "denies") negates only what follows it up to the next cue or
         * word of `negationScope.ends`: "on nivolumab with no bleeding" negates the bleed, "no prior nivolumab" the
         * drug.
         */
        given: z
          .object({
            id: Id,
            label: z.string().min(1),
            cues: z.array(z.string().min(1)).min(1),
            ended: z.array(z.string().min(1)).min(1),
            /**
             * Words of the rule's `negations` that, in a clause whose drug `ended`, speak of resuming it rather than
             * of a drug never given ("nivolumab held pending platelet recovery"): not read there.
             */
            resumption: z.array(z.string().min(1)).default([]),
            /**
             * Words on a dated dose record of a catalogue immunotherapy that say the dose of that date was not given
             * ("nivolumab 240 mg — deferred until platelets recover", "pembrolizumab held"): the record is no dose
             * (no exposure is dated from it), and its words are kept as the record's words of the drug, read by
             * this rule like any note.
             */
            notGivenOnDate: z.array(z.string().min(1)).default([]),
            negationScope: z
              .object({
                negations: z.array(z.string().min(1)).min(1),
                ends: z.array(z.string().min(1)).min(1),
              })
              .strict(),
            labs: z.array(Id).min(1),
            events: z.array(Id).min(1),
            workup: z.array(WorkupRef).min(1),
            sourceIds: z.array(Id).min(1),
          })
          .strict()
          .optional(),
      })
      .strict()
      .optional(),
    labs: z.array(
      z
        .object({
          term: Id,
          lab: Id,
          minGrade: z.number().int().min(1).max(4),
          ...Common,
          afterClass: AfterClass,
          shows: Shows,
          /**
           * A score of the patient at the evaluation at or above `atLeast` (an HScore of 169 or more beside a
           * cytopenia): `note` is added to the item's why and `workup` to its own, with the work-up entries
           * conditioned on the differential `asDifferential` (the same cut-off in a finding) requested too.
           */
          besideScore: z
            .object({
              score: Id,
              atLeast: z.number(),
              asDifferential: Id,
              note: z.string().min(10),
              workup: z.array(WorkupRef).min(1),
              sourceIds: SourceIds,
            })
            .strict()
            .optional(),
          /**
           * A bleed charted within `withinDays` of the result (either side): the abnormality stays listed, shown
           * beside the bleed as its likely cause (`note` added to its why), and is worked up with `workup` (the
           * bleed's tests) instead of the rule's own — unless haemolysis is shown in the same window (the `hemolysis`
           * fact of management/facts.yaml, its one statement of the markers), when the rule's own work-up follows
           * the bleed's: haemolysis may coexist. When the item shows something (`shows`), that entry's work-up
           * follows the bleed's in place of the rule's: its conditions hold beside the bleed.
           */
          besideEvent: z
            .object({
              event: EventKindSchema,
              withinDays: z.number().int().min(0).max(7),
              note: z.string().min(10),
              workup: z.array(WorkupRef).min(1),
              sourceIds: SourceIds,
            })
            .strict()
            .optional(),
          /**
           * What holds whatever the cause while no finding accounts for the abnormality (platelets < 25 with an
           * anticoagulant on board): written as the recommendations of knowledge/management (a `when` on the
           * management facts read from the item's date), planned beside the findings and checked by the same
           * plan invariants.
           */
          plan: z.array(Recommendation).min(1).optional(),
          /**
           * Shared lines of management/every.yaml the plan carries after its own (their ids), written once there:
           * the non-major-bleeding line beside an anticoagulant, the hold and treatment of a likely HLH after a
           * checkpoint inhibitor. A rule with no `plan` of its own may carry them: they are then its plan.
           * Resolved by the compiler.
           */
          carries: z.array(Id).optional(),
        })
        .strict(),
    ),
    /**
     * A result of `lab` in one of `bands` while a context drug of `roles` is taken (an INR of 6 on warfarin):
     * listed whatever its CTCAE grade and whatever the baseline — a drug that moves the result by design leaves
     * it ungraded without a baseline (knowledge/ctcae.yaml `drugEffect`), yet a result this far beyond the
     * drug's range is a finding in its own right. No disorder accounts for it: a DIC beside it does not make
     * the drug's excess safe. The item takes the band of its highest result after the first dose (its id
     * is the item's abnormality) and that band's plan.
     */
    onDrug: z
      .array(
        z
          .object({
            id: Id,
            lab: Id,
            roles: z.array(ContextRoleSchema).min(1),
            /** A drug that also has one of these roles does not count (LMWH, which carries the heparin role). */
            exceptRoles: z.array(ContextRoleSchema).min(1).optional(),
            label: z.string().min(3),
            bands: z
              .array(
                z
                  .object({
                    id: Id,
                    /** From this value on (inclusive). */
                    atLeast: z.number().positive().optional(),
                    /** Above this value (exclusive). */
                    above: z.number().positive().optional(),
                    /**
                     * Above this multiple of the patient's own pre-drug result (exclusive): the latest result of the
                     * lab drawn before the start of the drug taken at the time, at most `baselineWithinDays` before it
                     * (argatroban's label titrates to 1.5–3 times the baseline aPTT). No such result: not in the band.
                     */
                    aboveBaselineTimes: z.number().positive().optional(),
                    baselineWithinDays: z.number().positive().optional(),
                    name: z.string().min(3),
                    plan: z.array(Recommendation).min(1),
                  })
                  .strict()
                  .refine(
                    (b) =>
                      [b.atLeast, b.above, b.aboveBaselineTimes].filter((x) => x !== undefined).length === 1,
                    { message: "a band has exactly one of atLeast, above and aboveBaselineTimes" },
                  )
                  .refine(
                    (b) => (b.aboveBaselineTimes === undefined) === (b.baselineWithinDays === undefined),
                    {
                      message: "a band above a multiple of the baseline says how recent the baseline is",
                    },
                  ),
              )
              .min(1),
            workup: z.array(WorkupRef).min(1),
            sourceIds: SourceIds,
          })
          .strict(),
      )
      .default([]),
    events: z.array(
      z
        .object({
          id: Id,
          event: EventKindSchema,
          /** Only events carrying one of these qualifiers fall under the rule (its site), whatever their grade. */
          qualifiers: z.array(z.string()).min(1).optional(),
          /**
           * A diagnosis the care team charts, listed once however many records name it: a later record of the
           * same diagnosis ("infection during HLH treatment" after "HLH") is its evidence, not a second one.
           */
          once: z.boolean().default(false),
          minGrade: z.number().int().min(1).max(5).optional(),
          /** Met by any of these qualifiers whatever the grade (critical sites). */
          orQualifiers: z.array(z.string()).optional(),
          /**
           * Met also when a result of this lab term reaches `minGrade` within `withinDays` of the event (a bleed
           * charted beside a haemoglobin at the grade whose text says "transfusion indicated").
           */
          orWithLab: GradedLabNearby.strict().optional(),
          /**
           * Not listed when a result of this lab term reaches `minGrade` within `withinDays` of the event: the lab
           * rule lists that result already (a febrile neutropenia charted beside a neutrophil count of 0.3 ×10⁹/L),
           * and the charted event would repeat it.
           */
          unlessWithLab: GradedLabNearby.strict().optional(),
          /**
           * Not listed when every one of `labs` (each a group of lab ids, any one of which answers) has a result
           * from `daysBefore` days before the event to the evaluation time: the tests that answer the question the
           * event asks are on record, and the detectors read them (a rule-out of ITP beside a platelet count).
           * Listed, the item names the groups missing.
           */
          unlessTested: z
            .object({
              labs: z.array(z.array(Id).min(1)).min(1),
              daysBefore: z.number().int().min(0).max(365),
            })
            .strict()
            .optional(),
          /**
           * Not listed as new when the event carries `qualifier` (a bleed charted as known and not growing: "stable
           * chronic SDH", "chronic SDH, unchanged from prior") and an event of one of `kinds` at one of the event's
           * `sites` was recorded before the first immunotherapy dose; still listed when its words hold one of
           * `unlessWords` ("acute", "new", "enlarging").
           */
          unlessKnownBefore: z
            .object({
              qualifier: z.string().min(1),
              kinds: z.array(EventKindSchema).min(1),
              sites: z.array(z.string().min(1)).min(1),
              unlessWords: z.array(z.string().min(1)).default([]),
            })
            .strict()
            .optional(),
          /**
           * Not listed when a context drug of one of `roles` was taken in the `daysBefore` days up to the event: a
           * gastrointestinal bleed on an anticoagulant has its explanation on the chart (a major one is listed by the
           * major-bleeding rule whatever the drug).
           */
          unlessTaken: z
            .object({
              roles: z.array(ContextRoleSchema).min(1),
              daysBefore: z.number().int().min(1).max(365),
            })
            .strict()
            .optional(),
          /**
           * Met also when an event of one of these kinds is charted within `withinDays` of the event (from a day
           * before its start to a day after its end, as `orWithLab`) and the event carries one of `sites`: a bleed
           * charted with the red cells transfused for it (CTCAE v5.0 haemorrhage grade 3, "transfusion indicated").
           */
          orWithEvent: z
            .object({
              events: z.array(EventKindSchema).min(1),
              withinDays: z.number().int().min(0),
              sites: z.array(z.string()).min(1),
            })
            .strict()
            .optional(),
          /**
           * Not listed once a record dated from the event to the evaluation time rules it out: an event of `event`
           * carrying every one of `sites` the event carries (a negative CTPA, a thrombosis-ruled-out at
           * pulmonary-embolism, for a suspected PE; an event with none of `sites` is settled by nothing), whose
           * words name every alternative of each `apart` dimension the event's words or qualifiers name (a
           * left-leg duplex settles no right-leg DVT; "bilateral" is written among both sides). An event naming
           * none of a dimension is read as its `unnamed` alternative (an unnamed limb of a DVT is the leg), or,
           * with no `unnamed`, as naming it unknown: then only a study naming every alternative (a bilateral
           * duplex) or none of them settles it (a left-leg duplex does not settle "?DVT"). A study naming none
           * of a dimension is read as of the event's own. A suspicion charted after the study is a new one.
           */
          settledBy: z
            .object({
              event: EventKindSchema,
              sites: z.array(z.string()).min(1),
              apart: z
                .array(
                  z.strictObject({
                    words: z.array(z.array(z.string().min(1)).min(1)).min(2),
                    unnamed: z.number().int().min(0).optional(),
                  }),
                )
                .default([]),
            })
            .strict()
            .optional(),
          ...Common,
          afterClass: AfterClass,
          shows: Shows,
          /**
           * What holds whatever the cause while no finding accounts for the event (a major bleed with an
           * anticoagulant on board: stop it, measure it, reverse it), written and planned as `labs[].plan`.
           */
          plan: z.array(Recommendation).min(1).optional(),
          /**
           * Shared lines of management/every.yaml the plan carries after its own (their ids), written once
           * there: the major-bleeding reversal and its no-PCC and AHA forms; a charted HLH's hold and treatment
           * after a checkpoint inhibitor. A rule with no `plan` of its own may carry them. Resolved by the compiler.
           */
          carries: z.array(Id).optional(),
        })
        .strict(),
    ),
  })
  .strict();
export type UnexplainedRules = z.infer<typeof UnexplainedFile>;

/**
 * Every plan the unexplained rules write — the patterns', the lab and event rules' own, those of what an
 * item shows (`shows`, each entry once) and the patient's procedure plan — for what looks a plan line up by its id (the CDS cards read its
 * classes and avoid tags, the web app its age fact, the compiler its exception reasons).
 * @example
 * unexplainedPlans(k.unexplained).flat().some((r) => r.id === "irae-aiha-ici-g3-4-stop"); // true
 */
export function unexplainedPlans(u: UnexplainedRules): (readonly Recommendation[])[] {
  const rules = [...u.labs, ...u.events];
  const shows = new Map(rules.flatMap((r) => r.shows ?? []).map((s) => [s.id, s.plan ?? []]));
  const bands = u.onDrug.flatMap((r) => r.bands.map((b) => b.plan));
  const procedures = u.procedures?.plan ?? [];
  return [
    ...u.patterns.map((p) => p.plan),
    ...rules.map((r) => r.plan ?? []),
    ...shows.values(),
    ...bands,
    procedures,
  ];
}
