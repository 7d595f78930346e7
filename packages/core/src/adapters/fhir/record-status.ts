/**
 * Statuses that say a record did not happen (entered in error, cancelled, not done, refuted, a drug only
 * proposed or planned): the FHIR handlers reject such a record as `not-final`/`refuted`, and every other reader of FHIR (the cohort's
 * OMOP mapping) skips the same ones.
 */

/** `status` values per resource type that say the record did not happen. */
export const NOT_DONE_STATUSES: Readonly<Record<string, ReadonlySet<string>>> = {
  Observation: new Set(["entered-in-error", "cancelled", "registered"]),
  MedicationAdministration: new Set(["entered-in-error", "not-done"]),
  MedicationRequest: new Set(["entered-in-error", "cancelled", "draft"]),
  // `intended`: the patient is to take it, not that they took it (like a request's proposal or plan).
  MedicationStatement: new Set(["entered-in-error", "not-taken", "intended"]),
  Procedure: new Set(["entered-in-error", "not-done", "preparation"]),
};

/**
 * A MedicationRequest's `intent` values that say no drug was ordered: a proposal (a suggestion), a plan
 * (an intention) or an option (one choice of a request group). Only an order (of any kind) can be a dose.
 */
export const NOT_AN_ORDER: ReadonlySet<string> = new Set(["proposal", "plan", "option"]);

/**
 * A Condition's `verificationStatus` codes that say it is not (or was never) there, or that it is only
 * one of several possible diagnoses under consideration (`differential`): none of them is a diagnosis
 * to build a finding on. A `provisional` or `unconfirmed` diagnosis is still a working diagnosis and is
 * read, as a charted diagnosis always is (lower weight than a result).
 */
export const REFUTED_CONDITION: ReadonlySet<string> = new Set([
  "refuted",
  "entered-in-error",
  "differential",
]);

/**
 * The field and value that say a resource did not happen, or undefined.
 * @example
 * notDone({ resourceType: "Observation", status: "cancelled" }); // { field: "status", value: "cancelled" }
 * notDone({ resourceType: "MedicationRequest", status: "active", intent: "proposal" }); // { field: "intent", … }
 */
export function notDone(resource: {
  readonly resourceType: string;
  readonly status?: unknown;
  readonly verificationStatus?: unknown;
  readonly intent?: unknown;
}): { readonly field: "status" | "verificationStatus" | "intent"; readonly value: string } | undefined {
  if (resource.resourceType === "Condition") {
    const codings = (resource.verificationStatus as { coding?: unknown } | undefined)?.coding;
    const code = (Array.isArray(codings) ? codings : []).find(
      (c: { code?: unknown } | null) => typeof c?.code === "string",
    )?.code as string | undefined;
    return code !== undefined && REFUTED_CONDITION.has(code)
      ? { field: "verificationStatus", value: code }
      : undefined;
  }
  const { status, intent } = resource;
  if (typeof status === "string" && NOT_DONE_STATUSES[resource.resourceType]?.has(status))
    return { field: "status", value: status };
  return resource.resourceType === "MedicationRequest" &&
    typeof intent === "string" &&
    NOT_AN_ORDER.has(intent)
    ? { field: "intent", value: intent }
    : undefined;
}
