import { describe, expect, it } from "vitest";
import {
  ITP,
  P1,
  P2,
  P3,
  SAMPLE_CONTEXT,
  SAMPLE_REPORT,
  SAMPLE_REPORT_WITHOUT_SETTINGS,
  SAMPLE_SETTINGS,
} from "../../../../test/support/sample-report.js";
import type { RejectionCode } from "../contracts/rejection-codes.js";
import type {
  AssessmentReport,
  DifferentialTrace,
  Finding,
  ManagementItem,
  PatientReport,
  UnexplainedItem,
} from "../contracts/report.js";
import { displayUnit, valueWithUnit } from "../engine/display.js";
import {
  attributionLabel,
  attributionLead,
  certaintyLabel,
  citedSourceIds,
  differentialBearing,
  findingTitle,
  managementGroups,
  NO_EXPOSURE,
  NO_FINDING,
  noneUnexplained,
  notUsedRows,
  onsetText,
  patientStatus,
  recordTally,
  recordTallyText,
  rejectionGroups,
  reportCounts,
  settingsLines,
  unexplainedWhy,
} from "./view.js";
import { wordingOf } from "./wording.js";

const w = wordingOf(SAMPLE_CONTEXT);

/** An unexplained item's plan line (the ISTH SSC floor: withhold an anticoagulant below 25 ×10⁹/L). */
const WITHHOLD: ManagementItem = {
  id: "unexplained-platelets-antithrombotic-below-25",
  kind: "avoid",
  action: "Platelets <25 ×10⁹/L with an anticoagulant on board: withhold it.",
  sourceIds: ["isth-ssc-cat-thrombocytopenia-2018"],
};
const NEUTROPENIA = P1.unexplained[0] as UnexplainedItem;

/** A patient with an exposure and nothing else, counts as given. */
function patient(over: Partial<PatientReport>): PatientReport {
  return {
    ...P1,
    findings: [],
    unexplained: [],
    grades: [],
    scores: [],
    rejected: [],
    conflicts: [],
    notUsed: {},
    ignored: {},
    ...over,
  };
}

/** A patient with usable records, no finding and these unexplained items. */
function withUnexplained(unexplained: readonly UnexplainedItem[]): PatientReport {
  return patient({
    unexplained,
    counts: { read: 40, used: 40, merged: 0, rejected: 0, notUsed: 0, ignored: 0 },
  });
}

describe("report view helpers", () => {
  it.each([
    ["10*9/L", "×10⁹/L"],
    ["10*12/L", "×10¹²/L"],
    ["{INR}", ""],
    ["1", ""],
    ["[beth'U]/mL", "BU/mL"],
    ["g/dL", "g/dL"],
    // A temperature (the HScore's) as a clinician reads it, not UCUM's code.
    ["Cel", "°C"],
    ["[degF]", "°F"],
    [undefined, ""],
  ])("writes UCUM %j as %j", (unit, shown) => {
    expect(displayUnit(unit)).toBe(shown);
  });

  it("writes values with units, percentages without a space", () => {
    expect(valueWithUnit(8, "10*9/L")).toBe("8 ×10⁹/L");
    expect(valueWithUnit(4, "%")).toBe("4%");
    expect(valueWithUnit(1.8, "{INR}")).toBe("1.8");
  });

  it("states onset as calendar date, drug and days from the first and the last dose", () => {
    expect(
      onsetText({
        date: "2024-02-12T23:30:00-05:00",
        drug: "nivolumab",
        daysFromFirstDose: 42,
        daysFromLastDose: 7,
      }),
    ).toBe("2024-02-12, nivolumab, day 42 after the first dose, day 7 after the last dose");
    expect(onsetText({ date: "2024-02-12", drug: "x", daysFromFirstDose: 3, daysFromLastDose: 3 })).toBe(
      "2024-02-12, x, day 3 after the first dose",
    );
    expect(onsetText({ date: "2024-02-12" })).toBe("2024-02-12");
  });

  it("says when the days count from a re-challenge course rather than the drug's first dose", () => {
    const pembro = {
      drug: "pembrolizumab",
      class: "ici" as const,
      first: "2025-01-01T00:00:00Z",
      last: "2026-01-26T00:00:00Z",
      doses: 5,
    };
    // Onset 2026-02-25 is day 420 after the first dose ever: day 51 counts from the course of 2026-01-05.
    expect(
      onsetText({ date: "2026-02-25T00:00:00Z", drug: "pembrolizumab", daysFromFirstDose: 51 }, [pembro]),
    ).toBe("2026-02-25, pembrolizumab, day 51 after the first dose of the re-challenge course");
    expect(
      onsetText({ date: "2026-02-25T00:00:00Z", drug: "pembrolizumab", daysFromFirstDose: 420 }, [pembro]),
    ).toBe("2026-02-25, pembrolizumab, day 420 after the first dose");
  });

  it("counts the days of a CAR-T product from its infusion", () => {
    const cart = {
      drug: "tisagenlecleucel",
      class: "car-t" as const,
      first: "2024-02-01T10:00:00Z",
      last: "2024-02-01T10:00:00Z",
      doses: 1,
      infusion: "2024-02-01T10:00:00Z",
    };
    expect(
      onsetText({ date: "2024-02-09", drug: "tisagenlecleucel", daysFromFirstDose: 8, daysFromLastDose: 8 }, [
        cart,
      ]),
    ).toBe("2024-02-09, tisagenlecleucel, day 8 after the infusion");
  });

  it("orders management groups: decision, first-line, second-line, supportive, avoid, rechallenge, monitor", () => {
    const kinds = [
      "monitor",
      "rechallenge",
      "avoid",
      "supportive",
      "second-line",
      "first-line",
      "immunotherapy",
    ] as const;
    const groups = managementGroups(kinds.map((kind) => ({ id: kind, kind, action: kind, sourceIds: [] })));
    expect(groups.map((g) => g.kind)).toEqual([...kinds].reverse());
  });

  it("groups rejections by code, largest first, ties by code", () => {
    const r = (code: RejectionCode, n: number) => ({ ref: `Observation/${code}${n}`, code, reason: "r" });
    const [a, b, c] = ["data-absent", "future-date", "not-final"] as const;
    const groups = rejectionGroups([r(b, 1), r(a, 1), r(c, 1), r(c, 2)], 1);
    expect(groups.map((g) => [g.code, g.count, g.examples.length])).toEqual([
      [c, 2, 1],
      [a, 1, 1],
      [b, 1, 1],
    ]);
  });

  it("lists each cited source once in order of first appearance, the unexplained list's work-up included", () => {
    expect(citedSourceIds(P1)).toEqual(["asco-irae", "isth-dic", "ctcae-v5"]);
    const onlyUnexplained = { ...P1, findings: [], grades: [], scores: [] };
    expect(citedSourceIds(onlyUnexplained)).toEqual(["asco-irae"]);
  });

  it("cites the sources of an unexplained item's note (ICAHT after CAR-T) in the Sources", () => {
    const [u] = P1.unexplained as [UnexplainedItem];
    const noted = {
      ...P1,
      findings: [],
      grades: [],
      scores: [],
      unexplained: [{ ...u, whySourceIds: ["ctcae-v5"] }],
    };
    expect(citedSourceIds(noted)).toEqual(["ctcae-v5", "asco-irae"]);
  });

  it("names the drug of the onset through the wording (class stand-ins in words)", () => {
    expect(
      onsetText({ date: "2024-02-12", drug: "car-t-unspecified", daysFromFirstDose: 5 }, [], w.drug),
    ).toBe("2024-02-12, CAR-T cell therapy (product not named), day 5 after the first dose");
  });
});

describe("patient status: never 'no disorder detected' when nothing could be assessed", () => {
  it.each<[string, PatientReport, string, string]>([
    [
      "a finding",
      P1,
      "finding",
      "Immune thrombocytopenia (ITP) — probable, grade 4 · 1 unexplained abnormality",
    ],
    [
      "every record rejected",
      P2,
      "not-assessed",
      "Nothing could be assessed: all 5 records were rejected — see data quality",
    ],
    [
      "every record rejected, the Patient resource counted as used",
      { ...P2, counts: { read: 6, used: 1, merged: 0, rejected: 5, notUsed: 0, ignored: 0 } },
      "not-assessed",
      "Nothing could be assessed: all 5 records were rejected — see data quality",
    ],
    [
      "rejected and out of scope, nothing usable",
      { ...P2, counts: { read: 9, used: 0, merged: 0, rejected: 5, notUsed: 3, ignored: 1 } },
      "not-assessed",
      "Nothing could be assessed: 5 records rejected and 4 outside scope, none usable — see data quality",
    ],
    [
      "nothing in scope",
      patient({
        exposures: [],
        counts: { read: 7, used: 0, merged: 0, rejected: 0, notUsed: 4, ignored: 3 },
      }),
      "not-assessed",
      "Nothing could be assessed: none of the 7 records could be used (4 with codes outside scope, 3 of types outside scope) — see data quality",
    ],
    [
      "no immunotherapy",
      patient({
        exposures: [],
        counts: { read: 30, used: 30, merged: 0, rejected: 0, notUsed: 0, ignored: 0 },
      }),
      "no-exposure",
      `${NO_EXPOSURE}`,
    ],
    [
      "no immunotherapy, some records rejected",
      patient({
        exposures: [],
        grades: P1.grades,
        rejected: P2.rejected,
        counts: { read: 30, used: 25, merged: 0, rejected: 5, notUsed: 0, ignored: 0 },
      }),
      "no-exposure",
      `${NO_EXPOSURE}; 5 records rejected — see data quality`,
    ],
    [
      "the doses and nothing else",
      patient({ counts: { read: 4, used: 4, merged: 0, rejected: 0, notUsed: 0, ignored: 0 } }),
      "not-assessed",
      "Nothing could be assessed: the record holds the immunotherapy doses but no usable laboratory result or clinical event",
    ],
    [
      "usable records, nothing found",
      patient({ counts: { read: 40, used: 40, merged: 0, rejected: 0, notUsed: 0, ignored: 0 } }),
      "no-finding",
      NO_FINDING,
    ],
    [
      "doses and a cancer diagnosis but not one laboratory result (a death days after CAR-T)",
      patient({
        noLabResults: true,
        counts: { read: 5, used: 5, merged: 0, rejected: 0, notUsed: 0, ignored: 0 },
      }),
      "not-assessed",
      "No laboratory result could be assessed: the record holds none; its charted events give no finding",
    ],
    [
      "no laboratory result, but a charted serious event listed as unexplained",
      patient({
        noLabResults: true,
        unexplained: P1.unexplained,
        counts: { read: 5, used: 5, merged: 0, rejected: 0, notUsed: 0, ignored: 0 },
      }),
      "no-finding",
      `${NO_FINDING}, but 1 serious abnormality is unexplained — see Unexplained; the record holds no laboratory result, so none could be sought`,
    ],
    [
      "no laboratory result, a graded charted event and nothing listed (a grade 1 epistaxis)",
      patient({
        noLabResults: true,
        grades: [
          {
            term: "epistaxis",
            grade: 1,
            worstAt: "2024-01-02T00:00:00Z",
            evidence: [],
            basis: "charted grade",
            sourceIds: ["ctcae-v5"],
          },
        ],
        counts: { read: 5, used: 5, merged: 0, rejected: 0, notUsed: 0, ignored: 0 },
      }),
      "no-finding",
      `${NO_FINDING}; the record holds no laboratory result, so none could be sought`,
    ],
    [
      "nothing attributed but something unexplained",
      patient({
        unexplained: P1.unexplained,
        counts: { read: 40, used: 40, merged: 0, rejected: 0, notUsed: 0, ignored: 0 },
      }),
      "no-finding",
      `${NO_FINDING}, but 1 serious abnormality is unexplained — see Unexplained`,
    ],
    [
      "a single lab abnormality whose rule carries a plan is not named as a pattern beside another item",
      withUnexplained([
        NEUTROPENIA,
        { ...NEUTROPENIA, abnormality: "platelet-count-decreased", management: [WITHHOLD] },
      ]),
      "no-finding",
      `${NO_FINDING}, but 2 serious abnormalities are unexplained — see Unexplained`,
    ],
    [
      "a named pattern with its plan is named",
      withUnexplained([{ ...NEUTROPENIA, abnormality: "tma-not-ttp", management: [WITHHOLD] }]),
      "no-finding",
      `${NO_FINDING}, but 1 serious abnormality is unexplained: Thrombotic microangiopathy with ADAMTS13 > 20 % — not TTP: consider drug-induced or complement-mediated TMA (HUS) — see Unexplained`,
    ],
  ])("%s", (_, p, outcome, text) => {
    expect(patientStatus(SAMPLE_CONTEXT, p)).toEqual({ outcome, text });
  });

  it("counts outcomes in the report line", () => {
    expect(reportCounts(SAMPLE_REPORT)).toBe(
      "3 patients · 2 with a finding · 1 with unexplained abnormalities · 1 not assessable · 1 input problem(s), listed at the end",
    );
  });
});

describe("data quality helpers", () => {
  it("adds used, merged, rejected, not used and ignored up to the records read", () => {
    const t = recordTally(P1);
    expect(t.adds).toBe(true);
    expect(recordTallyText(t)).toBe(
      "Records read: 77 = 25 used + 1 merged (duplicates) + 0 rejected + 9 not used (codes outside scope) + 42 ignored (resource types outside scope)",
    );
  });

  it("says so when the counts do not add up, or were not kept", () => {
    const off = recordTally({ ...P1, counts: { ...P1.counts, read: 70 } });
    expect(off.adds).toBe(false);
    expect(recordTallyText(off)).toMatch(/add up to 77, not 70: the counts are inconsistent/);
    const none = recordTally({
      ...P3,
      counts: { read: 0, used: 0, merged: 0, rejected: 0, notUsed: 0, ignored: 0 },
    });
    expect(recordTallyText(none)).toBe("Record counts were not kept for this patient.");
  });

  it("summarises records not used by resource type and code system, largest first, systems by name", () => {
    expect(notUsedRows(P1.notUsed, w)).toEqual([
      {
        type: "Condition",
        total: 5,
        systems: [
          ["SNOMED CT", 4],
          ["ICD-10-CM", 1],
        ],
      },
      {
        type: "MedicationRequest",
        total: 4,
        systems: [
          ["RxNorm", 3],
          ["text only", 1],
        ],
      },
    ]);
  });

  it("states what a competing explanation did or would do", () => {
    const d = (
      status: DifferentialTrace["status"],
      effect: DifferentialTrace["effect"],
    ): DifferentialTrace => ({
      id: "x",
      label: "x",
      status,
      effect,
      evidence: [],
    });
    expect(differentialBearing(d("met", "lower"))).toBe("present: lowered certainty one level");
    expect(differentialBearing(d("unmet", "exclude"))).toBe("absent (would exclude this finding)");
    expect(differentialBearing(d("missing", "lower"))).toBe("not assessable (would lower certainty)");
  });

  it("never says a competing explanation lowered the certainty when a floor held it", () => {
    const sepsis: DifferentialTrace = {
      id: "sepsis",
      label: "Sepsis",
      status: "met",
      effect: "lower",
      evidence: [],
      held: { at: "definite", by: "the decisive rule Platelets < 150 and ADAMTS13 activity < 10 %" },
    };
    expect(differentialBearing(sepsis)).toBe(
      "present: weighed, certainty held at definite by the decisive rule Platelets < 150 and ADAMTS13 activity < 10 %",
    );
    expect(differentialBearing(sepsis)).not.toMatch(/lowered/);
    expect(differentialBearing({ ...sepsis, held: { at: "possible" } })).toBe(
      "present: weighed, certainty already at possible, the lowest reported",
    );
  });
});

describe("a finding whose certainty grades only its link to the drug (a charted thrombosis)", () => {
  const clot: Finding = {
    ...ITP,
    disorder: "thrombosis",
    certainty: "possible",
    certaintyOf: "attribution",
    grade: 3,
  };
  it("heads it as charted, with the link to the drug graded, never as a doubt of the event", () => {
    expect(findingTitle(SAMPLE_CONTEXT, clot)).toMatch(
      / — charted, grade 3; link to pembrolizumab possible$/,
    );
    expect(findingTitle(SAMPLE_CONTEXT, clot)).not.toMatch(/ — possible/);
    const { grade: _, ...ungraded } = clot;
    expect(findingTitle(SAMPLE_CONTEXT, ungraded)).toMatch(/ — charted; link to pembrolizumab possible$/);
    expect(certaintyLabel(SAMPLE_CONTEXT, clot)).toBe("Charted; link to pembrolizumab: possible");
  });
  it("says the same from the certainty and the drug alone (a cohort list's row), the lead apart for a badge", () => {
    expect(attributionLabel(SAMPLE_CONTEXT, "possible", "pembrolizumab")).toBe(
      certaintyLabel(SAMPLE_CONTEXT, clot),
    );
    expect(attributionLead(SAMPLE_CONTEXT, "pembrolizumab")).toBe("Charted; link to pembrolizumab:");
    expect(attributionLabel(SAMPLE_CONTEXT, "probable", undefined)).toBe(
      "Charted; link to the immunotherapy: probable",
    );
  });
  it("keeps the diagnosis heading for every other finding", () => {
    expect(findingTitle(SAMPLE_CONTEXT, ITP)).toMatch(/ — probable, grade 4$/);
    expect(certaintyLabel(SAMPLE_CONTEXT, ITP)).toBe("Certainty: probable");
  });
});

describe("settings in the header", () => {
  it("are optional: a report without them has no settings lines", () => {
    expect(settingsLines(SAMPLE_REPORT_WITHOUT_SETTINGS, w)).toBeUndefined();
  });

  it("state their source and every value, with names and display units", () => {
    const report = { ...SAMPLE_REPORT, settings: SAMPLE_SETTINGS } as AssessmentReport;
    expect(settingsLines(report, w)).toEqual({
      source: "settings: site/hemosentinel.yaml",
      values: [
        "ISTH fibrin marker: > 1 × ULN moderate, > 10 × ULN strong increase (Haemostasis committee 2026)",
        "ISTH fibrin marker, D-dimer (fibrinogen-equivalent units) LOINC 48065-7: > 0.5 µg/mL moderate, > 5 µg/mL strong increase (Lab SOP H-12)",
      ],
    });
  });

  it("tolerate a shape they do not know", () => {
    const odd = { ...SAMPLE_REPORT, settings: { source: "default", values: { version: 1, flag: true } } };
    expect(settingsLines(odd as unknown as AssessmentReport, w)).toEqual({
      source: "settings: default",
      values: ["flag: true"],
    });
  });
});

describe("why an abnormality is unexplained", () => {
  it("splits the core's reason into the finding and one reason per disorder", () => {
    const why =
      "Platelet count < 50 ×10⁹/L: 38 ×10⁹/L on 2023-04-17 (day 196), grade 3. Not attributed — Immune thrombocytopenia (ITP): excluded by Schistocytes (a; b); Evans syndrome (ITP with autoimmune hemolytic anemia): criteria not met: x not met; y not met; DIC: not sought for ici.";
    expect(unexplainedWhy(why, SAMPLE_CONTEXT)).toEqual({
      lead: "Platelet count < 50 ×10⁹/L: 38 ×10⁹/L on 2023-04-17 (day 196), grade 3.",
      reasons: [
        "Immune thrombocytopenia (ITP): excluded by Schistocytes (a; b)",
        "Evans syndrome (ITP with autoimmune hemolytic anemia): criteria not met: x not met; y not met",
        "DIC: not sought for ici.",
      ],
    });
  });

  it("keeps a reason it cannot split whole", () => {
    expect(unexplainedWhy("Major bleeding on 2024-01-02.", SAMPLE_CONTEXT)).toEqual({
      lead: "Major bleeding on 2024-01-02.",
      reasons: [],
    });
  });
});

describe("noneUnexplained", () => {
  // Which finding does not matter here, only whether there is one.
  const found = [ITP];

  it("says that nothing could be sought when the record holds no laboratory result, with or without a finding", () => {
    expect(noneUnexplained({ noLabResults: true, findings: [] })).toBe(
      "None found: the record holds no laboratory result, so no laboratory abnormality could be sought; a charted bleed or thrombosis is listed here when it is serious.",
    );
    expect(noneUnexplained({ noLabResults: true, findings: found })).toBe(
      "None found: the record holds no laboratory result, so no laboratory abnormality could be sought; a serious charted bleed or thrombosis that no finding accounts for is listed here.",
    );
  });

  it("with a finding, every serious abnormality lies within one; with none, no serious abnormality began — never 'within a finding' when there is none", () => {
    expect(noneUnexplained({ findings: found })).toBe(
      "None: every serious abnormality that began after the first dose lies within a finding.",
    );
    expect(noneUnexplained({ findings: [] })).toBe(
      "None: no serious abnormality began after the first dose.",
    );
    expect(noneUnexplained({ findings: [] })).not.toMatch(/finding/);
  });

  const exposures = [
    {
      drug: "nivolumab",
      class: "ici" as const,
      first: "2025-01-10T10:00:00Z",
      last: "2025-01-10T10:00:00Z",
      doses: 1,
    },
  ];
  const grade = (g: 2 | 3 | 4, worstAt: string) => ({
    term: "platelet-count-decreased",
    grade: g,
    worstAt,
    value: 20,
    unit: "10*9/L",
    evidence: [],
    basis: "< 25 ×10⁹/L",
    sourceIds: [],
  });

  it("names a grade ≥ 3 already there by the first dose instead of saying all after it lies within a finding", () => {
    expect(noneUnexplained({ findings: found, exposures, grades: [grade(4, "2025-01-05T08:00:00Z")] })).toBe(
      "None new: every serious abnormality that began after the first dose lies within a finding. Already at grade ≥ 3 by the first dose, so not listed as new: Platelet count decreased grade 4 on 2025-01-05.",
    );
    // at the instant of the first dose (both charted as that date): the pre-dose sample, as the baseline reads it
    expect(
      noneUnexplained({ findings: found, exposures, grades: [grade(4, "2025-01-10T10:00:00Z")] }),
    ).toMatch(/^None new:/);
    // …and without a finding, the same grade named without claiming one
    expect(noneUnexplained({ findings: [], exposures, grades: [grade(4, "2025-01-05T08:00:00Z")] })).toBe(
      "None new: no serious abnormality began after the first dose. Already at grade ≥ 3 by the first dose, so not listed as new: Platelet count decreased grade 4 on 2025-01-05.",
    );
  });

  it("keeps the plain sentence for a grade reached after the first dose, or a pre-dose grade below 3", () => {
    const plain = "None: every serious abnormality that began after the first dose lies within a finding.";
    expect(noneUnexplained({ findings: found, exposures, grades: [grade(4, "2025-01-10T10:01:00Z")] })).toBe(
      plain,
    );
    expect(noneUnexplained({ findings: found, exposures, grades: [grade(2, "2025-01-05T08:00:00Z")] })).toBe(
      plain,
    );
    expect(noneUnexplained({ findings: [], exposures, grades: [grade(2, "2025-01-05T08:00:00Z")] })).toBe(
      "None: no serious abnormality began after the first dose.",
    );
  });
});
