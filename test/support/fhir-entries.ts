/** FHIR bundle entries the end-to-end tests build patients from (R4 shapes, as an EHR export sends them). */

/** A completed pembrolizumab administration of `Patient/p1` on `on`, as a bundle entry. */
export function pembrolizumabDose(id: string, on: string) {
  return {
    resource: {
      resourceType: "MedicationAdministration",
      id,
      status: "completed",
      medicationCodeableConcept: { text: "pembrolizumab" },
      subject: { reference: "Patient/p1" },
      effectiveDateTime: on,
    },
  };
}

/** A collection bundle of `Patient/p1` given pembrolizumab on 5 and 26 January 2026, then `entries`. */
export function pembrolizumabBundle(...entries: unknown[]) {
  return {
    resourceType: "Bundle",
    type: "collection",
    entry: [
      { resource: { resourceType: "Patient", id: "p1" } },
      pembrolizumabDose("d1", "2026-01-05"),
      pembrolizumabDose("d2", "2026-01-26"),
      ...entries,
    ],
  };
}

/** A final platelet count (LOINC 777-3) of `Patient/p1` taken `on`, as a bundle entry; `more` adds fields. */
export function plateletCount(
  on: string,
  valueQuantity: Record<string, unknown>,
  more: Record<string, unknown> = {},
) {
  return {
    resource: {
      resourceType: "Observation",
      id: "plt",
      status: "final",
      code: { coding: [{ system: "http://loinc.org", code: "777-3" }] },
      subject: { reference: "Patient/p1" },
      effectiveDateTime: on,
      valueQuantity,
      ...more,
    },
  };
}

/** A problem-list entry of `Patient/p1` in words, recorded `at` (the date relative words count from). */
export function notedCondition(id: string, text: string, at = "2026-03-12") {
  return {
    resourceType: "Condition",
    id,
    subject: { reference: "Patient/p1" },
    code: { text },
    recordedDate: at,
  };
}

/**
 * The pembrolizumab bundle with a popliteal DVT on 10 March 2026, a platelet count of `platelets` ×10⁹/L on 11 March,
 * and `resources` after them.
 */
export function pembrolizumabDvtBundle(platelets: number, ...resources: unknown[]) {
  return pembrolizumabBundle(
    plateletCount("2026-03-11", { value: platelets, unit: "10*9/L" }),
    {
      resource: {
        resourceType: "Condition",
        id: "dvt",
        subject: { reference: "Patient/p1" },
        code: { text: "Deep vein thrombosis of the left popliteal vein" },
        onsetDateTime: "2026-03-10",
      },
    },
    ...resources.map((resource) => ({ resource })),
  );
}

/** A completed administration of `drug` (in words, as the pharmacy charts it) to `Patient/p1` on `on`, as a resource. */
export function administration(id: string, drug: string, on: string) {
  return { ...pembrolizumabDose(id, on).resource, medicationCodeableConcept: { text: drug } };
}

/**
 * A final result of `Patient/p1` (LOINC `loinc`) taken `on`, as a resource: a number in `unit` with the laboratory's
 * range when given, or a result in words ("positive", "<5").
 */
export function labResult(
  id: string,
  loinc: string,
  on: string,
  value: number | string,
  unit = "",
  range: { readonly low?: number; readonly high?: number } = {},
) {
  const bound = (v: number | undefined) => (v === undefined ? undefined : { value: v, unit });
  const low = bound(range.low);
  const high = bound(range.high);
  return observation(id, loinc, {
    effectiveDateTime: on,
    ...(typeof value === "number" ? { valueQuantity: { value, unit } } : { valueString: value }),
    ...(low || high ? { referenceRange: [{ ...(low && { low }), ...(high && { high }) }] } : {}),
  });
}

/**
 * An Observation of `Patient/p1` coded LOINC `loinc`, final, taken at 2024-03-01 08:00 UTC, with `fields` (its
 * value, a range, or any field overridden): the adapter tests' usual result.
 */
export function observation(id: string, loinc: string, fields: Record<string, unknown> = {}) {
  return {
    resourceType: "Observation",
    id,
    status: "final",
    code: { coding: [{ system: "http://loinc.org", code: loinc }] },
    subject: { reference: "Patient/p1" },
    effectiveDateTime: "2024-03-01T08:00:00Z",
    ...fields,
  };
}
