/**
 * The renderers over real reports: every case bundle of the clinical case suite and the constructed
 * examples, assessed by the real engine with the real knowledge base and rendered as text and HTML. No
 * rendered word may be a raw UCUM unit or a knowledge id where the knowledge base has a name; a patient
 * whose every record was rejected is said to be so.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { NEW_HAEMOLYSIS_CSV } from "../../../../test/support/csv-patients.js";
import { testKnowledge } from "../../../../test/support/knowledge.js";
import { loadLabCatalogue } from "../../../knowledge/src/sources.js";
import type { AssessmentReport } from "../contracts/report.js";
import { DISORDER_IDS, EVENT_KINDS } from "../contracts/vocabularies.js";
import { createEngine } from "../create-engine.js";
import { renderContextOf } from "./context.js";
import { renderHtml } from "./html.js";
import { renderText } from "./text.js";
import { NO_FINDING } from "./view.js";
import { wordingOf } from "./wording.js";

const ROOT = join(import.meta.dirname, "..", "..", "..", "..");
const AT = "2026-11-01T23:59:59Z";
const k = testKnowledge();
const ctx = renderContextOf(k);

/** One report over the files, through the engine the CLI drives. */
function assessDocuments(
  documents: readonly { readonly value: unknown; readonly source: string }[],
): AssessmentReport {
  const engine = createEngine(k, { evaluatedAt: AT, version: "0.0.0-test" });
  for (const d of documents) engine.add({ kind: "fhir", value: d.value }, d.source);
  return engine.report();
}

function assessFiles(files: readonly string[]): AssessmentReport {
  return assessDocuments(files.map((f) => ({ value: JSON.parse(readFileSync(f, "utf8")), source: f })));
}

const bundles = join(ROOT, "test", "cases", "bundles");
const examples = join(ROOT, "examples");
const report = assessFiles([
  ...readdirSync(bundles)
    .filter((f) => f.endsWith(".json"))
    .map((f) => join(bundles, f)),
  ...readdirSync(examples)
    .filter((f) => f.startsWith("demo-") && f.endsWith(".json"))
    .map((f) => join(examples, f)),
]);
const text = renderText(report, { ...ctx, color: false });
const page = renderHtml(report, ctx);

/** What a reader of the HTML sees, without the style sheet, the markup and the sources' citations. */
function visibleText(doc: string): string {
  return doc
    .replace(/<style>[\s\S]*?<\/style>/g, "")
    .replace(/<section class="sources"[\s\S]*?<\/section>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

/** The text report without the sources' citations (titles of papers may name anything). */
function textWithoutCitations(t: string): string {
  return t
    .split("\n")
    .filter((line) => !/^ {2}\[[^\]]+\] /.test(line))
    .join("\n");
}

/**
 * Ids with a name: disorders (but `thrombosis`, a word), scores, hyphenated CTCAE terms, labs, score
 * components and their sub-criteria, event kinds, context roles, score categories, plus the lower-case
 * abbreviations the engine uses as ids.
 */
function namedIds(): Set<string> {
  const ids = new Set<string>();
  const add = (id: string) => {
    if (id.includes("-") || /\d/.test(id)) ids.add(id);
  };
  for (const d of DISORDER_IDS) if (d !== "thrombosis") ids.add(d);
  for (const [id, s] of k.scores) {
    ids.add(id);
    for (const c of "components" in s ? s.components : []) {
      add(c.id);
      if (c.kind === "any-of") for (const sub of c.criteria) add(sub.id);
    }
    for (const cat of "categories" in s ? s.categories : []) add(cat.key);
  }
  for (const t of k.ctcae.terms) add(t.term);
  for (const l of loadLabCatalogue().labs) add(l.id);
  for (const e of EVENT_KINDS) add(e);
  for (const id of [
    "pt",
    "inr",
    "aptt",
    "ldh",
    "mcv",
    "anc",
    "wbc",
    "crp",
    "fdp",
    "sirs",
    "hit",
    "hlh",
    "ici",
  ])
    ids.add(id);
  for (const id of ["car-t", "tma-inducing", "tpo-receptor-agonist", "major-bleeding"]) ids.add(id);
  return ids;
}

const TOKEN = /(?<![\w\-/.#:])[a-z0-9]+(?:-[a-z0-9]+)*(?![\w\-/])/g;

/** Each bare id with an example of where it was printed. */
function bareIds(t: string, ids: ReadonlySet<string>): string[] {
  const found = new Map<string, string>();
  for (const line of t.split("\n"))
    for (const m of line.matchAll(TOKEN))
      if (ids.has(m[0]) && !found.has(m[0])) found.set(m[0], line.trim().slice(0, 200));
  return [...found].map(([id, line]) => `${id}: ${line}`);
}

const RAW_UCUM = /10\*\d|\[beth'U\]|\{INR\}|\{ratio\}|x ?10\^\d/;

describe("reports of the case suite and the examples", () => {
  it("cover findings, unexplained abnormalities, charted criteria, arms and competing explanations", () => {
    const findings = report.patients.flatMap((p) => p.findings);
    expect(report.patients.length).toBeGreaterThan(70);
    expect(report.patients.some((p) => p.unexplained.length > 0)).toBe(true);
    expect(findings.some((f) => f.criteria.some((c) => c.charted))).toBe(true);
    expect(findings.some((f) => (f.arms ?? []).length > 0)).toBe(true);
    expect(findings.some((f) => f.differentials.some((d) => d.status === "met"))).toBe(true);
    expect(text).toContain("UNEXPLAINED (1)");
    expect(text).toContain("[charted]");
    expect(text).toContain("Grades of the arms");
    expect(text).toContain("present: lowered certainty one level");
  });

  it.each([
    ["text", () => textWithoutCitations(text)],
    ["HTML", () => visibleText(page)],
  ])("print no raw UCUM unit in the %s report", (_, shown) => {
    const lines = shown()
      .split("\n")
      .filter((l) => RAW_UCUM.test(l));
    expect(lines).toEqual([]);
  });

  it.each([
    ["text", () => textWithoutCitations(text)],
    ["HTML", () => visibleText(page)],
  ])("print no knowledge id where a name exists in the %s report", (_, shown) => {
    expect(bareIds(shown(), namedIds())).toEqual([]);
  });

  it("keep the codes in the JSON", () => {
    const json = JSON.stringify(report);
    expect(json.includes('"unit":"10*9/L"')).toBe(true);
    expect(json.includes('"term":"platelet-count-decreased"')).toBe(true);
    expect(/"management":\[\{"id":"[a-z0-9-]+"/.test(json)).toBe(true);
  });
});

describe("a bundle whose every record is rejected", () => {
  const future = (i: number) => ({
    resource: {
      resourceType: "Observation",
      id: `plt-${i}`,
      status: "final",
      code: { coding: [{ system: "http://loinc.org", code: "777-3" }] },
      subject: { reference: "Patient/all-rejected" },
      effectiveDateTime: `2030-01-0${i}T08:00:00Z`,
      valueQuantity: { value: 20, unit: "10*9/L", system: "http://unitsofmeasure.org", code: "10*9/L" },
    },
  });
  const bundle = {
    resourceType: "Bundle",
    type: "collection",
    entry: [{ resource: { resourceType: "Patient", id: "all-rejected" } }, ...[1, 2, 3, 4, 5].map(future)],
  };
  const rejected = assessDocuments([{ value: bundle, source: "all-rejected.json" }]);

  it("is not said to have no disorder: nothing could be assessed, and why", () => {
    const t = renderText(rejected, { ...ctx, color: false });
    expect(t).toContain("Nothing could be assessed: all 5 records were rejected — see data quality.");
    expect(t).not.toContain(NO_FINDING);
    const h = renderHtml(rejected, ctx);
    expect(h).toContain("Nothing could be assessed: all 5 records were rejected — see data quality.");
    expect(h).not.toContain(NO_FINDING);
  });
});

describe("score components named from the knowledge base", () => {
  it("names each EASIX component with the unit it is computed in (its components are the values themselves)", () => {
    const w = wordingOf(ctx);
    expect(w.component("easix", "ldh")).toBe("Lactate dehydrogenase (U/L)");
    expect(w.component("easix", "creatinine")).toBe("Creatinine (mg/dL)");
    expect(w.component("easix", "platelets")).toBe("Platelet count (×10⁹/L)");
    // A points score keeps its component's own label.
    expect(w.component("isth-overt-dic", "fibrin-marker")).toBe("Fibrin-related marker (D-dimer or FDP)");
  });

  it("names a drug whose id is not its name by its INN, in headings and in the engine's sentences", () => {
    const w = wordingOf(ctx);
    expect(w.drug("axicabtagene-ciloleucel")).toBe("axicabtagene ciloleucel");
    expect(w.drug("brentuximab-vedotin")).toBe("brentuximab vedotin");
    expect(w.drug("pembrolizumab")).toBe("pembrolizumab");
    expect(w.drug("car-t-unspecified")).toBe("CAR-T cell therapy (product not named)");
    expect(w.prose("onset day 10 after axicabtagene-ciloleucel; no tranexamic-acid")).toBe(
      "onset day 10 after axicabtagene ciloleucel; no tranexamic acid",
    );
  });
});

describe("the sources of what an unexplained item shows", () => {
  const engine = createEngine(k, { evaluatedAt: "2026-04-21T23:59:59Z", version: "0.0.0-test" });
  engine.add({ kind: "csv", text: NEW_HAEMOLYSIS_CSV }, "new-haemolysis.csv");
  const report = engine.report();

  it("close the sentence naming the immune AIHA in text and HTML, and the last disorder not attributed carries none", () => {
    const item = report.patients[0]?.unexplained[0];
    expect(item?.shows?.id).toBe("ici-aiha");
    expect(ctx.showsSourceIds?.("ici-aiha")).toEqual(["asco-2021-irae-hematologic", "leaf-2019-ici-aiha"]);
    const text = renderText(report, { ...ctx, color: false });
    const why = text.split("\n").find((l) => l.includes("Why no disorder was attributed:"));
    expect(why).toMatch(/\. \(asco-2021-irae-hematologic, leaf-2019-ici-aiha\)$/);
    expect(text).toMatch(
      /- Acquired hemophilia A \(AHA\): its defining abnormality was not found after the first dose\.\n {4}Work-up/,
    );
    const html = renderHtml(report, ctx);
    expect(html).toMatch(/leaf-2019-ici-aiha<\/a>\)<\/span><\/p><p>Not attributed:<\/p>/);
    expect(html).toMatch(/its defining abnormality was not found after the first dose\.<\/li><\/ul>/);
  });
});
