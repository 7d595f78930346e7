/**
 * Results and versions of a FHIR export the core's adapter does not read (core `withdrawnResults` and
 * `withdrawnVersions`): a result whose report or panel was entered in error or cancelled (unless a report
 * that stands lists it too), and a version of a record replaced, or withdrawn, by a later version of it. The
 * import maps one resource at a time, and a report may come in a file read after its results, so they are
 * found before the mapping: a first pass keeps the reports and panels and counts the ids of the record types
 * the mapping reads; only when a report or panel is withdrawn, or an id repeats, a second pass keeps the
 * resources they name and the repeated versions. The core's own rules then decide over the core's index of
 * what was kept, so the import withdraws exactly what `assess` withdraws.
 */
import {
  collectEntries,
  type Entry,
  KNOWN_RESOURCE_TYPES,
  ndjsonLines,
  parseNdjsonLine,
  ResourceIndex,
  referencesIn,
  WITHDRAWN_CONTAINER,
  withdrawnResults,
  withdrawnVersions,
} from "@hemosentinel/core";
import { textChunks } from "./source.js";

type Resource = Entry["resource"];

/** The summary's grouping of a result withdrawn with its report or panel. */
export const WITHDRAWN_RESULT = "withdrawn with its report or panel (entered in error or cancelled)";
/** The summary's grouping of a version a later version of the same record replaces or withdraws. */
export const REPLACED_VERSION = "withdrawn or replaced by another version of the same record";

/** Why a resource is not read: the summary's grouping and the core's reason for this resource. */
export interface Withdrawal {
  readonly detail: string;
  readonly reason: string;
}

/**
 * Record types whose versions the core reads: its contract's records (a repeated Patient is the CDM import's
 * duplicate-id, a Medication a lookup, an AdverseEvent and a ServiceRequest not mapped).
 */
const VERSIONED: ReadonlySet<string> = new Set(
  [...KNOWN_RESOURCE_TYPES].filter(
    (t) => !["Patient", "Medication", "AdverseEvent", "ServiceRequest"].includes(t),
  ),
);
const HISTORY = /\/_history\/[^/]+$/;

/**
 * Where a resource is in the export: its file's number and its position there (`line 3`).
 * @example
 * locationOf(2, { resource, position: "line 3" }); // "2\u0000line 3"
 */
export function locationOf(file: number, entry: Pick<Entry, "position">): string {
  return `${file}\u0000${entry.position}`;
}

/** Every resource of the files, as the mapping pass reads them; lines that hold none are skipped (it names them). */
async function* entriesOf(
  files: readonly { readonly path: string; readonly name: string }[],
): AsyncGenerator<{ readonly file: number; readonly entry: Entry }> {
  for (const [file, { path, name }] of files.entries()) {
    try {
      for await (const { line, text } of ndjsonLines(textChunks(path))) {
        const raw = text.trim();
        if (raw === "") continue;
        const parsed = parseNdjsonLine(raw, line, name);
        if ("error" in parsed) continue;
        for (const entry of collectEntries([parsed.value], name, [`line ${line}`]).entries)
          yield { file, entry };
      }
    } catch {
      // A file that cannot be read (a broken gzip) is named by the mapping pass, with the line it got to.
    }
  }
}

function isContainer(r: Resource): boolean {
  return r.resourceType === "DiagnosticReport" || (r.resourceType === "Observation" && "hasMember" in r);
}

function keyOf(r: Resource): string | undefined {
  return VERSIONED.has(r.resourceType) && typeof r.id === "string" && r.id !== ""
    ? `${r.resourceType}/${r.id}`
    : undefined;
}

/** The last segment of a reference or full URL: what an id must be for it to name that resource. */
function lastSegment(reference: string): string {
  return reference.replace(HISTORY, "").split(/[/:]/).at(-1) ?? reference;
}

/**
 * The resources of the export the core's adapter would not read, by {@link locationOf}, each with its reason.
 * @example
 * (await withdrawnInExport(files)).get(locationOf(1, { position: "line 4" }));
 * // { detail: WITHDRAWN_RESULT, reason: "withdrawn with its report DiagnosticReport/cbc, whose status is entered-in-error" }
 */
export async function withdrawnInExport(
  files: readonly { readonly path: string; readonly name: string }[],
): Promise<ReadonlyMap<string, Withdrawal>> {
  const containers = new Map<string, Entry>();
  const copies = new Map<string, number>();
  let withdrawing = false;
  for await (const { file, entry } of entriesOf(files)) {
    const r = entry.resource;
    const key = keyOf(r);
    if (key !== undefined) copies.set(key, (copies.get(key) ?? 0) + 1);
    if (isContainer(r)) {
      containers.set(locationOf(file, entry), entry);
      const status: unknown = (r as { status?: unknown }).status;
      if (typeof status === "string" && WITHDRAWN_CONTAINER.has(status)) withdrawing = true;
    }
  }
  const repeated = new Set<string>();
  for (const [key, n] of copies) if (n > 1) repeated.add(key);
  copies.clear();
  const out = new Map<string, Withdrawal>();
  if (!withdrawing && repeated.size === 0) return out;
  // What the reports and panels name, by the last segment of the reference (the core's index decides).
  const named = new Set<string>();
  if (withdrawing)
    for (const e of containers.values())
      for (const ref of referencesIn(e.resource)) named.add(lastSegment(ref));
  const kept: Entry[] = [];
  const where = new Map<Resource, string>();
  for await (const { file, entry } of entriesOf(files)) {
    const location = locationOf(file, entry);
    const r = entry.resource;
    const key = keyOf(r);
    const wanted =
      (withdrawing && containers.has(location)) ||
      (key !== undefined && repeated.has(key)) ||
      (withdrawing && typeof r.id === "string" && named.has(r.id)) ||
      (withdrawing && entry.fullUrl !== undefined && named.has(lastSegment(entry.fullUrl)));
    if (!wanted) continue;
    kept.push(entry);
    where.set(r, location);
  }
  const refOf = (e: Entry) =>
    e.resource.id !== undefined ? `${e.resource.resourceType}/${e.resource.id}` : (e.fullUrl ?? e.position);
  const add = (withdrawn: ReadonlyMap<Resource, string>, detail: string) => {
    for (const [resource, reason] of withdrawn) {
      const location = where.get(resource);
      if (location !== undefined && !out.has(location)) out.set(location, { detail, reason });
    }
  };
  // As the core's adapter: a version's own reason comes before its report's.
  add(
    withdrawnVersions(
      kept.filter((e) => repeated.has(keyOf(e.resource) ?? "")),
      refOf,
    ),
    REPLACED_VERSION,
  );
  if (withdrawing) add(withdrawnResults(kept, new ResourceIndex(kept), refOf), WITHDRAWN_RESULT);
  return out;
}
