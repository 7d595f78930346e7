/**
 * What the report added today, as a clinician sees it in the web patient view (chromium), one realistic
 * record each: an unexplained anaemia that shows an autoimmune haemolytic anaemia after nivolumab (the named
 * pattern heads its card and its Act first group); a pancytopenia after pembrolizumab beside an ITP (both
 * groups in Act first, the marrow urgent); a CAR-T patient on day 20 with an HScore ≥ 169 (the competing
 * explanation in the summary, the urgent HLH line in Act first, hepatomegaly and splenomegaly read into the
 * score, a link to complete it in the calculator); a breastfeeding woman's DVT on pembrolizumab (no DOAC); a
 * stroke at platelets 70 on nivolumab (no thrombolysis, in Act first); a bleed charted as ended on apixaban
 * (keep it stopped, no reversal now). Citations read as author and year. Screenshots at 1440 px, 390 px and
 * print go to test-output/report-lines.
 */
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  checkAndShoot as checkPage,
  citedIds,
  newPage,
  openCsv,
  type Running,
  TEST_OUTPUT,
  webAppForFile,
} from "./web-support.js";

const SHOTS = join(TEST_OUTPUT, "report-lines");
const AT = "2024-03-01";
const HEADER =
  "patient_id,record_type,date,end_date,code_system,code,text,value,unit,ref_low,ref_high,grade,dose_kind,qualifiers,birth_date,sex";

/** Nivolumab from 8 January 2024; on 26 February Hb 6.1 g/dL (13.4 before), DAT positive, LDH 890 U/L, haptoglobin low. */
const AIHA_CSV = `${HEADER}
aiha1,patient,,,,,,,,,,,,,1958-04-02,male
aiha1,dose,2024-01-08,,text,,nivolumab,,,,,,,,,
aiha1,dose,2024-01-22,,text,,nivolumab,,,,,,,,,
aiha1,dose,2024-02-05,,text,,nivolumab,,,,,,,,,
aiha1,lab,2024-01-07,,lab,hemoglobin,,13.4,g/dL,13.5,17.5,,,,,
aiha1,lab,2024-01-07,,lab,platelets,,240,10*9/L,150,400,,,,,
aiha1,lab,2024-02-26,,lab,hemoglobin,,6.1,g/dL,13.5,17.5,,,,,
aiha1,lab,2024-02-26,,lab,platelets,,210,10*9/L,150,400,,,,,
aiha1,lab,2024-02-26,,lab,dat,,positive,,,,,,,,
aiha1,lab,2024-02-26,,lab,ldh,,890,U/L,135,225,,,,,
aiha1,lab,2024-02-26,,lab,bilirubin-total,,3.2,mg/dL,0.2,1.2,,,,,
aiha1,lab,2024-02-26,,lab,reticulocytes-pct,,9.5,%,0.5,2.5,,,,,
aiha1,lab,2024-02-26,,lab,haptoglobin,,0.05,g/L,0.3,2.0,,,,,
`;

/** Four cycles of pembrolizumab; 98 days on, platelets 18, Hb 7.2 g/dL, neutrophils 0.3, reticulocytes 0.2 %. */
const PANCYTOPENIA_CSV = `${HEADER}
pan1,patient,,,,,,,,,,,,,1951-09-14,female
pan1,dose,2023-11-06,,text,,pembrolizumab,,,,,,,,,
pan1,dose,2023-11-27,,text,,pembrolizumab,,,,,,,,,
pan1,dose,2023-12-18,,text,,pembrolizumab,,,,,,,,,
pan1,dose,2024-01-08,,text,,pembrolizumab,,,,,,,,,
pan1,lab,2023-11-05,,lab,platelets,,260,10*9/L,150,400,,,,,
pan1,lab,2023-11-05,,lab,hemoglobin,,12.8,g/dL,12,16,,,,,
pan1,lab,2023-11-05,,lab,anc,,4.1,10*9/L,1.8,7.5,,,,,
pan1,lab,2024-02-12,,lab,platelets,,18,10*9/L,150,400,,,,,
pan1,lab,2024-02-12,,lab,hemoglobin,,7.2,g/dL,12,16,,,,,
pan1,lab,2024-02-12,,lab,anc,,0.3,10*9/L,1.8,7.5,,,,,
pan1,lab,2024-02-12,,lab,wbc,,0.9,10*9/L,4,11,,,,,
pan1,lab,2024-02-12,,lab,reticulocytes-pct,,0.2,%,0.5,2.5,,,,,
`;

/**
 * Axicabtagene ciloleucel on 1 February 2024, CRS grade 2 on days 2–6; day 20: ferritin 7,800 ng/mL, 39.6 °C,
 * splenomegaly and hepatomegaly, triglycerides 4.1 mmol/L, fibrinogen 1.2 g/L, AST 210 U/L, cytopenias.
 */
const CART_HSCORE_CSV = `${HEADER}
cart1,patient,,,,,,,,,,,,,1962-06-30,male
cart1,dose,2024-02-01,,text,,axicabtagene ciloleucel,,,,,,procedure,,,
cart1,lab,2024-01-31,,lab,platelets,,180,10*9/L,150,400,,,,,
cart1,lab,2024-01-31,,lab,hemoglobin,,11.9,g/dL,13.5,17.5,,,,,
cart1,lab,2024-01-31,,lab,ferritin,,650,ng/mL,30,400,,,,,
cart1,lab,2024-01-31,,lab,fibrinogen,,3.6,g/L,2,4,,,,,
cart1,event,2024-02-03,2024-02-07,text,,cytokine release syndrome,,,,,2,,,,
cart1,lab,2024-02-21,,lab,ferritin,,7800,ng/mL,30,400,,,,,
cart1,lab,2024-02-21,,lab,body-temperature,,39.6,Cel,,,,,,,
cart1,lab,2024-02-21,,lab,triglycerides,,4.1,mmol/L,,1.7,,,,,
cart1,lab,2024-02-21,,lab,fibrinogen,,1.2,g/L,2,4,,,,,
cart1,lab,2024-02-21,,lab,platelets,,32,10*9/L,150,400,,,,,
cart1,lab,2024-02-21,,lab,hemoglobin,,7.8,g/dL,13.5,17.5,,,,,
cart1,lab,2024-02-21,,lab,anc,,0.4,10*9/L,1.8,7.5,,,,,
cart1,lab,2024-02-21,,lab,ast,,210,U/L,10,40,,,,,
cart1,event,2024-02-21,,text,,splenomegaly,,,,,,,,,
cart1,event,2024-02-21,,text,,hepatomegaly,,,,,,,,,
`;

/** Breastfeeding since December 2023; pembrolizumab from 4 January 2024; a left femoral DVT on 28 February. */
const BREASTFEEDING_DVT_CSV = `${HEADER}
bf1,patient,,,,,,,,,,,,,1989-03-11,female
bf1,event,2023-12-01,,text,,breastfeeding,,,,,,,,,
bf1,dose,2024-01-04,,text,,pembrolizumab,,,,,,,,,
bf1,dose,2024-01-25,,text,,pembrolizumab,,,,,,,,,
bf1,dose,2024-02-15,,text,,pembrolizumab,,,,,,,,,
bf1,lab,2024-01-03,,lab,platelets,,280,10*9/L,150,400,,,,,
bf1,lab,2024-02-28,,lab,platelets,,250,10*9/L,150,400,,,,,
bf1,lab,2024-02-28,,lab,creatinine,,0.7,mg/dL,0.5,1.1,,,,,
bf1,lab,2024-02-28,,lab,d-dimer-feu,,3.2,ug/mL FEU,,0.5,,,,,
bf1,event,2024-02-28,,text,,deep vein thrombosis left femoral vein,,,,,2,,venous,,
`;

/** Nivolumab from 5 January 2024; an acute ischaemic stroke on 27 February with platelets 70 ×10⁹/L. */
const STROKE_CSV = `${HEADER}
st1,patient,,,,,,,,,,,,,1955-01-20,male
st1,dose,2024-01-05,,text,,nivolumab,,,,,,,,,
st1,dose,2024-01-19,,text,,nivolumab,,,,,,,,,
st1,dose,2024-02-02,,text,,nivolumab,,,,,,,,,
st1,lab,2024-01-04,,lab,platelets,,230,10*9/L,150,400,,,,,
st1,lab,2024-02-27,,lab,platelets,,70,10*9/L,150,400,,,,,
st1,lab,2024-02-27,,lab,inr,,1.1,,,,,,,,
st1,lab,2024-02-27,,lab,fibrinogen,,3.1,g/L,2,4,,,,,
st1,event,2024-02-27,,text,,acute ischaemic stroke,,,,,3,,arterial,,
`;

/** Apixaban with pembrolizumab; a grade 3 upper GI bleed on 26 February at platelets 38, charted as ended on 28 February. */
const ENDED_BLEED_CSV = `${HEADER}
eb1,patient,,,,,,,,,,,,,1950-05-05,female
eb1,dose,2024-01-03,,text,,pembrolizumab,,,,,,,,,
eb1,dose,2024-01-24,,text,,pembrolizumab,,,,,,,,,
eb1,dose,2024-02-14,,text,,pembrolizumab,,,,,,,,,
eb1,dose,2023-12-01,2024-03-30,text,,apixaban 5 mg twice daily,,,,,,statement,,,
eb1,lab,2024-01-02,,lab,platelets,,250,10*9/L,150,400,,,,,
eb1,lab,2024-02-26,,lab,platelets,,38,10*9/L,150,400,,,,,
eb1,lab,2024-02-26,,lab,hemoglobin,,8.9,g/dL,12,16,,,,,
eb1,event,2024-02-26,2024-02-28,text,,upper gastrointestinal bleeding,,,,,3,,,,
`;

describe("today's report lines in the web patient view", () => {
  let browser: Browser;
  let app: Running;
  webAppForFile("web-report-lines-", SHOTS, (run) => {
    ({ app, browser } = run);
  });

  /** A record opened at 1440 px wide, evaluated on {@link AT}. */
  async function open(name: string, csv: string): Promise<Page> {
    const page = await newPage(browser);
    await page.setViewportSize({ width: 1440, height: 1000 });
    await openCsv(page, app, AT, `${name}.csv`, csv);
    return page;
  }

  /** axe-core, the page's top at 1440 px, then at 390 px and printed; closes the page. */
  const checkAndShoot = (page: Page, name: string) => checkPage(page, SHOTS, name);

  /** Act first's group whose heading starts with `title`. */
  const actGroup = (page: Page, title: RegExp) =>
    page
      .locator("section.act-first .act-first-finding")
      .filter({ has: page.locator("h4", { hasText: title }) });

  it("anaemia with a positive DAT after nivolumab: named an autoimmune haemolytic anaemia in its card and in Act first", async () => {
    const page = await open("aiha-nivolumab", AIHA_CSV);
    const item = page.locator("article.unexplained-item");
    await expect(item.count()).resolves.toBe(1);
    await expect(item.getAttribute("data-shows")).resolves.toBeTruthy();
    await expect(item.locator("h3").textContent()).resolves.toBe(
      "Autoimmune haemolytic anaemia, immune-related (checkpoint inhibitor) — Anemia, grade 3",
    );
    // Its own plan: stop the checkpoint inhibitor at grade 3, prednisone, the blood bank told first.
    await expect(item.locator(".kind.immunotherapy li").first().textContent()).resolves.toMatch(
      /^Permanently discontinue the checkpoint inhibitor/,
    );
    await expect(item.textContent()).resolves.toMatch(/tell the blood bank first/);
    const act = actGroup(page, /^Unexplained: Autoimmune haemolytic anaemia/);
    await expect(act.locator("h4").textContent()).resolves.toBe(
      "Unexplained: Autoimmune haemolytic anaemia, immune-related (checkpoint inhibitor)",
    );
    const drug = act.locator("li.act.immunotherapy");
    await expect(drug.textContent()).resolves.toMatch(/Permanently discontinue the checkpoint inhibitor/);
    // The citation reads as author and year and still opens the full reference in Sources.
    await expect(drug.locator(".cite a").first().textContent()).resolves.toBe("Schneider 2021");
    await expect(drug.locator(".cite a").first().getAttribute("href")).resolves.toBe(
      "#src-asco-2021-irae-hematologic",
    );
    const source = page.locator("#src-asco-2021-irae-hematologic");
    await expect(source.locator(".ref-label").textContent()).resolves.toBe("Schneider 2021");
    await expect(source.textContent()).resolves.toMatch(/doi:10\.1200\/JCO\.21\.01440/);
    await expect(page.locator("section.sources code").count()).resolves.toBe(0);
    await checkAndShoot(page, "aiha-nivolumab");
  }, 60_000);

  it("pancytopenia after pembrolizumab beside an ITP: both in Act first, the marrow and febrile neutropenia urgent", async () => {
    const page = await open("pancytopenia-pembrolizumab", PANCYTOPENIA_CSV);
    await expect(actGroup(page, /^Immune thrombocytopenia/).count()).resolves.toBe(1);
    const pan = actGroup(page, /^Unexplained: Bi- or pancytopenia after a checkpoint inhibitor/);
    const urgent = await pan.locator("li.act.urgent").allTextContents();
    expect(urgent).toContainEqual(expect.stringMatching(/Call hematology now and examine the bone marrow/));
    expect(urgent).toContainEqual(
      expect.stringMatching(/blood cultures and broad-spectrum parenteral antibiotics/),
    );
    await expect(pan.locator(".act-more a").textContent()).resolves.toMatch(
      /Bi- or pancytopenia after a checkpoint inhibitor/,
    );
    await checkAndShoot(page, "pancytopenia-pembrolizumab");
  }, 60_000);

  it("CAR-T day 20 with HScore ≥ 169: the competing HLH in the summary, urgent in Act first, organomegaly read into the score", async () => {
    const page = await open("cart-hscore", CART_HSCORE_CSV);
    await expect(page.locator(".summary .primary-summary").textContent()).resolves.toMatch(
      /Competing explanation: HScore 169 or more \(reactive haemophagocytic syndrome likely/,
    );
    const urgent = page.locator("section.act-first li.act.urgent").first();
    await expect(urgent.textContent()).resolves.toMatch(
      /^⚠ Urgent: HScore 169 or more with this coagulopathy: a reactive haemophagocytic syndrome is likely/,
    );
    await expect(citedIds(urgent)).resolves.toContain("fardet-2014-hscore");
    // The HScore row: both organs read from the record (38 points), what is missing, and the calculator.
    const row = page.locator("tr", { has: page.locator("td[data-label=Score]", { hasText: /^HScore/ }) });
    await expect(row.locator("td[data-label=Components]").textContent()).resolves.toMatch(
      /Organomegaly.*: 38/,
    );
    const missing = row.locator("td[data-label='Missing components']");
    await expect(missing.textContent()).resolves.toMatch(/immunosuppression/i);
    await expect(missing.locator("a").getAttribute("href")).resolves.toBe("/calculators/hscore");
    // A source's text as clinicians read it: the ISTH SSC thresholds in ×10⁹/L and ≥, not "G/L" and ">=".
    const isth = page.locator("#src-isth-ssc-cat-thrombocytopenia-2018");
    await expect(isth.textContent()).resolves.toMatch(
      /platelets ≥ 50 ×10⁹\/L full therapeutic anticoagulation/,
    );
    await expect(isth.textContent()).resolves.not.toMatch(/G\/L|>=/);
    await checkAndShoot(page, "cart-hscore");
  }, 60_000);

  it("a breastfeeding woman's DVT on pembrolizumab: no DOAC, in Act first and in the plan", async () => {
    const page = await open("dvt-breastfeeding", BREASTFEEDING_DVT_CSV);
    await expect(page.locator("section.act-first li.act.avoid").allTextContents()).resolves.toContainEqual(
      expect.stringMatching(
        /Breastfeeding charted, or a delivery within 6 weeks \(ask whether she breastfeeds\): do not give a DOAC/,
      ),
    );
    await expect(page.locator("article.finding .kind.first-line").textContent()).resolves.toMatch(/LMWH/);
    await expect(page.locator("article.finding").first().textContent()).resolves.not.toMatch(
      /LMWH or a DOAC/,
    );
    await checkAndShoot(page, "dvt-breastfeeding");
  }, 60_000);

  it("an ischaemic stroke at platelets 70 on nivolumab: its own pathway and no thrombolysis, first in Act first", async () => {
    const page = await open("stroke-platelets-70", STROKE_CSV);
    const group = actGroup(page, /^Thrombosis/);
    await expect(group.locator("li.act").first().textContent()).resolves.toMatch(
      /^⚠ Urgent: Arterial event .*platelets 50–<100 ×10⁹\/L.*no intravenous thrombolysis/,
    );
    await checkAndShoot(page, "stroke-platelets-70");
  }, 60_000);

  it("a major bleed charted as ended on apixaban: keep it stopped, no reversal now and none in Act first", async () => {
    const page = await open("bleed-ended-apixaban", ENDED_BLEED_CSV);
    await expect(page.locator("article.finding").first().textContent()).resolves.toMatch(
      /its end charted, with an anticoagulant or antiplatelet agent on board: keep the drug stopped and do not reverse it now/,
    );
    await expect(page.locator("main").textContent()).resolves.not.toMatch(
      /reverse an anticoagulant without waiting/,
    );
    await checkAndShoot(page, "bleed-ended-apixaban");
  }, 60_000);

  it("the example patients by clinical title, the file name beside it in small print", async () => {
    const page = await newPage(browser);
    await page.goto(`${app.url}/`);
    await page.getByRole("heading", { name: "Example patients" }).waitFor();
    const buttons = await page.locator(".examples button").allTextContents();
    expect(buttons.length).toBeGreaterThan(10);
    // No title is a file name.
    expect(buttons.filter((b) => /^[a-z0-9-]+$/.test(b))).toEqual([]);
    expect(buttons).toContain(
      "Immune TTP twelve weeks into adjuvant nivolumab for anal squamous cell carcinoma (Gergi 2020)",
    );
    await expect(page.locator(".examples .example-file").first().textContent()).resolves.toMatch(/\.json$/);
    await page.locator("section", { has: page.locator("h2", { hasText: "Example patients" }) }).screenshot({
      path: join(SHOTS, "example-patients.png"),
    });
    await page.context().close();
  }, 60_000);
});
