/**
 * The cohort page in a real browser against the real server: a generated cohort (seeded, enriched)
 * imported and screened twice into a DuckDB file, `createServer` with that file as its cohort database
 * and the Vite build of the web app, as `hemosentinel serve --cohort-db FILE` runs them. The reviewer's
 * flow: the flagged list of the last run with the counts and curves, sorting by a column (mouse and
 * keyboard, aria-sort), filtering by disorder, a click through to the person in the patient view showing
 * the listed finding, and back to the list as it was. A server without a cohort database says how to give
 * it one. axe-core finds no WCAG 2.2 AA violation; screenshots go to test-output/cohort.
 */
import { mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { renderContextOf, wordingOf } from "@hemosentinel/core";
import { createServer, type HemoSentinelServer, parseServerConfig } from "@hemosentinel/server";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatedCohort, screenedDbFile, testKnowledge } from "../support/cohort.js";
import { testKnowledgeBundle } from "../support/knowledge.js";
import { tempDir } from "../support/temp.js";
import { buildWebApp, expectNoAxeViolations, launchChromium, newPage, TEST_OUTPUT } from "./web-support.js";

const SHOTS = join(TEST_OUTPUT, "cohort");
const LAST = "2025-06-30T23:59:59Z";

/** The real server on a free loopback port, with no CDS client configured (loopback callers only). */
async function startServer(
  webRoot: string,
  cohortDb?: string,
): Promise<{ server: HemoSentinelServer; url: string }> {
  const server = await createServer({
    bundle: testKnowledgeBundle(),
    version: "0.1.0-test",
    config: parseServerConfig({ feedback: { path: ":memory:" } }),
    publicUrl: "http://127.0.0.1",
    webRoot,
    logStream: { write: () => undefined },
    ...(cohortDb !== undefined && { cohortDb }),
  });
  await server.app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = server.app.server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}` };
}

/** The person ids of the table's rows, in order. */
const rowPersons = (page: Page) =>
  page
    .locator("table.flagged tbody th[scope=row] a")
    .evaluateAll((as) => as.map((a) => a.textContent?.replace("Person ", "") ?? ""));

describe("cohort page", { timeout: 300_000 }, () => {
  let browser: Browser;
  let app: { server: HemoSentinelServer; url: string };
  let empty: { server: HemoSentinelServer; url: string };
  const words = wordingOf(renderContextOf(testKnowledge()));

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const dist = tempDir("web-");
    const [db] = await Promise.all([
      generatedCohort(80, 21, 8).then((dir) => screenedDbFile(dir, ["2024-10-31T23:59:59Z", LAST])),
      buildWebApp(dist),
    ]);
    app = await startServer(dist, db.path);
    empty = await startServer(dist);
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await app?.server.close();
    await empty?.server.close();
  });

  it("lists the last run's flagged patients, sorts, filters by disorder and opens a patient with that finding", async () => {
    const page = await newPage(browser);
    await page.goto(`${app.url}/cohort`);
    await page.locator("table.flagged").waitFor();
    await expect(page.title()).resolves.toBe("Cohort — HemoSentinel");
    await expect(page.locator("nav a[aria-current=page]").textContent()).resolves.toBe("Cohort");
    await expect(page.locator("p.meta").first().textContent()).resolves.toContain(`evaluated ${LAST}`);
    // Counts by disorder × class, and a drawn curve per class with cases.
    await expect(page.locator("table.case-counts thead th").first().textContent()).resolves.toBe("Disorder");
    await page.locator("figure.cohort-curve svg").first().waitFor();
    expect(
      await page.locator("figure.cohort-curve svg[aria-label^='Cumulative incidence']").count(),
    ).toBeGreaterThan(0);
    // Therapy classes and drugs by name, never by id ("(car-t)", "axicabtagene-ciloleucel").
    const classHeads = await page.locator("table.case-counts thead th").allTextContents();
    expect(
      classHeads
        .slice(1)
        .every((h) =>
          /^(immune checkpoint inhibitor|bispecific T-cell engager|therapeutic antibody|CAR-T cell therapy) \(n = \d+\)$/.test(
            h,
          ),
        ),
    ).toBe(true);
    const drugCells = (await page.locator("table.flagged tbody td:nth-child(5)").allTextContents()).join(
      " | ",
    );
    expect(drugCells).not.toMatch(/\((ici|car-t|antibody|bispecific)\)|[a-z]-[a-z]+leucel/);
    expect(
      await page.locator("#filter-drug optgroup").evaluateAll((gs) => gs.map((g) => g.getAttribute("label"))),
    ).toContain("immune checkpoint inhibitor");
    await expect(page.locator("figure.cohort-curve figcaption strong").allTextContents()).resolves.toContain(
      "immune checkpoint inhibitor",
    );
    await expectNoAxeViolations(page);
    await page.screenshot({ path: join(SHOTS, "cohort.png") });
    await page.screenshot({ path: join(SHOTS, "cohort-full.png"), fullPage: true });
    await page.locator("section:has(#counts-title)").screenshot({ path: join(SHOTS, "cohort-counts.png") });
    await page.locator("section:has(#curves-title)").screenshot({ path: join(SHOTS, "cohort-curves.png") });
    // Each disorder's line differs from every other's by colour and by dash (not by hue alone: thrombosis
    // and CARAC were teal and green), and the legend draws it beside the disorder's name.
    const lines = await page
      .locator("figure.cohort-curve .curve-legend li line")
      .evaluateAll((ls) =>
        ls.map((l) => `${l.getAttribute("stroke")}|${l.getAttribute("stroke-dasharray") ?? "solid"}`),
      );
    expect(lines.length).toBeGreaterThan(0);
    const disorders = await page
      .locator("figure.cohort-curve .curve-legend li")
      .evaluateAll((ls) => ls.map((l) => l.getAttribute("data-disorder")));
    const styleOf = new Map(disorders.map((d, i) => [d, lines[i]]));
    const styles = [...styleOf.values()];
    expect(new Set(styles.map((s) => s?.split("|")[0])).size).toBe(styles.length);
    expect(new Set(styles.map((s) => s?.split("|")[1])).size).toBe(styles.length);
    // The chart follows the page's width: on a phone it fits the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect
      .poll(() =>
        page
          .locator("figure.cohort-curve .plot svg")
          .first()
          .evaluate((s) => s.getBoundingClientRect().width),
      )
      .toBeLessThanOrEqual(360);
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBe(390);
    await page
      .locator("section:has(#curves-title)")
      .screenshot({ path: join(SHOTS, "cohort-curves-phone.png") });
    await page.setViewportSize({ width: 1400, height: 1000 });

    // Sort by person: ascending, then descending by keyboard; aria-sort says which.
    const personHeader = page.locator("table.flagged thead th").first();
    await personHeader.getByRole("button").click();
    await expect(personHeader.getAttribute("aria-sort")).resolves.toBe("ascending");
    const ascending = (await rowPersons(page)).map(Number);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await personHeader.getByRole("button").focus();
    await page.keyboard.press("Enter");
    await expect(personHeader.getAttribute("aria-sort")).resolves.toBe("descending");
    const descending = (await rowPersons(page)).map(Number);
    expect(descending).toEqual([...ascending].reverse());
    expect(await page.locator("table.flagged thead th[aria-sort]").count()).toBe(1);

    // Filter by the disorder of the first finding.
    const total = await page.locator("table.flagged tbody tr").count();
    const disorder = await page
      .locator("#filter-item optgroup[label=Disorders] option")
      .first()
      .getAttribute("value");
    const name = words.disorder(disorder as Parameters<typeof words.disorder>[0]);
    await page.locator("#filter-item").selectOption(disorder as string);
    await expect(page.locator(".filter-status").textContent()).resolves.toMatch(
      new RegExp(`^\\d+ of ${total} items`),
    );
    const findings = await page.locator("table.flagged tbody td:nth-child(2)").allTextContents();
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.length).toBeLessThan(total);
    expect(new Set(findings)).toEqual(new Set([name]));
    expect(page.url()).toContain(`item=${disorder}`);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: join(SHOTS, "cohort-filtered.png") });

    // A click opens the person in the patient view, with the listed finding.
    const link = page.locator("table.flagged tbody th[scope=row] a").first();
    const person = (await link.textContent())?.replace("Person ", "") as string;
    await link.click();
    await page.locator("h1#patient-title").waitFor();
    expect(new URL(page.url()).pathname).toBe(`/cohort/patients/${person}`);
    await expect(page.locator("h1#patient-title").textContent()).resolves.toBe(`Patient ${person}`);
    await expect(page.locator(".patient-header .meta").textContent()).resolves.toMatch(
      new RegExp(`evaluated at ${LAST.replace("T", " ").replace("Z", " UTC")} .* assessed by the server`),
    );
    const headings = await page.locator("article.finding h3").allTextContents();
    expect(headings.some((h) => h.includes(name))).toBe(true);
    await expectNoAxeViolations(page);
    await page.screenshot({ path: join(SHOTS, "cohort-patient.png") });

    // Back, by the page's link: the list as it was (filter and sort in the query string).
    await page.getByRole("link", { name: "Back to the cohort" }).click();
    await page.locator("table.flagged").waitFor();
    await expect(page.locator("#filter-item").inputValue()).resolves.toBe(disorder);
    await expect(personHeader.getAttribute("aria-sort")).resolves.toBe("descending");
    // And by the browser's back button, to the patient and again to the list.
    await page.goBack();
    await page.locator("h1#patient-title").waitFor();
    await page.goBack();
    await expect(page.locator("#filter-item").inputValue()).resolves.toBe(disorder);
    await page.context().close();
  });

  it("words a thrombosis's certainty as its link to the drug, as the patient view does; other findings keep the plain certainty", async () => {
    const page = await newPage(browser);
    await page.goto(`${app.url}/cohort?item=thrombosis`);
    await page.locator("table.flagged").waitFor();
    const rows = page.locator("table.flagged tbody tr");
    expect(await rows.count()).toBeGreaterThan(0);
    const cells = await rows.locator("td:nth-child(3)").allTextContents();
    for (const cell of cells) expect(cell).toMatch(/^Charted; link to .+: (definite|probable|possible)$/);
    // The row's drug is the one named in its certainty, and the patient view's badge says the same.
    const drug = await rows.first().locator("td:nth-child(5)").textContent();
    expect(cells[0]).toContain(`link to ${drug?.replace(/ \(.*\)$/, "")}:`);
    // The table's head and first rows: the column as a reviewer reads it.
    const box = await page.locator("table.flagged").boundingBox();
    if (box)
      await page.screenshot({
        path: join(SHOTS, "cohort-thrombosis-certainty.png"),
        fullPage: true,
        clip: { x: box.x, y: box.y, width: box.width, height: Math.min(box.height, 360) },
      });
    const first = cells[0] as string;
    await rows.first().locator("th[scope=row] a").click();
    await page.locator("h1#patient-title").waitFor();
    const badges = await page.locator("article.finding .badge[class*=certainty-]").allTextContents();
    expect(badges).toContain(first);
    // A disorder whose certainty is of the diagnosis keeps the bare word.
    await page.goto(`${app.url}/cohort`);
    await page.locator("table.flagged").waitFor();
    const other = await page
      .locator("#filter-item optgroup[label=Disorders] option")
      .evaluateAll((os) => os.map((o) => o.getAttribute("value")).filter((v) => v !== "thrombosis"));
    expect(other.length).toBeGreaterThan(0);
    await page.locator("#filter-item").selectOption(other[0] as string);
    const plain = await page.locator("table.flagged tbody td:nth-child(3)").allTextContents();
    expect(plain.length).toBeGreaterThan(0);
    for (const cell of plain) expect(cell).toMatch(/^(definite|probable|possible)$/);
    await expectNoAxeViolations(page);
    await page.context().close();
  });

  it("marks each listed item of a patient who died with the day of death, and the patient view opens with the death", async () => {
    const flagged = (await (await fetch(`${app.url}/api/cohort/flagged`)).json()) as {
      items: { personId: string; deceased?: string }[];
    };
    const died = new Map(
      flagged.items.flatMap((i) => (i.deceased === undefined ? [] : [[i.personId, i.deceased]])),
    );
    // The generated cohort has deaths among the flagged patients: the test has something to look at.
    expect(died.size).toBeGreaterThan(0);
    const page = await newPage(browser);
    await page.goto(`${app.url}/cohort`);
    await page.locator("table.flagged").waitFor();
    const more = page.getByRole("button", { name: /^Show all/ });
    if ((await more.count()) > 0) await more.click();
    const rows = await page
      .locator("table.flagged tbody th[scope=row]")
      .evaluateAll((ths) =>
        ths.map((th): [string, string] => [
          th.querySelector("a")?.textContent ?? "",
          th.querySelector(".deceased-mark")?.textContent ?? "",
        ]),
      );
    expect(rows.length).toBe(flagged.items.length);
    for (const [link, mark] of rows) {
      const person = link.replace("Person ", "");
      expect(mark).toBe(died.has(person) ? ` · deceased ${died.get(person)}` : "");
    }
    const [person, day] = [...died][0] as [string, string];
    await page
      .locator("table.flagged tbody th[scope=row]", { hasText: `Person ${person} ` })
      .first()
      .locator("a")
      .click();
    await page.locator("h1#patient-title").waitFor();
    await expect(page.locator(".deceased-banner .deceased-line").textContent()).resolves.toContain(
      `recorded as deceased on ${day}`,
    );
    await expectNoAxeViolations(page);
    await page.screenshot({ path: join(SHOTS, "cohort-patient-deceased.png") });
    await page.context().close();
  });

  it("says how to give the server a cohort database when it has none", async () => {
    const page = await newPage(browser);
    await page.goto(`${empty.url}/cohort`);
    const alert = page.locator('[role="alert"]');
    await alert.waitFor();
    await expect(alert.textContent()).resolves.toContain(
      "start it with `hemosentinel serve --cohort-db FILE`",
    );
    await expectNoAxeViolations(page);
    await page.screenshot({ path: join(SHOTS, "cohort-none.png") });
    await page.context().close();
  });
});
