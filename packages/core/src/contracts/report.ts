/**
 * Output contract of `assess` (design of record, "Output contract"). Everything here is plain JSON.
 * Each part is a zod schema (`…Schema`) with its read-only TypeScript type inferred from it;
 * docs/report.schema.json is the JSON Schema generated from {@link AssessmentReportSchema}.
 */
import { z } from "zod";
import {
  AbsentPatientSchema,
  ConflictSchema,
  DeathSchema,
  IgnoredCountsSchema,
  IsoDateTimeSchema,
  NotUsedCountsSchema,
  RecordCountsSchema,
  RejectionSchema,
  SexSchema,
} from "./model.js";
import type { ReadonlyDeep } from "./readonly.js";
import { RejectionCodeSchema } from "./rejection-codes.js";
import { SettingsInForceSchema } from "./settings.js";
import {
  CertaintySchema,
  CriterionStatusSchema,
  DifferentialEffectSchema,
  DisorderIdSchema,
  Grade,
  ManagementKindSchema,
  TherapyClassSchema,
} from "./vocabularies.js";

export const ExposureSummarySchema = z
  .strictObject({
    /** Catalogue drug id, e.g. `pembrolizumab`; class stand-ins such as `car-t-unspecified`. */
    drug: z.string(),
    class: TherapyClassSchema,
    /** First dose (instant as given). */
    first: IsoDateTimeSchema,
    /** Last dose (instant as given). */
    last: IsoDateTimeSchema,
    /** Number of doses, merged across source records. */
    doses: z.number().int().min(1),
    /** CAR-T only: the infusion date (day 0). */
    infusion: IsoDateTimeSchema.optional(),
  })
  .meta({ id: "ExposureSummary" });
/** One immunotherapy drug the patient received, with its first and last dose. */
export type ExposureSummary = ReadonlyDeep<z.infer<typeof ExposureSummarySchema>>;

export const GradeResultSchema = z
  .strictObject({
    /** CTCAE v5.0 term name in kebab-case, e.g. `platelet-count-decreased`. */
    term: z.string(),
    /** The worst grade, 1–5. */
    grade: Grade,
    /** When the worst grade was reached. */
    worstAt: IsoDateTimeSchema,
    /** Value the grade rests on, in `unit`; absent for event terms. */
    value: z.number().optional(),
    /** UCUM unit of `value`. */
    unit: z.string().optional(),
    /** The source record(s) the grade rests on. */
    evidence: z.array(z.string()),
    /** How the grade was reached, e.g. "< 25 ×10⁹/L" or "> 2.5 × baseline (1.0)". */
    basis: z.string(),
    /** References (knowledge/references) the grading rule cites. */
    sourceIds: z.array(z.string()),
  })
  .meta({ id: "GradeResult" });
/** Worst CTCAE v5.0 grade of one term over the record (grade ≥ 1 only). */
export type GradeResult = ReadonlyDeep<z.infer<typeof GradeResultSchema>>;

export const UngradedResultSchema = z
  .strictObject({
    /** CTCAE v5.0 term name in kebab-case, e.g. `inr-increased`. */
    term: z.string(),
    /** When the result was drawn. */
    at: IsoDateTimeSchema,
    /** The result, in `unit`. */
    value: z.number().optional(),
    /** UCUM unit of `value`. */
    unit: z.string().optional(),
    /**
     * Why it was not graded, and what the cut-offs would grade without the drug, e.g. "not gradable: on
     * anticoagulation without a baseline (grade 3 by > 2.5 without the drug)".
     */
    reason: z.string(),
    /** The result and the drug records current at its time. */
    evidence: z.array(z.string()),
    /** References (knowledge/references) the reading cites. */
    sourceIds: z.array(z.string()),
  })
  .meta({ id: "UngradedResult" });
/**
 * A result of a CTCAE term not graded because a drug current at its time moves it by design (knowledge/ctcae.yaml
 * `drugEffect`): an INR on a vitamin K antagonist with no INR before its course, an aPTT on a heparin infusion.
 */
export type UngradedResult = ReadonlyDeep<z.infer<typeof UngradedResultSchema>>;

export const ComponentValueSchema = z.union([z.number(), z.string(), z.boolean(), z.null()]);
/** Points or input of one score component. */
export type ComponentValue = z.infer<typeof ComponentValueSchema>;

export const ScoreResultSchema = z
  .strictObject({
    /** Score id in the knowledge base, e.g. `isth-overt-dic`. */
    id: z.string(),
    /** Total points (or the index value for EASIX); null when no component could be computed. */
    value: z.number().nullable(),
    /** The instant the score was computed for. */
    at: IsoDateTimeSchema,
    /** Points (or inputs) per component that could be computed. */
    components: z.record(z.string(), ComponentValueSchema),
    /** Components that could not be computed for lack of data, by name. */
    missing: z.array(z.string()),
    /** What the value means, in words. */
    interpretation: z.string(),
    /** Category key, e.g. `overt`, `high`, `low`; `incomplete` when missing components could change it. */
    category: z.string(),
    /** The source records the components rest on. */
    evidence: z.array(z.string()),
    /** References the score definition cites. */
    sourceIds: z.array(z.string()),
  })
  .meta({ id: "ScoreResult" });
/** A validated score computed at one instant. */
export type ScoreResult = ReadonlyDeep<z.infer<typeof ScoreResultSchema>>;

export const CriterionTraceSchema = z
  .strictObject({
    /** Criterion id in the disorder definition (knowledge/disorders/*.yaml). */
    id: z.string(),
    /** The criterion in words. */
    label: z.string(),
    status: CriterionStatusSchema,
    /** The source records it rests on. */
    evidence: z.array(z.string()),
    /** What was found, in the criterion's own sense, e.g. "platelets 8 ×10⁹/L on 2024-03-01 (day 42)". */
    detail: z.string().optional(),
    /**
     * Set when the criterion is met only by a charted diagnosis (problem list, encounter diagnosis or
     * note) standing in for a missing result: evidence of lower weight, which lowers the certainty.
     */
    charted: z.literal(true).optional(),
  })
  .meta({ id: "CriterionTrace" });
/** One criterion of a disorder definition as evaluated on the record: met, unmet or missing, with its evidence. */
export type CriterionTrace = ReadonlyDeep<z.infer<typeof CriterionTraceSchema>>;

export const DifferentialTraceSchema = CriterionTraceSchema.extend({
  effect: DifferentialEffectSchema,
  /**
   * Set on a met explanation that lowers (`effect: lower`) but did not lower this finding, because a
   * certainty floor held it: the certainty it stayed at and what held it there (the decisive rule whose
   * floor it is, in words; absent when the certainty was already `possible`, the lowest a finding is reported
   * at). Absent when it lowered.
   */
  held: z.strictObject({ at: CertaintySchema, by: z.string().optional() }).optional(),
}).meta({ id: "DifferentialTrace" });
/** A competing explanation considered for a finding, with what it did to the finding. */
export type DifferentialTrace = ReadonlyDeep<z.infer<typeof DifferentialTraceSchema>>;

export const OnsetSchema = z
  .strictObject({
    /** Start of the episode: the first time the disorder's index test is met after the first dose. */
    date: IsoDateTimeSchema,
    /** The drug the onset is attributed to. */
    drug: z.string().optional(),
    /** Days from that drug's first dose (CAR-T: the infusion) to onset. */
    daysFromFirstDose: z.number().optional(),
    /** Days from its last dose before onset to onset. */
    daysFromLastDose: z.number().optional(),
  })
  .meta({ id: "Onset" });
/** When the episode began, relative to the drug it is attributed to. */
export type Onset = ReadonlyDeep<z.infer<typeof OnsetSchema>>;

export const WorkupItemSchema = z
  .strictObject({
    /** Test id in the knowledge base (a lab catalogue id, or e.g. `peripheral-smear`). */
    id: z.string(),
    /** The test in words. */
    test: z.string(),
    /** LOINC code of a lab test. */
    loinc: z.string().optional(),
    /** What the result would settle. */
    why: z.string(),
    /** References that recommend the test. */
    sourceIds: z.array(z.string()),
  })
  .meta({ id: "WorkupItem" });
/** A test that would confirm or exclude a disorder, and why. */
export type WorkupItem = ReadonlyDeep<z.infer<typeof WorkupItemSchema>>;

export const PlanRefSchema = z
  .strictObject({
    /** A finding's plan (`id`: its disorder) or an unexplained item's (`id`: its abnormality). */
    plan: z.enum(["finding", "unexplained"]),
    id: z.string(),
  })
  .meta({ id: "PlanRef" });
/** Which plan of the patient's report: a finding's, by disorder, or an unexplained item's, by abnormality. */
export type PlanRef = ReadonlyDeep<z.infer<typeof PlanRefSchema>>;

export const ManagementItemSchema = z
  .strictObject({
    /** Stable id of the recommendation in the knowledge base (knowledge/management/*.yaml). */
    id: z.string(),
    kind: ManagementKindSchema,
    /** What to do, in words. */
    action: z.string(),
    /** References the recommendation rests on; at least one. */
    sourceIds: z.array(z.string()),
    /** Set when guidelines disagree or are silent on this point. */
    caveat: z.string().optional(),
    /** Set on a line to act on at once (an emergency or a call to make now), as the knowledge base marks it. */
    urgent: z.literal(true).optional(),
    /**
     * The other plans of the patient that carry this same line (same kind, words, caveat, urgency and sources): it is
     * shown once, here, under the first plan that carries it, and those plans list it in their `sharedLines`.
     */
    sharedWith: z.array(PlanRefSchema).min(1).optional(),
  })
  .meta({ id: "ManagementItem" });
/** One cited line of a management plan. */
export type ManagementItem = ReadonlyDeep<z.infer<typeof ManagementItemSchema>>;

export const SharedLineSchema = z
  .strictObject({
    /** The line's id in this plan. */
    id: z.string(),
    kind: ManagementKindSchema,
    /** The earlier plan of the patient under which the line is shown (its `sharedWith` names this plan). */
    under: PlanRefSchema,
    /** The line's id as shown under `under`, when it differs from `id` (each plan's own prefix). */
    shownAs: z.string().optional(),
  })
  .meta({ id: "SharedLine" });
/** A line of this plan shown once, under an earlier plan of the same patient that carries it too. */
export type SharedLine = ReadonlyDeep<z.infer<typeof SharedLineSchema>>;

export const ArmGradeSchema = z
  .strictObject({
    /** Arm id in the disorder definition, e.g. `aiha`, `itp`. */
    id: z.string(),
    /** The arm in words. */
    label: z.string(),
    /** The arm's grade; absent when it could not be graded. */
    grade: Grade.optional(),
    /** How the arm's grade was reached. */
    basis: z.string().optional(),
  })
  .meta({ id: "ArmGrade" });
/** The grade of one arm of a syndrome (Evans: haemolytic anaemia, thrombocytopenia). */
export type ArmGrade = ReadonlyDeep<z.infer<typeof ArmGradeSchema>>;

export const FindingSchema = z
  .strictObject({
    disorder: DisorderIdSchema,
    certainty: CertaintySchema,
    /**
     * Set to `attribution` when the disorder is an event confirmed by its own criterion (a charted
     * thrombosis): `certainty` then grades only its link to the drug of the onset, not whether it happened.
     * Absent when the certainty grades the diagnosis itself.
     */
    certaintyOf: z.literal("attribution").optional(),
    /** Grade (CTCAE v5.0 or the guideline's own scale); absent when it could not be graded. */
    grade: Grade.optional(),
    /** How the grade was reached. */
    gradeBasis: z.string().optional(),
    /** Per-arm grades when the disorder grades its arms apart; management follows each arm's grade. */
    arms: z.array(ArmGradeSchema).optional(),
    onset: OnsetSchema.optional(),
    /** Every criterion of the disorder definition, met, unmet or missing. */
    criteria: z.array(CriterionTraceSchema),
    /** The scores the disorder reports, computed at the episode's nadir. */
    scores: z.array(ScoreResultSchema.pick({ id: true, value: true, interpretation: true })),
    /** Differentials considered and how they bear on this finding. */
    differentials: z.array(DifferentialTraceSchema),
    /** Tests that would settle the diagnosis or steer treatment. */
    workup: z.array(WorkupItemSchema),
    /** The cited plan, in the order of `ManagementKind`; a line another plan shows first is in `sharedLines`. */
    management: z.array(ManagementItemSchema),
    /** Lines of this plan shown once under an earlier plan of the patient (the same words and sources). */
    sharedLines: z.array(SharedLineSchema).min(1).optional(),
    /** The finding in words: certainty, disorder, grade, onset, and what lowered the certainty. */
    summary: z.string(),
  })
  .meta({ id: "Finding" });
/**
 * A disorder detected in the record, with its certainty, grade, onset, the trace of every criterion and
 * differential, the work-up that would settle it and the cited management plan.
 */
export type Finding = ReadonlyDeep<z.infer<typeof FindingSchema>>;

export const UnexplainedItemSchema = z
  .strictObject({
    /** CTCAE term (e.g. `platelet-count-decreased`) or event kind (`thrombosis`, `major-bleeding`). */
    abnormality: z.string(),
    /** Its worst grade, when it has one. */
    grade: Grade.optional(),
    /** When it was found. */
    at: IsoDateTimeSchema,
    /** The value, for a lab abnormality, in `unit`. */
    value: z.number().optional(),
    /** UCUM unit of `value`. */
    unit: z.string().optional(),
    /** The source records it rests on. */
    evidence: z.array(z.string()),
    /** Why no disorder was attributed (e.g. "ITP not sought before day 31 after CAR-T: expected ICAHT"). */
    why: z.string(),
    /**
     * The sources of the notes `why` carries (knowledge/unexplained.yaml `afterClass`: a cytopenia after
     * CAR-T named as ICAHT), cited beside it like a plan line; absent when `why` carries none.
     */
    whySourceIds: z.array(z.string()).optional(),
    /**
     * What the record shows beside it, when knowledge/unexplained.yaml `shows` names it (a grade 3 anaemia
     * with a positive DAT and haemolysis after a checkpoint inhibitor: an autoimmune haemolytic anaemia):
     * the entry's id and its name in words. `why` says what it rests on; absent when nothing is named.
     */
    shows: z.strictObject({ id: z.string(), name: z.string() }).optional(),
    /** The tests that would settle it. */
    workup: z.array(WorkupItemSchema),
    /**
     * What to do, for a named pattern (knowledge/unexplained.yaml `patterns`: a thrombotic microangiopathy
     * with ADAMTS13 > 20 %, not TTP), or what holds whatever the cause for a single abnormality whose rule
     * carries a plan (platelets < 25 ×10⁹/L with an anticoagulant on board), each line cited; absent otherwise.
     */
    management: z.array(ManagementItemSchema).optional(),
    /** Lines of this plan shown once under an earlier plan of the patient (the same words and sources). */
    sharedLines: z.array(SharedLineSchema).min(1).optional(),
  })
  .meta({ id: "UnexplainedItem" });
/**
 * A serious abnormality after an immunotherapy exposure (new grade ≥ 3 cytopenia, grade ≥ 2 coagulation
 * abnormality, thrombosis, major bleeding) that no finding accounts for: nothing serious is silent.
 */
export type UnexplainedItem = ReadonlyDeep<z.infer<typeof UnexplainedItemSchema>>;

export const PlannedProcedureSchema = z
  .strictObject({
    /** The record that plans it (a ServiceRequest, a Procedure in preparation, a note). */
    ref: z.string(),
    /** The procedure in the record's words. */
    name: z.string(),
    /** The day it is to be done, when the record gives one (a calendar date). */
    on: z.string().optional(),
    /** Calendar days from the evaluation's day to `on` (0 today, negative when the day has passed). */
    inDays: z.number().int().optional(),
    /**
     * How its day is read (knowledge/unexplained.yaml `procedures.timing`): `imminent` within the urgent window (its
     * low count or anticoagulant lines are urgent), `upcoming` within the recheck horizon, `beyond-horizon` further
     * ahead (the plan holds, the count is rechecked nearer the date), `undated` with no day on record, `date-passed`
     * a day already past with no record of the procedure done (named, never read as still to come).
     */
    when: z.enum(["imminent", "upcoming", "beyond-horizon", "undated", "date-passed"]),
    /** What stands in its way now, in words ("platelets 42 ×10⁹/L below 50", "apixaban within its interval"). */
    concerns: z.array(z.string()).optional(),
  })
  .meta({ id: "PlannedProcedure" });
/** A procedure planned for the patient, with the day it is to be done as the record gives it. */
export type PlannedProcedure = ReadonlyDeep<z.infer<typeof PlannedProcedureSchema>>;

export const ProcedurePlanSchema = z
  .strictObject({
    /**
     * The cited lines that hold before the procedures planned for the patient (a lumbar puncture, an epidural or
     * spinal block, a central line, a liver biopsy, a major operation; knowledge/unexplained.yaml `procedures`):
     * the platelet count the procedure needs, the interval since the last dose of an anticoagulant on record.
     * Planned from the facts at the evaluation, whether or not a finding is detected; a line that a finding's or
     * an unexplained item's plan already shows is left there, not repeated here. A line for one dated procedure
     * starts with its name and day; it is urgent when that day is near and the line says the count is too low or an
     * anticoagulant is within its interval. Empty only when the section stands to name a planned day that passed.
     */
    management: z.array(ManagementItemSchema),
    /** The procedures planned in the record, each with its day and how that day is read; at least one. */
    planned: z.array(PlannedProcedureSchema).min(1),
  })
  .meta({ id: "ProcedurePlan" });
/** The patient's plan before a planned procedure, beside the findings' plans and whether or not there is one. */
export type ProcedurePlan = ReadonlyDeep<z.infer<typeof ProcedurePlanSchema>>;

export const KidneyFunctionSchema = z
  .strictObject({
    /**
     * What the plans read the kidney function from (knowledge/management/facts.yaml `severe-renal-impairment`):
     * a creatinine clearance charted, one computed by Cockcroft–Gault, an eGFR charted as its stand-in, the
     * CKD-EPI 2021 eGFR computed from the creatinine (used only below the cut-off), a child's bedside Schwartz eGFR
     * (from 1 year to under 18, with a charted height), or nothing computable.
     */
    method: z.enum([
      "charted-clearance",
      "cockcroft-gault",
      "charted-egfr",
      "ckd-epi-2021",
      "bedside-schwartz",
      "none",
    ]),
    /** The value the plans compared with their cut-offs, unrounded; absent with `none`. */
    value: z.number().optional(),
    /** `mL/min` for a clearance, `mL/min/{1.73_m2}` for an eGFR. */
    unit: z.string().optional(),
    /** When the value was measured: the charted result's time, or the creatinine's the estimate is computed from. */
    at: IsoDateTimeSchema.optional(),
    /** The inputs of a computed value (or of the one that could not be computed), as the formula took them. */
    inputs: z
      .strictObject({
        /** Serum creatinine, mg/dL, and its time. */
        creatinine: z.number().optional(),
        creatinineAt: IsoDateTimeSchema.optional(),
        /** Body weight, kg, and its time (Cockcroft–Gault only). */
        weight: z.number().optional(),
        weightAt: IsoDateTimeSchema.optional(),
        /** Height, cm, and its time (a child's bedside Schwartz eGFR only). */
        height: z.number().optional(),
        heightAt: IsoDateTimeSchema.optional(),
        /** Age in whole years at the creatinine's date. */
        age: z.number().optional(),
        sex: SexSchema.optional(),
      })
      .optional(),
    /**
     * Inputs the Cockcroft–Gault clearance lacked (`age` also for an age under the formula's adult age), or, for a
     * child, the height the bedside Schwartz eGFR lacked.
     */
    missing: z.array(z.enum(["age", "sex", "weight", "creatinine", "height"])).optional(),
    /** A kidney failure (dialysis, end-stage or stage 5 CKD) is charted and current: it decides whatever the value. */
    kidneyFailure: z.literal(true).optional(),
    /** Severe renal impairment as the plans read it (below 30 mL/min, or kidney failure); absent when unknown. */
    severe: z.boolean().optional(),
    /** The reading in words, for the pharmacist to check. */
    detail: z.string(),
    /** The records the reading rests on. */
    evidence: z.array(z.string()),
    /** References of the formula or the cut-off. */
    sourceIds: z.array(z.string()),
  })
  .meta({ id: "KidneyFunction" });
/** The kidney function the plans read, with the inputs of a computed value, so that it can be checked. */
export type KidneyFunction = ReadonlyDeep<z.infer<typeof KidneyFunctionSchema>>;

export const CautionSchema = z
  .strictObject({
    /** The record, used as sent. */
    ref: z.string(),
    /**
     * What in it disagrees: `flag-against-range`, the laboratory's flag (HL7 ObservationInterpretation code, or
     * the flag printed beside the number) contradicts the reference range sent with the value.
     */
    kind: z.enum(["flag-against-range"]),
    /** The disagreement in words, with the value and what is done with it. */
    detail: z.string(),
  })
  .meta({ id: "Caution" });
/** A record used as sent whose own parts disagree, named so that it is checked. */
export type Caution = ReadonlyDeep<z.infer<typeof CautionSchema>>;

export const PatientReportSchema = z
  .strictObject({
    /** The Patient's id (FHIR) or `patient_id` (CSV); records of one patient across files are merged. */
    patientId: z.string(),
    /**
     * The input holds no Patient resource of this id: the records naming it were assessed as this patient's
     * without demographics (no birth date, sex or death read), so what needs age or sex says it is missing.
     */
    absentPatient: AbsentPatientSchema.optional(),
    /**
     * The record says the patient died at or before the evaluation time: the findings and plans describe
     * the record, not a patient to treat.
     */
    deceased: DeathSchema.optional(),
    /**
     * No death is recorded (no `deceased`), yet an event charts one: its words stand for CTCAE grade 5 ("fatal
     * PE", "died of intracranial haemorrhage") or it carries grade 5. The first such event. The plan is kept, as
     * for a living patient: words cannot tell the patient's death from a relative's ("mother died of PE"), and
     * only a structured death (docs/csv-format.md "A death") stops the ordering. The report says so: if the
     * patient has died, the plan is for the record only.
     */
    deathInWords: DeathSchema.optional(),
    /**
     * Present when the record holds no usable laboratory result (none read, or every one rejected or in a
     * conflict): without a finding the patient was then not assessed, which is not a normal record.
     */
    noLabResults: z.literal(true).optional(),
    /** Immunotherapy exposures. */
    exposures: z.array(ExposureSummarySchema),
    /** Worst CTCAE grade per term over the record (grade ≥ 1 only). */
    grades: z.array(GradeResultSchema),
    /**
     * Per term, the result not graded because a drug current at its time moves it by design (an INR on warfarin
     * with no INR before its course; an aPTT on unfractionated heparin or argatroban) that the cut-offs would
     * grade worst without the drug; absent when there is none.
     */
    ungraded: z.array(UngradedResultSchema).optional(),
    /** The latest computable value of each score. */
    scores: z.array(ScoreResultSchema),
    /** A fatal (CTCAE grade 5) finding first, then most certain and most severe; the first one is the primary finding. */
    findings: z.array(FindingSchema),
    /** Serious abnormalities after an immunotherapy exposure that no finding accounts for. */
    unexplained: z.array(UnexplainedItemSchema),
    /**
     * What holds before a procedure planned for the patient (a planned procedure beside a low platelet count or an
     * anticoagulant within its interval) that no finding's or unexplained item's plan shows; absent when nothing does.
     */
    procedures: ProcedurePlanSchema.optional(),
    /**
     * The kidney function the anticoagulant lines of the plans read (clearance or eGFR, with the inputs of a
     * computed one); present when a plan was made and a creatinine, clearance, eGFR or kidney failure is on record.
     */
    kidneyFunction: KidneyFunctionSchema.optional(),
    /** In-scope records that failed validation. */
    rejected: z.array(RejectionSchema),
    /** Records of contract types whose codes are out of scope, by resource type and code system. */
    notUsed: NotUsedCountsSchema,
    /** Resource types outside the contract, by type. */
    ignored: IgnoredCountsSchema,
    /** Contradictions in the record, left out of grades, scores and detection. */
    conflicts: z.array(ConflictSchema),
    /**
     * Records used as sent whose own parts disagree (a laboratory flag against its reference range): the value is
     * used and the disagreement named here and wherever the value is quoted. Absent when there is none.
     */
    cautions: z.array(CautionSchema).optional(),
    /** read = used + merged + rejected + notUsed + ignored. */
    counts: RecordCountsSchema,
  })
  .meta({ id: "PatientReport" });
/** Everything `assess` reports about one patient. */
export type PatientReport = ReadonlyDeep<z.infer<typeof PatientReportSchema>>;

export const InputErrorSchema = z
  .strictObject({
    /** The file, entry or line, e.g. `export.ndjson:12` or `bundle.json#entry[3]`. */
    source: z.string(),
    code: RejectionCodeSchema,
    /** What is wrong, in words. */
    detail: z.string(),
  })
  .meta({ id: "InputError" });
/** What could not be read at all (a file, a directory entry, a line): it belongs to no patient. */
export type InputError = ReadonlyDeep<z.infer<typeof InputErrorSchema>>;

/** `YYYY-MM-DDTHH:mm:ssZ`, as every report writes its evaluation time. */
const EvaluatedAt = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/, "YYYY-MM-DDTHH:mm:ssZ");

export const AssessmentReportSchema = z
  .strictObject({
    /** The engine and the knowledge base that produced the report. */
    engine: z.strictObject({
      name: z.literal("hemosentinel"),
      /** Engine version. */
      version: z.string(),
      /** Knowledge-base version (knowledge manifest). */
      knowledgeVersion: z.string(),
      /** SHA-256 of the knowledge sources (first 16 hex digits): two reports with the same hash used the same rules. */
      knowledgeHash: z.string().regex(/^[0-9a-f]{16}$/),
    }),
    /** The evaluation time, always `YYYY-MM-DDTHH:mm:ssZ`; nothing dated after it is used. */
    evaluatedAt: EvaluatedAt,
    /** The site settings in force (docs/settings.md): `default` or the settings file as the user named it, and every value. */
    settings: SettingsInForceSchema,
    /** One report per patient, in order of first appearance in the input. */
    patients: z.array(PatientReportSchema),
    /** Input-level problems that belong to no patient (unreadable file, bundle without Patient). */
    inputErrors: z.array(InputErrorSchema),
  })
  .meta({ title: "HemoSentinel assessment report" });
/** The output of `assess --format json`: one report over every patient of the input. */
export type AssessmentReport = ReadonlyDeep<z.infer<typeof AssessmentReportSchema>>;
