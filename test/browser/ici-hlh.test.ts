/**
 * A haemophagocytic syndrome likely after a checkpoint inhibitor (HScore ≥ 169) in the web patient view
 * (chromium): Act first holds the checkpoint inhibitor whatever the count and carries the urgent corticosteroid
 * line of the published cases, cited; no line continues or resumes the drug; the next agent (tocilizumab or
 * etoposide) is in the plan card. The same picture after a neutropenia no finding accounts for: the unexplained
 * item's Act first group says the same. Each page fits a phone's width, prints and passes axe-core. Screenshots
 * go to test-output/ici-hlh.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { citedIds, patientPagesForFile, TEST_OUTPUT } from "./web-support.js";

const SHOTS = join(TEST_OUTPUT, "ici-hlh");
const HEADER =
  "patient_id,record_type,date,end_date,code_system,code,text,value,unit,ref_low,ref_high,grade,dose_kind,qualifiers,birth_date,sex";
const AT = "2026-12-06";

/**
 * A man of 63 on pembrolizumab from 5 October 2026; on 23 November platelets 90 ×10⁹/L (grade 1 ITP), Hb 8.5
 * g/dL, leukocytes 3.0, ferritin 3,000 ng/mL, triglycerides 2.5 mmol/L, AST 25 U/L, 38.8 °C and hepatomegaly:
 * HScore 33 + 23 + 34 + 35 + 44 = 169.
 */
const ITP_HLH_CSV = `${HEADER}
hl1,patient,,,,,,,,,,,,,1963-02-11,male
hl1,dose,2026-10-05,,text,,pembrolizumab,,,,,,,,,
hl1,dose,2026-10-26,,text,,pembrolizumab,,,,,,,,,
hl1,dose,2026-11-16,,text,,pembrolizumab,,,,,,,,,
hl1,lab,2026-10-04,,lab,platelets,,250,10*9/L,150,400,,,,,
hl1,lab,2026-11-23,,lab,platelets,,90,10*9/L,150,400,,,,,
hl1,lab,2026-11-23,,lab,hemoglobin,,8.5,g/dL,13.5,17.5,,,,,
hl1,lab,2026-11-23,,lab,wbc,,3.0,10*9/L,4,11,,,,,
hl1,lab,2026-11-23,,lab,ferritin,,3000,ng/mL,30,400,,,,,
hl1,lab,2026-11-23,,lab,triglycerides,,2.5,mmol/L,,1.7,,,,,
hl1,lab,2026-11-23,,lab,fibrinogen,,3.0,g/L,2,4,,,,,
hl1,lab,2026-11-23,,lab,ast,,25,U/L,10,40,,,,,
hl1,lab,2026-11-23,,lab,body-temperature,,38.8,Cel,,,,,,,
hl1,event,2026-11-22,,text,,hepatomegaly,,,,,,,,,
`;

/**
 * A woman of 58 on nivolumab from 1 October 2026; on 24 November neutrophils 0.8 ×10⁹/L with platelets 160, Hb 8.5
 * g/dL, leukocytes 3.0, ferritin 3,000, triglycerides 2.5 mmol/L, AST 40 U/L, 38.8 °C and hepatomegaly: HScore 178.
 */
const NEUTROPENIA_HLH_CSV = `${HEADER}
hl2,patient,,,,,,,,,,,,,1968-07-30,female
hl2,dose,2026-10-01,,text,,nivolumab,,,,,,,,,
hl2,dose,2026-10-29,,text,,nivolumab,,,,,,,,,
hl2,lab,2026-09-30,,lab,anc,,4.2,10*9/L,1.8,7.5,,,,,
hl2,lab,2026-11-24,,lab,anc,,0.8,10*9/L,1.8,7.5,,,,,
hl2,lab,2026-11-24,,lab,platelets,,160,10*9/L,150,400,,,,,
hl2,lab,2026-11-24,,lab,hemoglobin,,8.5,g/dL,12,16,,,,,
hl2,lab,2026-11-24,,lab,wbc,,3.0,10*9/L,4,11,,,,,
hl2,lab,2026-11-24,,lab,ferritin,,3000,ng/mL,30,400,,,,,
hl2,lab,2026-11-24,,lab,triglycerides,,2.5,mmol/L,,1.7,,,,,
hl2,lab,2026-11-24,,lab,fibrinogen,,3.0,g/L,2,4,,,,,
hl2,lab,2026-11-24,,lab,ast,,40,U/L,10,40,,,,,
hl2,lab,2026-11-24,,lab,body-temperature,,38.8,Cel,,,,,,,
hl2,event,2026-11-23,,text,,hepatomegaly,,,,,,,,,
`;

/**
 * The same man given axicabtagene ciloleucel on 1 July 2026, before the pembrolizumab (a checkpoint inhibitor after
 * a CAR-T relapse): one HLH treatment, CARTOX's, which holds the ICI cases' corticosteroids and their next line.
 */
const ITP_HLH_AFTER_CART_CSV = ITP_HLH_CSV.replace(
  "hl1,dose,2026-10-05,",
  "hl1,dose,2026-07-01,,text,,axicabtagene ciloleucel,,,,,,,,,\nhl1,dose,2026-10-05,",
);

describe("web patient view: a haemophagocytic syndrome likely after a checkpoint inhibitor", () => {
  const { open, checkAndShoot } = patientPagesForFile("hemosentinel-web-ici-hlh-", SHOTS);

  it("grade 1 ITP at HScore 169 on pembrolizumab: Act first holds the drug and gives the urgent corticosteroid line, cited", async () => {
    const page = await open("itp-hlh", ITP_HLH_CSV, AT);
    const act = page.locator("section.act-first li.act");
    const ids = await act.evaluateAll((ls) => ls.map((l) => l.getAttribute("data-item")));
    expect(ids).toEqual(expect.arrayContaining(["itp-ici-hlh-hold", "itp-ici-hlh-corticosteroids"]));
    const hold = page.locator('section.act-first li.act[data-item="itp-ici-hlh-hold"]');
    await expect(hold.getAttribute("class")).resolves.toBe("act immunotherapy");
    await expect(hold.textContent()).resolves.toContain("hold the checkpoint inhibitor whatever the count");
    await expect(citedIds(hold)).resolves.toContain("kroll-2022-ici-hematologic");
    const steroids = page.locator('section.act-first li.act[data-item="itp-ici-hlh-corticosteroids"]');
    await expect(steroids.getAttribute("class")).resolves.toBe("act urgent");
    await expect(steroids.textContent()).resolves.toMatch(/corticosteroids are the first-line treatment/);
    await expect(citedIds(steroids)).resolves.toEqual(
      expect.arrayContaining(["walmsley-2024-ici-hlh", "noseda-2019-ici-hlh"]),
    );
    // Grade 1 would continue the drug: with the likely HLH no line on the page continues or resumes it.
    await expect(page.locator('li[data-item="itp-ici-g1-continue"]').count()).resolves.toBe(0);
    // The next agent, in the plan card.
    await expect(
      page.locator('li[data-item="itp-ici-hlh-second-line"]').first().textContent(),
    ).resolves.toMatch(/tocilizumab .* etoposide/);
    await checkAndShoot(page, "itp-hlh");
  }, 60_000);

  it("the same ITP after CAR-T and then pembrolizumab: Act first holds the drug and gives CARTOX's treatment, the one HLH treatment", async () => {
    const page = await open("itp-hlh-after-cart", ITP_HLH_AFTER_CART_CSV, AT);
    const act = page.locator("section.act-first li.act");
    const ids = await act.evaluateAll((ls) => ls.map((l) => l.getAttribute("data-item")));
    expect(ids).toEqual(expect.arrayContaining(["itp-ici-hlh-hold", "itp-cart-hlh-cartox-treatment"]));
    const cartox = page.locator('section.act-first li.act[data-item="itp-cart-hlh-cartox-treatment"]');
    await expect(cartox.getAttribute("class")).resolves.toBe("act urgent");
    await expect(cartox.textContent()).resolves.toMatch(
      /anti-IL-6 therapy and high-dose corticosteroids.*If a checkpoint inhibitor was given as well, this is the one HLH treatment/,
    );
    await expect(citedIds(cartox)).resolves.toContain("neelapu-2018-cartox");
    // Not the checkpoint-inhibitor treatment lines beside it, anywhere on the page.
    for (const id of ["itp-ici-hlh-corticosteroids", "itp-ici-hlh-second-line"]) {
      await expect(page.locator(`li[data-item="${id}"]`).count(), id).resolves.toBe(0);
    }
    await checkAndShoot(page, "itp-hlh-after-cart");
  }, 60_000);

  it("a neutropenia no finding accounts for at HScore 178 on nivolumab: its Act first group holds the drug and gives the corticosteroid line", async () => {
    const page = await open("neutropenia-hlh", NEUTROPENIA_HLH_CSV, AT);
    const act = page.locator("section.act-first li.act");
    const ids = await act.evaluateAll((ls) => ls.map((l) => l.getAttribute("data-item")));
    expect(ids).toEqual(
      expect.arrayContaining([
        "unexplained-neutrophil-count-decreased-ici-hlh-hold",
        "unexplained-neutrophil-count-decreased-ici-hlh-corticosteroids",
      ]),
    );
    await checkAndShoot(page, "neutropenia-hlh");
  }, 60_000);
});
