/** What a criterion is evaluated against: one patient, one candidate exposure, one episode. */

import type { Exposure, IsoDateTime, LabResult, PatientRecord } from "../../contracts/model.js";
import type { ScoreResult } from "../../contracts/report.js";
import type { Certainty, DisorderId, EventKind } from "../../contracts/vocabularies.js";
import type { LabDefinition } from "../../knowledge/vocabulary.js";
import type { Intervals } from "./intervals.js";

/** The results of undetermined order evaluated as possibly after the dose, and their times (for the trace). */
export interface SameDay {
  readonly labs: ReadonlySet<LabResult>;
  readonly times: ReadonlySet<IsoDateTime>;
}

/** Functions the detectors borrow from the rest of the core, passed in so the engine stays generic. */
export interface DetectServices {
  lab(id: string): LabDefinition | undefined;
  /** A score computed at an instant (undefined when not applicable to this record). */
  score(id: string, at: IsoDateTime): ScoreResult | undefined;
  /** A score's name as clinicians know it ("ISTH overt DIC score"), for the trace. */
  scoreName(id: string): string;
  /** Lab ids a score reads: it is computed only at the times of their results. */
  scoreLabs(id: string): readonly string[];
  /** Event kinds whose charted times are instants worth scoring at (the facts the score reads). */
  scoreEvents(id: string): readonly EventKind[];
  /** CTCAE grade of one lab value for a term (0 = normal), undefined when not gradable. */
  ctcaeGrade(term: string, result: LabResult): number | undefined;
  /** A drug's catalogue targets (drugs.yaml), none when the drug is not in the catalogue. */
  drugTargets?(drug: string): readonly string[];
}

export interface EvalContext {
  readonly record: PatientRecord;
  /** Labs usable for detection (conflicting results left out) by lab id, oldest first. */
  readonly labsById: ReadonlyMap<string, readonly LabResult[]>;
  readonly evaluatedAt: IsoDateTime;
  readonly exposure: Exposure;
  /** Day 0 of the exposure: CAR-T infusion, else the first dose. */
  readonly exposureStart: IsoDateTime;
  /** Episode start (first time the index test is met), when found. */
  readonly index?: IsoDateTime;
  /** Episode end: index + the disorder's episode length, capped at the evaluation time. */
  readonly episodeEnd?: IsoDateTime;
  readonly latency?: {
    readonly minDays: number;
    readonly maxDays: number;
    readonly afterLatestDose?: { readonly maxDays: number };
  };
  /**
   * Results drawn the day of the first dose without a draw time, evaluated as possibly after the dose: never
   * the baseline, inside windows after the dose, outside those before it (same-day.ts).
   */
  readonly sameDay?: SameDay;
  /**
   * The most a finding resting on {@link sameDay} results may be: what the other results find without them
   * (`confirmed`), else possible.
   */
  readonly sameDayCap?: { readonly certainty: Certainty; readonly confirmed: boolean };
  /** Events dated only by an interval that reaches the first dose, as ordered against it (intervals.ts). */
  readonly intervals?: Intervals;
  /**
   * The most a finding resting on {@link intervals} events may be: probable when wholly after the dose, possible
   * when spanning it, unless the other dated data find it without them (`confirmed`, at what they find).
   */
  readonly intervalCap?: {
    readonly certainty: Certainty;
    readonly confirmed: boolean;
    readonly spans: boolean;
  };
  /** Certainty of findings already made for other disorders of this patient. */
  readonly findings: ReadonlyMap<DisorderId, Certainty>;
  readonly services: DetectServices;
}
