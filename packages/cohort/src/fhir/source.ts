/**
 * A FHIR Bulk Data `$export` on disk: the folder of NDJSON files (one or more per resource type, gzipped
 * or not, any case: `Patient.ndjson`, `OBSERVATION.2.ndjson.gz`, `observation_3.jsonl`), with or without
 * the manifest that lists them, or the manifest itself. Files are read Medication first (records name
 * them), then Patient, then the rest in name order; a file both listed and found is read once.
 */
import { createReadStream, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { createGunzip } from "node:zlib";
import { isExportManifest, manifestOutputs } from "@hemosentinel/core";
import { CDM_TABLES } from "../cdm.js";

const NDJSON = /\.(ndjson|jsonl)(\.gz)?$/i;
const CDM_FILE = /^(.+?)\.(csv|csv\.gz|parquet)$/i;
/** A manifest is small; a larger JSON file is not opened to find out. */
const MANIFEST_MAX_BYTES = 16 * 1024 * 1024;

export interface ExportFiles {
  /** The NDJSON files to read, in reading order: absolute path and name as shown (relative to the source). */
  readonly files: readonly { readonly path: string; readonly name: string }[];
  /** What a manifest lists but cannot be read (a remote URL, a missing file), in words. */
  readonly problems: readonly string[];
}

function manifestOf(path: string): unknown {
  try {
    if (statSync(path).size > MANIFEST_MAX_BYTES) return undefined;
    const value: unknown = JSON.parse(readFileSync(path, "utf8"));
    return isExportManifest(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

function listing(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => statSync(join(dir, n)).isFile())
    .sort();
}

/**
 * Whether `src` is a FHIR export rather than an OMOP folder: a manifest, an NDJSON file, or a folder
 * with a manifest or with NDJSON files and no CDM table file (a generated cohort's `truth.ndjson` beside
 * its CSV files does not make it one).
 * @example
 * isFhirExport("export/"); // true for a folder of Patient.ndjson, Observation.ndjson, …
 */
export function isFhirExport(src: string): boolean {
  const st = statSync(src, { throwIfNoEntry: false });
  if (st === undefined) return false;
  if (st.isFile()) return NDJSON.test(src) || (/\.json$/i.test(src) && manifestOf(src) !== undefined);
  const names = listing(src);
  const tables = new Set<string>(CDM_TABLES);
  if (names.some((n) => tables.has(CDM_FILE.exec(n)?.[1]?.toLowerCase() ?? ""))) return false;
  return (
    names.some((n) => NDJSON.test(n)) ||
    names.some((n) => /\.json$/i.test(n) && manifestOf(join(src, n)) !== undefined)
  );
}

/** Reading order: Medication files first, then Patient files, then the rest by name. */
function rank(name: string): number {
  const type = basename(name).split(/[._]/)[0]?.toLowerCase();
  return type === "medication" ? 0 : type === "patient" ? 1 : 2;
}

/**
 * The files of an export at `src` (a folder, a manifest or one NDJSON file).
 * @example
 * exportFiles("export/").files.map((f) => f.name); // ["Medication.ndjson", "Patient.ndjson", "Observation.ndjson"]
 */
export function exportFiles(src: string): ExportFiles {
  const root = statSync(src).isFile() ? dirname(src) : src;
  const found = new Map<string, string>();
  const problems: string[] = [];
  const add = (path: string) => {
    const abs = resolve(path);
    if (!found.has(abs)) found.set(abs, relative(resolve(root), abs) || basename(abs));
  };
  const manifests: string[] = [];
  if (statSync(src).isFile()) {
    if (NDJSON.test(src)) add(src);
    else manifests.push(src);
  } else
    for (const n of listing(src)) {
      if (NDJSON.test(n)) add(join(src, n));
      else if (/\.json$/i.test(n) && manifestOf(join(src, n)) !== undefined) manifests.push(join(src, n));
    }
  for (const m of manifests) {
    const { outputs, unresolved } = manifestOutputs(manifestOf(m));
    problems.push(...unresolved.map((u) => `${basename(m)}: ${u}`));
    for (const o of outputs) {
      const path = o.url.startsWith("file:")
        ? fileURLToPath(o.url)
        : isAbsolute(o.url)
          ? o.url
          : join(dirname(m), o.url);
      if (statSync(path, { throwIfNoEntry: false })?.isFile()) add(path);
      else problems.push(`${basename(m)}: ${o.url} is listed but is not a file`);
    }
  }
  const files = [...found]
    .map(([path, name]) => ({ path, name }))
    .sort((a, b) => rank(a.name) - rank(b.name) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { files, problems };
}

/** A file's text in chunks, gunzipped when its name ends in `.gz`. */
export function textChunks(path: string): AsyncIterable<string> {
  const raw = createReadStream(path);
  const stream = /\.gz$/i.test(path) ? raw.pipe(createGunzip()) : raw;
  stream.setEncoding("utf8");
  raw.on("error", (e) => stream.destroy(e));
  return stream;
}
