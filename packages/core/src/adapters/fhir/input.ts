/**
 * The shapes of FHIR input the adapter accepts — a Bundle of any type (nested bundles included), a single
 * resource, an array of resources, NDJSON text — flattened into one list of entries, with a clear error
 * for anything that is not FHIR.
 */
import type { Resource } from "@medplum/fhirtypes";
import type { Rejection } from "../../contracts/model.js";
import type { RejectionCode } from "../../contracts/rejection-codes.js";
import { parseJsonExact } from "../json-numbers.js";
import { quoteInput } from "../quote.js";

/** One resource of the input and where it was found. */
export interface Entry {
  readonly resource: Resource;
  readonly fullUrl?: string;
  /** Position in the input, for refs of resources without id (`entry[3]`, `line 12`, `[0]`). */
  readonly position: string;
  /** The file it came from, when one ingestion reads resources of several files (a bulk export). */
  readonly file?: string;
  /**
   * The search a transaction entry's conditional update or create names (`request.url`
   * `Patient?identifier=http://x|123`, or `request.ifNoneExist`), by which the transaction's other entries
   * may reference it (FHIR R4 http.html#trules: a conditional reference is resolved by that search).
   */
  readonly conditional?: string;
}

/** The conditional search of a Bundle entry's request (`Type?params`), if it names one. */
function conditionalOf(entry: Record<string, unknown>, resource: unknown): string | undefined {
  const request = isRecord(entry.request) ? entry.request : undefined;
  if (request === undefined) return undefined;
  const type =
    isRecord(resource) && typeof resource.resourceType === "string" ? resource.resourceType : undefined;
  if (typeof request.url === "string" && request.url.includes("?")) return request.url;
  if (typeof request.ifNoneExist === "string" && type !== undefined)
    return `${type}?${request.ifNoneExist.replace(/^\?/, "")}`;
  return undefined;
}

/** `line 12`, or `line 12.entry[0]` inside a Bundle on that line. */
const LINE = /^line (\d+)(?:\.(.+))?$/;

/**
 * Where a position is, as messages cite it: `file:12` for an NDJSON line, `file#entry[3]` otherwise.
 * @example
 * locate("export.ndjson", "line 12"); // "export.ndjson:12"
 * locate("bundle.json", "entry[3]"); // "bundle.json#entry[3]"
 */
export function locate(file: string | undefined, position: string): string {
  const line = LINE.exec(position);
  if (line) return `${file ?? "input"}:${line[1]}${line[2] === undefined ? "" : `#${line[2]}`}`;
  return position === "" ? (file ?? "input") : `${file ?? "input"}#${position}`;
}

/**
 * The resources `host` contains (`host.contained[]`) with their index there. Input is unvalidated JSON:
 * an item that is not a resource is no record and is left out.
 */
export function containedResources(host: Resource): { resource: Resource; index: number }[] {
  const list: unknown = (host as { contained?: unknown }).contained;
  if (!Array.isArray(list)) return [];
  const out: { resource: Resource; index: number }[] = [];
  for (let index = 0; index < list.length; index++) {
    const c: unknown = list[index];
    if (
      isRecord(c) &&
      typeof c.resourceType === "string" &&
      RESOURCE_TYPE.test(c.resourceType) &&
      hasStringId(c)
    )
      out.push({ resource: c as unknown as Resource, index });
  }
  return out;
}

/** The resources contained in `host`, as entries positioned inside it (`entry[2].contained[0]`). */
export function containedEntries(host: Entry): Entry[] {
  return containedResources(host.resource).map(({ resource, index }) => ({
    resource,
    position: `${host.position}.contained[${index}]`,
    ...(host.file !== undefined && { file: host.file }),
  }));
}

/** The resource types HemoSentinel's input contract names; every other type is counted as ignored. */
export const KNOWN_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  "Patient",
  "Observation",
  "Condition",
  "Procedure",
  "ServiceRequest",
  "MedicationAdministration",
  "MedicationRequest",
  "MedicationStatement",
  "Medication",
  "DiagnosticReport",
  "AllergyIntolerance",
  "AdverseEvent",
]);

/**
 * The field through which a record of a contract type names its patient: `patient` for an
 * AllergyIntolerance (R4), `subject` for every other.
 * @example
 * patientField("AllergyIntolerance"); // "patient"
 */
export function patientField(type: string): "patient" | "subject" {
  return type === "AllergyIntolerance" ? "patient" : "subject";
}

/** FHIR R4 resource type names are PascalCase words. */
const RESOURCE_TYPE = /^[A-Z][A-Za-z]+$/;

/** A JSON object (not an array, not null). */
export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** A FHIR id is a string: any other value cannot name the resource (nor be written into a reference). */
function hasStringId(x: Record<string, unknown>): boolean {
  return x.id === undefined || typeof x.id === "string";
}

function inputError(
  file: string | undefined,
  position: string,
  code: RejectionCode,
  reason: string,
): Rejection {
  return { ref: locate(file, position), code, reason, ...(file !== undefined && { file }) };
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  return typeof x === "object" ? "an object without resourceType" : `a ${typeof x}`;
}

/**
 * Why a Bundle entry at `at` holds no resource, in words: a transaction's or batch's request (a DELETE,
 * a GET) is named, since HemoSentinel reads resources and never carries a request out — a resource a
 * DELETE names elsewhere in the input is still read.
 * @example
 * emptyEntryReason("entry[0]", { request: { method: "DELETE", url: "Observation/1" } });
 * // 'Bundle entry[0] has no resource: its request DELETE "Observation/1" is not carried out (…)'
 */
export function emptyEntryReason(at: string, entry: unknown): string {
  const response = isRecord(entry) && isRecord(entry.response) ? entry.response : undefined;
  if (response !== undefined && typeof response.status === "string") {
    // A batch or transaction response's entry for an interaction that returned nothing: a failed search
    // or read (`404 Not Found`, `500`) means records the export should hold are missing.
    const outcome = isRecord(response.outcome) ? response.outcome : undefined;
    const issues = Array.isArray(outcome?.issue) ? (outcome.issue as unknown[]).filter(isRecord) : [];
    const said = issues
      .flatMap((i) => [i.code, i.diagnostics].filter((x): x is string => typeof x === "string"))
      .join(" — ");
    const ok = /^2\d\d\b/.test(response.status.trim());
    return `Bundle ${at} has no resource: its response status is ${quoteInput(response.status)}${said === "" ? "" : ` (${quoteInput(said)})`}${ok ? "" : "; what the interaction should have returned is not in the input, so records may be missing"}`;
  }
  const request = isRecord(entry) && isRecord(entry.request) ? entry.request : undefined;
  const method = typeof request?.method === "string" ? request.method : undefined;
  const url = typeof request?.url === "string" ? request.url : undefined;
  if (method === undefined && url === undefined) return `Bundle ${at} has no resource`;
  const what = [method, url === undefined ? undefined : quoteInput(url)].filter((x) => x !== undefined);
  return `Bundle ${at} has no resource: its request ${what.join(" ")} is not carried out (HemoSentinel reads resources; a resource it names elsewhere in the input is still read)`;
}

/**
 * Flattens FHIR input into entries. Bundles of every type are opened (entries without a resource, e.g.
 * DELETE requests of a transaction, are reported); anything that is not a FHIR resource is an input error.
 * `positions` names the items of an array input (NDJSON lines); `[i]` otherwise.
 */
export function collectEntries(
  input: unknown,
  file?: string,
  positions?: readonly string[],
): { entries: Entry[]; errors: Rejection[] } {
  const entries: Entry[] = [];
  const errors: Rejection[] = [];
  const visit = (x: unknown, position: string, fullUrl: string | undefined, conditional?: string): void => {
    if (!isRecord(x) || typeof x.resourceType !== "string") {
      errors.push(
        inputError(
          file,
          position,
          "not-fhir",
          `${position === "" ? "input" : position} is ${describe(x)}, not a FHIR resource`,
        ),
      );
      return;
    }
    if (!RESOURCE_TYPE.test(x.resourceType)) {
      errors.push(
        inputError(
          file,
          position,
          "not-fhir",
          `resourceType ${quoteInput(x.resourceType)} is not a FHIR resource type`,
        ),
      );
      return;
    }
    if (x.resourceType === "Bundle") {
      const list = x.entry;
      if (list === undefined) return;
      if (!Array.isArray(list)) {
        errors.push(inputError(file, position, "not-fhir", "Bundle.entry is not an array"));
        return;
      }
      const prefix = position === "" ? "" : `${position}.`;
      for (let i = 0; i < list.length; i++) {
        const e: unknown = list[i];
        const at = `${prefix}entry[${i}]`;
        if (!isRecord(e) || e.resource === undefined) {
          errors.push(inputError(file, at, "empty-entry", emptyEntryReason(at, e)));
          continue;
        }
        visit(
          e.resource,
          at,
          typeof e.fullUrl === "string" ? e.fullUrl : undefined,
          conditionalOf(e, e.resource),
        );
      }
      return;
    }
    if (!hasStringId(x)) {
      const what =
        x.id === null
          ? "null"
          : Array.isArray(x.id)
            ? "an array"
            : typeof x.id === "object"
              ? "an object"
              : `a ${typeof x.id}`;
      errors.push(
        inputError(
          file,
          position,
          "not-fhir",
          `${x.resourceType}.id is ${what}, not a string: no resource can be named by it`,
        ),
      );
      return;
    }
    entries.push({
      resource: x as unknown as Resource,
      position: position === "" ? "resource" : position,
      ...(fullUrl !== undefined && { fullUrl }),
      ...(conditional !== undefined && { conditional }),
    });
  };
  if (Array.isArray(input)) {
    if (input.length > 0 && input.every((x) => !isRecord(x))) {
      errors.push(
        inputError(
          file,
          "",
          "not-fhir",
          `input is an array of ${describe(input[0])} values, not FHIR resources`,
        ),
      );
    } else {
      for (let i = 0; i < input.length; i++) visit(input[i], positions?.[i] ?? `[${i}]`, undefined);
    }
  } else {
    visit(input, "", undefined);
  }
  return { entries, errors };
}

/**
 * Parses NDJSON (one FHIR resource per line, as in Bulk Data export). Blank lines are skipped; a line
 * that is not JSON is reported as `file:LINE` and the others are still read. `positions` names the line
 * of each resource (`line 12`), for collectEntries.
 * @example
 * const { resources, positions, errors } = parseNdjson(text, "Observation.ndjson");
 */
export function parseNdjson(
  text: string,
  file: string,
): { resources: unknown[]; positions: string[]; errors: Rejection[] } {
  const resources: unknown[] = [];
  const positions: string[] = [];
  const errors: Rejection[] = [];
  let line = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    line++;
    const raw = text.slice(start, end).trim();
    if (raw !== "") {
      const parsed = parseNdjsonLine(raw, line, file);
      if ("error" in parsed) errors.push(parsed.error);
      else {
        resources.push(parsed.value);
        positions.push(`line ${line}`);
      }
    }
    start = end + 1;
  }
  return { resources, positions, errors };
}

/**
 * One non-blank NDJSON line (`line` counted from 1) parsed, or the `invalid-json` input error citing it.
 * @example
 * parseNdjsonLine('{"resourceType":"Patient"}', 1, "Patient.ndjson"); // { value: { resourceType: "Patient" } }
 */
export function parseNdjsonLine(
  raw: string,
  line: number,
  file: string,
): { readonly value: unknown } | { readonly error: Rejection } {
  try {
    return { value: parseJsonExact(raw) };
  } catch (e) {
    return {
      error: {
        ref: locate(file, `line ${line}`),
        code: "invalid-json",
        reason: `line ${line} is not valid JSON: ${(e as Error).message}`,
        file,
      },
    };
  }
}
