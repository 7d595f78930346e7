/** The settings file's validation: what it accepts, and that every refusal names the file and the field. */
import { describe, expect, it } from "vitest";
import { parseSettings, SettingsError } from "./parse.js";

const FULL = `
version: 1
scores:
  isth-overt-dic:
    fibrinMarker:
      uln: { moderateAbove: 1, strongAbove: 10, source: "Haemostasis committee, 2026" }
      assays:
        - { loinc: 48065-7, unit: ug/mL, moderateAbove: 0.5, strongAbove: 5, source: "Lab SOP H-12" }
        - { lab: fdp, unit: ug/mL, moderateAbove: 10, strongAbove: 25, source: "Lab SOP H-14" }
`;

function refusal(text: string): string {
  try {
    parseSettings(text, "site/hemosentinel.yaml");
  } catch (e) {
    expect(e).toBeInstanceOf(SettingsError);
    return (e as Error).message;
  }
  throw new Error("accepted");
}

const marker = (body: string) => `version: 1\nscores:\n  isth-overt-dic:\n    fibrinMarker:\n${body}`;

describe("parseSettings", () => {
  it("accepts a file that sets nothing but its version", () => {
    expect(parseSettings("version: 1\n", "x.yaml")).toEqual({ version: 1 });
  });

  it("accepts ULN multiples and assay cut-offs named by LOINC code or lab", () => {
    const s = parseSettings(FULL, "x.yaml");
    expect(s.scores?.["isth-overt-dic"]?.fibrinMarker?.uln).toEqual({
      moderateAbove: 1,
      strongAbove: 10,
      source: "Haemostasis committee, 2026",
    });
    expect(s.scores?.["isth-overt-dic"]?.fibrinMarker?.assays).toHaveLength(2);
  });

  it.each([
    [
      "version: 2\n",
      "site/hemosentinel.yaml: version: must be 1 (the settings format this HemoSentinel reads)",
    ],
    [
      "version: 1\ncolour: red\n",
      'site/hemosentinel.yaml: (top level): unknown key "colour" (docs/settings.md lists the keys)',
    ],
    [
      marker("      uln: { moderateAbove: 3, strongAbove: 10, source: site, k: 2 }\n"),
      'site/hemosentinel.yaml: scores.isth-overt-dic.fibrinMarker.uln: unknown key "k" (docs/settings.md lists the keys)',
    ],
    [
      marker("      uln: { moderateAbove: 3, strongAbove: 3, source: site }\n"),
      "site/hemosentinel.yaml: scores.isth-overt-dic.fibrinMarker.uln.strongAbove: must be greater than moderateAbove",
    ],
    [
      marker("      uln: { moderateAbove: 0.5, strongAbove: 3, source: site }\n"),
      "site/hemosentinel.yaml: scores.isth-overt-dic.fibrinMarker.uln.moderateAbove: must be at least 1: below the upper limit of normal it would score normal results",
    ],
    [
      marker("      uln: { moderateAbove: 3, strongAbove: 7 }\n"),
      "site/hemosentinel.yaml: scores.isth-overt-dic.fibrinMarker.uln.source: Invalid input: expected string, received undefined",
    ],
    [
      marker("      assays:\n        - { unit: ug/mL, moderateAbove: 1, strongAbove: 2, source: SOP }\n"),
      "site/hemosentinel.yaml: scores.isth-overt-dic.fibrinMarker.assays[0]: name the assay by exactly one of lab or loinc",
    ],
    [
      marker(
        "      assays:\n        - { loinc: D-dimer, unit: ug/mL, moderateAbove: 1, strongAbove: 2, source: SOP }\n",
      ),
      "site/hemosentinel.yaml: scores.isth-overt-dic.fibrinMarker.assays[0].loinc: a LOINC code such as 48065-7",
    ],
    [
      marker(
        "      assays:\n        - { lab: fdp, unit: ug/mL, moderateAbove: '10', strongAbove: 25, source: SOP }\n",
      ),
      "site/hemosentinel.yaml: scores.isth-overt-dic.fibrinMarker.assays[0].moderateAbove: Invalid input: expected number, received string",
    ],
  ])("refuses %j naming the field", (text, message) => expect(refusal(text)).toBe(message));

  it("refuses YAML it cannot read, with the position", () => {
    expect(refusal("version: 1\n  bad: [\n")).toMatch(
      /^site\/hemosentinel\.yaml: not valid YAML: .*line 1, column \d+$/,
    );
  });

  it("refuses an empty file and a file that is not a mapping", () => {
    expect(refusal("")).toBe(
      'site/hemosentinel.yaml: the file is empty; a settings file starts with "version: 1"',
    );
    expect(refusal("- 1\n")).toBe(
      "site/hemosentinel.yaml: (top level): Invalid input: expected object, received array",
    );
  });

  it("lists at most five problems and counts the rest", () => {
    const keys = Array.from({ length: 7 }, (_, i) => `k${i}: 1`).join("\n");
    expect(refusal(`version: 1\nscores:\n  ${keys.replaceAll("\n", "\n  ")}\n`)).toMatch(
      /unknown keys "k0", .*"k6"/,
    );
    const many = Array.from(
      { length: 7 },
      () => "        - { lab: fdp, unit: ug/mL, moderateAbove: 2, strongAbove: 1, source: SOP }",
    ).join("\n");
    expect(refusal(marker(`      assays:\n${many}\n`))).toMatch(
      /assays\[4\]\.strongAbove: .*; … and 2 more$/,
    );
  });
});
