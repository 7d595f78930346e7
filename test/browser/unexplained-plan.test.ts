/**
 * The web patient view of a named unexplained pattern and of a record without a laboratory result, in
 * chromium: a thrombotic microangiopathy with ADAMTS13 > 20 % after ipilimumab (not TTP) shows its Next
 * steps (permanently discontinue the checkpoint inhibitor at grade 3, hematology now, each cited); a
 * patient with a dose and no result says no abnormality could be sought, never "every abnormality lies
 * within a finding". Screenshots go to test-output/web.
 */
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { NEW_HAEMOLYSIS_CSV } from "../support/csv-patients.js";
import {
  expectNoAxeViolations,
  newPage,
  openCsv,
  type Running,
  TEST_OUTPUT,
  TMA_NOT_TTP_CSV as TMA_CSV,
  webAppForFile,
} from "./web-support.js";

const AT = "2024-03-03";
const SHOTS = join(TEST_OUTPUT, "web");
const NO_LABS_CSV = `patient_id,record_type,date,code_system,code,text,value,unit
nolab1,dose,2024-01-10,,,nivolumab,,
nolab1,dose,2024-02-07,,,nivolumab,,
`;

describe("unexplained items in the web patient view", () => {
  let browser: Browser;
  let app: Running;
  webAppForFile("web-unexplained-", SHOTS, (run) => {
    ({ app, browser } = run);
  });

  it("a TMA that is not TTP after ipilimumab: one named item with its cited Next steps", async () => {
    const page = await newPage(browser);
    await openCsv(page, app, AT, "tma.csv", TMA_CSV);
    await expect(page.locator("#unexplained-title").textContent()).resolves.toMatch(
      /Unexplained abnormalities \(1\)/,
    );
    const item = page.locator("article.unexplained-item");
    await expect(item.count()).resolves.toBe(1);
    await expect(item.locator("h3").textContent()).resolves.toMatch(
      /^Thrombotic microangiopathy with ADAMTS13 > 20 % — not TTP.*, grade 3$/,
    );
    await expect(item.getByRole("heading", { name: "Next steps" }).count()).resolves.toBe(1);
    await expect(item.locator(".kind.immunotherapy li").first().textContent()).resolves.toMatch(
      /^Permanently discontinue the checkpoint inhibitor/,
    );
    await expect(item.locator("li.urgent").first().textContent()).resolves.toMatch(
      /^Urgent: Hematology consult now/,
    );
    await expect(item.locator(".kind.avoid li").count()).resolves.toBeGreaterThan(0);
    // Not the grade 1–2 line: the plan follows the grade.
    await expect(item.textContent()).resolves.not.toMatch(/Continue the checkpoint inhibitor/);
    await expect(page.locator("#src-asco-2021-irae-hematologic").textContent()).resolves.toMatch(
      /doi:10\.1200/,
    );
    // The summary's Act first list repeats the item's urgent line and drug decision, linking to the item.
    const act = page.locator("section.act-first");
    await expect(act.locator("h4").textContent()).resolves.toMatch(
      /^Unexplained: Thrombotic microangiopathy/,
    );
    await expect(act.locator("li.act.urgent").first().textContent()).resolves.toMatch(
      /Hematology consult now/,
    );
    await expect(act.locator("li.act.immunotherapy").textContent()).resolves.toMatch(
      /Permanently discontinue the checkpoint inhibitor/,
    );
    await expect(act.locator(".act-more a").getAttribute("href")).resolves.toBe(
      "#unexplained-tma-not-ttp-2024-02-20",
    );
    await expect(page.locator("#unexplained-tma-not-ttp-2024-02-20").count()).resolves.toBe(1);
    await expectNoAxeViolations(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: join(SHOTS, "unexplained-tma-not-ttp-page.png") });
    await item.screenshot({ path: join(SHOTS, "unexplained-tma-not-ttp.png") });
    await page.context().close();
  }, 60_000);

  it("a record with doses and no laboratory result: nothing could be sought, not a clean record", async () => {
    const page = await newPage(browser);
    await openCsv(page, app, AT, "nolabs.csv", NO_LABS_CSV);
    await expect(page.locator("section.unexplained p").first().textContent()).resolves.toBe(
      "None found: the record holds no laboratory result, so no laboratory abnormality could be sought; a charted bleed or thrombosis is listed here when it is serious.",
    );
    await expect(page.locator(".summary .primary-line").textContent()).resolves.toMatch(
      /^Nothing could be assessed/,
    );
    await expect(page.locator("section.act-first").count()).resolves.toBe(0);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: join(SHOTS, "unexplained-no-lab-results.png"), fullPage: true });
    await page.context().close();
  }, 60_000);

  it("a new DAT-positive haemolysis at an unchanged anaemia grade: listed as new, its sources beside what it shows and not after the last disorder not attributed", async () => {
    const page = await newPage(browser);
    await openCsv(page, app, "2026-04-21", "new-haemolysis.csv", NEW_HAEMOLYSIS_CSV);
    const item = page.locator("article.unexplained-item");
    await expect(item.locator("h3").textContent()).resolves.toMatch(
      /^Autoimmune haemolytic anaemia, immune-related \(checkpoint inhibitor\) — Anemia, grade 1$/,
    );
    const why = item.locator("dd").nth(2);
    await expect(why.textContent()).resolves.toMatch(
      /Before the first dose: grade 1\. No worse than before the first dose, but what it shows below is new/,
    );
    // The AIHA's sources close the sentence that names it; the last reason ("AHA: its defining abnormality was
    // not found") carries none.
    const leadCites = why.locator(":scope > .cite a");
    await expect(leadCites.evaluateAll((as) => as.map((a) => a.getAttribute("data-ref")))).resolves.toContain(
      "asco-2021-irae-hematologic",
    );
    await expect(why.locator("ul.reasons li").last().locator(".cite").count()).resolves.toBe(0);
    await expectNoAxeViolations(page);
    await item.screenshot({ path: join(SHOTS, "unexplained-new-haemolysis.png") });
    await page.context().close();
  }, 60_000);
});
