/**
 * @hemosentinel/pv — disproportionality analysis of spontaneous reports (FAERS quarterly extracts, or any
 * long-format report × drug × event file) on DuckDB: import with de-duplication and drug mapping to the
 * knowledge catalogue, then ROR, PRR, IC and EBGM per drug–event pair, rendered as a table, CSV, JSON or
 * an HTML report with a forest plot.
 */
export type { CountOptions, Level, PairRow, Stratum } from "./counts.js";
export { openDb, type PvDb, sqlText } from "./db.js";
export { createDrugMapper, type DrugMatch, editDistance } from "./drug-map.js";
export { ImportError, type ImportProgress, type ImportSummary, importFiles } from "./import.js";
export { type Discovery, discover, type InputFile } from "./inputs.js";
export { FORMATS, type Format, renderSignals } from "./render/render.js";
export {
  computeSignals,
  METHODS,
  type Method,
  SignalError,
  type SignalOptions,
  type SignalResult,
  type SignalRow,
  signalFlags,
} from "./signals.js";
export { chiSquareYates, informationComponent, prr, ror } from "./stats/disproportionality.js";
export { fitPrior, type PriorFit } from "./stats/fit.js";
export {
  type Cell,
  ebgm,
  ebQuantile,
  ebScores,
  logLikelihood,
  type Prior,
  priorProblems,
} from "./stats/gps.js";
export { squash, squashAll } from "./stats/squash.js";
