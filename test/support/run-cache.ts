/**
 * What a test run builds once and its test files share (test/support/knowledge.ts, the web app's build of
 * test/browser/web-support.ts): kept under the run's temporary directory (test/setup/tmpdir.ts), in the
 * folder the run's end-of-run check knows is no file a test left, and removed with it. The sources do not
 * change during a run, so what is built from them in one test file holds for the others.
 */
import { join } from "node:path";

/** The folder's name in the run's temporary directory (test/setup/tmpdir.ts leaves it out of its check). */
export const RUN_CACHE = "run-cache";

/** Where `name` is kept for the run, or undefined outside a Vitest run (no HEMOSENTINEL_TEST_TMPDIR). */
export function runCachePath(name: string): string | undefined {
  const run = process.env.HEMOSENTINEL_TEST_TMPDIR;
  return run === undefined ? undefined : join(run, RUN_CACHE, name);
}
