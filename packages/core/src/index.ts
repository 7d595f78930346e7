/**
 * @hemosentinel/core — the browser-safe engine: the contracts (record model, output report, vocabularies),
 * the knowledge runtime over a compiled bundle that is passed in, the FHIR and CSV adapters over documents
 * (never paths), the pure detection, grading, scoring and planning core, and the report views.
 */

// Adapters
export { type CsvIngestOptions, type CsvIngestResult, ingestCsv } from "./adapters/csv/ingest.js";
export { isExportManifest, type ManifestOutput, manifestOutputs } from "./adapters/fhir/bulk-manifest.js";
export {
  conditionReading,
  conditionStart,
  PROCEDURE_EVENT_KINDS,
  plannedProcedureEvent,
  procedureEvent,
} from "./adapters/fhir/clinical.js";
export { loincCodes, toConcept } from "./adapters/fhir/concepts.js";
export { type DailyDose, dailyDose } from "./adapters/fhir/dosage.js";
export { FINAL_OBSERVATION, observationDates } from "./adapters/fhir/final-results.js";
export { type FhirIngestResult, ingestFhir, ingestGroup, ingestNdjson } from "./adapters/fhir/ingest.js";
export {
  collectEntries,
  type Entry,
  emptyEntryReason,
  KNOWN_RESOURCE_TYPES,
  locate,
  parseNdjsonLine,
  patientField,
} from "./adapters/fhir/input.js";
export { medicationDrug } from "./adapters/fhir/medication.js";
export { type NdjsonLine, ndjsonLines } from "./adapters/fhir/ndjson-lines.js";
export {
  type LabComponent,
  labComponents,
  otherFocus,
  textRange,
  withPrintedBasis,
} from "./adapters/fhir/observation.js";
export {
  NOT_DONE_STATUSES,
  notDone,
  REFUTED_CONDITION,
  resultCaveat,
} from "./adapters/fhir/record-status.js";
export { identifierSearch, ResourceIndex, referencesIn } from "./adapters/fhir/references.js";
export { WITHDRAWN_CONTAINER, withdrawnResults, withdrawnVersions } from "./adapters/fhir/withdrawn.js";
export { parseJsonExact } from "./adapters/json-numbers.js";
export { parseNumberText, readValueText } from "./adapters/lab-result.js";
export { mergeRecords } from "./adapters/patient-builder.js";
export { createUnitConverter, type UnitConverter, unitDisagreement } from "./adapters/units.js";
// Atlas: search with deep links, and the data of each page
export * from "./atlas/pages.js";
export * from "./atlas/search.js";
// Calculators: every score and CTCAE term as a standalone form, computed by the engine's own code
export * from "./calculator/calculate.js";
export * from "./calculator/catalogue.js";
export { ctcaeForm, ctcaeForms, gradeCtcae } from "./calculator/ctcae.js";
export type * from "./calculator/form.js";
export { scoreForm } from "./calculator/form.js";
export { calculationText } from "./calculator/text.js";
export * from "./contracts/cohort-api.js";
export { exposureStart } from "./contracts/exposure.js";
// Contracts: zod schemas (`…Schema`) with their read-only types inferred
export { reportJsonSchema } from "./contracts/json-schema.js";
export { MANAGEMENT_FACTS } from "./contracts/management-facts.js";
export * from "./contracts/model.js";
export * from "./contracts/patient-assessment.js";
export type { ReadonlyDeep } from "./contracts/readonly.js";
export * from "./contracts/rejection-codes.js";
export * from "./contracts/report.js";
export * from "./contracts/settings.js";
export * from "./contracts/vocabularies.js";
export {
  type AddResult,
  createEngine,
  type Document,
  type Engine,
  type EngineOptions,
} from "./create-engine.js";
// Engine
export {
  ageAt,
  assess,
  assessPatient,
  type EngineInfo,
  engineStamp,
  HIT_DIFFERENTIALS,
  type PatientScreen,
  screenPatient,
} from "./engine/assess.js";
export { calendarDate, daysBetween, instant, isValidIso, normalizeIso } from "./engine/dates.js";
export { displayUnit, valueWithUnit } from "./engine/display.js";
export { gradeRecord } from "./engine/grading/ctcae.js";
export { dayText, plannedText, procedureSummary } from "./engine/manage/procedures.js";
export { distinctLines, sharePlanLines, wholePlan, withWholePlans } from "./engine/manage/shared-lines.js";
export {
  antiCd38Recent,
  type HepatitisBEvidence,
  hepatitisBEvidence,
  hepatitisBOnRecord,
} from "./engine/on-record.js";
// Knowledge: the schemas the knowledge package validates its sources against, and the runtime
export * from "./knowledge/atlas.js";
export * from "./knowledge/calculators.js";
export * from "./knowledge/ctcae.js";
export * from "./knowledge/disorders.js";
export * from "./knowledge/drugs.js";
export * from "./knowledge/errors.js";
export * from "./knowledge/event-index.js";
export * from "./knowledge/events.js";
export * from "./knowledge/incidence.js";
export * from "./knowledge/knowledge.js";
export * from "./knowledge/lab-catalogue.js";
export { hasValidLoincCheckDigit } from "./knowledge/lab-keys.js";
export * from "./knowledge/labs.js";
export * from "./knowledge/management.js";
export * from "./knowledge/manifest.js";
export * from "./knowledge/medication-index.js";
export * from "./knowledge/order-avoids.js";
export * from "./knowledge/pv-terms.js";
export * from "./knowledge/references.js";
export * from "./knowledge/safety.js";
export * from "./knowledge/scores.js";
export * from "./knowledge/unexplained.js";
export * from "./knowledge/vocabulary.js";
export { renderContextOf } from "./render/context.js";
// Reports
export { renderHtml } from "./render/html.js";
export { INCIDENCE_CURVE } from "./render/incidence-curve.js";
export { safeText } from "./render/safe-text.js";
export { renderText, type TextOptions } from "./render/text.js";
// Report views: what the text and HTML reports say, for other views of a report (the web app)
export {
  armsText,
  attributionLabel,
  attributionLead,
  attributionText,
  CHARTED_NOTE,
  CLASS_LABELS,
  certaintyLabel,
  citationText,
  citedSourceIds,
  conflictGroups,
  criterionStatusLabel,
  DISCLAIMER,
  differentialBearing,
  disorderLabel,
  findingTitle,
  ignoredCounts,
  locatorText,
  managementGroups,
  noneUnexplained,
  notUsedRows,
  onsetText,
  type PatientOutcome,
  type PatientStatus,
  PROCEDURES_HEADING,
  PROCEDURES_NOTE,
  patientStatus,
  type RenderContext,
  recordTally,
  recordTallyText,
  referenceUrl,
  rejectionGroups,
  STATUS_LABELS,
  sharedLinesText,
  sharedWithText,
  systemsText,
  type UnexplainedCitations,
  unexplainedCitations,
  unexplainedWhy,
} from "./render/view.js";
export {
  absentPatientLine,
  deathLine,
  humanId,
  noPlanLine,
  type Wording,
  wordingOf,
} from "./render/wording.js";
// Site settings
export { applySettings, withSettings } from "./settings/apply.js";
export { SettingsError, settingsProblems } from "./settings/errors.js";
export { parseSettings } from "./settings/parse.js";
export { resolveSettings } from "./settings/resolve.js";
export * from "./settings/schema.js";
