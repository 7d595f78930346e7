import { describe, expect, it } from "vitest";
import {
  P1,
  P2,
  SAMPLE_CONTEXT,
  SAMPLE_REFERENCES,
  SAMPLE_REPORT,
} from "../../test/support/sample-report.js";
import { renderHtml } from "./html.js";

const page = renderHtml(SAMPLE_REPORT, SAMPLE_CONTEXT);

/** Text of the h2/h3 headings in document order. */
function headings(doc: string): string[] {
  return [...doc.matchAll(/<h([23])[^>]*>(.*?)<\/h\1>/g)].map((m) => `h${m[1]} ${m[2]}`);
}

describe("renderHtml", () => {
  it("escapes text from the input: a <script> patient id stays text", () => {
    expect(page).not.toContain("<script");
    expect(page).toContain("Patient &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  });

  it("is self-contained: inline style, no script, no external stylesheet, image or font", () => {
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain("<style>");
    expect(page).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(page).not.toMatch(/\bsrc=|@import|url\(/i);
  });

  it("orders each patient's sections: summary, exposures, evidence, plan, sources, data quality", () => {
    const one = renderHtml({ ...SAMPLE_REPORT, patients: [P1], inputErrors: [] }, SAMPLE_CONTEXT);
    expect(headings(one)).toEqual([
      "h2 Patient p1",
      "h3 Summary",
      "h3 Exposures",
      "h3 Evidence",
      "h3 Plan",
      "h3 Sources",
      "h3 Data quality",
    ]);
  });

  it("gives each patient an anchored section and a table of contents only when there are several", () => {
    expect(page).toContain('<section class="patient" id="patient-1"');
    expect(page).toContain('<section class="patient" id="patient-2"');
    expect(page).toContain('<a href="#patient-2">&lt;script&gt;');
    expect(page).toMatch(/<nav class="toc"[^>]*><h2>Patients<\/h2>/);
    const one = renderHtml({ ...SAMPLE_REPORT, patients: [P1] }, SAMPLE_CONTEXT);
    expect(one).not.toContain('<nav class="toc"');
  });

  it("summarises the primary finding first, with onset", () => {
    const summary = page.slice(page.indexOf('<section class="summary'), page.indexOf('class="exposures"'));
    expect(summary).toContain("Immune thrombocytopenia (ITP) — probable, grade 4");
    expect(summary).toContain("Onset: 2024-02-12, pembrolizumab, day 42 after the first dose");
    expect(summary).toContain("Also: DIC — possible");
  });

  it("shows the header: versions, evaluation time, disclaimer", () => {
    expect(page).toContain(
      "engine 0.1.0 · knowledge 2026.11.0 · evaluated at <time>2024-03-01T00:00:00Z</time>",
    );
    expect(page).toContain("Decision support — not a diagnosis");
  });

  it("states the settings in force in the header", () => {
    const header = page.slice(page.indexOf("<header"), page.indexOf("</header>"));
    expect(header).toContain('<p class="meta">settings: site/hemosentinel.yaml</p>');
    expect(header).toContain(
      "<li>ISTH fibrin marker: &gt; 1 × ULN moderate, &gt; 10 × ULN strong increase (Haemostasis committee 2026)</li>",
    );
    expect(header).toContain("d-dimer-feu LOINC 48065-7: &gt; 0.5 ug/mL moderate");
  });

  it("puts work-up before management and marks what to avoid", () => {
    const plan = page.slice(page.indexOf("<h3>Plan</h3>"), page.indexOf("<h3>Sources</h3>"));
    const at = ["Work-up", "Immunotherapy decision", "First-line treatment", "AVOID", "Monitoring"].map((h) =>
      plan.indexOf(`<h5>${h}</h5>`),
    );
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(plan).toContain('<div class="kind avoid"><h5>AVOID</h5>');
  });

  it("links cited ids to the patient's sources list, which links DOIs and PubMed", () => {
    expect(page).toContain('<a href="#patient-1-src-asco-irae">asco-irae</a>');
    expect(page).toContain('<li id="patient-1-src-asco-irae">');
    expect(page).toContain('href="https://doi.org/10.1200/JCO.21.01440"');
    expect(page).toContain('href="https://pubmed.ncbi.nlm.nih.gov/11816725/"');
  });

  it("does not turn a registry URL with another scheme into a link", () => {
    const evil = new Map(SAMPLE_REFERENCES);
    evil.set("asco-irae", {
      id: "asco-irae",
      citation: "A citation long enough.",
      url: "javascript:alert(1)",
      kind: "paper",
    });
    const doc = renderHtml({ ...SAMPLE_REPORT, patients: [P1] }, { reference: (id) => evil.get(id) });
    expect(doc).not.toContain('href="javascript:');
  });

  it("groups rejected records by reason with counts, and lists input problems", () => {
    const doc = renderHtml({ ...SAMPLE_REPORT, patients: [P2] }, SAMPLE_CONTEXT);
    expect(doc).toContain("Rejected records: 5");
    expect(doc).toMatch(/<td class="code">unit-not-convertible<\/td><td class="num">4<\/td>/);
    expect(doc).toContain('<section class="input-problems" id="input-problems"><h2>Input problems</h2>');
    expect(doc).toContain("malformed JSON at line 3, column 7");
  });
});
