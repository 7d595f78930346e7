import { describe, expect, it } from "vitest";
import { assessWithAt } from "../../../../../test/support/assess.js";
import { contextDrug, day, event, exposure, lab, record } from "../../../../../test/support/record.js";
import { loadDisorders, loadManifest } from "../../../../knowledge/src/sources.js";
import type { ScoreResult } from "../../contracts/report.js";
import type { LabDefinition } from "../../knowledge/vocabulary.js";
import type { DetectServices } from "./context.js";
import { detectAll, episodeStarts, laterCourses } from "./engine.js";

const defs = loadDisorders(loadManifest());
const REFS: Record<string, LabDefinition["reference"]> = {
  platelets: { low: 150, high: 400, sourceIds: [] },
  aptt: { low: 25, high: 35, sourceIds: [] },
  pt: { low: 11, high: 13.5, sourceIds: [] },
  "fviii-activity": { low: 50, high: 150, sourceIds: [] },
  haptoglobin: { low: 30, high: 200, sourceIds: [] },
  ldh: { low: 120, high: 250, sourceIds: [] },
  "d-dimer-feu": { high: 0.5, sourceIds: [] },
};

/** Services with scores fixed per id, so these tests exercise the engine alone. */
function services(scores: Record<string, number> = {}): DetectServices {
  return {
    lab: (id) => ({ id, name: id, kind: "quantity", reference: REFS[id] }),
    score: (id, at): ScoreResult | undefined =>
      scores[id] === undefined
        ? undefined
        : {
            id,
            value: scores[id],
            at,
            components: {},
            missing: [],
            interpretation: "test",
            category: "x",
            evidence: [],
            sourceIds: [],
          },
    scoreName: (id: string) => id,
    scoreLabs: () => ["platelets", "fibrinogen", "inr", "pt"],
    scoreEvents: () => [],
    ctcaeGrade: (_term, r) =>
      (r.value ?? 999) < 25 ? 4 : (r.value ?? 999) < 50 ? 3 : (r.value ?? 999) < 75 ? 2 : 1,
  };
}

const at = day(200);
const nivo = exposure("nivolumab", "ici", [0, 14, 28, 42]);

describe("ITP", () => {
  it("isolated thrombocytopenia with every exclusion assessed is definite, with onset and grade", () => {
    const r = record({
      exposures: [nivo],
      labs: [
        lab("platelets", -5, 240),
        lab("platelets", 45, 8),
        lab("anc", 45, 3.1),
        lab("schistocytes", 45, "negative"),
        lab("inr", 45, 1.0),
        lab("fibrinogen", 45, 3.0),
      ],
    });
    const [f] = detectAll(defs, r, at, services()).detections;
    expect(f?.disorder).toBe("itp");
    expect(f?.certainty).toBe("definite");
    expect(f?.grade).toBe(4);
    expect(f?.onset).toMatchObject({ drug: "nivolumab", daysFromFirstDose: 45, daysFromLastDose: 3 });
  });

  it("missing exclusions lower certainty and are named as missing", () => {
    const r = record({ exposures: [nivo], labs: [lab("platelets", -5, 240), lab("platelets", 45, 8)] });
    const [f] = detectAll(defs, r, at, services()).detections;
    expect(f?.certainty).toBe("probable");
    const missing = f?.criteria.filter((c) => c.status === "missing").map((c) => c.id);
    expect(missing).toEqual(expect.arrayContaining(["isolated", "no-schistocytes", "coagulation-normal"]));
  });

  it("a low count before the first dose without a new fall (same grade, < 50 %) is not ITP", () => {
    const r = record({ exposures: [nivo], labs: [lab("platelets", -5, 80), lab("platelets", 45, 76)] });
    expect(detectAll(defs, r, at, services()).detections).toEqual([]);
  });

  it("a new fall on a low baseline is ITP: 95 → 49 is a new grade 3 (the baseline explains 95, not 49)", () => {
    const r = record({ exposures: [nivo], labs: [lab("platelets", -5, 95), lab("platelets", 45, 49)] });
    const [f] = detectAll(defs, r, at, services()).detections;
    expect(f).toMatchObject({ disorder: "itp", certainty: "probable" });
    expect(f?.criteria.find((c) => c.id === "new-fall")?.status).toBe("met");
    expect(f?.differentials.find((d) => d.id === "pre-existing")?.status).toBe("unmet");
  });

  it("chemotherapy with neutropenia weighs twice against ITP, chemotherapy alone once; neither erases it", () => {
    const labs = [lab("platelets", -5, 240), lab("platelets", 45, 30)];
    const chemo = contextDrug("carboplatin", ["chemotherapy"], 30);
    const suppressed = record({
      exposures: [nivo],
      contextDrugs: [chemo],
      labs: [...labs, lab("anc", 45, 0.6)],
    });
    const [weighed] = detectAll(defs, suppressed, at, services()).detections;
    expect(weighed).toMatchObject({ disorder: "itp", certainty: "possible" });
    expect(weighed?.summary).toMatch(
      /Competing explanations: Chemotherapy or another myelosuppressive cancer drug 3 to 30 days.*neutropenia/,
    );
    const isolated = record({ exposures: [nivo], contextDrugs: [chemo], labs: [...labs, lab("anc", 45, 3)] });
    const [f] = detectAll(defs, isolated, at, services()).detections;
    expect(f?.certainty).toBe("possible");
    expect(f?.differentials.find((d) => d.id === "recent-chemotherapy")?.status).toBe("met");
  });

  it("a documented HIT excludes ITP", () => {
    const r = record({
      exposures: [nivo],
      labs: [lab("platelets", -5, 240), lab("platelets", 45, 40)],
      events: [event("hit", 44)],
    });
    expect(detectAll(defs, r, at, services()).detections.map((f) => f.disorder)).not.toContain("itp");
  });

  it("platelets below 100 before the first dose only (day ≤ 0) do not open an episode", () => {
    const r = record({ exposures: [nivo], labs: [lab("platelets", -1, 20)] });
    expect(detectAll(defs, r, at, services()).detections).toEqual([]);
  });

  it("a later, deeper episode is found even when an early mild dip opened an earlier one", () => {
    const r = record({
      exposures: [nivo],
      labs: [
        lab("platelets", -5, 250),
        lab("platelets", 10, 95),
        lab("platelets", 12, 180),
        lab("platelets", 120, 5),
      ],
    });
    const [f] = detectAll(defs, r, at, services()).detections;
    expect(f?.onset?.daysFromFirstDose).toBe(120);
    expect(f?.grade).toBe(4);
  });

  it("marrow failure found while the count stays low excludes ITP; one a year later does not", () => {
    const labs = [lab("platelets", -5, 240), lab("platelets", 45, 8)];
    const found = (marrowDay: number) =>
      detectAll(
        defs,
        record({ exposures: [nivo], labs, events: [event("marrow-failure", marrowDay)] }),
        at,
        services(),
      )
        .detections.map((f) => f.disorder)
        .includes("itp");
    expect(found(45 + 90)).toBe(false);
    expect(found(45 + 91)).toBe(true);
  });

  it("early cytopenia after CAR-T is not sought as ITP", () => {
    const cart = exposure("axicabtagene-ciloleucel", "car-t", [0]);
    const r = record({ exposures: [cart], labs: [lab("platelets", -6, 200), lab("platelets", 10, 20)] });
    expect(detectAll(defs, r, at, services()).detections.map((f) => f.disorder)).not.toContain("itp");
  });

  it("results after the evaluation time are not used", () => {
    const r = record({ exposures: [nivo], labs: [lab("platelets", -5, 240), lab("platelets", 45, 8)] });
    expect(detectAll(defs, r, day(40), services()).detections).toEqual([]);
  });

  it("conflicting results at the same instant are left out of detection", () => {
    const a = lab("platelets", 45, 8);
    const b = lab("platelets", 45, 210);
    const r = record({
      exposures: [nivo],
      labs: [lab("platelets", -5, 240), a, b],
      conflicts: [{ kind: "same-instant-values", refs: [a.ref, b.ref], detail: "two platelet counts" }],
    });
    expect(detectAll(defs, r, at, services()).detections).toEqual([]);
  });
});

describe("Evans", () => {
  it("ITP with DAT-positive hemolysis is Evans, which replaces the ITP finding", () => {
    const r = record({
      exposures: [nivo],
      labs: [
        lab("platelets", -5, 240),
        lab("hemoglobin", -5, 13),
        lab("platelets", 50, 12),
        lab("hemoglobin", 50, 7.1),
        lab("dat", 50, "positive"),
        lab("haptoglobin", 50, 5),
        lab("ldh", 50, 600),
      ],
    });
    const f = detectAll(defs, r, at, services()).detections;
    expect(f.map((x) => x.disorder)).toEqual(["evans"]);
    expect(f[0]?.certainty).toBe("definite");
    expect(f[0]?.grade).toBe(4);
  });

  it("charted ITP and autoimmune hemolytic anemia without results are possible Evans; either alone is not", () => {
    const aiha = event("hemolysis", 60, { qualifiers: ["autoimmune"] });
    const both = detectAll(
      defs,
      record({ exposures: [nivo], events: [event("itp", 60), aiha] }),
      at,
      services(),
    ).detections;
    expect(both.map((f) => [f.disorder, f.certainty])).toEqual([["evans", "possible"]]);
    const aihaOnly = detectAll(
      defs,
      record({ exposures: [nivo], events: [aiha] }),
      at,
      services(),
    ).detections;
    expect(aihaOnly).toEqual([]);
    const itpOnly = detectAll(
      defs,
      record({ exposures: [nivo], events: [event("itp", 60)] }),
      at,
      services(),
    ).detections;
    expect(itpOnly.map((f) => f.disorder)).toEqual(["itp"]);
  });
});

describe("TTP", () => {
  const labs = [
    lab("platelets", -5, 240),
    lab("platelets", 20, 12),
    lab("schistocytes", 20, "positive"),
    lab("haptoglobin", 20, 5),
    lab("ldh", 20, 900),
  ];
  it("ADAMTS13 < 10 % with microangiopathy is definite", () => {
    const r = record({ exposures: [nivo], labs: [...labs, lab("adamts13-activity", 21, 3)] });
    const [f] = detectAll(defs, r, at, services({ plasmic: 6 })).detections;
    expect(f).toMatchObject({ disorder: "ttp", certainty: "definite" });
  });
  it("without ADAMTS13, PLASMIC ≥ 6 makes it probable and ADAMTS13 is named missing", () => {
    const r = record({ exposures: [nivo], labs });
    const [f] = detectAll(defs, r, at, services({ plasmic: 6 })).detections;
    expect(f).toMatchObject({ disorder: "ttp", certainty: "probable" });
    expect(f?.criteria.find((c) => c.id === "adamts13-severe")?.status).toBe("missing");
  });
  it("ADAMTS13 above 20 % excludes TTP; the schistocytes keep it from being called ITP", () => {
    const r = record({ exposures: [nivo], labs: [...labs, lab("adamts13-activity", 21, 55)] });
    expect(detectAll(defs, r, at, services({ plasmic: 6 })).detections).toEqual([]);
  });
  it("ADAMTS13 of exactly 10 % is indeterminate and lowers certainty", () => {
    const r = record({ exposures: [nivo], labs: [...labs, lab("adamts13-activity", 21, 10)] });
    const [f] = detectAll(defs, r, at, services({ plasmic: 6 })).detections;
    expect(f).toMatchObject({ disorder: "ttp", certainty: "possible" });
  });
});

describe("AHA", () => {
  it("low FVIII with an inhibitor is definite and graded by FVIII activity", () => {
    const r = record({
      exposures: [nivo],
      labs: [
        lab("aptt", 60, 78),
        lab("fviii-activity", 61, 2),
        lab("fviii-inhibitor", 61, 12.5),
        lab("inr", 60, 1.0),
      ],
      events: [event("bleeding", 58, { text: "thigh hematoma" })],
    });
    const [f] = detectAll(defs, r, at, services()).detections;
    expect(f).toMatchObject({ disorder: "aha", certainty: "definite", grade: 2 });
  });
  it("an inhibitor titre of 0.5 BU/mL is below the positive cut-off (0.6)", () => {
    const r = record({
      exposures: [nivo],
      labs: [lab("aptt", 60, 50), lab("fviii-activity", 61, 30), lab("fviii-inhibitor", 61, 0.5)],
    });
    const f = detectAll(defs, r, at, services()).detections;
    expect(f.find((x) => x.disorder === "aha")?.certainty).not.toBe("definite");
  });
});

describe("CARAC and DIC after CAR-T", () => {
  const cart = exposure("tisagenlecleucel", "car-t", [0]);
  it("hypofibrinogenemia and prolonged PT with CRS in the first month is definite CARAC", () => {
    const r = record({
      exposures: [cart],
      labs: [lab("fibrinogen", 8, 0.9), lab("pt", 8, 17), lab("platelets", 8, 60)],
      events: [event("crs", 3, { grade: 3 })],
    });
    const [f] = detectAll(defs, r, at, services()).detections;
    expect(f).toMatchObject({ disorder: "carac", certainty: "definite", grade: 3 });
  });
  it("a CAR-T patient with normal coagulation has no finding", () => {
    const r = record({
      exposures: [cart],
      labs: [lab("fibrinogen", 8, 3.2), lab("pt", 8, 12), lab("platelets", 8, 60)],
      events: [event("crs", 3, { grade: 1 })],
    });
    expect(detectAll(defs, r, at, services()).detections).toEqual([]);
  });
  it("overt DIC after CAR-T is listed before CARAC of the same certainty and grade", () => {
    const r = record({
      exposures: [cart],
      labs: [lab("fibrinogen", 8, 0.8), lab("pt", 8, 19), lab("platelets", 8, 30)],
      events: [event("crs", 3, { grade: 3 })],
    });
    const f = detectAll(defs, r, at, services({ "isth-overt-dic": 6 })).detections;
    expect(f.map((x) => x.disorder)).toEqual(["dic", "carac"]);
    expect(f[0]?.certainty).toBe("definite");
  });
});

describe("order of findings", () => {
  // A charted ITP without a count is possible; an imaged stroke is a probable thrombosis of its own.
  const chartedItpAndStroke = (grade: number) =>
    detectAll(
      defs,
      record({
        exposures: [nivo],
        events: [event("itp", 28, { grade }), event("thrombosis", 35, { text: "Left cerebral infarction" })],
      }),
      at,
      services(),
    ).detections.map((f) => `${f.disorder}/${f.certainty}`);

  it("a fatal (grade 5) finding leads the report even when a co-existing finding is more certain", () => {
    expect(chartedItpAndStroke(5)).toEqual(["itp/possible", "thrombosis/probable"]);
  });
  it("below grade 5 the more certain finding leads (grade 4 ITP after a probable thrombosis)", () => {
    expect(chartedItpAndStroke(4)).toEqual(["thrombosis/probable", "itp/possible"]);
  });
});

describe("diagnoses charted without the confirming results", () => {
  const status = (f: ReturnType<typeof detectAll>["detections"][number] | undefined, id: string) =>
    f?.criteria.find((c) => c.id === id)?.status;

  it.each([
    ["itp", "thrombocytopenia"],
    ["ttp", "adamts13-severe"],
    ["aha", "fviii-low"],
  ] as const)(
    "a charted %s diagnosis after the first dose is possible, with the missing results named",
    (kind, lab) => {
      const [f] = detectAll(
        defs,
        record({ exposures: [nivo], events: [event(kind, 60)] }),
        at,
        services(),
      ).detections;
      expect(f).toMatchObject({ disorder: kind, certainty: "possible" });
      expect(status(f, "documented")).toBe("met");
      // ITP's own diagnosis stands in for the missing count (charted, lower weight); TTP and AHA still
      // name their confirming result as missing.
      const c = f?.criteria.find((x) => x.id === lab);
      if (kind === "itp") expect(c).toMatchObject({ status: "met", charted: true });
      else expect(c?.status).toBe("missing");
    },
  );

  it("a charted DIC after CAR-T is possible until the ISTH score can be computed", () => {
    const cart = exposure("car-t-unspecified", "car-t", [0]);
    const r = record({ exposures: [cart], events: [event("crs", 2), event("dic", 9)] });
    const [f] = detectAll(defs, r, at, services()).detections;
    expect(f).toMatchObject({ disorder: "dic", certainty: "possible" });
    expect(f?.onset?.daysFromFirstDose).toBe(9);
  });

  it("a diagnosis charted before the first dose is not attributed to the drug", () => {
    expect(
      detectAll(defs, record({ exposures: [nivo], events: [event("itp", -30)] }), at, services()).detections,
    ).toEqual([]);
  });

  it("a charted diagnosis with the confirming results keeps the certainty the results give", () => {
    const r = record({
      exposures: [nivo],
      labs: [lab("fviii-activity", 60, 2), lab("fviii-inhibitor", 60, 12)],
      events: [event("aha", 60)],
    });
    expect(detectAll(defs, r, at, services()).detections[0]).toMatchObject({
      disorder: "aha",
      certainty: "definite",
    });
  });
});

describe("thrombosis", () => {
  it("a pulmonary embolism during ICI is probable at most and graded 3", () => {
    const r = record({
      exposures: [nivo],
      events: [event("thrombosis", 90, { qualifiers: ["venous", "pulmonary-embolism"] })],
    });
    const [f] = detectAll(defs, r, at, services()).detections;
    expect(f).toMatchObject({ disorder: "thrombosis", certainty: "probable", grade: 3 });
  });
  it("a thrombosis before the first dose is not attributed", () => {
    const r = record({ exposures: [nivo], events: [event("thrombosis", -20)] });
    expect(detectAll(defs, r, at, services()).detections).toEqual([]);
  });
});

describe("episodes", () => {
  it("hits more than the episode length apart open separate episodes", () => {
    expect(episodeStarts([day(1), day(10), day(40), day(41)], 30)).toEqual([day(1), day(40)]);
  });
});

describe("latency timed from the latest dose", () => {
  const late = day(1000);
  const every = (from: number, to: number, step: number) =>
    Array.from({ length: Math.floor((to - from) / step) + 1 }, (_, i) => from + i * step);
  const itpOf = (days: number[], onset: number) => {
    const r = record({
      exposures: [exposure("nivolumab", "ici", days)],
      labs: [lab("platelets", -5, 240), lab("platelets", onset, 30)],
    });
    const f = detectAll(defs, r, late, services()).detections.find((d) => d.disorder === "itp");
    return { f, latency: f?.criteria.find((c) => c.id === "latency") };
  };

  it("an ICI-ITP on day 900 of continuous nivolumab is timed from the latest dose, and says so", () => {
    const { f, latency } = itpOf([...every(0, 896, 14), 910], 900);
    expect(f?.certainty).toBe("probable");
    expect(latency?.status).toBe("met");
    expect(latency?.detail).toContain(
      "onset day 900 after the first nivolumab dose; 4 days after the latest dose, on therapy",
    );
    expect(latency?.detail).toContain("timed from the latest dose");
    expect(f?.summary).toContain(
      "onset day 900 after the first nivolumab dose, 4 days after the latest dose, on therapy.",
    );
    expect(f?.onset).toMatchObject({ daysFromFirstDose: 900, daysFromLastDose: 4 });
  });

  it("after the last dose the window is 90 days: day 90 is met (no 'on therapy'), day 91 is not", () => {
    const doses = every(0, 700, 14);
    const last = doses[doses.length - 1] as number;
    const inside = itpOf(doses, last + 90);
    expect(inside.latency?.status).toBe("met");
    expect(inside.latency?.detail).toContain("90 days after the latest dose (");
    expect(inside.latency?.detail).not.toContain("on therapy");
    expect(inside.f?.certainty).toBe("probable");
    const outside = itpOf(doses, last + 91);
    expect(outside.latency?.status).toBe("unmet");
    expect(outside.f?.certainty).toBe("possible");
    expect(outside.f?.summary).toContain(`onset day ${last + 91} after nivolumab.`);
  });

  it("the first-dose minimum still holds: a fall 3 days after the first dose is not timed from it", () => {
    const { f, latency } = itpOf([0, 14], 3);
    expect(latency?.status).toBe("unmet");
    expect(f?.certainty).toBe("possible");
  });

  it("an onset inside the first-dose window is timed from the first dose and the summary is unchanged", () => {
    const { f, latency } = itpOf([0, 14, 28, 42], 45);
    expect(latency?.detail).toContain("timed from the first dose");
    expect(f?.summary).toContain("onset day 45 after nivolumab.");
  });

  it("a class without a latest-dose rule (CAR-T ITP) keeps timing from the infusion alone", () => {
    const r = record({
      exposures: [exposure("tisagenlecleucel", "car-t", [0])],
      labs: [lab("platelets", -5, 240), lab("platelets", 800, 30)],
    });
    const f = detectAll(defs, r, late, services()).detections.find((d) => d.disorder === "itp");
    expect(f?.criteria.find((c) => c.id === "latency")).toMatchObject({
      status: "unmet",
      detail: "onset day 800 after tisagenlecleucel (plausible: days 31–730)",
    });
  });

  it("CRS with a coagulopathy at a later bispecific cycle is a possible CARAC timed from that cycle's dose", () => {
    const tec = exposure("teclistamab", "bispecific", [0, 3, 6, ...every(13, 97, 7)]);
    const r = record({
      exposures: [tec],
      labs: [lab("fibrinogen", -5, 3), lab("fibrinogen", 92, 1.1), lab("pt", 92, 15)],
      events: [event("crs", 91, { grade: 2 })],
    });
    const f = detectAll(defs, r, late, services()).detections.find((d) => d.disorder === "carac");
    expect(f?.certainty).toBe("possible");
    expect(f?.criteria.find((c) => c.id === "crs")?.status).toBe("met");
    expect(f?.criteria.find((c) => c.id === "latency")?.detail).toContain(
      "onset day 92 after the first teclistamab dose; 2 days after the latest dose, on therapy",
    );
  });

  it("a CRS before the exposure's first dose does not count for its coagulopathy", () => {
    const blin = exposure("blinatumomab", "bispecific", [0, 7]);
    const r = record({
      exposures: [blin],
      labs: [lab("fibrinogen", -10, 3), lab("fibrinogen", 2, 1.1), lab("pt", 2, 15)],
      events: [event("crs", -3, { grade: 2 })],
    });
    expect(
      detectAll(defs, r, late, services()).detections.find((d) => d.disorder === "carac"),
    ).toBeUndefined();
    const withCrs = record({ ...r, events: [event("crs", 1, { grade: 2 })] });
    expect(
      detectAll(defs, withCrs, late, services()).detections.find((d) => d.disorder === "carac")?.certainty,
    ).toBe("possible");
  });
});

describe("laterCourses (re-challenge after a gap longer than the window after the latest dose)", () => {
  const itp = defs.find((d) => d.id === "itp");
  it("a dose 91 days after the previous one starts a new course; 90 days does not", () => {
    if (!itp) throw new Error("itp not loaded");
    const after = (gap: number) =>
      laterCourses(itp, exposure("pembrolizumab", "ici", [0, 21, 21 + gap, 42 + gap]));
    expect(after(91).map((c) => c.first)).toEqual([day(112, 10)]);
    expect(after(91)[0]?.doses).toHaveLength(2);
    expect(after(90)).toEqual([]);
  });
  it("a CAR-T infusion has no later course", () => {
    if (!itp) throw new Error("itp not loaded");
    expect(laterCourses(itp, exposure("tisagenlecleucel", "car-t", [0]))).toEqual([]);
  });
});

describe("a fall on a re-challenge course after a gap", () => {
  // Platelets 40 before a first course, 250 before a second a year later, 35 after it.
  const labs = [lab("platelets", -12, 40), lab("platelets", 360, 250), lab("platelets", 416, 35)];
  it("is found as ITP timed from the re-challenge course, and the summary says so", () => {
    const p = assessWithAt(day(420), { labs }, [exposure("pembrolizumab", "ici", [0, 21, 42, 365, 386])]);
    const itp = p.findings.find((f) => f.disorder === "itp");
    expect(itp?.onset?.daysFromFirstDose).toBe(51);
    expect(itp?.summary).toMatch(/first dose of a re-challenge course of pembrolizumab on 2024-12-31/);
  });
  it("without a gap over 90 days it is one course, timed from the first dose, with no such note", () => {
    const p = assessWithAt(day(420), { labs: [lab("platelets", -12, 250), lab("platelets", 416, 35)] }, [
      exposure("pembrolizumab", "ici", [0, 21, 42, 120, 200, 280, 365, 386]),
    ]);
    const itp = p.findings.find((f) => f.disorder === "itp");
    expect(itp?.onset?.daysFromFirstDose).toBe(416);
    expect(itp?.summary).not.toMatch(/re-challenge course/);
  });
});

describe("a recurrence after a re-challenge course (the same disorder again after a gap over 90 days)", () => {
  // Pembrolizumab days 0, 21, 42: platelets 240 → 15 on day 50, recovered to 210 on day 84; re-challenged on
  // day 200 (158 days after the dose before it), 221: platelets 230 on day 196, 12 on day 237.
  const doses = [0, 21, 42, 200, 221];
  const first = [lab("platelets", -3, 240), lab("platelets", 50, 15), lab("anc", 50, 3.2)];
  const recovery = [lab("platelets", 84, 210), lab("platelets", 196, 230)];
  const again = [lab("platelets", 237, 12), lab("anc", 237, 3)];

  it("is reported with the recurrence's onset, timed from the re-challenge course, still definite", () => {
    const p = assessWithAt(day(240), { labs: [...first, ...recovery, ...again] }, [
      exposure("pembrolizumab", "ici", doses),
    ]);
    const itp = p.findings.find((f) => f.disorder === "itp");
    expect(itp?.onset?.date.slice(0, 10)).toBe(day(237).slice(0, 10));
    expect(itp?.onset?.daysFromFirstDose).toBe(37);
    expect(itp?.certainty).toBe("definite");
    expect(itp?.summary).toMatch(/first dose of a re-challenge course of pembrolizumab/);
    // The first episode and its recovery are the recurrence's evidence, not a separate unexplained count.
    const rechallenge = itp?.criteria.find((c) => c.id === "rechallenge");
    expect(rechallenge?.status).toBe("met");
    expect(rechallenge?.detail).toMatch(/^this episode is the recurrence: .*15 ×10⁹\/L/);
    expect(p.unexplained).toEqual([]);
  });

  it("before the recurrence the finding is the first episode, timed from the first dose ever", () => {
    const p = assessWithAt(day(230), { labs: [...first, ...recovery] }, [
      exposure("pembrolizumab", "ici", doses),
    ]);
    const itp = p.findings.find((f) => f.disorder === "itp");
    expect(itp?.onset?.daysFromFirstDose).toBe(50);
    expect(itp?.summary).not.toMatch(/re-challenge course/);
  });

  it("without a recovery between the two, the later fall is not read as a recurrence", () => {
    // Platelets stay below 100 (60 on day 196): the count never recovered, so no re-challenge evidence.
    const p = assessWithAt(day(240), { labs: [...first, lab("platelets", 196, 60), ...again] }, [
      exposure("pembrolizumab", "ici", doses),
    ]);
    const itp = p.findings.find((f) => f.disorder === "itp");
    expect(itp?.criteria.find((c) => c.id === "rechallenge")?.status).not.toBe("met");
    expect(itp?.onset?.daysFromFirstDose).toBe(50);
  });

  it("a re-dose within 90 days of the last is no re-challenge course: timed from the first dose", () => {
    // Re-given on day 120 (78 days after day 42): one course; the first episode stays the finding with the
    // recurrence as its evidence.
    const p = assessWithAt(
      day(160),
      { labs: [...first, lab("platelets", 84, 210), lab("platelets", 115, 220), lab("platelets", 157, 12)] },
      [exposure("pembrolizumab", "ici", [0, 21, 42, 120, 141])],
    );
    const itp = p.findings.find((f) => f.disorder === "itp");
    expect(itp?.onset?.daysFromFirstDose).toBe(50);
    expect(itp?.criteria.find((c) => c.id === "rechallenge")?.status).toBe("met");
    expect(itp?.summary).not.toMatch(/re-challenge course/);
  });
});
