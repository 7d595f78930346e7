/**
 * @hemosentinel/cohort — cohort surveillance on the OMOP CDM: a synthetic cohort generator, the import of
 * an OMOP folder into DuckDB with every row accounted for, the daily screen (SQL prefilter compiled from
 * the knowledge, then the engine's screening view on the candidates, in worker threads if asked, compared
 * with the previous run), and incidence and time to onset with the cohort report.
 */
export { type CandidateFile, type CandidateProblem, readCandidates } from "./candidates.js";
export {
  CDM_SCHEMA,
  CDM_TABLES,
  type CdmTable,
  DEFAULT_SCHEMAS,
  RESULTS_SCHEMA,
  type Schemas,
} from "./cdm.js";
export {
  type CohortDatabase,
  DEFAULT_MEMORY_LIMIT,
  type DuckDbOptions,
  openDuckDb,
  parseMemoryLimit,
  type Row,
} from "./database.js";
export {
  DIALECT_NAMES,
  type Dialect,
  type DialectName,
  dialectOf,
  duckdb,
  postgres,
  spark,
} from "./dialect.js";
export * from "./estimators.js";
export { type FlaggedList, lastRun, lastScreen } from "./flagged.js";
export { type GenerateOptions, type GenerateSummary, generateCohort } from "./generate/generate.js";
export {
  type ImportOptions,
  type ImportProgress,
  type ImportRejectionCode,
  type ImportSummary,
  importCdm,
  type RejectionCount,
  type TableSummary,
} from "./import.js";
export { type LabCodeMap, LabMapError, type LabMapRejection, readLabMap } from "./lab-map.js";
export { assessCohortPerson, type CohortPatientOptions } from "./patient.js";
export { openPostgres, type PostgresDatabase } from "./postgres.js";
export { importCdmIntoPostgres } from "./postgres-import.js";
export { compilePrefilter, exposureQuery, type PrefilterPlan } from "./prefilter.js";
export { plotScripts, renderStatsHtml } from "./report.js";
export { NoImportError, requireStoreVersion, STORE_VERSION, StoreVersionError } from "./results.js";
export { postgresBinDir, type ScratchPostgres, startScratchPostgres } from "./scratch-postgres.js";
export {
  engineItems,
  type ItemStatus,
  prefilterCandidates,
  type ScreenItem,
  type ScreenOptions,
  type ScreenResult,
  type ScreenRun,
  screenCohort,
  screenItems,
} from "./screen.js";
export { runScreenWorker, type ScreenWorkers } from "./screen-pool.js";
export {
  type ConceptMaps,
  readConceptMaps,
  type ScriptOptions,
  screeningScript,
  screeningStatements,
} from "./script.js";
export * from "./stats.js";
