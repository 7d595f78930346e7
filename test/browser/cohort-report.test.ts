/**
 * The cohort report (`hemosentinel cohort stats --out report.html`) in a real browser: it opens from a
 * file with no other request, Observable Plot draws one cumulative-incidence curve per disorder with cases
 * in every group that has any, the tables have headers, and a screenshot is kept in /tmp for a person to
 * look at.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  type CohortStats,
  disorderStats,
  type FollowUp,
  plotScripts,
  renderStatsHtml,
} from "@hemosentinel/cohort";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../support/chromium.js";
import { tempDir } from "../support/temp.js";
import { openReportFile, TEST_OUTPUT } from "./web-support.js";

// Beside the web app's screenshots (test-output/ is ignored by git), to be looked at.
const SCREENSHOT = join(TEST_OUTPUT, "cohort", "report.png");

/** Follow-up of `n` persons: an event for every `every`-th person (none for 0) on day 5 + i, deaths every 7th, censored at 365. */
function followUps(n: number, every: number): FollowUp[] {
  return Array.from(
    { length: n },
    (_, i): FollowUp =>
      every > 0 && i % every === 0
        ? { days: 5 + i, status: 1 }
        : i % 7 === 0
          ? { days: 40 + i, status: 2 }
          : { days: 365, status: 0 },
  );
}

const STATS: CohortStats = {
  run: { runId: 4, evaluatedAt: "2025-06-30T23:59:59Z", knowledgeVersion: "2026.12.0" },
  by: "class",
  minCertainty: "possible",
  groups: [
    {
      group: "ici",
      persons: 120,
      outsideObservation: 2,
      disorders: [
        disorderStats("itp", followUps(118, 9)),
        disorderStats("thrombosis", followUps(118, 5)),
        disorderStats("ttp", followUps(118, 0)),
      ],
    },
    {
      group: "car-t",
      persons: 20,
      outsideObservation: 0,
      disorders: [disorderStats("itp", followUps(20, 0))],
    },
  ],
};

describe("the cohort report in a browser", () => {
  let browser: Browser;
  const file = join(tempDir("cohort-report-"), "report.html");

  beforeAll(async () => {
    writeFileSync(file, renderStatsHtml(STATS, plotScripts()));
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("draws the curves offline, one line per disorder with cases, and names the groups", async () => {
    const page = await openReportFile(browser, file);
    expect(await page.locator("h2").allTextContents()).toEqual(["ici", "car-t"]);
    // ici: two disorders with cases → one figure with two lines; car-t: no cases → no figure.
    expect(await page.locator("figure svg").count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator("section").nth(0).locator("figure svg [aria-label='line'] path").count()).toBe(
      2,
    );
    expect(await page.locator("section").nth(1).locator("figure").count()).toBe(0);
    expect(await page.locator("section").nth(1).textContent()).toContain("No cases: no curve.");
    expect(await page.locator("table thead th").first().getAttribute("scope")).toBe("col");
    expect(await page.locator("section").nth(0).textContent()).toContain(
      "2 left out: first dose outside every observation period",
    );
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.close();
  }, 60_000);
});
