/**
 * A file or pasted text as one engine document: FHIR JSON, NDJSON or the CSV format. The format comes
 * from the file name when it tells one (.json, .ndjson / .jsonl, .csv), else from the content. What cannot
 * be read becomes an input error naming the source and what is wrong, so the other files still count.
 */
import type { Document, InputError } from "@hemosentinel/core";

/** A file as read by the browser, or pasted text (named `pasted text`). */
export interface SourceText {
  readonly name: string;
  readonly text: string;
}

export type ReadResult =
  | { readonly ok: true; readonly document: Document }
  | { readonly ok: false; readonly error: InputError };

const READABLE =
  "HemoSentinel reads FHIR R4 JSON (.json), NDJSON bulk exports (.ndjson, .jsonl) and its CSV format (.csv)";

function formatOfName(name: string): "json" | "ndjson" | "csv" | "other" | undefined {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase();
  if (ext === undefined) return undefined;
  if (ext === "json") return "json";
  if (ext === "ndjson" || ext === "jsonl") return "ndjson";
  if (ext === "csv") return "csv";
  return ext === "txt" ? undefined : "other";
}

function failure(source: string, code: InputError["code"], detail: string): ReadResult {
  return { ok: false, error: { source, code, detail } };
}

/** JSON.parse of `text`, or the parser's own account of where it broke. */
function parseJson(text: string): { value: unknown } | { message: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    return { message: e instanceof Error ? e.message : String(e) };
  }
}

/** Text whose every non-blank line is a JSON object: an NDJSON export. */
function looksLikeNdjson(text: string): boolean {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  return lines.length > 1 && lines.every((l) => l.trimStart().startsWith("{") && l.trimEnd().endsWith("}"));
}

/**
 * Reads one source into an engine document, or says why it cannot be.
 * @example
 * readDocument({ name: "patient.json", text: '{"resourceType":"Bundle"}' }); // { ok: true, document: { kind: "fhir", … } }
 */
export function readDocument(source: SourceText): ReadResult {
  const { name } = source;
  const text = source.text.charCodeAt(0) === 0xfeff ? source.text.slice(1) : source.text;
  if (text.trim() === "") return failure(name, "empty-file", "the file is empty");
  let format = formatOfName(name);
  if (format === "other")
    return failure(name, "unreadable-file", `not a file type HemoSentinel reads: ${READABLE}`);
  if (text.includes("\u0000"))
    return failure(name, "unreadable-file", `binary content, not text: ${READABLE}`);
  if (format === undefined) {
    const start = text.trimStart()[0];
    format = start === "{" || start === "[" ? (looksLikeNdjson(text) ? "ndjson" : "json") : "csv";
  }
  if (format === "ndjson") return { ok: true, document: { kind: "ndjson", text } };
  if (format === "csv") return { ok: true, document: { kind: "csv", text } };
  const parsed = parseJson(text);
  if ("message" in parsed) {
    // A .json file that is really NDJSON (one resource a line) is read as such.
    if (looksLikeNdjson(text)) return { ok: true, document: { kind: "ndjson", text } };
    return failure(name, "malformed-json", `not valid JSON (${parsed.message})`);
  }
  return { ok: true, document: { kind: "fhir", value: parsed.value } };
}
