/**
 * @hemosentinel/cohort — cohort surveillance on the OMOP CDM: a synthetic cohort generator, the import of
 * an OMOP folder into DuckDB with every row accounted for, the daily screen (SQL prefilter compiled from
 * the knowledge, then the full engine on the candidates, compared with the previous run), and incidence
 * and time to onset with the cohort report.
 */
export { CDM_SCHEMA, CDM_TABLES, type CdmTable, RESULTS_SCHEMA } from "./cdm.js";
export {
  type CohortDatabase,
  DEFAULT_MEMORY_LIMIT,
  type DuckDbOptions,
  openDuckDb,
  parseMemoryLimit,
  type Row,
} from "./database.js";
export { type Dialect, duckdb } from "./dialect.js";
export * from "./estimators.js";
export { type GenerateOptions, type GenerateSummary, generateCohort } from "./generate/generate.js";
export {
  type ImportProgress,
  type ImportRejectionCode,
  type ImportSummary,
  importCdm,
  type RejectionCount,
  type TableSummary,
} from "./import.js";
export { compilePrefilter, exposureQuery, type PrefilterPlan } from "./prefilter.js";
export { plotScripts, renderStatsHtml } from "./report.js";
export { NoImportError } from "./results.js";
export {
  engineItems,
  type ItemStatus,
  prefilterCandidates,
  type ScreenItem,
  type ScreenOptions,
  type ScreenResult,
  type ScreenRun,
  screenCohort,
} from "./screen.js";
export * from "./stats.js";
