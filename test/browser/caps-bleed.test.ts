/**
 * Catastrophic antiphospholipid syndrome with a major bleed, and a recent proximal DVT with a major bleed, in the
 * web patient view (chromium): Act first leads with the bleed-first lines, tagged urgent and cited, in a pinned
 * order; no line anywhere on the page offers an anticoagulant while the bleed is active — a line naming heparin,
 * LMWH, a DOAC or warfarin is an avoid line or one of the urgent lines that withholds it until the bleeding is
 * controlled. Each page fits a phone's width, prints without the controls and passes axe-core. Screenshots go
 * to test-output/caps-bleed.
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { citedIds, patientPagesForFile, TEST_OUTPUT } from "./web-support.js";

const SHOTS = join(TEST_OUTPUT, "caps-bleed");
const HEADER =
  "patient_id,record_type,date,end_date,code_system,code,text,value,unit,ref_low,ref_high,grade,dose_kind,qualifiers,birth_date,sex";
const AT = "2026-12-06";

/**
 * A man of 58 on pembrolizumab with a pulmonary embolism and a catastrophic antiphospholipid syndrome charted on
 * 4 December 2026 (platelets 60 ×10⁹/L), then a grade 3 melaena on 6 December with platelets 15 ×10⁹/L.
 */
const CAPS_BLEED_CSV = `${HEADER}
cb1,patient,,,,,,,,,,,,,1968-03-01,male
cb1,dose,2026-10-20,,text,,pembrolizumab,,,,,,,,,
cb1,dose,2026-11-10,,text,,pembrolizumab,,,,,,,,,
cb1,lab,2026-10-18,,lab,platelets,,220,10*9/L,,,,,,,
cb1,event,2026-12-04,,text,,pulmonary embolism,,,,,,,venous;pe,,
cb1,event,2026-12-04,,text,,catastrophic antiphospholipid syndrome,,,,,,,,,
cb1,lab,2026-12-04,,lab,platelets,,60,10*9/L,,,,,,,
cb1,event,2026-12-06,,text,,melaena,,,,,3,,,,
cb1,lab,2026-12-06,,lab,platelets,,15,10*9/L,,,,,,,
`;

/** A woman of 67 on nivolumab with a proximal DVT on 26 November 2026 and a grade 3 GI bleed on 6 December, platelets 22. */
const DVT_BLEED_CSV = `${HEADER}
db1,patient,,,,,,,,,,,,,1959-05-01,female
db1,dose,2026-10-15,,text,,nivolumab,,,,,,,,,
db1,dose,2026-11-12,,text,,nivolumab,,,,,,,,,
db1,lab,2026-10-13,,lab,platelets,,240,10*9/L,,,,,,,
db1,event,2026-11-26,,text,,proximal deep vein thrombosis left femoral vein,,,,,,,venous;dvt,,
db1,event,2026-12-06,,text,,gastrointestinal bleeding,,,,,3,,,,
db1,lab,2026-12-06,,lab,platelets,,22,10*9/L,,,,,,,
`;

/**
 * The lines that name an anticoagulant without offering it now: the bleed lines withhold it until the bleeding is
 * controlled; the antibody line names the long-term agent the profile sets, decided with hematology.
 */
const WITHHOLDING = new Set([
  "thr-major-bleeding",
  "thr-catastrophic-aps-major-bleeding",
  "thr-antiphospholipid-syndrome-charted-antibodies",
]);
const ANTICOAGULANT =
  /heparin|LMWH|enoxaparin|dalteparin|fondaparinux|DOAC|apixaban|warfarin|vitamin K antagonist/i;

/**
 * The ids of the plan lines on the page (Act first and the plan cards) whose action names an anticoagulant
 * outside an avoid line and outside the lines that withhold it until the bleeding is controlled: offers.
 */
async function anticoagulantOffers(page: Page): Promise<string[]> {
  const lines = await page.locator("li[data-item]").evaluateAll((ls) =>
    ls.map((l) => ({
      id: l.getAttribute("data-item") ?? "",
      avoid: l.classList.contains("avoid") || l.closest(".kind.avoid") !== null,
      // The line's action, without its caveat (a caveat on a test drawn on heparin offers no heparin).
      text: [...l.childNodes]
        .filter((n) => !(n instanceof Element && n.classList.contains("caveat")))
        .map((n) => n.textContent ?? "")
        .join(""),
    })),
  );
  return lines
    .filter((l) => ANTICOAGULANT.test(l.text) && !l.avoid && !WITHHOLDING.has(l.id))
    .map((l) => l.id);
}

describe("web patient view: an active major bleed beside a high-risk thrombus", () => {
  const { open, checkAndShoot } = patientPagesForFile("hemosentinel-web-caps-bleed-", SHOTS);

  it("CAPS with a grade 3 melaena: Act first leads with the bleed-first CAPS line; no anticoagulant offered", async () => {
    const page = await open("caps-bleed", CAPS_BLEED_CSV, AT);
    const act = page.locator("section.act-first li.act");
    await expect(act.evaluateAll((ls) => ls.map((l) => l.getAttribute("data-item")))).resolves.toEqual([
      "thr-catastrophic-aps-major-bleeding",
      "thr-major-bleeding",
      "itp-ici-g4-hold",
      "thr-avoid-antifibrinolytic",
      "thr-avoid-anticoagulation-major-bleeding",
      "thr-avoid-doac-antiphospholipid",
      "thr-avoid-doac-gi-bleeding",
      "itp-major-bleeding-competing-cause",
    ]);
    const first = act.first();
    await expect(first.getAttribute("class")).resolves.toBe("act urgent");
    await expect(first.locator(".act-tag").textContent()).resolves.toContain("Urgent:");
    await expect(first.textContent()).resolves.toContain("no anticoagulant while it is active");
    await expect(citedIds(first)).resolves.toContain("tektonidou-2019-eular-aps");
    // The CAPS line without a bleed (heparin now) gives way to the bleed line, on the page as in Act first.
    await expect(page.locator('li[data-item="thr-catastrophic-aps-triple-therapy"]').count()).resolves.toBe(
      0,
    );
    await expect(anticoagulantOffers(page)).resolves.toEqual([]);
    await checkAndShoot(page, "caps-bleed");
  }, 60_000);

  it("a proximal DVT 10 days old with a grade 3 GI bleed: the bleed line with the filter decision leads; no anticoagulant offered", async () => {
    const page = await open("dvt-bleed", DVT_BLEED_CSV, AT);
    const first = page.locator("section.act-first li.act").first();
    await expect(first.getAttribute("data-item")).resolves.toBe("thr-major-bleeding");
    await expect(first.getAttribute("class")).resolves.toBe("act urgent");
    await expect(first.textContent()).resolves.toContain("inferior vena cava filter");
    await expect(citedIds(first)).resolves.toContain("itac-2022-cat");
    await expect(anticoagulantOffers(page)).resolves.toEqual([]);
    await checkAndShoot(page, "dvt-bleed");
  }, 60_000);
});
