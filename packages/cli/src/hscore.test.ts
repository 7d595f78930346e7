/**
 * The HScore as a user gets it from the CLI on a CSV export: day 19 after axicabtagene ciloleucel, a
 * temperature charted in Fahrenheit an hour after the blood draw (103.1 °F = 39.5 °C), a charted
 * splenomegaly, pancytopenia, ferritin 12,000 ng/mL, triglycerides 400 mg/dL, fibrinogen 1.1 g/L and AST
 * 180 U/L: 49 + 23 + 34 + 50 + 64 + 30 + 19 = 269, above 250 (> 99 %) whatever the items the record cannot
 * hold (immunosuppression, hepatomegaly, marrow haemophagocytosis), which are named as missing. Without the
 * temperature the score is incomplete and names the bands it can still reach. A CAR-T coagulopathy finding
 * (CARAC; HLH / IEC-HS is its differential) reports the score with it.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AssessmentReport } from "@hemosentinel/core";
import { afterAll, describe, expect, it } from "vitest";
import { runMain } from "../../../test/support/cli-process.js";

const DIR = mkdtempSync(join(tmpdir(), "hemosentinel-hscore-"));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

function csv(withTemperature: boolean): string {
  const rows = [
    "patient_id,record_type,date,code_system,code,text,value,unit",
    "p1,event,2023-11-01,text,,Diffuse large B-cell lymphoma,,",
    "p1,dose,2024-03-01,text,,axicabtagene ciloleucel,,",
    "p1,event,2024-03-19,text,,Splenomegaly,,",
    "p1,lab,2024-03-20T08:00:00Z,lab,platelets,,40,10*9/L",
    "p1,lab,2024-03-20T08:00:00Z,lab,hemoglobin,,8.1,g/dL",
    "p1,lab,2024-03-20T08:00:00Z,lab,wbc,,1.2,10*9/L",
    "p1,lab,2024-03-20T08:00:00Z,lab,ferritin,,12000,ng/mL",
    "p1,lab,2024-03-20T08:00:00Z,loinc,2571-8,Triglycerides,400,mg/dL",
    "p1,lab,2024-03-20T08:00:00Z,lab,fibrinogen,,1.1,g/L",
    "p1,lab,2024-03-20T08:00:00Z,lab,ast,,180,U/L",
    ...(withTemperature ? ["p1,lab,2024-03-20T09:00:00Z,loinc,8310-5,Body temperature,103.1,[degF]"] : []),
  ];
  return `${rows.join("\n")}\n`;
}

function assess(withTemperature: boolean, format: "text" | "json"): string {
  const file = join(DIR, `hscore-${withTemperature}.csv`);
  writeFileSync(file, csv(withTemperature));
  const r = runMain(["assess", file, "--format", format, "--at", "2024-03-21"], 60_000);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

const hscoreOf = (json: string) =>
  (JSON.parse(json) as AssessmentReport).patients[0]?.scores.find((s) => s.id === "hscore");

describe("the HScore after CAR-T cells (CLI, CSV)", () => {
  it("scores 269, > 99 %, with the Fahrenheit temperature read and the items the record lacks named", () => {
    const s = hscoreOf(assess(true, "json"));
    expect(s).toMatchObject({
      value: 269,
      category: "from-250",
      at: "2024-03-20T09:00:00Z",
      components: {
        temperature: 49,
        organomegaly: "23-38",
        cytopenias: 34,
        ferritin: 50,
        triglycerides: 64,
        fibrinogen: 30,
        ast: 19,
      },
      missing: ["immunosuppression", "organomegaly", "marrow-hemophagocytosis"],
    });
    const text = assess(true, "text");
    expect(text).toContain("HScore for reactive haemophagocytic syndrome: 269");
    expect(text).toContain("probability of reactive haemophagocytic syndrome > 99%");
  });

  it("without a temperature it is incomplete: 220 certain, and the bands it can still reach", () => {
    const s = hscoreOf(assess(false, "json"));
    expect(s).toMatchObject({ value: 220, category: "incomplete" });
    expect(s?.missing).toContain("temperature");
    expect(s?.interpretation).toContain(
      "Could be 250 or more (> 99 %) or 230–239 (98 % to 99 %) or 220–229 (96 % to 98 %)",
    );
  });

  it("is reported with a CAR-T coagulopathy finding, HLH being its differential", () => {
    const file = join(DIR, "carac.csv");
    const rows = [
      "patient_id,record_type,date,code_system,code,text,value,unit,grade",
      "p1,dose,2024-03-01,text,,axicabtagene ciloleucel,,,",
      "p1,event,2024-03-03,text,,Cytokine release syndrome,,,2",
      ...[
        "platelets,,40,10*9/L",
        "hemoglobin,,8.1,g/dL",
        "ferritin,,12000,ng/mL",
        "fibrinogen,,0.9,g/L",
        "ast,,180,U/L",
        "d-dimer-feu,,8,mg/L",
        "pt,,15,s",
      ].map((r) => `p1,lab,2024-03-05T08:00:00Z,lab,${r},`),
    ];
    writeFileSync(file, `${rows.join("\n")}\n`);
    const r = runMain(["assess", file, "--format", "json", "--at", "2024-03-06"], 60_000);
    expect(r.code, r.stderr).toBe(0);
    const carac = (JSON.parse(r.stdout) as AssessmentReport).patients[0]?.findings.find(
      (f) => f.disorder === "carac",
    );
    expect(carac?.scores.map((x) => x.id)).toContain("hscore");
  });
});
