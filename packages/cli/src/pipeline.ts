/**
 * The CLI's findings about whole inputs, as the report lists them: files that hold no patient, resources
 * that belong to none, adapter failures contained to their file, and every problem as an input error.
 * The run itself is bulk/run.ts.
 */
import type { InputError, Rejection } from "@hemosentinel/core";
import { errorHeadline } from "./input.js";

/**
 * An input problem as the report states it. `source` says where: the file, an NDJSON or CSV line
 * (`export.ndjson:12`) or a bundle entry (`bundle.json#entry[3]`); adapters cite those in `ref`.
 * @example
 * inputErrorOf({ ref: "x.ndjson:3", file: "x.ndjson", code: "invalid-json", reason: "…" }).source; // "x.ndjson:3"
 */
export function inputErrorOf(r: Rejection): InputError {
  const { file, ref } = r;
  let source = ref;
  if (file !== undefined && file !== "" && !ref.startsWith(file))
    source = ref === "" ? file : `${file}#${ref}`;
  return { source, code: r.code, detail: r.reason };
}

/** Resource counts by type, for messages: "Organization 2, Practitioner 1". */
export function byType(ignored: Readonly<Record<string, number>>): string {
  return Object.entries(ignored)
    .map(([type, n]) => `${type} ${n}`)
    .join(", ");
}

/** A file that was read and understood but holds no patient, saying what it held instead. */
export function noPatient(file: string, ignored: Readonly<Record<string, number>> = {}): Rejection {
  const held = byType(ignored);
  return {
    ref: file,
    file,
    code: "no-patient",
    reason: `no patient in the input${held === "" ? "" : ` (only ${held})`}`,
  };
}

/** Resources of a file with patients that belong to none of them: said, so that none goes unseen. */
export function unattributed(file: string, ignored: Readonly<Record<string, number>>): Rejection {
  return {
    ref: file,
    file,
    code: "unattributed",
    reason: `resources that name no patient and that no patient's record refers to were not read: ${byType(ignored)}`,
  };
}

/** An adapter that threw on one file: recorded for that file so that the other files are still assessed. */
export function internalError(file: string, e: unknown): Rejection {
  return {
    ref: file,
    file,
    code: "internal-error",
    reason: `internal error while reading this file (${errorHeadline(e)}); the other inputs were assessed`,
  };
}
