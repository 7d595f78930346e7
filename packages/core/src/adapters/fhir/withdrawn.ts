/**
 * Results withdrawn with their report. A DiagnosticReport entered in error or cancelled, or a panel
 * Observation (one with `hasMember`) entered in error or cancelled, takes its results with it: the lab
 * withdrew the report (a wrong patient, a wrong specimen) and often leaves the result observations as they
 * were. Such a result is not read — a withdrawn platelet count of 8 must not make an ITP — unless a report
 * or panel that stands (a corrected report re-issued with the same results) also lists it.
 */
import type { DiagnosticReport, Observation, Reference, Resource } from "@medplum/fhirtypes";
import { clipInput } from "../quote.js";
import { containedResources, type Entry } from "./input.js";
import { notDone } from "./record-status.js";
import { literal, type ResourceIndex, resolveContained } from "./references.js";

/** Statuses of a report or panel that withdraw its results (R4: never existed, or not completed). */
export const WITHDRAWN_CONTAINER: ReadonlySet<string> = new Set(["entered-in-error", "cancelled"]);

interface Container {
  readonly resource: Resource;
  readonly ref: string;
  /** The status that withdraws it, when it does. */
  readonly status: string | undefined;
  readonly members: readonly Resource[];
}

/** The resources a report's `result` (or a panel's `hasMember`) names, and a report's contained observations. */
function membersOf(host: Resource, index: ResourceIndex): Resource[] {
  const refs: unknown =
    host.resourceType === "DiagnosticReport"
      ? (host as DiagnosticReport).result
      : (host as Observation).hasMember;
  const out: Resource[] = [];
  for (const r of Array.isArray(refs) ? (refs as Reference[]) : []) {
    const target = literal(r);
    if (target === undefined) continue;
    const m = target.startsWith("#") ? resolveContained(host, target) : index.resolve(target)?.resource;
    if (m !== undefined && !out.includes(m)) out.push(m);
  }
  if (host.resourceType === "DiagnosticReport")
    for (const { resource } of containedResources(host))
      if (resource.resourceType === "Observation" && !out.includes(resource)) out.push(resource);
  return out;
}

function containerOf(resource: Resource, ref: string, index: ResourceIndex): Container | undefined {
  const isReport = resource.resourceType === "DiagnosticReport";
  if (!isReport && !(resource.resourceType === "Observation" && "hasMember" in resource)) return undefined;
  const status: unknown = (resource as { status?: unknown }).status;
  return {
    resource,
    ref,
    status: typeof status === "string" && WITHDRAWN_CONTAINER.has(status) ? status : undefined,
    members: membersOf(resource, index),
  };
}

/**
 * Every result withdrawn with a report or panel of `entries` (their contained ones included), with the
 * reason to give; a result also listed by a report or panel that stands is not withdrawn. `refOf` names
 * a top-level entry as its records cite it.
 * @example
 * withdrawnResults(entries, index, (e) => `${e.resource.resourceType}/${e.resource.id}`).get(platelets);
 * // "withdrawn with its report DiagnosticReport/cbc, whose status is entered-in-error"
 */
export function withdrawnResults(
  entries: readonly Entry[],
  index: ResourceIndex,
  refOf: (entry: Entry) => string,
): ReadonlyMap<Resource, string> {
  const containers: Container[] = [];
  for (const entry of entries) {
    const ref = refOf(entry);
    const own = containerOf(entry.resource, ref, index);
    if (own !== undefined) containers.push(own);
    for (const c of containedResources(entry.resource)) {
      const inner = containerOf(c.resource, `${ref}#${c.resource.id ?? `contained[${c.index}]`}`, index);
      if (inner !== undefined) containers.push(inner);
    }
  }
  const withdrawn = new Map<Resource, string>();
  if (!containers.some((c) => c.status !== undefined)) return withdrawn;
  // To a fixed point: a panel withdrawn with its report withdraws its own members in turn.
  for (let changed = true; changed; ) {
    changed = false;
    const standing = new Set<Resource>();
    for (const c of containers)
      if (c.status === undefined && !withdrawn.has(c.resource)) for (const m of c.members) standing.add(m);
    for (const c of containers) {
      const why =
        c.status !== undefined
          ? `withdrawn with its ${c.resource.resourceType === "DiagnosticReport" ? "report" : "panel"} ${c.ref}, whose status is ${c.status}`
          : withdrawn.get(c.resource);
      if (why === undefined) continue;
      for (const m of c.members) {
        if (standing.has(m) || withdrawn.has(m)) continue;
        withdrawn.set(m, why);
        changed = true;
      }
    }
  }
  return withdrawn;
}

/** Which of two versions of one resource is later, by `meta.versionId` (both whole numbers), else `meta.lastUpdated`. */
function compareVersions(a: Resource, b: Resource): number | undefined {
  const va = a.meta?.versionId;
  const vb = b.meta?.versionId;
  if (typeof va === "string" && typeof vb === "string" && /^\d+$/.test(va) && /^\d+$/.test(vb))
    return Number(va) - Number(vb);
  const la = typeof a.meta?.lastUpdated === "string" ? Date.parse(a.meta.lastUpdated) : Number.NaN;
  const lb = typeof b.meta?.lastUpdated === "string" ? Date.parse(b.meta.lastUpdated) : Number.NaN;
  return Number.isNaN(la) || Number.isNaN(lb) ? undefined : la - lb;
}

/** A resource's content without its `meta`, as text, to tell a repeat from a change. */
function sansMeta(r: Resource): string {
  const { meta: _, ...rest } = r;
  return JSON.stringify(rest);
}

/** The one latest of several versions of a record, or undefined when their order cannot be told. */
function latestOf(copies: readonly Entry[]): Entry | undefined {
  let latest = copies[0] as Entry;
  for (const c of copies.slice(1)) {
    const order = compareVersions(c.resource, latest.resource);
    if (order === undefined) return undefined;
    if (order > 0) latest = c;
  }
  // Two copies of the same version (or time) leave the order unknown.
  const tied = copies.some((c) => c !== latest && compareVersions(c.resource, latest.resource) === 0);
  return tied ? undefined : latest;
}

/**
 * Versions of one record (the same type and id, as a history Bundle or a repeated export holds them)
 * withdrawn by another version. When the latest version can be told (by `meta.versionId`, else
 * `meta.lastUpdated`), it alone is read: an earlier final platelet count of 8 is replaced by its corrected
 * 180, and withdrawn with it when the latest says the record did not happen (entered in error, cancelled,
 * refuted …). When the order cannot be told, a copy entered in error withdraws every copy (R4 has no way
 * back from entered-in-error); other copies are read as before (a repeat merged, a disagreement a conflict).
 * @example
 * withdrawnVersions([final8v1, enteredInErrorV2], refOf).get(final8v1.resource);
 * // "a later version of Observation/h (meta.versionId 2) has status entered-in-error: this version is withdrawn with it"
 */
export function withdrawnVersions(
  entries: readonly Entry[],
  refOf: (entry: Entry) => string,
): ReadonlyMap<Resource, string> {
  const byId = new Map<string, Entry[]>();
  for (const e of entries) {
    const { resourceType, id } = e.resource;
    if (id === undefined || id === "") continue;
    const key = `${resourceType}/${id}`;
    const list = byId.get(key);
    if (list === undefined) byId.set(key, [e]);
    else list.push(e);
  }
  const out = new Map<Resource, string>();
  for (const copies of byId.values()) {
    if (copies.length < 2) continue;
    const ref = refOf(copies[0] as Entry);
    const latest = latestOf(copies);
    if (latest !== undefined) {
      const meta = latest.resource.meta;
      const byVersion = copies.every((c) => /^\d+$/.test(String(c.resource.meta?.versionId)));
      const by = clipInput(
        byVersion ? `meta.versionId ${meta?.versionId}` : `meta.lastUpdated ${meta?.lastUpdated}`,
      );
      const stop = notDone(latest.resource);
      const why =
        stop === undefined
          ? `replaced by a later version of ${ref} (${by}), which is read instead`
          : `a later version of ${ref} (${by}) has ${stop.field} ${clipInput(stop.value)}: this version is withdrawn with it`;
      // A copy that says the same as the latest (only its meta differs) is a repeat, merged as any other.
      const same = sansMeta(latest.resource);
      for (const c of copies) if (c !== latest && sansMeta(c.resource) !== same) out.set(c.resource, why);
      continue;
    }
    const stops = copies.map((c) => notDone(c.resource));
    const erroneous = copies.find((_, i) => stops[i]?.value === "entered-in-error");
    if (erroneous === undefined) continue;
    for (const c of copies)
      if (notDone(c.resource) === undefined)
        out.set(
          c.resource,
          `another copy of ${ref} in the input is entered-in-error, and which copy is later cannot be told (no meta.versionId or meta.lastUpdated to order them): not read`,
        );
  }
  return out;
}
