/** The render context of a knowledge base: what the reports need to name what the JSON gives by id. */
import type { DisorderId } from "../contracts/vocabularies.js";
import type { Knowledge } from "../knowledge/knowledge.js";
import type { Reference } from "../knowledge/references.js";
import type { Criterion } from "../knowledge/scores.js";

/**
 * What a renderer needs besides the report: the references registry and the names of what the report
 * names by id (disorders, CTCAE terms, scores and their components, labs), all from the knowledge base.
 * Every name is optional: without one the renderer writes the id in words (see wording.ts).
 */
export interface RenderContext {
  /** The reference registry entry for a source id, or undefined when the id is not registered. */
  readonly reference: (id: string) => Reference | undefined;
  /** Display name of a disorder: `itp` → `Immune thrombocytopenia (ITP)`. */
  readonly disorderName?: (id: DisorderId) => string | undefined;
  /** CTCAE v5.0 term name: `platelet-count-decreased` → `Platelet count decreased`. */
  readonly ctcaeTermName?: (term: string) => string | undefined;
  /** Score name: `isth-overt-dic` → `ISTH overt DIC score`. */
  readonly scoreName?: (id: string) => string | undefined;
  /**
   * Label of a score component or of one of its sub-criteria (`fibrin-marker` → `Fibrin-related marker
   * (D-dimer or FDP)`); without `score`, of the first score that has one of that id.
   */
  readonly scoreComponentName?: (component: string, score?: string) => string | undefined;
  /** Lab name: `d-dimer-feu` → `D-dimer (fibrinogen-equivalent units)`. */
  readonly labName?: (id: string) => string | undefined;
  /**
   * A drug's name where its id is not already its name: `axicabtagene-ciloleucel` → `axicabtagene
   * ciloleucel`, `tranexamic-acid` → `tranexamic acid` (the INN, as the catalogue writes it).
   */
  readonly drugName?: (id: string) => string | undefined;
  /**
   * The sources of what an unexplained item shows, by the `shows` entry's id (knowledge/unexplained.yaml):
   * `irae-aiha-ici` → ASCO 2021 and Leaf 2019. They close the sentence that names it, not the last
   * disorder not attributed (`unexplainedCitations` in view.ts).
   */
  readonly showsSourceIds?: (id: string) => readonly string[] | undefined;
}

/** Label of a score's sub-criterion (PLASMIC hemolysis): the lab's name and its condition. */
function subCriterionLabel(c: Criterion, lab: (id: string) => string | undefined): string {
  const name = lab(c.lab) ?? c.lab;
  if ("undetectable" in c) return `${name} undetectable`;
  const bounds = [
    c.gt !== undefined ? `> ${c.gt}` : "",
    c.ge !== undefined ? `≥ ${c.ge}` : "",
    c.lt !== undefined ? `< ${c.lt}` : "",
    c.le !== undefined ? `≤ ${c.le}` : "",
  ].filter((b) => b !== "");
  return bounds.length === 0 ? name : `${name} ${bounds.join(" and ")} ${c.unit}`;
}

/**
 * What the renderers need from the knowledge base: citations and the names of disorders, CTCAE terms,
 * scores, score components and labs, so that reports name what the JSON gives by id.
 */
export function renderContextOf(
  k: Pick<Knowledge, "references" | "disorders"> &
    Partial<Pick<Knowledge, "ctcae" | "scores" | "vocabulary" | "drugs" | "unexplained">>,
): RenderContext {
  const shown = new Map(
    [...(k.unexplained?.labs ?? []), ...(k.unexplained?.events ?? [])].flatMap((r) =>
      (r.shows ?? []).map((e) => [e.id, e.sourceIds] as const),
    ),
  );
  const disorders = new Map(k.disorders.map((d) => [d.id, d.name]));
  const terms = new Map((k.ctcae?.terms ?? []).map((t) => [t.term, t.name]));
  const labName = (id: string) => k.vocabulary?.labById(id)?.name;
  const scores = [...(k.scores?.values() ?? [])];
  const drugNames = new Map(
    [...(k.drugs?.drugs ?? []), ...(k.drugs?.contextDrugs ?? [])]
      .filter((d) => d.inn !== d.id)
      .map((d) => [d.id, d.inn]),
  );
  const components = new Map<string, Map<string, string>>();
  for (const s of scores) {
    const own = new Map<string, string>();
    const list = "components" in s ? s.components : [];
    for (const c of list) {
      own.set(c.id, c.label);
      if (c.kind === "any-of") for (const sub of c.criteria) own.set(sub.id, subCriterionLabel(sub, labName));
    }
    // A score whose components are the lab values themselves (EASIX) names each with the unit it is
    // computed in, so that a report never shows "Creatinine: 0.8" without saying mg/dL.
    if ("inputs" in s)
      for (const [key, input] of Object.entries(s.inputs))
        own.set(key, `${labName(input.lab) ?? key} (${input.unit})`);
    components.set(s.id, own);
  }
  return {
    reference: (id) => k.references.get(id),
    disorderName: (id) => disorders.get(id),
    ctcaeTermName: (term) => terms.get(term),
    scoreName: (id) => k.scores?.get(id)?.name,
    scoreComponentName: (component, score) => {
      if (score !== undefined) return components.get(score)?.get(component);
      for (const own of components.values()) {
        const label = own.get(component);
        if (label !== undefined) return label;
      }
      return undefined;
    },
    labName,
    drugName: (id) => drugNames.get(id),
    showsSourceIds: (id) => shown.get(id),
  };
}
