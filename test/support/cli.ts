/** The CLI in tests with the real engine: a runtime over the knowledge sources and a run with captured streams. */
import { type AssessmentReport, createEngine, renderContextOf } from "@hemosentinel/core";
import { type Runtime, runCli } from "../../packages/cli/src/program.js";
import { testKnowledge } from "./knowledge.js";

/** The runtime of the tests: the real engine over the knowledge sources (no build needed). */
export function sourceRuntime(): Runtime {
  const k = testKnowledge();
  return {
    version: "0.0.0-test",
    knowledgeVersion: () => k.version,
    load: (at) => ({
      engine: createEngine(k, { evaluatedAt: at, version: "0.0.0-test" }),
      render: renderContextOf(k),
    }),
  };
}

/**
 * Runs the CLI on `argv` with stdout and stderr captured and `stdin` as standard input.
 * @example
 * const { code, out } = await runCaptured(["assess", "examples"], sourceRuntime());
 */
export async function runCaptured(
  argv: readonly string[],
  runtime: Runtime,
  stdin = "",
): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await runCli(
    argv,
    {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
      readStdin: async () => stdin,
      writeFile: () => {},
      env: {},
      now: () => new Date(0),
    },
    runtime,
  );
  return { code, out, err };
}

/** `hemosentinel <args>` (JSON output) with the real engine: its exit code, the report it printed and its stderr. */
export async function runAssess(args: readonly string[]) {
  const { code, out, err } = await runCaptured(args, sourceRuntime());
  return { code, report: JSON.parse(out) as AssessmentReport, err };
}
