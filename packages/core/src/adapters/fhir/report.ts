/**
 * DiagnosticReports and other containers. A report's information lives in its result observations,
 * which are read on their own (top-level or contained); the report itself is used when one of them was
 * used, and not used when none was (out of scope, or rejected each with its own reason). A report with no
 * result observations is read only as a clot or bleed study (study-result.ts): the clot or bleed its conclusion
 * names or the site it rules out; any other narrative report is refused.
 */
import type { DiagnosticReport, Reference, Resource } from "@medplum/fhirtypes";
import type { SourceConcept } from "../../knowledge/vocabulary.js";
import type { PatientBuilder } from "../patient-builder.js";
import { clipInput } from "../quote.js";
import { toConcept } from "./concepts.js";
import type { Ingestion, Outcome } from "./context.js";
import type { Container, Verdict } from "./handler.js";
import { containedResources, type Entry } from "./input.js";
import { literal, resolveContained } from "./references.js";
import { answerWords, studyResult } from "./study-result.js";
import { WITHDRAWN_CONTAINER } from "./withdrawn.js";

/** A DiagnosticReport: its result references must resolve; its outcome follows from its results. */
export function diagnosticReport(
  entry: Entry,
  ctx: Ingestion,
  patient: PatientBuilder,
  ref: string,
): Verdict {
  const dr = entry.resource as DiagnosticReport;
  if (typeof dr.status === "string" && WITHDRAWN_CONTAINER.has(dr.status)) {
    return ctx.refuse(patient, ref, "not-final", `status is ${clipInput(String(dr.status))}`, "status");
  }
  const verdict = members(ctx, patient, ref, dr, dr.result ?? [], "result", toConcept(dr.code));
  if (typeof verdict === "string") return verdict;
  // Contained observations are results even when `result` does not list them.
  const contained = containedResources(dr)
    .map((c) => c.resource)
    .filter((c) => c.resourceType === "Observation" && !verdict.members.includes(c));
  const all = [...verdict.members, ...contained];
  if (all.length === 0) {
    // A narrative report of a clot or bleed study: the clot or bleed its conclusion names, or the site it rules out.
    const study = studyResult(ctx, patient, ref, {
      status: dr.status,
      study: toConcept(dr.code),
      answers: [
        typeof dr.conclusion === "string" ? dr.conclusion : undefined,
        ...(Array.isArray(dr.conclusionCode) ? dr.conclusionCode : []).map(answerWords),
      ],
      dates: dr,
      report: true,
    });
    if (study !== undefined) return study;
    return ctx.refuse(
      patient,
      ref,
      "no-results",
      "DiagnosticReport has no result observations; a narrative report is not read",
      "result",
    );
  }
  return { members: all, concept: verdict.concept };
}

/**
 * The outcome of a container once its members have been read: used when a member was used (or merged
 * as a repeat of a used record), else not used. `outcomeOf` gives a member's outcome, deciding nested
 * containers first.
 */
export function containerOutcome(
  ctx: Ingestion,
  patient: PatientBuilder,
  entry: Entry,
  ref: string,
  container: Container,
  outcomeOf: (member: Resource) => Outcome | undefined,
): Outcome {
  const informative = container.members.some((m) => {
    const o = outcomeOf(m);
    return o === "used" || o === "merged";
  });
  if (informative) return patient.countRef(ref) === "added" ? "used" : "merged";
  return ctx.notUsed(patient, entry.resource.resourceType, container.concept, ref);
}

/**
 * The members of a report or panel, found in the input or among `host`'s contained resources. A member
 * that is not there is a broken reference: the container is rejected (its members are read on their own).
 */
export function members(
  ctx: Ingestion,
  patient: PatientBuilder,
  ref: string,
  host: Resource,
  refs: unknown,
  field: string,
  concept: SourceConcept,
): Verdict {
  // Input is untyped JSON: a `result` or `hasMember` that is not a list is refused, not iterated.
  if (!Array.isArray(refs))
    return ctx.refuse(patient, ref, "value-type", `${field} is not a list of references`, field);
  const found: Resource[] = [];
  const missing: string[] = [];
  for (const r of refs as readonly Reference[]) {
    const target = literal(r);
    if (target === undefined) continue;
    const resource = target.startsWith("#")
      ? resolveContained(host, target)
      : ctx.index.resolve(target)?.resource;
    if (resource === undefined) missing.push(target);
    else found.push(resource);
  }
  if (missing.length > 0) {
    return ctx.refuse(
      patient,
      ref,
      "broken-reference",
      `${field} ${missing.slice(0, 3).join(", ")} ${missing.length === 1 ? "is" : "are"} not in the input`,
      field,
    );
  }
  return { members: found, concept };
}
