/**
 * HScore (Fardet 2014) through the generic points engine: the counted items (cytopenic lineages; hepatomegaly
 * and splenomegaly) with censored results and charted facts, the HLH-picture gate (ferritin above 500 ng/mL
 * with a cytopenia), and a temperature charted after the blood draw. Item cut-offs and probability bands are
 * tested as knowledge cases (scores/hscore.test.yaml) and through the calculator.
 */
import { describe, expect, it } from "vitest";
import { day, event, lab, record } from "../../../../../test/support/record.js";
import { loadScoreConfigs } from "../../../../knowledge/src/sources.js";
import type { ClinicalEvent, LabResult } from "../../contracts/model.js";
import type { PointsScore } from "../../knowledge/scores.js";
import { computeAllScores } from "./index.js";
import { computePointsScore } from "./points-score.js";

const configs = loadScoreConfigs();
const config = configs.get("hscore") as PointsScore;
const AT = day(10, 12);
const picture = (over: LabResult[] = []) => [
  lab("ferritin", 10, 3000),
  lab("hemoglobin", 10, 8),
  lab("wbc", 10, 7),
  lab("platelets", 10, 200),
  ...over,
];
const score = (labs: LabResult[], events: ClinicalEvent[] = []) =>
  computePointsScore(record({ labs, events }), AT, config, () => undefined);

describe("HScore counted items", () => {
  it("one cytopenic lineage scores 0; a censored count below the cut-off counts as a lineage", () => {
    expect(score(picture())?.components.cytopenias).toBe(0);
    expect(score(picture([lab("platelets", 10, 10, { comparator: "<" })]))?.components.cytopenias).toBe(24);
  });
  it("a count that may lie either side of its cut-off (> 100 platelets) leaves the lineage count open", () => {
    const s = score(picture([lab("wbc", 10, 3), lab("platelets", 10, 100, { comparator: ">" })]));
    expect(s?.components.cytopenias).toBe("24-34");
    expect(s?.missing).toContain("cytopenias");
    expect(s?.interpretation).toContain("cytopenias (censored result >100)");
  });
  it("a charted splenomegaly scores at least 23 (hepatomegaly unknown); none charted leaves 0, 23 or 38 open", () => {
    expect(score(picture(), [event("splenomegaly", 5)])?.components.organomegaly).toBe("23-38");
    const none = score(picture());
    expect(none?.components.organomegaly).toBeUndefined();
    expect(none?.missing).toContain("organomegaly");
  });
});

describe("HScore applies to an HLH picture only", () => {
  it("needs ferritin above 500 ng/mL (a censored > 500 is above) and a cytopenia", () => {
    expect(score(picture([lab("ferritin", 10, 500)]))).toBeUndefined();
    expect(score(picture([lab("ferritin", 10, 500, { comparator: ">" })]))).toBeDefined();
    expect(score(picture([lab("ferritin", 10, 500, { comparator: "<" })]))).toBeUndefined();
    expect(score(picture([lab("hemoglobin", 10, 9.3)]))).toBeUndefined();
  });
  it("is scored at a temperature charted after the blood draw, which it then counts", () => {
    const temp = lab("body-temperature", 10, 39.5, { at: day(10, 9) });
    const all = computeAllScores(record({ labs: picture([temp]) }), AT, configs, () => undefined);
    const h = all.find((s) => s.id === "hscore");
    expect(h?.at).toBe(day(10, 9));
    expect(h?.components.temperature).toBe(49);
  });
});
