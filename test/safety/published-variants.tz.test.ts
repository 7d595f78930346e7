/**
 * Run under TZ=America/New_York and TZ=Asia/Shanghai (package.json "test"): the `timezones` variants of the
 * published positive cases (test/cases/variants.ts) — every date-time the same instant at +09:00, at −05:00 or in
 * UTC with milliseconds, and the CSV rows at −05:00 — must give the finding of the published record, its certainty, grade, onset instant and
 * onset day (counted between the dates as written), whatever the time zone of the process reading them.
 */
import { describe, expect, it } from "vitest";
import { loadSpecs } from "../cases/build-bundles.js";
import { variantsOf } from "../cases/variants.js";
import { assessPublished, assessVariant, findingOf } from "../support/variant-findings.js";

const positives = loadSpecs().filter((s) => s.kind === "positive");
// Read as the file loads, as the sweep's are: the time-out of a test guards against a hang, not this work.
const read = positives.flatMap((s) => {
  const published = assessPublished(s);
  return variantsOf(s)
    .filter((v) => v.family === "timezones")
    .map((v) => ({
      key: `${s.id} | ${v.name}`,
      was: findingOf(published, v.disorder, v.offset),
      is: findingOf(assessVariant(v), v.disorder),
    }));
});

describe(`published cases at other time-zone offsets, read under TZ=${process.env.TZ ?? "(unset)"}`, () => {
  it("every date-time at +09:00, at -05:00 or in UTC with milliseconds, in FHIR or CSV, gives the published finding", () => {
    expect(read.length).toBe(positives.length * 4);
    expect(read.filter((r) => r.is !== r.was).map((r) => `${r.key}: ${r.was} → ${r.is}`)).toEqual([]);
  });
});
