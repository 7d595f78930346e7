/**
 * The settings in force: a settings file's values checked against the knowledge base (lab ids, LOINC
 * codes, units), and the knowledge base's cited defaults for everything the file leaves out.
 */
import type { AssayCutoffsInForce, SiteSettings } from "../contracts/settings.js";
import type { Knowledge } from "../knowledge/knowledge.js";
import { sameUnit } from "../knowledge/same-unit.js";
import type { FibrinMarkerComponent } from "../knowledge/scores.js";
import { settingsProblems } from "./errors.js";
import type { SiteSettingsFile } from "./schema.js";

/** The ISTH overt DIC score's fibrin-marker component, which the settings adjust. */
export function isthFibrinMarker(scores: Knowledge["scores"]): FibrinMarkerComponent {
  const isth = scores.get("isth-overt-dic");
  const marker =
    isth?.kind === "points" ? isth.components.find((c) => c.kind === "fibrin-marker") : undefined;
  if (marker?.kind !== "fibrin-marker")
    throw new Error("knowledge: isth-overt-dic has no fibrin-marker component");
  return marker;
}

type FileAssay = NonNullable<
  NonNullable<
    NonNullable<NonNullable<SiteSettingsFile["scores"]>["isth-overt-dic"]>["fibrinMarker"]
  >["assays"]
>[number];

/** One assay entry resolved to its catalogue lab, or the problems with it. */
function resolveAssay(
  a: FileAssay,
  at: string,
  marker: FibrinMarkerComponent,
  vocabulary: Knowledge["vocabulary"],
): AssayCutoffsInForce | string[] {
  const lab = a.loinc !== undefined ? vocabulary.lab(a.loinc) : vocabulary.labById(a.lab ?? "");
  if (lab === undefined) {
    return [
      a.loinc !== undefined
        ? `${at}.loinc: ${a.loinc} is not a LOINC code HemoSentinel reads (knowledge/labs.yaml)`
        : `${at}.lab: unknown lab "${a.lab}" (knowledge/labs.yaml)`,
    ];
  }
  const markers = marker.relativeToUln.labs;
  if (!markers.includes(lab.id))
    return [`${at}: ${lab.id} is not a fibrin-related marker of the ISTH score (${markers.join(", ")})`];
  if (lab.unit === undefined || !sameUnit(a.unit, lab.unit))
    return [`${at}.unit: ${lab.id} results are reported in ${lab.unit}; write the cut-offs in that unit`];
  const { unit, moderateAbove, strongAbove, source } = a;
  return {
    lab: lab.id,
    ...(a.loinc !== undefined && { loinc: a.loinc }),
    unit,
    moderateAbove,
    strongAbove,
    source,
  };
}

/**
 * Every setting as the run will use it. Throws a SettingsError naming the file and each field whose value
 * the knowledge base cannot use (an unknown lab or LOINC code, a lab that is no fibrin marker, a unit other
 * than the lab's, two entries for one assay).
 *
 * @example
 * resolveSettings(k); // the cited defaults
 * resolveSettings(k, { name: "hemosentinel.yaml", settings: readSettingsFile("hemosentinel.yaml") });
 */
export function resolveSettings(
  k: Pick<Knowledge, "scores" | "vocabulary">,
  file?: { readonly name: string; readonly settings: SiteSettingsFile },
): SiteSettings {
  const marker = isthFibrinMarker(k.scores);
  const set = file?.settings.scores?.["isth-overt-dic"]?.fibrinMarker;
  const { moderateAbove, strongAbove, sourceIds } = marker.relativeToUln;
  const uln = set?.uln ?? {
    moderateAbove,
    strongAbove,
    source: `knowledge base default: ${sourceIds.join(", ")}`,
  };
  const problems: string[] = [];
  const assays: AssayCutoffsInForce[] = [];
  const seen = new Set<string>();
  for (const [i, a] of (set?.assays ?? []).entries()) {
    const at = `scores.isth-overt-dic.fibrinMarker.assays[${i}]`;
    const r = resolveAssay(a, at, marker, k.vocabulary);
    if (Array.isArray(r)) {
      problems.push(...r);
      continue;
    }
    const key = r.loinc !== undefined ? `LOINC ${r.loinc}` : `lab ${r.lab}`;
    if (seen.has(key)) problems.push(`${at}: a second entry for ${key}`);
    seen.add(key);
    assays.push(r);
  }
  if (problems.length > 0) throw settingsProblems(file?.name ?? "settings", problems);
  return { version: 1, scores: { "isth-overt-dic": { fibrinMarker: { uln, assays } } } };
}
