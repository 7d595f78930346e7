/** The CLI in-process with the real engine and knowledge, its output captured: for tests of whole runs. */

import { type Runtime, runCli } from "../../packages/cli/src/program.js";
import type { AssessmentReport } from "../../packages/core/src/contracts/report.js";
import { createEngine } from "../../packages/core/src/engine/create-engine.js";
import { renderContextOf } from "../../packages/core/src/render/context.js";
import { loadKnowledge } from "../../packages/knowledge/src/bundle.js";

const k = loadKnowledge();

/** The runtime of the executable, over the knowledge read from its sources. */
export const realRuntime: Runtime = {
  version: "0.0.0-test",
  knowledgeVersion: () => k.version,
  load: (at) => ({
    engine: createEngine(k, { evaluatedAt: at, version: "0.0.0-test" }),
    render: renderContextOf(k),
  }),
};

/** `hemosentinel <args>` (JSON output): its exit code, the report it printed and its stderr. */
export async function runAssess(args: readonly string[]) {
  let out = "";
  let err = "";
  const code = await runCli(
    args,
    {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
      readStdin: async () => "",
      writeFile: () => {},
      env: {},
      now: () => new Date(0),
    },
    realRuntime,
  );
  return { code, report: JSON.parse(out) as AssessmentReport, err };
}
