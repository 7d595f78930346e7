/**
 * The clinician web app in a real browser (Debian chromium, playwright-core): built with Vite into a
 * temporary folder and served by a small server of the test, as `hemosentinel serve` will serve it. One
 * test per flow: open an example and see the primary finding and its criteria; the timeline's series and
 * markers, hover and evidence highlighting; apixaban and a planned spinal anaesthetic in lanes of their own, with
 * the empty Unexplained section claiming no finding; files (several at once, one of them bad), drag and drop and
 * paste; a SMART on FHIR EHR launch against a mock server; `/patients/{id}` from the server's API; print
 * and export. axe-core finds no WCAG 2.2 AA violation on any page. Screenshots go to test-output/web.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { assessDocuments } from "../../packages/web/src/engine/assess-documents.js";
import { testKnowledge } from "../support/knowledge.js";
import { REPO_ROOT } from "../support/paths.js";
import {
  citedIds,
  expectNoAxeViolations,
  mockSmartServer,
  newPage,
  openCsv,
  type Running,
  serveApp,
  TEST_OUTPUT,
  webAppForFile,
} from "./web-support.js";

const AT = "2026-11-01";
const EVALUATED_AT = `${AT}T23:59:59Z`;
const SHOTS = join(TEST_OUTPUT, "web");
const EXAMPLES = join(REPO_ROOT, "examples");
/** A patient on pembrolizumab with normal counts, and three rows the engine must reject (unit, lab id, date). */
const QUIET_CSV = `patient_id,record_type,date,code_system,code,text,value,unit
p-quiet,patient,,,,,,
p-quiet,dose,2026-01-10,text,,pembrolizumab,,
p-quiet,lab,2026-02-01,loinc,777-3,,230,10*9/L
p-quiet,lab,2026-02-01,loinc,718-7,,13.5,g/dL
p-quiet,lab,2026-02-02,loinc,777-3,,210,furlongs
p-quiet,lab,2026-02-03,lab,no-such-lab,,5,g/L
p-quiet,lab,2026-12-30,loinc,777-3,,200,10*9/L
`;

/**
 * Immune thrombocytopenia under pembrolizumab with an intracranial haemorrhage while on enoxaparin (a dose the
 * day of the bleed): the emergency, the reversal of the LMWH and the withholding of anticoagulation.
 */
const ICH_CSV = `patient_id,record_type,date,code_system,code,text,value,unit,grade,qualifiers
itp-ich,patient,,,,,,,,
itp-ich,dose,2026-06-01,text,,pembrolizumab,,,,
itp-ich,dose,2026-06-22,text,,pembrolizumab,,,,
itp-ich,dose,2026-07-13,text,,pembrolizumab,,,,
itp-ich,dose,2026-08-05,text,,enoxaparin,,,,
itp-ich,lab,2026-05-28,lab,platelets,,245,10*9/L,,
itp-ich,lab,2026-08-04,lab,platelets,,6,10*9/L,,
itp-ich,lab,2026-08-04,lab,hemoglobin,,10.2,g/dL,,
itp-ich,lab,2026-08-04,lab,inr,,1.1,,,
itp-ich,lab,2026-08-04,lab,schistocytes,,negative,,,
itp-ich,event,2026-08-05,text,,Intracranial hemorrhage,,,4,intracranial
`;

/**
 * The ITP with intracranial haemorrhage of ICH_CSV, recorded as deceased on 6 August 2026, with a platelet
 * count charted the day after the death (a misdated row or another patient's: rejected, never used).
 */
const DECEASED_CSV = `patient_id,record_type,date,code_system,code,text,value,unit,grade,qualifiers,death_date
itp-dead,patient,,,,,,,,,2026-08-06
itp-dead,dose,2026-06-01,text,,pembrolizumab,,,,,
itp-dead,dose,2026-06-22,text,,pembrolizumab,,,,,
itp-dead,dose,2026-07-13,text,,pembrolizumab,,,,,
itp-dead,dose,2026-08-05,text,,enoxaparin,,,,,
itp-dead,lab,2026-05-28,lab,platelets,,245,10*9/L,,,
itp-dead,lab,2026-08-04,lab,platelets,,6,10*9/L,,,
itp-dead,lab,2026-08-04,lab,hemoglobin,,10.2,g/dL,,,
itp-dead,lab,2026-08-04,lab,inr,,1.1,,,,
itp-dead,lab,2026-08-04,lab,schistocytes,,negative,,,,
itp-dead,event,2026-08-05,text,,Intracranial hemorrhage,,,4,intracranial,
itp-dead,lab,2026-08-07,lab,platelets,,3,10*9/L,,,
`;

/**
 * Pembrolizumab on 2 January 2025, platelets 230 ×10⁹/L and apixaban on 10 February, no finding, and a spinal
 * anaesthetic charted that day as planned for 12 February (ASRA 2018: 72 hours from apixaban's last dose).
 */
const PROCEDURE_CSV = `patient_id,record_type,date,code_system,code,text,value,unit
sp1,dose,2025-01-02,text,,pembrolizumab,,
sp1,lab,2025-02-10,lab,platelets,,230,10*9/L
sp1,event,2025-01-20,text,,Lumbar puncture performed,,
sp1,dose,2025-02-10,text,,apixaban,,
sp1,event,2025-02-10,text,,Spinal anaesthesia planned for 2025-02-12,,
`;

/** An ITP whose record holds two different platelet counts at one instant and a row with an unknown unit. */
const CONFLICT_CSV = `patient_id,record_type,date,code_system,code,text,value,unit
p-conflict,patient,,,,,,
p-conflict,dose,2026-03-01,text,,pembrolizumab,,
p-conflict,lab,2026-02-25,lab,platelets,,230,10*9/L
p-conflict,lab,2026-04-10T08:00:00Z,lab,platelets,,18,10*9/L
p-conflict,lab,2026-04-10T08:00:00Z,lab,platelets,,180,10*9/L
p-conflict,lab,2026-04-11,lab,platelets,,14,10*9/L
p-conflict,lab,2026-04-11,lab,hemoglobin,,12.0,furlongs
`;

/** Axicabtagene ciloleucel, a grade 2 CRS, then ferritin 25,000 ng/mL with a consumptive coagulopathy. */
const CART_CSV = `patient_id,record_type,date,end_date,code_system,code,text,value,unit,grade,dose_kind
cart-hs,patient,,,,,,,,,
cart-hs,dose,2026-09-01,,text,,axicabtagene ciloleucel,,,,procedure
cart-hs,lab,2026-08-29,,lab,platelets,,160,10*9/L,,
cart-hs,lab,2026-08-29,,lab,fibrinogen,,3.4,g/L,,
cart-hs,event,2026-09-03,2026-09-09,text,,Cytokine release syndrome,,,2,
cart-hs,lab,2026-09-10,,lab,ferritin,,25000,ng/mL,,
cart-hs,lab,2026-09-10,,lab,platelets,,38,10*9/L,,
cart-hs,lab,2026-09-10,,lab,fibrinogen,,1.1,g/L,,
cart-hs,lab,2026-09-10,,lab,d-dimer-feu,,9.5,mg/L FEU,,
cart-hs,lab,2026-09-10,,lab,pt,,17.8,s,,
cart-hs,lab,2026-09-10,,lab,inr,,1.6,,,
`;

function example(name: string): string {
  return readFileSync(join(EXAMPLES, `${name}.json`), "utf8");
}

/** The server's assessment of the DIC demonstration patient, made by the same engine in Node. */
function serverAssessment(): unknown {
  const result = assessDocuments(
    testKnowledge(),
    [{ name: "demo-dic-cart.json", text: example("demo-dic-cart") }],
    { evaluatedAt: EVALUATED_AT, version: "0.1.0" },
  );
  return result.assessments[0];
}

/** What the clinician first sees (`name.png`) and, when `full`, the whole page (`name-full.png`). */
async function shot(page: Page, name: string, full = false): Promise<void> {
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
  if (full) await page.screenshot({ path: join(SHOTS, `${name}-full.png`), fullPage: true });
}

async function openExample(page: Page, app: Running, name: string): Promise<void> {
  await page.goto(`${app.url}/?example=${name}&at=${AT}`);
  await page.locator("h1#patient-title").waitFor();
}

describe("web app in chromium", () => {
  let browser: Browser;
  let app: Running;
  /** While set, the app's knowledge bundle is not served (the loading state). */
  let knowledgeGate: Promise<void> | undefined;
  const assessment = serverAssessment();
  webAppForFile(
    "web-",
    SHOTS,
    (run) => {
      ({ app, browser } = run);
    },
    (dir) =>
      serveApp(
        dir,
        (id) => (id === "demo-dic-cart" ? assessment : undefined),
        (path) => (/^\/assets\/bundle-[\w-]+\.json$/.test(path) ? knowledgeGate : undefined),
      ),
  );

  it("opens an example: the primary finding first, its badges and criteria; only the app's own origin is asked", async () => {
    const page = await newPage(browser);
    const requested: string[] = [];
    page.on("request", (r) => requested.push(r.url()));
    await openExample(page, app, "ttp-nivolumab-anal-scc-gergi-2020");
    await expect(page.title()).resolves.toBe("Patient ttp-nivolumab-anal-scc-gergi-2020 — HemoSentinel");
    await expect(page.locator(".summary .primary-line").textContent()).resolves.toBe(
      "Thrombotic thrombocytopenic purpura (TTP) — definite, grade 2",
    );
    const primary = page.locator("article.finding.primary");
    await expect(primary.locator("h3").textContent()).resolves.toBe(
      "Primary finding: Thrombotic thrombocytopenic purpura (TTP)",
    );
    await expect(primary.locator(".badge").allTextContents()).resolves.toEqual([
      "Certainty: definite",
      "Grade 2",
    ]);
    const adamts13 = primary
      .locator("table.criteria")
      .first()
      .locator("tr", { hasText: "ADAMTS13 activity < 10%" });
    await expect(adamts13.locator(".status").textContent()).resolves.toBe("✔ met");
    await expect(adamts13.locator("button.evidence").textContent()).resolves.toBe("Observation/lab2");
    await expect(primary.locator(".status.missing").count()).resolves.toBeGreaterThan(0);
    await expect(primary.getByRole("heading", { name: "What would change this" }).count()).resolves.toBe(1);
    await expect(primary.locator(".kind.avoid li").first().textContent()).resolves.toMatch(
      /platelet transfusion/,
    );
    await expect(page.locator("#src-asco-2021-irae-hematologic").textContent()).resolves.toMatch(
      /doi:10\.1200/,
    );
    await expect(page.locator("section.quality p.tally").textContent()).resolves.toMatch(
      /^Records read: \d+ = /,
    );
    expect(requested.filter((url) => !url.startsWith(`${app.url}/`) && !url.startsWith("data:"))).toEqual([]);
    await expectNoAxeViolations(page);
    await shot(page, "patient-ttp", true);
    await page.context().close();
  }, 60_000);

  it("draws the timeline: lab panels with grade bands and ranges, dose and event markers, onset and nadir; hover, axis toggle and evidence links", async () => {
    const page = await newPage(browser);
    await openExample(page, app, "demo-dic-cart");
    const panels = await page
      .locator(".timeline .plot")
      .evaluateAll((els) =>
        els.map((e) => `${(e as HTMLElement).dataset.panel}:${(e as HTMLElement).dataset.points}`),
      );
    expect(panels).toEqual([
      "events:5",
      "platelets:2",
      "fibrinogen:2",
      "d-dimer:1",
      "inr:1",
      "pt:2",
      "aptt:1",
    ]);
    await expect(page.locator(".timeline .muted").last().textContent()).resolves.toBe(
      "No results in the record for: Hemoglobin, Lactate dehydrogenase.",
    );
    const platelets = page.locator('.plot[data-panel="platelets"]');
    await expect(platelets.locator('[aria-label="CTCAE grade bands"]').count()).resolves.toBe(4);
    await expect(platelets.locator('[aria-label="reference range low"]').count()).resolves.toBe(1);
    await expect(platelets.locator('[aria-label="finding onset"]').count()).resolves.toBe(2);
    await expect(platelets.locator('[aria-label="finding nadir or peak"]').count()).resolves.toBe(1);
    const events = page.locator('.plot[data-panel="events"]');
    // The lymphodepleting fludarabine and cyclophosphamide in the lane of the drugs that are not immunotherapy.
    await expect(events.locator('g[aria-label="y-axis tick label"] text').allTextContents()).resolves.toEqual(
      ["CAR-T infusion", "Other drugs", "CRS", "Bleeding"],
    );
    // Two drugs first given the same day in one lane share one label rather than write over each other.
    await expect(events.locator("text").allTextContents()).resolves.toEqual(
      expect.arrayContaining(["fludarabine, cyclophosphamide"]),
    );
    await events.screenshot({ path: join(SHOTS, "timeline-dic-cart-events.png") });
    await expect(events.locator("text").allTextContents()).resolves.toEqual(
      expect.arrayContaining(["G3", "G2"]),
    );
    await expect(page.locator(".timeline .marks li").first().textContent()).resolves.toMatch(
      /^Disseminated intravascular coagulation \(DIC\) — definite, grade 3: onset — day 8/,
    );

    // Hover: value, unit and source record.
    const dot = platelets.locator('[aria-label="Platelet count results"]').last();
    await dot.hover({ force: true });
    const tip = platelets.locator('g[aria-label="tip"]');
    await tip.waitFor();
    await expect(tip.textContent()).resolves.toMatch(
      /Platelet count: 41 ×10⁹\/L.*day 8 · 2025-03-11T08:00:00Z.*sent as 41 10\^9\/L.*record Observation\/lab3/,
    );

    // Calendar dates instead of days.
    await page.getByRole("radio", { name: "Calendar dates" }).check();
    await expect(
      page.locator('.plot[data-panel="aptt"] g[aria-label="x-axis label"]').textContent(),
    ).resolves.toMatch(/Date/);
    await page.getByRole("radio", { name: "Days from the first dose" }).check();

    // An evidence link highlights its point on the timeline and says where it is.
    const evidence = page.locator("article.finding.primary button.evidence").first();
    const ref = (await evidence.textContent()) as string;
    await evidence.click();
    await expect(page.locator(".highlight-status").textContent()).resolves.toMatch(
      new RegExp(`^${ref.replace("/", "\\/")} highlighted on the .+ panel: .+, day \\d+`),
    );
    await expect(page.locator('.timeline [aria-label="highlighted record"]').count()).resolves.toBe(1);
    // Pinned beside the longer findings, the timeline scrolls itself to the point (the PT panel at its
    // foot) and the page stays where the reader is.
    await expect(page.locator(".timeline-section.pinned").count()).resolves.toBe(1);
    await page.evaluate(() => window.scrollTo(0, 1100));
    await page
      .locator("article.finding.primary button.evidence", { hasText: "Observation/lab4" })
      .first()
      .evaluate((el) => (el as HTMLElement).click());
    await expect(page.locator(".highlight-status").textContent()).resolves.toMatch(
      /^Observation\/lab4 highlighted on the Prothrombin time panel: 19\.6 s, day 8/,
    );
    await expect
      .poll(() =>
        page.evaluate(() => {
          const box = document.querySelector(".timeline-section")?.getBoundingClientRect();
          const panel = document.querySelector('[data-panel="pt"]')?.getBoundingClientRect();
          return (
            box !== undefined && panel !== undefined && panel.top >= box.top && panel.bottom <= box.bottom
          );
        }),
      )
      .toBe(true);
    await expect(page.evaluate(() => window.scrollY)).resolves.toBe(1100);
    await page.locator(".timeline-section").screenshot({ path: join(SHOTS, "timeline-dic-cart.png") });
    await shot(page, "patient-dic-cart", true);
    await page.context().close();
  }, 60_000);

  it("reads several files at once: a bad file is named with what is wrong, nothing of the good one is lost", async () => {
    const page = await newPage(browser);
    await page.goto(`${app.url}/?at=${AT}`);
    await page.locator('input[type="file"]').setInputFiles([
      {
        name: "evans.json",
        mimeType: "application/json",
        buffer: Buffer.from(example("demo-evans-nivolumab")),
      },
      {
        name: "broken.json",
        mimeType: "application/json",
        buffer: Buffer.from('{"resourceType": "Bundle", '),
      },
      { name: "scan.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4") },
    ]);
    await page.locator("h1#patient-title").waitFor();
    await expect(page.locator("h1#patient-title").textContent()).resolves.toBe(
      "Patient demo-evans-nivolumab",
    );
    const files = page.locator(".files-report");
    await expect(files.locator("h2").textContent()).resolves.toBe(
      "What was read from 3 sources — 2 could not be read",
    );
    await expect(files.locator("li.failed", { hasText: "broken.json" }).textContent()).resolves.toMatch(
      /broken\.json: could not be read.*not valid JSON \(.+\)/,
    );
    await expect(files.locator("li.failed", { hasText: "scan.pdf" }).textContent()).resolves.toMatch(
      /not a file type HemoSentinel reads/,
    );
    await expect(files.locator("li", { hasText: "evans.json" }).count()).resolves.toBe(0);
    await expect(page.locator(".summary .primary-line").textContent()).resolves.toMatch(/^Evans syndrome/);
    await expect(page.locator(".summary .notice").textContent()).resolves.toBe(
      "⚠ 2 input problems — see Data quality before relying on this summary",
    );
    // The same report as from the good file alone.
    const alone = assessDocuments(
      testKnowledge(),
      [{ name: "evans.json", text: example("demo-evans-nivolumab") }],
      { evaluatedAt: EVALUATED_AT, version: "0.1.0" },
    ).assessments[0];
    await expect(page.locator("section.quality p.tally").textContent()).resolves.toBe(
      `Records read: ${alone?.patient.counts.read} = ${alone?.patient.counts.used} used + ${alone?.patient.counts.merged} merged (duplicates) + ${alone?.patient.counts.rejected} rejected + ${alone?.patient.counts.notUsed} not used (codes outside scope) + ${alone?.patient.counts.ignored} ignored (resource types outside scope)`,
    );
    await expect(page.locator(".input-problems li").count()).resolves.toBe(2);
    await expectNoAxeViolations(page);
    await shot(page, "bad-file", true);
    await page.context().close();
  }, 60_000);

  it("says which file is wrong and stays on the open page when nothing can be read", async () => {
    const page = await newPage(browser);
    await page.goto(`${app.url}/?at=${AT}`);
    await page.locator('input[type="file"]').setInputFiles([
      { name: "empty.csv", mimeType: "text/csv", buffer: Buffer.from("") },
      { name: "observation.json", mimeType: "application/json", buffer: Buffer.from('{"hello": "world"}') },
    ]);
    const alert = page.locator(".error-box");
    await alert.waitFor();
    await expect(alert.locator("li.failed", { hasText: "empty.csv" }).textContent()).resolves.toMatch(
      /the file is empty/,
    );
    await expect(alert.textContent()).resolves.toMatch(/observation\.json/);
    await expect(page.locator("h1").textContent()).resolves.toBe("Open a patient");
    await expectNoAxeViolations(page);
    await shot(page, "open-all-bad");
    await page.context().close();
  }, 60_000);

  it("opens dropped files and pasted text; several patients are listed", async () => {
    const page = await newPage(browser);
    await page.goto(`${app.url}/?at=${AT}`);
    await expectNoAxeViolations(page);
    await shot(page, "open");
    const transfer = await page.evaluateHandle(
      ([a, b]) => {
        const dt = new DataTransfer();
        dt.items.add(new File([a as string], "aha.json", { type: "application/json" }));
        dt.items.add(new File([b as string], "itp.json", { type: "application/json" }));
        return dt;
      },
      [example("aha-nivolumab-nsclc-kato-2018"), example("itp-pembrolizumab-nsclc-mouri-2020")],
    );
    await page.dispatchEvent('[data-testid="drop-zone"]', "drop", { dataTransfer: transfer });
    await page.waitForURL(/\/session$/);
    await page.locator(".patient-list li", { hasText: "Immune thrombocytopenia" }).waitFor();
    await expect(page.locator(".patient-list li").allTextContents()).resolves.toEqual([
      expect.stringMatching(
        /^Patient aha-nivolumab-nsclc-kato-2018 — Acquired hemophilia A \(AHA\) — definite, grade 4/,
      ),
      expect.stringMatching(/^Patient itp-pembrolizumab-nsclc-mouri-2020 — Immune thrombocytopenia \(ITP\)/),
    ]);
    await expectNoAxeViolations(page);
    await shot(page, "session-list");

    await page.getByRole("link", { name: "Open a patient" }).click();
    const ndjson = (
      JSON.parse(example("thrombosis-nivolumab-pulmonary-embolism-liao-2017")) as {
        entry: { resource: unknown }[];
      }
    ).entry
      .map((e) => JSON.stringify(e.resource))
      .join("\n");
    await page.getByLabel("FHIR JSON, NDJSON or CSV text").fill(ndjson);
    await page.getByRole("button", { name: "Assess pasted text" }).click();
    await page.locator("h1#patient-title").waitFor();
    // The embolism is charted: the heading and badge grade only its link to nivolumab, never the event.
    await expect(page.locator(".summary .primary-line").textContent()).resolves.toMatch(
      /^Thrombosis .* — charted, grade 3; link to nivolumab probable/,
    );
    await expect(page.locator("article.finding.primary .badge").first().textContent()).resolves.toBe(
      "Charted; link to nivolumab: probable",
    );
    await page.context().close();
  }, 60_000);

  it("a patient without findings whose CSV file had rejected rows: the summary says so and points to data quality", async () => {
    const page = await newPage(browser);
    await openCsv(page, app, AT, "quiet.csv", QUIET_CSV);
    await expect(page.locator(".summary .primary-line").textContent()).resolves.toMatch(
      /^No immunotherapy-associated hemostatic disorder detected/,
    );
    await expect(page.locator(".summary .primary-line").textContent()).resolves.toMatch(
      /; 3 records rejected — see data quality$/,
    );
    await expect(page.locator("#findings-title").textContent()).resolves.toBe("Findings (0)");
    const rejected = page.locator("table.rejected");
    await expect(rejected.locator("tbody tr").count()).resolves.toBe(3);
    await expect(rejected.textContent()).resolves.toMatch(
      /quiet\.csv:6: unit "furlongs" is neither UCUM nor a known lab spelling/,
    );
    await expect(rejected.textContent()).resolves.toMatch(
      /quiet\.csv:8: date 2026-12-30 is after the evaluation time/,
    );
    await expect(page.locator("section.quality p.tally").textContent()).resolves.toMatch(
      /^Records read: 7 = 4 used \+ 0 merged \(duplicates\) \+ 3 rejected/,
    );
    await expectNoAxeViolations(page);
    await shot(page, "no-findings-rejected", true);
    await page.locator("section.quality").screenshot({ path: join(SHOTS, "data-quality-rejected.png") });
    await page.context().close();
  }, 60_000);

  it("a record with no immunotherapy: the timeline reads calendar dates, never days counted from 1970", async () => {
    const page = await newPage(browser);
    await openCsv(
      page,
      app,
      "2024-03-01",
      "no-immunotherapy.csv",
      [
        "patient_id,record_type,date,code_system,code,text,value,unit",
        "ni1,dose,2024-01-10,text,,carboplatin,,",
        "ni1,lab,2024-01-09,lab,platelets,,260,10*9/L",
        "ni1,lab,2024-02-01,lab,platelets,,45,10*9/L",
      ].join("\n"),
    );
    const days = page.getByRole("radio", { name: /^Days from the first dose/ });
    await expect(days.isDisabled()).resolves.toBe(true);
    await expect(page.getByRole("radio", { name: "Calendar dates" }).isChecked()).resolves.toBe(true);
    await expect(page.locator(".timeline .axis-toggle").textContent()).resolves.toContain(
      "(no immunotherapy dose in the record)",
    );
    // Before the fix the axis and the table wrote day 19,730 (days since 1970).
    const ticks = await page.locator(".timeline svg [aria-label='x-axis tick label'] text").allTextContents();
    expect(ticks.length).toBeGreaterThan(0);
    expect(ticks.join(" ")).not.toMatch(/\d{1,2},\d{3}/);
    await page.getByText("Platelet count: 2 values as a table").click();
    await expect(
      page.locator(".timeline details.values[open] td[data-label=Day]").allTextContents(),
    ).resolves.toEqual(["—", "—"]);
    await page.context().close();
  }, 60_000);

  it("apixaban the day before a planned spinal anaesthetic, pembrolizumab earlier, no finding: the timeline draws both, and Unexplained claims no finding", async () => {
    const page = await newPage(browser);
    await openCsv(page, app, "2025-02-11", "procedure.csv", PROCEDURE_CSV);
    const events = page.locator('.plot[data-panel="events"]');
    await expect(events.locator('g[aria-label="y-axis tick label"] text').allTextContents()).resolves.toEqual(
      ["Immunotherapy", "Anticoagulants", "Procedures"],
    );
    // Each other drug is named on the drawing; a planned procedure says it is planned, one done that it is done.
    await expect(events.locator("text").allTextContents()).resolves.toEqual(
      expect.arrayContaining(["apixaban", "planned", "done"]),
    );
    await page.getByText(/^Doses and events: \d+ as a table$/).click();
    await expect(
      page.locator(".timeline details.values[open] td[data-label=What]").allTextContents(),
    ).resolves.toEqual([
      "pembrolizumab dose given",
      "Lumbar puncture performed (lumbar puncture): done on 2025-01-20",
      "Anticoagulants: apixaban, on 2025-02-10",
      "Spinal anaesthesia planned for 2025-02-12 (neuraxial): planned for 2025-02-12 (charted 2025-02-10)",
    ]);
    await expect(
      page.locator(".timeline details.values[open] td[data-label=Day]").allTextContents(),
    ).resolves.toEqual(["0", "18", "39", "41"]);
    // No finding: the empty Unexplained section never says an abnormality lies within one.
    const unexplained = page.locator("section.unexplained");
    await expect(unexplained.locator("p").textContent()).resolves.toBe(
      "None: no serious abnormality began after the first dose.",
    );
    await expect(page.locator("section.procedures").count()).resolves.toBe(1);
    await expectNoAxeViolations(page);
    await page.locator(".timeline-section").screenshot({ path: join(SHOTS, "procedure-timeline.png") });
    await unexplained.screenshot({ path: join(SHOTS, "procedure-unexplained.png") });
    await shot(page, "procedure-no-finding", true);

    // Without the anticoagulant and the plan only the immunotherapy lane is drawn.
    await openCsv(
      page,
      app,
      "2025-02-11",
      "quiet-procedure.csv",
      PROCEDURE_CSV.split("\n").slice(0, 3).join("\n"),
    );
    await expect(
      page.locator('.plot[data-panel="events"] g[aria-label="y-axis tick label"] text').allTextContents(),
    ).resolves.toEqual(["Immunotherapy"]);
    await page.context().close();
  }, 60_000);

  it("lists the competing explanations that are present or not assessable before the absent ones", async () => {
    const page = await newPage(browser);
    await openExample(page, app, "control-pembrolizumab-heparin-induced-thrombocytopenia");
    const tables = page.locator("table.differentials");
    expect(await tables.count()).toBeGreaterThan(0);
    const rank = { met: 0, missing: 1, unmet: 2 } as const;
    let weighing = 0;
    for (const table of await tables.all()) {
      const statuses = await table
        .locator("tbody tr")
        .evaluateAll((trs) => trs.map((tr) => tr.className.split(" ")[0] as "met" | "missing" | "unmet"));
      const ranks = statuses.map((x) => rank[x]);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      const absent = statuses.filter((x) => x === "unmet").length;
      weighing += statuses.length - absent;
      await expect(table.locator("caption").textContent()).resolves.toBe(
        `Competing explanations (${statuses.length - absent} present or not assessable, listed first; ${absent} absent)`,
      );
    }
    expect(weighing).toBeGreaterThan(0);
    await page.context().close();
  }, 60_000);

  it("puts what to do first in the summary, above the fold on a laptop: the emergency and the reversal, the drug decision, what to avoid, each cited", async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    await page.goto(`${app.url}/?at=2026-08-05`);
    await page.locator('input[type="file"]').setInputFiles({
      name: "itp-ich.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(ICH_CSV),
    });
    await page.locator("h1#patient-title").waitFor();
    const acts = page.locator(".summary .act-first li.act");
    const rows = await acts.evaluateAll((els) =>
      els.map((e) => ({
        kind: e.className.replace("act ", ""),
        item: (e as HTMLElement).dataset.item,
        tag: e.querySelector(".act-tag")?.textContent,
        cited: e.querySelectorAll(".cite a").length > 0,
      })),
    );
    expect(rows[0]).toEqual({
      kind: "urgent",
      item: "itp-critical-bleeding",
      tag: "⚠ Urgent:",
      cited: true,
    });
    const reversal = rows.find((r) => r.item === "itp-major-bleeding-reversal");
    expect(reversal).toMatchObject({ kind: "urgent", cited: true });
    expect(rows.filter((r) => r.kind === "immunotherapy").map((r) => r.item)).toEqual(["itp-ici-g4-hold"]);
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((r) => r.cited)).toBe(true);
    // Urgent lines come first, then the drug decision, then what to avoid.
    const order = rows.map((r) => ["urgent", "immunotherapy", "avoid"].indexOf(r.kind));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order.includes(2)).toBe(true);
    // Visible without scrolling: the reversal line ends above the fold.
    const box = await page.locator('.act-first li[data-item="itp-major-bleeding-reversal"]').boundingBox();
    expect((box?.y ?? 1e9) + (box?.height ?? 0)).toBeLessThanOrEqual(768);
    // Avoid and urgent lines are boxed in red, not the accent colour of the drug decision.
    const borders = await acts.evaluateAll((els) =>
      [...new Set(els.map((e) => `${e.className}|${getComputedStyle(e).borderLeftColor}`))].sort(),
    );
    expect(borders).toEqual([
      "act avoid|rgb(163, 20, 26)",
      "act immunotherapy|rgb(31, 58, 147)",
      "act urgent|rgb(163, 20, 26)",
    ]);
    await expect(page.locator(".act-first .act-more a").getAttribute("href")).resolves.toBe("#plan-itp");
    await expect(page.locator("#plan-itp").textContent()).resolves.toBe("Plan");
    await expectNoAxeViolations(page);
    await shot(page, "act-first-ich");
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBe(390);
    // On a phone the first urgent line starts above the fold too (the export buttons come after the summary).
    const first = await acts.first().boundingBox();
    expect(first?.y ?? 1e9).toBeLessThan(844 - 60);
    await context.close();
  }, 60_000);

  it("after CAR-T with a ferritin of 25,000 µg/L the suspected IEC-HS is among the urgent lines", async () => {
    const page = await newPage(browser);
    await openCsv(page, app, AT, "cart.csv", CART_CSV);
    const iecHs = page.locator('.act-first li[data-item="carac-suspected-iec-hs"]');
    await expect(iecHs.getAttribute("class")).resolves.toBe("act urgent");
    await expect(iecHs.textContent()).resolves.toMatch(/^⚠ Urgent: Ferritin ≥10,000 ng\/mL after CAR-T/);
    await expect(citedIds(iecHs)).resolves.toEqual(["hines-2023-iec-hs", "sandler-2019-hlh-after-hsct"]);
    await page.context().close();
  }, 60_000);

  it("after CAR-T a neutropenia named as ICAHT cites the consensus beside the reason and in the Sources", async () => {
    const page = await newPage(browser);
    const csv = `patient_id,record_type,date,code_system,code,text,value,unit,dose_kind
icaht,patient,,,,,,,
icaht,dose,2026-09-01,text,,tisagenlecleucel,,,procedure
icaht,lab,2026-08-25,lab,anc,,3.1,10*9/L,
icaht,lab,2026-09-13,lab,anc,,0.3,10*9/L,
`;
    await openCsv(page, app, AT, "icaht.csv", csv);
    const item = page.locator("article.unexplained-item", { hasText: "ICAHT" });
    await expect(item.locator(".reasons li").last().textContent()).resolves.toMatch(/ICAHT/);
    await expect(citedIds(item.locator(".reasons li").last())).resolves.toEqual([
      "rejeski-2023-icaht",
      "rejeski-2023-icaht-survey",
      "jain-2023-cytopenias-after-cart",
    ]);
    await expect(page.locator("section.sources").textContent()).resolves.toMatch(/Rejeski/);
    await page.context().close();
  }, 60_000);

  it("a deceased patient: the death opens the page above the summary, findings are retrospective with no Act first list, a result after the death is rejected", async () => {
    const page = await newPage(browser);
    await page.setViewportSize({ width: 1280, height: 800 });
    await openCsv(page, app, AT, "deceased.csv", DECEASED_CSV);
    const banner = page.locator(".deceased-banner");
    await expect(banner.getAttribute("role")).resolves.toBe("alert");
    await expect(banner.locator(".deceased-line").textContent()).resolves.toBe(
      "DECEASED: recorded as deceased on 2026-08-06. This evaluation is after death: findings and plans describe the record, not a patient to treat.",
    );
    await expect(banner.textContent()).resolves.toMatch(/Findings are retrospective/);
    await expect(banner.textContent()).resolves.toMatch(/Nothing on this page is to be ordered or given/);
    await expect(banner.textContent()).resolves.toMatch(/deceased\.csv:2#death_date/);
    // At the top: right under the patient's name, above the summary, in the first screen.
    const bannerBox = await banner.boundingBox();
    const summaryBox = await page.locator("section.summary").boundingBox();
    expect(bannerBox).not.toBeNull();
    expect((bannerBox?.y ?? 0) + (bannerBox?.height ?? 0)).toBeLessThanOrEqual(summaryBox?.y ?? 0);
    expect((bannerBox?.y ?? 0) + (bannerBox?.height ?? 0)).toBeLessThan(800);
    // The finding stays (what the record shows), but nothing is offered to do first.
    await expect(page.locator(".summary .primary-line").textContent()).resolves.toMatch(
      /^Immune thrombocytopenia/,
    );
    await expect(page.locator(".act-first").count()).resolves.toBe(0);
    // Its card holds no plan: nothing is ordered after death, and it says why.
    await expect(page.locator("#plan-itp + p").textContent()).resolves.toBe(
      "No plan: the patient is recorded as deceased on 2026-08-06, and nothing is ordered after death.",
    );
    const rejected = page.locator("table.rejected");
    await expect(rejected.textContent()).resolves.toMatch(
      /deceased\.csv:13.*after the patient's death on 2026-08-06/,
    );
    await expectNoAxeViolations(page);
    await shot(page, "patient-deceased", true);
    await page.context().close();
  }, 60_000);

  it("a living patient's page has no death banner", async () => {
    const page = await newPage(browser);
    await openExample(page, app, "itp-pembrolizumab-nsclc-mouri-2020");
    await expect(page.locator(".deceased-banner").count()).resolves.toBe(0);
    await page.context().close();
  }, 60_000);

  it("names conflicting results in the summary beside the rejected records: they are left out of detection", async () => {
    const page = await newPage(browser);
    await openCsv(page, app, AT, "conflict.csv", CONFLICT_CSV);
    await expect(page.locator(".summary .primary-line").textContent()).resolves.toMatch(
      /^Immune thrombocytopenia \(ITP\)/,
    );
    await expect(page.locator(".summary .notice").textContent()).resolves.toBe(
      "⚠ 1 record rejected and 1 conflict left out — see Data quality before relying on this summary",
    );
    await expect(page.locator("section.quality").textContent()).resolves.toMatch(
      /two Platelet count results at the same instant: 18 and 180 ×10⁹\/L/,
    );
    await expectNoAxeViolations(page);
    await page.context().close();
  }, 60_000);

  it("says what it is doing while the knowledge base loads and the engine assesses", async () => {
    let release = () => {};
    knowledgeGate = new Promise((resolve) => {
      release = resolve;
    });
    const page = await newPage(browser);
    try {
      await page.goto(`${app.url}/?example=demo-dic-cart&at=${AT}`);
      const status = page.locator(".open-page [role=status]");
      await expect.poll(() => status.textContent(), { timeout: 10_000 }).toBe("Assessing demo-dic-cart…");
      await expectNoAxeViolations(page);
      await shot(page, "loading");
    } finally {
      knowledgeGate = undefined;
      release();
    }
    await page.locator("h1#patient-title").waitFor();
    await page.context().close();
  }, 60_000);

  it("fits a phone's width: no sideways scrolling, each criterion a block of labelled lines", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    await openExample(page, app, "ttp-nivolumab-anal-scc-gergi-2020");
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      window: window.innerWidth,
    }));
    // Mobile emulation widens the layout viewport to overflowing content: compare with the device's 390 px.
    expect(widths).toEqual({ page: 390, window: 390 });
    const cell = page.locator("article.finding.primary table.criteria td").nth(1);
    await expect(cell.evaluate((td) => getComputedStyle(td).display)).resolves.toBe("block");
    await expect(cell.evaluate((td) => getComputedStyle(td, "::before").content)).resolves.toBe(
      '"Criterion: "',
    );
    await expect(page.locator('.timeline .plot[data-panel="platelets"]').isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(page);
    await shot(page, "narrow-ttp");
    await context.close();
  }, 60_000);

  it("works from the keyboard: skip link, an evidence link highlights its point, a panel's values open as a table", async () => {
    const page = await newPage(browser);
    await page.goto(`${app.url}/?at=${AT}`);
    // The first Tab belongs to the page once the app has rendered (before that, it may land on nothing).
    await page.getByRole("heading", { name: "Example patients" }).waitFor();
    await page.keyboard.press("Tab");
    await expect(page.evaluate(() => document.activeElement?.textContent)).resolves.toBe("Skip to content");
    await page.keyboard.press("Enter");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("main");
    // An example opened from the keyboard; focus lands on the new page, before its first control.
    await page
      .getByRole("button", { name: /^Overt DIC with grade 3 CRS after axicabtagene ciloleucel$/ })
      .focus();
    await page.keyboard.press("Enter");
    await page.locator("h1#patient-title").waitFor();
    // Tab on to the first evidence link of the findings; every stop on the way shows where focus is.
    const stops: string[] = [];
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press("Tab");
      const stop = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const style = getComputedStyle(el);
        return {
          what: `${el.tagName.toLowerCase()}${el.className === "" ? "" : `.${el.className.split(" ")[0]}`}`,
          text: el.textContent ?? "",
          visible: style.outlineStyle !== "none" || style.boxShadow !== "none",
          evidence: el.matches("article.finding.primary button.evidence"),
        };
      });
      expect(stop.visible, `focus shows on ${stop.what}`).toBe(true);
      stops.push(stop.what);
      if (stop.evidence) {
        await page.keyboard.press("Enter");
        await expect(page.locator(".highlight-status").textContent()).resolves.toMatch(
          new RegExp(`^${stop.text.replace("/", "\\/")} highlighted on the `),
        );
        break;
      }
    }
    expect(stops).toEqual(expect.arrayContaining(["button", "summary"]));
    expect(stops.at(-1)).toBe("button.evidence");
    // A panel's values as a table, from the keyboard.
    const summary = page.locator('.plot[data-panel="platelets"] ~ details.values > summary');
    await summary.focus();
    await page.keyboard.press("Enter");
    await expect(summary.locator("xpath=..").locator("table tbody tr").count()).resolves.toBe(2);
    await page.context().close();
  }, 60_000);

  it("launches from an EHR with SMART on FHIR and assesses the patient's records in the browser", async () => {
    const bundle = JSON.parse(example("demo-dic-cart")) as Parameters<typeof mockSmartServer>[0];
    const ehr = await mockSmartServer(bundle);
    try {
      const page = await newPage(browser);
      await page.goto(`${app.url}/launch?iss=${encodeURIComponent(`${ehr.url}/fhir`)}&launch=mock-launch`);
      await page.waitForURL(/\/session\/demo-dic-cart$/, { timeout: 20_000 });
      await page.locator("h1#patient-title").waitFor();
      await expect(page.locator(".summary .primary-line").textContent()).resolves.toBe(
        "Disseminated intravascular coagulation (DIC) — definite, grade 3",
      );
      expect(ehr.requests).toEqual(
        expect.arrayContaining([
          "POST /auth/token",
          "GET /fhir/Patient/demo-dic-cart",
          expect.stringMatching(/^GET \/fhir\/Observation\?patient=demo-dic-cart/),
          expect.stringMatching(/^GET \/fhir\/MedicationAdministration\?patient=demo-dic-cart/),
          expect.stringMatching(/^GET \/fhir\/AdverseEvent\?subject=Patient%2Fdemo-dic-cart/),
        ]),
      );
      await shot(page, "smart-launch");
      await page.context().close();
    } finally {
      await ehr.close();
    }
  }, 60_000);

  it("shows the server's assessment at /patients/{id}, and the server's problem when it has none", async () => {
    const page = await newPage(browser);
    await page.goto(`${app.url}/patients/demo-dic-cart`);
    await page.locator("h1#patient-title").waitFor();
    await expect(page.locator(".patient-header .meta").textContent()).resolves.toMatch(
      /evaluated at 2026-11-01 23:59:59 UTC .* assessed by the server/,
    );
    await expect(page.locator("article.finding.primary h3").textContent()).resolves.toBe(
      "Primary finding: Disseminated intravascular coagulation (DIC)",
    );
    await expect(page.locator('.timeline .plot[data-panel="platelets"]').count()).resolves.toBe(1);
    await expectNoAxeViolations(page);
    await shot(page, "server-patient");

    await page.goto(`${app.url}/patients/nobody%2F1`);
    const alert = page.locator('[role="alert"]');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toBe(
      "No assessment of this patient (HTTP 404)The server holds no assessment of patient nobody/1.",
    );
    expect(app.requests).toContain("/api/patients/nobody%2F1");
    await expectNoAxeViolations(page);
    await shot(page, "server-not-found");

    await page.goto(`${app.url}/no/such/page`);
    await expect(page.locator("h1").textContent()).resolves.toBe("Page not found");
    await expectNoAxeViolations(page);
    await page.context().close();
  }, 60_000);

  it("prints without the controls, exports HTML and copies the text report for the EHR note", async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.url });
    const page = await context.newPage();
    await openExample(page, app, "demo-carac-tisagenlecleucel");
    await page.getByRole("button", { name: "Copy as text for the EHR note" }).click();
    // The confirmation follows the clipboard's promise: wait for it rather than read the status at once.
    await page
      .locator(".export-bar [role=status]")
      .filter({ hasText: /^Copied the report as text/ })
      .waitFor({ timeout: 10_000 });
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/^HemoSentinel report\nengine 0\.1\.0 · knowledge /);
    expect(copied).toContain("CAR-T");

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Download HTML report" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`hemosentinel-demo-carac-tisagenlecleucel-${AT}.html`);
    const html = readFileSync((await download.path()) as string, "utf8");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("Patient demo-carac-tisagenlecleucel");

    await page.emulateMedia({ media: "print" });
    await expect(page.locator(".export-bar").isVisible()).resolves.toBe(false);
    await expect(page.locator(".app-bar").isVisible()).resolves.toBe(false);
    await expect(page.locator(".timeline .plot").first().isVisible()).resolves.toBe(true);
    await shot(page, "print-carac");
    await context.close();
  }, 60_000);
});
