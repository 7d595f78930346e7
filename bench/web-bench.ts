/**
 * Benchmark 4: the web app. Against an empty Vite React page built in the same run: (a) what a browser
 * downloads, gzip (the app's code, styles and page, and the knowledge bundle it fetches; not the example
 * patients), (b) the time from navigation to the first render of the demonstration patient (the empty page:
 * to its heading), median of interleaved cold loads in fresh browser contexts; and (c) assessing a 5 MB FHIR
 * bundle in the browser (file input → worker → the patients listed, the worker started and its knowledge
 * opened beforehand) against the same assessment in Node (JSON.parse + the engine, knowledge opened
 * beforehand), median of interleaved runs.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import { createEngine, openKnowledge } from "@hemosentinel/core";
import { compiledBundle } from "@hemosentinel/knowledge";
import type { Browser } from "playwright-core";
import { median } from "./measure.js";
import { launchChromium, serveStatic, viteBuild } from "./web-page.js";

export interface WebBenchOptions {
  readonly repoRoot: string;
  /** FHIR Bundles merged into the one the browser and Node assess. */
  readonly bundles: readonly { readonly name: string; readonly text: string }[];
  /** Size of the merged bundle. */
  readonly targetBytes: number;
  /** Timed repetitions of each measurement (after one untimed). */
  readonly reps: number;
  readonly evaluationDate: string;
}

export interface WebBenchResult {
  readonly appKb: number;
  readonly knowledgeKb: number;
  readonly emptyKb: number;
  readonly sizeRatio: number;
  readonly appRenderMs: number;
  readonly emptyRenderMs: number;
  readonly renderRatio: number;
  readonly bundleMb: number;
  readonly patients: number;
  readonly browserMs: number;
  readonly nodeMs: number;
  readonly assessRatio: number;
}

interface FhirBundle {
  readonly resourceType: string;
  readonly entry?: readonly unknown[];
}

/**
 * One collection Bundle of the entries of `bundles` (in order, each bundle whole) until it holds at least
 * `targetBytes`; the bundles repeat if they are too few.
 */
export function mergeBundles(
  bundles: readonly { readonly text: string }[],
  targetBytes: number,
): { text: string; bundles: number } {
  if (bundles.length === 0) throw new Error("no bundles to merge");
  const entries: unknown[] = [];
  let bytes = 0;
  let used = 0;
  while (bytes < targetBytes) {
    const source = bundles[used % bundles.length] as { text: string };
    const more = (JSON.parse(source.text) as FhirBundle).entry ?? [];
    entries.push(...more);
    // Counted as written below (without the source's indentation).
    bytes += Buffer.byteLength(JSON.stringify(more));
    used++;
  }
  return {
    text: JSON.stringify({ resourceType: "Bundle", type: "collection", entry: entries }),
    bundles: used,
  };
}

/** Gzip kilobytes of the files of `dir` that `include` admits (paths relative to `dir`). */
export function gzipKb(dir: string, include: (path: string) => boolean): number {
  let bytes = 0;
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (include(relative(dir, path))) bytes += gzipSync(readFileSync(path), { level: 9 }).length;
    }
  };
  walk(dir);
  return bytes / 1024;
}

const EMPTY_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Empty</title></head>
<body><div id="root"></div><script type="module" src="./main.js"></script></body></html>
`;
const EMPTY_MAIN = `import { createElement } from "react";
import { createRoot } from "react-dom/client";
createRoot(document.getElementById("root")).render(createElement("h1", null, "Empty page"));
`;

/** Milliseconds from navigation to `selector` on screen, in a fresh context (nothing cached). */
async function loadTime(browser: Browser, url: string, selector: string): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const t0 = performance.now();
  await page.goto(url);
  await page.locator(selector).first().waitFor({ timeout: 60_000 });
  const ms = performance.now() - t0;
  await context.close();
  return ms;
}

/**
 * Milliseconds from choosing the file on the open page to the list of its patients, with the engine's
 * worker already started and its knowledge opened (by the example at `warmUrl`), as Node's side has it.
 */
async function browserAssess(
  browser: Browser,
  warmUrl: string,
  evaluationDate: string,
  text: string,
  patients: number,
): Promise<number> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(warmUrl);
  await page.locator("h1#patient-title").waitFor({ timeout: 60_000 });
  await page.getByRole("link", { name: "Open a patient" }).click();
  await page.locator('input[type="date"]').fill(evaluationDate);
  // Timed in the page, from the input's change event: handing a 5 MB file to the page through the
  // browser's debugging protocol takes longer than assessing it and is no part of the app.
  const input = page.locator('input[type="file"]');
  await input.evaluate((el) => {
    el.addEventListener("change", () => Object.assign(window, { benchT0: performance.now() }), {
      capture: true,
    });
  });
  await input.setInputFiles({ name: "merged.json", mimeType: "application/json", buffer: Buffer.from(text) });
  const handle = await page.waitForFunction(
    (n) => {
      const t0 = (window as unknown as { benchT0?: number }).benchT0;
      const listed = document.querySelectorAll(".patient-list li").length >= n;
      return t0 !== undefined && listed ? performance.now() - t0 : false;
    },
    patients,
    { polling: "raf", timeout: 120_000 },
  );
  const ms = (await handle.jsonValue()) as number;
  await context.close();
  return ms;
}

export async function runWebBenchmark(opts: WebBenchOptions): Promise<WebBenchResult> {
  const work = join(opts.repoRoot, "tmp", `web-bench-${process.pid}`);
  const appDir = join(work, "app");
  const emptyRoot = join(work, "empty-src");
  const emptyDir = join(work, "empty");
  mkdirSync(emptyRoot, { recursive: true });
  writeFileSync(join(emptyRoot, "index.html"), EMPTY_HTML);
  writeFileSync(join(emptyRoot, "main.js"), EMPTY_MAIN);
  const browser = await launchChromium();
  try {
    await viteBuild({
      configFile: join(opts.repoRoot, "packages", "web", "vite.config.ts"),
      build: { outDir: appDir, emptyOutDir: true },
    });
    await viteBuild({
      configFile: false,
      root: emptyRoot,
      build: { outDir: emptyDir, emptyOutDir: true, target: "es2022" },
    });
    const knowledge = (p: string) => /^assets\/bundle-[\w-]+\.json$/.test(p);
    const code = (p: string) => /\.(html|js|css)$/.test(p);
    const appKb = gzipKb(appDir, code);
    const knowledgeKb = gzipKb(appDir, knowledge);
    const emptyKb = gzipKb(emptyDir, code);

    const app = await serveStatic(appDir);
    const empty = await serveStatic(emptyDir);
    try {
      const demo = `${app.url}/?example=demo-dic-cart&at=${opts.evaluationDate}`;
      const appTimes: number[] = [];
      const emptyTimes: number[] = [];
      for (let i = 0; i <= opts.reps; i++) {
        const a = await loadTime(browser, demo, "h1#patient-title");
        const e = await loadTime(browser, empty.url, "h1");
        if (i === 0) continue; // untimed: caches of the OS, the JIT of the server
        appTimes.push(a);
        emptyTimes.push(e);
      }

      const merged = mergeBundles(opts.bundles, opts.targetBytes);
      const k = openKnowledge(compiledBundle());
      const evaluatedAt = `${opts.evaluationDate}T23:59:59Z`;
      const nodeAssess = () => {
        const t0 = performance.now();
        const engine = createEngine(k, { evaluatedAt, version: "bench" });
        engine.add({ kind: "fhir", value: JSON.parse(merged.text) }, "merged.json");
        const report = engine.report();
        return { ms: performance.now() - t0, patients: report.patients.length };
      };
      const patients = nodeAssess().patients;
      const browserTimes: number[] = [];
      const nodeTimes: number[] = [];
      for (let i = 0; i <= opts.reps; i++) {
        const b = await browserAssess(browser, demo, opts.evaluationDate, merged.text, patients);
        const n = nodeAssess().ms;
        if (i === 0) continue;
        browserTimes.push(b);
        nodeTimes.push(n);
      }
      const appRenderMs = median(appTimes);
      const emptyRenderMs = median(emptyTimes);
      const browserMs = median(browserTimes);
      const nodeMs = median(nodeTimes);
      return {
        appKb,
        knowledgeKb,
        emptyKb,
        sizeRatio: (appKb + knowledgeKb) / emptyKb,
        appRenderMs,
        emptyRenderMs,
        renderRatio: appRenderMs / emptyRenderMs,
        bundleMb: Buffer.byteLength(merged.text) / (1024 * 1024),
        patients,
        browserMs,
        nodeMs,
        assessRatio: browserMs / nodeMs,
      };
    } finally {
      await app.close();
      await empty.close();
    }
  } finally {
    await browser.close();
    rmSync(work, { recursive: true, force: true });
  }
}
