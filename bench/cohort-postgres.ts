/**
 * `npm run bench -- --only postgres`: the cohort on PostgreSQL against embedded DuckDB in the same run, on
 * one generated OMOP cohort (2,000 patients by default, `--pg-patients N` for another size; `--quick`:
 * 500): import rows/s (PostgreSQL: the DuckDB import's checks, then COPY FROM STDIN to the server, and
 * the person indexes) and the screen's time (prefilter and full engine on the candidates), with the two
 * ratios and whether both found the same. The server is a throwaway local cluster (fsync off), so the
 * numbers show the cost of the client-server path, not of a tuned production server.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import {
  type CohortDatabase,
  generateCohort,
  type ImportSummary,
  importCdm,
  importCdmIntoPostgres,
  openDuckDb,
  openPostgres,
  postgresBinDir,
  type ScreenItem,
  screenCohort,
  startScratchPostgres,
} from "@hemosentinel/cohort";
import { type Knowledge, openKnowledge } from "@hemosentinel/core";
import { compiledBundle } from "@hemosentinel/knowledge";
import { formatTable } from "./table.js";

const EVALUATED_AT = "2025-06-30T23:59:59Z";
const key = (i: ScreenItem) =>
  JSON.stringify([i.personId, i.kind, i.item, i.certainty, i.grade, i.at, i.drug]);

interface EngineRow {
  readonly engine: string;
  readonly rows: number;
  readonly importMs: number;
  readonly screenMs: number;
  readonly candidates: number;
  readonly items: readonly ScreenItem[];
}

async function measure(
  engine: string,
  db: CohortDatabase,
  load: () => Promise<ImportSummary>,
  knowledge: Knowledge,
): Promise<EngineRow> {
  let t0 = performance.now();
  const summary = await load();
  const importMs = performance.now() - t0;
  t0 = performance.now();
  const screen = await screenCohort(db, knowledge, {
    evaluatedAt: EVALUATED_AT,
    version: "bench",
    record: false,
  });
  return {
    engine,
    rows: summary.tables.reduce((n, t) => n + t.read, 0),
    importMs,
    screenMs: performance.now() - t0,
    candidates: screen.run.candidates,
    items: screen.items,
  };
}

/** The size `--pg-patients` names, or the default. */
function sizeOf(argv: readonly string[], quick: boolean): number {
  const i = argv.indexOf("--pg-patients");
  if (i < 0) return quick ? 500 : 2000;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`--pg-patients takes a whole number, not ${argv[i + 1]}`);
  return n;
}

/**
 * Runs and prints the PostgreSQL stage. Failures set the exit code.
 * @example
 * await cohortPostgresStage(["--pg-patients", "10000"], false);
 */
export async function cohortPostgresStage(argv: readonly string[], quick: boolean): Promise<void> {
  if (postgresBinDir() === undefined) {
    console.error(
      "(9) PostgreSQL: not run, PostgreSQL is not installed (scripts/system-deps.sh installs it)",
    );
    process.exitCode = 1;
    return;
  }
  const patients = sizeOf(argv, quick);
  const dir = mkdtempSync(join(tmpdir(), "hemosentinel-bench-pg-"));
  const server = await startScratchPostgres(mkdtempSync(join(dir, "cluster-")));
  try {
    const knowledge = openKnowledge(compiledBundle());
    const cdm = join(dir, "cdm");
    await generateCohort({ patients, seed: 2026, enrich: 1, out: cdm }, knowledge.incidence);
    const duck = await openDuckDb(join(dir, "bench.duckdb"));
    const onDuck = await measure("DuckDB (embedded)", duck, () => importCdm(duck, cdm, knowledge), knowledge);
    duck.close();
    const pg = await openPostgres(server.url, { cdm: "omop", results: "hemosentinel" });
    const onPg = await measure(
      "PostgreSQL (pg, COPY)",
      pg,
      () => importCdmIntoPostgres(pg, cdm, knowledge),
      knowledge,
    );
    await pg.end();
    const same = JSON.stringify(onPg.items.map(key).sort()) === JSON.stringify(onDuck.items.map(key).sort());
    console.log(
      `\n(9) Cohort on PostgreSQL against DuckDB: ${patients} generated patients, screened as of ${EVALUATED_AT}`,
    );
    console.log(
      formatTable(
        ["database", "rows read", "import ms", "import rows/s", "candidates", "items", "screen ms"],
        [onDuck, onPg].map((r) => [
          r.engine,
          r.rows,
          r.importMs,
          r.rows / (r.importMs / 1000),
          r.candidates,
          r.items.length,
          r.screenMs,
        ]),
      ),
    );
    console.log(
      `PostgreSQL import takes ${(onPg.importMs / onDuck.importMs).toFixed(2)}× DuckDB's, its screen ${(onPg.screenMs / onDuck.screenMs).toFixed(2)}× DuckDB's; findings ${same ? "the same" : "DIFFERENT"}`,
    );
    if (!same) process.exitCode = 1;
  } catch (e) {
    console.error(e);
    process.exitCode = 1;
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
