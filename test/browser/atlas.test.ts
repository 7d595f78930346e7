/**
 * The knowledge atlas in a real browser (Debian chromium, playwright-core), built once with Vite and
 * served as `hemosentinel serve` serves it: the search finds a drug by brand, INN and research code, a lab
 * by LOINC and a score, by keyboard; every disorder page shows its criteria with the knowledge's own
 * thresholds; deep links open directly; an unknown id says so; axe-core finds no WCAG 2.2 AA violation on
 * the home page or a page of each kind. Screenshots go to test-output/atlas.
 */
import { join } from "node:path";
import type { Test } from "@hemosentinel/core";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../support/knowledge.js";
import { expectNoAxeViolations, newPage, type Running, TEST_OUTPUT, webAppForFile } from "./web-support.js";

const SHOTS = join(TEST_OUTPUT, "atlas");
const k = testKnowledge();

/** The first lab or score threshold in a test, as the page writes it. */
function firstThreshold(t: Test): string | undefined {
  switch (t.kind) {
    case "all-of":
    case "any-of":
      for (const x of t.tests) {
        const found = firstThreshold(x);
        if (found !== undefined) return found;
      }
      return undefined;
    case "not":
    case "not-met":
      return firstThreshold(t.test);
    case "lab":
      if (t.below !== undefined) return `< ${t.below}`;
      if (t.above !== undefined) return `> ${t.above}`;
      if (t.atLeast !== undefined) return `${t.atLeast}`;
      if (t.aboveUln !== undefined)
        return t.aboveUln === 1 ? "above the upper limit of normal" : `above ${t.aboveUln} ×`;
      if (t.belowLln !== undefined)
        return t.belowLln === 1 ? "below the lower limit of normal" : `below ${t.belowLln} ×`;
      return undefined;
    case "score":
      return t.atLeast === undefined ? undefined : `≥ ${t.atLeast}`;
    default:
      return undefined;
  }
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  await page.screenshot({ path: join(SHOTS, `${name}-full.png`), fullPage: true });
}

describe("knowledge atlas in chromium", () => {
  let browser: Browser;
  let app: Running;
  webAppForFile("atlas-", SHOTS, (run) => {
    ({ app, browser } = run);
  });

  async function search(page: Page, query: string): Promise<string[]> {
    await page.getByLabel(/^Search disorders/).fill(query);
    const results = page.locator("#atlas-results li a");
    await results.first().waitFor();
    return results.allTextContents();
  }

  it("searches as one types: a drug by brand, INN and research code, a lab by LOINC, a score; by keyboard", async () => {
    const page = await newPage(browser);
    await page.goto(`${app.url}/atlas`);
    await page.getByRole("heading", { level: 1, name: "Knowledge atlas" }).waitFor();
    await expect(
      page.getByRole("link", { name: "Knowledge atlas" }).getAttribute("aria-current"),
    ).resolves.toBe("page");
    expect((await search(page, "Keytruda"))[0]).toBe("Drug pembrolizumab");
    expect((await search(page, "nivolumab"))[0]).toBe("Drug nivolumab");
    expect((await search(page, "MK-3475"))[0]).toBe("Drug pembrolizumab");
    expect((await search(page, "777-3"))[0]).toBe("Lab Platelet count");
    expect((await search(page, "plasmic"))[0]).toMatch(/^Score PLASMIC/);
    await expect(page.locator("#atlas-search-status").textContent()).resolves.toMatch(
      /result.* for “plasmic”/,
    );
    await expect(page.url()).toMatch(/\/atlas\?q=plasmic$/);
    await shot(page, "home-search");
    await expectNoAxeViolations(page);

    // Keyboard: Down into the results, Down, Up, Escape back to the field; Enter opens the first result.
    await search(page, "ttp");
    const field = page.getByLabel(/^Search disorders/);
    await field.press("ArrowDown");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toMatch(
      /^Disorder Thrombotic/,
    );
    await page.keyboard.press("Escape");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("atlas-query");
    await field.press("Enter");
    await page.getByRole("heading", { level: 1, name: /Thrombotic thrombocytopenic purpura/ }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/atlas/disorder/ttp");
    await page.goBack();
    await expect(page.getByLabel(/^Search disorders/).inputValue()).resolves.toBe("ttp");
    await expect(page.locator("#atlas-search-status").textContent()).resolves.toMatch(/“ttp”/);
    await page.getByLabel(/^Search disorders/).fill("zzzz-nothing");
    await expect(page.locator("#atlas-search-status").textContent()).resolves.toBe(
      "Nothing matches “zzzz-nothing”.",
    );
    await page.context().close();
  }, 60_000);

  it("every disorder page opens from its deep link and shows its criteria with the knowledge's thresholds", async () => {
    const page = await newPage(browser);
    for (const d of k.disorders) {
      await page.goto(`${app.url}/atlas/disorder/${d.id}`);
      await page.getByRole("heading", { level: 1, name: d.name }).waitFor();
      const criteria = await page.locator("#criteria-title + p + ul.criteria-list").textContent();
      const thresholds = d.criteria.flatMap((c) => {
        const t = firstThreshold(c.test);
        return t === undefined ? [] : [{ label: c.label, t }];
      });
      expect(thresholds.length, d.id).toBeGreaterThan(0);
      for (const { label, t } of thresholds) {
        expect(criteria, `${d.id}: ${label}`).toContain(label);
        expect(criteria, `${d.id}: ${label}`).toContain(t);
      }
      // No raw criteria language, and every citation resolves to a reference on the page.
      expect(criteria).not.toMatch(/"kind"|10\*9|\{/);
      const cited = await page.locator(".cite a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      for (const href of new Set(cited))
        await expect(page.locator(href as string).count(), `${d.id}: ${href}`).resolves.toBe(1);
      const headings = await page
        .locator("h1, h2, h3, h4")
        .evaluateAll((hs) => hs.map((h) => Number(h.tagName[1])));
      for (const [i, level] of headings.entries())
        if (i > 0) expect(level).toBeLessThanOrEqual((headings[i - 1] as number) + 1);
    }
    await page.context().close();
  }, 120_000);

  it("a TTP page a hematologist can read: ADAMTS13 cut-offs, certainty, management with avoid items, DOI links; axe-clean", async () => {
    const page = await newPage(browser);
    await page.goto(`${app.url}/atlas/disorder/ttp`);
    await page.getByRole("heading", { level: 1, name: /TTP/ }).waitFor();
    const text = await page.locator("main").textContent();
    expect(text).toContain("ADAMTS13 activity < 10 %");
    expect(text).toContain("ADAMTS13 activity > 20 %");
    expect(text).toContain("10–20 % (inclusive)");
    await expect(page.locator(".kind.avoid").first().textContent()).resolves.toMatch(/platelet transfusion/i);
    await expect(page.locator("#management-title ~ section h3").first().textContent()).resolves.toMatch(/·/);
    await expect(page.locator(".evidence-line").first().textContent()).resolves.toMatch(
      /^Evidence: .*\((guideline|consensus|paper|review|case report)\)/,
    );
    await expect(page.locator("#src-zheng-2020-isth-ttp-diagnosis a").getAttribute("href")).resolves.toMatch(
      /^https:\/\/doi\.org\/10\./,
    );
    await expect(page.locator("#epidemiology-title + table").textContent()).resolves.toMatch(
      /Immune checkpoint inhibitors/,
    );
    await shot(page, "disorder-ttp");
    await expectNoAxeViolations(page);
    await page.context().close();
  }, 60_000);

  it("drug, score and lab pages from their deep links; axe-clean", async () => {
    const page = await newPage(browser);
    await page.goto(`${app.url}/atlas/drug/blinatumomab`);
    await page.getByRole("heading", { level: 1, name: "blinatumomab" }).waitFor();
    // Tabs and bookmarks name the entry, not its id.
    await expect(page.title()).resolves.toBe("blinatumomab — Knowledge atlas — HemoSentinel");
    await expect(page.locator("dl.facts").textContent()).resolves.toMatch(
      /Bispecific T-cell engagers[\s\S]*CD19/,
    );
    await expect(page.locator("#reports-title + ul").textContent()).resolves.toMatch(
      /Disseminated intravascular coagulation/,
    );
    await expect(page.locator("#src-song-2024-blinatumomab-dic-faers a").getAttribute("href")).resolves.toBe(
      "https://doi.org/10.1002/ijc.35235",
    );
    await shot(page, "drug-blinatumomab");
    await expectNoAxeViolations(page);

    await page.goto(`${app.url}/atlas/score/isth-overt-dic`);
    await page.getByRole("heading", { level: 1, name: /ISTH overt DIC/ }).waitFor();
    await expect(page.getByRole("link", { name: /calculator/ }).getAttribute("href")).resolves.toBe(
      "/calculators/isth-overt-dic",
    );
    await expect(page.locator("#components-title + table").textContent()).resolves.toMatch(/point/);
    await expect(page.locator("#example-title + p").textContent()).resolves.toMatch(/score 7/);
    // Each item's points by value, as the knowledge bundle states them, and the bands either side of 5.
    const isthPoints = await page.locator("#points-title + table").textContent();
    expect(isthPoints).toContain(
      "≥ 100 ×10⁹/L: 0 points; ≥ 50 and < 100 ×10⁹/L: 1 point; < 50 ×10⁹/L: 2 points",
    );
    expect(isthPoints).toContain("moderate (> 3 ×): 2 points; strong (> 7 ×): 3 points");
    await expect(page.locator("#bands-title + ul").textContent()).resolves.toMatch(
      /Compatible with overt DIC \(ISTH ≥ 5\)[\s\S]*Not suggestive of overt DIC \(ISTH < 5\)/,
    );
    await shot(page, "score-isth-overt-dic");
    await expectNoAxeViolations(page);

    await page.goto(`${app.url}/atlas/score/plasmic`);
    await page.getByRole("heading", { level: 1, name: /PLASMIC/ }).waitFor();
    await expect(page.locator("#points-title + table").textContent()).resolves.toContain(
      "Platelet count < 30 ×10⁹/L< 30 ×10⁹/L: 1 point; ≥ 30 ×10⁹/L: 0 points",
    );
    await expect(page.locator("#bands-title + ul").textContent()).resolves.toMatch(
      /\(PLASMIC 6-7\)[\s\S]*\(PLASMIC 5\)[\s\S]*\(PLASMIC 0-4\)/,
    );
    // The INR has no unit: no "value in" with nothing after it.
    await expect(page.locator("#components-title + table").textContent()).resolves.not.toMatch(/value in \(/);

    await page.goto(`${app.url}/atlas/score/hscore`);
    await page.getByRole("heading", { level: 1, name: /HScore/ }).waitFor();
    const hBands = await page.locator("#bands-title + ul li").allTextContents();
    expect(hBands).toContainEqual(
      expect.stringMatching(/^169 \(40 % to 54 %\): HScore 169: .*at or above the 169 cut-off/),
    );
    expect(hBands).toContainEqual(
      expect.stringMatching(/^160–168 \(40 % to 54 %\): HScore 160-168: .*below the 169 cut-off/),
    );
    await expect(page.locator("#components-title + table").textContent()).resolves.toContain(
      "value in °C, °F",
    );
    await expect(page.locator("#points-title + table").textContent()).resolves.toContain(
      "< 132.9 mg/dL: 0 points",
    );
    await shot(page, "score-hscore");
    await expectNoAxeViolations(page);

    await page.goto(`${app.url}/atlas/lab/777-3`);
    await page.getByRole("heading", { level: 1, name: "Platelet count" }).waitFor();
    await expect(page.title()).resolves.toBe("Platelet count — Knowledge atlas — HemoSentinel");
    const lab = await page.locator("main").textContent();
    expect(lab).toContain("26515-7");
    expect(lab).toContain("×10⁹/L");
    await expect(page.locator("#uses-title ~ ul").first().textContent()).resolves.toMatch(/\(criterion\)/);
    await shot(page, "lab-platelets");
    await expectNoAxeViolations(page);
    await page.context().close();
  }, 60_000);

  it("an unknown id or kind says it is not in the atlas", async () => {
    const page = await newPage(browser);
    for (const path of ["/atlas/disorder/no-such-disorder", "/atlas/drug/aspirin", "/atlas/widget/x"]) {
      await page.goto(`${app.url}${path}`);
      await page.getByRole("heading", { level: 1, name: "Not in the atlas" }).waitFor();
      await expect(page.title()).resolves.toMatch(/^(no-such-disorder|aspirin|x) — Knowledge atlas/);
      await expect(page.getByRole("alert").textContent()).resolves.toMatch(
        /has no .*“(no-such-disorder|aspirin|widget)”/,
      );
    }
    await expectNoAxeViolations(page);
    await page.context().close();
  }, 60_000);
});
