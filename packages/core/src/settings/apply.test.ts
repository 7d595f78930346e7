/** Settings laid over the score configurations: only the ISTH fibrin marker changes, and the report names the file. */
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../test/support/knowledge.js";
import type { FibrinMarkerComponent, PointsScore, ScoreConfigs } from "../knowledge/scores.js";
import { applySettings, withSettings } from "./apply.js";
import { parseSettings } from "./parse.js";
import { isthFibrinMarker, resolveSettings } from "./resolve.js";

const k = testKnowledge();
const SITE = `version: 1
scores:
  isth-overt-dic:
    fibrinMarker:
      uln: { moderateAbove: 1, strongAbove: 10, source: Committee 2026 }
      assays:
        - { loinc: 48058-2, unit: ug/mL, moderateAbove: 0.25, strongAbove: 2, source: Lab SOP H-12 }
`;
const site = { name: "site/hemosentinel.yaml", settings: parseSettings(SITE, "site/hemosentinel.yaml") };
const marker = (scores: ScoreConfigs): FibrinMarkerComponent => isthFibrinMarker(scores);

describe("applySettings", () => {
  it("with the defaults, leaves every score as the knowledge base has it", () => {
    const scores = applySettings(k.scores, resolveSettings(k));
    for (const [id, config] of k.scores) expect(scores.get(id), id).toEqual(config);
  });

  it("sets the ISTH fibrin marker's multiples and assay cut-offs, and nothing else", () => {
    const scores = applySettings(k.scores, resolveSettings(k, site));
    expect(marker(scores).relativeToUln).toEqual({
      ...marker(k.scores).relativeToUln,
      moderateAbove: 1,
      strongAbove: 10,
    });
    expect(marker(scores).assays).toEqual([
      { lab: "d-dimer-ddu", loinc: "48058-2", unit: "ug/mL", moderateAbove: 0.25, strongAbove: 2 },
    ]);
    const others = (s: ScoreConfigs) =>
      (s.get("isth-overt-dic") as PointsScore).components.filter((c) => c.kind !== "fibrin-marker");
    expect(others(scores)).toEqual(others(k.scores));
    for (const [id, config] of k.scores) if (id !== "isth-overt-dic") expect(scores.get(id), id).toBe(config);
  });

  it("does not change the knowledge base it was given", () => {
    applySettings(k.scores, resolveSettings(k, site));
    expect(marker(k.scores).relativeToUln.moderateAbove).toBe(3);
    expect(marker(k.scores).assays).toEqual([]);
  });
});

describe("withSettings", () => {
  it("without a file: source 'default' and the knowledge base's values", () => {
    const { knowledge, settings } = withSettings(k);
    expect(settings).toEqual({ source: "default", values: resolveSettings(k) });
    expect(marker(knowledge.scores)).toEqual(marker(k.scores));
  });

  it("with a file: its name as given, its values, and the scores that use them", () => {
    const { knowledge, settings } = withSettings(k, site);
    expect(settings.source).toBe("site/hemosentinel.yaml");
    expect(settings.values.scores["isth-overt-dic"].fibrinMarker.uln.source).toBe("Committee 2026");
    expect(marker(knowledge.scores).relativeToUln.strongAbove).toBe(10);
    expect(knowledge.vocabulary).toBe(k.vocabulary);
  });
});
