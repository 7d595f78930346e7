/**
 * The FHIR Bulk Data `$export` manifest (the JSON the status endpoint returns when the export is done,
 * https://hl7.org/fhir/uv/bulkdata/export.html#response---complete-status): recognised so that it is not
 * read as a resource, and its `output[]` files listed in its order. Paths are the caller's business.
 */

/** One `output[]` entry: the resource type it holds and where it is. */
export interface ManifestOutput {
  readonly type?: string;
  /** A `file:` URL, or a path (relative to the manifest's folder, or absolute). */
  readonly url: string;
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
 * The local files a manifest lists; remote URLs (which would have to be downloaded) and entries without
 * a url are listed apart, in words.
 * @example
 * manifestOutputs({ transactionTime: "…", output: [{ type: "Patient", url: "Patient.ndjson" }] });
 * // { outputs: [{ type: "Patient", url: "Patient.ndjson" }], unresolved: [] }
 */
export function manifestOutputs(manifest: unknown): {
  readonly outputs: readonly ManifestOutput[];
  readonly unresolved: readonly string[];
} {
  const output = (manifest as { output: unknown[] }).output;
  const outputs: ManifestOutput[] = [];
  const unresolved: string[] = [];
  for (const [i, item] of output.entries()) {
    const { url, type } = (item ?? {}) as { url?: unknown; type?: unknown };
    if (typeof url !== "string" || url === "") unresolved.push(`output[${i}] has no url`);
    else if (!url.startsWith("file:") && /^[a-z][a-z0-9+.-]*:\/\//i.test(url))
      unresolved.push(`output[${i}] is a remote file, not downloaded`);
    else outputs.push({ url, ...(typeof type === "string" && { type }) });
  }
  return { outputs, unresolved };
}
