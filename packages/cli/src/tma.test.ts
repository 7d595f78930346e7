/**
 * The lead's patient, as a user runs the CLI on a CSV export: ipilimumab, then platelets 15 ×10⁹/L,
 * haemoglobin 7.9 g/dL, schistocytes 5 %, LDH 1200 U/L, creatinine 3.8 mg/dL and ADAMTS13 55 %. TTP is
 * excluded by ADAMTS13 > 20 %, ITP and Evans by the microangiopathy: the report must name the thrombotic
 * microangiopathy that is not TTP (drug-induced or complement-mediated, HUS) in its summary, as one
 * unexplained item with ASCO 2021's HUS plan — not two generic cytopenias. With schistocytes at 1 % (not
 * above the ICSH cut-off) it must not.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AssessmentReport } from "@hemosentinel/core";
import { afterAll, describe, expect, it } from "vitest";

const MAIN = join(import.meta.dirname, "main.ts");
const DIR = mkdtempSync(join(tmpdir(), "hemosentinel-tma-"));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

function csv(schistocytesPct: string): string {
  const rows = [
    "patient_id,record_type,date,code_system,code,text,value,unit",
    "p1,event,2023-11-01,text,,Metastatic melanoma,,",
    "p1,dose,2024-01-05,text,,ipilimumab,,",
    "p1,dose,2024-01-26,text,,ipilimumab,,",
    "p1,dose,2024-02-16,text,,ipilimumab,,",
    "p1,lab,2024-01-04,lab,platelets,,220,10*9/L",
    "p1,lab,2024-01-04,lab,hemoglobin,,13.5,g/dL",
    "p1,lab,2024-01-04,lab,creatinine,,0.9,mg/dL",
    "p1,lab,2024-03-02,lab,platelets,,15,10*9/L",
    "p1,lab,2024-03-02,lab,hemoglobin,,7.9,g/dL",
    `p1,lab,2024-03-02,lab,schistocytes-pct,,${schistocytesPct},%`,
    "p1,lab,2024-03-02,lab,ldh,,1200,U/L",
    "p1,lab,2024-03-02,lab,creatinine,,3.8,mg/dL",
    "p1,lab,2024-03-02,lab,adamts13-activity,,55,%",
  ];
  return `${rows.join("\n")}\n`;
}

function assess(schistocytesPct: string, format: "text" | "json") {
  const file = join(DIR, `tma-${schistocytesPct}.csv`);
  writeFileSync(file, csv(schistocytesPct));
  const r = spawnSync(
    process.execPath,
    [
      "--conditions=source",
      "--import",
      "tsx",
      MAIN,
      "assess",
      file,
      "--format",
      format,
      "--at",
      "2024-03-03",
    ],
    { encoding: "utf8", env: { ...process.env, NO_COLOR: "1", HEMOSENTINEL_DEBUG: "" }, timeout: 60_000 },
  );
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

const NAME =
  "Thrombotic microangiopathy with ADAMTS13 > 20 % — not TTP: consider drug-induced or complement-mediated TMA (HUS)";

describe("a thrombotic microangiopathy with ADAMTS13 > 20 % after ipilimumab (CLI, CSV)", () => {
  it("is named in the summary line and listed once, with the checkpoint-inhibitor decision", () => {
    const text = assess("5", "text");
    expect(text).toContain(`1 serious abnormality is unexplained: ${NAME} — see Unexplained.`);
    expect(text).toContain("UNEXPLAINED (1)");
    expect(text).toContain(`${NAME}, grade 3`);
    expect(text).toContain("Permanently discontinue the checkpoint inhibitor");
    expect(text).toContain("begin eculizumab");
    expect(text).toContain(
      "Do not give prophylactic platelet transfusions unless bleeding is life-threatening",
    );
    expect(text).not.toContain("Continue the checkpoint inhibitor");
    const report = JSON.parse(assess("5", "json")) as AssessmentReport;
    const [p] = report.patients;
    expect(p?.findings).toEqual([]);
    expect(p?.unexplained.map((u) => u.abnormality)).toEqual(["tma-not-ttp"]);
    expect(p?.unexplained[0]?.workup.map((w) => w.id)).toEqual(
      expect.arrayContaining(["stool-stec", "complement-c3-c4", "complement-factor-h-i", "sc5b-9"]),
    );
  });

  it("is not named with schistocytes at 1 % (not above the ICSH cut-off)", () => {
    const text = assess("1", "text");
    expect(text).not.toContain(NAME);
  });
});
