/**
 * The HTML report in a real browser (Debian chromium driven by playwright-core): the page loads from a
 * file with no other request, the sections read in the contract's order, the new sections (unexplained,
 * charted criteria, competing explanations, arms, data quality) are there, basic accessibility rules hold
 * (language, title, one h1, no skipped heading level, unique ids, in-page links that land, named links,
 * headed tables, text contrast), and screenshots are kept in /tmp for a person to look at.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, renderContextOf } from "../../packages/core/src/index.js";
import { renderHtml } from "../../packages/core/src/render/html.js";
import { testKnowledge } from "../support/knowledge.js";
import { SAMPLE_CONTEXT, SAMPLE_REPORT } from "../support/sample-report.js";
import { tempDir } from "../support/temp.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// Kept after the run for a person to look at (test/setup/tmpdir.ts removes the run's own temporary files).
const KEEP = process.env.HEMOSENTINEL_KEEP_DIR ?? tmpdir();
const SCREENSHOT = join(KEEP, "hemosentinel-report.png");
const REAL_SCREENSHOT = join(KEEP, "hemosentinel-report-examples.png");

/** The examples of the repository assessed by the real engine, as the CLI would. */
function examplesPage(): string {
  const k = testKnowledge();
  const engine = createEngine(k, { evaluatedAt: "2026-11-01T23:59:59Z", version: "0.0.0-test" });
  const dir = join(import.meta.dirname, "..", "..", "examples");
  for (const f of readdirSync(dir)
    .filter((x) => x.endsWith(".json"))
    .sort())
    engine.add({ kind: "fhir", value: JSON.parse(readFileSync(join(dir, f), "utf8")) }, f);
  return renderHtml(engine.report(), renderContextOf(k));
}

const PWN_SCRIPT = "<script>window.pwned=1;alert(1)</script>";
const PWN_IMG = '"><img src=x onerror="window.pwned=2">';

/** A record whose every text field carries markup, assessed by the real engine from a hostile file name. */
function hostilePage(): string {
  const k = testKnowledge();
  const engine = createEngine(k, { evaluatedAt: "2025-01-01T23:59:59Z", version: "0.0.0-test" });
  const patient = `p${PWN_SCRIPT}`;
  const subject = { reference: `Patient/${patient}` };
  const lab = (id: string, unit: string, display: string) => ({
    resourceType: "Observation",
    id,
    status: "final",
    subject,
    code: { coding: [{ system: "http://loinc.org", code: "777-3", display }], text: display },
    effectiveDateTime: "2024-03-01T08:00:00Z",
    valueQuantity: { value: 12, unit },
  });
  const bundle = {
    resourceType: "Bundle",
    type: "collection",
    entry: [
      { resource: { resourceType: "Patient", id: patient } },
      { resource: lab(`o1${PWN_IMG}`, `x10 3/uL${PWN_SCRIPT}`, PWN_IMG) },
      { resource: lab("o2", "thou/cu mm", PWN_SCRIPT) },
      { resource: { resourceType: `Foo${PWN_SCRIPT}`, id: "f", subject } },
      { resource: { resourceType: "Condition", id: `c${PWN_IMG}`, subject, code: { text: PWN_SCRIPT } } },
    ],
  };
  const added = [
    engine.add({ kind: "fhir", value: bundle }, `bundle${PWN_IMG}.json`),
    engine.add(
      { kind: "ndjson", text: `{"resourceType":"Observation"}\n{bad${PWN_SCRIPT}` },
      `x${PWN_SCRIPT}.ndjson`,
    ),
  ];
  // The input errors as the CLI reports them: adapters name the file and line in `ref`.
  const inputErrors = added.flatMap((a) =>
    a.inputErrors.map((e) => ({ source: e.ref, code: e.code, detail: e.reason })),
  );
  return renderHtml(engine.report(inputErrors), renderContextOf(k));
}

interface A11yReport {
  readonly lang: string;
  readonly title: string;
  readonly h1: number;
  readonly skippedLevels: string[];
  readonly duplicateIds: string[];
  readonly deadAnchors: string[];
  readonly unnamedLinks: number;
  readonly tablesWithoutHeaders: number;
  readonly headersWithoutScope: number;
  readonly lowContrast: string[];
}

/** Basic checks in the spirit of axe-core's rules, run in the page. */
function accessibility(page: Page): Promise<A11yReport> {
  return page.evaluate(() => {
    const rgb = (c: string): [number, number, number, number] => {
      const m = c.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 1];
      return [m[0] ?? 0, m[1] ?? 0, m[2] ?? 0, m[3] ?? 1];
    };
    const luminance = ([r, g, b]: [number, number, number, number]) => {
      const lin = (v: number) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    const background = (el: Element | null): [number, number, number, number] => {
      for (let e = el; e; e = e.parentElement) {
        const bg = rgb(getComputedStyle(e).backgroundColor);
        if (bg[3] > 0) return bg;
      }
      return [255, 255, 255, 1];
    };
    const headings = [...document.querySelectorAll("h1, h2, h3, h4, h5, h6")];
    const skipped: string[] = [];
    let previous = 0;
    for (const h of headings) {
      const level = Number(h.tagName.slice(1));
      if (previous > 0 && level > previous + 1) skipped.push(`${h.tagName} ${h.textContent?.slice(0, 40)}`);
      previous = level;
    }
    const ids = [...document.querySelectorAll("[id]")].map((e) => e.id);
    const duplicateIds = [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
    const deadAnchors = [...document.querySelectorAll('a[href^="#"]')]
      .map((a) => decodeURIComponent(a.getAttribute("href")?.slice(1) ?? ""))
      .filter((id) => document.getElementById(id) === null);
    const unnamedLinks = [...document.querySelectorAll("a")].filter(
      (a) => (a.textContent ?? "").trim() === "",
    ).length;
    const tables = [...document.querySelectorAll("table")];
    const tablesWithoutHeaders = tables.filter((t) => t.querySelector("th") === null).length;
    const headersWithoutScope = [...document.querySelectorAll("thead th")].filter(
      (th) => !th.hasAttribute("scope"),
    ).length;
    const lowContrast: string[] = [];
    const seen = new Set<string>();
    for (const el of document.querySelectorAll("body *")) {
      const own = [...el.childNodes].some(
        (n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? "").trim() !== "",
      );
      if (!own) continue;
      const style = getComputedStyle(el);
      const fg = luminance(rgb(style.color));
      const bg = luminance(background(el));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      const size = Number.parseFloat(style.fontSize);
      const bold = Number(style.fontWeight) >= 700;
      const needed = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;
      const key = `${el.tagName}.${el.className}`;
      if (ratio < needed && !seen.has(key)) {
        seen.add(key);
        lowContrast.push(`${key} ${ratio.toFixed(2)}`);
      }
    }
    return {
      lang: document.documentElement.lang,
      title: document.title,
      h1: document.querySelectorAll("h1").length,
      skippedLevels: skipped,
      duplicateIds,
      deadAnchors,
      unnamedLinks,
      tablesWithoutHeaders,
      headersWithoutScope,
      lowContrast,
    };
  });
}

function expectAccessible(a: A11yReport): void {
  expect(a.lang).toBe("en");
  expect(a.title).toMatch(/^HemoSentinel report — \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  expect(a.h1).toBe(1);
  expect(a.skippedLevels).toEqual([]);
  expect(a.duplicateIds).toEqual([]);
  expect(a.deadAnchors).toEqual([]);
  expect(a.unnamedLinks).toBe(0);
  expect(a.tablesWithoutHeaders).toBe(0);
  expect(a.headersWithoutScope).toBe(0);
  expect(a.lowContrast).toEqual([]);
}

describe("HTML report in chromium", () => {
  let browser: Browser;
  const dir = tempDir("html-");
  const file = join(dir, "report.html");
  const real = join(dir, "examples.html");

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    writeFileSync(file, renderHtml(SAMPLE_REPORT, SAMPLE_CONTEXT));
    writeFileSync(real, examplesPage());
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("loads without any other request or script, shows sections in order, and screenshots", async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
    expect(requests).toEqual([pathToFileURL(file).href]);
    expect(await page.locator("script").count()).toBe(0);

    const h2 = await page.locator("main > section.patient > h2").allTextContents();
    expect(h2).toEqual(["Patient p1", "Patient <script>alert('x')</script>", "Patient p3"]);
    const h3 = await page.locator("#patient-1 > section > h3").allTextContents();
    expect(h3).toEqual([
      "Summary",
      "Unexplained (1)",
      "Exposures",
      "Evidence",
      "Plan",
      "Sources",
      "Data quality",
    ]);

    await page.getByRole("link", { name: "<script>alert('x')</script>" }).click();
    expect(page.url()).toMatch(/#patient-2$/);

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
    await page.close();
  }, 60_000);

  it("runs nothing the input carries: ids, units, displays, file names and types with markup stay text", async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const hostile = join(dir, "hostile.html");
    writeFileSync(hostile, hostilePage());
    await page.goto(pathToFileURL(hostile).href);
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as { pwned?: unknown }).pwned)).toBeUndefined();
    expect(await page.locator("script, img, svg, iframe, object, embed").count()).toBe(0);
    expect(await page.locator("[onerror], [onload], [onclick]").count()).toBe(0);
    // The markup is there as text, for the clinician to see.
    const text = (await page.locator("body").textContent()) ?? "";
    expect(text).toContain(PWN_SCRIPT);
    expect(text).toContain("x10 3/uL<script>");
    expect(text).toContain(`x${PWN_SCRIPT}.ndjson`);
    await page.screenshot({ path: join(KEEP, "hemosentinel-report-hostile.png"), fullPage: true });
    await page.close();
  }, 60_000);

  it("shows the new sections: unexplained, charted criteria, competing explanations, arms, data quality", async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    const p1 = page.locator("#patient-1");
    await expect(p1.locator("section.unexplained.flagged h4").textContent()).resolves.toBe(
      "Neutrophil count decreased, grade 4",
    );
    await expect(p1.locator("section.unexplained dt").allTextContents()).resolves.toEqual([
      "What",
      "When",
      "Why no disorder was attributed",
    ]);
    await p1.getByRole("link", { name: /serious abnormality not attributed/ }).click();
    expect(page.url()).toMatch(/#patient-1-unexplained$/);
    await expect(p1.locator(".status.charted").count()).resolves.toBe(1);
    await expect(p1.locator("table.differentials td.bearing").allTextContents()).resolves.toContain(
      "present: lowered certainty one level",
    );
    await expect(page.locator("#patient-3 table.arms tbody tr").count()).resolves.toBe(2);
    await expect(p1.locator("section.quality p.tally").textContent()).resolves.toMatch(
      /^Records read: 77 = /,
    );
    await expect(page.locator("#patient-2 .summary .primary").textContent()).resolves.toBe(
      "Nothing could be assessed: all 5 records were rejected — see data quality.",
    );
    await page.close();
  }, 60_000);

  it.each([
    ["the sample report", () => file],
    ["the examples' report", () => real],
  ])(
    "meets basic accessibility rules: %s",
    async (_, path) => {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      await page.goto(pathToFileURL(path()).href);
      expectAccessible(await accessibility(page));
      // The examples' report is tens of thousands of pixels tall: a full-page capture (25 MB) took over 30 s on
      // a loaded machine and failed the test; its first screen is what a person looks at.
      if (path() === real) await page.screenshot({ path: REAL_SCREENSHOT });
      await page.close();
    },
    60_000,
  );

  it("prints each patient on its own page", async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    await page.emulateMedia({ media: "print" });
    const breaks = await page.$$eval("section.patient", (els) =>
      els.map((e) => getComputedStyle(e).breakBefore),
    );
    expect(breaks).toEqual(["auto", "page", "page"]);
    await page.close();
  }, 60_000);
});
