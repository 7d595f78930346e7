/**
 * `hemosentinel pv import` and `pv signals` through the CLI, on a small generated FAERS quarter: what a
 * drug-safety user types, what they get back, and the exit codes of their mistakes.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { testKnowledgeBundle } from "../../../test/support/knowledge.js";
import { tempDir } from "../../../test/support/temp.js";
import { type CliIO, EXIT_OK, EXIT_USAGE, type Runtime, runCli } from "./program.js";
import { parsePrior } from "./pv.js";

const bundle = testKnowledgeBundle();
const runtime: Runtime = {
  version: "9.9.9",
  knowledgeVersion: () => bundle.version,
  load: () => {
    throw new Error("pv commands do not load the engine");
  },
  knowledgeBundle: () => bundle,
};

async function run(argv: string[]) {
  let stdout = "";
  let stderr = "";
  const files = new Map<string, string>();
  const io: CliIO = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    readStdin: async () => "",
    writeFile: (path, text) => files.set(path, text),
    env: {},
    now: () => new Date("2026-01-01T00:00:00Z"),
  };
  const code = await runCli(argv, io, runtime);
  return { code, stdout, stderr, files };
}

/**
 * One quarter: 40 reports of teclistamab (12 with ITP), 40 of pembrolizumab (2 with ITP), 200 of aspirin
 * (2 with ITP), every report also with pyrexia.
 */
function quarter(dir: string): void {
  const demo = ["primaryid$caseid$caseversion$fda_dt$age$age_cod$sex$"];
  const drug = ["primaryid$caseid$drug_seq$role_cod$drugname$prod_ai$"];
  const reac = ["primaryid$caseid$pt$"];
  let id = 0;
  const add = (name: string, count: number, itp: number) => {
    for (let i = 0; i < count; i++) {
      id++;
      demo.push(`${id}1$${id}$1$20250301$60$YR$${i % 2 ? "F" : "M"}$`);
      drug.push(`${id}1$${id}$1$PS$${name}$$`);
      reac.push(`${id}1$${id}$Pyrexia$`);
      if (i < itp) reac.push(`${id}1$${id}$Immune thrombocytopenia$`);
    }
  };
  add("TECVAYLI", 40, 12);
  add("KEYTRUDA", 40, 2);
  add("ASPIRIN", 200, 2);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "DEMO25Q1.txt"), `${demo.join("\n")}\n`);
  writeFileSync(join(dir, "DRUG25Q1.txt"), `${drug.join("\n")}\n`);
  writeFileSync(join(dir, "REAC25Q1.txt"), `${reac.join("\n")}\n`);
}

let dir = "";
let db = "";
beforeAll(async () => {
  dir = tempDir("pv-cli-");
  quarter(join(dir, "faers", "2025q1"));
  db = join(dir, "faers.duckdb");
  const imported = await run(["pv", "import", join(dir, "faers"), "--db", db]);
  expect(imported.code).toBe(EXIT_OK);
});

describe("hemosentinel pv", () => {
  it("import prints what was kept, mapped and rejected", async () => {
    const again = await run(["pv", "import", join(dir, "faers"), "--db", db, "--format", "json"]);
    expect(again.code).toBe(EXIT_OK);
    const summary = JSON.parse(again.stdout);
    expect(summary).toMatchObject({ format: "faers", reports: 280, superseded: 0, rejected: [] });
    expect(summary.drugNames).toMatchObject({ distinct: 3, matched: 2, unmatched: 1 });
  });

  it("signals --format csv: one row per drug–event pair with n, e and every statistic", async () => {
    const { code, stdout } = await run([
      "pv",
      "signals",
      "--db",
      db,
      "--format",
      "csv",
      "--method",
      "ror,prr,ic",
    ]);
    expect(code).toBe(EXIT_OK);
    const [header, ...lines] = stdout.trim().split("\n");
    expect(header).toBe(
      "drug,event,n,e,ebgm,eb05,eb95,ror,ror_lower,ror_upper,prr,chi2,ic,ic025,drug_reports,event_reports,total_reports,signals",
    );
    const tec = lines.find((l) => l.startsWith("teclistamab,itp,"))?.split(",") ?? [];
    expect(tec[2]).toBe("12");
    // 2 × 2 table: a 12, b 28, c 4, d 236 → ROR (12·236)/(28·4) = 25.2857…; PRR (12/40)/(4/240) = 18.
    expect(Number(tec[7])).toBeCloseTo(25.285714, 5);
    expect(Number(tec[10])).toBeCloseTo(18, 10);
    expect(tec[4]).toBe(""); // EBGM not requested
    expect(tec[17]).toBe("ror evans ic");
    const pembro = lines.find((l) => l.startsWith("pembrolizumab,itp,"))?.split(",") ?? [];
    expect(pembro[2]).toBe("2");
    expect(pembro[17]).toBe("");
  });

  it("signals --class and --target aggregate the catalogue, and --drug selects", async () => {
    const byClass = JSON.parse(
      (await run(["pv", "signals", "--db", db, "--class", "--method", "ror", "--format", "json"])).stdout,
    );
    expect(byClass.rows.map((r: { drug: string }) => r.drug)).toEqual(
      expect.arrayContaining(["bispecific", "ici"]),
    );
    const byTarget = JSON.parse(
      (await run(["pv", "signals", "--db", db, "--target", "BCMA", "--method", "ror", "--format", "json"]))
        .stdout,
    );
    expect(new Set(byTarget.rows.map((r: { drug: string }) => r.drug))).toEqual(new Set(["BCMA"]));
    const one = JSON.parse(
      (await run(["pv", "signals", "--db", db, "--drug", "Tecvayli", "--method", "ror", "--format", "json"]))
        .stdout,
    );
    expect(new Set(one.rows.map((r: { drug: string }) => r.drug))).toEqual(new Set(["teclistamab"]));
    expect(one.knowledge.version).toBe(bundle.version);
  });

  it("signals --comparator immunotherapy compares within immunotherapy reports only", async () => {
    const { stdout } = await run([
      "pv",
      "signals",
      "--db",
      db,
      "--comparator",
      "immunotherapy",
      "--format",
      "json",
    ]);
    const tec = JSON.parse(stdout).rows.find(
      (r: { drug: string; event: string }) => r.drug === "teclistamab" && r.event === "itp",
    );
    expect(tec.total_reports).toBe(80);
  });

  it("signals --prior uses the given hyperparameters, and --format html writes the report", async () => {
    const { code, files } = await run([
      "pv",
      "signals",
      "--db",
      db,
      "--prior",
      "0.2,0.1,2,4,0.33",
      "--format",
      "html",
      "--out",
      "s.html",
    ]);
    expect(code).toBe(EXIT_OK);
    const html = files.get("s.html") ?? "";
    expect(html).toContain("<title>HemoSentinel — disproportionality signals</title>");
    expect(html).toContain("EBGM prior (given)");
  });

  it("refuses mistakes with exit code 2 and a specific message", async () => {
    expect(await run(["pv", "signals", "--db", join(dir, "none.duckdb")])).toMatchObject({
      code: EXIT_USAGE,
      stderr: expect.stringMatching(/no such database/),
    });
    expect(await run(["pv", "signals", "--db", db, "--drug", "--class"])).toMatchObject({ code: EXIT_USAGE });
    expect(await run(["pv", "signals", "--db", db, "--method", "gps"])).toMatchObject({
      code: EXIT_USAGE,
      stderr: expect.stringMatching(/--method gps/),
    });
    expect(await run(["pv", "signals", "--db", db, "--drug", "notadrug"])).toMatchObject({
      code: EXIT_USAGE,
      stderr: expect.stringMatching(/not a drug of the catalogue/),
    });
    expect(await run(["pv", "import", join(dir, "missing"), "--db", db])).toMatchObject({ code: EXIT_USAGE });
  });

  it("reads --prior as five numbers with p in [0, 1]", async () => {
    await expect(parsePrior("3.2537864,0.3998884,2.0261305,1.9080826,0.0653457")).resolves.toEqual({
      alpha1: 3.2537864,
      beta1: 0.3998884,
      alpha2: 2.0261305,
      beta2: 1.9080826,
      p: 0.0653457,
    });
    await expect(parsePrior("1,2,3,4")).rejects.toThrow(/five numbers/);
    await expect(parsePrior("1,2,3,4,1.5")).rejects.toThrow(/p must lie between 0 and 1/);
    await expect(parsePrior("0,2,3,4,0.5")).rejects.toThrow(/alpha1 must be a positive number/);
    await expect(parsePrior("1,2,x,4,0.5")).rejects.toThrow(/five numbers/);
  });
});
