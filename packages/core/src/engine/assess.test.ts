import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../test/support/knowledge.js";
import { day, exposure, lab, record } from "../../../../test/support/record.js";
import { ageAt, assessPatient, begunBy, plannedShows, therapiesByClass } from "./assess.js";

const k = testKnowledge();

describe("assessPatient", () => {
  it("leaves results in a same-instant conflict out of grades, scores and findings", () => {
    const a = lab("platelets", 20, 8);
    const b = lab("platelets", 20, 210);
    const r = record({
      exposures: [exposure("nivolumab", "ici", [0, 14])],
      labs: [
        lab("platelets", -5, 240),
        a,
        b,
        lab("fibrinogen", 20, 3.1),
        lab("inr", 20, 1.0),
        lab("pt", 20, 12),
        lab("d-dimer-feu", 20, 0.3, { unit: "ug/mL" }),
      ],
      conflicts: [
        {
          kind: "same-instant-values",
          refs: [a.ref, b.ref],
          detail: "two platelet counts at the same instant",
        },
      ],
    });
    const report = assessPatient(r, day(60), k);
    const cited = [
      ...report.grades.flatMap((g) => g.evidence),
      ...report.scores.flatMap((s) => s.evidence),
      ...report.findings.flatMap((f) => f.criteria.flatMap((c) => c.evidence)),
    ];
    expect(cited).not.toContain(a.ref);
    expect(cited).not.toContain(b.ref);
    expect(report.findings).toEqual([]);
    expect(report.conflicts).toHaveLength(1);
  });

  it("says when the record holds no usable laboratory result, and not otherwise", () => {
    const exposures = [exposure("axicabtagene-ciloleucel", "car-t", [0])];
    expect(assessPatient(record({ exposures }), day(9), k).noLabResults).toBe(true);
    const counted = assessPatient(record({ exposures, labs: [lab("platelets", 2, 150)] }), day(9), k);
    expect(counted.noLabResults).toBeUndefined();
  });
});

describe("a deceased patient's report", () => {
  // ITP at platelets 8 with an intracranial bleed: a living patient's plan is urgent (steroids, IVIG, platelets).
  const living = record({
    exposures: [exposure("pembrolizumab", "ici", [0, 21])],
    labs: [lab("platelets", -5, 240), lab("platelets", 40, 8)],
    events: [
      {
        ref: "Condition/ich",
        kind: "bleeding",
        at: day(40),
        grade: 4,
        qualifiers: ["intracranial", "major"],
      },
    ],
  });

  it("keeps the findings and orders nothing after death (no management, no work-up)", () => {
    const alive = assessPatient(living, day(41), k);
    expect(alive.findings.length).toBeGreaterThan(0);
    expect(alive.findings.some((f) => f.management.some((m) => m.urgent === true))).toBe(true);
    const dead = assessPatient(
      { ...living, deceased: { at: day(41).slice(0, 10), ref: "Patient/p1#deceasedDateTime" } },
      day(41),
      k,
    );
    expect(dead.deceased?.at).toBe(day(41).slice(0, 10));
    expect(dead.findings.map((f) => [f.disorder, f.certainty, f.grade])).toEqual(
      alive.findings.map((f) => [f.disorder, f.certainty, f.grade]),
    );
    expect(dead.findings.flatMap((f) => [...f.management, ...f.workup])).toEqual([]);
    expect(dead.unexplained.flatMap((u) => [...u.workup, ...(u.management ?? [])])).toEqual([]);
  });
});

describe("a death charted only in an event's words", () => {
  // The same ITP at platelets 8, its intracranial bleed charted "fatal" in words (no grade, no recorded death).
  const ich = (qualifiers: string[], grade?: number) =>
    record({
      exposures: [exposure("pembrolizumab", "ici", [0, 21])],
      labs: [lab("platelets", -5, 240), lab("platelets", 40, 8)],
      events: [
        {
          ref: "Condition/ich",
          kind: "bleeding",
          at: day(40),
          ...(grade !== undefined && { grade }),
          qualifiers,
        },
      ],
    });

  it("names the event and keeps the plan: words cannot tell the patient's death from a relative's", () => {
    const report = assessPatient(ich(["intracranial", "major", "fatal"]), day(41), k);
    expect(report.deathInWords).toEqual({ at: day(40), ref: "Condition/ich" });
    expect(report.deceased).toBeUndefined();
    expect(report.findings.some((f) => f.management.some((m) => m.urgent === true))).toBe(true);
    expect(report.grades.find((g) => g.term === "intracranial-hemorrhage")?.grade).toBe(5);
  });

  it("names an event charted at grade 5 too", () => {
    expect(assessPatient(ich(["intracranial", "major"], 5), day(41), k).deathInWords?.ref).toBe(
      "Condition/ich",
    );
  });

  it("says nothing for a bleed whose words chart no death, or at grade 4", () => {
    expect(assessPatient(ich(["intracranial", "major"]), day(41), k).deathInWords).toBeUndefined();
    expect(assessPatient(ich(["intracranial", "major"], 4), day(41), k).deathInWords).toBeUndefined();
  });

  it("gives way to a recorded death, which stops the plan", () => {
    const dead = assessPatient(
      {
        ...ich(["intracranial", "major", "fatal"]),
        deceased: { at: day(41).slice(0, 10), ref: "Patient/p1" },
      },
      day(41),
      k,
    );
    expect(dead.deathInWords).toBeUndefined();
    expect(dead.findings.flatMap((f) => f.management)).toEqual([]);
  });
});

describe("ageAt (the age fact of the plans)", () => {
  it("counts whole years, the birthday itself included", () => {
    expect(ageAt("2007-03-10", "2025-03-09T08:00:00Z")).toBe(17);
    expect(ageAt("2007-03-10", "2025-03-10T08:00:00Z")).toBe(18);
  });
  it("reads a birth year or month at its last day, so a child is never read as an adult", () => {
    expect(ageAt("2007", "2025-12-30T08:00:00Z")).toBe(17);
    expect(ageAt("2007", "2025-12-31T08:00:00Z")).toBe(18);
    expect(ageAt("2007-02", "2025-02-27T08:00:00Z")).toBe(17);
    expect(ageAt("2007-02", "2025-02-28T08:00:00Z")).toBe(18);
  });
  it("is unknown without a birth date", () => {
    expect(ageAt(undefined, "2025-03-10T08:00:00Z")).toBeUndefined();
  });
});

describe("an immunotherapy decision names the drugs it is about", () => {
  // Pembrolizumab on days -210 to -168, CAR-T on day 0, overt DIC on day 9 (platelets 30, PT 21 s,
  // fibrinogen 0.7 g/L, D-dimer 25 mg/L FEU): classes are read patient-wide, so the DIC plan keeps its
  // checkpoint-inhibitor line (a late irAE is not silenced) and says which drug it means and when it was last given.
  const r = record({
    exposures: [
      exposure("pembrolizumab", "ici", [-210, -189, -168]),
      exposure("axicabtagene-ciloleucel", "car-t", [0]),
    ],
    labs: [
      lab("platelets", -7, 210),
      lab("platelets", 9, 30),
      lab("pt", 9, 21),
      lab("fibrinogen", 9, 0.7),
      lab("d-dimer-feu", 9, 25),
    ],
  });
  const lines = (id: string) =>
    assessPatient(r, "2024-01-11T00:00:00Z", k)
      .findings.flatMap((f) => f.management)
      .filter((m) => m.id === id)
      .map((m) => m.action);

  it("the checkpoint-inhibitor line names pembrolizumab, its last dose and how long before the onset", () => {
    expect(lines("dic-ici-no-guideline")).toEqual([
      expect.stringMatching(
        /In this patient's record: pembrolizumab, last dose 2023-07-17, 177 days before the onset\.$/,
      ),
    ]);
  });

  it("the CAR-T line names the product and its infusion day", () => {
    expect(lines("dic-car-t-nothing-to-hold")).toEqual([
      expect.stringMatching(/axicabtagene-ciloleucel, infused 2024-01-01, 9 days before the onset\.$/),
    ]);
  });
});

describe("therapiesByClass", () => {
  it("says a dose on the onset day as such, and gives no interval for a dose after the onset", () => {
    const r = record({ exposures: [exposure("nivolumab", "ici", [0, 14])] });
    expect(therapiesByClass(r, "2024-01-15").ici).toEqual([
      "nivolumab, last dose 2024-01-15, on the day of the onset",
    ]);
    expect(therapiesByClass(r, "2024-01-10").ici).toEqual(["nivolumab, last dose 2024-01-15"]);
    expect(therapiesByClass(r, undefined).ici).toEqual(["nivolumab, last dose 2024-01-15"]);
  });

  // A continuous blinatumomab infusion charted from day 0 to day 14: the line counted 14 days from the day the
  // bag was hung when the drug was still running at the onset.
  // Read mid-course (its charted end after the evaluation) the reader keeps no end and marks it running.
  const infusion = (
    kind: "administration" | "request",
    course: { end: string } | { running: true } = { end: day(14, 10) },
    laterDays: readonly number[] = [],
  ) => {
    const e = exposure("blinatumomab", "bispecific", [0, ...laterDays]);
    const [dose, ...rest] = e.doses;
    if (dose === undefined) throw new Error("no dose");
    return record({ exposures: [{ ...e, doses: [{ ...dose, kind, ...course }, ...rest] }] });
  };

  it("says an infusion charted with its end is running at an onset on or before its end", () => {
    expect(therapiesByClass(infusion("administration"), "2024-01-15").bispecific).toEqual([
      "blinatumomab, infusion from 2024-01-01 to 2024-01-15, running at the onset",
    ]);
    expect(therapiesByClass(infusion("administration"), "2024-01-10").bispecific).toEqual([
      "blinatumomab, infusion from 2024-01-01 to 2024-01-15, running at the onset",
    ]);
  });

  it("counts from the infusion's end when it ended before the onset", () => {
    expect(therapiesByClass(infusion("administration"), "2024-01-16").bispecific).toEqual([
      "blinatumomab, infusion from 2024-01-01 to 2024-01-15, ended 1 day before the onset",
    ]);
  });

  it("reads a request's period as an intention, not a course given", () => {
    expect(therapiesByClass(infusion("request"), "2024-01-15").bispecific).toEqual([
      "blinatumomab, last dose 2024-01-01, 14 days before the onset",
    ]);
  });

  // The line said "last dose 2024-01-01, 9 days before the onset" of a drug still running.
  const running = { running: true } as const;
  it("says an infusion whose charted end is after the evaluation is running at the onset", () => {
    expect(therapiesByClass(infusion("administration", running), "2024-01-10").bispecific).toEqual([
      "blinatumomab, infusion from 2024-01-01, its charted end after this evaluation, running at the onset",
    ]);
  });

  it("a request's later end, or a dose given on a later day, is not the running infusion", () => {
    expect(therapiesByClass(infusion("request", running), "2024-01-10").bispecific).toEqual([
      "blinatumomab, last dose 2024-01-01, 9 days before the onset",
    ]);
    expect(therapiesByClass(infusion("administration", running, [5]), "2024-01-10").bispecific).toEqual([
      "blinatumomab, last dose 2024-01-06, 4 days before the onset",
    ]);
  });
});

describe("a therapy begun after the onset is treatment, not a drug to withhold", () => {
  // Nivolumab on days 0 and 14, platelets 240 on day -5 and 15 on day 20 (ITP). Rituximab is the ITP's
  // second-line treatment (ASCO 2021, ASH 2019): begun the day after the onset it cannot be the culprit, and
  // the therapeutic-antibody decision line ("decide whether to withhold further doses") must not name it; begun
  // on the onset day it may be (anti-CD20 acute thrombocytopenia within 24 h of the infusion) and is named.
  const plan = (rituximabDay: number) =>
    assessPatient(
      record({
        exposures: [exposure("nivolumab", "ici", [0, 14]), exposure("rituximab", "antibody", [rituximabDay])],
        labs: [lab("platelets", -5, 240), lab("platelets", 20, 15)],
      }),
      day(40),
      k,
    ).findings.flatMap((f) => f.management.filter((m) => m.kind === "immunotherapy").map((m) => m.action));

  it("rituximab begun the day after the onset is not named in any immunotherapy decision", () => {
    const lines = plan(21);
    expect(lines.some((a) => a.includes("nivolumab"))).toBe(true);
    expect(lines.some((a) => a.includes("rituximab"))).toBe(false);
  });

  it("rituximab given on the onset day is still named", () => {
    expect(plan(20).some((a) => a.includes("rituximab"))).toBe(true);
  });
});

describe("begunBy", () => {
  const r = record({
    exposures: [exposure("nivolumab", "ici", [0, 14]), exposure("rituximab", "antibody", [21])],
  });
  it("keeps exposures first given on or before the onset's calendar day", () => {
    expect(begunBy(r, "2024-01-22T08:00:00Z").map((e) => e.drug)).toEqual(["nivolumab", "rituximab"]);
    expect(begunBy(r, "2024-01-21T08:00:00Z").map((e) => e.drug)).toEqual(["nivolumab"]);
  });
  it("keeps every exposure without an onset or when none was begun by it", () => {
    expect(begunBy(r, undefined)).toHaveLength(2);
    expect(begunBy(r, "2023-12-01T08:00:00Z")).toHaveLength(2);
  });
});

describe("plannedShows", () => {
  // Only the fields plannedShows reads; the rest of an item does not bear on the choice.
  const item = (abnormality: string, grade: number | undefined, shows?: string) =>
    ({
      abnormality,
      ...(grade !== undefined ? { grade } : {}),
      ...(shows ? { shows: { id: shows, name: shows } } : {}),
    }) as unknown as Parameters<typeof plannedShows>[0][number];

  it("plans an entry on the item of the highest grade, so a grade 4 AIHA beside a grade 3 anaemia keeps its grade 4 lines", () => {
    const anaemia = item("anemia", 3, "ici-aiha");
    const charted = item("aiha-charted", 4, "ici-aiha");
    expect(plannedShows([anaemia, charted], "ici-aiha")).toBe(charted);
  });

  it("keeps the first listed among equal grades, counts an unknown grade lowest, and ignores other entries", () => {
    const first = item("anemia", 3, "pancytopenia-ici");
    const second = item("neutrophil-count-decreased", 3, "pancytopenia-ici");
    const ungraded = item("aiha-charted", undefined, "pancytopenia-ici");
    const other = item("platelet-count-decreased", 4, "other");
    expect(plannedShows([ungraded, first, second, other], "pancytopenia-ici")).toBe(first);
    expect(plannedShows([other], "pancytopenia-ici")).toBeUndefined();
  });
});
