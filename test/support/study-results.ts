/**
 * What a study's result leaves of `Patient/p1` (a released imaging or endoscopy report, a platelet count beside it),
 * as FHIR resources and as CSV rows, for the tests of events whose only record is the study that found them.
 */

const subject = { reference: "Patient/p1" };

/** A final platelet count (LOINC 777-3) of `value` ×10⁹/L taken `on`, as a resource. */
export const plateletResult = (value: number, on: string) => ({
  resourceType: "Observation",
  id: "plt",
  status: "final",
  subject,
  code: { coding: [{ system: "http://loinc.org", code: "777-3" }] },
  effectiveDateTime: on,
  valueQuantity: { value, unit: "10*9/L", system: "http://unitsofmeasure.org", code: "10*9/L" },
});

/** A DiagnosticReport of `study` (in words) with `status`, dated 5 March 2026, its conclusion in `fields`. */
export const studyReport = (status: string, study: string, fields: object) => ({
  resourceType: "DiagnosticReport",
  id: "r1",
  status,
  subject,
  code: { text: study },
  effectiveDateTime: "2026-03-05",
  ...fields,
});

/** An Observation of `study` (in words) with `status`, dated 5 March 2026, answered in the words of `answer`. */
export const studyAnswer = (status: string, study: string, answer: string) => ({
  resourceType: "Observation",
  id: "o1",
  status,
  subject,
  code: { text: study },
  effectiveDateTime: "2026-03-05",
  valueString: answer,
});

/** A problem charted in `words` from `on`, as a Condition resource; `extra` adds fields (a verification status). */
export const conditionInWords = (id: string, words: string, on: string, extra: object = {}) => ({
  resourceType: "Condition",
  id,
  subject,
  code: { text: words },
  onsetDateTime: on,
  ...extra,
});

/** {@link plateletResult} as a CSV lab row. */
export const csvPlateletRow = (value: number, on: string) =>
  `p1,lab,${on},,loinc,777-3,,${value},10*9/L,,,,,,,`;

/**
 * An event charted in `words` on `on` (5 March 2026 unless given), as a CSV row; `qualifiers` fills its column (a
 * study's status: `final`, `preliminary`).
 */
export const csvEventRow = (words: string, on = "2026-03-05", qualifiers = "") =>
  `p1,event,${on},,text,,"${words}",,,,,,,${qualifiers},,`;
