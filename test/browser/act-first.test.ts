/**
 * Act first as a hematologist reads it (chromium), on realistic patients: a CAR-T coagulopathy on day 9 with
 * fibrinogen 0.9 g/L and a nosebleed (the urgent fibrinogen line heads the list, above the primary DIC's plan);
 * a pembrolizumab ITP at platelets 4 after a GI bleed charted as ended on apixaban (the drug kept stopped, not
 * reversed, in Act first); an ITP beside a DVT (the ITP's hold of pembrolizumab, shown in the thrombosis plan in
 * place of its "continue", listed once for both, as the patient-wide HIT lines are); a nivolumab TTP awaiting
 * ADAMTS13; a pregnant woman with a PE on atezolizumab; an immune-related autoimmune haemolytic anaemia charted
 * at grade 4 (its urgent admission line in Act first). Then Act first by keyboard. Each page fits a phone, prints
 * with Act first and passes axe-core. Screenshots go to test-output/act-first.
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { patientPagesForFile, TEST_OUTPUT } from "./web-support.js";

const SHOTS = join(TEST_OUTPUT, "act-first");
const HEADER =
  "patient_id,record_type,date,end_date,code_system,code,text,value,unit,ref_low,ref_high,grade,dose_kind,qualifiers,birth_date,sex";

/** Axicabtagene ciloleucel on 20 November 2026, CRS grade 2 on day 3; day 9: platelets 18, fibrinogen 0.9 g/L, epistaxis. */
const CART_CSV = `${HEADER}
ct1,patient,,,,,,,,,,,,,1961-03-14,male
ct1,event,2026-09-01,,text,,Diffuse large B-cell lymphoma,,,,,,,,,
ct1,dose,2026-11-20,,text,,axicabtagene ciloleucel,,,,,,procedure,,,
ct1,lab,2026-11-18,,lab,platelets,,142,10*9/L,,,,,,,
ct1,lab,2026-11-18,,lab,fibrinogen,,3.1,g/L,,,,,,,
ct1,event,2026-11-23,,text,,Cytokine release syndrome,,,,,2,,,,
ct1,lab,2026-11-29,,lab,platelets,,18,10*9/L,,,,,,,
ct1,lab,2026-11-29,,lab,fibrinogen,,0.9,g/L,,,,,,,
ct1,lab,2026-11-29,,lab,pt,,16.8,s,,,,,,,
ct1,lab,2026-11-29,,lab,aptt,,41,s,,,,,,,
ct1,lab,2026-11-29,,lab,d-dimer-feu,,6.2,mg/L FEU,,,,,,,
ct1,event,2026-11-29,,text,,epistaxis,,,,,1,,,,
`;

/**
 * Pembrolizumab from 1 September 2026 on apixaban (stopped 2 November); an upper GI bleed grade 3 on 1 November
 * charted as ended on 2 November, platelets 4 ×10⁹/L and haemoglobin 7.6 g/dL that day.
 */
const ITP_ENDED_BLEED_CSV = `${HEADER}
it1,patient,,,,,,,,,,,,,1954-07-02,female
it1,event,2026-06-01,,text,,Non-small cell lung cancer,,,,,,,,,
it1,dose,2025-01-01,2026-11-02,text,,apixaban,,,,,,,,,
it1,dose,2026-09-01,,text,,pembrolizumab,,,,,,administration,,,
it1,dose,2026-10-13,,text,,pembrolizumab,,,,,,administration,,,
it1,lab,2026-08-30,,lab,platelets,,231,10*9/L,,,,,,,
it1,lab,2026-08-30,,lab,hemoglobin,,12.9,g/dL,,,,,,,
it1,lab,2026-11-02,,lab,platelets,,4,10*9/L,,,,,,,
it1,lab,2026-11-02,,lab,hemoglobin,,7.6,g/dL,,,,,,,
it1,event,2026-11-01,2026-11-02,text,,upper gastrointestinal bleeding,,,,,3,,,,
`;

/** Pembrolizumab; a grade 2 DVT on enoxaparin on 20 October 2026, platelets 20 with petechiae ten days later. */
const ITP_DVT_CSV = `${HEADER}
id1,patient,,,,,,,,,,,,,1960-01-01,male
id1,event,2026-06-01,,text,,Melanoma,,,,,,,,,
id1,dose,2026-09-01,,text,,pembrolizumab,,,,,,administration,,,
id1,dose,2026-09-22,,text,,pembrolizumab,,,,,,administration,,,
id1,lab,2026-08-30,,lab,platelets,,231,10*9/L,,,,,,,
id1,event,2026-10-20,,text,,deep vein thrombosis,,,,,2,,venous;dvt,,
id1,dose,2026-10-20,2026-12-31,text,,enoxaparin,,,,,,,,,
id1,lab,2026-10-30,,lab,platelets,,20,10*9/L,,,,,,,
id1,event,2026-10-30,,text,,petechiae,,,,,,,,,
`;

/** Nivolumab; on 20 October 2026 a TMA (platelets 11, schistocytes 4 %, haptoglobin < 10) with ADAMTS13 awaited. */
const TTP_CSV = `${HEADER}
tp1,patient,,,,,,,,,,,,,1968-11-20,female
tp1,event,2026-03-01,,text,,Renal cell carcinoma,,,,,,,,,
tp1,dose,2026-08-03,,text,,nivolumab,,,,,,administration,,,
tp1,dose,2026-09-28,,text,,nivolumab,,,,,,administration,,,
tp1,lab,2026-08-01,,lab,platelets,,250,10*9/L,,,,,,,
tp1,lab,2026-10-20,,lab,platelets,,11,10*9/L,,,,,,,
tp1,lab,2026-10-20,,lab,hemoglobin,,7.9,g/dL,,,,,,,
tp1,lab,2026-10-20,,lab,schistocytes-pct,,4,%,,,,,,,
tp1,lab,2026-10-20,,lab,reticulocytes-pct,,6.5,%,,,,,,,
tp1,lab,2026-10-20,,lab,haptoglobin,,<10,mg/dL,,,,,,,
tp1,lab,2026-10-20,,lab,ldh,,1450,U/L,,250,,,,,
tp1,lab,2026-10-20,,lab,mcv,,86,fL,,,,,,,
tp1,lab,2026-10-20,,lab,inr,,1.1,,,,,,,,
tp1,lab,2026-10-20,,lab,creatinine,,1.3,mg/dL,,,,,,,
tp1,event,2026-10-20,,text,,suspected TTP,,,,,,,,,
`;

/** Atezolizumab from July 2026; a pulmonary embolism on 1 September, a pregnancy charted on 1 October. */
const PREGNANT_PE_CSV = `${HEADER}
pg1,patient,,,,,,,,,,,,,1992-02-10,female
pg1,event,2026-05-01,,text,,Non-small cell lung cancer,,,,,,,,,
pg1,dose,2026-07-01,,text,,atezolizumab,,,,,,administration,,,
pg1,dose,2026-08-12,,text,,atezolizumab,,,,,,administration,,,
pg1,event,2026-10-01,,text,,pregnant,,,,,,,,,
pg1,lab,2026-06-28,,lab,platelets,,260,10*9/L,,,,,,,
pg1,lab,2026-09-01,,lab,platelets,,238,10*9/L,,,,,,,
pg1,event,2026-09-01,,text,,pulmonary embolism,,,,,,,venous;pe,,
`;

/** Nivolumab with ipilimumab; haemoglobin 6.4 g/dL, DAT positive, haemolysis, AIHA charted at grade 4, platelets 210. */
const AIHA_CSV = `${HEADER}
ah1,event,2026-03-01,,text,,Melanoma,,,,,,,,,
ah1,dose,2026-08-03,,text,,nivolumab,,,,,,administration,,,
ah1,dose,2026-08-03,,text,,ipilimumab,,,,,,administration,,,
ah1,lab,2026-08-01,,lab,hemoglobin,,13.5,g/dL,,,,,,,
ah1,lab,2026-10-20,,lab,hemoglobin,,6.4,g/dL,,,,,,,
ah1,lab,2026-10-20,,lab,platelets,,210,10*9/L,,,,,,,
ah1,lab,2026-10-20,,lab,dat,,positive,,,,,,,,
ah1,lab,2026-10-20,,lab,haptoglobin,,<10,mg/dL,,,,,,,
ah1,lab,2026-10-20,,lab,ldh,,900,U/L,,250,,,,,
ah1,event,2026-10-20,,text,,Autoimmune hemolytic anemia,,,,,4,,,,
`;

/**
 * Axicabtagene ciloleucel on 1 November 2026, a grade 2 CRS on days 1–6 (resolved); day 12: ferritin 48,000 ng/mL
 * (9,000 on day 7), fibrinogen 0.8 g/L, AST 10 × ULN, creatinine 4 × ULN, platelets 30, PT 19 s: DIC and a CARAC
 * with the carHLH criteria met (CARTOX), no bleeding.
 */
const CARHLH_CSV = `${HEADER}
ch1,patient,,,,,,,,,,,,,1962-04-01,male
ch1,event,2026-09-01,,text,,Diffuse large B-cell lymphoma,,,,,,,,,
ch1,dose,2026-11-01,,text,,axicabtagene ciloleucel,,,,,,procedure,,,
ch1,event,2026-11-02,2026-11-07,text,,Cytokine release syndrome,,,,,2,,,,
ch1,lab,2026-10-29,,lab,platelets,,180,10*9/L,150,400,,,,,
ch1,lab,2026-10-29,,lab,fibrinogen,,3.2,g/L,2,4,,,,,
ch1,lab,2026-11-08,,lab,ferritin,,9000,ng/mL,30,400,,,,,
ch1,lab,2026-11-13,,lab,ferritin,,48000,ng/mL,30,400,,,,,
ch1,lab,2026-11-13,,lab,fibrinogen,,0.8,g/L,2,4,,,,,
ch1,lab,2026-11-13,,lab,ast,,400,U/L,0,40,,,,,
ch1,lab,2026-11-13,,lab,creatinine,,4.8,mg/dL,0.6,1.2,,,,,
ch1,lab,2026-11-13,,lab,platelets,,30,10*9/L,150,400,,,,,
ch1,lab,2026-11-13,,lab,pt,,19,s,11,13.5,,,,,
ch1,lab,2026-11-13,,lab,d-dimer-feu,,12,mg/L FEU,0,0.5,,,,,
`;

describe("Act first on realistic patients", () => {
  const { open, checkAndShoot } = patientPagesForFile("web-act-first-", SHOTS);
  /** Act first's groups: heading and the tags and ids of their lines. */
  const groups = (page: Page) =>
    page.locator("section.act-first .act-first-finding").evaluateAll((gs) =>
      gs.map((g) => ({
        title: g.querySelector("h4")?.textContent ?? "",
        lines: [...g.querySelectorAll("li.act")].map(
          (li) => `${li.className.replace("act ", "")} ${li.getAttribute("data-item")}`,
        ),
      })),
    );

  it("CAR-T day 9, fibrinogen 0.9 g/L and a nosebleed: the fibrinogen replacement heads Act first, above the primary DIC", async () => {
    const page = await open("cart-day-9", CART_CSV, "2026-11-29");
    await expect(page.locator(".summary .primary-line").textContent()).resolves.toMatch(
      /^Disseminated intravascular coagulation \(DIC\) — definite, grade 3/,
    );
    const shown = await groups(page);
    expect(shown.map((g) => g.title)).toEqual([
      "CAR-T-associated coagulopathy (CARAC)",
      "Disseminated intravascular coagulation (DIC)",
    ]);
    expect(shown[0]?.lines[0]).toBe("urgent carac-fibrinogen-bleeding");
    await expect(page.locator("section.act-first li.act").first().textContent()).resolves.toMatch(
      /^⚠ Urgent: Bleeding with fibrinogen <1\.5 g\/L: replace fibrinogen now/,
    );
    // Two "nothing to hold" lines in two wordings stay two lines, each under its finding.
    expect(shown.map((g) => g.lines.filter((l) => l.startsWith("immunotherapy")).length)).toEqual([1, 1]);
    await expect(page.locator("section.act-first .act-more a").first().getAttribute("href")).resolves.toBe(
      "#plan-carac",
    );
    await checkAndShoot(page, "cart-day-9");
  }, 60_000);

  it("CAR-T day 12 with the carHLH criteria beside DIC: one urgent HLH line (CARAC's), the DIC plan refers to it; the trace reads 48,000 against 10,000 ng/mL", async () => {
    const page = await open("cart-carhlh", CARHLH_CSV, "2026-11-13");
    const shown = await groups(page);
    const urgent = shown.flatMap((g) => g.lines.filter((l) => l.startsWith("urgent ")));
    expect(urgent).toEqual(["urgent carac-carhlh"]);
    expect(shown.flatMap((g) => g.lines)).not.toContain("urgent dic-cart-suspected-iec-hs");
    // The DIC plan's card cites the CARAC line rather than repeating it.
    const ref = page.locator('article.finding li[data-item="dic-cart-carhlh-see-carac"]');
    await expect(ref.count()).resolves.toBe(1);
    await expect(ref.textContent()).resolves.toMatch(/see the CARAC plan's urgent carHLH line/);
    await expect(
      page.locator('article.finding li[data-item="dic-cart-suspected-iec-hs"]').count(),
    ).resolves.toBe(0);
    // No plan line points to a line "above" that Act first does not show.
    await expect(page.locator("section.act-first").textContent()).resolves.not.toMatch(/\(above\)/);
    // The carHLH row of the CARAC trace: the ferritin as the criterion writes it, one unit, and the partial HScore by
    // its missing items and cut-off rather than its sixteen reachable bands.
    const carhlh =
      (await page
        .locator("article.finding tr", { hasText: "carHLH criteria (CARTOX, written for CAR-T" })
        .first()
        .textContent()) ?? "";
    expect(carhlh).toMatch(/Ferritin 48,000 ng\/mL on 2026-11-13 \(day 12\) \(> 10,000 ng\/mL;/);
    expect(carhlh).toMatch(/could still bring it to 169 or more/);
    expect(carhlh).not.toMatch(/Could be|µg\/L/);
    await checkAndShoot(page, "cart-carhlh");
  }, 60_000);

  it("pembrolizumab ITP at platelets 4 after a GI bleed charted as ended on apixaban: apixaban kept stopped in Act first, no reversal", async () => {
    const page = await open("itp-ended-bleed", ITP_ENDED_BLEED_CSV, "2026-11-02");
    const act = page.locator("section.act-first");
    const kept = act.locator('li.act.withhold[data-item="itp-major-bleeding-ended-antithrombotic"]');
    await expect(kept.count()).resolves.toBe(1);
    await expect(kept.textContent()).resolves.toMatch(
      /^⚠ Keep stopped: Major bleeding in this episode, its end charted.*keep the drug stopped and do not reverse it now.*decided with hematology.*In this patient's record: apixaban\./,
    );
    // The line stays in the ITP card's plan, in its own group.
    await expect(
      page
        .locator('article.finding .kind.supportive li[data-item="itp-major-bleeding-ended-antithrombotic"]')
        .count(),
    ).resolves.toBe(1);
    // The haemoglobin of 7.6 beside the bleed is the bleed's: no bi- or pancytopenia is named beside the ITP
    // (its urgent marrow line once headed Act first), so the ITP's own lines are the only group, headed by the
    // urgent treatment of a count still below 20 after the major bleed ended.
    expect(await groups(page)).toEqual([
      {
        title: "",
        lines: [
          "urgent itp-major-bleeding-ended-immune-thrombocytopenia",
          "immunotherapy itp-ici-g4-hold",
          "withhold itp-major-bleeding-ended-antithrombotic",
          "avoid itp-avoid-antithrombotic-below-25",
        ],
      },
    ]);
    await expect(act.locator("li.act.immunotherapy").count()).resolves.toBe(1);
    await expect(page.locator("main").textContent()).resolves.not.toMatch(/Bi- or pancytopenia/);
    await expect(page.locator("main").textContent()).resolves.not.toMatch(
      /reverse an anticoagulant without waiting/,
    );
    await checkAndShoot(page, "itp-ended-bleed");
  }, 60_000);

  it("ITP beside a DVT on enoxaparin: the hold of pembrolizumab and the HIT lines once each, naming both findings; the ITP's urgent line first", async () => {
    const page = await open("itp-dvt", ITP_DVT_CSV, "2026-10-31");
    // The primary finding is the charted DVT; the ITP carries the urgent line, so its group comes first.
    await expect(page.locator(".summary .primary-line").textContent()).resolves.toMatch(/^Thrombosis/);
    const shown = await groups(page);
    expect(shown.map((g) => g.title)).toEqual([
      "Immune thrombocytopenia (ITP)",
      "Thrombosis (venous or arterial thromboembolism)",
    ]);
    expect(shown[0]?.lines[0]).toMatch(/^urgent /);
    const act = page.locator("section.act-first");
    const hold = act.locator("li.act.immunotherapy");
    await expect(hold.count()).resolves.toBe(1);
    await expect(hold.textContent()).resolves.toMatch(
      /^Immunotherapy: Hold the checkpoint inhibitor.*pembrolizumab.*— for both Immune thrombocytopenia \(ITP\) and Thrombosis \(venous or arterial thromboembolism\)$/,
    );
    // Both plans still carry it in their cards.
    await expect(page.locator('article.finding li[data-item="itp-ici-g4-hold"]').count()).resolves.toBe(2);
    const heparin = act.locator("li.act.avoid", { hasText: "stop all heparin" });
    await expect(heparin.count()).resolves.toBe(1);
    await expect(heparin.locator(".act-serves").textContent()).resolves.toBe(
      " — for both Immune thrombocytopenia (ITP) and Thrombosis (venous or arterial thromboembolism)",
    );
    // The ITP's line for an anticoagulant below 25 with HIT suspected (no simple withholding: HIT is prothrombotic)
    // is its own, once; the thrombosis plan's HIT line sends the same decision to hematology.
    await expect(
      act.locator("li.act.avoid", { hasText: "and HIT suspected: heparin of every kind" }).count(),
    ).resolves.toBe(1);
    // The thrombosis group says which of its lines are listed above: heparin, a VKA started in acute HIT, and routine
    // platelets (petechiae are no major bleed, so HIT's bar on routine platelets stands in both plans).
    await expect(act.locator(".act-first-finding").nth(1).locator(".act-shared").textContent()).resolves.toBe(
      "Its immunotherapy decision and its 3 lines on what to avoid are listed above under Immune thrombocytopenia (ITP).",
    );
    // No line of Act first is shown twice.
    const texts = await act.locator("li.act").allTextContents();
    expect(new Set(texts).size).toBe(texts.length);
    await checkAndShoot(page, "itp-dvt");
  }, 60_000);

  it("nivolumab TTP awaiting ADAMTS13: hematology now and plasma exchange first, then the hold, then no prophylactic platelets", async () => {
    const page = await open("ttp-nivolumab", TTP_CSV, "2026-10-21");
    expect((await groups(page))[0]?.lines.map((l) => l.split(" ")[0])).toEqual([
      "urgent",
      "urgent",
      "immunotherapy",
      "avoid",
    ]);
    await expect(page.locator("section.act-first li.act.urgent").nth(1).textContent()).resolves.toMatch(
      /Draw ADAMTS13 activity and inhibitor first, then start daily therapeutic plasma exchange/,
    );
    // PLASMIC 6, the highest a patient on a checkpoint inhibitor can reach (active cancer), with its band.
    await expect(page.locator("main").textContent()).resolves.toMatch(
      /PLASMIC score: 6 — High risk of severe ADAMTS13 deficiency \(PLASMIC 6-7\)/,
    );
    await checkAndShoot(page, "ttp-nivolumab");
  }, 60_000);

  it("a pregnant woman with a PE on atezolizumab: no warfarin or DOAC, LMWH, in Act first", async () => {
    const page = await open("pregnant-pe", PREGNANT_PE_CSV, "2026-10-02");
    const avoid = page.locator("section.act-first li.act.avoid", { hasText: "Pregnancy charted" });
    await expect(avoid.textContent()).resolves.toMatch(
      /do not give warfarin or another vitamin K antagonist .* or a DOAC .* anticoagulate with LMWH in therapeutic doses/,
    );
    await checkAndShoot(page, "pregnant-pe");
  }, 60_000);

  it("immune-related AIHA charted at grade 4: admission with IV corticosteroids urgent in Act first, with the permanent stop", async () => {
    const page = await open("aiha-grade-4", AIHA_CSV, "2026-10-21");
    await expect(page.locator(".summary .primary-line").textContent()).resolves.toMatch(
      /autoimmune haemolytic anaemia, immune-related \(checkpoint inhibitor\)/,
    );
    const shown = await groups(page);
    expect(shown).toEqual([
      {
        title: "Unexplained: Autoimmune haemolytic anaemia, immune-related (checkpoint inhibitor)",
        lines: ["urgent irae-aiha-g4-admit", "immunotherapy irae-aiha-ici-g3-4-stop"],
      },
    ]);
    await expect(page.locator("section.act-first li.act.urgent").textContent()).resolves.toMatch(
      /^⚠ Urgent: Grade 4 \(life-threatening\): admit, give IV corticosteroids/,
    );
    await checkAndShoot(page, "aiha-grade-4");
  }, 60_000);

  it("by keyboard: Act first's citations and plan links in reading order, each focus visible, the link leading to the plan", async () => {
    const page = await open("itp-dvt-keyboard", ITP_DVT_CSV, "2026-10-31");
    const inAct = page.locator("section.act-first a");
    const expected = await inAct.evaluateAll((as) => as.map((a) => a.textContent));
    await inAct.first().focus();
    const reached: (string | null)[] = [];
    for (let i = 0; i < expected.length; i++) {
      const focus = await page.evaluate(() => {
        const e = document.activeElement as HTMLElement;
        const style = getComputedStyle(e);
        return { text: e.textContent, outline: style.outlineStyle, inAct: e.closest(".act-first") !== null };
      });
      expect(focus.inAct).toBe(true);
      expect(focus.outline).toBe("solid");
      reached.push(focus.text);
      await page.keyboard.press("Tab");
    }
    expect(reached).toEqual(expected);
    // After Act first, the export buttons.
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe(
      "Print / save as PDF",
    );
    await page.locator("section.act-first .act-more a").first().focus();
    await page.keyboard.press("Enter");
    await expect(page.evaluate(() => location.hash)).resolves.toBe("#plan-itp");
    const plan = page.locator("#plan-itp");
    await expect(plan.isVisible()).resolves.toBe(true);
    await page.context().close();
  }, 60_000);
});
