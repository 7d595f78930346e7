/**
 * The cohort page's two answers from the server, each checked against the core's contract before it is
 * shown. Loaded with the page only: the contract check brings the schemas, which other pages do not need.
 */
import { CohortFlaggedSchema, CohortStatsSchema } from "@hemosentinel/core";
import { fetchChecked } from "../server/api.js";
import { FLAGGED_API, STATS_BY_CLASS_API } from "./paths.js";

const words = {
  notFound: "The server has no cohort to show",
  contract: "the cohort contract",
};

/** The last screening run and what it flagged. */
export function fetchFlagged(fetcher: typeof fetch = fetch) {
  return fetchChecked(FLAGGED_API, CohortFlaggedSchema, words, fetcher);
}

/** The statistics of that run by therapy class. */
export function fetchStatsByClass(fetcher: typeof fetch = fetch) {
  return fetchChecked(STATS_BY_CLASS_API, CohortStatsSchema, words, fetcher);
}
