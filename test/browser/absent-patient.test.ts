/**
 * FHIR records naming a Patient the files do not hold (a search of one patient's doses and labs without the
 * Patient, a bulk export without Patient.ndjson), opened in the web app: the records are read as that
 * patient's, and the page says at its top that the Patient resource was not in the input, that birth date
 * and sex were not read and what that leaves unknown — where the clinician looks first, not only in Data
 * quality. The same records with their Patient show the demographics and no notice. Screenshots at 1440 px,
 * 390 px and in print go to test-output/absent-patient.
 */
import { join } from "node:path";
import { absentPatientLine } from "@hemosentinel/core";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { expectNoAxeViolations, type Running, TEST_OUTPUT, webAppForFile } from "./web-support.js";

const SHOTS = join(TEST_OUTPUT, "absent-patient");
const LOINC = "http://loinc.org";
const UCUM = "http://unitsofmeasure.org";
const AT = "2025-02-11";

const lab = (id: string, code: string, value: number, unit: string, at: string) => ({
  resourceType: "Observation",
  id,
  status: "final",
  code: { coding: [{ system: LOINC, code }] },
  subject: { reference: "Patient/p1" },
  effectiveDateTime: at,
  valueQuantity: { value, unit, system: UCUM, code: unit },
});

/**
 * Nivolumab on 2 January 2025; platelets 240 ×10⁹/L before it and 8 on day 39, with a creatinine and a
 * weight: an ITP whose plan reads the kidney function — every record naming Patient/p1.
 */
const RECORDS = [
  {
    resourceType: "MedicationAdministration",
    id: "d1",
    status: "completed",
    medicationCodeableConcept: { text: "nivolumab" },
    subject: { reference: "Patient/p1" },
    effectiveDateTime: "2025-01-02T10:00:00Z",
  },
  lab("plt0", "777-3", 240, "10*9/L", "2024-12-30T08:00:00Z"),
  lab("plt", "777-3", 8, "10*9/L", "2025-02-10T08:00:00Z"),
  lab("cr", "2160-0", 1.1, "mg/dL", "2025-02-10T08:00:00Z"),
  lab("wt", "29463-7", 70, "kg", "2025-02-10T08:00:00Z"),
];
const bundle = (type: string, resources: readonly unknown[]) =>
  JSON.stringify({ resourceType: "Bundle", type, entry: resources.map((resource) => ({ resource })) });

describe("records naming a Patient the input does not hold, in the web patient view", () => {
  let browser: Browser;
  let app: Running;
  webAppForFile("web-absent-", SHOTS, (run) => {
    ({ app, browser } = run);
  });

  async function open(name: string, json: string, width: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${app.url}/?at=${AT}`);
    await page
      .locator('input[type="file"]')
      .setInputFiles({ name, mimeType: "application/json", buffer: Buffer.from(json) });
    await page.locator("h1#patient-title").waitFor();
    return page;
  }

  it("says at the top of the page that the Patient was not in the input and that age and sex are unknown, above the summary, at 1440 px, 390 px and in print", async () => {
    const page = await open("search.json", bundle("searchset", RECORDS), 1440);
    await expect(page.locator("h1#patient-title").textContent()).resolves.toBe("Patient p1");
    const header = page.locator("header.patient-header");
    const notice = header.locator(".absent-patient-banner");
    await expect(notice.getAttribute("data-absent-patient")).resolves.toBe("Patient/p1");
    await expect(notice.locator(".absent-patient-line").textContent()).resolves.toBe(
      absentPatientLine({ ref: "Patient/p1" }),
    );
    await expect(notice.locator(".absent-patient-line").textContent()).resolves.toMatch(
      /^Patient\/p1 is not in the input: birth date, sex and death were not read/,
    );
    await expect(notice.textContent()).resolves.toMatch(
      /The Patient resource was not in the files opened, so age and sex are unknown, not assumed/,
    );
    await expect(notice.getByRole("link", { name: "Data quality" }).getAttribute("href")).resolves.toBe(
      "#quality-title",
    );
    // The header's line of demographics says they were not read instead of going quiet.
    await expect(header.locator(".meta").textContent()).resolves.toMatch(
      /^sex and birth date not read \(no Patient resource\) · evaluated at/,
    );
    // Read before the summary and the finding, in the first screen on a laptop.
    const box = await notice.boundingBox();
    const summary = await page.locator("section.summary").boundingBox();
    expect(box && summary && box.y + box.height <= summary.y).toBe(true);
    expect(box && box.y + box.height <= 900).toBe(true);
    // What it leaves unknown shows below: the clearance lacks age and sex; the records still make the ITP.
    await expect(header.locator(".kidney-function").textContent()).resolves.toMatch(
      /Cockcroft–Gault not computed: it needs an adult age \(no birth date on record, or under 18\), the sex/,
    );
    await expect(page.locator(".summary .primary-line").textContent()).resolves.toMatch(
      /^Immune thrombocytopenia \(ITP\) — probable, grade 4/,
    );
    // Data quality says it too, with the adapter's words.
    await expect(page.locator("section.quality .absent-patient-detail").textContent()).resolves.toMatch(
      /^Patient not in the input: Patient\/p1, which the records name as their subject, is not in the input: .*demographics not read/,
    );
    await expectNoAxeViolations(page);
    await page.screenshot({ path: join(SHOTS, "absent-patient-1440.png") });
    await page.locator("section.quality").screenshot({ path: join(SHOTS, "absent-patient-quality.png") });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBe(390);
    const phone = await notice.boundingBox();
    expect(phone && phone.y < 844).toBe(true);
    await page.screenshot({ path: join(SHOTS, "absent-patient-390.png") });

    await page.setViewportSize({ width: 1440, height: 900 });
    await page.emulateMedia({ media: "print" });
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect(notice.isVisible()).resolves.toBe(true);
    await page.screenshot({ path: join(SHOTS, "absent-patient-print.png") });
    await page.context().close();
  }, 60_000);

  it("shows the demographics and no notice when the files hold the Patient", async () => {
    const patient = { resourceType: "Patient", id: "p1", birthDate: "1950-02-03", gender: "female" };
    const page = await open("case.json", bundle("collection", [patient, ...RECORDS]), 1440);
    await expect(page.locator(".absent-patient-banner").count()).resolves.toBe(0);
    await expect(page.locator("section.quality .absent-patient-detail").count()).resolves.toBe(0);
    const meta = page.locator("header.patient-header .meta");
    await expect(meta.textContent()).resolves.toMatch(
      /^female · born 1950-02-03 \(age 75 at the evaluation\)/,
    );
    await expect(meta.textContent()).resolves.not.toMatch(/not read/);
    await page.context().close();
  }, 60_000);
});
