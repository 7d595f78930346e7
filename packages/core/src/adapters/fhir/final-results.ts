/**
 * Preliminary lab results and the final ones that supersede them. A preliminary Observation is used (a
 * preliminary platelet count of 8 must not be silent) and named as preliminary; but when the input also
 * holds a final, amended or corrected result with the same id, or of the same test for the same patient
 * at the same instant, that result replaces it and the preliminary one is rejected as superseded. Likewise a
 * final result beside a corrected or amended one of the same test at the same instant (another Observation:
 * a laboratory re-issuing a result it got wrong) is replaced by it and rejected naming the correction.
 */
import type { Observation, Reference } from "@medplum/fhirtypes";
import { instant } from "../../engine/dates.js";
import type { Vocabulary } from "../../knowledge/vocabulary.js";
import { checkDate, earliestEvent, firstDate } from "../dates.js";
import { loincCodes, toConcept } from "./concepts.js";
import { containedResources, type Entry } from "./input.js";
import { literal } from "./references.js";

/** Observation statuses of a result the laboratory has released as final (R4 ObservationStatus). */
export const FINAL_OBSERVATION: ReadonlySet<string> = new Set(["final", "amended", "corrected"]);

/** Observation statuses of a result changed after it was final (R4: `corrected` is a kind of `amended`). */
export const CORRECTED_OBSERVATION: ReadonlySet<string> = new Set(["amended", "corrected"]);

/**
 * The date fields of an Observation (unvalidated JSON), in the order every FHIR reader takes them: the
 * effective time first (a period's start; a period with only an end, which R4 allows, by its end), the
 * report's `issued` last.
 * @example
 * observationDates({ issued: "2024-03-01T10:00:00Z" }).find(([, v]) => v !== undefined); // ["issued", "2024-03-01T10:00:00Z"]
 */
export function observationDates(o: {
  readonly effectiveDateTime?: unknown;
  readonly effectivePeriod?: unknown;
  readonly effectiveInstant?: unknown;
  readonly effectiveTiming?: unknown;
  readonly issued?: unknown;
}): readonly (readonly [string, unknown])[] {
  const period =
    o.effectivePeriod !== null && typeof o.effectivePeriod === "object"
      ? (o.effectivePeriod as { start?: unknown; end?: unknown })
      : undefined;
  const timing = earliestEvent(o.effectiveTiming);
  return [
    ["effectiveDateTime", o.effectiveDateTime],
    ["effectivePeriod.start", period?.start],
    ["effectivePeriod.end", period?.start === undefined ? period?.end : undefined],
    ["effectiveInstant", o.effectiveInstant],
    // R4 allows a Timing; its earliest event is when the sample was taken (a Timing without one gives none).
    [`effectiveTiming.event[${timing?.index ?? 0}]`, timing?.value],
    ["issued", o.issued],
  ];
}

/** Whether an Observation or component (unvalidated JSON) holds a value: a `value[x]` and no dataAbsentReason. */
function valued(o: unknown): boolean {
  if (o === null || typeof o !== "object" || "dataAbsentReason" in o) return false;
  for (const k in o) if (k.startsWith("value")) return true;
  return false;
}

/**
 * Catalogue lab ids an Observation reports a value of: its own code's, and its components'. A final
 * result without a value (data absent) replaces nothing: a preliminary count stays the only count.
 */
function labIds(o: Observation, vocabulary: Pick<Vocabulary, "lab">): string[] {
  const concepts = valued(o) ? [toConcept(o.code)] : [];
  if (Array.isArray(o.component) && !("dataAbsentReason" in o))
    for (const c of o.component) if (valued(c)) concepts.push(toConcept(c?.code));
  const out: string[] = [];
  for (const concept of concepts)
    for (const loinc of loincCodes(concept)) {
      const lab = vocabulary.lab(loinc);
      if (lab !== undefined) out.push(lab.id);
    }
  return out;
}

/** The final results of one input, by Observation ref and by patient, test and instant. */
export class FinalResults {
  private readonly refs = new Set<string>();
  private readonly keys = new Set<string>();
  /** Corrected or amended results by patient, test and instant: their refs. */
  private readonly corrections = new Map<string, string[]>();

  /**
   * @param subjectOf the patient key of a subject reference, literal or by identifier (undefined when it names none of the input)
   */
  constructor(
    entries: Iterable<Entry>,
    vocabulary: Pick<Vocabulary, "lab">,
    evaluatedAtMs: number,
    subjectOf: (reference: Reference) => string | undefined,
  ) {
    for (const e of entries) {
      const host = e.resource as Observation & { subject?: Reference };
      const found = [host, ...containedResources(host).map((c) => c.resource)];
      for (const r of found) {
        if (r.resourceType !== "Observation") continue;
        const o = r as Observation;
        if (typeof o.status !== "string" || !FINAL_OBSERVATION.has(o.status)) continue;
        if (r === host && o.id !== undefined) this.refs.add(`Observation/${o.id}`);
        const named = (x: Reference | undefined) => literal(x) !== undefined || x?.identifier !== undefined;
        const subject = named(o.subject) ? o.subject : named(host.subject) ? host.subject : undefined;
        const who = subject === undefined ? undefined : subjectOf(subject);
        const date = firstDate(observationDates(o));
        const checked = date === undefined ? undefined : checkDate(date.value, date.field, evaluatedAtMs);
        if (who === undefined || checked === undefined || !checked.ok) continue;
        const ref = r === host ? `Observation/${o.id ?? ""}` : `Observation/${host.id ?? ""}#${o.id ?? ""}`;
        for (const id of labIds(o, vocabulary)) {
          const key = `${who}\u0000${id}\u0000${instant(checked.at)}`;
          this.keys.add(key);
          if (CORRECTED_OBSERVATION.has(o.status))
            this.corrections.set(key, [...(this.corrections.get(key) ?? []), ref]);
        }
      }
    }
  }

  /**
   * What supersedes a preliminary result `ref` of lab `labId` for patient `who` at `at`: a final result
   * with the same id, or one of the same test at the same instant; undefined when none does.
   */
  supersedes(ref: string, who: string, labId: string, at: string): "same-id" | "same-test" | undefined {
    if (this.refs.has(ref)) return "same-id";
    return this.keys.has(`${who}\u0000${labId}\u0000${instant(at)}`) ? "same-test" : undefined;
  }

  /**
   * The corrected or amended results (other Observations) that replace a final result `ref` of lab `labId`
   * for patient `who` at `at`; empty when none does.
   */
  correctedBy(ref: string, who: string, labId: string, at: string): readonly string[] {
    const found = this.corrections.get(`${who}\u0000${labId}\u0000${instant(at)}`) ?? [];
    return found.filter((r) => r !== ref && r.split("#")[0] !== ref);
  }
}
