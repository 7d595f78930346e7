/**
 * `assess --config` end to end with the real runtime (knowledge base, adapters, core, renderers): the
 * settings file changes the ISTH score, every report states the settings in force, and a file that
 * cannot be used stops the run with exit 2 and one line naming the field.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AssessmentReport } from "@hemosentinel/core";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../../../test/support/temp.js";
import { type CliIO, EXIT_OK, EXIT_USAGE, type Runtime, runCli } from "./program.js";
import { nodeRuntime } from "./runtime.js";

const HEADER =
  "patient_id,record_type,date,end_date,code_system,code,text,value,unit,ref_low,ref_high,grade,dose_kind,qualifiers,birth_date,sex";
const AT = "2024-03-01T08:00:00Z";
/** Platelets 45 (2), PT 4 s over its ULN (1), fibrinogen 0.9 (1), D-dimer FEU 2.0 with ULN 0.5: 4 x ULN. */
const CSV = [
  HEADER,
  "p1,dose,2024-01-10,,text,,pembrolizumab,,,,,,administration,,,",
  `p1,lab,${AT},,lab,platelets,,45,10*9/L,150,400,,,,,`,
  `p1,lab,${AT},,lab,pt,,17.5,s,11,13.5,,,,,`,
  `p1,lab,${AT},,lab,fibrinogen,,0.9,g/L,2,4,,,,,`,
  `p1,lab,${AT},,loinc,48065-7,D-dimer,2.0,ug/mL,,0.5,,,,,`,
].join("\n");

const SITE = `version: 1
scores:
  isth-overt-dic:
    fibrinMarker:
      assays:
        - { loinc: 48065-7, unit: ug/mL, moderateAbove: 0.5, strongAbove: 1.5, source: "Lab SOP H-12" }
`;

let dir: string;
let runtime: Runtime;
beforeAll(() => {
  dir = tempDir("config-");
  writeFileSync(join(dir, "p1.csv"), CSV);
  runtime = nodeRuntime();
});
const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};

async function run(...args: string[]) {
  let out = "";
  let err = "";
  const io: CliIO = {
    stdout: { isTTY: false, write: (s: string) => (out += s) },
    stderr: { isTTY: false, write: (s: string) => (err += s) },
    readStdin: async () => "",
    writeFile: () => {},
    env: {},
    now: () => new Date(AT),
  };
  const code = await runCli(["assess", join(dir, "p1.csv"), "--at", "2024-03-01", ...args], io, runtime);
  return { code, out, err };
}
const isth = (report: AssessmentReport) => report.patients[0]?.scores.find((s) => s.id === "isth-overt-dic");

describe("hemosentinel assess --config", () => {
  it("without --config: the knowledge base's multiples, stated as the default (D-dimer 4 x ULN scores 2)", async () => {
    const r = await run();
    expect(r.code).toBe(EXIT_OK);
    const report = JSON.parse(r.out) as AssessmentReport;
    expect(report.settings.source).toBe("default");
    expect(report.settings.values.scores["isth-overt-dic"].fibrinMarker.uln).toMatchObject({
      moderateAbove: 3,
      strongAbove: 7,
    });
    expect(isth(report)?.components["fibrin-marker"]).toBe(2);
    expect(isth(report)?.value).toBe(6);
  }, 30_000);

  it("with --config: the site's cut-offs change the score, and the report names the file as typed", async () => {
    const path = write("hemosentinel.yaml", SITE);
    const r = await run("--config", path);
    expect(r.code).toBe(EXIT_OK);
    expect(r.err).toBe("");
    const report = JSON.parse(r.out) as AssessmentReport;
    expect(report.settings.source).toBe(path);
    expect(report.settings.values.scores["isth-overt-dic"].fibrinMarker.assays).toEqual([
      {
        lab: "d-dimer-feu",
        loinc: "48065-7",
        unit: "ug/mL",
        moderateAbove: 0.5,
        strongAbove: 1.5,
        source: "Lab SOP H-12",
      },
    ]);
    expect(isth(report)?.components["fibrin-marker"]).toBe(3);
    expect(isth(report)?.value).toBe(7);
  }, 30_000);

  it("the text and HTML reports show the settings in their header", async () => {
    const path = write("hemosentinel.yaml", SITE);
    const text = (await run("--config", path, "--format", "text")).out;
    expect(text).toContain(`settings: ${path}\n`);
    expect(text).toContain(
      "  ISTH fibrin marker, D-dimer (fibrinogen-equivalent units) LOINC 48065-7: > 0.5 µg/mL moderate, > 1.5 µg/mL strong increase (Lab SOP H-12)\n",
    );
    const page = (await run("--config", path, "--format", "html")).out;
    expect(page).toContain(`<p class="meta settings-source">settings: ${path}</p>`);
  }, 30_000);

  it.each([
    [
      "an invalid field",
      SITE.replace("strongAbove: 1.5", "strongAbove: 0.4"),
      "scores.isth-overt-dic.fibrinMarker.assays[0].strongAbove: must be greater than moderateAbove",
    ],
    ["an unknown key", SITE.replace("scores:", "colour: red\nscores:"), '(top level): unknown key "colour"'],
    [
      "a LOINC code the catalogue does not know",
      SITE.replace("48065-7", "1234-5"),
      "scores.isth-overt-dic.fibrinMarker.assays[0].loinc: 1234-5 is not a LOINC code HemoSentinel reads",
    ],
  ])(
    "exits 2 on %s, with one line naming the file and the field, and no report",
    async (_, text, message) => {
      const path = write("bad.yaml", text);
      const r = await run("--config", path);
      expect(r.code).toBe(EXIT_USAGE);
      expect(r.out).toBe("");
      expect(r.err).toContain(`hemosentinel: ${path}: `);
      expect(r.err).toContain(message);
      expect(r.err.trim().split("\n")).toHaveLength(1);
    },
    30_000,
  );

  it("exits 2 when the settings file does not exist", async () => {
    const r = await run("--config", "no/such/hemosentinel.yaml");
    expect(r.code).toBe(EXIT_USAGE);
    expect(r.err).toBe("hemosentinel: no/such/hemosentinel.yaml: cannot read the settings file (ENOENT)\n");
  }, 30_000);
});
