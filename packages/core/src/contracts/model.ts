/**
 * Normalized patient record: what adapters (FHIR, CSV, OMOP) produce and the pure core consumes.
 * Every record keeps `ref`, the id of the source record it came from (e.g. `Observation/abc`), so that
 * findings can cite their evidence and nothing is counted twice.
 *
 * Each part is a zod schema (`…Schema`) with its read-only TypeScript type inferred from it.
 */
import { z } from "zod";
import { DOSE_KINDS, SEXES } from "./lists.js";
import type { ReadonlyDeep } from "./readonly.js";
import { RejectionCodeSchema } from "./rejection-codes.js";
import {
  ConflictKindSchema,
  ContextRoleSchema,
  EventKindSchema,
  QualitativeSchema,
  TherapyClassSchema,
} from "./vocabularies.js";

export const IsoDateTimeSchema = z.string();
/** ISO 8601 instant or date exactly as the source gave it (kept as text so no time zone is ever assumed). */
export type IsoDateTime = z.infer<typeof IsoDateTimeSchema>;

export const DoseKindSchema = z.enum(DOSE_KINDS);
/** Evidence strength: an administration or infusion is a given dose; a request or statement only intends one. */
export type DoseKind = z.infer<typeof DoseKindSchema>;

export const DoseSchema = z.strictObject({
  ref: z.string(),
  at: IsoDateTimeSchema,
  /** End of a period (MedicationStatement / request validity); absent for a single administration. */
  end: IsoDateTimeSchema.optional(),
  /**
   * An administration charted with an end after the evaluation (a planned end: a 28-day blinatumomab infusion
   * read mid-course): the course is under way at the evaluation. Its planned end is not kept (`end` is absent).
   */
  running: z.literal(true).optional(),
  /** Evidence strength: an administration or infusion is a given dose; a request or statement only intends one. */
  kind: DoseKindSchema,
});
/** One administration, prescription or infusion of an immunotherapy drug. */
export type Dose = ReadonlyDeep<z.infer<typeof DoseSchema>>;

export const ExposureSchema = z.strictObject({
  drug: z.string(),
  class: TherapyClassSchema,
  doses: z.array(DoseSchema),
  /** First dose (instant as given). */
  first: IsoDateTimeSchema,
  /** Last dose (instant as given). */
  last: IsoDateTimeSchema,
  /** CAR-T only: the infusion date (day 0). */
  infusion: IsoDateTimeSchema.optional(),
});
/** All doses of one catalogue drug, merged across source records. */
export type Exposure = ReadonlyDeep<z.infer<typeof ExposureSchema>>;

export const ContextDrugSchema = z.strictObject({
  ref: z.string(),
  drug: z.string(),
  roles: z.array(ContextRoleSchema),
  start: IsoDateTimeSchema,
  /**
   * Last day taken. Absent: still taken — every rule reads the drug as ongoing from `start` up to the
   * evaluation time. The adapters set it to `start` for a single administration and for a record whose
   * status says it was completed or stopped without a date.
   */
  end: IsoDateTimeSchema.optional(),
  /**
   * The dose the record gives, when it gives one: `amount` a single dose, `perDay` what the record's timing adds up
   * to in a day (an order's or statement's dosage; an administration gives no day). `unit` is `mg` for a mass and
   * `[iU]` for international units, as the adapters convert them; another unit is kept as sent and compared with
   * nothing. Absent: the record gives no dose the adapters can read, and no rule reads one.
   */
  dose: z
    .strictObject({
      amount: z.number().positive(),
      unit: z.string(),
      perDay: z.number().positive().optional(),
    })
    .optional(),
});
/** A drug that is not immunotherapy but matters for differentials and confounders, with its roles. */
export type ContextDrug = ReadonlyDeep<z.infer<typeof ContextDrugSchema>>;

export const ComparatorSchema = z.enum(["<", "<=", ">", ">="]);
/** The comparator of a censored value such as `<5 %`. */
export type Comparator = z.infer<typeof ComparatorSchema>;

export const LabResultSchema = z.strictObject({
  ref: z.string(),
  /** Lab catalogue id, e.g. `platelets`, `d-dimer-feu`. */
  lab: z.string(),
  loinc: z.string(),
  at: IsoDateTimeSchema,
  /** Numeric value in the canonical unit; absent for qualitative results. */
  value: z.number().optional(),
  /** Canonical UCUM unit of `value`. */
  unit: z.string().optional(),
  qualitative: QualitativeSchema.optional(),
  /** `<` / `>` when the source reported a censored value such as `<5 %`. */
  comparator: ComparatorSchema.optional(),
  /**
   * Set when the source released the result as preliminary (FHIR Observation.status `preliminary`) and no
   * final result replaces it: the value is used and named as preliminary wherever it is quoted.
   */
  preliminary: z.literal(true).optional(),
  /**
   * Set when the source does not know the result's status (FHIR Observation.status `unknown`) and no
   * final result replaces it: the value is used and named as of unknown status wherever it is quoted.
   */
  statusUnknown: z.literal(true).optional(),
  /**
   * Set when the source gave no collection time (FHIR Observation with only `issued`): `at` is when the
   * result was reported, later than the sample. Named wherever the value is quoted.
   */
  issuedOnly: z.literal(true).optional(),
  /**
   * Set when the source timed the sample only by the end of its collection period (FHIR
   * `effectivePeriod` with an end and no start): `at` is that end. Named wherever the value is quoted.
   */
  periodEndOnly: z.literal(true).optional(),
  /**
   * The laboratory's own flag on this result: an HL7 ObservationInterpretation code of normality (FHIR
   * `Observation.interpretation`: `N`, `L`, `LL`, `LU`, `H`, `HH`, `HU`, `A`, `AA`) or the flag printed beside the
   * number (`12 L`, `8 (LL)`, `12*`). The value is used as measured whatever the flag says. Quoted with the value
   * when no reference range was sent (no range is invented from it), and when it contradicts the range sent.
   */
  flag: z
    .strictObject({
      /** The code or printed flag, upper case (`LL`, `N`, `*`). */
      code: z.string(),
      /** `interpretation`: the result's own coded interpretation; `printed`: written beside the number. */
      source: z.enum(["interpretation", "printed"]),
      /**
       * Where the value lies against the reference range sent with it, when that contradicts the flag: `below`
       * or `above` the range for a flag of the other side or `N`, `within` it for a flag of either side or `A`.
       */
      against: z.enum(["below", "above", "within"]).optional(),
    })
    .optional(),
  /** Lower limit of the reference range from the source, converted to the canonical unit. */
  refLow: z.number().optional(),
  /** Upper limit of the reference range from the source, converted to the canonical unit. */
  refHigh: z.number().optional(),
  /** Value and unit as sent, for the report. */
  original: z.strictObject({
    value: z.union([z.number(), z.string()]).optional(),
    unit: z.string().optional(),
  }),
});
/** A lab value converted to the catalogue's canonical UCUM unit for its lab id. */
export type LabResult = ReadonlyDeep<z.infer<typeof LabResultSchema>>;

export const ClinicalEventSchema = z.strictObject({
  ref: z.string(),
  kind: EventKindSchema,
  at: IsoDateTimeSchema,
  end: IsoDateTimeSchema.optional(),
  /**
   * The last day the event may have begun, when its date is known only as an interval (a month, a year, a period,
   * an age): `at` is then the interval's first day, and `dated` says how the date was given, for the trace.
   */
  latest: IsoDateTimeSchema.optional(),
  dated: z.string().optional(),
  grade: z.number().optional(),
  /** Free qualifiers: `venous`, `arterial`, `intracranial`, `major`, cancer site for Khorana (`lung`, `pancreas`). */
  qualifiers: z.array(z.string()).optional(),
  text: z.string().optional(),
});
/** A clinical event or condition (Condition, Observation, Procedure), with its grade when the source has one. */
export type ClinicalEvent = ReadonlyDeep<z.infer<typeof ClinicalEventSchema>>;

export const DrugWordsSchema = z.strictObject({
  ref: z.string(),
  /** The record's own date; absent when it has none (a dose row refused for its missing date). */
  at: IsoDateTimeSchema.optional(),
  text: z.string(),
  /** `dose`: a medication record given (an administration, a procedure or a statement), refused for its date. */
  source: z.enum(["words", "dose"]),
});
/**
 * The words of a source record that name a catalogue immunotherapy and gave no dose: a note or problem entry that
 * is no event HemoSentinel reads ("s/p pembrolizumab x3 cycles"), a dose row without a usable date. No dose date is
 * ever made from them; the engine reads them only to ask for the dosing history beside a serious abnormality.
 */
export type DrugWords = ReadonlyDeep<z.infer<typeof DrugWordsSchema>>;

export const RejectionSchema = z
  .strictObject({
    /** The record: `Type/id`, else its fullUrl, else where it is in the input (`file.csv:12`). */
    ref: z.string(),
    /** Machine-readable reason, one of the closed list `RejectionCode` (e.g. `unit-not-convertible`). */
    code: RejectionCodeSchema,
    /** Specific, human-readable reason naming the field and value. */
    reason: z.string(),
    /** Where it came from, for messages: file name. */
    file: z.string().optional(),
    /** The field of the record, when known. */
    field: z.string().optional(),
  })
  .meta({ id: "Rejection" });
/** A source record that could not be used, and why. */
export type Rejection = ReadonlyDeep<z.infer<typeof RejectionSchema>>;

export const ConflictSchema = z
  .strictObject({
    kind: ConflictKindSchema,
    /** The records that contradict each other. */
    refs: z.array(z.string()),
    /** The contradiction in words. */
    detail: z.string(),
  })
  .meta({ id: "Conflict" });
/** Facts about the input that are not errors but must not be guessed away (contradictions). */
export type Conflict = ReadonlyDeep<z.infer<typeof ConflictSchema>>;

const Count = z.number().int().min(0);

export const RecordCountsSchema = z
  .strictObject({
    read: Count,
    used: Count,
    merged: Count,
    rejected: Count,
    notUsed: Count,
    ignored: Count,
  })
  .refine((c) => c.read === c.used + c.merged + c.rejected + c.notUsed + c.ignored, {
    message: "read must equal used + merged + rejected + notUsed + ignored",
  })
  .meta({ id: "RecordCounts" });
/**
 * What happened to each source record of one patient: read = used + merged + rejected + notUsed + ignored.
 * `notUsed` counts records of contract types whose codes are outside scope (an ankle sprain, an
 * antihistamine); `ignored` counts resource types outside the contract.
 */
export type RecordCounts = ReadonlyDeep<z.infer<typeof RecordCountsSchema>>;

/** Resource types outside the input contract, counted by type. */
export const IgnoredCountsSchema = z.record(z.string(), Count);
/** Records of contract types whose codes are out of scope, by resource type and code system. */
export const NotUsedCountsSchema = z.record(z.string(), z.record(z.string(), Count));

export const SexSchema = z.enum(SEXES);
/** Administrative sex as the source records it. */
export type Sex = z.infer<typeof SexSchema>;

export const DeathSchema = z
  .strictObject({
    /** When the source dates the death (a FHIR dateTime, or a day, month or year); absent when it does not. */
    at: z.string().optional(),
    /** The record that says so (`Patient/…#deceasedDateTime`, an OMOP death row). */
    ref: z.string(),
  })
  .meta({ id: "Death" });
/** The patient's death as the record states it, at or before the evaluation time. */
export type Death = ReadonlyDeep<z.infer<typeof DeathSchema>>;

export const AbsentPatientSchema = z
  .strictObject({
    /** The Patient the records' subject names (`Patient/123`), which the input does not hold. */
    ref: z.string(),
    /** What this means for the report, in words. */
    detail: z.string(),
  })
  .meta({ id: "AbsentPatient" });
/**
 * The records name a Patient the input does not hold (a search of Observations without its Patient, an
 * export without Patient.ndjson): they are read as that patient's, with no birth date, sex or death read.
 */
export type AbsentPatient = ReadonlyDeep<z.infer<typeof AbsentPatientSchema>>;

export const PatientRecordSchema = z.strictObject({
  patientId: z.string(),
  /**
   * Present when no Patient resource of this id was in the input: the patient is the one its records'
   * subject names, and its demographics (birth date, sex, death) were not read.
   */
  absentPatient: AbsentPatientSchema.optional(),
  birthDate: z.string().optional(),
  sex: SexSchema.optional(),
  /** The record says the patient died at or before the evaluation time. */
  deceased: DeathSchema.optional(),
  exposures: z.array(ExposureSchema),
  contextDrugs: z.array(ContextDrugSchema),
  labs: z.array(LabResultSchema),
  events: z.array(ClinicalEventSchema),
  /** Words naming an immunotherapy that gave no dose (see DrugWords); absent when there are none. */
  drugWords: z.array(DrugWordsSchema).optional(),
  rejected: z.array(RejectionSchema),
  conflicts: z.array(ConflictSchema),
  /** Resource types outside the input contract, counted by type. */
  ignored: IgnoredCountsSchema,
  /** Records of contract types whose codes are out of scope, by type and code system. */
  notUsed: NotUsedCountsSchema,
  /** How many source records of this patient were used, merged, rejected, not used or ignored. */
  counts: RecordCountsSchema,
  /** Body-mass index or weight facts when present (Khorana). */
  bmi: z.number().optional(),
  /** When the body-mass index in `bmi` was measured, when the source dates it (the plans read it within a window). */
  bmiAt: IsoDateTimeSchema.optional(),
});
/** One patient's normalized record, as the adapters build it and the core reads it. */
export type PatientRecord = ReadonlyDeep<z.infer<typeof PatientRecordSchema>>;
