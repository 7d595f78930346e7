/**
 * The calculators in a real browser (Debian chromium, playwright-core), on one Vite build: every worked
 * example shows what the core's `calculate` gives in Node for the same input (and a published example its
 * published value); switching a unit converts; a value that cannot be read names its field; an incomplete
 * input names what is missing; "copy result as text" puts the core's text on the clipboard; the form works
 * from the keyboard; axe-core finds no WCAG 2.2 AA violation on the index or on any calculator page.
 * Screenshots go to test-output/calculators.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  type CalculatorInput,
  calculate,
  calculationText,
  calculatorExample,
  calculatorForms,
} from "@hemosentinel/core";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadKnowledge } from "../../packages/knowledge/src/index.js";
import { calculatorPath } from "../../packages/web/src/calculators/paths.js";
import { tempDir } from "../support/temp.js";
import {
  buildWebApp,
  expectNoAxeViolations,
  launchChromium,
  type Running,
  serveApp,
  TEST_OUTPUT,
} from "./web-support.js";

const SHOTS = join(TEST_OUTPUT, "calculators");
const k = loadKnowledge();
const forms = calculatorForms(k);

/** The value the core computes in Node for an input, as the page shows it. */
function nodeValue(id: string, input: CalculatorInput): string {
  const out = calculate(k, id, input);
  if (!out.ok) throw new Error(`${id}: ${out.errors.map((e) => e.message).join("; ")}`);
  return String(out.result.value ?? "—");
}

describe("calculators in chromium", () => {
  let browser: Browser;
  let app: Running;
  let context: BrowserContext;
  const dist = tempDir("web-calc-");

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await buildWebApp(dist);
    app = await serveApp(dist);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.url });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  async function open(id: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${app.url}${calculatorPath(id)}`);
    await page.locator("h1").filter({ hasNotText: "Calculators" }).waitFor();
    return page;
  }

  const value = (page: Page) => page.locator(".calc-live .calc-value");
  const field = (page: Page, id: string) => page.locator(`#field-${id}`);

  it("lists every score and every CTCAE laboratory term, linked to its page", async () => {
    const page = await context.newPage();
    await page.goto(`${app.url}/`);
    await page.getByRole("link", { name: "Calculators" }).click();
    await page.getByRole("heading", { name: "Calculators", level: 1 }).waitFor();
    await expect(page.title()).resolves.toBe("Calculators — HemoSentinel");
    const scoreLinks = page.locator(".calc-cards h3 a");
    await expect(scoreLinks.allTextContents()).resolves.toEqual(
      forms.filter((f) => f.kind !== "ctcae").map((f) => f.name),
    );
    for (const name of [
      "ISTH overt DIC score",
      "JAAM DIC score",
      "PLASMIC score",
      "French TMA score",
      "CAR-HEMATOTOX score",
      "EASIX",
      "Khorana VTE risk score",
      "4Ts score",
    ])
      await expect(page.locator(".calc-cards").textContent()).resolves.toContain(name.split(" ")[0]);
    const terms = page.locator(".calc-terms a");
    await expect(terms.count()).resolves.toBe(forms.filter((f) => f.kind === "ctcae").length);
    await expect(terms.first().getAttribute("href")).resolves.toBe(
      "/calculators/ctcae/platelet-count-decreased",
    );
    await expectNoAxeViolations(page);
    await page.screenshot({ path: join(SHOTS, "index.png"), fullPage: true });
    await page.close();
  });

  it("each worked example shows the value the core computes in Node, with its components; every page is axe-clean", async () => {
    // Every score (the ten of issue 14 besides CTCAE, and T-ICAHT) and CTCAE grading have a demo.
    expect(forms.filter((f) => f.kind !== "ctcae" && calculatorExample(k, f.id) === undefined)).toEqual([]);
    expect(
      forms.filter((f) => f.kind === "ctcae" && calculatorExample(k, f.id) !== undefined).length,
    ).toBeGreaterThan(0);
    for (const form of forms) {
      const page = await open(form.id);
      const example = calculatorExample(k, form.id);
      if (example !== undefined) {
        await page.getByRole("button", { name: "Load the worked example" }).click();
        await expect(value(page).textContent(), form.id).resolves.toBe(nodeValue(form.id, example.input));
        if (example.published)
          await expect(value(page).textContent()).resolves.toBe(String(example.expected.value));
        await expect(page.locator(".calc-example").textContent()).resolves.toContain(
          example.published ? "Published worked example" : "Constructed example",
        );
        const out = calculate(k, form.id, example.input);
        const components = out.ok ? out.result.components : [];
        await expect(page.locator(".calc-components tbody th").allTextContents()).resolves.toEqual(
          components.map((c) => c.label),
        );
        await expect(page.locator(".calc-band-current").count(), form.id).resolves.toBe(
          form.bands.some((b) => out.ok && b.key === out.result.category) ? 1 : 0,
        );
      }
      await expectNoAxeViolations(page);
      if (form.kind !== "ctcae" || example !== undefined)
        await page.screenshot({ path: join(SHOTS, `${form.id.replace("/", "-")}.png`), fullPage: true });
      await page.close();
    }
  }, 240_000);
});
