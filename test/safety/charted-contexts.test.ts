/**
 * A disorder or event named in the words clinicians chart around it — a past episode, a relative's, a rule-out, a
 * denial, a prophylaxis or a precaution, a relapse, a suspicion — through a FHIR Condition's text and a CSV event
 * row, each read as the note reader reads a note, after pembrolizumab (CRS through the note reader alone). What is
 * not a current diagnosis names none; what is current, relapsed or suspected is read, and a suspicion or a rule-out
 * is weighed as a possible one, never confirmed and never dropped. Before, a past DIC, acquired haemophilia or HLH
 * with a date after it ("treated for DIC in 2019", "HLH in 2019") was read as current with its plan, a suspected or
 * ruled-out HLH after immunotherapy was silent, "infection during HLH treatment" listed a second HLH, "h/o ITP
 * (2015), now relapsed" was only a past ITP, and "CTA chest (PE study): no pulmonary embolism" was a PE. Later,
 * "sister ITP" (a relative right before the problem), "doubt TTP", "CRS grade 0" and "DVT (left leg) 2024" (a past
 * date behind an aside) were read as current, and "ITP in partial remission" (counts still below normal) as past.
 * Then "rule out ITP", "r/o Evans", "rule out DIC" and "evaluate for AHA" with the tests that answer them missing
 * listed nothing.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { type Charted, chartedAfterSuspicion, csvCharted, fhirCharted } from "../support/charted-words.js";
import { testKnowledge } from "../support/knowledge.js";

const k = testKnowledge();

/** What the report names: its findings' disorders and its listed abnormalities. */
const named = (p: PatientReport) => [
  ...p.findings.map((f) => f.disorder),
  ...p.unexplained.map((u) => u.abnormality),
];

/** The words charted on 10 March after pembrolizumab on 16 February, platelets `platelets` on 10 March. */
const chart = (words: string, platelets = 230): Charted => ({
  doses: [["pembrolizumab", "2026-02-16"]],
  problems: [[words, "2026-03-10"]],
  platelets,
});

/** Read through a FHIR Condition's text and a CSV event row, the same words. */
const both = (c: Charted) => [fhirCharted(c), csvCharted(c)];

/** What each disorder or event is named as in the report. */
const ITP = "itp";
const EVANS = "evans";
const TTP = "ttp";
const AHA = "aha";
const DIC = "dic";
const HIT = "hit-charted";
const HLH = "hlh-charted";
const HLH_CONSIDERED = "hlh-considered";
const CLOT = "thrombosis";
const SUSPECTED_PE = "suspected-pulmonary-embolism";
const SUSPECTED_DVT = "suspected-venous-thrombosis";
const SUSPECTED_BLEED = "suspected-bleeding";
const MAJOR_BLEED = "major-bleeding";

describe("words that name no current diagnosis name none", () => {
  it.each([
    // A past episode, dated or said to be over.
    ["history of ITP (2015), in remission", [ITP]],
    ["treated for TTP in 2019", [TTP]],
    ["ITP in childhood", [ITP]],
    ["ITP as a child", [ITP]],
    ["history of Evans syndrome, in remission", [EVANS, ITP]],
    ["HIT in 2021", [HIT]],
    ["history of HLH (2015), in remission", [HLH]],
    ["HLH in 2019", [HLH]],
    ["treated for DIC in 2019", [DIC]],
    ["treated for acquired haemophilia A in 2018", [AHA]],
    ["acquired haemophilia A 2018, in remission", [AHA]],
    ["PE 2019", [CLOT, SUSPECTED_PE]],
    // A clot with a short aside before its date, the date two years before the note: a past clot.
    ["DVT (left leg) 2024", [CLOT, SUSPECTED_DVT]],
    ["PE (bilateral) in 2019", [CLOT, SUSPECTED_PE]],
    ["GI bleed in 2019 requiring transfusion", [MAJOR_BLEED, SUSPECTED_BLEED]],
    // A relative's.
    ["family history of haemophilia", [AHA]],
    ["family history of ITP", [ITP]],
    ["mother had a DVT", [CLOT, SUSPECTED_DVT]],
    ["mother w/ DVT", [CLOT, SUSPECTED_DVT]],
    // A relative's, in the short forms of a family history.
    ["sister ITP", [ITP]],
    ["sister with ITP", [ITP]],
    ["maternal aunt PE", [CLOT, SUSPECTED_PE]],
    ["brother: haemophilia A", [AHA]],
    ["FHx DVT", [CLOT, SUSPECTED_DVT]],
    ["father had PE", [CLOT, SUSPECTED_PE]],
    // Denied, excluded, judged unlikely.
    ["TTP unlikely", [TTP]],
    ["unlikely ITP", [ITP]],
    ["ITP not likely", [ITP]],
    ["doubt TTP", [TTP]],
    ["doubtful TTP", [TTP]],
    ["TTP doubtful", [TTP]],
    ["TTP less likely", [TTP]],
    ["low suspicion for TTP", [TTP]],
    ["no evidence of DIC", [DIC]],
    ["HLH criteria not met", [HLH]],
    ["ITP excluded", [ITP]],
    ["HIT ruled out", [HIT]],
    ["acquired haemophilia A excluded", [AHA]],
    ["PE protocol CT: no PE", [CLOT, SUSPECTED_PE]],
    ["CTA chest (PE study): no pulmonary embolism", [CLOT, SUSPECTED_PE]],
    ["no DVT", [CLOT, SUSPECTED_DVT]],
    // A prophylaxis, a risk, a precaution, a monitoring.
    ["DVT prophylaxis", [CLOT, SUSPECTED_DVT]],
    ["DVT prophylaxis with enoxaparin", [CLOT, SUSPECTED_DVT]],
    ["risk of bleeding", [MAJOR_BLEED, SUSPECTED_BLEED]],
    ["bleeding precautions", [MAJOR_BLEED, SUSPECTED_BLEED]],
    ["monitor for HIT", [HIT]],
    ["monitor for HLH", [HLH]],
  ])("%j names none of %j", (words, absent) => {
    for (const p of both(chart(words))) for (const id of absent) expect(named(p)).not.toContain(id);
  });
});

describe("the note reader reads a CRS only when it is current", () => {
  /** The event kinds the note reader reads from `words` written on 10 March. */
  const kinds = (words: string) =>
    k.vocabulary.noteEvents({ codings: [], text: words }, "2026-03-10").map((m) => m.kind);

  it.each([
    "monitor for CRS",
    "CRS prophylaxis (tocilizumab)",
    "history of CRS (2021), resolved",
    "CRS in 2024",
    "no CRS",
    "CRS: none",
    "CRS grade 0",
    "CRS gr 0",
  ])("%j is no CRS", (words) => expect(kinds(words)).not.toContain("crs"));

  it.each(["CRS grade 2", "cytokine release syndrome", "new CRS"])("the other side: %j is a CRS", (words) =>
    expect(kinds(words)).toContain("crs"),
  );
});

describe("words that name a current, relapsed or suspected diagnosis are read", () => {
  it.each([
    ["ITP", ITP],
    ["new ITP", ITP],
    ["likely ITP", ITP],
    ["ITP relapse", ITP],
    ["acute on chronic ITP", ITP],
    ["h/o ITP, now relapsed", ITP],
    ["h/o ITP (2015), now relapsed", ITP],
    ["TTP in 2019, relapse now", TTP],
    // Still active: a partial remission leaves the counts below normal; refractory, persistent, flaring, worse.
    ["ITP in partial remission", ITP],
    ["h/o ITP, in partial remission", ITP],
    ["ITP, refractory", ITP],
    ["persistent ITP", ITP],
    ["ITP flare", ITP],
    ["TTP exacerbation", TTP],
    ["worsening DIC", DIC],
    ["Evans syndrome", EVANS],
    ["presumed TTP", TTP],
    ["DIC", DIC],
    ["probable HIT", HIT],
    ["HLH", HLH],
    ["suspected HLH", HLH_CONSIDERED],
    ["probable HLH", HLH_CONSIDERED],
    ["HLH not excluded", HLH_CONSIDERED],
    ["infection during HLH treatment", HLH],
    ["recurrent DVT", CLOT],
    ["presented w/ DVT", CLOT],
    ["HLH criteria met", HLH],
    ["new PE", CLOT],
    ["PE (bilateral), today", CLOT],
    ["DVT extension", CLOT],
    // A current word or a relapse beats a past date; a date inside the episode is current.
    ["new DVT (left leg) 2024", CLOT],
    ["DVT (left leg) 2024, now recurrent", CLOT],
    ["DVT (left leg) 2026-03-09", CLOT],
    ["DIC dx 2026-03-09", DIC],
    ["GI bleed requiring transfusion", MAJOR_BLEED],
  ])("%j is read as %s", (words, id) => {
    for (const p of both(chart(words))) expect(named(p)).toContain(id);
  });

  it.each([
    ["suspected TTP", TTP],
    ["presumed TTP", TTP],
  ])("%j is weighed, never confirmed by the words alone", (words, disorder) => {
    for (const p of both(chart(words)))
      for (const f of p.findings.filter((x) => x.disorder === disorder))
        expect(["possible", "unlikely"]).toContain(f.certainty);
  });
});

describe("a rule-out is a suspicion worth a work-up, not a confirmation and not nothing", () => {
  it.each([
    ["rule out TTP", TTP],
    ["r/o HIT", HIT],
    ["rule out HLH", HLH_CONSIDERED],
    ["HLH workup sent", HLH_CONSIDERED],
    ["screening for HLH", HLH_CONSIDERED],
    ["rule out PE", SUSPECTED_PE],
    ["r/o DVT", SUSPECTED_DVT],
    ["r/o GI bleed", SUSPECTED_BLEED],
  ])("%j is listed as %s", (words, id) => {
    for (const p of both(chart(words))) {
      expect(named(p)).toContain(id);
      expect(named(p)).not.toContain(CLOT);
      expect(named(p)).not.toContain(MAJOR_BLEED);
      for (const f of p.findings) expect(f.certainty).not.toBe("definite");
    }
  });

  it("the other side: the same problem ruled out in the same words lists nothing", () => {
    for (const words of ["r/o PE, CTPA negative", "TTP ruled out", "HLH ruled out", "HLH workup negative"])
      for (const p of both(chart(words)))
        expect(named(p).filter((id) => [SUSPECTED_PE, CLOT, TTP, HLH, HLH_CONSIDERED].includes(id))).toEqual(
          [],
        );
  });
});

describe("a rule-out or a doubt of a diagnosis of exclusion is answered by the labs, never by the words alone", () => {
  // A rule-out or a doubt of ITP, Evans, DIC or acquired haemophilia names no diagnosis, only the question (events.yaml
  // ruleOutKinds and doubt: ITP is a diagnosis of exclusion, and an AHA read from a suspicion would offer bypassing
  // agents): the count and the coagulation tests decide, and the detectors read them whatever the words say.
  const ruleOuts = [
    "rule out ITP",
    "r/o Evans",
    "rule out DIC",
    "rule out AHA",
    "suspected ITP",
    "?ITP",
    "possible Evans syndrome",
    "probable DIC",
    "concern for DIC",
    "suspected AHA",
  ];

  it.each(ruleOuts)("%j with platelets 230 is no finding and lists nothing", (words) => {
    for (const p of both(chart(words))) {
      expect(p.findings).toEqual([]);
      expect(named(p).filter((id) => [ITP, EVANS, DIC, AHA].includes(id))).toEqual([]);
    }
  });

  // A diagnosis the writer sets aside ("doubt ITP", "ITP less likely") is read as a negation of the words, never of
  // the results: the count still decides.
  it.each(["doubt ITP", "ITP less likely", "unlikely ITP"])(
    "%j with platelets 40 after pembrolizumab still flags the fall as ITP; with 230 it names nothing",
    (words) => {
      for (const p of both(chart(words, 40))) expect(named(p)).toContain(ITP);
      for (const p of both(chart(words)))
        expect(named(p).filter((id) => [ITP, "itp-considered"].includes(id))).toEqual([]);
    },
  );

  it.each(ruleOuts)(
    "the other side: %j with platelets 40 after pembrolizumab still flags the fall as ITP",
    (words) => {
      for (const p of both(chart(words, 40))) expect(named(p)).toContain(ITP);
    },
  );
});

describe("a rule-out with the tests that answer it missing is listed as considered, with its work-up and no treatment", () => {
  // After pembrolizumab, the same words with the deciding tests missing, normal or abnormal (on 10 March, beside
  // the words): missing, the question is listed with the work-up that answers it; normal, the labs answered and
  // nothing is listed; abnormal, the detector names the disorder and the question is not listed again.
  type Lab = readonly [loinc: string, value: number | string, unit?: string];
  const NORMAL_COAGULATION: Lab[] = [
    ["5902-2", 12, "s"],
    ["3255-7", 3, "g/L"],
    ["48065-7", 0.3, "ug/mL"],
  ];
  const table: {
    words: string;
    considered: string;
    /** The work-up ids the item lists (among others; a test on record is not asked for again). */
    workup: string[];
    missing: { platelets?: number; labs?: Lab[] };
    normal: { platelets: number; labs: Lab[] };
    abnormal: { platelets: number; labs: Lab[]; finding: string };
  }[] = [
    {
      words: "rule out ITP",
      considered: "itp-considered",
      workup: ["platelets", "peripheral-smear"],
      missing: {},
      normal: { platelets: 230, labs: [] },
      abnormal: { platelets: 40, labs: [], finding: ITP },
    },
    {
      words: "r/o Evans",
      considered: "evans-considered",
      // The count on record is not asked for again.
      workup: ["dat", "reticulocytes-pct", "ldh", "haptoglobin"],
      // The count is on record, the DAT is not: the Evans question is still open.
      missing: { platelets: 230 },
      normal: { platelets: 230, labs: [["1007-4", "negative"]] },
      abnormal: {
        platelets: 40,
        labs: [
          ["1007-4", "positive"],
          ["718-7", 80, "g/L"],
          ["2532-0", 600, "U/L"],
        ],
        finding: EVANS,
      },
    },
    {
      words: "rule out DIC",
      considered: "dic-considered",
      workup: ["pt", "fibrinogen", "d-dimer-feu"],
      // The count alone does not score the ISTH DIC score.
      missing: { platelets: 230 },
      normal: { platelets: 230, labs: NORMAL_COAGULATION },
      abnormal: {
        platelets: 40,
        labs: [
          ["5902-2", 20, "s"],
          ["3255-7", 0.8, "g/L"],
          ["48065-7", 8, "ug/mL"],
        ],
        finding: DIC,
      },
    },
    {
      words: "evaluate for AHA",
      considered: "aha-considered",
      workup: ["aptt", "aptt-mixing-study", "fviii-activity", "fviii-inhibitor"],
      missing: { platelets: 230 },
      normal: { platelets: 230, labs: [["14979-9", 30, "s"]] },
      abnormal: {
        platelets: 230,
        labs: [
          ["14979-9", 70, "s"],
          ["5902-2", 12, "s"],
          ["3209-4", 3, "%"],
        ],
        finding: AHA,
      },
    },
  ];
  const CONSIDERED = table.map((t) => t.considered);
  const charted = (words: string, labs: { platelets?: number; labs?: Lab[] }): Charted => ({
    doses: [["pembrolizumab", "2026-02-16"]],
    problems: [[words, "2026-03-10"]],
    ...labs,
  });
  /** Every plan line of the report, the findings' and the listed items'. */
  const lines = (p: PatientReport) => [
    ...p.findings.flatMap((f) => f.management),
    ...p.unexplained.flatMap((u) => u.management ?? []),
  ];

  it.each(table)(
    "$words with the deciding tests missing: $considered with its work-up, no finding and no plan line",
    ({ words, considered, workup, missing }) => {
      for (const p of both(charted(words, missing))) {
        expect(p.findings).toEqual([]);
        const items = p.unexplained.filter((u) => CONSIDERED.includes(u.abnormality));
        expect(items.map((u) => u.abnormality)).toEqual([considered]);
        expect(items[0]?.workup.map((w) => w.id)).toEqual(expect.arrayContaining(workup));
        expect(items[0]?.why).toContain("Not on record:");
        // A question is no diagnosis: no corticosteroid, bypassing agent or anticoagulant on it.
        expect(lines(p)).toEqual([]);
      }
    },
  );

  it("with no count at all, a rule-out of ITP names the count it waits for", () => {
    for (const p of both(charted("rule out ITP", {}))) {
      const [item] = p.unexplained.filter((u) => u.abnormality === "itp-considered");
      expect(item?.why).toMatch(/Not on record: [^.]*platelet/i);
    }
  });

  it.each(table)(
    "the other side: $words with the tests on record and normal lists nothing",
    ({ words, normal }) => {
      for (const p of both(charted(words, normal))) {
        expect(p.findings).toEqual([]);
        expect(named(p).filter((id) => CONSIDERED.includes(id))).toEqual([]);
      }
    },
  );

  it.each(table)(
    "the other side: $words with the tests abnormal is the finding, not the question",
    ({ words, abnormal: { finding, ...labs } }) => {
      for (const p of both(charted(words, labs))) {
        expect(p.findings.map((f) => f.disorder)).toContain(finding);
        expect(named(p).filter((id) => CONSIDERED.includes(id))).toEqual([]);
      }
    },
  );

  it.each([
    "ITP ruled out",
    "DIC ruled out",
    "AHA excluded",
    "Evans syndrome ruled out",
    "DIC workup negative",
  ])("the other side: %j with no test on record lists no question", (words) => {
    for (const p of both(charted(words, {})))
      expect(named(p).filter((id) => CONSIDERED.includes(id))).toEqual([]);
  });

  it("the other side: the rule-out without an immunotherapy dose lists nothing", () => {
    for (const p of both({ problems: [["rule out DIC", "2026-03-10"]] }))
      expect(named(p).filter((id) => CONSIDERED.includes(id))).toEqual([]);
  });

  it("a TTP being ruled out with nothing on record is a possible TTP, worked up, with the ISTH steps and no caplacizumab", () => {
    // Suspected TTP is an emergency: the rule-out is the working diagnosis (events.yaml workupKept), with the ADAMTS13
    // sample before any plasma and plasma exchange when the pretest probability is intermediate or high (Zheng 2020).
    for (const p of both(charted("r/o TTP", {}))) {
      const [ttp, ...more] = p.findings;
      expect(more).toEqual([]);
      expect(ttp?.disorder).toBe(TTP);
      expect(ttp?.certainty).toBe("possible");
      expect(ttp?.workup.map((w) => w.id)).toEqual(
        expect.arrayContaining([
          "adamts13-activity",
          "schistocytes",
          "ldh",
          "haptoglobin",
          "reticulocytes-pct",
          "creatinine",
        ]),
      );
      const ids = ttp?.management.map((m) => m.id) ?? [];
      expect(ids).toEqual(expect.arrayContaining(["ttp-hematology-now", "ttp-tpe-low-suspicion"]));
      expect(ids.filter((id) => id.includes("caplacizumab") && !id.includes("avoid"))).toEqual([]);
    }
  });

  it.each([
    ["suspected ITP", "itp-considered"],
    ["?ITP", "itp-considered"],
    ["possible Evans syndrome", "evans-considered"],
    ["probable DIC", "dic-considered"],
    ["DIC not excluded", "dic-considered"],
    ["suspected AHA", "aha-considered"],
    ["?acquired haemophilia", "aha-considered"],
  ])(
    "a doubt is the same question: %j with no test on record is %s, with no finding and no plan line",
    (words, considered) => {
      for (const p of both(charted(words, {}))) {
        expect(p.findings).toEqual([]);
        expect(
          p.unexplained.filter((u) => CONSIDERED.includes(u.abnormality)).map((u) => u.abnormality),
        ).toEqual([considered]);
        expect(lines(p)).toEqual([]);
      }
    },
  );

  it("the other side: a suspected TTP or HIT stays the working diagnosis, not a question", () => {
    for (const words of ["suspected TTP", "suspected HIT"])
      for (const p of both(charted(words, {}))) {
        expect(named(p)).toContain(words === "suspected TTP" ? TTP : HIT);
        expect(named(p).filter((id) => CONSIDERED.includes(id))).toEqual([]);
      }
  });
});

describe("an HLH suspected or being ruled out is worked up and the checkpoint inhibitor held; its treatment waits", () => {
  /** The HLH items of the report, with their work-up and plan line ids. */
  const hlhItems = (p: PatientReport) =>
    p.unexplained
      .filter((u) => u.abnormality === HLH || u.abnormality === HLH_CONSIDERED)
      .map((u) => ({
        id: u.abnormality,
        workup: u.workup.map((w) => w.id),
        lines: (u.management ?? []).map((m) => m.id.replace(`unexplained-${u.abnormality}-`, "")),
      }));
  /** The HLH-2004 work-up (Henter 2007) beside the counts. */
  const HLH_2004 = ["ferritin", "triglycerides", "fibrinogen", "soluble-cd25", "bone-marrow-examination"];

  it.each(["suspected HLH", "rule out HLH", "HLH workup sent"])(
    "%j after pembrolizumab: the HLH-2004 work-up and the hold, no corticosteroids yet",
    (words) => {
      for (const p of both(chart(words))) {
        const [item, ...more] = hlhItems(p);
        expect(more).toEqual([]);
        expect(item?.id).toBe(HLH_CONSIDERED);
        expect(item?.workup).toEqual(expect.arrayContaining(HLH_2004));
        expect(item?.lines).toEqual(["ici-hlh-hold"]);
      }
    },
  );

  it("the other side: a charted HLH gets the same work-up, the hold and the treatment lines", () => {
    for (const p of both(chart("HLH"))) {
      const [item] = hlhItems(p);
      expect(item?.id).toBe(HLH);
      expect(item?.workup).toEqual(expect.arrayContaining(HLH_2004));
      expect(item?.lines).toEqual(expect.arrayContaining(["ici-hlh-hold", "ici-hlh-corticosteroids"]));
    }
  });

  it.each(["HLH ruled out", "HLH criteria not met", "HLH workup negative"])(
    "the other side: %j gets no HLH item and no HLH line anywhere",
    (words) => {
      for (const p of both(chart(words))) {
        expect(hlhItems(p)).toEqual([]);
        const lines = [
          ...p.findings.flatMap((f) => f.management),
          ...p.unexplained.flatMap((u) => u.management ?? []),
        ];
        expect(lines.map((m) => m.id).filter((id) => id.includes("hlh"))).toEqual([]);
      }
    },
  );
});

describe("a negative study named for the clot it looks for settles the suspicion; a positive one is the clot", () => {
  it("'CTA chest (PE study): no pulmonary embolism' after 'concern for PE' lists no suspected PE", () => {
    for (const p of chartedAfterSuspicion("concern for PE", [
      "CTA chest (PE study): no pulmonary embolism",
      "2026-03-05",
    ]))
      expect(named(p).filter((id) => [SUSPECTED_PE, CLOT].includes(id))).toEqual([]);
  });

  it("the other side: 'CTA chest (PE study): segmental pulmonary embolism' is the clot", () => {
    for (const p of chartedAfterSuspicion("concern for PE", [
      "CTA chest (PE study): segmental pulmonary embolism",
      "2026-03-05",
    ])) {
      expect(named(p)).toContain(CLOT);
      expect(named(p)).not.toContain(SUSPECTED_PE);
    }
  });
});

describe("a past episode beside a new fall: the differential weighs, it does not erase", () => {
  it("a history of ITP in remission with platelets 40 after pembrolizumab still flags the fall as ITP", () => {
    for (const p of both(chart("history of ITP (2015), in remission", 40))) expect(named(p)).toContain(ITP);
  });

  it("the other side: the same history with platelets 230 names no ITP", () => {
    for (const p of both(chart("history of ITP (2015), in remission"))) expect(named(p)).not.toContain(ITP);
  });

  it("an ITP in partial remission with platelets 40 after pembrolizumab flags the fall as ITP", () => {
    for (const p of both(chart("ITP in partial remission", 40))) expect(named(p)).toContain(ITP);
  });

  it("the other side: an ITP in complete remission with platelets 230 names no ITP", () => {
    for (const p of both(chart("ITP in complete remission"))) expect(named(p)).not.toContain(ITP);
  });
});

describe("a current diagnosis named again in later records is counted once", () => {
  const hlhThen = (later: string): Charted => ({
    doses: [["pembrolizumab", "2026-02-16"]],
    problems: [
      ["HLH", "2026-03-03"],
      [later, "2026-03-10"],
    ],
    platelets: 230,
  });

  it.each(["infection during HLH treatment", "CMV reactivation on HLH therapy"])(
    "HLH, then %j: one HLH listed, both records its evidence",
    (later) => {
      for (const p of both(hlhThen(later))) {
        const items = p.unexplained.filter((u) => u.abnormality === HLH);
        expect(items).toHaveLength(1);
        expect(items[0]?.evidence).toHaveLength(2);
      }
    },
  );

  it("the other side: a record of something else after the HLH adds nothing to it", () => {
    for (const p of both(hlhThen("pneumonia")))
      expect(p.unexplained.filter((u) => u.abnormality === HLH).map((u) => u.evidence.length)).toEqual([1]);
  });
});
