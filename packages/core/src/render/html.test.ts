import { describe, expect, it } from "vitest";
import {
  P_PROCEDURE,
  P1,
  P1_CHARTED_CLOT,
  P1_HELD,
  P1_UNGRADED_INR,
  P2,
  P3,
  SAMPLE_CONTEXT,
  SAMPLE_REFERENCES,
  SAMPLE_REPORT,
  SAMPLE_REPORT_WITHOUT_SETTINGS,
  SAMPLE_SETTINGS,
} from "../../../../test/support/sample-report.js";
import type { AssessmentReport, UnexplainedItem } from "../contracts/report.js";
import { sharePlanLines } from "../engine/manage/shared-lines.js";
import { renderHtml } from "./html.js";
import { NO_FINDING } from "./view.js";

const page = renderHtml(SAMPLE_REPORT, SAMPLE_CONTEXT);
const only = (...patients: AssessmentReport["patients"]) =>
  renderHtml({ ...SAMPLE_REPORT, patients, inputErrors: [] }, SAMPLE_CONTEXT);

/** Text of the h2/h3 headings in document order. */
function headings(doc: string): string[] {
  return [...doc.matchAll(/<h([23])[^>]*>(.*?)<\/h\1>/g)].map((m) => `h${m[1]} ${m[2]}`);
}

/** The markup of one patient section's sub-section, by class. */
function part(doc: string, cls: string): string {
  const start = doc.indexOf(`<section class="${cls}`);
  expect(start, `missing section ${cls}`).toBeGreaterThanOrEqual(0);
  return doc.slice(start, doc.indexOf("</section>", start));
}

describe("renderHtml", () => {
  it("shows the procedure plan of a patient with no finding in its own section, cited, after the unexplained", () => {
    const doc = only(P_PROCEDURE);
    const titles = headings(doc);
    expect(titles.indexOf("h3 Before a planned procedure")).toBe(titles.indexOf("h3 Unexplained (0)") + 1);
    const section = part(doc, "procedures");
    expect(section).toContain("wait at least 72 hours from the last dose");
    expect(section).toContain("asra-2018");
    expect(part(doc, "sources")).toContain("Horlocker TT");
    expect(part(doc, "summary")).toContain(
      '<a href="#patient-1-procedures">A procedure is planned: advice before it</a>',
    );
    expect(only(P1)).not.toContain('class="procedures"');
    expect(only(P2)).not.toContain("A procedure is planned");
  });

  it("names each planned procedure with its day; a near one with its problem is urgent in the summary", () => {
    expect(part(only(P_PROCEDURE), "procedures")).toContain(
      '<li class="upcoming">Spinal anaesthesia planned on 17 Mar 2026 (in 5 days)',
    );
    expect(part(only(P_PROCEDURE), "summary")).not.toContain("Urgent:");
    const near = (P_PROCEDURE.procedures?.planned ?? []).map((x) => ({
      ...x,
      on: "2026-03-13",
      inDays: 1,
      when: "imminent" as const,
    }));
    const plan = { management: P_PROCEDURE.procedures?.management ?? [], planned: near };
    expect(part(only({ ...P_PROCEDURE, procedures: plan }), "summary")).toContain(
      '<strong>Urgent:</strong> <a href="#patient-1-procedures">Before the spinal anaesthesia on 13 Mar 2026 (tomorrow): apixaban within the interval asked before it</a>',
    );
  });

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

  it("orders each patient's sections: summary, unexplained, exposures, evidence, plan, sources, data quality", () => {
    expect(headings(only(P1))).toEqual([
      "h2 Patient p1",
      "h3 Summary",
      "h3 Unexplained (1)",
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
    expect(page).toContain(
      '<span class="not-assessed">Nothing could be assessed: all 5 records were rejected — see data quality</span>',
    );
    expect(only(P1)).not.toContain('<nav class="toc"');
  });

  it("summarises the primary finding first, with onset, arms and a link to what is unexplained", () => {
    const summary = part(only(P1), "summary");
    expect(summary).toContain("Immune thrombocytopenia (ITP) — probable, grade 4");
    expect(summary).toContain("Onset: 2024-02-12, pembrolizumab, day 42 after the first dose");
    expect(summary).toContain("Also: DIC — possible");
    expect(summary).toContain(
      '<p class="alert"><a href="#patient-1-unexplained">1 serious abnormality not attributed to any disorder</a>',
    );
    expect(part(only(P3), "summary")).toContain(
      "<p>Arms: Autoimmune hemolytic anemia grade 3 · Immune thrombocytopenia grade 4</p>",
    );
  });

  it("says that nothing could be assessed when every record was rejected, not that nothing was found", () => {
    const doc = only(P2);
    expect(part(doc, "summary")).toContain('<section class="summary not-assessed"');
    expect(doc).toContain(
      '<p class="primary">Nothing could be assessed: all 5 records were rejected — see data quality.</p>',
    );
    expect(doc).not.toContain(NO_FINDING);
  });

  it("shows the unexplained abnormalities as prominently as findings: what, grade, when, why, work-up", () => {
    const u = part(only(P1), "unexplained");
    expect(u).toMatch(/^<section class="unexplained flagged" id="patient-1-unexplained"/);
    expect(u).toContain("<h4>Neutrophil count decreased, grade 4</h4>");
    expect(u).toContain('<dt>What</dt><dd>0.4 ×10⁹/L <span class="refs">Observation/anc-50</span></dd>');
    expect(u).toContain("<dt>When</dt><dd>2024-02-20</dd>");
    expect(u).toContain(
      '<dt>Why no disorder was attributed</dt><dd><p>Neutrophils &lt; 1.0 ×10⁹/L: 0.4 ×10⁹/L on 2024-02-20 (day 50), grade 4. Before the first dose: grade 0.</p><p>Not attributed:</p><ul class="reasons"><li>no hemostatic disorder HemoSentinel detects accounts for it</li><li>Thrombotic thrombocytopenic purpura (TTP): its defining abnormality was not found after the first dose.</li></ul></dd>',
    );
    expect(u).toContain("<h5>Work-up</h5><ul><li><strong>Bone marrow aspirate and biopsy</strong>");
    expect(part(only(P3), "unexplained")).toContain(
      "<p>None: every serious abnormality that began after the first dose lies within a finding.</p>",
    );
    // No finding: nothing is said to lie within one.
    expect(part(only(P_PROCEDURE), "unexplained")).toContain(
      "<p>None: no serious abnormality began after the first dose.</p>",
    );
    expect(part(only(P_PROCEDURE), "unexplained")).not.toContain("within a finding");
  });

  it("marks criteria met on a charted diagnosis and explains the mark", () => {
    const doc = only(P1);
    expect(doc).toContain('<span class="status charted">charted</span>');
    expect(doc).toContain('<p class="note">charted = met only by a diagnosis the care team charted');
  });

  it("says a competing explanation was weighed and held, not lowered, where a certainty floor held it", () => {
    const doc = only(P1_HELD);
    expect(doc).toMatch(
      /<tr class="met effect-lower">.*?Sepsis at onset.*?<td class="bearing">present: weighed, certainty held at definite by the decisive rule ADAMTS13 activity &lt; 10 %<\/td>/,
    );
    expect(doc).not.toContain("present: lowered certainty one level");
  });

  it("heads a charted thrombosis by its link to the drug, not as a doubtful event", () => {
    const doc = only(P1_CHARTED_CLOT);
    expect(doc).toMatch(
      /<h4 id="[^"]*-evidence-thrombosis">[^<]* — charted, grade 3; link to pembrolizumab possible<\/h4>/,
    );
    expect(doc).toMatch(/<p class="primary">[^<]* — charted, grade 3; link to pembrolizumab possible<\/p>/);
  });

  it("links the note an unexplained item's reason carries (ICAHT after CAR-T) to the Sources", () => {
    const [u] = P1.unexplained as [UnexplainedItem];
    const doc = only({ ...P1, unexplained: [{ ...u, whySourceIds: ["ctcae-v5"] }] });
    expect(part(doc, "unexplained")).toMatch(
      /<li>Thrombotic thrombocytopenic purpura \(TTP\): its defining abnormality was not found after the first dose\. <span class="cite">\(<a href="#[^"]*-src-ctcae-v5">ctcae-v5<\/a>\)<\/span><\/li>/,
    );
    expect(doc).toMatch(/id="[^"]*-src-ctcae-v5"/);
  });

  it("cites what an unexplained item shows (an immune AIHA: ASCO 2021, Leaf 2019) at the end of the paragraph that names it, not after the last disorder not attributed; a note's source still closes the reasons", () => {
    const [u] = P1.unexplained as [UnexplainedItem];
    const item: UnexplainedItem = {
      ...u,
      shows: { id: "ici-aiha", name: "autoimmune haemolytic anaemia, immune-related (checkpoint inhibitor)" },
      whySourceIds: ["asco-2021-irae-hematologic", "leaf-2019-ici-aiha", "ctcae-v5"],
    };
    const doc = renderHtml(
      { ...SAMPLE_REPORT, patients: [{ ...P1, unexplained: [item] }], inputErrors: [] },
      {
        ...SAMPLE_CONTEXT,
        showsSourceIds: (id) =>
          id === "ici-aiha" ? ["asco-2021-irae-hematologic", "leaf-2019-ici-aiha"] : undefined,
      },
    );
    const why = part(doc, "unexplained");
    expect(why).toMatch(
      /Before the first dose: grade 0\. <span class="cite">\(<a href="#[^"]*-src-asco-2021-irae-hematologic">asco-2021-irae-hematologic<\/a>, <a href="#[^"]*-src-leaf-2019-ici-aiha">leaf-2019-ici-aiha<\/a>\)<\/span><\/p><p>Not attributed:<\/p>/,
    );
    expect(why).toMatch(
      /<li>Thrombotic thrombocytopenic purpura \(TTP\): its defining abnormality was not found after the first dose\. <span class="cite">\(<a href="#[^"]*-src-ctcae-v5">ctcae-v5<\/a>\)<\/span><\/li><\/ul>/,
    );
    expect(why.match(/leaf-2019-ici-aiha<\/a>/g)).toHaveLength(1);
  });

  it("shows competing explanations with what they did to the finding", () => {
    const doc = only(P1);
    expect(doc).toContain(
      '<th scope="col">Competing explanation</th><th scope="col">Bearing on this finding</th>',
    );
    expect(doc).toMatch(
      /<tr class="met effect-lower">.*?Sepsis at onset.*?<td class="bearing">present: lowered certainty one level<\/td>/,
    );
    expect(doc).toMatch(
      /<tr class="missing effect-exclude">.*?<td class="bearing">not assessable \(would exclude this finding\)<\/td>/,
    );
  });

  it("grades each arm of Evans syndrome in its own table", () => {
    expect(only(P3)).toContain(
      '<h5>Grades of the arms</h5><table class="arms"><thead><tr><th scope="col">Arm</th><th scope="col">Grade</th><th scope="col">Basis</th></tr></thead><tbody><tr><td>Autoimmune hemolytic anemia</td><td class="num">3</td>',
    );
  });

  it("lists a result not graded because a drug moves it below the grades table, flagged, with why", () => {
    const doc = only(P1_UNGRADED_INR);
    const grades = doc.slice(doc.indexOf('-grades">CTCAE v5.0 grades'), doc.indexOf('-scores">Scores'));
    expect(grades).toMatch(
      /<ul class="warn"><li>INR increased: 2\.8 on 2024-02-20 not gradable: on anticoagulation without a baseline \(grade 3 by &gt; 2\.5 without the drug\)/,
    );
    expect(only(P1)).not.toContain("not gradable");
  });

  it("names terms, scores and components and writes display units", () => {
    const doc = page;
    expect(doc).toContain("<td>Platelet count decreased</td>");
    expect(doc).toContain("<td>ISTH overt DIC score</td>");
    expect(doc).toContain("<li>Platelet count: <strong>2</strong></li>");
    expect(doc).toContain("Fibrinogen; Fibrin-related marker (D-dimer or FDP)");
    expect(doc).toContain("12 BU/mL");
  });

  it("shows the header: versions, evaluation time as given, disclaimer; settings only when the report has them", () => {
    expect(page).toContain(
      'engine 0.1.0 · knowledge 2026.11.0 (0123456789abcdef) · evaluated at <time datetime="2024-03-01T00:00:00Z">2024-03-01T00:00:00Z</time>',
    );
    expect(page).toContain("Decision support — not a diagnosis");
    expect(renderHtml(SAMPLE_REPORT_WITHOUT_SETTINGS, SAMPLE_CONTEXT)).not.toContain("settings:");
    const withSettings = renderHtml(
      { ...SAMPLE_REPORT, settings: SAMPLE_SETTINGS } as AssessmentReport,
      SAMPLE_CONTEXT,
    );
    const header = withSettings.slice(withSettings.indexOf("<header"), withSettings.indexOf("</header>"));
    expect(header).toContain('<p class="meta settings-source">settings: site/hemosentinel.yaml</p>');
    expect(header).toContain(
      "<li>ISTH fibrin marker: &gt; 1 × ULN moderate, &gt; 10 × ULN strong increase (Haemostasis committee 2026)</li>",
    );
  });

  it("states the settings in force in the header", () => {
    const header = page.slice(page.indexOf("<header"), page.indexOf("</header>"));
    expect(header).toContain('<p class="meta settings-source">settings: site/hemosentinel.yaml</p>');
    expect(header).toContain(
      "<li>ISTH fibrin marker: &gt; 1 × ULN moderate, &gt; 10 × ULN strong increase (Haemostasis committee 2026)</li>",
    );
    expect(header).toContain("D-dimer (fibrinogen-equivalent units) LOINC 48065-7: &gt; 0.5 µg/mL moderate");
  });

  it("puts work-up before management and marks what to avoid", () => {
    const plan = page.slice(page.indexOf(">Plan</h3>"), page.indexOf(">Sources</h3>"));
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

  it("accounts for every record: the tally, records not used by code system, ignored types, conflicts by kind", () => {
    const q = part(only(P1), "quality");
    expect(q).toContain(
      '<p class="tally">Records read: 77 = 25 used + 1 merged (duplicates) + 0 rejected + 9 not used (codes outside scope) + 42 ignored (resource types outside scope)</p>',
    );
    expect(q).toContain('<tr><td>Condition</td><td class="num">5</td><td>SNOMED CT 4, ICD-10-CM 1</td></tr>');
    expect(q).toContain("Ignored resource types: Encounter 30, Claim 12");
    expect(q).toContain("<h4>Conflicts: 2, left out of grades, scores and detection</h4>");
    expect(q).toContain("<h5>Two different results of one test at the same instant</h5>");
    const off = renderHtml(
      { ...SAMPLE_REPORT, patients: [{ ...P1, counts: { ...P1.counts, read: 70 } }] },
      SAMPLE_CONTEXT,
    );
    expect(off).toContain('<p class="tally warn">');
  });

  it("names a Patient the input lacks under the patient's name and in data quality, and leaves no blank line where there is none", () => {
    const absentPatient = {
      ref: "Patient/p9",
      detail:
        "Patient/p9, which the records name as their subject, is not in the input: they are assessed as that one patient's, with no birth date, sex or death read (demographics not read), so what needs age or sex says it is missing",
    };
    const doc = only({ ...P1, absentPatient });
    expect(doc).toMatch(
      /<h2 id="[^"]*-title">Patient [^<]*<\/h2>\n<p class="warn">Patient\/p9 is not in the input: birth date, sex and death were not read/,
    );
    expect(part(doc, "quality")).toMatch(
      /ignored \(resource types outside scope\)<\/p>\n<p class="warn">Patient not in the input: Patient\/p9, which the records name as their subject, is not in the input: [^<]*<\/p>\n<p>Rejected: none\.<\/p>/,
    );
    const q = part(only(P1), "quality");
    expect(q).not.toContain("Patient not in the input");
    expect(q).toMatch(/ignored \(resource types outside scope\)<\/p>\n<p>Rejected: none\.<\/p>/);
  });

  it("lists rejected records by reason with counts and each record's reason, and the input problems", () => {
    const doc = renderHtml({ ...SAMPLE_REPORT, patients: [P2] }, SAMPLE_CONTEXT);
    expect(doc).toContain("Rejected records: 5");
    expect(doc).toMatch(/<td>Unit cannot be converted<\/td><td class="num">4<\/td>/);
    expect(doc).toContain(
      '<li><span class="refs">Observation/u4</span>: INR unit &#39;z&#39; cannot be converted</li>',
    );
    expect(doc).not.toContain("unit-not-convertible");
    expect(doc).toContain('<section class="input-problems" id="input-problems"');
    expect(doc).toContain("malformed JSON at line 3, column 7");
    expect(doc).not.toContain("malformed-json");
  });
});

describe("a deceased patient", () => {
  it("puts the death under the patient's heading as an alert, and nothing for a living patient", () => {
    const p = SAMPLE_REPORT.patients[0] as AssessmentReport["patients"][number];
    const dead = only({ ...p, deceased: { at: "2025-02-10T14:00:00Z", ref: "Patient/p1#deceasedDateTime" } });
    expect(dead).toMatch(
      /<\/h2>\n<p class="alert" role="alert"><strong>DECEASED: recorded as deceased on 2025-02-10\. This evaluation is after death/,
    );
    expect(only(p)).not.toContain("DECEASED");
  });
});

describe("a death charted only in words", () => {
  it("puts the event under the patient's heading as an alert, and nothing without one", () => {
    const p = SAMPLE_REPORT.patients[0] as AssessmentReport["patients"][number];
    const worded = only({ ...p, deathInWords: { at: "2025-02-10T09:00:00Z", ref: "Condition/ich" } });
    expect(worded).toMatch(
      /<\/h2>\n<p class="alert" role="alert"><strong>DEATH CHARTED IN WORDS: Condition\/ich \(2025-02-10\) charts a death/,
    );
    expect(worded).not.toContain("DECEASED");
    expect(only(p)).not.toContain("DEATH CHARTED IN WORDS");
  });
});

describe("a line two plans of a patient carry, in HTML", () => {
  const [itp, dic] = P1.findings;
  if (itp === undefined || dic === undefined) throw new Error("sample");
  const hlh = {
    id: "itp-hlh-screen",
    kind: "supportive" as const,
    action: "Screen for HLH: ferritin, triglycerides, fibrinogen",
    sourceIds: ["asco-irae"],
  };
  const plans = (other: string) =>
    sharePlanLines(
      [
        { ...itp, management: [...itp.management, hlh] },
        { ...dic, management: [{ ...hlh, id: "dic-hlh-screen", action: other }] },
      ],
      [],
    ).findings;

  it("shows the line once, with the plans it is also for, and a pointer in the other plan", () => {
    const page = only({ ...P1, findings: plans(hlh.action) });
    expect(page.split("Screen for HLH").length - 1).toBe(1);
    expect(page).toContain('<p class="shared">Also for DIC (shown once, here).</p>');
    expect(page).toContain(
      '<p class="shared">1 line of this plan is shown under Immune thrombocytopenia (ITP).</p>',
    );
  });

  it("keeps a line in other words under each plan, with no pointer", () => {
    const page = only({ ...P1, findings: plans("Screen for HLH: ferritin") });
    expect(page.split("Screen for HLH").length - 1).toBe(2);
    expect(page).not.toContain('<p class="shared">');
  });
});
