/**
 * The qualifier of an event whose record says it is over (a FHIR Condition's clinicalStatus resolved, inactive or
 * remission; a CSV row's `resolved`, `inactive` or `remission`) but gives no end date: not open after a later dose,
 * though when it ended is unknown. An event with no end and without it is an open problem. Kept apart from the zod
 * schemas of model.ts so that the readers and the engine load no schema library at start.
 */
export const ENDED_UNDATED = "resolved-undated";
