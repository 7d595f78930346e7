/**
 * The HTML report in a real browser (Debian chromium driven by playwright-core): the page loads from a
 * file with no other request, the sections read in the contract's order, and a screenshot is kept in
 * /tmp for a person to look at.
 */
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderHtml } from "../../src/render/html.js";
import { SAMPLE_CONTEXT, SAMPLE_REPORT } from "../support/sample-report.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOT = join(tmpdir(), "hemosentinel-report.png");

describe("HTML report in chromium", () => {
  let browser: Browser;
  const file = join(mkdtempSync(join(tmpdir(), "hemosentinel-")), "report.html");

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM_PATH)`);
    writeFileSync(file, renderHtml(SAMPLE_REPORT, SAMPLE_CONTEXT));
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
    expect(h2).toEqual(["Patient p1", "Patient <script>alert('x')</script>"]);
    const h3 = await page.locator("#patient-1 > section > h3").allTextContents();
    expect(h3).toEqual(["Summary", "Exposures", "Evidence", "Plan", "Sources", "Data quality"]);

    await page.getByRole("link", { name: "<script>alert('x')</script>" }).click();
    expect(page.url()).toMatch(/#patient-2$/);

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
    await page.close();
  }, 60_000);

  it("prints each patient on its own page", async () => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(file).href);
    await page.emulateMedia({ media: "print" });
    const breaks = await page.$$eval("section.patient", (els) =>
      els.map((e) => getComputedStyle(e).breakBefore),
    );
    expect(breaks).toEqual(["auto", "page"]);
    await page.close();
  }, 60_000);
});
