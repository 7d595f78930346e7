/**
 * Settings in force: the knowledge base's cited defaults where the file is silent, the file's values
 * where it speaks, checked against the lab catalogue (lab ids, LOINC codes, units).
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../test/support/knowledge.js";
import { REPO_ROOT } from "../../../../test/support/paths.js";
import { readSettingsFile } from "../../../cli/src/settings-read.js";
import { parseSettings, SettingsError } from "./parse.js";
import { resolveSettings } from "./resolve.js";

const k = testKnowledge();
const file = (body: string) => ({
  name: "site.yaml",
  settings: parseSettings(`version: 1\nscores:\n  isth-overt-dic:\n    fibrinMarker:\n${body}`, "site.yaml"),
});
const assay = (fields: string) =>
  file(
    `      assays:\n        - { ${fields}, moderateAbove: 0.5, strongAbove: 5, source: "Lab SOP H-12" }\n`,
  );

describe("resolveSettings", () => {
  it("without a file: the knowledge base's multiples, naming their sources, and no assay cut-offs", () => {
    expect(resolveSettings(k)).toEqual({
      version: 1,
      scores: {
        "isth-overt-dic": {
          fibrinMarker: {
            uln: {
              moderateAbove: 3,
              strongAbove: 7,
              source:
                "knowledge base default: iba-2025-isth-dic-update, iba-2025-dic-update-review, practical-haemostasis-isth-dic-2025",
            },
            assays: [],
          },
        },
      },
    });
  });

  it("a file with assays only keeps the default multiples", () => {
    const s = resolveSettings(k, assay("lab: d-dimer-feu, unit: ug/mL"));
    expect(s.scores["isth-overt-dic"].fibrinMarker.uln.moderateAbove).toBe(3);
  });

  it("takes the file's multiples with its source", () => {
    const s = resolveSettings(
      k,
      file("      uln: { moderateAbove: 1, strongAbove: 10, source: Committee 2026 }\n"),
    );
    expect(s.scores["isth-overt-dic"].fibrinMarker.uln).toEqual({
      moderateAbove: 1,
      strongAbove: 10,
      source: "Committee 2026",
    });
  });

  it("resolves a LOINC code to its lab and keeps the code", () => {
    const s = resolveSettings(k, assay("loinc: 48058-2, unit: mg/L"));
    expect(s.scores["isth-overt-dic"].fibrinMarker.assays).toEqual([
      {
        lab: "d-dimer-ddu",
        loinc: "48058-2",
        unit: "mg/L",
        moderateAbove: 0.5,
        strongAbove: 5,
        source: "Lab SOP H-12",
      },
    ]);
  });

  it.each([
    [
      "lab: d-dimer, unit: ug/mL",
      'site.yaml: scores.isth-overt-dic.fibrinMarker.assays[0].lab: unknown lab "d-dimer" (knowledge/labs.yaml)',
    ],
    [
      "loinc: 1234-5, unit: ug/mL",
      "site.yaml: scores.isth-overt-dic.fibrinMarker.assays[0].loinc: 1234-5 is not a LOINC code HemoSentinel reads (knowledge/labs.yaml)",
    ],
    [
      "lab: platelets, unit: 10*9/L",
      "site.yaml: scores.isth-overt-dic.fibrinMarker.assays[0]: platelets is not a fibrin-related marker of the ISTH score (d-dimer-feu, d-dimer-ddu, d-dimer-unspecified, fdp)",
    ],
    [
      "lab: d-dimer-feu, unit: ng/mL",
      "site.yaml: scores.isth-overt-dic.fibrinMarker.assays[0].unit: d-dimer-feu results are reported in ug/mL; write the cut-offs in that unit",
    ],
  ])("refuses %s, naming the field", (fields, message) => {
    expect(() => resolveSettings(k, assay(fields))).toThrow(SettingsError);
    expect(() => resolveSettings(k, assay(fields))).toThrow(message);
  });

  it("accepts the documented example file (docs/hemosentinel.example.yaml)", () => {
    const name = join(REPO_ROOT, "docs", "hemosentinel.example.yaml");
    const s = resolveSettings(k, { name, settings: readSettingsFile(name) });
    expect(s.scores["isth-overt-dic"].fibrinMarker.uln).toMatchObject({ moderateAbove: 3, strongAbove: 7 });
    expect(s.scores["isth-overt-dic"].fibrinMarker.assays.map((a) => a.lab)).toEqual(["d-dimer-feu"]);
  });

  it("refuses two entries for one assay", () => {
    const twice = file(
      "      assays:\n" +
        "        - { loinc: 48065-7, unit: ug/mL, moderateAbove: 0.5, strongAbove: 5, source: SOP }\n" +
        "        - { loinc: 48065-7, unit: ug/mL, moderateAbove: 1, strongAbove: 5, source: SOP }\n",
    );
    expect(() => resolveSettings(k, twice)).toThrow(
      "site.yaml: scores.isth-overt-dic.fibrinMarker.assays[1]: a second entry for LOINC 48065-7",
    );
  });
});
