/**
 * Finding and reading the CLI's inputs: files as named, directories searched recursively for .json,
 * .ndjson/.jsonl and .csv (sorted, so runs are reproducible), `-` for stdin; the format of each by
 * extension or, for stdin, by content; JSON parse errors reported with line and column, never with the
 * text around them.
 */
import { type Dirent, readdirSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import type { Rejection } from "@hemosentinel/core";
import { locateJsonError } from "./json-error.js";

export type InputFormat = "json" | "ndjson" | "csv";

/** One input to read: a file path or `-` (stdin), with its size when known (for progress). */
export interface InputSource {
  readonly path: string;
  readonly bytes: number;
}

/** One input read into memory. */
export interface InputDocument {
  readonly file: string;
  readonly format: InputFormat;
  readonly text: string;
}

/** A problem with how the CLI was called (exit code 2). */
export class UsageError extends Error {
  override name = "UsageError";
}

/** The system error code of a failed file operation (`ENOENT`, `EACCES`), or "error". */
export function errnoCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? "error";
}

/** "TypeError: the first line of the message", for one-line reports of an unexpected error. */
export function errorHeadline(e: unknown): string {
  const err = e instanceof Error ? e : new Error(String(e));
  return `${err.name}: ${err.message.split("\n")[0]}`;
}

const STDIN = "-";
const FORMAT_BY_EXTENSION: Readonly<Record<string, InputFormat>> = {
  ".json": "json",
  ".ndjson": "ndjson",
  ".jsonl": "ndjson",
  ".csv": "csv",
};

/** The input format a file name implies, or undefined for other files. */
function formatOfName(path: string): InputFormat | undefined {
  return FORMAT_BY_EXTENSION[extname(path).toLowerCase()];
}

function walk(dir: string, out: string[]): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new UsageError(`${dir}: cannot read directory (${errnoCode(e)})`);
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (formatOfName(entry.name) !== undefined) out.push(path);
  }
}

/**
 * Expands the command-line inputs to the files to read, in order: each argument in turn, a directory's
 * files sorted by path. A named path that does not exist, or no input at all, is a UsageError.
 * @example
 * discoverInputs(["examples"]); // [{ path: "examples/itp.json", bytes: 5120 }, …]
 */
export function discoverInputs(args: readonly string[]): InputSource[] {
  const sources: InputSource[] = [];
  const seen = new Set<string>();
  for (const arg of args) {
    if (arg === STDIN) {
      sources.push({ path: STDIN, bytes: 0 });
      continue;
    }
    let isDir: boolean;
    try {
      isDir = statSync(arg).isDirectory();
    } catch (e) {
      const code = errnoCode(e);
      throw new UsageError(
        `${arg}: ${code === "ENOENT" ? "no such file or directory" : `cannot access (${code})`}`,
      );
    }
    const files: string[] = [];
    if (isDir) walk(arg, files);
    else files.push(arg);
    files.sort();
    for (const path of files) {
      if (seen.has(path)) continue;
      seen.add(path);
      sources.push({ path, bytes: statSync(path).size });
    }
  }
  if (sources.length === 0) throw new UsageError(`no .json, .ndjson or .csv file in ${args.join(", ")}`);
  return sources;
}

/** The format of text without a telling file name (stdin): JSON, NDJSON (one JSON object a line) or CSV. */
export function sniffFormat(text: string): InputFormat {
  const start = text.trimStart();
  if (!start.startsWith("{") && !start.startsWith("[")) return "csv";
  const lines = start.split("\n").filter((l) => l.trim() !== "");
  if (lines.length < 2) return "json";
  try {
    const first: unknown = JSON.parse(lines[0] ?? "");
    return typeof first === "object" && first !== null && !Array.isArray(first) ? "ndjson" : "json";
  } catch {
    return "json";
  }
}

/**
 * Reads one input; stdin text comes from `readStdin`. A file that cannot be read or is empty becomes a
 * Rejection (code `unreadable-file`, `empty-file`) so that the other inputs are still assessed.
 */
export async function readInput(
  source: InputSource,
  readStdin: () => Promise<string>,
): Promise<InputDocument | Rejection> {
  const file = source.path === STDIN ? "<stdin>" : source.path;
  let text: string;
  try {
    text = source.path === STDIN ? await readStdin() : await readFile(source.path, "utf8");
  } catch (e) {
    return { ref: file, file, code: "unreadable-file", reason: `cannot read the file (${errnoCode(e)})` };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") return { ref: file, file, code: "empty-file", reason: "the input is empty" };
  const format = formatOfName(source.path) ?? sniffFormat(text); // "-" (stdin) has no extension
  return { file, format, text };
}

/** Parses one JSON text; on failure a `malformed-json` Rejection naming line and column, quoting nothing. */
export function parseJson(text: string, file: string): { value: unknown } | { error: Rejection } {
  try {
    return { value: JSON.parse(text) };
  } catch {
    const e = locateJsonError(text);
    const where = e === undefined ? "" : ` at line ${e.line}, column ${e.column}: ${e.message}`;
    return { error: { ref: file, file, code: "malformed-json", reason: `malformed JSON${where}` } };
  }
}

/** Whether a result is a rejection rather than what was asked for (a document, an ingest result). */
export function isRejection<T extends object>(x: T | Rejection): x is Rejection {
  return "code" in x && "reason" in x;
}
