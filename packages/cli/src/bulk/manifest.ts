/**
 * The FHIR Bulk Data `$export` manifest (the JSON the status endpoint returns when the export is done):
 * recognised so that it is not read as a resource, and its `output[]` files read in its order.
 */
import { dirname, isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface ManifestFiles {
  /** Local files the manifest lists, relative ones joined to the manifest's folder. */
  readonly files: readonly string[];
  /** Entries that name no local file (an http URL that would have to be downloaded), in words. */
  readonly unresolved: readonly string[];
}

/**
 * Whether a parsed JSON file is an `$export` manifest: an object with `transactionTime` and an
 * `output` array, and no `resourceType`.
 */
export function isExportManifest(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const o = value as Record<string, unknown>;
  return o.resourceType === undefined && typeof o.transactionTime === "string" && Array.isArray(o.output);
}

/**
 * The NDJSON files a manifest lists: `output[].url` as a path relative to the manifest, an absolute path
 * or a `file:` URL. Remote URLs are not fetched (the CLI reads local files only): they are listed apart.
 * @example
 * manifestFiles({ transactionTime: "…", output: [{ type: "Patient", url: "Patient.ndjson" }] }, "export/manifest.json");
 * // { files: ["export/Patient.ndjson"], unresolved: [] }
 */
export function manifestFiles(manifest: unknown, manifestPath: string): ManifestFiles {
  const output = (manifest as { output: unknown[] }).output;
  const base = dirname(manifestPath);
  const files: string[] = [];
  const unresolved: string[] = [];
  for (const [i, item] of output.entries()) {
    const url = (item as { url?: unknown } | null)?.url;
    if (typeof url !== "string" || url === "") {
      unresolved.push(`output[${i}] has no url`);
      continue;
    }
    if (url.startsWith("file:")) files.push(fileURLToPath(url));
    else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url))
      unresolved.push(`output[${i}] is a remote file, not downloaded`);
    else files.push(isAbsolute(url) ? url : join(base, url));
  }
  return { files, unresolved };
}
