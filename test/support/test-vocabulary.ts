/**
 * A small Vocabulary for adapter tests: the real lab catalogue plus fixed medication and event matchers,
 * so adapter tests do not depend on the drug and event catalogues.
 */

import { createUnitConverter } from "../../packages/core/src/adapters/units.js";
import { labVocabulary } from "../../packages/core/src/knowledge/lab-catalogue.js";
import type {
  EventMatch,
  MedicationMatch,
  SourceConcept,
  Vocabulary,
} from "../../packages/core/src/knowledge/vocabulary.js";
import { loadLabCatalogue, loadUnitSpellings } from "../../packages/knowledge/src/sources.js";

export const catalogue = loadLabCatalogue();
const unitSpellings = loadUnitSpellings();

const MEDICATIONS: ReadonlyMap<string, MedicationMatch> = new Map([
  ["1597876", { kind: "immunotherapy", drug: "pembrolizumab", class: "ici" }],
  ["pembrolizumab", { kind: "immunotherapy", drug: "pembrolizumab", class: "ici" }],
  ["axicabtagene ciloleucel", { kind: "immunotherapy", drug: "axicabtagene-ciloleucel", class: "car-t" }],
  ["enoxaparin", { kind: "context", drug: "enoxaparin", roles: ["heparin", "anticoagulant"] }],
]);

const EVENTS: ReadonlyMap<string, EventMatch> = new Map([
  ["128053003", { kind: "thrombosis", qualifiers: ["venous"] }],
  ["deep vein thrombosis", { kind: "thrombosis", qualifiers: ["venous"] }],
  ["cytokine release syndrome grade", { kind: "crs", qualifiers: [] }],
  ["platelet transfusion", { kind: "platelet-transfusion", qualifiers: [] }],
  ["gastrointestinal hemorrhage", { kind: "bleeding", qualifiers: ["gastrointestinal"] }],
  ["heparin-induced thrombocytopenia", { kind: "hit", qualifiers: [] }],
]);

function lookup<T>(table: ReadonlyMap<string, T>, concept: SourceConcept): T | undefined {
  for (const c of concept.codings) {
    const hit = (c.code && table.get(c.code)) || (c.display && table.get(c.display.toLowerCase()));
    if (hit) return hit;
  }
  const text = concept.text?.toLowerCase();
  if (text === undefined) return undefined;
  for (const [phrase, hit] of table) if (text.includes(phrase)) return hit;
  return undefined;
}

/** Labs from knowledge/labs.yaml; medications and events from the fixed tables above. */
export const testVocabulary: Vocabulary = {
  ...labVocabulary(catalogue),
  medication: (concept) => lookup(MEDICATIONS, concept),
  medications: (concept) => {
    const hit = lookup(MEDICATIONS, concept);
    return hit === undefined ? [] : [hit];
  },
  // As unexplained.yaml's notGivenOnDate reads a dose record's words (a subset: the fixed tables' drugs).
  doseNotGiven: (concept) =>
    [concept.text, ...concept.codings.map((c) => c.display)].some(
      (t) => t !== undefined && /\b(deferred|postponed|held|withheld|omitted|skipped|not given)\b/i.test(t),
    ),
  event: (concept) => lookup(EVENTS, concept),
  noteEvents: (concept) => {
    const hit = lookup(EVENTS, concept);
    return hit === undefined ? [] : [hit];
  },
  eventsOnAnyDate: (concept) => {
    const hit = lookup(EVENTS, concept);
    return hit === undefined ? [] : [hit];
  },
  // As events.yaml `plannedKinds` reads backwards.
  doneKindOf: (planned) =>
    planned === "surgery-planned" ? "surgery" : planned === "procedure-planned" ? "procedure" : undefined,
  // As events.yaml reads a doubted or past mention (doubtKept, history, statusKinds).
  qualify: (match, reading) => {
    // Refuted, a clot or its suspicion at a PE or DVT site is that site ruled out (events.yaml ruleOutStudies); this
    // stub's venous clots are the DVT the real knowledge reads.
    if (reading === "refuted") {
      const site = match.qualifiers.includes("pulmonary-embolism")
        ? "pulmonary-embolism"
        : match.qualifiers.some((q) => q === "dvt" || q === "venous")
          ? "dvt"
          : undefined;
      return ["thrombosis", "thrombosis-suspected"].includes(match.kind) && site !== undefined
        ? { kind: "thrombosis-ruled-out", qualifiers: [site] }
        : undefined;
    }
    if (reading === "planned") {
      const planned = (
        { surgery: "surgery-planned", procedure: "procedure-planned" } as Record<string, string>
      )[match.kind];
      return planned === undefined ? undefined : { ...match, kind: planned as EventMatch["kind"] };
    }
    if (reading === "doubted")
      return ["hit", "ttp", "itp", "dic", "aha"].includes(match.kind) ? match : undefined;
    const past = ({ hit: "hit-history", ttp: "ttp-history", itp: "itp-history" } as Record<string, string>)[
      match.kind
    ];
    if (past !== undefined) return { ...match, kind: past as EventMatch["kind"] };
    return match.kind === "transplant" ? match : undefined;
  },
  // The fixed tables hold no allergy rules: an allergy reads nothing beyond the HIT its reaction names.
  allergy: () => undefined,
  drugHypersensitivity: () => undefined,
  drugHypersensitivitySevereGrade: () => undefined,
  relativeWords: () => [],
  gradedQualifiers: (_kind, qualifiers) => qualifiers,
  unitSpellings,
  units: createUnitConverter(unitSpellings),
};

/** What readLabValue needs, over the test vocabulary. */
export const labReadContext = {
  vocabulary: testVocabulary,
  units: testVocabulary.units,
  spellings: testVocabulary.unitSpellings,
};

/** A lab of the catalogue by id; an unknown id throws, naming it. */
export function catalogueLab(id: string) {
  const l = catalogue.byId.get(id);
  if (l === undefined) throw new Error(id);
  return l;
}
