/**
 * Results withdrawn with their report. A DiagnosticReport entered in error or cancelled, or a panel
 * Observation (one with `hasMember`) entered in error or cancelled, takes its results with it: the lab
 * withdrew the report (a wrong patient, a wrong specimen) and often leaves the result observations as they
 * were. Such a result is not read — a withdrawn platelet count of 8 must not make an ITP — unless a report
 * or panel that stands (a corrected report re-issued with the same results) also lists it.
 */
import type { DiagnosticReport, Observation, Reference, Resource } from "@medplum/fhirtypes";
import { containedResources, type Entry } from "./input.js";
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
