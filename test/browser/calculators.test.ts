/**
 * The calculators in a real browser (Debian chromium, playwright-core), on one Vite build: every worked
 * example shows what the core's `calculate` gives in Node for the same input (and a published example its
 * published value); switching a unit converts; a value that cannot be read names its field; an incomplete
 * input names what is missing; "copy result as text" puts the core's text on the clipboard; the form works
 * from the keyboard; axe-core finds no WCAG 2.2 AA violation on the index or on any calculator page.
 * Screenshots go to test-output/calculators.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  atlasPath,
  type CalculatorInput,
  calculate,
  calculationText,
  calculatorExample,
  calculatorForms,
} from "@hemosentinel/core";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calculatorPath } from "../../packages/web/src/calculators/paths.js";
import { clinicalNotation } from "../../packages/web/src/patient/notation.js";
import { testKnowledge } from "../support/knowledge.js";
import { tempDir } from "../support/temp.js";
import {
  buildWebApp,
  expectNoAxeViolations,
  launchChromium,
  type Running,
  serveApp,
  TEST_OUTPUT,
} from "./web-support.js";

const SHOTS = join(TEST_OUTPUT, "calculators");
const k = testKnowledge();
const forms = calculatorForms(k);

/** The value the core computes in Node for an input, as the page shows it. */
function nodeValue(id: string, input: CalculatorInput): string {
  const out = calculate(k, id, input);
  if (!out.ok) throw new Error(`${id}: ${out.errors.map((e) => e.message).join("; ")}`);
  return String(out.result.value ?? "—");
}

describe("calculators in chromium", () => {
  let browser: Browser;
  let app: Running;
  let context: BrowserContext;
  const dist = tempDir("web-calc-");

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await buildWebApp(dist);
    app = await serveApp(dist);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.url });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  async function open(id: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${app.url}${calculatorPath(id)}`);
    await page.locator("h1").filter({ hasNotText: "Calculators" }).waitFor();
    return page;
  }

  const value = (page: Page) => page.locator(".calc-live .calc-value");
  const field = (page: Page, id: string) => page.locator(`#field-${id}`);

  it("lists every score and every CTCAE laboratory term, linked to its page", async () => {
    const page = await context.newPage();
    await page.goto(`${app.url}/`);
    await page.getByRole("link", { name: "Calculators" }).click();
    await page.getByRole("heading", { name: "Calculators", level: 1 }).waitFor();
    await expect(page.title()).resolves.toBe("Calculators — HemoSentinel");
    const scoreLinks = page.locator(".calc-cards h3 a");
    await expect(scoreLinks.allTextContents()).resolves.toEqual(
      forms.filter((f) => f.kind !== "ctcae").map((f) => f.name),
    );
    for (const name of [
      "ISTH overt DIC score",
      "JAAM DIC score",
      "PLASMIC score",
      "French TMA score",
      "CAR-HEMATOTOX score",
      "EASIX",
      "Khorana VTE risk score",
      "4Ts score",
    ])
      await expect(page.locator(".calc-cards").textContent()).resolves.toContain(name.split(" ")[0]);
    const terms = page.locator(".calc-terms a");
    await expect(terms.count()).resolves.toBe(forms.filter((f) => f.kind === "ctcae").length);
    await expect(terms.first().getAttribute("href")).resolves.toBe(
      "/calculators/ctcae/platelet-count-decreased",
    );
    await expectNoAxeViolations(page);
    await page.screenshot({ path: join(SHOTS, "index.png"), fullPage: true });
    await page.close();
  });

  it("each worked example shows the value the core computes in Node, with its components; axe-clean pages", async () => {
    // Every score (the ten of issue 14 besides CTCAE, and T-ICAHT) and CTCAE grading have a demo.
    expect(forms.filter((f) => f.kind !== "ctcae" && calculatorExample(k, f.id) === undefined)).toEqual([]);
    // CTCAE terms share a few form layouts (value; value and limit; with a baseline and anticoagulation):
    // axe-core checks one page of each layout, and every score's page.
    const layouts = new Set<string>();
    for (const form of forms) {
      const example = calculatorExample(k, form.id);
      const layout = form.fields.map((f) => `${f.kind}:${"limit" in f ? f.limit?.which : ""}`).join(",");
      const axe = form.kind !== "ctcae" || !layouts.has(layout);
      layouts.add(layout);
      if (example === undefined && !axe) continue;
      const page = await open(form.id);
      if (example !== undefined) {
        await page.getByRole("button", { name: "Load the worked example" }).click();
        await expect(value(page).textContent(), form.id).resolves.toBe(nodeValue(form.id, example.input));
        if (example.published)
          await expect(value(page).textContent()).resolves.toBe(String(example.expected.value));
        await expect(page.locator(".calc-example").textContent()).resolves.toContain(
          example.published ? "Published worked example" : "Constructed example",
        );
        // The expected band as the knowledge names it ("250 or more (> 99 %)"), its key only where it has no
        // name; a CTCAE grade as "grade 4", never its key ("4 (grade-4)").
        const band = form.bands.find((b) => b.key === example.expected.category);
        const grade = /^grade-(\d)$/.exec(example.expected.category);
        await expect(page.locator(".calc-example").textContent()).resolves.toContain(
          grade !== null ? `expects grade ${grade[1]}.` : `(${band?.label ?? example.expected.category})`,
        );
        await expect(page.locator(".calc-example").textContent()).resolves.not.toMatch(/\(grade-\d\)/);
        const out = calculate(k, form.id, example.input);
        const components = out.ok ? out.result.components : [];
        // In the notation clinicians read ("≤ 110 ×10⁹/L", not "<= 110 x10^9/L").
        await expect(page.locator(".calc-components tbody th").allTextContents()).resolves.toEqual(
          components.map((c) => clinicalNotation(c.label)),
        );
        await expect(page.locator(".calc-band-current").count(), form.id).resolves.toBe(
          form.bands.some((b) => out.ok && b.key === out.result.category) ? 1 : 0,
        );
        // Every score's page, and the CTCAE page with the most fields.
        if (form.kind !== "ctcae" || form.id === "ctcae/inr-increased")
          await page.screenshot({ path: join(SHOTS, `${form.id.replace("/", "-")}.png`), fullPage: true });
      }
      if (axe) await expectNoAxeViolations(page);
      await page.close();
    }
  }, 360_000);

  it("switching a lab's unit converts the value as typed: fibrinogen in g/L or mg/dL", async () => {
    const page = await open("isth-overt-dic");
    await expect(page.title()).resolves.toBe("ISTH overt DIC score — Calculators — HemoSentinel");
    const example = calculatorExample(k, "isth-overt-dic");
    if (example === undefined) throw new Error("no ISTH example");
    await page.getByRole("button", { name: "Load the worked example" }).click();
    // The row headed Fibrinogen (the D-dimer row names fibrinogen-equivalent units too).
    const fibrinogenRow = page
      .locator(".calc-components tbody tr")
      .filter({ has: page.locator("th", { hasText: /^Fibrinogen$/ }) });
    await expect(fibrinogenRow.locator("td").allTextContents()).resolves.toEqual([
      "1",
      "Fibrinogen: 0.9 g/L",
    ]);
    const withFibrinogen = (value: number, unit: string): CalculatorInput => ({
      values: { ...example.input.values, fibrinogen: { value, unit } },
    });
    await page.selectOption("#field-fibrinogen-unit", "mg/dL");
    await field(page, "fibrinogen").fill("150");
    await expect(value(page).textContent()).resolves.toBe(
      nodeValue("isth-overt-dic", withFibrinogen(150, "mg/dL")),
    );
    await expect(value(page).textContent()).resolves.toBe("6");
    await expect(fibrinogenRow.locator("td").allTextContents()).resolves.toEqual([
      "0",
      "Fibrinogen: 150 mg/dL → 1.5 g/L",
    ]);
    await field(page, "fibrinogen").fill("90");
    await expect(value(page).textContent()).resolves.toBe("7");
    await expect(fibrinogenRow.locator("td").allTextContents()).resolves.toEqual([
      "1",
      "Fibrinogen: 90 mg/dL → 0.9 g/L",
    ]);
    // 90 read as g/L is no fibrinogen concentration: the field says so and nothing is computed.
    await page.selectOption("#field-fibrinogen-unit", "g/L");
    await expect(page.locator("#field-fibrinogen-error").textContent()).resolves.toContain(
      "Fibrinogen: Fibrinogen 90 g/L is outside the physiologically possible range",
    );
    await page.screenshot({ path: join(SHOTS, "unit-switch.png") });
    // The sources with their DOI, and the score's page in the atlas.
    await expect(page.locator(".calc-sources a").first().getAttribute("href")).resolves.toBe(
      "https://doi.org/10.1055/s-0037-1616068",
    );
    await expect(
      page.getByRole("link", { name: "ISTH overt DIC score in the knowledge atlas" }).getAttribute("href"),
    ).resolves.toBe(atlasPath("score", "isth-overt-dic"));
    await page.close();
  });

  it("a D-dimer of unstated basis: the field says how each basis and a value without one are read, the result how it was", async () => {
    const page = await open("isth-overt-dic");
    await expect(page.locator("#field-d-dimer-unspecified-help").textContent()).resolves.toContain(
      "A unit in FEU is read as D-dimer (fibrinogen-equivalent units), upper limit 0.5 µg/mL FEU; in DDU as D-dimer (D-dimer units), upper limit 0.25 µg/mL DDU — FEU and DDU are never converted into each other. A value in µg/mL or another unit without a basis, and with no upper limit entered, is read against both limits",
    );
    // The limits come from a cited source, listed with the score's.
    await expect(page.locator(".calc-sources").textContent()).resolves.toContain("Mayo Clinic Laboratories");
    await field(page, "platelets").fill("45");
    await field(page, "pt").fill("16");
    await field(page, "fibrinogen").fill("0.9");
    const marker = page.locator(".calc-components tbody tr").filter({ hasText: "Fibrin-related marker" });
    const input = (v: number, unit: string, upperLimit?: number): CalculatorInput => ({
      values: {
        platelets: { value: 45, unit: "10*9/L" },
        pt: { value: 16, unit: "s" },
        fibrinogen: { value: 0.9, unit: "g/L" },
        "d-dimer-unspecified": { value: v, unit, ...(upperLimit === undefined ? {} : { upperLimit }) },
      },
    });
    // 1 µg/mL without a basis is 2 × the FEU limit (0 points) and 4 × the DDU limit (2): left open, 0-2.
    await field(page, "d-dimer-unspecified").fill("1");
    await expect(value(page).textContent()).resolves.toBe(nodeValue("isth-overt-dic", input(1, "ug/mL")));
    await expect(marker.locator("td").allTextContents()).resolves.toEqual([
      "0-2",
      "D-dimer (reporting basis not stated): 1 µg/mL — basis not stated: 2 × the FEU upper limit (0.5 µg/mL FEU), 4 × the DDU upper limit (0.25 µg/mL DDU); only the points both readings give are counted",
    ]);
    await page.locator(".calc-layout").screenshot({ path: join(SHOTS, "d-dimer-basis-not-stated.png") });
    // 5 µg/mL is above 7 × either limit: 3 points whichever the basis.
    await field(page, "d-dimer-unspecified").fill("5");
    await expect(marker.locator("td").first().textContent()).resolves.toBe("3");
    // The laboratory's own limit is read instead.
    await field(page, "d-dimer-unspecified").fill("1");
    await page.locator("#field-d-dimer-unspecified-limit").fill("0.5");
    await expect(value(page).textContent()).resolves.toBe(
      nodeValue("isth-overt-dic", input(1, "ug/mL", 0.5)),
    );
    await expect(marker.locator("td").allTextContents()).resolves.toEqual([
      "0",
      "D-dimer (reporting basis not stated): 1 µg/mL — basis not stated, read against the upper limit entered (0.5 µg/mL)",
    ]);
    await page.locator("#field-d-dimer-unspecified-limit").fill("");
    // A unit that names the basis: the value keeps it (never converted to the other basis), read as that lab.
    await page.selectOption("#field-d-dimer-unspecified-unit", "ng/mL{FEU}");
    await field(page, "d-dimer-unspecified").fill("1000");
    await expect(value(page).textContent()).resolves.toBe(
      nodeValue("isth-overt-dic", input(1000, "ng/mL{FEU}")),
    );
    await expect(marker.locator("td").allTextContents()).resolves.toEqual([
      "0",
      "D-dimer (reporting basis not stated): 1000 ng/mL FEU → 1 µg/mL FEU — read as D-dimer (fibrinogen-equivalent units), upper limit 0.5 µg/mL FEU",
    ]);
    await page.selectOption("#field-d-dimer-unspecified-unit", "ng/mL{DDU}");
    await expect(marker.locator("td").allTextContents()).resolves.toEqual([
      "2",
      "D-dimer (reporting basis not stated): 1000 ng/mL DDU → 1 µg/mL DDU — read as D-dimer (D-dimer units), upper limit 0.25 µg/mL DDU",
    ]);
    await page.locator(".calc-layout").screenshot({ path: join(SHOTS, "d-dimer-ddu.png") });
    await page.close();
  });

  it("a value that cannot be read names its field and why; nothing is computed until it is corrected", async () => {
    const page = await open("isth-overt-dic");
    await page.getByRole("button", { name: "Load the worked example" }).click();
    await field(page, "platelets").fill("4,5");
    await field(page, "fibrinogen").fill("-1");
    const platelets = field(page, "platelets");
    await expect(platelets.getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(platelets.getAttribute("aria-describedby")).resolves.toBe("field-platelets-error");
    await expect(page.locator("#field-platelets-error").textContent()).resolves.toBe(
      'Platelet count: "4,5" is not a number: use a point for decimals and no thousands separator',
    );
    await expect(page.locator("#field-fibrinogen-error").textContent()).resolves.toBe(
      "Fibrinogen: Fibrinogen -1 g/L is outside the physiologically possible range 0–20 g/L",
    );
    const live = page.locator(".calc-live");
    await expect(live.getAttribute("role")).resolves.toBe("status");
    await expect(live.locator(".calc-headline").textContent()).resolves.toBe(
      "Not computed: 2 entries need correcting.",
    );
    await expect(page.locator(".calc-value").count()).resolves.toBe(0);
    await expect(page.getByRole("button", { name: "Copy result as text" }).count()).resolves.toBe(0);
    // The summary's link takes the user to the field.
    await live.getByRole("link", { name: /Platelet count/ }).click();
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("field-platelets");
    await expectNoAxeViolations(page);
    await page.screenshot({ path: join(SHOTS, "field-errors.png"), fullPage: true });
    await field(page, "platelets").fill("45");
    await field(page, "fibrinogen").fill("0.9");
    await expect(value(page).textContent()).resolves.toBe("7");
    await page.close();
  });

  it("an incomplete input is incomplete, naming what is missing and the fields to fill, never counting it 0", async () => {
    const page = await open("isth-overt-dic");
    await field(page, "fibrinogen").fill("0.9");
    const out = calculate(k, "isth-overt-dic", { values: { fibrinogen: { value: 0.9, unit: "g/L" } } });
    if (!out.ok) throw new Error("expected a result");
    await expect(page.locator(".calc-live .calc-status").textContent()).resolves.toBe("Incomplete");
    await expect(page.locator(".calc-live .calc-interpretation").textContent()).resolves.toBe(
      out.result.interpretation,
    );
    await expect(page.locator(".calc-missing li").allTextContents()).resolves.toEqual(
      out.result.missing.map((m) => `${clinicalNotation(m.label)} — enter ${m.fields.join(" or ")}`),
    );
    await expect(page.locator(".calc-missing li").first().textContent()).resolves.toBe(
      "Platelet count — enter Platelet count",
    );
    await expect(page.locator(".calc-component-missing .calc-points").allTextContents()).resolves.toEqual([
      "missing",
      "missing",
      "missing",
    ]);
    await page.screenshot({ path: join(SHOTS, "incomplete.png") });
    await page.close();
  });

  it("shows each side of the cut-offs with the band the knowledge gives it: ISTH 4/5, PLASMIC 4/5/6, HScore 168/169", async () => {
    /** The page's value and its marked band, against the core's value and band for the same input in Node. */
    async function expectBand(page: Page, id: string, input: CalculatorInput, expected: number) {
      const out = calculate(k, id, input);
      if (!out.ok) throw new Error(`${id}: no result`);
      expect([out.result.value, out.result.status]).toEqual([expected, "complete"]);
      await expect(value(page).textContent()).resolves.toBe(String(expected));
      await expect(page.locator(".calc-live .calc-status").textContent()).resolves.toBe("Complete");
      const band = forms.find((f) => f.id === id)?.bands.find((b) => b.key === out.result.category);
      await expect(page.locator(".calc-band-current").textContent()).resolves.toBe(
        `${clinicalNotation(band?.interpretation ?? "")} (this result)`,
      );
      await expect(page.locator(".calc-interpretation").textContent()).resolves.toBe(
        clinicalNotation(out.result.interpretation),
      );
      return clinicalNotation(band?.interpretation ?? "");
    }
    const lab = (v: number, unit: string) => ({ value: v, unit });

    // ISTH overt DIC: 5 is overt, 4 is not (platelets 40 → 2 points, 80 → 1, with a strong D-dimer).
    const isth = await open("isth-overt-dic");
    await isth.getByRole("button", { name: "Load the worked example" }).click();
    const isthExample = calculatorExample(k, "isth-overt-dic");
    if (isthExample === undefined) throw new Error("no ISTH example");
    await field(isth, "pt").fill("12");
    await field(isth, "fibrinogen").fill("2");
    const isthAt = (platelets: number): CalculatorInput => ({
      ...isthExample.input,
      values: {
        ...isthExample.input.values,
        platelets: lab(platelets, "10*9/L"),
        pt: { value: 12, unit: "s", upperLimit: 12.5 },
        fibrinogen: lab(2, "g/L"),
      },
    });
    await field(isth, "platelets").fill("40");
    expect(await expectBand(isth, "isth-overt-dic", isthAt(40), 5)).toMatch(
      /^Compatible with overt DIC \(ISTH ≥ 5\)/,
    );
    await field(isth, "platelets").fill("80");
    expect(await expectBand(isth, "isth-overt-dic", isthAt(80), 4)).toMatch(
      /^Not suggestive of overt DIC \(ISTH < 5\)/,
    );
    await isth.close();

    // PLASMIC: 6 high, 5 intermediate, 4 low (MCV 95 takes a point away, then INR 1.6).
    const plasmic = await open("plasmic");
    await plasmic.getByRole("button", { name: "Load the worked example" }).click();
    const plasmicExample = calculatorExample(k, "plasmic");
    if (plasmicExample === undefined) throw new Error("no PLASMIC example");
    const pv = plasmicExample.input.values;
    expect(await expectBand(plasmic, "plasmic", plasmicExample.input, 6)).toMatch(/PLASMIC 6-7/);
    await field(plasmic, "mcv").fill("95");
    const mcv95 = { ...plasmicExample.input, values: { ...pv, mcv: lab(95, "fL") } };
    expect(await expectBand(plasmic, "plasmic", mcv95, 5)).toMatch(/Intermediate .*\(PLASMIC 5\)/);
    await field(plasmic, "inr").fill("1.6");
    const inr16 = { ...mcv95, values: { ...mcv95.values, inr: lab(1.6, "{INR}") } };
    expect(await expectBand(plasmic, "plasmic", inr16, 4)).toMatch(/Low .*\(PLASMIC 0-4\)/);
    await plasmic.screenshot({ path: join(SHOTS, "plasmic-4.png"), fullPage: true });
    await plasmic.close();

    // HScore: 169 is the cut-off (likely), 168 below it (less likely, not excluded).
    const hscore = await open("hscore");
    await hscore.getByRole("button", { name: "Load the worked example" }).click();
    const hExample = calculatorExample(k, "hscore");
    if (hExample === undefined) throw new Error("no HScore example");
    // Temperature 39.0 °C (33), splenomegaly (23), one cytopenic lineage (haemoglobin 8.1 g/dL: 0 points; the
    // score applies with one), ferritin 1000 (0), triglycerides 4.5 mmol/L (64), fibrinogen 1.1 g/L (30), AST 180
    // (19): 169.
    await field(hscore, "body-temperature").fill("39");
    await field(hscore, "wbc").fill("6");
    await field(hscore, "platelets").fill("200");
    await field(hscore, "ferritin").fill("1000");
    const h169: CalculatorInput = {
      ...hExample.input,
      values: {
        ...hExample.input.values,
        "body-temperature": lab(39, "Cel"),
        wbc: lab(6, "10*9/L"),
        platelets: lab(200, "10*9/L"),
        ferritin: lab(1000, "ng/mL"),
      },
    };
    expect(await expectBand(hscore, "hscore", h169, 169)).toMatch(
      /^HScore 169: .*at or above the 169 cut-off/,
    );
    // AST 20 (0) and a known immunosuppression (18): 168.
    await field(hscore, "ast").fill("20");
    await hscore
      .getByRole("group", { name: /Known underlying immunosuppression/ })
      .getByRole("radio", { name: /^Yes/ })
      .check();
    const h168: CalculatorInput = {
      ...h169,
      values: { ...h169.values, ast: lab(20, "U/L") },
      answers: { ...h169.answers, immunosuppression: "present" },
    };
    expect(await expectBand(hscore, "hscore", h168, 168)).toMatch(/^HScore 160-168: .*below the 169 cut-off/);
    await hscore.screenshot({ path: join(SHOTS, "hscore-168.png"), fullPage: true });
    await hscore.close();
  });

  it("copies the result as the core's text, with a visible confirmation", async () => {
    const page = await open("plasmic");
    const example = calculatorExample(k, "plasmic");
    const out = example && calculate(k, "plasmic", example.input);
    if (!out?.ok) throw new Error("expected a PLASMIC result");
    await page.getByRole("button", { name: "Load the worked example" }).click();
    await page.getByRole("button", { name: "Copy result as text" }).click();
    await page
      .locator(".calc-copied")
      .filter({ hasText: "Copied the result as text to the clipboard." })
      .waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(
      calculationText(out.result),
    );
    // A changed result is not the one copied: the confirmation goes.
    await field(page, "mcv").fill("95");
    await expect(page.locator(".calc-copied").textContent()).resolves.toBe("");
    await page.close();
  });

  it("works from the keyboard: the demo, every control in order, a series row added", async () => {
    const page = await open("isth-overt-dic");
    const focused = () =>
      page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent);
    for (let i = 0; i < 20 && (await focused()) !== "Load the worked example"; i++)
      await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect(value(page).textContent()).resolves.toBe("7");
    const order: (string | undefined)[] = [];
    for (let i = 0; i < 14; i++) {
      await page.keyboard.press("Tab");
      order.push(await focused());
    }
    expect(order).toEqual([
      "field-platelets",
      "field-platelets-unit",
      "field-d-dimer-unspecified",
      "field-d-dimer-unspecified-unit",
      "field-d-dimer-unspecified-limit",
      "field-fdp",
      "field-fdp-unit",
      "field-fdp-limit",
      "field-pt",
      "field-pt-limit",
      "field-fibrinogen",
      "field-fibrinogen-unit",
      "Clear the form",
      "Copy result as text",
    ]);
    // Typing a new platelet count from the keyboard updates the result.
    await page.keyboard.press("Shift+Tab");
    for (let i = 0; i < 12; i++) await page.keyboard.press("Shift+Tab");
    await expect(focused()).resolves.toBe("field-platelets");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("120");
    await expect(value(page).textContent()).resolves.toBe("5");
    await page.close();

    const icaht = await open("icaht");
    await icaht.getByRole("button", { name: "Add a row" }).focus();
    await icaht.keyboard.press("Enter");
    await expect(icaht.getByRole("textbox", { name: "Day, row 4" }).count()).resolves.toBe(1);
    await icaht.getByRole("textbox", { name: "Day, row 1" }).fill("x");
    await icaht.getByRole("textbox", { name: "Value, row 1" }).fill("0.2");
    await expect(icaht.locator("#field-anc-error").textContent()).resolves.toBe(
      'Absolute neutrophil count by day after infusion, row 1: day "x" is not a whole number of days',
    );
    await icaht.getByRole("button", { name: "Remove row 1" }).click();
    await expect(icaht.locator("#field-anc-error").count()).resolves.toBe(0);
    await icaht.close();
  });

  it("fits a phone's width, and says so when a calculator does not exist", async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await phone.newPage();
    await page.goto(`${app.url}${calculatorPath("khorana")}`);
    await page.getByRole("button", { name: "Load the worked example" }).click();
    await expect(value(page).textContent()).resolves.toBe("6");
    await page.screenshot({ path: join(SHOTS, "narrow-khorana.png"), fullPage: true });
    await expect(
      page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
    ).resolves.toBe(true);
    await page.goto(`${app.url}/calculators/no-such-score`);
    await expect(page.locator("h1").textContent()).resolves.toBe("No such calculator");
    await phone.close();
  });
});
