/**
 * Where one resource of a bulk export goes before the patients are assembled: a Patient starts its
 * patient's group, a record joins the group of the patient its `subject` (`patient`, `beneficiary`)
 * names, and a resource that names no patient (a Medication, an Organization) is shared: it joins the
 * groups whose resources refer to it. References are compared as the core resolves them: `Type/id`
 * whether relative or at the end of an absolute URL (without `/_history/n`), `urn:uuid:…` as written.
 */
import { type Entry, identifierSearch, KNOWN_RESOURCE_TYPES, patientField } from "@hemosentinel/core";

/** The record types the core reads for the patient their `subject` names (Patient and Medication apart). */
const SUBJECT_TYPES: ReadonlySet<string> = new Set(
  [...KNOWN_RESOURCE_TYPES].filter((t) => t !== "Patient" && t !== "Medication"),
);
/** Fields through which other resource types name their patient, in the order the core tries them. */
const PATIENT_FIELDS = ["subject", "patient", "beneficiary"] as const;
const HISTORY = /\/_history\/[^/]+$/;
const TYPE_ID_TAIL = /([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/;
const URN_OR_URL_ID = /([^/:]+)$/;
/** Prefix of a group key made from an identifier, so that it never equals a literal reference. */
export const IDENTIFIER = "\u0002identifier:";

export type Placement =
  /** A Patient: `id` is its patient id, `names` every name a reference may give it. */
  | { readonly kind: "patient"; readonly id: string; readonly names: readonly string[] }
  /** A record of the patient that `reference` names ("" when it names none). */
  | { readonly kind: "record"; readonly reference: string }
  /** A resource that names no patient, known by `names`. */
  | { readonly kind: "shared"; readonly names: readonly string[] };

/**
 * A literal reference as groups compare them: `Type/id` when it ends so, else as written.
 * @example
 * referenceKey("https://fhir.example.org/Patient/7/_history/2"); // "Patient/7"
 * referenceKey("urn:uuid:5c55a67c"); // "urn:uuid:5c55a67c"
 */
export function referenceKey(reference: string): string {
  const trimmed = reference.replace(HISTORY, "");
  const tail = TYPE_ID_TAIL.exec(trimmed);
  return tail ? `${tail[1]}/${tail[2]}` : trimmed;
}

function literalOf(value: unknown): string | undefined {
  const ref = (value as { reference?: unknown } | undefined)?.reference;
  return typeof ref === "string" && ref !== "" ? ref : undefined;
}

/** The group key of an identifier (`system|value`, `|value` without a system), or undefined without a value. */
function identifierKey(identifier: unknown): string | undefined {
  if (identifier === null || typeof identifier !== "object") return undefined;
  const { system, value } = identifier as { system?: unknown; value?: unknown };
  if (typeof value !== "string" || value === "") return undefined;
  return `${IDENTIFIER}${typeof system === "string" ? system : ""}|${value}`;
}

/**
 * The key of a reference: a transaction's conditional one by identifier (`Patient?identifier=http://x|123`,
 * read by the core's {@link identifierSearch}) is the identifier's key, as a Patient with that identifier is
 * named, percent-encoded or not; any other its `Type/id`.
 */
function targetKey(target: string): string {
  const search = identifierSearch(target);
  if (search === undefined) return referenceKey(target);
  const { token } = search;
  return `${IDENTIFIER}${token.includes("|") ? token : `|${token}`}`;
}

/**
 * The key a record's patient reference is grouped by: its literal reference, else the identifier of a
 * logical reference (R4 `Reference.identifier`, which the core matches against the Patients' identifiers).
 */
function subjectKey(value: unknown): string | undefined {
  const target = literalOf(value);
  if (target !== undefined) return targetKey(target);
  return identifierKey((value as { identifier?: unknown } | null | undefined)?.identifier);
}

/** The identifier keys a logical reference may name a Patient by: `system|value`, and `|value`. */
function identifierNames(patient: unknown): string[] {
  const ids = (patient as { identifier?: unknown }).identifier;
  if (!Array.isArray(ids)) return [];
  const names = new Set<string>();
  for (const id of ids) {
    const key = identifierKey(id);
    if (key === undefined) continue;
    names.add(key);
    names.add(`${IDENTIFIER}|${(id as { value: string }).value}`);
  }
  return [...names];
}

/**
 * Every name a reference may use for this resource: `Type/id`, its fullUrl, the fullUrl's `Type/id`.
 * @example
 * namesOf({ resource: { resourceType: "Observation", id: "o1" }, position: "line 1" }); // ["Observation/o1"]
 */
export function namesOf(entry: Entry): string[] {
  const { resourceType, id } = entry.resource;
  const names: string[] = [];
  if (id !== undefined && id !== "") names.push(`${resourceType}/${id}`);
  if (entry.fullUrl !== undefined) {
    names.push(entry.fullUrl);
    const key = referenceKey(entry.fullUrl);
    if (key !== entry.fullUrl && key.startsWith(`${resourceType}/`)) names.push(key);
  }
  return names;
}

/**
 * Where `entry` goes.
 * @example
 * placementOf({ resource: { resourceType: "Observation", subject: { reference: "Patient/7" } }, position: "line 1" });
 * // { kind: "record", reference: "Patient/7" }
 */
export function placementOf(entry: Entry): Placement {
  const r = entry.resource as unknown as Record<string, unknown>;
  const type = entry.resource.resourceType;
  if (type === "Patient") {
    const own = entry.resource.id;
    const id =
      own !== undefined && own !== ""
        ? own
        : entry.fullUrl === undefined
          ? undefined
          : URN_OR_URL_ID.exec(entry.fullUrl)?.[1];
    // A Patient without any id is an input error of its own group (the core says so).
    return id === undefined
      ? { kind: "record", reference: "" }
      : {
          kind: "patient",
          id,
          names: [
            ...namesOf(entry).map(referenceKey),
            ...identifierNames(r),
            ...(entry.conditional === undefined ? [] : [entry.conditional, targetKey(entry.conditional)]),
          ],
        };
  }
  if (SUBJECT_TYPES.has(type)) {
    return { kind: "record", reference: subjectKey(r[patientField(type)]) ?? "" };
  }
  if (type !== "Medication") {
    for (const field of PATIENT_FIELDS) {
      const target = literalOf(r[field]);
      if (target !== undefined) return { kind: "record", reference: referenceKey(target) };
    }
  }
  return { kind: "shared", names: namesOf(entry).map(referenceKey) };
}
