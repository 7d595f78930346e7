/** Where the cohort page's data and pages are: the server's cohort API and the app's own paths. */

export const FLAGGED_API = "/api/cohort/flagged";
/** Statistics by therapy class: the counts table and the curves of the page. */
export const STATS_BY_CLASS_API = "/api/cohort/stats?by=class";

/** A cohort person's assessment on the server. */
export function cohortPatientPath(personId: string): string {
  return `/api/cohort/patients/${encodeURIComponent(personId)}`;
}

/** The app's page of a cohort person (the patient view). */
export function cohortPatientPage(personId: string): string {
  return `/cohort/patients/${encodeURIComponent(personId)}`;
}

/** The cohort list's query string as last shown in this tab (filters and sort), for the way back to it. */
let lastList = "";

/** Remembers the list's query string (the cohort page calls it as it changes). */
export function rememberCohortList(search: string): void {
  lastList = search;
}

/** The cohort list as it was last shown in this tab. */
export function cohortListPage(): string {
  return `/cohort${lastList}`;
}
