/**
 * The pharmacovigilance report (`hemosentinel pv signals --format html`) in a real browser: it opens from a
 * file with no other request, Observable Plot draws one forest plot per disorder with one point and one CI
 * line per drug with a defined ROR, the table sorts by a column when its header is clicked, axe-core finds
 * no WCAG 2.2 AA violation, and a screenshot is kept in test-output/pv for a person to look at.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { METHODS, renderSignals, type SignalResult, type SignalRow } from "@hemosentinel/pv";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../support/temp.js";
import { expectNoAxeViolations, launchChromium, openReportFile, TEST_OUTPUT } from "./web-support.js";

const SHOTS = join(TEST_OUTPUT, "pv");

/** A pair with a 2 × 2 table's ROR and CI; `ror: null` for a zero cell. */
function pair(drug: string, event: string, n: number, ror: number | null, signals: string[] = []): SignalRow {
  return {
    drug,
    event,
    n,
    e: n / 2,
    ebgm: n > 0 ? 1.5 : null,
    eb05: n > 0 ? 0.8 : null,
    eb95: n > 0 ? 2.6 : null,
    ror,
    ror_lower: ror === null ? null : ror / 1.8,
    ror_upper: ror === null ? null : ror * 1.8,
    prr: ror,
    chi2: ror === null ? null : 3.2,
    ic: 0.4,
    ic025: -0.3,
    drug_reports: 400,
    event_reports: 120,
    total_reports: 50_000,
    signals,
  };
}

const ROWS: SignalRow[] = [
  pair("teclistamab", "itp", 12, 4.2, ["ror"]),
  pair("pembrolizumab", "itp", 30, 1.3),
  pair("nivolumab", "itp", 7, 0.8),
  pair("teclistamab", "thrombosis", 5, 1.1),
  pair("pembrolizumab", "thrombosis", 41, 2.4, ["ror", "evans"]),
  pair("nivolumab", "thrombosis", 0, null),
];

const NO_SELECTION = { strata: [], select: [], squash: false, mask: false } as const;

const RESULT: SignalResult = {
  rows: ROWS,
  prior: {
    source: "given",
    values: { alpha1: 3.2537864, beta1: 0.3998884, alpha2: 2.0261305, beta2: 1.9080826, p: 0.0653457 },
    logLikelihood: -4363.8,
    cells: 6,
    points: 6,
    converged: true,
  },
  // The command line's defaults: every method, suspect roles, all other drugs as comparator.
  options: { ...NO_SELECTION, level: "drug", roles: ["PS", "SS"], comparator: "all", methods: [...METHODS] },
  totalReports: 50_000,
  knowledge: { version: "test", hash: "0000" },
  notFound: [],
};

describe("the pv signals report in a browser", () => {
  let browser: Browser;
  const file = join(tempDir("pv-report-"), "signals.html");

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(file, renderSignals(RESULT, "html"));
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("draws a forest plot per disorder offline, one point and one CI line per drug with an ROR", async () => {
    const page = await openReportFile(browser, file);
    const sections = page.locator("#plots section");
    expect(await sections.locator("h2").allTextContents()).toEqual(["itp", "thrombosis"]);
    // itp: three drugs with an ROR; thrombosis: two (nivolumab has a zero cell and no ROR).
    for (const [i, drugs] of [3, 2].entries()) {
      const svg = sections.nth(i).locator("svg");
      expect(await svg.count()).toBe(1);
      expect(await svg.locator("[aria-label='dot'] circle").count()).toBe(drugs);
      expect(await svg.locator("[aria-label='rule'] line").count()).toBe(drugs + 1); // + the line at ROR 1
    }
    // A signal is drawn in red, the others in blue.
    const fills = await sections
      .nth(0)
      .locator("[aria-label='dot'] circle")
      .evaluateAll((cs) => cs.map((c) => c.getAttribute("fill")));
    expect(fills.filter((f) => f === "#b2182b")).toHaveLength(1);
    expect(fills.filter((f) => f === "#2166ac")).toHaveLength(2);
    await page.screenshot({ path: join(SHOTS, "signals.png"), fullPage: true });
    await expectNoAxeViolations(page);
    await page.close();
  }, 60_000);

  it("sorts the table by a column when its header is clicked, and back the other way", async () => {
    const page = await openReportFile(browser, file);
    const firstColumn = () => page.locator("#signals tbody tr td:first-child").allTextContents();
    const rorHeader = page.locator("#signals th[data-column='ror']");
    await rorHeader.locator("button").click();
    expect(await rorHeader.getAttribute("aria-sort")).toBe("descending");
    const rors = () => page.locator("#signals tbody tr td:nth-child(8)").allTextContents();
    expect(await rors()).toEqual(["4.20", "2.40", "1.30", "1.10", "0.80", "–"]);
    await rorHeader.locator("button").click();
    expect(await rorHeader.getAttribute("aria-sort")).toBe("ascending");
    expect(await rors()).toEqual(["0.80", "1.10", "1.30", "2.40", "4.20", "–"]);
    await page.locator("#signals th[data-column='drug'] button").click();
    expect(await firstColumn()).toEqual([
      "nivolumab",
      "nivolumab",
      "pembrolizumab",
      "pembrolizumab",
      "teclistamab",
      "teclistamab",
    ]);
    expect(await rorHeader.getAttribute("aria-sort")).toBeNull();
    await expectNoAxeViolations(page);
    await page.close();
  }, 60_000);
});
