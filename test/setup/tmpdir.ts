/**
 * The test run's own temporary directory: TMPDIR points into a fresh directory for the whole run (test
 * workers and the processes they start inherit it), so that what a test leaves behind is seen — the run
 * fails naming it — and then removed, and runs beside each other (two checkouts) never see each other's
 * files. `HEMOSENTINEL_KEEP_DIR` is the system's temporary directory, for what a person is meant to look
 * at after the run (the browser test's screenshots).
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Caches kept in the temporary directory (tsx's compile cache, what the test files share: the run's cache of
 * test/support/run-cache.ts), not files a test left.
 */
const TOOL_CACHES = /^(tsx-\d+|run-cache)$/;

export default function setup(): () => void {
  // Each project of the run calls this; the first one makes the directory.
  if (process.env.HEMOSENTINEL_TEST_TMPDIR !== undefined) return () => {};
  const system = tmpdir();
  const run = mkdtempSync(join(system, "hemosentinel-test-run-"));
  process.env.TMPDIR = run;
  process.env.HEMOSENTINEL_TEST_TMPDIR = run;
  process.env.HEMOSENTINEL_KEEP_DIR ??= system;
  return () => {
    const left = readdirSync(run).filter((name) => !TOOL_CACHES.test(name));
    rmSync(run, { recursive: true, force: true });
    if (left.length === 0) return;
    // Vitest reports an error thrown here but still exits 0: the exit code is set as well.
    process.exitCode = 1;
    throw new Error(`tests left ${left.length} temporary file(s) or directories behind: ${left.join(", ")}`);
  };
}
