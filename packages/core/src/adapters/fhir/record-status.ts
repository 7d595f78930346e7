/**
 * Statuses that say a record did not happen (entered in error, cancelled, not done, refuted, a drug only
 * proposed or planned): the FHIR handlers reject such a record as `not-final`/`refuted`, and every other reader of FHIR (the cohort's
 * OMOP mapping) skips the same ones.
 */
import { FINAL_OBSERVATION } from "./final-results.js";

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
 * A Condition's `verificationStatus` codes that say it is not (or was never) there: none of them is a
 * diagnosis to build a finding on. A `provisional`, `differential` or `unconfirmed` diagnosis is a
 * suspected one ({@link PROVISIONAL_CONDITION}).
 */
export const REFUTED_CONDITION: ReadonlySet<string> = new Set(["refuted", "entered-in-error"]);

/**
 * A Condition's `verificationStatus` codes of a suspected diagnosis, not a confirmed one: a tentative
 * diagnosis (`provisional`), one of several under consideration (`differential`, a rule-out) or one not yet
 * confirmed (`unconfirmed`). Read as a note's "suspected" or "rule out" is (events.yaml `doubt`): a HIT or
 * TTP stays the care team's working diagnosis (a HIT under consideration already bars heparin), an ITP, Evans
 * syndrome, DIC or acquired haemophilia A is the question of it (events.yaml `ruleOutKinds`: itp-considered,
 * listed with its work-up while the tests that answer it are missing, never treated on the code alone), a clot
 * or a bleed is its suspicion (events.yaml `suspectedKinds`: a suspected DVT is no thrombosis before imaging, but
 * a thrombosis-suspected event listed with its imaging), any other kind names no event.
 */
export const PROVISIONAL_CONDITION: ReadonlySet<string> = new Set([
  "provisional",
  "differential",
  "unconfirmed",
]);

/**
 * A Condition's `clinicalStatus` codes of a problem that is over (R4 condition-clinical): dated by its
 * onset or its abatement it is an episode of those dates; dated only by when it was recorded it is past
 * history, read as a note's "history of" is (events.yaml `history`, `statusKinds`).
 */
export const PAST_CONDITION: ReadonlySet<string> = new Set(["resolved", "inactive", "remission"]);

/** The HL7 code systems of a Condition's clinical and verification statuses (R4). */
const CONDITION_STATUS_SYSTEMS: ReadonlySet<string> = new Set([
  "http://terminology.hl7.org/CodeSystem/condition-clinical",
  "http://terminology.hl7.org/CodeSystem/condition-ver-status",
]);

/**
 * The R4 codes of a Condition's clinical and verification statuses (two disjoint value sets), by the
 * words a source may write for them instead (a display or text, compared lower-case with spaces for
 * hyphens): each code itself, R4's displays, and "ruled out" as clinicians and EHR pick lists name a
 * refuted diagnosis.
 */
const CONDITION_STATUS_WORDS: ReadonlyMap<string, string> = new Map([
  ...[
    "active",
    "recurrence",
    "relapse",
    "inactive",
    "remission",
    "resolved",
    "unconfirmed",
    "provisional",
    "differential",
    "confirmed",
    "refuted",
    "entered-in-error",
  ].map((code) => [code.replaceAll("-", " "), code] as const),
  ["ruled out", "refuted"],
  ["in remission", "remission"],
]);

const words = (x: unknown): string | undefined =>
  typeof x === "string" ? x.trim().toLowerCase().replaceAll("-", " ").replace(/\s+/g, " ") : undefined;

/**
 * The status a Condition's `clinicalStatus` or `verificationStatus` (unvalidated JSON) gives: the code of
 * its HL7 coding wherever that sits among the codings (EHRs put their own local coding first), else an R4
 * code, display or text written without that system; else the first code there is, or undefined. A
 * refuted diagnosis whose HL7 coding comes second is still refuted.
 * @example
 * statusCode({ coding: [{ system: "urn:oid:1.2.3", code: "4" }, { system: HL7_VER, code: "refuted" }] }); // "refuted"
 * statusCode({ text: "Ruled out" }); // "refuted"
 */
export function statusCode(concept: unknown): string | undefined {
  if (concept === null || typeof concept !== "object") return undefined;
  const raw: unknown = (concept as { coding?: unknown }).coding;
  const codings = (Array.isArray(raw) ? raw : []).filter(
    (c): c is { system?: unknown; code?: unknown; display?: unknown } => c !== null && typeof c === "object",
  );
  const hl7 = codings.find(
    (c) =>
      typeof c.code === "string" && typeof c.system === "string" && CONDITION_STATUS_SYSTEMS.has(c.system),
  );
  if (hl7 !== undefined) return hl7.code as string;
  for (const c of codings) {
    const known =
      CONDITION_STATUS_WORDS.get(words(c.code) ?? "") ?? CONDITION_STATUS_WORDS.get(words(c.display) ?? "");
    if (known !== undefined) return known;
  }
  const fromText = CONDITION_STATUS_WORDS.get(words((concept as { text?: unknown }).text) ?? "");
  if (fromText !== undefined) return fromText;
  return codings.find((c) => typeof c.code === "string")?.code as string | undefined;
}

/**
 * How a lab result's status qualifies it when it is used: `preliminary` (R4: not yet verified), or
 * `unknown` (R4: the authoring system does not know the status — the value may be preliminary; a status
 * outside R4's codes says no more than that); undefined for a final, amended or corrected result, or no
 * status. A clinician would not want either value silent (a platelet count of 8 is acted on before it is
 * verified), nor quoted as if final. A status that says the result did not happen is rejected before.
 * @example
 * resultCaveat("preliminary"); // "preliminary"
 * resultCaveat("pending review"); // "unknown"
 */
export function resultCaveat(status: unknown): "preliminary" | "unknown" | undefined {
  if (status === undefined || (typeof status === "string" && FINAL_OBSERVATION.has(status))) return undefined;
  return status === "preliminary" ? "preliminary" : "unknown";
}

/**
 * The field and value that say a resource did not happen, or undefined.
 * @example
 * notDone({ resourceType: "Observation", status: "cancelled" }); // { field: "status", value: "cancelled" }
 * notDone({ resourceType: "MedicationRequest", status: "active", intent: "proposal" }); // { field: "intent", … }
 * notDone({ resourceType: "MedicationRequest", status: "active", doNotPerform: true }); // { field: "doNotPerform", … }
 */
export function notDone(resource: {
  readonly resourceType: string;
  readonly status?: unknown;
  readonly verificationStatus?: unknown;
  readonly intent?: unknown;
  readonly doNotPerform?: unknown;
}):
  | {
      readonly field: "status" | "verificationStatus" | "intent" | "doNotPerform";
      readonly value: string;
    }
  | undefined {
  if (resource.resourceType === "Condition") {
    const code = statusCode(resource.verificationStatus);
    return code !== undefined && REFUTED_CONDITION.has(code)
      ? { field: "verificationStatus", value: code }
      : undefined;
  }
  const { status, intent } = resource;
  if (typeof status === "string" && NOT_DONE_STATUSES[resource.resourceType]?.has(status))
    return { field: "status", value: status };
  // An order not to give the drug ("no heparin"): the opposite of a dose.
  if (resource.resourceType === "MedicationRequest" && resource.doNotPerform === true)
    return { field: "doNotPerform", value: "true" };
  return resource.resourceType === "MedicationRequest" &&
    typeof intent === "string" &&
    NOT_AN_ORDER.has(intent)
    ? { field: "intent", value: intent }
    : undefined;
}
