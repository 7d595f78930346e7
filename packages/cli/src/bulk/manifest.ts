/**
 * The `$export` manifest's files as paths: the core recognises the manifest and lists its outputs; here
 * each local one becomes a path (relative ones joined to the manifest's folder).
 */
import { dirname, isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { manifestOutputs } from "@hemosentinel/core";

export interface ManifestFiles {
  /** Local files the manifest lists, relative ones joined to the manifest's folder. */
  readonly files: readonly string[];
  /** Entries that name no local file (an http URL that would have to be downloaded), in words. */
  readonly unresolved: readonly string[];
}

/** The path of a manifest's output `url` (a `file:` URL, an absolute path, or one relative to `base`). */
export function outputPath(url: string, base: string): string {
  if (url.startsWith("file:")) return fileURLToPath(url);
  return isAbsolute(url) ? url : join(base, url);
}

/**
 * The NDJSON files a manifest lists: `output[].url` as a path relative to the manifest, an absolute path
 * or a `file:` URL. Remote URLs are not fetched (the CLI reads local files only): they are listed apart.
 * @example
 * manifestFiles({ transactionTime: "…", output: [{ type: "Patient", url: "Patient.ndjson" }] }, "export/manifest.json");
 * // { files: ["export/Patient.ndjson"], unresolved: [] }
 */
export function manifestFiles(manifest: unknown, manifestPath: string): ManifestFiles {
  const { outputs, unresolved } = manifestOutputs(manifest);
  return { files: outputs.map((o) => outputPath(o.url, dirname(manifestPath))), unresolved };
}
