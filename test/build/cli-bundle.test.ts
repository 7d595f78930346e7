/**
 * What the `hemosentinel` executable loads before it can assess a file (packages/cli/vite.config.ts, the
 * build `npm run build` ships): its entry chunk and the chunks that chunk imports statically hold no zod,
 * no YAML reader, no progress-bar library and no UCUM library, which only some runs need (a settings file,
 * a large run on a terminal, a unit outside the spelling table) and which made up most of the start-up
 * time (`npm run bench`, stage 3). A runtime module of the core that imports a value from a schema module
 * (knowledge/drugs.ts, contracts/vocabularies.ts, …) brings zod back: import only types from those, as
 * knowledge/medication-index.ts does.
 */
import { join } from "node:path";
import { build, type Rolldown } from "vite";
import { beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../support/paths.js";

const CLI = join(REPO_ROOT, "packages", "cli");

type Output = Rolldown.RolldownOutput;
type Chunk = Rolldown.OutputChunk;

let chunks: Chunk[];
let entry: Chunk;

/** Module ids as paths from the repository root (node_modules/… for dependencies). */
function shortId(id: string): string {
  const i = id.lastIndexOf("node_modules/");
  return i >= 0 ? id.slice(i) : id.replace(`${REPO_ROOT}/`, "");
}

/** The modules of `chunk` and of every chunk it imports statically: what a process loads at start. */
function loadedAtStart(chunk: Chunk): string[] {
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const seen = new Set<Chunk>();
  const visit = (c: Chunk) => {
    if (seen.has(c)) return;
    seen.add(c);
    for (const name of c.imports) {
      const next = byName.get(name);
      if (next) visit(next);
    }
  };
  visit(chunk);
  return [...seen].flatMap((c) => c.moduleIds.map(shortId));
}

beforeAll(async () => {
  const out = (await build({
    configFile: join(CLI, "vite.config.ts"),
    logLevel: "silent",
    build: { write: false, sourcemap: false, outDir: join(CLI, "dist-test-unwritten") },
  })) as Output | Output[];
  chunks = (Array.isArray(out) ? out : [out])
    .flatMap((o) => o.output)
    .filter((o): o is Chunk => o.type === "chunk");
  const main = chunks.find((c) => c.isEntry && c.fileName === "main.js");
  if (!main) throw new Error("the CLI build has no entry chunk");
  entry = main;
}, 120_000);

describe("the hemosentinel executable (bundled)", () => {
  it("is one entry chunk, dist/main.js, with the bin's shebang", () => {
    expect(entry.fileName).toBe("main.js");
    expect(entry.code.startsWith("#!/usr/bin/env node\n")).toBe(true);
  });

  it("loads no zod, YAML reader, progress bar or UCUM library at start", () => {
    const atStart = loadedAtStart(entry);
    expect(atStart.some((id) => id.startsWith("packages/core/src/engine/"))).toBe(true);
    const heavy = atStart.filter((id) =>
      /^node_modules\/(zod|yaml|cli-progress|@lhncbc\/ucum-lhc)\//.test(id),
    );
    expect(heavy).toEqual([]);
    // Nor the schema modules whose top level builds zod schemas.
    expect(atStart.filter((id) => /packages\/core\/src\/settings\/(parse|schema)\.ts$/.test(id))).toEqual([]);
  });

  it("imports the settings parser and the progress bar on demand", () => {
    // A dynamic chunk may share modules with another one (serve also reads settings files) through a
    // chunk it imports statically: what the dynamic import loads.
    const lazy = chunks.filter((c) => entry.dynamicImports.includes(c.fileName)).flatMap(loadedAtStart);
    expect(lazy.some((id) => id.endsWith("packages/core/src/settings/parse.ts"))).toBe(true);
    expect(lazy.some((id) => id.includes("node_modules/cli-progress/"))).toBe(true);
  });

  it("loads the server only for serve, and leaves DuckDB's native module in node_modules", () => {
    const atStart = loadedAtStart(entry);
    expect(
      atStart.filter((id) => /^(node_modules\/(fastify|jose|pino)\/|packages\/server\/)/.test(id)),
    ).toEqual([]);
    const lazy = chunks.filter((c) => entry.dynamicImports.includes(c.fileName)).flatMap(loadedAtStart);
    expect(lazy).toContain("packages/server/src/server.ts");
    const all = chunks.flatMap((c) => c.moduleIds.map(shortId));
    expect(all.filter((id) => id.startsWith("node_modules/@duckdb/"))).toEqual([]);
  });

  it("loads the cohort package only for the cohort commands, with DuckDB external", () => {
    const atStart = loadedAtStart(entry);
    expect(atStart.filter((id) => id.startsWith("packages/cohort/"))).toEqual([]);
    // The cohort's code sits in a chunk shared with the screen workers' entry (dist/screen-worker.js),
    // which the cohort commands import through a chunk of re-exports.
    const lazy = chunks.filter((c) => entry.dynamicImports.includes(c.fileName)).flatMap(loadedAtStart);
    expect(lazy).toContain("packages/cohort/src/index.ts");
    const cohort = chunks.find((c) =>
      c.moduleIds.some((id) => id.endsWith("packages/cohort/src/database.ts")),
    );
    expect(cohort?.imports).toContain("@duckdb/node-api");
    expect(chunks.flatMap((c) => c.moduleIds.map(shortId)).filter((id) => id.includes("@duckdb/"))).toEqual(
      [],
    );
  });

  it("requires ucum-lhc on first use instead of bundling it", () => {
    const all = chunks.flatMap((c) => c.moduleIds.map(shortId));
    expect(all).toContain("packages/cli/src/ucum-node.ts");
    expect(all.filter((id) => id.startsWith("node_modules/@lhncbc/"))).toEqual([]);
  });
});
