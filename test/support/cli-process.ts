/** The `hemosentinel` bin as a real process on the sources (tsx), for tests of what a user runs. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const MAIN = join(import.meta.dirname, "..", "..", "packages", "cli", "src", "main.ts");

/**
 * Runs `hemosentinel <args>` and waits for it: exit code, stdout and stderr.
 * @example
 * const { code, stdout } = runMain(["cohort", "sql", "--dialect", "spark"]);
 */
export function runMain(args: readonly string[], timeout = 120_000) {
  const r = spawnSync(process.execPath, ["--conditions=source", "--import", "tsx", MAIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, HEMOSENTINEL_DEBUG: "" },
    timeout,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
