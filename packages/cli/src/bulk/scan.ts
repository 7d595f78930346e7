/**
 * Reading the inputs of a run without holding them: NDJSON line by line, large JSON files through a
 * streaming parser (a Bundle's `entry` array, or a top-level array, one item at a time), an `$export`
 * manifest by the files it lists. Each resource goes to the Collector; a small JSON document that holds
 * its patients and everything they refer to (a Synthea bundle, a published case) is read whole by the
 * engine, as before, and only its normalized records are kept.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import {
  type AddResult,
  collectEntries,
  type Engine,
  type Entry,
  emptyEntryReason,
  isExportManifest,
  ndjsonLines,
  parseNdjsonLine,
  type Rejection,
} from "@hemosentinel/core";
import type JSONParser from "@streamparser/json/jsonparser.js";
import { errnoCode } from "../errno.js";
import { type InputSource, isRejection, parseJson, readInput } from "../input.js";
import { byType, internalError, noPatient, unattributed } from "../pipeline.js";
import type { Collector } from "./collector.js";
import { manifestFiles } from "./manifest.js";
import { placementOf } from "./placement.js";

/** Problems found while reading, in the order the report lists them (the CLI's own first). */
export interface Problems {
  readonly cliErrors: Rejection[];
  readonly adapterErrors: Rejection[];
  readonly internalErrors: string[];
}

export interface ScanOptions {
  /**
   * `auto`: self-contained JSON documents are read whole (one parse), everything else resource by
   * resource; `resources`: every FHIR input resource by resource (the tests compare the two).
   */
  readonly route: "auto" | "resources";
  /** JSON files above this size are parsed as a stream (never one string: V8 caps strings at 512 MB). */
  readonly streamJsonBytes: number;
  readonly read?: (source: InputSource) => void;
}

const STDIN = "-";

function fileOf(source: InputSource): string {
  return source.path === STDIN ? "<stdin>" : source.path;
}

/**
 * Whether a document's patients and everything its records name are in it, so that the engine can
 * read it on its own: it holds a Patient and every record's patient reference resolves inside it.
 */
function selfContained(entries: readonly Entry[]): boolean {
  const names = new Set<string>();
  const references: string[] = [];
  for (const e of entries) {
    const p = placementOf(e);
    if (p.kind === "patient") for (const n of p.names) names.add(n);
    else if (p.kind === "record") references.push(p.reference);
  }
  return names.size > 0 && references.every((r) => names.has(r));
}

export class Scanner {
  /** Files already read (by absolute path), so that a manifest and a folder walk do not read one twice. */
  private readonly seen = new Set<string>();

  constructor(
    private readonly engine: Engine,
    private readonly collector: Collector,
    private readonly problems: Problems,
    private readonly opts: ScanOptions,
  ) {}

  /** Reads every source in order (and the files of the manifests among them). */
  async scan(sources: readonly InputSource[], readStdin: () => Promise<string>): Promise<void> {
    for (const source of sources) {
      if (source.path !== STDIN) this.seen.add(resolve(source.path));
    }
    for (const source of sources) await this.scanOne(source, readStdin);
  }

  private async scanOne(source: InputSource, readStdin: () => Promise<string>): Promise<void> {
    const file = fileOf(source);
    this.collector.reading(file);
    // An entry discovery did not read (a FIFO, a device, a loop) goes the whole-document way, which reports
    // its problem: a stream opened on a FIFO would wait for a writer for ever.
    const readable = source.path !== STDIN && source.problem === undefined;
    try {
      if (readable && /\.(ndjson|jsonl)$/i.test(source.path)) await this.ndjsonFile(source.path);
      else if (readable && /\.json$/i.test(source.path) && source.bytes > this.opts.streamJsonBytes)
        await this.largeJson(source.path);
      else await this.whole(source, readStdin);
    } catch (e) {
      this.problems.internalErrors.push(e instanceof Error ? (e.stack ?? e.message) : String(e));
      this.problems.cliErrors.push(internalError(file, e));
    }
    this.opts.read?.(source);
  }

  /** An input read into memory: CSV, stdin, a JSON file of ordinary size. */
  private async whole(source: InputSource, readStdin: () => Promise<string>): Promise<void> {
    const doc = await readInput(source, readStdin);
    if (isRejection(doc)) {
      this.problems.cliErrors.push(doc);
      return;
    }
    if (doc.format === "csv") {
      this.document(this.engine.read({ kind: "csv", text: doc.text }, doc.file), doc.file);
      return;
    }
    if (doc.format === "ndjson") {
      const f = this.collector.fileNumber(doc.file);
      const lines = doc.text.split("\n");
      for (const [i, line] of lines.entries()) this.line(line, i + 1, doc.file, f);
      this.emptyNdjson(doc.file, f, lines);
      return;
    }
    const parsed = parseJson(doc.text, doc.file);
    if ("error" in parsed) {
      this.problems.cliErrors.push(parsed.error);
      return;
    }
    if (isExportManifest(parsed.value)) {
      await this.manifest(parsed.value, source.path);
      return;
    }
    const { entries, errors } = collectEntries(parsed.value, doc.file);
    if (this.opts.route === "auto" && selfContained(entries)) {
      this.document(this.engine.read({ kind: "fhir", value: parsed.value }, doc.file), doc.file);
      for (const e of entries)
        if (e.resource.resourceType === "Patient")
          this.collector.addDocumentPatient({ ...e, file: doc.file });
      return;
    }
    this.problems.adapterErrors.push(...errors);
    const f = this.collector.fileNumber(doc.file);
    for (const e of entries) this.collector.add({ ...e, file: doc.file }, f);
  }

  /** What the engine read of a whole document, with the CLI's findings about the file, as before. */
  private document(result: AddResult, file: string): void {
    this.problems.adapterErrors.push(...result.inputErrors);
    for (const record of result.patients) this.collector.addDocumentRecord(record);
    if (result.patients.length === 0 && result.inputErrors.length === 0)
      this.problems.cliErrors.push(noPatient(file, result.ignored));
    else if (result.patients.length > 0 && byType(result.ignored ?? {}) !== "")
      this.problems.cliErrors.push(unattributed(file, result.ignored ?? {}));
  }

  /** One NDJSON line (`line` from 1): its resources stored, or why it could not be read. */
  private line(text: string, line: number, file: string, f: number): void {
    const raw = (line === 1 && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).trim();
    if (raw === "") return;
    const parsed = parseNdjsonLine(raw, line, file);
    if ("error" in parsed) {
      this.problems.adapterErrors.push(parsed.error);
      return;
    }
    const { entries, errors } = collectEntries([parsed.value], file, [`line ${line}`]);
    this.problems.adapterErrors.push(...errors);
    // A line holding one resource is stored as written; a Bundle on one line, resource by resource.
    const asWritten = entries.length === 1 && entries[0]?.position === `line ${line}`;
    for (const e of entries) this.collector.add({ ...e, file }, f, asWritten ? raw : undefined);
  }

  /** An NDJSON input without a single non-blank line is an empty file, as before. */
  private emptyNdjson(file: string, f: number, lines: readonly string[] | number): void {
    const blank = typeof lines === "number" ? lines === 0 : lines.every((l) => l.trim() === "");
    if (blank && (this.collector.perFile[f] ?? 0) === 0)
      this.problems.cliErrors.push({ ref: file, file, code: "empty-file", reason: "the input is empty" });
  }

  private async ndjsonFile(path: string): Promise<void> {
    const f = this.collector.fileNumber(path);
    let line = 0;
    let nonBlank = 0;
    try {
      for await (const l of ndjsonLines(createReadStream(path, "utf8"))) {
        line = l.line;
        if (l.text.trim() !== "") nonBlank++;
        this.line(l.text, line, path, f);
      }
    } catch (e) {
      this.problems.cliErrors.push({
        ref: path,
        file: path,
        code: "unreadable-file",
        reason: `cannot read the file (${errnoCode(e)})${line > 0 ? ` after line ${line}` : ""}`,
      });
      return;
    }
    this.emptyNdjson(path, f, nonBlank);
  }

  /** The files an `$export` manifest lists, each read once; what it names but cannot be read, said. */
  private async manifest(value: unknown, path: string): Promise<void> {
    const { files, unresolved } = manifestFiles(value, path);
    for (const reason of unresolved)
      this.problems.cliErrors.push({ ref: path, file: path, code: "unreadable-file", reason });
    for (const file of files) {
      const key = resolve(file);
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      let bytes: number;
      try {
        bytes = (await stat(file)).size;
      } catch (e) {
        this.problems.cliErrors.push({
          ref: file,
          file,
          code: "unreadable-file",
          reason: `listed in the export manifest ${path} but cannot be read (${errnoCode(e)})`,
        });
        continue;
      }
      await this.scanOne({ path: file, bytes }, () => Promise.resolve(""));
    }
  }

  /**
   * A JSON file too large to read as one string: a Bundle's `entry[]` or a top-level array's items are
   * parsed one at a time. A single resource that large is no FHIR input anyone writes: said so.
   */
  private async largeJson(path: string): Promise<void> {
    const f = this.collector.fileNumber(path);
    // Loaded by the runs that need it only (start-up, bench/startup-bench.ts).
    const { default: Parser } = await import("@streamparser/json/jsonparser.js");
    let parser: JSONParser | undefined;
    let resourceType: unknown;
    let items = 0;
    let bytes = 0;
    const add = (value: unknown, position: string, fullUrl?: string): void => {
      items++;
      const { entries, errors } = collectEntries([value], path, [position]);
      this.problems.adapterErrors.push(...errors);
      for (const e of entries) {
        const top = fullUrl !== undefined && e.position === position;
        this.collector.add({ ...e, file: path, ...(top && { fullUrl }) }, f);
      }
    };
    const onEntry = (value: unknown, key: unknown): void => {
      const at = `entry[${String(key)}]`;
      const e = value as { resource?: unknown; fullUrl?: unknown } | null;
      if (typeof e !== "object" || e === null || Array.isArray(e) || e.resource === undefined) {
        items++;
        this.problems.adapterErrors.push({
          ref: `${path}#${at}`,
          file: path,
          code: "empty-entry",
          reason: emptyEntryReason(at, e),
        });
        return;
      }
      add(e.resource, at, typeof e.fullUrl === "string" ? e.fullUrl : undefined);
    };
    try {
      for await (const chunk of createReadStream(path)) {
        const buffer = chunk as Buffer;
        if (parser === undefined) {
          // The first significant character decides the shape: a Bundle (object) or an array.
          const text = buffer.toString("utf8", 0, Math.min(buffer.length, 64)).replace(/^\uFEFF/, "");
          const array = text.trimStart().startsWith("[");
          const p = new Parser({
            paths: array ? ["$.*"] : ["$.resourceType", "$.entry.*"],
            keepStack: false,
          });
          p.onValue = ({ value, key, stack }) => {
            if (array) add(value, `[${String(key)}]`);
            else if (stack.length === 1) resourceType = value;
            else onEntry(value, key);
          };
          parser = p;
          const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
          parser.write(bom > 0 ? buffer.subarray(bom) : buffer);
        } else parser.write(buffer);
        bytes += buffer.length;
      }
      parser?.end();
    } catch (e) {
      const io = (e as NodeJS.ErrnoException).code !== undefined;
      this.problems.cliErrors.push({
        ref: path,
        file: path,
        code: io ? "unreadable-file" : "malformed-json",
        reason: io
          ? `cannot read the file (${errnoCode(e)})`
          : `malformed JSON within the first ${bytes} bytes, after ${items} item(s) were read`,
      });
      return;
    }
    if (parser === undefined) {
      this.problems.cliErrors.push({
        ref: path,
        file: path,
        code: "empty-file",
        reason: "the input is empty",
      });
    } else if (resourceType !== undefined && resourceType !== "Bundle") {
      this.problems.adapterErrors.push({
        ref: path,
        file: path,
        code: "not-fhir",
        reason:
          "a single resource this large is not read: a large input must be a Bundle, an array or NDJSON",
      });
    } else if (items === 0 && (this.collector.perFile[f] ?? 0) === 0) {
      this.problems.cliErrors.push(noPatient(path));
    }
  }
}
