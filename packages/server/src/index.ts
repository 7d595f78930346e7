/**
 * @hemosentinel/server — the CDS Hooks 2.0 service (patient-view, order-sign, order-select), the
 * feedback store, the REST API and its OpenAPI document; serves a web app build when given one.
 */
export { DOSE_DECISIONS, type DoseDecision, INDICATOR_RULES, type IndicatorRule } from "./cds/policy.js";
export { prefetchTemplates } from "./cds/prefetch.js";
export * from "./cds/schemas.js";
export { discovery, ORDER_SIGN_SERVICE, PATIENT_VIEW_SERVICE } from "./cds/services.js";
export {
  parseServerConfig,
  type ServerConfig,
  ServerConfigError,
  ServerConfigSchema,
  type TrustedClient,
} from "./config.js";
export { type FeedbackSummary, FeedbackSummarySchema } from "./feedback/store.js";
export { type Problem, ProblemSchema } from "./http/problem.js";
export { CohortStoreError } from "./rest/cohort.js";
export { createServer, type HemoSentinelServer, type ServerOptions } from "./server.js";
