/**
 * Site settings laid over the knowledge base at the edge, so that the pure core receives one score
 * configuration and never reads a settings file.
 */
import type { SettingsInForce, SiteSettings } from "../contracts/settings.js";
import type { Knowledge } from "../knowledge/knowledge.js";
import type { ScoreConfig, ScoreConfigs } from "../knowledge/scores.js";
import { resolveSettings } from "./resolve.js";
import type { SiteSettingsFile } from "./schema.js";

/**
 * The score configurations with the settings in force: the ISTH fibrin marker's ULN multiples and the
 * site's assay cut-offs. Pure; the other scores are returned as they are.
 *
 * @example applySettings(k.scores, resolveSettings(k)).get("isth-overt-dic")
 */
export function applySettings(scores: ScoreConfigs, settings: SiteSettings): ScoreConfigs {
  const { uln, assays } = settings.scores["isth-overt-dic"].fibrinMarker;
  const out = new Map<string, ScoreConfig>(scores);
  const isth = scores.get("isth-overt-dic");
  if (isth?.kind !== "points") return out;
  out.set(isth.id, {
    ...isth,
    components: isth.components.map((c) =>
      c.kind !== "fibrin-marker"
        ? c
        : {
            ...c,
            relativeToUln: {
              ...c.relativeToUln,
              moderateAbove: uln.moderateAbove,
              strongAbove: uln.strongAbove,
            },
            assays: assays.map(({ lab, loinc, unit, moderateAbove, strongAbove }) => ({
              lab,
              ...(loinc !== undefined && { loinc }),
              unit,
              moderateAbove,
              strongAbove,
            })),
          },
    ),
  });
  return out;
}

/**
 * The knowledge base as a run uses it and the settings in force, from an optional settings file (its
 * `name` is shown in reports as the user gave it). Throws a SettingsError when the file's values do not
 * fit the knowledge base.
 *
 * @example
 * const { knowledge, settings } = withSettings(loadKnowledge()); // settings.source === "default"
 */
export function withSettings(
  k: Knowledge,
  file?: { readonly name: string; readonly settings: SiteSettingsFile },
): { readonly knowledge: Knowledge; readonly settings: SettingsInForce } {
  const values = resolveSettings(k, file);
  return {
    knowledge: { ...k, scores: applySettings(k.scores, values) },
    settings: { source: file?.name ?? "default", values },
  };
}
