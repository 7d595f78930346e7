import { describe, expect, it } from "vitest";
import {
  HOSTILE_ID,
  P_PROCEDURE,
  P1,
  P1_CHARTED_CLOT,
  P1_HELD,
  P1_UNGRADED_INR,
  P2,
  P3,
  SAMPLE_CONTEXT,
  SAMPLE_REPORT,
  SAMPLE_REPORT_WITHOUT_SETTINGS,
  SAMPLE_SETTINGS,
} from "../../../../test/support/sample-report.js";
import type { AssessmentReport, UnexplainedItem } from "../contracts/report.js";
import { sharePlanLines } from "../engine/manage/shared-lines.js";
import { renderText } from "./text.js";
import { NO_EXPOSURE, NO_FINDING } from "./view.js";

const plain = (report: AssessmentReport = SAMPLE_REPORT) =>
  renderText(report, { ...SAMPLE_CONTEXT, color: false });
const only = (...patients: AssessmentReport["patients"]) =>
  plain({ ...SAMPLE_REPORT, patients, inputErrors: [] });

function order(text: string, markers: string[]): number[] {
  return markers.map((m) => {
    const at = text.indexOf(m);
    expect(at, `missing "${m}"`).toBeGreaterThanOrEqual(0);
    return at;
  });
}

/** The lines of one section: from its heading to the next blank line. */
function section(text: string, heading: string): string {
  const start = text.indexOf(`\n${heading}`);
  expect(start, `missing section ${heading}`).toBeGreaterThanOrEqual(0);
  const end = text.indexOf("\n\n", start + 1);
  return text.slice(start + 1, end < 0 ? undefined : end);
}

describe("renderText", () => {
  it("starts with engine and knowledge versions, the evaluation time as given and the disclaimer", () => {
    const head = plain().split("\n").slice(0, 4).join("\n");
    expect(head).toContain("engine 0.1.0");
    expect(head).toContain("knowledge 2026.11.0 (0123456789abcdef)");
    expect(head).toContain("evaluated at 2024-03-01T00:00:00Z");
    expect(head).toContain("Decision support — not a diagnosis");
  });

  it("states the settings after the disclaimer when the report carries them, and nothing when not", () => {
    const text = plain({ ...SAMPLE_REPORT, settings: SAMPLE_SETTINGS } as AssessmentReport);
    expect(text.split("\n").slice(3, 6)).toEqual([
      "settings: site/hemosentinel.yaml",
      "  ISTH fibrin marker: > 1 × ULN moderate, > 10 × ULN strong increase (Haemostasis committee 2026)",
      "  ISTH fibrin marker, D-dimer (fibrinogen-equivalent units) LOINC 48065-7: > 0.5 µg/mL moderate, > 5 µg/mL strong increase (Lab SOP H-12)",
    ]);
    expect(plain(SAMPLE_REPORT_WITHOUT_SETTINGS)).not.toContain("settings:");
  });

  it("puts summary, unexplained, exposures, evidence, plan, sources and data quality in that order", () => {
    const text = only(P1);
    const at = order(text, [
      "SUMMARY",
      "UNEXPLAINED (1)",
      "EXPOSURES",
      "EVIDENCE",
      "PLAN",
      "SOURCES",
      "DATA QUALITY",
    ]);
    expect(at).toEqual([...at].sort((a, b) => a - b));
  });

  it("shows the procedure plan of a patient with no finding under its heading, cited, before the exposures", () => {
    const text = only(P_PROCEDURE);
    const at = order(text, ["UNEXPLAINED (0)", "\nBEFORE A PLANNED PROCEDURE\n", "EXPOSURES", "SOURCES"]);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    const lines = section(text, "BEFORE A PLANNED PROCEDURE");
    expect(lines).toContain(
      "wait at least 72 hours from the last dose. In this patient's record: apixaban. (asra-2018)",
    );
    expect(lines).toContain("Caveat: Read in secondary summaries.");
    expect(section(text, "SOURCES")).toContain("[asra-2018] Horlocker TT");
    expect(section(text, "SUMMARY")).toContain(
      "A procedure is planned: advice before it — see BEFORE A PLANNED PROCEDURE.",
    );
  });

  it("names each planned procedure with its day under the heading, and a near one with its problem heads the summary", () => {
    expect(section(only(P_PROCEDURE), "BEFORE A PLANNED PROCEDURE")).toContain(
      "  * Spinal anaesthesia planned on 17 Mar 2026 (in 5 days) — now apixaban within the interval asked before it: the plan for it holds.",
    );
    // 5 days ahead: nothing urgent in the summary.
    expect(section(only(P_PROCEDURE), "SUMMARY")).not.toContain("URGENT");
    const near = P_PROCEDURE.procedures?.planned.map((x) => ({
      ...x,
      on: "2026-03-13",
      inDays: 1,
      when: "imminent" as const,
    }));
    const summary = section(
      only({
        ...P_PROCEDURE,
        procedures: { management: P_PROCEDURE.procedures?.management ?? [], planned: near ?? [] },
      }),
      "SUMMARY",
    );
    expect(summary.split("\n")[1]).toBe(
      "  URGENT: Before the spinal anaesthesia on 13 Mar 2026 (tomorrow): apixaban within the interval asked before it — see BEFORE A PLANNED PROCEDURE.",
    );
  });

  it("has no procedure heading when the report has no procedure plan", () => {
    expect(only(P1)).not.toContain("BEFORE A PLANNED PROCEDURE");
    expect(only(P2)).not.toContain("A procedure is planned");
  });

  it("summarises the primary finding with certainty, grade and onset, and points to what is unexplained", () => {
    const summary = section(only(P1), "SUMMARY");
    expect(summary).toContain("Immune thrombocytopenia (ITP) — probable, grade 4");
    expect(summary).toContain("Onset: 2024-02-12, pembrolizumab, day 42 after the first dose");
    expect(summary).toContain("Also: DIC — possible");
    expect(summary).toContain("1 serious abnormality not attributed to any disorder — see UNEXPLAINED.");
  });

  it("lists each unexplained abnormality with what, grade, when, why no disorder was attributed and the work-up", () => {
    const unexplained = section(only(P1), "UNEXPLAINED (1)");
    expect(unexplained).toContain(
      "  Neutrophil count decreased, grade 4, 0.4 ×10⁹/L on 2024-02-20 [Observation/anc-50]",
    );
    expect(unexplained).toContain(
      "    Why no disorder was attributed: Neutrophils < 1.0 ×10⁹/L: 0.4 ×10⁹/L on 2024-02-20 (day 50), grade 4.",
    );
    expect(unexplained).toContain(
      [
        "      Not attributed:",
        "      - no hemostatic disorder HemoSentinel detects accounts for it",
        "      - Thrombotic thrombocytopenic purpura (TTP): its defining abnormality was not found after the first dose.",
      ].join("\n"),
    );
    expect(unexplained).toContain(
      "      - Bone marrow aspirate and biopsy: Marrow infiltration, aplasia or myelodysplasia (asco-irae)",
    );
    expect(section(only(P3), "UNEXPLAINED (0)")).toContain(
      "None: every serious abnormality that began after the first dose lies within a finding.",
    );
    // No finding: nothing is said to lie within one.
    expect(section(only(P_PROCEDURE), "UNEXPLAINED (0)")).toContain(
      "  None: no serious abnormality began after the first dose.",
    );
    expect(section(only(P_PROCEDURE), "UNEXPLAINED (0)")).not.toContain("within a finding");
  });

  it("never says 'no disorder detected' when every record was rejected", () => {
    const text = only(P2);
    expect(text).toContain("Nothing could be assessed: all 5 records were rejected — see data quality.");
    expect(text).not.toContain(NO_FINDING);
    expect(text).toContain(`${NO_EXPOSURE}.`);
  });

  it("says no disorder was found only for a patient who could be assessed", () => {
    const assessed = {
      ...P1,
      findings: [],
      unexplained: [],
      counts: { read: 40, used: 40, merged: 0, rejected: 0, notUsed: 0, ignored: 0 },
    };
    expect(section(only(assessed), "SUMMARY")).toContain(`${NO_FINDING}.`);
  });

  it("traces every criterion with its status, detail and evidence ids, capping long evidence lists", () => {
    const text = plain();
    expect(text).toMatch(
      /\[met\] +Platelets < 100 ×10⁹\/L after the first dose: platelets 8 ×10⁹\/L on day 42 \(baseline 210\) \[Observation\/plt-42\]/,
    );
    expect(text).toMatch(/\[no data\] +No schistocytes/);
    expect(text).toContain("[Condition/m1, Condition/m2, Condition/m3, Condition/m4, +2 more]");
  });

  it("marks a criterion met only by a charted diagnosis, and says what that means", () => {
    const text = only(P1);
    expect(text).toMatch(
      /\[charted\] +Immune thrombocytopenia diagnosed and charted by the care team: charted diagnosis "Immune thrombocytopenia \(itp\)"/,
    );
    expect(text).toContain("charted = met only by a diagnosis the care team charted");
  });

  it("says a competing explanation was weighed and held, not lowered, where a certainty floor held it", () => {
    const text = only(P1_HELD);
    expect(text).toMatch(
      /\[met\] +Sepsis at onset \(a competing cause of thrombocytopenia\) — present: weighed, certainty held at definite by the decisive rule ADAMTS13 activity < 10 %: Septic shock/,
    );
    expect(text).not.toContain("present: lowered certainty one level");
  });

  it("heads a charted thrombosis by its link to the drug, not as a doubtful event", () => {
    const text = only(P1_CHARTED_CLOT);
    expect(text).toMatch(/— charted, grade 3; link to pembrolizumab possible\n/);
    expect(text).not.toMatch(/Thrombosis[^\n]* — possible/);
  });

  it("cites the note an unexplained item's reason carries (ICAHT after CAR-T) as a plan line is cited", () => {
    const [u] = P1.unexplained as [UnexplainedItem];
    const text = only({ ...P1, unexplained: [{ ...u, whySourceIds: ["ctcae-v5"] }] });
    expect(section(text, "UNEXPLAINED")).toMatch(
      /- Thrombotic thrombocytopenic purpura \(TTP\): its defining abnormality was not found after the first dose\. \(ctcae-v5\)/,
    );
    expect(section(text, "SOURCES")).toContain("ctcae-v5");
  });

  it("cites what an unexplained item shows (an immune AIHA: ASCO 2021, Leaf 2019) after the sentence that names it, not after the last disorder not attributed; a note's source still closes the reasons", () => {
    const [u] = P1.unexplained as [UnexplainedItem];
    const item: UnexplainedItem = {
      ...u,
      shows: { id: "ici-aiha", name: "autoimmune haemolytic anaemia, immune-related (checkpoint inhibitor)" },
      whySourceIds: ["asco-2021-irae-hematologic", "leaf-2019-ici-aiha", "ctcae-v5"],
    };
    const showsSourceIds = (id: string) =>
      id === "ici-aiha" ? ["asco-2021-irae-hematologic", "leaf-2019-ici-aiha"] : undefined;
    const text = renderText(
      { ...SAMPLE_REPORT, patients: [{ ...P1, unexplained: [item] }], inputErrors: [] },
      { ...SAMPLE_CONTEXT, showsSourceIds, color: false },
    );
    const lines = section(text, "UNEXPLAINED").split("\n");
    expect(lines.find((l) => l.includes("Why no disorder was attributed:"))).toMatch(
      /Before the first dose: grade 0\. \(asco-2021-irae-hematologic, leaf-2019-ici-aiha\)$/,
    );
    const notAttributed = lines.slice(lines.indexOf("      Not attributed:") + 1);
    expect(notAttributed.slice(0, 2)).toEqual([
      "      - no hemostatic disorder HemoSentinel detects accounts for it",
      "      - Thrombotic thrombocytopenic purpura (TTP): its defining abnormality was not found after the first dose. (ctcae-v5)",
    ]);
    // Nothing but what it shows: the last reason carries no source.
    const alone = renderText(
      {
        ...SAMPLE_REPORT,
        patients: [{ ...P1, unexplained: [{ ...item, whySourceIds: item.whySourceIds?.slice(0, 2) }] }],
        inputErrors: [],
      },
      { ...SAMPLE_CONTEXT, showsSourceIds, color: false },
    );
    expect(section(alone, "UNEXPLAINED")).toMatch(/not found after the first dose\.\n/);
  });

  it("names what an unexplained item shows in its heading and in the summary (an immune-related AIHA), and nothing when it shows none", () => {
    const [u] = P1.unexplained as [UnexplainedItem];
    const shows = {
      id: "ici-aiha",
      name: "autoimmune haemolytic anaemia, immune-related (checkpoint inhibitor)",
    };
    const text = only({ ...P1, unexplained: [{ ...u, shows }] });
    expect(section(text, "UNEXPLAINED")).toMatch(
      /grade \d — shows autoimmune haemolytic anaemia, immune-related \(checkpoint inhibitor\)/,
    );
    expect(section(text, "SUMMARY")).toContain(
      "not attributed to any disorder: autoimmune haemolytic anaemia, immune-related (checkpoint inhibitor) — see UNEXPLAINED.",
    );
    expect(only(P1)).not.toContain(" — shows ");
  });

  it("shows each competing explanation with its effect on the finding", () => {
    const text = only(P1);
    expect(text).toMatch(/\[not met\] +Heparin exposure \(HIT\) — absent \(would lower certainty\)/);
    expect(text).toMatch(
      /\[met\] +Sepsis at onset \(a competing cause of thrombocytopenia\) — present: lowered certainty one level: Septic shock/,
    );
    expect(text).toMatch(
      /\[no data\] +ADAMTS13 activity < 10% \(confirmed TTP, reported as TTP\) — not assessable \(would exclude this finding\): no ADAMTS13 activity result/,
    );
  });

  it("grades each arm of Evans syndrome, in the summary and the evidence", () => {
    const text = only(P3);
    expect(section(text, "SUMMARY")).toContain(
      "Arms: Autoimmune hemolytic anemia grade 3 · Immune thrombocytopenia grade 4",
    );
    expect(text).toContain(
      "      Immune thrombocytopenia: grade 4 (CTCAE v5.0 Platelet count decreased grade 4 (Platelet count 18 ×10⁹/L))",
    );
  });

  it("lists CTCAE grades and scores by name, with display units, components and missing components", () => {
    const text = plain();
    expect(text).toContain("Platelet count decreased: grade 4, 8 ×10⁹/L on 2024-02-12 (< 25 ×10⁹/L)");
    expect(text).toContain("INR increased: grade 1, 1.3 on 2025-03-02 (> ULN (1.1))");
    expect(text).toContain(
      "ISTH overt DIC score: 2 on 2024-02-12 — Incomplete: 2 points certain; missing Fibrin-related marker (D-dimer or FDP) (no D-dimer (fibrinogen-equivalent units) result in the window)",
    );
    expect(text).toContain("      Components: Platelet count: 2");
    expect(text).toContain("      Missing: Fibrinogen; Fibrin-related marker (D-dimer or FDP)");
    expect(text).toContain(
      "Components: Early grade (days 0–30): 1-3; Days with platelets < 50 ×10⁹/L (early window): 1",
    );
  });

  it("names a result not graded because a drug moves it, under the grades, with why and its records", () => {
    const text = only(P1_UNGRADED_INR);
    const grades = text.slice(text.indexOf("CTCAE v5.0 grades"), text.indexOf("  Scores"));
    expect(grades).toContain(
      "INR increased: 2.8 on 2024-02-20 not gradable: on anticoagulation without a baseline (grade 3 by > 2.5 without the drug)",
    );
    expect(grades).toContain("MedicationStatement/warfarin");
    expect(only(P1)).not.toContain("not gradable");
  });

  it("gives work-up before management, and management in decision → first-line → avoid → monitor order", () => {
    const text = only(P1);
    const plan = text.slice(text.indexOf("PLAN"), text.indexOf("SOURCES"));
    const at = order(plan, [
      "Work-up",
      "Immunotherapy decision",
      "First-line treatment",
      "AVOID",
      "Monitoring",
    ]);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(plan).toContain("Direct antiglobulin test (LOINC 1007-4)");
    expect(plan).toContain("Caveat: Guidelines differ on the duration of the taper");
  });

  it("marks a line the knowledge base calls urgent, and no other", () => {
    const f = P1.findings[0];
    if (!f) throw new Error("P1 has a finding");
    const [first, ...rest] = f.management;
    if (!first) throw new Error("P1's finding has a plan");
    const text = only({ ...P1, findings: [{ ...f, management: [{ ...first, urgent: true }, ...rest] }] });
    expect(text).toContain(`- URGENT: ${first.action}`);
    expect(text.match(/URGENT: /g)).toHaveLength(1);
    expect(plain()).not.toContain("URGENT: ");
  });

  it("keeps plan ids out of the text and names what caveats name by id", () => {
    const text = plain();
    for (const id of [
      "itp-ici-hold",
      "itp-avoid-antiplatelet",
      "aha.avoid.im-injections",
      "peripheral-smear",
    ])
      expect(text).not.toContain(id);
    expect(text).toContain(
      "Caveat: Bypassing agents follow the Factor VIII inhibitor (Bethesda titre) titre (> 5 BU/mL).",
    );
    expect(text).toContain("Avoid intramuscular injections while the aPTT is prolonged");
  });

  it("resolves every cited source id to its citation with a locator", () => {
    const text = plain();
    expect(text).toContain(
      "[asco-irae] Schneider BJ, et al. ASCO guideline on immune-related adverse events. J Clin Oncol 2021. doi:10.1200/JCO.21.01440",
    );
    expect(text).toContain(
      "[isth-dic] Taylor FB, et al. ISTH overt DIC score. Thromb Haemost 2001. PMID 11816725",
    );
    expect(text).toContain(
      "[ctcae-v5] Common Terminology Criteria for Adverse Events v5.0. NCI 2017. https://ctep.cancer.gov/",
    );
  });

  it("flags a source id the registry does not know", () => {
    const text = renderText(
      { ...SAMPLE_REPORT, patients: [P1] },
      { reference: () => undefined, color: false },
    );
    expect(text).toContain("[asco-irae] not in the references registry");
  });

  it("accounts for every record read: used, merged, rejected, not used and ignored", () => {
    const quality = section(only(P1), "DATA QUALITY");
    expect(quality).toContain(
      "Records read: 77 = 25 used + 1 merged (duplicates) + 0 rejected + 9 not used (codes outside scope) + 42 ignored (resource types outside scope)",
    );
    expect(quality).not.toContain("inconsistent");
    expect(quality).toContain("Not used (codes outside scope), by resource type and code system");
    expect(quality).toContain("    Condition 5: SNOMED CT 4, ICD-10-CM 1");
    expect(quality).toContain("    MedicationRequest 4: RxNorm 3, text only 1");
    expect(quality).toContain("Ignored resource types: Encounter 30, Claim 12");
  });

  it("lists rejected records by reason, each with its own reason, and the conflicts by kind", () => {
    const text = plain();
    expect(text).toContain("Rejected: 5 record(s), by reason");
    expect(text).toContain("Unit cannot be converted × 4");
    expect(text).toContain("Dated after the evaluation time × 1");
    expect(text).toContain("Observation/u4: INR unit 'z' cannot be converted");
    expect(text).not.toContain("unit-not-convertible");
    expect(text).toContain("Conflicts: 2, left out of grades, scores and detection");
    expect(text).toContain("    Two different results of one test at the same instant");
    expect(text).toContain(
      "two platelets results at the same instant: 8 and 180 ×10⁹/L [Observation/a, Observation/b]",
    );
    expect(text).toContain("    Event dated before every immunotherapy");
  });

  it("shows an overview when there are several patients, and the input problems at the end", () => {
    const text = plain();
    expect(text).toContain("OVERVIEW");
    expect(text).toContain(
      `  ${HOSTILE_ID}: Nothing could be assessed: all 5 records were rejected — see data quality`,
    );
    expect(text).toContain(
      "  p1: Immune thrombocytopenia (ITP) — probable, grade 4 · 1 unexplained abnormality",
    );
    expect(text.indexOf("INPUT PROBLEMS")).toBeGreaterThan(text.lastIndexOf("DATA QUALITY"));
    expect(text).toContain("broken.json: malformed JSON at line 3, column 7");
    expect(text).not.toContain("malformed-json");
  });

  it("says so when the input held no patient", () => {
    const text = plain({ ...SAMPLE_REPORT, patients: [] });
    expect(text).toContain(
      "Nothing could be assessed: no patient could be read from the input — see input problems.",
    );
  });

  it("uses ANSI colours only when asked", () => {
    expect(plain()).not.toContain("\u001b[");
    expect(renderText(SAMPLE_REPORT, { ...SAMPLE_CONTEXT, color: true })).toContain("\u001b[");
  });

  it("never passes control characters from the input to the terminal", () => {
    const evil = {
      ...P2,
      patientId: "p\u001b[2Jx\u0007",
      rejected: [
        { ref: "Observation/\u001b[1m", code: "invalid-value" as const, reason: "bad \u0007 value" },
      ],
    };
    const text = plain({ ...SAMPLE_REPORT, patients: [evil] });
    expect(text).not.toContain("\u0007");
    expect(text).not.toContain("\u001b");
    expect(text).toContain("p<U+001B>[2Jx<U+0007>");
  });
});

describe("a deceased patient", () => {
  it("opens the patient's section with the death and marks the overview line", () => {
    const p = SAMPLE_REPORT.patients[0] as AssessmentReport["patients"][number];
    const dead = { ...p, deceased: { at: "2025-02-10", ref: "Patient/p1#deceasedDateTime" } };
    const text = only(dead, { ...p, patientId: "alive" });
    expect(text).toContain(
      "DECEASED: recorded as deceased on 2025-02-10. This evaluation is after death: findings and plans describe the record, not a patient to treat.",
    );
    expect(text).toMatch(new RegExp(`\\n  ${p.patientId}: \\[deceased\\] `));
    expect(text).not.toMatch(/\n {2}alive: \[deceased\]/);
    expect(only({ ...p, deceased: { ref: "Patient/p1#deceasedBoolean" } })).toContain(
      "DECEASED: recorded as deceased (no date of death in the record).",
    );
  });
});

describe("a death charted only in words", () => {
  it("opens the patient's section with the event and says the plan is kept, for the record if the patient died", () => {
    const p = SAMPLE_REPORT.patients[0] as AssessmentReport["patients"][number];
    const text = only({ ...p, deathInWords: { at: "2025-02-10T09:00:00Z", ref: "Condition/ich" } });
    expect(text).toContain(
      "DEATH CHARTED IN WORDS: Condition/ich (2025-02-10) charts a death (grade 5), but no death is recorded for this patient. The plan below is kept as for a living patient; if the patient has died, it is for the record only",
    );
    expect(text).not.toContain("DECEASED");
    expect(only(p)).not.toContain("DEATH CHARTED IN WORDS");
  });
});

describe("a line two plans of a patient carry, shown once", () => {
  const hlh = {
    id: "itp-hlh-screen",
    kind: "supportive" as const,
    action: "Screen for HLH: ferritin, triglycerides, fibrinogen",
    sourceIds: ["asco-irae"],
  };
  const [itp, dic] = P1.findings;
  if (itp === undefined || dic === undefined) throw new Error("sample");
  const shared = sharePlanLines(
    [
      { ...itp, management: [...itp.management, hlh] },
      { ...dic, management: [{ ...hlh, id: "dic-hlh-screen" }] },
    ],
    [],
  );
  const p = { ...P1, findings: shared.findings };

  it("the text prints the line once, names the other plan beside it, and the other plan points to it", () => {
    const text = only(p);
    expect(text.split("Screen for HLH").length - 1).toBe(1);
    expect(text).toMatch(/Screen for HLH[^\n]*\n\s+Also for DIC \(shown once, here\)\./);
    expect(text).toContain("1 line of this plan is shown under Immune thrombocytopenia (ITP).");
    // The DIC plan, left with its shared line only, is not said to have no plan.
    expect(text).not.toMatch(/DIC\n(?:.*\n)*?\s+No (?:plan|management)/);
  });

  it("a line in other words stays under each plan, with no pointer", () => {
    const apart = sharePlanLines(
      [
        { ...itp, management: [...itp.management, hlh] },
        { ...dic, management: [{ ...hlh, id: "dic-hlh-screen", action: "Screen for HLH: ferritin" }] },
      ],
      [],
    );
    const text = only({ ...P1, findings: apart.findings });
    expect(text).not.toContain("Also for");
    expect(text).not.toContain("shown under");
    expect(text.split("Screen for HLH").length - 1).toBe(2);
  });
});
