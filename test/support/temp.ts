/**
 * Temporary directories for tests, removed after each test file (test/setup/temp-dirs.ts): a test never
 * leaves one behind, and the run's own check (test/setup/tmpdir.ts) fails when anything else does.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made = new Set<string>();

/**
 * A new empty directory under the system's temporary directory, removed when the test file ends.
 * @example
 * const dir = tempDir("input-"); // /tmp/…/hemosentinel-input-Xa81bQ
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `hemosentinel-${prefix}`));
  made.add(dir);
  return dir;
}

/** Removes every directory {@link tempDir} made (a test that takes permissions away gives them back). */
export function removeTempDirs(): void {
  for (const dir of made) {
    rmSync(dir, { recursive: true, force: true });
    made.delete(dir);
  }
}
