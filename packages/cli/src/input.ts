/**
 * Finding and reading the CLI's inputs: files as named, directories searched recursively for .json,
 * .ndjson/.jsonl and .csv (sorted, so runs are reproducible), `-` for stdin; the format of each by
 * extension or, for stdin, by content; JSON parse errors reported with line and column, never with the
 * text around them.
 */
import { statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { parseJsonExact, type Rejection } from "@hemosentinel/core";
import { errnoCode } from "./errno.js";
import { locateJsonError } from "./json-error.js";
import { walkDirectory } from "./walk.js";

export type InputFormat = "json" | "ndjson" | "csv";

/**
 * One input to read: a file path or `-` (stdin), with its size when known (for progress); or an entry
 * found but not read (a FIFO or device, an unreadable directory, a symbolic link loop) and why.
 */
export interface InputSource {
  readonly path: string;
  readonly bytes: number;
  readonly problem?: Rejection;
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

/**
 * Expands the command-line inputs to the files to read, in order: each argument in turn, a directory's
 * files and unreadable entries sorted by path. A named path that does not exist, or no input at all, is a
 * UsageError. A named FIFO is read (as `<(…)` gives one); a named device or socket is not.
 * @example
 * discoverInputs(["examples"]); // [{ path: "examples/itp.json", bytes: 5120 }, …]
 */
export function discoverInputs(args: readonly string[]): InputSource[] {
  const sources: InputSource[] = [];
  const seen = new Set<string>();
  const dirs = new Map<string, string>();
  for (const arg of args) {
    if (arg === STDIN) {
      sources.push({ path: STDIN, bytes: 0 });
      continue;
    }
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(arg);
    } catch (e) {
      const code = errnoCode(e);
      throw new UsageError(
        `${arg}: ${code === "ENOENT" ? "no such file or directory" : `cannot access (${code})`}`,
      );
    }
    const found: InputSource[] = [];
    if (st.isDirectory()) walkDirectory(arg, (name) => formatOfName(name) !== undefined, dirs, found);
    else if (st.isFile() || st.isFIFO()) found.push({ path: arg, bytes: st.size });
    else throw new UsageError(`${arg}: not a file or directory (a device or socket is not read)`);
    found.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const source of found) {
      if (seen.has(source.path)) continue;
      seen.add(source.path);
      sources.push(source);
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

const NOT_UTF8 = 'the input is not UTF-8 text; save it as UTF-8 (a spreadsheet\'s "CSV UTF-8")';

/**
 * The bytes of a file as UTF-8 text, or why not. A byte UTF-8 never writes alone is refused, never read as
 * U+FFFD, which would silently turn `µmol/L` or `Hémoglobine` into another unit or word. It is named with its
 * line and with what it would be in Windows-1252 (a spreadsheet's default on Windows): as a hint only, since
 * other code pages read it otherwise (0xB5 is µ in Windows-1252 and Latin-1, Á in DOS code page 850).
 * @example
 * decodeUtf8(new Uint8Array([0x31, 0x32, 0x20, 0xb5, 0x6d])); // { why: "... line 1 has the byte 0xB5 (µ in Windows-1252) ..." }
 */
export function decodeUtf8(bytes: Uint8Array): string | { why: string } {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const at = firstNonUtf8(bytes);
    const byte = bytes[at] ?? 0;
    let line = 1;
    for (let i = 0; i < at; i++) if (bytes[i] === 0x0a) line++;
    const shown = new TextDecoder("windows-1252").decode(bytes.subarray(at, at + 1));
    const hex = byte.toString(16).toUpperCase().padStart(2, "0");
    return {
      why: `${NOT_UTF8}: line ${line} has the byte 0x${hex}${/\p{L}|\p{S}|\p{P}/u.test(shown) ? ` (${shown} in Windows-1252 or Latin-1)` : ""}, which is not UTF-8; the file was probably saved in a Windows or Latin-1 code page, and which one is not guessed`,
    };
  }
}

/** Whether `bytes` is whole UTF-8 (`stream`: a sequence cut at the end is allowed). */
function isUtf8(bytes: Uint8Array, stream: boolean): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream });
    return true;
  } catch {
    return false;
  }
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstNonUtf8(bytes: Uint8Array): number {
  // The longest prefix that may still continue as UTF-8 (validity of prefixes is monotone)...
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (isUtf8(bytes.subarray(0, mid), true)) lo = mid;
    else hi = mid - 1;
  }
  // ...less a sequence it leaves open (`é` written as the lone byte 0xE9 opens one that `s` cannot continue).
  let at = lo;
  while (at > 0 && lo - at < 4 && !isUtf8(bytes.subarray(0, at), false)) at--;
  return at;
}

/**
 * Reads one input; stdin text comes from `readStdin`. A file that cannot be read or is empty becomes a
 * Rejection (code `unreadable-file`, `empty-file`) so that the other inputs are still assessed, as does
 * an entry discovery found but did not read (its `problem`).
 */
export async function readInput(
  source: InputSource,
  readStdin: () => Promise<string>,
): Promise<InputDocument | Rejection> {
  if (source.problem !== undefined) return source.problem;
  const file = source.path === STDIN ? "<stdin>" : source.path;
  let text: string;
  try {
    if (source.path === STDIN) text = await readStdin();
    else {
      const decoded = decodeUtf8(await readFile(source.path));
      if (typeof decoded !== "string")
        return { ref: file, file, code: "unreadable-file", reason: decoded.why };
      text = decoded;
    }
  } catch (e) {
    return { ref: file, file, code: "unreadable-file", reason: `cannot read the file (${errnoCode(e)})` };
  }
  // Stdin is decoded as it arrives: a byte that was not UTF-8 is already U+FFFD, which no export writes.
  if (source.path === STDIN && text.includes("\uFFFD"))
    return {
      ref: file,
      file,
      code: "unreadable-file",
      reason: `${NOT_UTF8} (a byte that UTF-8 never writes)`,
    };
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === "") return { ref: file, file, code: "empty-file", reason: "the input is empty" };
  const format = formatOfName(source.path) ?? sniffFormat(text); // "-" (stdin) has no extension
  return { file, format, text };
}

/**
 * Parses one JSON text (a number a double cannot hold kept as its text, for the adapters to reject); on
 * failure a `malformed-json` Rejection naming line and column, quoting nothing.
 */
export function parseJson(text: string, file: string): { value: unknown } | { error: Rejection } {
  try {
    return { value: parseJsonExact(text) };
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
