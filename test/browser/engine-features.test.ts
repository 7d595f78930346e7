/**
 * Recently landed engine features as a hematologist sees them in chromium: a 4Ts left incomplete after a
 * platelet fall on heparin (HIT managed as suspected: why, and what to complete, in the patient view and
 * in the 4Ts calculator); ICAHT beside an ITP after CAR-T; the TMA that is not TTP beside a pulmonary
 * embolism; a deceased patient (no plan); the atlas's drug-specific latency window (alemtuzumab, ITP and TTP).
 * Screenshots go to test-output/engine-features.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { calculate } from "@hemosentinel/core";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../support/knowledge.js";
import {
  expectNoAxeViolations,
  newPage,
  openCsv,
  type Running,
  TEST_OUTPUT,
  TMA_NOT_TTP_CSV,
  webAppForFile,
} from "./web-support.js";

const SHOTS = join(TEST_OUTPUT, "engine-features");
const k = testKnowledge();
const HEADER = "patient_id,record_type,date,code_system,code,text,value,unit,ref_high,qualifiers,death_date";

/** Nivolumab from 1 January 2024; enoxaparin from day 31; platelets 260 on day 8 and 55 with a DVT on day 39. */
const HIT_CSV = `${HEADER}
hit1,dose,2024-01-01,,,nivolumab,,,,,
hit1,dose,2024-02-01,,,enoxaparin,,,,,
hit1,lab,2024-01-09,lab,platelets,,260,10*9/L,,,
hit1,lab,2024-02-09,lab,platelets,,55,10*9/L,,,
hit1,event,2024-02-09,text,,deep vein thrombosis,,,,venous;dvt,
`;

/** Axicabtagene ciloleucel on 1 January 2024; counts recovered, then an isolated fall to 15 on day 60. */
const ICAHT_CSV = `${HEADER}
cart1,dose,2024-01-01,,,axicabtagene ciloleucel,,,,,
cart1,lab,2023-12-28,lab,platelets,,180,10*9/L,,,
cart1,lab,2023-12-28,lab,anc,,3.2,10*9/L,,,
cart1,lab,2023-12-28,loinc,718-7,,12.5,g/dL,,,
cart1,lab,2024-01-08,lab,anc,,0.3,10*9/L,,,
cart1,lab,2024-01-08,lab,platelets,,60,10*9/L,,,
cart1,lab,2024-01-15,lab,anc,,0.8,10*9/L,,,
cart1,lab,2024-02-01,lab,platelets,,170,10*9/L,,,
cart1,lab,2024-02-01,lab,anc,,2.5,10*9/L,,,
cart1,lab,2024-03-01,lab,platelets,,15,10*9/L,,,
cart1,lab,2024-03-01,lab,anc,,2.4,10*9/L,,,
cart1,lab,2024-03-01,loinc,718-7,,12.1,g/dL,,,
`;

/** The TMA that is not TTP after ipilimumab, and a pulmonary embolism the day after. */
const TMA_PE_CSV = `${TMA_NOT_TTP_CSV}tma1,event,2024-02-21,text,,pulmonary embolism,,,
`;

/** Pembrolizumab, an ITP on day 40, death on day 45. */
const DEAD_CSV = `${HEADER}
dead1,patient,,,,,,,,,2024-02-15
dead1,dose,2024-01-01,,,pembrolizumab,,,,,
dead1,lab,2023-12-30,lab,platelets,,240,10*9/L,,,
dead1,lab,2024-02-10,lab,platelets,,6,10*9/L,,,
dead1,lab,2024-02-10,lab,anc,,3.1,10*9/L,,,
dead1,lab,2024-02-10,loinc,718-7,,12.8,g/dL,,,
dead1,event,2024-02-12,text,,intracranial haemorrhage,,,,intracranial,
`;

/** Saves the page's text as laid out (for a person to read beside the screenshots). */
async function saveText(page: Page, file: string): Promise<void> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText keeps the layout's line breaks
  writeFileSync(join(SHOTS, file), await page.locator("main").innerText());
}

describe("recent engine features in the web app", () => {
  let browser: Browser;
  let app: Running;
  webAppForFile("web-features-", SHOTS, (run) => {
    ({ app, browser } = run);
  });

  /** Opens a patient, saves a full-page screenshot and the page's text (for a person to read) and returns the page. */
  async function openPatient(name: string, csv: string, at: string): Promise<Page> {
    const page = await newPage(browser);
    await openCsv(page, app, at, `${name}.csv`, csv);
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
    await saveText(page, `${name}.txt`);
    return page;
  }

  it("a 4Ts left incomplete after a fall on heparin: Act first says why HIT is suspected and what to complete", async () => {
    const page = await openPatient("hit-4ts-incomplete", HIT_CSV, "2024-02-10");
    const act = page.locator("section.act-first");
    await expect(act.locator("li.act.urgent").first().textContent()).resolves.toMatch(
      /HIT suspected: start a therapeutic-dose non-heparin anticoagulant/,
    );
    const why = act.locator(".act-why");
    await expect(why.textContent()).resolves.toMatch(
      /^Why HIT is suspected: the 4Ts score is incomplete — 2 points certain on 2024-02-09/,
    );
    await expect(why.textContent()).resolves.toMatch(
      /To complete: Thrombocytopenia; Timing of the platelet fall; Other cause of thrombocytopenia/,
    );
    await expect(
      why.getByRole("link", { name: "open the 4Ts calculator" }).getAttribute("href"),
    ).resolves.toBe("/calculators/4ts");
    // Why each item is missing, in the score's words: the count a month before heparin is no baseline.
    await expect(why.locator(".act-why-detail").textContent()).resolves.toMatch(
      /no platelet count before the lowest one \(from 3 days before the heparin start\): the fall cannot be measured/,
    );
    await expectNoAxeViolations(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await act.screenshot({ path: join(SHOTS, "hit-4ts-incomplete-act-first.png") });
    // The calculator, fed what the record holds (day 8 of enoxaparin: 55; a new DVT), says what the report says.
    await why.getByRole("link", { name: "open the 4Ts calculator" }).click();
    await page
      .getByRole("heading", { name: "4Ts score for heparin-induced thrombocytopenia", level: 1 })
      .waitFor();
    await page.getByLabel("Day, row 1").fill("8");
    await page.getByLabel("Value, row 1").fill("55");
    await page.getByLabel("confirmed new thrombosis (2 points)").check();
    const out = calculate(k, "4ts", {
      series: { platelets: [{ day: 8, value: 55, unit: "10*9/L" }] },
      answers: { thrombosis: "confirmed" },
    });
    if (!out.ok) throw new Error("expected a result");
    await expect(page.locator(".calc-live .calc-status").textContent()).resolves.toBe("Incomplete");
    await expect(page.locator(".calc-live .calc-value").textContent()).resolves.toBe("2");
    await page.screenshot({ path: join(SHOTS, "hit-4ts-calculator.png"), fullPage: true });
    await saveText(page, "hit-4ts-calculator.txt");
    await page.context().close();
  }, 60_000);

  it("ICAHT beside an ITP after CAR-T: the competing cause, a late T-ICAHT awaiting its repeat count, work-up before steroids", async () => {
    const page = await openPatient("icaht-itp-car-t", ICAHT_CSV, "2024-03-02");
    const card = page.locator("article.finding").filter({ hasText: "Immune thrombocytopenia (ITP)" });
    await expect(card.locator(".finding-summary").textContent()).resolves.toMatch(
      /Competing explanation: CAR-T infusion before the fall \(immune effector cell-associated hematotoxicity, ICAHT/,
    );
    const scores = card.locator("ul.scores");
    // One count of 15 on day 60 is no "T-ICAHT 0": the late grade waits for a repeat count.
    await expect(scores.textContent()).resolves.toMatch(/Late grade \(from day 31\): 0-3/);
    await expect(scores.textContent()).resolves.toMatch(
      /Missing: Days 0–30 without a count; A repeat count after day 30 \(a late grade rests on two or more tests\)/,
    );
    await expect(scores.textContent()).resolves.not.toMatch(/without a (ANC|anc|platelets) result/);
    const firstLine = card.locator(".kind.first-line li");
    await expect(firstLine.first().textContent()).resolves.toMatch(
      /^A CAR-T infusion preceded this fall.*work it up before treating the count as immune/,
    );
    await expect(firstLine.nth(1).textContent()).resolves.toMatch(
      /start corticosteroids or IVIG for immune thrombocytopenia only once it remains the working diagnosis/,
    );
    await expectNoAxeViolations(page);
    await scores.screenshot({ path: join(SHOTS, "icaht-itp-car-t-scores.png") });
    await page.context().close();
  }, 60_000);

  it("the TMA that is not TTP beside a pulmonary embolism: one drug decision, no anticoagulant before hematology, no prophylactic platelets", async () => {
    const page = await openPatient("tma-not-ttp-pe", TMA_PE_CSV, "2024-02-22");
    const act = page.locator("section.act-first");
    const drug = await act.locator("li.act.immunotherapy").allTextContents();
    expect(drug.length).toBeGreaterThan(0);
    for (const line of drug) expect(line).toMatch(/Permanently discontinue the checkpoint inhibitor/);
    await expect(act.textContent()).resolves.toMatch(/Hematology consult now/);
    const plan = page.locator("article.finding").filter({ hasText: "Thrombosis (venous or arterial" });
    await expect(plan.locator(".kind.first-line").textContent()).resolves.toMatch(
      /no anticoagulant until hematology has decided/,
    );
    await expect(page.locator("main").textContent()).resolves.not.toMatch(
      /\bContinue the checkpoint inhibitor|[Ss]tart full-dose/,
    );
    await expectNoAxeViolations(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await act.screenshot({ path: join(SHOTS, "tma-not-ttp-pe-act-first.png") });
    await page.context().close();
  }, 60_000);

  it("a deceased patient: the banner, no Act first, and no plan in the finding cards (nothing is ordered after death)", async () => {
    const page = await openPatient("deceased", DEAD_CSV, "2024-03-01");
    await expect(page.locator(".deceased-banner .deceased-line").textContent()).resolves.toMatch(
      /^DECEASED: recorded as deceased on 2024-02-15/,
    );
    await expect(page.locator("section.act-first").count()).resolves.toBe(0);
    const card = page.locator("article.finding").first();
    await expect(card.textContent()).resolves.toMatch(
      /No plan: the patient is recorded as deceased on 2024-02-15, and nothing is ordered after death\./,
    );
    await expect(card.locator(".urgent-tag").count()).resolves.toBe(0);
    await expect(card.textContent()).resolves.not.toMatch(/Life-threatening or critical-site bleeding/);
    await expectNoAxeViolations(page);
    await card.screenshot({ path: join(SHOTS, "deceased-finding.png") });
    await page.context().close();
  }, 60_000);

  it("ITP and TTP atlas pages show alemtuzumab's own 48-month window beside the class windows", async () => {
    const page = await newPage(browser);
    for (const id of ["itp", "ttp"]) {
      await page.goto(`${app.url}/atlas/disorder/${id}`);
      await page.getByRole("heading", { name: "Time to onset" }).waitFor();
      const row = page.locator('tr.drug-window[data-drug="alemtuzumab"]');
      await expect(row.locator("td").first().textContent()).resolves.toBe(
        "alemtuzumab (other therapeutic antibodies: its own window, in place of the class's)",
      );
      await expect(row.locator("td").nth(1).textContent()).resolves.toMatch(/^1–1461/);
      await expect(row.locator("td").nth(2).textContent()).resolves.toMatch(/48 months/);
      await expect(
        row.getByRole("link", { name: "alemtuzumab", exact: true }).getAttribute("href"),
      ).resolves.toBe("/atlas/drug/alemtuzumab");
      // The class row stays: every other antibody keeps the year (ITP's from the infusion day itself, day 0:
      // the acute fall of an anti-CD20 antibody).
      await expect(
        page
          .locator("table")
          .filter({ has: page.locator("caption", { hasText: "Onset windows the engine looks in" }) })
          .locator("tr:not(.drug-window)")
          .filter({ hasText: "Other therapeutic antibodies" })
          .textContent(),
      ).resolves.toMatch(id === "itp" ? /0–365/ : /1–365/);
      await expectNoAxeViolations(page);
      await page.locator("#onset-title").scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, `atlas-${id}-onset.png`) });
      await saveText(page, `atlas-${id}.txt`);
    }
    await page.context().close();
  }, 60_000);
});
