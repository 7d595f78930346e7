/** `npm run bench` stage 4: the web app against an empty Vite React page and against Node. */
import { formatTable } from "./table.js";
import { runWebBenchmark } from "./web-bench.js";

const MB = 1024 * 1024;

export async function webStage(
  repoRoot: string,
  bundles: readonly { name: string; text: string }[],
  quick: boolean,
): Promise<void> {
  const r = await runWebBenchmark({
    repoRoot,
    bundles,
    targetBytes: (quick ? 1 : 5) * MB,
    reps: quick ? 3 : 7,
    evaluationDate: "2026-11-01",
  });
  console.log("\n(4) Web app against an empty Vite React page built in the same run, and against Node");
  console.log(
    formatTable(
      ["measure", "web app", "baseline", "ratio"],
      [
        ["download, KB gzip (code + knowledge bundle)", r.appKb + r.knowledgeKb, r.emptyKb, r.sizeRatio],
        ["first render of demo-dic-cart, ms (cold)", r.appRenderMs, r.emptyRenderMs, r.renderRatio],
        [
          `assess ${r.bundleMb.toFixed(1)} MB FHIR (${r.patients} patients), ms: browser vs Node`,
          r.browserMs,
          r.nodeMs,
          r.assessRatio,
        ],
      ],
    ),
  );
  console.log(
    `of the download: code ${r.appKb.toFixed(0)} KB, knowledge bundle ${r.knowledgeKb.toFixed(0)} KB`,
  );
}
