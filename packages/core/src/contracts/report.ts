/**
 * Output contract of `assess` (design of record, "Output contract"). Everything here is plain JSON.
 */
import type { SettingsInForce } from "../settings/schema.js";
import type { Conflict, IsoDateTime, RecordCounts, Rejection } from "./model.js";
import type {
  Certainty,
  CriterionStatus,
  DifferentialEffect,
  DisorderId,
  ManagementKind,
  TherapyClass,
} from "./vocabularies.js";

export interface ExposureSummary {
  readonly drug: string;
  readonly class: TherapyClass;
  readonly first: IsoDateTime;
  readonly last: IsoDateTime;
  readonly doses: number;
  readonly infusion?: IsoDateTime;
}

/** Worst CTCAE v5.0 grade of one term over the record (grade ≥ 1 only). */
export interface GradeResult {
  readonly term: string;
  readonly grade: number;
  readonly worstAt: IsoDateTime;
  /** Value the grade rests on, in `unit`; absent for event terms. */
  readonly value?: number;
  readonly unit?: string;
  /** The source record(s) the grade rests on. */
  readonly evidence: readonly string[];
  /** How the grade was reached, e.g. "< 25 ×10⁹/L" or "> 2.5 × baseline (1.0)". */
  readonly basis: string;
  readonly sourceIds: readonly string[];
}

export type ComponentValue = number | string | boolean | null;

/** A validated score computed at one instant. */
export interface ScoreResult {
  readonly id: string;
  /** Total points (or the index value for EASIX); null when no component could be computed. */
  readonly value: number | null;
  readonly at: IsoDateTime;
  /** Points (or inputs) per component that could be computed. */
  readonly components: Readonly<Record<string, ComponentValue>>;
  /** Components that could not be computed for lack of data, by name. */
  readonly missing: readonly string[];
  readonly interpretation: string;
  /** Category key, e.g. `overt`, `high`, `low`; `incomplete` when missing components could change it. */
  readonly category: string;
  readonly evidence: readonly string[];
  readonly sourceIds: readonly string[];
}

export interface CriterionTrace {
  readonly id: string;
  readonly label: string;
  readonly status: CriterionStatus;
  readonly evidence: readonly string[];
  /** What was found, in the criterion's own sense, e.g. "platelets 8 ×10⁹/L on 2024-03-01 (day 42)". */
  readonly detail?: string;
  /**
   * Set when the criterion is met only by a charted diagnosis (problem list, encounter diagnosis or
   * note) standing in for a missing result: evidence of lower weight, which lowers the certainty.
   */
  readonly charted?: true;
}

/** A competing explanation considered for a finding, with what it did to the finding. */
export interface DifferentialTrace extends CriterionTrace {
  readonly effect: DifferentialEffect;
}

export interface Onset {
  readonly date: IsoDateTime;
  readonly drug?: string;
  readonly daysFromFirstDose?: number;
  readonly daysFromLastDose?: number;
}

export interface WorkupItem {
  /** Test id in the knowledge base (a lab catalogue id, or e.g. `peripheral-smear`). */
  readonly id: string;
  readonly test: string;
  readonly loinc?: string;
  readonly why: string;
  readonly sourceIds: readonly string[];
}

export interface ManagementItem {
  /** Stable id of the recommendation in the knowledge base (knowledge/management/*.yaml). */
  readonly id: string;
  readonly kind: ManagementKind;
  readonly action: string;
  readonly sourceIds: readonly string[];
  /** Set when guidelines disagree or are silent on this point. */
  readonly caveat?: string;
}

/** The grade of one arm of a syndrome (Evans: haemolytic anaemia, thrombocytopenia). */
export interface ArmGrade {
  readonly id: string;
  readonly label: string;
  readonly grade?: number;
  readonly basis?: string;
}

export interface Finding {
  readonly disorder: DisorderId;
  readonly certainty: Certainty;
  readonly grade?: number;
  readonly gradeBasis?: string;
  /** Per-arm grades when the disorder grades its arms apart; management follows each arm's grade. */
  readonly arms?: readonly ArmGrade[];
  readonly onset?: Onset;
  readonly criteria: readonly CriterionTrace[];
  readonly scores: readonly Pick<ScoreResult, "id" | "value" | "interpretation">[];
  /** Differentials considered and how they bear on this finding. */
  readonly differentials: readonly DifferentialTrace[];
  readonly workup: readonly WorkupItem[];
  readonly management: readonly ManagementItem[];
  readonly summary: string;
}

/**
 * A serious abnormality after an immunotherapy exposure (new grade ≥ 3 cytopenia, grade ≥ 2 coagulation
 * abnormality, thrombosis, major bleeding) that no finding accounts for: nothing serious is silent.
 */
export interface UnexplainedItem {
  /** CTCAE term (e.g. `platelet-count-decreased`) or event kind (`thrombosis`, `major-bleeding`). */
  readonly abnormality: string;
  readonly grade?: number;
  readonly at: IsoDateTime;
  readonly value?: number;
  readonly unit?: string;
  readonly evidence: readonly string[];
  /** Why no disorder was attributed (e.g. "ITP not sought before day 31 after CAR-T: expected ICAHT"). */
  readonly why: string;
  /** The tests that would settle it. */
  readonly workup: readonly WorkupItem[];
}

export interface PatientReport {
  readonly patientId: string;
  readonly exposures: readonly ExposureSummary[];
  readonly grades: readonly GradeResult[];
  readonly scores: readonly ScoreResult[];
  readonly findings: readonly Finding[];
  readonly unexplained: readonly UnexplainedItem[];
  readonly rejected: readonly Rejection[];
  /** Records of contract types whose codes are out of scope, by resource type and code system. */
  readonly notUsed: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Resource types outside the contract, by type. */
  readonly ignored: Readonly<Record<string, number>>;
  readonly conflicts: readonly Conflict[];
  /** read = used + merged + rejected + notUsed + ignored. */
  readonly counts: RecordCounts;
}

/** What could not be read at all (a file, a directory entry, a line): it belongs to no patient. */
export interface InputError {
  /** The file, entry or line, e.g. `export.ndjson:12` or `bundle.json#entry[3]`. */
  readonly source: string;
  readonly code: string;
  readonly detail: string;
}

export interface AssessmentReport {
  readonly engine: {
    readonly name: "hemosentinel";
    readonly version: string;
    readonly knowledgeVersion: string;
  };
  readonly evaluatedAt: IsoDateTime;
  /** The site settings in force (docs/settings.md): `default` or the settings file as the user named it, and every value. */
  readonly settings: SettingsInForce;
  readonly patients: readonly PatientReport[];
  /** Input-level problems that belong to no patient (unreadable file, bundle without Patient). */
  readonly inputErrors: readonly InputError[];
}
