/**
 * What a screen flags about a patient, from the engine's report or its screening view, and the screen of
 * one batch of OMOP rows — the step the screen runs in process or in worker threads (./screen-pool.ts).
 */
import type { Engine, PatientScreen } from "@hemosentinel/core";
import { type BatchRows, omopDocument, resourcesOf } from "./records.js";

/** One thing a screen flags about a patient: a finding, or a serious abnormality no finding explains. */
export interface ScreenItem {
  readonly personId: string;
  readonly kind: "finding" | "unexplained";
  /** Disorder id (finding) or CTCAE term / event id (unexplained). */
  readonly item: string;
  readonly certainty?: string;
  readonly grade?: number;
  /** Onset of the finding, or when the abnormality was found (ISO instant). */
  readonly at: string;
  readonly drug?: string;
  readonly drugClass?: string;
  readonly daysFromFirstDose?: number;
  readonly summary: string;
  /**
   * The patient died by the evaluation: the day of death (`YYYY-MM-DD`, or the month or year when only
   * that is recorded; `undated` when the record gives none). Every item of a deceased patient carries it: what it flags is retrospective.
   */
  readonly deceased?: string;
}

/** The items of one patient's report, or of its screening view (the same items: see core's screenPatient). */
export function itemsOf(report: PatientScreen): ScreenItem[] {
  const classOf = (drug: string | undefined) => report.exposures.find((e) => e.drug === drug)?.class;
  // The day of death (OMOP's required death_date): the same whether the source also timed it.
  const died =
    report.deceased === undefined ? {} : { deceased: report.deceased.at?.slice(0, 10) ?? "undated" };
  const items: ScreenItem[] = [];
  for (const f of report.findings) {
    const drugClass = classOf(f.onset?.drug);
    items.push({
      personId: report.patientId,
      kind: "finding",
      item: f.disorder,
      certainty: f.certainty,
      ...(f.grade !== undefined && { grade: f.grade }),
      at: f.onset?.date ?? "",
      ...(f.onset?.drug !== undefined && { drug: f.onset.drug }),
      ...(drugClass !== undefined && { drugClass }),
      ...(f.onset?.daysFromFirstDose !== undefined && { daysFromFirstDose: f.onset.daysFromFirstDose }),
      summary: f.summary,
      ...died,
    });
  }
  for (const u of report.unexplained)
    items.push({
      personId: report.patientId,
      kind: "unexplained",
      item: u.abnormality,
      ...(u.grade !== undefined && { grade: u.grade }),
      at: u.at,
      summary: u.why,
      ...died,
    });
  return items;
}

/** The items of a batch of persons' rows, read by `engine` and screened with the core's screening view. */
export function screenRows(engine: Engine, rows: BatchRows): ScreenItem[] {
  return engine
    .read(omopDocument(resourcesOf(rows)), "omop")
    .patients.flatMap((r) => itemsOf(engine.screenRecord(r)));
}
