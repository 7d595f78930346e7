/**
 * The plan lines and work-up conditions added to the knowledge base, as a hematologist sees them in the web
 * patient view (chromium): a child's plan flagged as adult doses at the head of Act first and of its plan
 * group (and not for an adult); the anticoagulant withhold line of an unexplained platelet count below 25
 * ×10⁹/L after CAR-T (and not at 25), with the ICAHT neutropenia named and its G-CSF trigger; possible TTP
 * from schistocytes before the haemolysis markers; IEC-HS named beside a DIC after CAR-T; raised liver tests
 * barring a DOAC; the plan before a spinal anaesthetic planned the day after apixaban, with no finding, in its own
 * section the summary points to. Each page fits a phone's width, prints without the controls and passes axe-core.
 * Screenshots go to test-output/plan-lines.
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

const SHOTS = join(TEST_OUTPUT, "plan-lines");
const HEADER =
  "patient_id,record_type,date,end_date,code_system,code,text,value,unit,ref_high,qualifiers,grade,birth_date";

/** Pembrolizumab on 1 December 2024; platelets 8 ×10⁹/L with petechiae on day 40 (grade 4 ITP), born `birth`. */
function itpCsv(birth: string): string {
  return `${HEADER}
kid1,patient,,,,,,,,,,,${birth}
kid1,dose,2024-12-01,,,,pembrolizumab,,,,,,
kid1,lab,2024-11-28,,lab,platelets,,250,10*9/L,,,,
kid1,lab,2025-01-10,,lab,platelets,,8,10*9/L,,,,
kid1,lab,2025-01-10,,loinc,718-7,,12.5,g/dL,,,,
kid1,event,2025-01-10,,text,,petechiae,,,,,,
`;
}

/**
 * Axicabtagene ciloleucel on 1 January 2024 on enoxaparin; day 7: platelets `platelets`, neutrophils 0.3 ×10⁹/L;
 * born `birth` when given (no patient row otherwise).
 */
function cartCsv(platelets: number, birth?: string): string {
  return `${HEADER}${birth === undefined ? "" : `\nac1,patient,,,,,,,,,,,${birth}`}
ac1,dose,2024-01-01,,,,axicabtagene ciloleucel,,,,,,
ac1,dose,2023-12-22,2024-03-01,,,enoxaparin,,,,,,
ac1,event,2023-12-01,,text,,Diffuse large B-cell lymphoma,,,,,,
ac1,lab,2023-12-29,,lab,platelets,,150,10*9/L,,,,
ac1,lab,2024-01-08,,lab,platelets,,${platelets},10*9/L,,,,
ac1,lab,2024-01-08,,lab,anc,,0.3,10*9/L,,,,
`;
}

/**
 * Pembrolizumab on 2 January 2025, platelets 230 ×10⁹/L and apixaban on 10 February, no finding; with `planned`, a
 * spinal anaesthetic charted as planned that day (ASRA 2018: 72 hours from apixaban's last dose to the puncture).
 */
function apixabanSpinalCsv(planned: boolean): string {
  return `${HEADER}
sp1,patient,,,,,,,,,,,1958-05-01
sp1,dose,2025-01-02,,,,pembrolizumab,,,,,,
sp1,dose,2025-02-10,,,,apixaban,,,,,,
sp1,lab,2025-02-10,,lab,platelets,,230,10*9/L,,,,
${planned ? "sp1,event,2025-02-10,,text,,Spinal anaesthesia planned,,,,,,\n" : ""}`;
}

/** Nivolumab; 41 days later platelets 18 ×10⁹/L with schistocytes 4 % and no haemolysis marker yet. */
const SCHISTO_CSV = `${HEADER}
tt1,dose,2024-01-10,,,,nivolumab,,,,,,
tt1,lab,2024-01-09,,lab,platelets,,230,10*9/L,,,,
tt1,lab,2024-02-20,,lab,platelets,,18,10*9/L,,,,
tt1,lab,2024-02-20,,lab,schistocytes-pct,,4,%,,,,
`;

/** DIC on day 12 after axicabtagene ciloleucel with CRS grade 3 and ferritin 45,000 µg/L. */
const IEC_HS_CSV = `${HEADER}
ie1,dose,2024-01-01,,,,axicabtagene ciloleucel,,,,,,
ie1,event,2023-12-01,,text,,Diffuse large B-cell lymphoma,,,,,,
ie1,event,2024-01-06,,text,,Cytokine release syndrome,,,,,3,
ie1,lab,2023-12-29,,lab,platelets,,160,10*9/L,,,,
ie1,lab,2024-01-13,,lab,platelets,,40,10*9/L,,,,
ie1,lab,2024-01-13,,lab,d-dimer-feu,,12,mg/L FEU,,,,
ie1,lab,2024-01-13,,lab,pt,,19.5,s,,,,
ie1,lab,2024-01-13,,lab,fibrinogen,,0.8,g/L,,,,
ie1,lab,2024-01-13,,lab,ferritin,,45000,ng/mL,,,,
`;

/**
 * A 10-year-old girl with B-ALL on a blinatumomab infusion from 14 to 28 November 2025, DIC on day 14
 * (platelets 38, fibrinogen 0.9 g/L, PT 18.9 s, D-dimer 9.5 mg/L FEU) charted, with CRS grade 2 the day before.
 */
const CHILD_BLINATUMOMAB_DIC_CSV = `patient_id,record_type,date,end_date,code_system,code,text,value,unit,ref_low,ref_high,grade,birth_date,sex
bd1,patient,,,,,,,,,,,2015-06-03,female
bd1,event,2025-07-01,,text,,B-cell acute lymphoblastic leukaemia,,,,,,,
bd1,dose,2025-11-14,2025-11-28,text,,blinatumomab,,,,,,,
bd1,lab,2025-11-13,,lab,platelets,,160,10*9/L,150,400,,,
bd1,lab,2025-11-13,,lab,fibrinogen,,2.8,g/L,2,4,,,
bd1,lab,2025-11-28,,lab,platelets,,38,10*9/L,150,400,,,
bd1,lab,2025-11-28,,lab,fibrinogen,,0.9,g/L,2,4,,,
bd1,lab,2025-11-28,,lab,pt,,18.9,s,11,13.5,,,
bd1,lab,2025-11-28,,lab,d-dimer-feu,,9.5,mg/L FEU,,0.5,,,
bd1,event,2025-11-27,,text,,Cytokine release syndrome,,,,,2,,
bd1,event,2025-11-28,,text,,Disseminated intravascular coagulation,,,,,,,
`;

/**
 * An 81-year-old woman, 52 kg, with an enoxaparin urticaria charted, a DVT on pembrolizumab and creatinine
 * 2.6 mg/dL (Cockcroft–Gault about 14 mL/min).
 */
const ALLERGY_RENAL_DVT_CSV = `patient_id,record_type,date,code_system,code,text,value,unit,ref_low,ref_high,qualifiers,birth_date,sex
ar1,patient,,,,,,,,,,1944-03-14,female
ar1,event,2023-05-10,text,,Allergy to enoxaparin: urticaria,,,,,,,
ar1,dose,2025-10-01,text,,pembrolizumab,,,,,,,
ar1,dose,2025-11-12,text,,pembrolizumab,,,,,,,
ar1,lab,2025-09-29,lab,creatinine,,1.1,mg/dL,0.5,1.0,,,
ar1,lab,2025-11-28,lab,platelets,,210,10*9/L,150,400,,,
ar1,lab,2025-11-28,lab,creatinine,,2.6,mg/dL,0.5,1.0,,,
ar1,lab,2025-11-28,lab,body-weight,,52,kg,,,,,
ar1,event,2025-11-28,text,,deep vein thrombosis left femoral vein,,,,,venous;dvt,,
`;

/** A DVT on pembrolizumab two days after ALT 160 U/L (ULN 40) and AST 120 U/L (ULN 34). */
const LIVER_CSV = `${HEADER}
lv1,dose,2024-01-10,,,,pembrolizumab,,,,,,
lv1,lab,2024-02-18,,loinc,1742-6,,160,U/L,40,,,
lv1,lab,2024-02-18,,loinc,1920-8,,120,U/L,34,,,
lv1,event,2024-02-20,,text,,deep vein thrombosis,,,,venous;dvt,,
lv1,lab,2024-02-20,,lab,platelets,,210,10*9/L,,,,
`;

/**
 * A DVT on pembrolizumab in a woman of 78 weighing 71 kg with creatinine 2.6 mg/dL: Cockcroft–Gault 19.99 mL/min
 * (shown as 19.9), below 30 — no DOAC, and the LMWH labels' renal doses.
 */
const RENAL_CSV = `patient_id,record_type,date,end_date,code_system,code,text,value,unit,qualifiers,birth_date,sex
rn1,patient,,,,,,,,,1946-01-01,female
rn1,dose,2024-01-10,,,,pembrolizumab,,,,,
rn1,lab,2024-02-19,,lab,body-weight,,71,kg,,,
rn1,lab,2024-02-20,,lab,creatinine,,2.6,mg/dL,,,
rn1,lab,2024-02-20,,lab,platelets,,210,10*9/L,,,
rn1,event,2024-02-20,,text,,deep vein thrombosis,,,venous;dvt,,
`;

/**
 * A 10-year-old boy on a blinatumomab infusion from 2 November 2026 with DIC on day 14 (platelets 38, fibrinogen
 * 0.8 g/L, PT 19.5 s, D-dimer 12 mg/L FEU) and a DVT the next day, creatinine 0.9 mg/dL; with `height` a height
 * of 138 cm charted that day (bedside Schwartz eGFR 0.413 × 138 / 0.9 = 63.3 mL/min/1.73 m²), without it none.
 */
function childDicDvtCsv(height: boolean): string {
  return `patient_id,record_type,date,end_date,code_system,code,text,value,unit,ref_low,ref_high,grade,birth_date,sex
sw1,patient,,,,,,,,,,,2016-03-14,male
sw1,event,2026-10-20,,text,,B-cell acute lymphoblastic leukaemia relapse,,,,,,,
sw1,lab,2026-10-30,,lab,platelets,,210,10*9/L,,,,,
sw1,lab,2026-10-30,,lab,fibrinogen,,2.8,g/L,,,,,
sw1,dose,2026-11-02,2026-11-29,text,,blinatumomab,,,,,,,
sw1,event,2026-11-04,,text,,cytokine release syndrome,,,,,2,,
sw1,lab,2026-11-16,,lab,platelets,,38,10*9/L,,,,,
sw1,lab,2026-11-16,,lab,fibrinogen,,0.8,g/L,,,,,
sw1,lab,2026-11-16,,lab,d-dimer-feu,,12,mg/L FEU,,,,,
sw1,lab,2026-11-16,,lab,pt,,19.5,s,11,13.5,,,
sw1,event,2026-11-17,,text,,DVT left femoral vein on ultrasound,,,,,,,
sw1,lab,2026-11-17,,lab,creatinine,,0.9,mg/dL,,,,,
sw1,lab,2026-11-17,,lab,body-weight,,31,kg,,,,,${height ? "\nsw1,lab,2026-11-17,,lab,body-height,,138,cm,,,,," : ""}
`;
}

describe("new plan lines in the web patient view", () => {
  let browser: Browser;
  let app: Running;
  webAppForFile("web-plan-lines-", SHOTS, (run) => {
    ({ app, browser } = run);
  });

  async function open(name: string, csv: string, at: string): Promise<Page> {
    const page = await newPage(browser);
    await openCsv(page, app, at, `${name}.csv`, csv);
    return page;
  }

  /** axe-core, screenshots, the phone and print checks, into this file's folder; closes the page. */
  const checkAndShoot = (page: Page, name: string) => checkPage(page, SHOTS, name);

  it("a 9-year-old's ITP: age in the header, the adult-dose line first in Act first and first in its plan group", async () => {
    const page = await open("child-itp", itpCsv("2015-05-01"), "2025-01-12");
    await expect(page.locator(".patient-header .meta").textContent()).resolves.toMatch(
      /born 2015-05-01 \(age 9 at the evaluation\)/,
    );
    const act = page.locator("section.act-first");
    const first = act.locator("li.act").first();
    await expect(first.getAttribute("class")).resolves.toBe("act age");
    await expect(first.textContent()).resolves.toMatch(
      /^⚠ Before any dose: Patient under 18: the doses and thresholds of this plan are adult ones/,
    );
    await expect(citedIds(first)).resolves.toEqual(["ash-itp-2019", "asco-2021-irae-hematologic"]);
    // The plan's first-line group opens with it; the adult prednisone and dexamethasone courses are not shown.
    const firstLine = page.locator("article.finding .kind.first-line li");
    await expect(firstLine.first().getAttribute("class")).resolves.toBe("leading");
    await expect(firstLine.first().textContent()).resolves.toMatch(/^Before any dose: Patient under 18/);
    await expect(firstLine.first().locator(".caveat").textContent()).resolves.toMatch(
      /read in a secondary table of the ASH recommendations for children/,
    );
    // Then the children's first line from the ASH table, with its corticosteroid course of 7 days or less; no adult
    // course (4 weeks of prednisone and a taper, or dexamethasone 40 mg) is offered to the child.
    await expect(firstLine.nth(1).textContent()).resolves.toMatch(
      /^Before any dose: Patient under 18: the ASH advice for children replaces the adult first line.*prednisone 2–4 mg\/kg\/day/,
    );
    await expect(firstLine.allTextContents()).resolves.not.toContainEqual(
      expect.stringMatching(/for 4 weeks|dexamethasone 40 mg/),
    );
    await page
      .locator("article.finding .kind.first-line")
      .screenshot({ path: join(SHOTS, "child-itp-plan.png") });
    await checkAndShoot(page, "child-itp");
  }, 60_000);

  it("a 10-year-old on blinatumomab with DIC: each adult-dose line once, naming its plans; the child's DOAC avoid once, among the avoid lines; the infusion's end", async () => {
    const page = await open("child-blinatumomab-dic", CHILD_BLINATUMOMAB_DIC_CSV, "2025-11-29");
    const act = page.locator("section.act-first");
    // The DIC and CARAC plans share one adult-dose line, the ITP plan has its own words and the children's
    // ASH first line: each heads Act first once, saying which plans it is for.
    const age = act.locator("li.act.age");
    await expect(age.allTextContents()).resolves.toEqual([
      expect.stringMatching(
        /^⚠ Before any dose: Patient under 18: the doses and thresholds of this plan are adult ones.* — for both Disseminated intravascular coagulation \(DIC\) and CAR-T-associated coagulopathy \(CARAC\)$/,
      ),
      expect.stringMatching(
        /The adult ITP doses and thresholds here .* — for Immune thrombocytopenia \(ITP\)$/,
      ),
      expect.stringMatching(
        /^⚠ Before any dose: Patient under 18: the ASH advice for children replaces the adult first line .* — for Immune thrombocytopenia \(ITP\)$/,
      ),
    ]);
    // No apixaban or edoxaban in a child: an avoid line, shown once where the avoid lines are (it headed Act
    // first as well before), for all three plans.
    const doac = act.locator("li.act").filter({ hasText: "do not give apixaban or edoxaban" });
    await expect(doac.count()).resolves.toBe(1);
    await expect(doac.getAttribute("class")).resolves.toBe("act avoid");
    await expect(doac.locator(".act-serves").textContent()).resolves.toBe(
      " — for Disseminated intravascular coagulation (DIC), CAR-T-associated coagulopathy (CARAC) and Immune thrombocytopenia (ITP)",
    );
    // In the plan too it is an avoid line, not tagged as the adult-dose caution.
    const dicAvoid = page
      .locator("article.finding")
      .first()
      .locator(".kind.avoid li")
      .filter({ hasText: "apixaban" });
    await expect(dicAvoid.getAttribute("class")).resolves.toBeNull();
    // The 14-day infusion is not read as one dose on its first day.
    await expect(
      page
        .locator("table")
        .filter({ hasText: "Immunotherapy exposures" })
        .locator("td[data-label=Last]")
        .textContent(),
    ).resolves.toBe("2025-11-14 (course to 2025-11-28)");
    // …and the timeline draws it to its end.
    const events = page.locator('.plot[data-panel="events"]');
    await expect(events.locator('path[aria-label="courses"]').count()).resolves.toBe(1);
    await events.screenshot({ path: join(SHOTS, "child-blinatumomab-dic-course.png") });
    await act.screenshot({ path: join(SHOTS, "child-blinatumomab-dic-act-first.png") });
    await checkAndShoot(page, "child-blinatumomab-dic");
  }, 60_000);

  it("an enoxaparin allergy, creatinine 2.6 mg/dL at 52 kg and a DVT: what the avoid lines rest on is in the header, both avoid lines in Act first", async () => {
    const page = await open("allergy-renal-dvt", ALLERGY_RENAL_DVT_CSV, "2025-11-29");
    const line = page.locator(".patient-header p.prescribing");
    await expect(line.textContent()).resolves.toBe(
      "For prescribing, from the record: Drug allergy: Allergy to enoxaparin: urticaria (2023-05-10) allergy-renal-dvt.csv:3 · Weight: 52 kg (2025-11-28) allergy-renal-dvt.csv:9 · Creatinine: 2.6 mg/dL (2025-11-28) allergy-renal-dvt.csv:8",
    );
    // Each value links to its record, on the timeline when it is drawn there.
    await line.getByRole("button", { name: "Show allergy-renal-dvt.csv:8 on the timeline" }).click();
    await expect(page.locator(".highlight-status").textContent()).resolves.toMatch(
      /^allergy-renal-dvt\.csv:8/,
    );
    const avoid = page.locator("section.act-first li.act.avoid");
    await expect(avoid.allTextContents()).resolves.toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^⚠ Avoid: Severe renal impairment charted .*do not give apixaban, rivaroxaban/,
        ),
        expect.stringMatching(
          /^⚠ Avoid: Allergy or hypersensitivity to a heparin on record \(not HIT\): give no heparin in any form/,
        ),
      ]),
    );
    // The one tranexamic acid label this page cites is named without the letter that tells the knowledge
    // base's several CYKLOKAPRON sources apart.
    const tranexamic = avoid.filter({ hasText: "antifibrinolytic" }).locator(".cite a");
    await expect(tranexamic.allTextContents()).resolves.toEqual(["CYKLOKAPRON"]);
    await expect(tranexamic.getAttribute("data-ref")).resolves.toBe("cyklokapron-label");
    await page.locator(".patient-header").screenshot({ path: join(SHOTS, "allergy-renal-dvt-header.png") });
    await checkAndShoot(page, "allergy-renal-dvt");
  }, 60_000);

  it("the same ITP in an adult: no adult-dose line anywhere", async () => {
    const page = await open("adult-itp", itpCsv("1960-05-01"), "2025-01-12");
    await expect(page.locator(".patient-header .meta").textContent()).resolves.toMatch(
      /\(age 64 at the evaluation\)/,
    );
    await expect(page.locator("li.act.age").count()).resolves.toBe(0);
    await expect(page.locator("li.leading").count()).resolves.toBe(0);
    await expect(page.locator("main").textContent()).resolves.not.toMatch(/Patient under 18/);
    await page.context().close();
  }, 60_000);

  it("platelets 20 on enoxaparin a week after CAR-T, unexplained: the HIT version of the below-25 line (heparin for 17 days, the 4Ts still open) in its card and in Act first; ICAHT named with its G-CSF trigger", async () => {
    const page = await open("cart-platelets-20-enoxaparin", cartCsv(20), "2024-01-09");
    // The summary counts both items and names neither alone: the platelet item's plan is a single lab rule's,
    // not a named pattern, and naming it alone read as the whole list.
    await expect(page.locator(".summary .primary-line").textContent()).resolves.toBe(
      "No immunotherapy-associated hemostatic disorder detected, but 2 serious abnormalities are unexplained — see Unexplained",
    );
    const item = page.locator("article.unexplained-item").filter({ hasText: "Platelet count decreased" });
    await expect(item.getByRole("heading", { name: "Next steps" }).count()).resolves.toBe(1);
    // The count fell from 150 to 20 a week after CAR-T, on enoxaparin since 22 December: HIT cannot be excluded
    // until its 4Ts is complete, so the line stops heparin rather than simply withholding the anticoagulant.
    const withhold = item.locator(".kind.avoid li");
    await expect(withhold.textContent()).resolves.toMatch(
      /^Platelets <25 ×10⁹\/L with an anticoagulant or antiplatelet agent on board and HIT suspected.*stop all heparin.*complete the 4Ts now.*In this patient's record: enoxaparin\./,
    );
    await expect(withhold.locator(".caveat").textContent()).resolves.toMatch(/ASH 2018/);
    const act = page.locator("section.act-first");
    await expect(act.locator("h4").allTextContents()).resolves.toEqual([
      "Unexplained: Platelet count decreased",
    ]);
    await expect(act.locator("li.act.avoid").textContent()).resolves.toMatch(
      /HIT suspected.*stop all heparin/,
    );
    // No birth date charted: no adult-dose line.
    await expect(page.locator("li.act.age, li.leading").count()).resolves.toBe(0);
    await expect(act.locator(".act-more a").getAttribute("href")).resolves.toBe(
      "#unexplained-platelet-count-decreased-2024-01-08",
    );
    await expect(page.locator("#unexplained-platelet-count-decreased-2024-01-08").count()).resolves.toBe(1);
    const neutropenia = page
      .locator("article.unexplained-item")
      .filter({ hasText: "Neutrophil count decreased" });
    // The ICAHT guidance is the reason no disorder was attributed: a line of its own, opening as a sentence.
    await expect(neutropenia.locator("ul.reasons li").allTextContents()).resolves.toEqual([
      expect.stringMatching(
        /^No hemostatic disorder HemoSentinel detects accounts for it\. After CAR-T this is immune effector cell-associated hematotoxicity \(ICAHT\).*below 0\.5 ×10⁹\/L the consensus gives therapeutic G-CSF/,
      ),
    ]);
    await expect(item.locator("dd").nth(2).textContent()).resolves.toMatch(
      /day 7 after the axicabtagene ciloleucel infusion of 2024-01-01\), grade 4\. Before the infusion: grade 0 \(2023-12-29\)\. Not attributed:Immune thrombocytopenia \(ITP\): not sought before day 31/,
    );
    await item.locator(".kind.avoid").screenshot({ path: join(SHOTS, "cart-platelets-20-next-steps.png") });
    await neutropenia.screenshot({ path: join(SHOTS, "cart-neutropenia-icaht.png") });
    await checkAndShoot(page, "cart-platelets-20-enoxaparin");
  }, 60_000);

  it("a 15-year-old's platelets 20 on enoxaparin after CAR-T, unexplained: the adult-dose line heads Act first and the item's plan", async () => {
    const page = await open("child-cart-platelets-20-enoxaparin", cartCsv(20, "2008-06-01"), "2024-01-09");
    const act = page.locator("section.act-first");
    const first = act.locator("li.act").first();
    await expect(first.getAttribute("class")).resolves.toBe("act age");
    await expect(first.textContent()).resolves.toMatch(
      /^⚠ Before any dose: Patient under 18: the doses and thresholds of this plan are adult ones/,
    );
    await expect(act.locator("li.act.age").count()).resolves.toBe(1);
    await expect(act.locator("li.act.avoid").textContent()).resolves.toMatch(/withhold an anticoagulant/);
    const item = page.locator("article.unexplained-item").filter({ hasText: "Platelet count decreased" });
    const firstLine = item.locator(".kind.first-line li");
    await expect(firstLine.count()).resolves.toBe(1);
    await expect(firstLine.first().getAttribute("class")).resolves.toBe("leading");
    await expect(firstLine.first().textContent()).resolves.toMatch(/^Before any dose: Patient under 18/);
    await expect(item.locator(".kind.avoid li").textContent()).resolves.toMatch(/withhold an anticoagulant/);
    await item.screenshot({ path: join(SHOTS, "child-cart-platelets-20-next-steps.png") });
    await checkAndShoot(page, "child-cart-platelets-20-enoxaparin");
  }, 60_000);

  it("platelets 25 on enoxaparin after CAR-T: at the floor, no withhold line and no Act first, the dose reviewed", async () => {
    const page = await open("cart-platelets-25-enoxaparin", cartCsv(25), "2024-01-09");
    const item = page.locator("article.unexplained-item").filter({ hasText: "Platelet count decreased" });
    await expect(item.count()).resolves.toBe(1);
    // 25–<50 on an anticoagulant: the review of its dose (a supportive line), not the withhold line.
    await expect(item.locator(".kind.avoid li").count()).resolves.toBe(0);
    await expect(item.locator(".kind.supportive li").first().textContent()).resolves.toMatch(
      /^An anticoagulant is being taken with platelets 25–<50 ×10⁹\/L/,
    );
    await expect(page.locator("section.act-first").count()).resolves.toBe(0);
    await page.context().close();
  }, 60_000);

  it("schistocytes with platelets 18 before any haemolysis marker: possible TTP, hematology now, ADAMTS13 before plasma", async () => {
    const page = await open("possible-ttp-schistocytes", SCHISTO_CSV, "2024-02-21");
    await expect(page.locator(".summary .primary-line").textContent()).resolves.toMatch(
      /^Thrombotic thrombocytopenic purpura \(TTP\) — possible/,
    );
    const act = page.locator("section.act-first");
    await expect(act.locator("li.act.urgent").first().textContent()).resolves.toMatch(
      /Call hematology immediately/,
    );
    await expect(act.locator("li.act.avoid").first().textContent()).resolves.toMatch(
      /Do not give prophylactic platelet transfusions/,
    );
    const ttp = page
      .locator("article.finding")
      .filter({ has: page.locator("h3", { hasText: "Thrombotic" }) });
    await expect(ttp.locator(".kind.first-line").textContent()).resolves.toMatch(
      /TTP not excluded: .*draw ADAMTS13 activity and inhibitor before any plasma or blood product/,
    );
    await checkAndShoot(page, "possible-ttp-schistocytes");
  }, 60_000);

  it("DIC after CAR-T with ferritin 45,000: IEC-HS urgent in Act first under DIC", async () => {
    const page = await open("dic-cart-iec-hs", IEC_HS_CSV, "2024-01-14");
    const dic = page.locator("section.act-first .act-first-finding").filter({
      has: page.locator("h4", { hasText: "Disseminated intravascular coagulation" }),
    });
    await expect(dic.locator("li.act.urgent").first().textContent()).resolves.toMatch(
      /Ferritin ≥10,000 ng\/mL with DIC after CAR-T: suspect an immune effector cell-associated HLH-like syndrome \(IEC-HS\)/,
    );
    // The ferritin that raised it is on the timeline.
    await expect(page.locator('.plot[data-panel="ferritin"]').count()).resolves.toBe(1);
    await checkAndShoot(page, "dic-cart-iec-hs");
  }, 60_000);

  it("a DVT at a Cockcroft–Gault clearance of 19.9 mL/min: the value and its inputs in the header, no DOAC, the LMWH label doses", async () => {
    const page = await open("dvt-severe-renal", RENAL_CSV, "2024-02-21");
    await expect(page.locator(".patient-header p.kidney-function").textContent()).resolves.toMatch(
      /Cockcroft–Gault creatinine clearance 19\.9 mL\/min from creatinine 2\.6 mg\/dL on 2024-02-20, weight 71 kg \(2024-02-19\), age 78, female — below 30 mL\/min/,
    );
    const finding = page.locator("article.finding").first();
    await expect(finding.locator('[data-item="thr-lmwh-renal-dose"]').textContent()).resolves.toMatch(
      /enoxaparin 1 mg\/kg once daily/,
    );
    await expect(finding.locator('[data-item="thr-avoid-doac-renal"]').count()).resolves.toBe(1);
    await checkAndShoot(page, "dvt-severe-renal");
  }, 60_000);

  it("a DVT with ALT 4 × ULN: no DOAC offered, the bar in Act first and LMWH in the plan", async () => {
    const page = await open("dvt-raised-liver-tests", LIVER_CSV, "2024-02-21");
    const act = page.locator("section.act-first");
    await expect(act.locator("li.act.avoid").allTextContents()).resolves.toContainEqual(
      expect.stringMatching(
        /Liver tests raised .*do not start apixaban, rivaroxaban, edoxaban or dabigatran/,
      ),
    );
    const plan = page.locator("article.finding .kind.first-line");
    await expect(plan.textContent()).resolves.toMatch(/therapeutic anticoagulation with LMWH, not a DOAC/);
    await expect(page.locator("article.finding").first().textContent()).resolves.not.toMatch(
      /LMWH or a DOAC/,
    );
    // The values the bar rests on are on the timeline, with the laboratory's upper limit.
    for (const [panel, caption] of [
      ["alt", "dashed green: reference range ≤ 40 U/L (laboratory)"],
      ["ast", "dashed green: reference range ≤ 34 U/L (laboratory)"],
    ] as const) {
      await expect(page.locator(`.plot[data-panel="${panel}"]`).count()).resolves.toBe(1);
      await expect(
        page
          .locator("figure.panel")
          .filter({ has: page.locator(`.plot[data-panel="${panel}"]`) })
          .locator("figcaption")
          .textContent(),
      ).resolves.toContain(caption);
    }
    await page
      .locator('.plot[data-panel="alt"]')
      .screenshot({ path: join(SHOTS, "dvt-raised-liver-tests-alt.png") });
    await checkAndShoot(page, "dvt-raised-liver-tests");
  }, 60_000);

  it("a 10-year-old with DIC and a DVT, height charted: the header names the height and the bedside Schwartz eGFR it gave, each value's record a key press away", async () => {
    const page = await open("child-schwartz-egfr", childDicDvtCsv(true), "2026-11-18");
    const header = page.locator(".patient-header");
    await expect(header.locator("p.prescribing").textContent()).resolves.toBe(
      "For prescribing, from the record: Weight: 31 kg (2026-11-17) child-schwartz-egfr.csv:14 · Height: 138 cm (2026-11-17) child-schwartz-egfr.csv:15 · Creatinine: 0.9 mg/dL (2026-11-17) child-schwartz-egfr.csv:13",
    );
    const kidney = header.locator("p.kidney-function");
    await expect(kidney.textContent()).resolves.toMatch(
      /^Kidney function the plans read: Bedside Schwartz eGFR 63\.3 mL\/min\/1\.73 m² \(a child: 0\.413 × height \/ creatinine\) from creatinine 0\.9 mg\/dL on 2026-11-17, height 138 cm \(2026-11-17\), age 10, male.* child-schwartz-egfr\.csv:13 ?child-schwartz-egfr\.csv:15$/,
    );
    // Shown once, in the header (it stood below the timeline, beside the findings, before).
    await expect(page.locator("p.kidney-function").count()).resolves.toBe(1);
    // A date is never broken at its hyphen on a narrow screen, nor a value parted from its unit.
    const unbroken = header.locator(".nobreak");
    await expect(unbroken.allTextContents()).resolves.toEqual(
      expect.arrayContaining(["31 kg", "2026-11-17", "138 cm", "0.9 mg/dL", "63.3 mL/min/1.73 m²"]),
    );
    await expect(unbroken.first().evaluate((e) => getComputedStyle(e).whiteSpace)).resolves.toBe("nowrap");
    // Keyboard only: the height's record is a button reached by Tab, and Enter shows it on the timeline.
    const height = kidney.getByRole("button", { name: "Show child-schwartz-egfr.csv:15 on the timeline" });
    await height.focus();
    await page.keyboard.press("Enter");
    await expect(page.locator(".highlight-status").textContent()).resolves.toMatch(
      /^child-schwartz-egfr\.csv:15/,
    );
    await header.screenshot({ path: join(SHOTS, "child-schwartz-egfr-header.png") });
    await checkAndShoot(page, "child-schwartz-egfr");
  }, 60_000);

  it("apixaban yesterday and a spinal anaesthetic planned, no finding: 'Before a planned procedure' with the cited interval, pointed to from the summary and the empty findings; none without the plan", async () => {
    const page = await open("procedure-no-finding", apixabanSpinalCsv(true), "2025-02-11");
    const note = page.locator("section.summary p.procedure-note a");
    await expect(note.textContent()).resolves.toBe(
      "Before the spinal anaesthesia planned: apixaban within the interval asked before it (1 line) — see Before a planned procedure",
    );
    await expect(note.getAttribute("href")).resolves.toBe("#procedures-title");
    // "Nothing detected" is never alone: the findings section points to the plan too.
    await expect(page.locator("section.findings > p").textContent()).resolves.toMatch(
      /^No immunotherapy-associated hemostatic disorder detected\. Before the spinal anaesthesia planned: apixaban within the interval/,
    );
    const section = page.locator("section.procedures");
    await expect(section.locator("h2").textContent()).resolves.toBe("Before a planned procedure");
    await expect(section.locator(".kind h5").allTextContents()).resolves.toEqual(["Supportive care"]);
    const line = section.locator('[data-item="procedure-doac-before-planned-neuraxial-puncture"]');
    await expect(line.textContent()).resolves.toMatch(
      /at least 72 hours from the last dose.*In this patient's record: apixaban/,
    );
    await expect(citedIds(line)).resolves.toEqual([
      "asra-2018-neuraxial-antithrombotic",
      "esaic-esra-2022-regional-antithrombotic",
    ]);
    await note.click();
    await expect(page.evaluate(() => location.hash)).resolves.toBe("#procedures-title");
    await section.screenshot({ path: join(SHOTS, "procedure-no-finding-section.png") });
    await checkAndShoot(page, "procedure-no-finding");

    const without = await open("apixaban-no-procedure", apixabanSpinalCsv(false), "2025-02-11");
    await expect(without.locator("section.procedures").count()).resolves.toBe(0);
    await expect(without.locator("p.procedure-note").count()).resolves.toBe(0);
    await expect(without.locator("section.findings > p").textContent()).resolves.toBe(
      "No immunotherapy-associated hemostatic disorder detected.",
    );
    await without.context().close();
  }, 60_000);

  it("the same child without a height: the header says the eGFR cannot be estimated and why, and Act first asks for the height", async () => {
    const page = await open("child-no-height", childDicDvtCsv(false), "2026-11-18");
    const header = page.locator(".patient-header");
    await expect(header.locator("p.prescribing").textContent()).resolves.not.toMatch(/Height/);
    await expect(header.locator("p.kidney-function").textContent()).resolves.toMatch(
      /^Kidney function the plans read: No creatinine clearance or eGFR: a child's kidney function cannot be estimated: .*the bedside Schwartz eGFR needs a height charted in the last 90 days; inputs on record: creatinine 0\.9 mg\/dL on 2026-11-17, age 10, male\./,
    );
    await expect(
      page.locator("section.act-first li.act.age").filter({ hasText: "Measure the height" }).count(),
    ).resolves.toBe(1);
    await header.screenshot({ path: join(SHOTS, "child-no-height-header.png") });
    await checkAndShoot(page, "child-no-height");
  }, 60_000);
});
