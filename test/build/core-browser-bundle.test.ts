/**
 * `packages/core` is browser-safe: Vite, the bundler of the web app, builds its public API
 * (src/index.ts) as a browser library, and
 * - the build fails on any import of a Node built-in (`node:fs`, `fs`, `module`, …) anywhere in the core or
 *   its dependencies: a plugin refuses them where Vite would otherwise swap in an empty stand-in and only
 *   warn;
 * - the bundle carries no `require(` and no `node:` import left for a browser to trip on;
 * - the bundle loads and runs in a V8 context with none of Node's globals (no `require`, `process`,
 *   `Buffer`, `module`): it opens the knowledge bundle, converts a unit through UCUM (so ucum-lhc's unit
 *   definitions JSON is in the bundle), reads a FHIR bundle and a CSV file, and its report is the one the
 *   core gives in Node, byte for byte.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative } from "node:path";
import { createContext, runInContext } from "node:vm";
import * as core from "@hemosentinel/core";
import { build, type Plugin } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testKnowledgeBundle } from "../support/knowledge.js";
import { REPO_ROOT } from "../support/paths.js";
import { tempDir } from "../support/temp.js";

const CORE_ENTRY = join(REPO_ROOT, "packages", "core", "src", "index.ts");
const GLOBAL_NAME = "HemoSentinelCore";
const EVALUATED_AT = "2026-11-01T23:59:59Z";
/** A published case whose fibrinogen comes in mg/dL (converted through UCUM to g/L). */
const FHIR_EXAMPLE = join(REPO_ROOT, "examples", "control-nivolumab-sepsis-overt-dic.json");
const CSV = `patient_id,record_type,date,code_system,code,value,unit
csv-1,patient,,,,,
csv-1,lab,2024-03-01,loinc,777-3,12,10^9/L
csv-1,lab,2024-03-01,loinc,3255-7,150,mg/dL
`;

/** A Node built-in as an import names it: `node:fs`, `fs`, `fs/promises`. */
function isNodeBuiltin(id: string): boolean {
  if (id.startsWith("node:")) return true;
  return builtinModules.some((m) => id === m || id.startsWith(`${m}/`));
}

/** Records every import of a Node built-in (and keeps it external, so that all of them are listed). */
function refuseNodeBuiltins(found: string[]): Plugin {
  return {
    name: "refuse-node-builtins",
    enforce: "pre",
    resolveId(source, importer) {
      if (!isNodeBuiltin(source)) return null;
      found.push(`${importer === undefined ? "(entry)" : relative(REPO_ROOT, importer)} imports ${source}`);
      return { id: source, external: true };
    },
  };
}

/** Builds `entry` as a browser library (ES module and IIFE) into `outDir`; the built-ins it imports. */
async function buildForBrowser(entry: string, outDir: string): Promise<string[]> {
  const found: string[] = [];
  await build({
    configFile: false,
    root: REPO_ROOT,
    logLevel: "silent",
    plugins: [refuseNodeBuiltins(found)],
    build: {
      lib: { entry, formats: ["es", "iife"], name: GLOBAL_NAME, fileName: (format) => `core.${format}.js` },
      outDir,
      emptyOutDir: true,
      minify: false,
      sourcemap: false,
      reportCompressedSize: false,
      copyPublicDir: false,
    },
  });
  return found;
}

/** What the test runs inside the browser-like context and in Node: one report as JSON. */
const SCENARIO = (core: string) => `(() => {
  const k = ${core}.openKnowledge(JSON.parse(bundleText));
  const fibrinogen = k.vocabulary.labById("fibrinogen");
  const converted = ${core}.createUnitConverter(k.vocabulary.unitSpellings).convert(300, "mg/dL", fibrinogen);
  const engine = ${core}.createEngine(k, { evaluatedAt: "${EVALUATED_AT}", version: "browser-test" });
  engine.add({ kind: "fhir", value: JSON.parse(fhirText) }, "case.json");
  engine.add({ kind: "csv", text: csvText }, "labs.csv");
  return JSON.stringify({ converted, report: engine.report() });
})()`;

let dir: string;
let found: string[];
let es: string;
let iife: string;
const bundleText = JSON.stringify(testKnowledgeBundle());
const fhirText = readFileSync(FHIR_EXAMPLE, "utf8");

beforeAll(async () => {
  dir = tempDir("core-browser-");
  found = await buildForBrowser(CORE_ENTRY, dir);
  es = readFileSync(join(dir, "core.es.js"), "utf8");
  iife = readFileSync(join(dir, "core.iife.js"), "utf8");
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("packages/core in a browser bundle (Vite)", () => {
  it("imports no Node built-in, directly or through a dependency", () => {
    expect(found).toEqual([]);
  });

  it("leaves no require( and no node: import in the bundle", () => {
    for (const code of [es, iife]) {
      expect(code).not.toMatch(/\brequire\s*\(/);
      expect(code).not.toMatch(/["']node:[a-z_/]+["']/);
      expect(code).not.toContain("__vite-browser-external");
    }
  });

  it("loads and runs without Node's globals, UCUM tables and CSV parser included, with Node's report", () => {
    const context = createContext({ bundleText, fhirText, csvText: CSV });
    expect(runInContext("typeof require + typeof process + typeof Buffer + typeof module", context)).toBe(
      "undefinedundefinedundefinedundefined",
    );
    runInContext(iife, context, { filename: "core.iife.js" });
    const inBrowser = JSON.parse(runInContext(SCENARIO(GLOBAL_NAME), context) as string);
    expect(inBrowser.converted).toEqual({ ok: true, value: 3, unit: "g/L" });
    const report = inBrowser.report;
    expect(report.patients.map((p: { patientId: string }) => p.patientId)).toContain("csv-1");
    expect(report.inputErrors).toEqual([]);

    // The same scenario in Node, with the core from its sources.
    const scenario = new Function("core", "bundleText", "fhirText", "csvText", `return ${SCENARIO("core")};`);
    expect(inBrowser).toEqual(JSON.parse(scenario(core, bundleText, fhirText, CSV)));
  });

  it("runs the calculators and the atlas without Node's globals, as in Node (the web app's calculator and atlas pages)", () => {
    const tools = (c: string) => `(() => {
      const k = ${c}.openKnowledge(JSON.parse(bundleText));
      const example = ${c}.calculatorExample(k, "isth-overt-dic");
      const out = ${c}.calculate(k, "french-tma", { values: { platelets: { value: 12000, unit: "/uL" }, creatinine: { value: 97.2, unit: "umol/L" } } });
      return JSON.stringify({
        demo: ${c}.calculate(k, "isth-overt-dic", example.input).result.value,
        text: ${c}.calculationText(out.result),
        hits: ${c}.createAtlasIndex(k).search("Keytruda").map((h) => h.path),
        page: ${c}.disorderPage(k, "ttp").references.length,
      });
    })()`;
    const context = createContext({ bundleText });
    runInContext(iife, context, { filename: "core.iife.js" });
    const inBrowser = JSON.parse(runInContext(tools(GLOBAL_NAME), context) as string);
    expect(inBrowser.demo).toBe(7);
    expect(inBrowser.text).toContain("French TMA score: 2 (high)");
    expect(inBrowser.hits[0]).toBe("/atlas/drug/pembrolizumab");
    const inNode = new Function("core", "bundleText", `return ${tools("core")};`);
    expect(inBrowser).toEqual(JSON.parse(inNode(core, bundleText)));
  });
});

describe("the Node built-in check", () => {
  it("names every built-in an entry imports, with or without node:", async () => {
    const control = tempDir("builtin-control-");
    try {
      const entry = join(control, "entry.js");
      writeFileSync(
        entry,
        'import { readFileSync } from "node:fs";\nimport { join } from "path";\nexport const f = () => readFileSync(join("a", "b"));\n',
      );
      const refused = await buildForBrowser(entry, join(control, "out"));
      // Once per output format (ES module and IIFE).
      expect([...new Set(refused.map((r) => r.replace(/^.* imports /, "")))].sort()).toEqual([
        "node:fs",
        "path",
      ]);
    } finally {
      rmSync(control, { recursive: true, force: true });
    }
  }, 60_000);

  it("tells built-ins from packages", () => {
    expect(["node:fs", "fs", "fs/promises", "module", "node:stream/consumers"].every(isNodeBuiltin)).toBe(
      true,
    );
    expect(["zod", "csv-parse/sync", "@lhncbc/ucum-lhc", "./fs.js", "yaml"].some(isNodeBuiltin)).toBe(false);
  });
});
