import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

// Packages resolve to their TypeScript sources in tests (the "source" export condition), so the suite
// needs no build of the packages it tests.
const conditions = ["source", "module", "node", "development|production"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    // A temporary directory of the run's own, which must be empty at the end (tests leave nothing behind).
    globalSetup: ["test/setup/tmpdir.ts"],
    setupFiles: ["test/setup/temp-dirs.ts"],
    // A time-out here guards against a hang, not speed (speed is the benchmarks' job): loading the
    // knowledge from YAML and generating every threshold's boundary probes take seconds on a loaded machine.
    testTimeout: 30_000,
    // One worker per core: Vitest's default leaves a core for itself, which on a 2-core CI machine is a
    // single worker while much of a test's time goes to child processes (CLI, DuckDB, the browser).
    maxWorkers: availableParallelism(),
    projects: [
      {
        extends: true,
        test: {
          name: "all",
          include: ["packages/*/src/**/*.test.ts", "test/**/*.test.ts", "bench/**/*.test.ts"],
        },
      },
      // Date-window rules are re-run under a second time zone (see package.json "test"). Its files are in
      // "all" too: the first run of `npm test` runs "all" only, so that they do not run twice in one zone.
      // Its files test pure date functions of the core and the cohort package, and the published cases with
      // their date-times at other offsets (no I/O, no state of their own): they share one worker and its loaded
      // modules rather than each starting a process.
      {
        extends: true,
        test: {
          name: "timezone",
          include: ["packages/*/src/**/*.tz.test.ts", "test/safety/*.tz.test.ts"],
          isolate: false,
        },
      },
    ],
  },
});
