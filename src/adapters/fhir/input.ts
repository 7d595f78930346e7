/**
 * The shapes of FHIR input the adapter accepts — a Bundle of any type (nested bundles included), a single
 * resource, an array of resources, NDJSON text — flattened into one list of entries, with a clear error
 * for anything that is not FHIR.
 */
import type { Resource } from "@medplum/fhirtypes";
import type { Rejection } from "../../core/model.js";

/** One top-level resource of the input and where it was found. */
export interface Entry {
  readonly resource: Resource;
  readonly fullUrl?: string;
  /** Position in the input, for refs of resources without id (`entry[3]`, `line 12`, `[0]`). */
  readonly position: string;
}

/** The resource types HemoSentinel's input contract names; every other type is counted as ignored. */
export const KNOWN_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  "Patient",
  "Observation",
  "Condition",
  "Procedure",
  "MedicationAdministration",
  "MedicationRequest",
  "MedicationStatement",
  "Medication",
  "DiagnosticReport",
]);

/** FHIR R4 resource type names are PascalCase words. */
const RESOURCE_TYPE = /^[A-Z][A-Za-z]+$/;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function inputError(file: string | undefined, position: string, code: string, reason: string): Rejection {
  return {
    ref: file !== undefined ? `${file}#${position}` : position,
    code,
    reason,
    ...(file !== undefined && { file }),
  };
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  return typeof x === "object" ? "an object without resourceType" : `a ${typeof x}`;
}

/**
 * Flattens FHIR input into entries. Bundles of every type are opened (entries without a resource, e.g.
 * DELETE requests of a transaction, are reported); anything that is not a FHIR resource is an input error.
 */
export function collectEntries(input: unknown, file?: string): { entries: Entry[]; errors: Rejection[] } {
  const entries: Entry[] = [];
  const errors: Rejection[] = [];
  const visit = (x: unknown, position: string, fullUrl: string | undefined): void => {
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
          `resourceType "${x.resourceType}" is not a FHIR resource type`,
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
          errors.push(inputError(file, at, "empty-entry", `Bundle ${at} has no resource`));
          continue;
        }
        visit(e.resource, at, typeof e.fullUrl === "string" ? e.fullUrl : undefined);
      }
      return;
    }
    entries.push({
      resource: x as unknown as Resource,
      position: position === "" ? "resource" : position,
      ...(fullUrl !== undefined && { fullUrl }),
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
      for (let i = 0; i < input.length; i++) visit(input[i], `[${i}]`, undefined);
    }
  } else {
    visit(input, "", undefined);
  }
  return { entries, errors };
}

/**
 * Parses NDJSON (one FHIR resource per line, as in Bulk Data export). Blank lines are skipped; a line
 * that is not JSON is reported with its line number and the others are still read.
 * @example
 * const { resources, errors } = parseNdjson(text, "Observation.ndjson");
 */
export function parseNdjson(text: string, file: string): { resources: unknown[]; errors: Rejection[] } {
  const resources: unknown[] = [];
  const errors: Rejection[] = [];
  let line = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = text.length;
    line++;
    const raw = text.slice(start, end).trim();
    if (raw !== "") {
      try {
        resources.push(JSON.parse(raw));
      } catch (e) {
        errors.push({
          ref: `${file}#L${line}`,
          code: "invalid-json",
          reason: `line ${line} is not valid JSON: ${(e as Error).message}`,
          file,
        });
      }
    }
    start = end + 1;
  }
  return { resources, errors };
}
