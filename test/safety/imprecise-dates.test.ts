/**
 * A Condition whose onset is known only to its month or year, as an onsetPeriod, or as the patient's age is an
 * interval of days, never a day guessed within it. Before, such a Condition was refused ("gives the month but not
 * the day"), so a disorder charted only that way was silent, and an alternative cause so dated left the
 * differential. Now the interval is ordered whole against the first dose: wholly after it, the event is after the
 * exposure (placed at its first day, at most probable unless other dated data find it); spanning it, the order is
 * undetermined (at most possible); wholly before it, it is pre-existing, as a dated one is. The trace names each
 * placement; a full recordedDate caps the interval; an age without a birth date stays refused with its reason.
 */
import { describe, expect, it } from "vitest";
import { createEngine } from "../../packages/core/src/create-engine.js";
import { loadSpecs } from "../cases/build-bundles.js";
import { CASE_AT } from "../cases/try-case.js";
import { variantsOf } from "../cases/variants.js";
import { findingOf } from "../support/assess.js";
import { assessChecked, csvCharted } from "../support/charted-words.js";
import { administration, pembrolizumabBundle, plateletCount } from "../support/fhir-entries.js";
import { testKnowledge } from "../support/knowledge.js";

/** A Condition of `Patient/p1` in words, with its onset fields, as a bundle entry. */
function condition(id: string, text: string, onset: Record<string, unknown>) {
  return {
    resource: {
      resourceType: "Condition",
      id,
      subject: { reference: "Patient/p1" },
      code: { text },
      ...onset,
    },
  };
}

/** Pembrolizumab on 5 and 26 January 2026 and a pulmonary embolism charted with `onset`; its thrombosis finding. */
function embolism(onset: Record<string, unknown>, birthDate?: string) {
  const bundle = pembrolizumabBundle(condition("pe", "Pulmonary embolism", onset));
  if (birthDate !== undefined)
    bundle.entry[0] = { resource: { resourceType: "Patient", id: "p1", birthDate } };
  const p = assessChecked({ kind: "fhir", value: bundle });
  const f = findingOf(p, "thrombosis");
  return {
    certainty: f?.certainty,
    day: f?.onset?.daysFromFirstDose,
    summary: f?.summary ?? "",
    rejected: p.rejected.map((r) => `${r.ref} ${r.code}`),
  };
}

describe("an event dated only by an interval, ordered whole against the first dose", () => {
  it("a month wholly after the first dose: found, placed at its first day, at most probable, the month named", () => {
    const month = embolism({ onsetDateTime: "2026-02" });
    expect(month).toMatchObject({ certainty: "probable", day: 27, rejected: [] });
    expect(month.summary).toContain(
      "Condition/pe (onset known to the month, 2026-02) lies wholly after the first dose",
    );
    // The same embolism dated to its day is no more certain: the month costs no certainty it had.
    expect(embolism({ onsetDateTime: "2026-02-10" }).certainty).toBe("probable");
  });

  it("a month spanning the first dose: the order is undetermined, at most possible, the timing named", () => {
    const month = embolism({ onsetDateTime: "2026-01" });
    expect(month.certainty).toBe("possible");
    expect(month.summary).toContain("spans the first dose: its order against the dose is undetermined");
    expect(month.summary).toContain("that it began before the dose cannot be excluded");
  });

  it("a month wholly before the first dose is pre-existing, as the same embolism dated to its day", () => {
    expect(embolism({ onsetDateTime: "2025-12" })).toMatchObject({ certainty: undefined, rejected: [] });
    expect(embolism({ onsetDateTime: "2025-12-10" }).certainty).toBeUndefined();
  });

  it("a year is capped at the evaluation day; one that spans the dose is possible", () => {
    const year = embolism({ onsetDateTime: "2026" });
    expect(year.certainty).toBe("possible");
    expect(year.summary).toContain("onset known to the year, 2026, no later than 2026-03-12");
  });

  it("a full recordedDate caps the onset: recorded before the first dose, a month spanning it is pre-existing", () => {
    expect(embolism({ onsetDateTime: "2026-01", recordedDate: "2026-01-03" }).certainty).toBeUndefined();
    expect(embolism({ onsetDateTime: "2026-01", recordedDate: "2026-01-20" }).certainty).toBe("possible");
  });

  it("an onsetPeriod is its days: after the dose probable, spanning it possible", () => {
    expect(embolism({ onsetPeriod: { start: "2026-02-02", end: "2026-02-20" } }).certainty).toBe("probable");
    const spans = embolism({ onsetPeriod: { start: "2026-01-01", end: "2026-02-01" } });
    expect(spans.certainty).toBe("possible");
    expect(spans.summary).toContain("onset within 2026-01-01 to 2026-02-01");
  });

  it("an onsetAge is the year of age from the birth date; without a birth date it stays refused, named", () => {
    const age = { onsetAge: { value: 65, unit: "a", system: "http://unitsofmeasure.org", code: "a" } };
    // Born 10 February 1961: aged 65 from 10 February 2026, wholly after the first dose.
    const after = embolism(age, "1961-02-10");
    expect(after).toMatchObject({ certainty: "probable", rejected: [] });
    expect(after.summary).toContain("onset given as age 65, born 1961-02-10");
    // Born 1 December 1960: aged 65 from 1 December 2025, spanning the first dose.
    expect(embolism(age, "1960-12-01").certainty).toBe("possible");
    expect(embolism(age)).toMatchObject({ certainty: undefined, rejected: ["Condition/pe missing-date"] });
    // A full recordedDate bounds the age: recorded before the first dose, the embolism is pre-existing.
    expect(embolism({ ...age, recordedDate: "2026-01-02" }, "1960-12-01").certainty).toBeUndefined();
    expect(embolism({ ...age, recordedDate: "2026-02-20" }, "1960-12-01").certainty).toBe("possible");
    // Without a birth date the recordedDate alone dates it, as before.
    expect(embolism({ ...age, recordedDate: "2026-02-20" }).rejected).toEqual([]);
  });

  it("a date that cannot be read at all stays refused with its reason", () => {
    expect(embolism({ onsetDateTime: "2026-13" }).rejected).toEqual(["Condition/pe invalid-date"]);
  });
});

/** The same embolism as a CSV event row dated `on`, after the same two doses; its thrombosis finding. */
function csvEmbolism(on: string) {
  const p = csvCharted({
    doses: [
      ["pembrolizumab", "2026-01-05"],
      ["pembrolizumab", "2026-01-26"],
    ],
    problems: [["Pulmonary embolism", on]],
  });
  const f = findingOf(p, "thrombosis");
  return {
    certainty: f?.certainty,
    summary: f?.summary ?? "",
    rejected: p.rejected.map((r) => `${r.code} ${r.reason}`),
  };
}

describe("a CSV event row dated to its month or year is the same interval as a FHIR onset so dated", () => {
  it.each([
    ["2026-02", "probable", "lies wholly after the first dose"],
    ["02/2026", "probable", "lies wholly after the first dose"],
    ["2026-01", "possible", "spans the first dose: its order against the dose is undetermined"],
    ["2026", "possible", "onset known to the year, 2026, no later than 2026-03-12"],
  ])("%s: %s, the placement named", (on, certainty, named) => {
    const csv = csvEmbolism(on);
    expect(csv).toMatchObject({ certainty, rejected: [] });
    expect(csv.summary).toContain(named);
    expect(csv.certainty).toBe(embolism({ onsetDateTime: on.replace(/^02\/(\d{4})$/, "$1-02") }).certainty);
  });

  it("a month wholly before the first dose is pre-existing, as the same embolism dated to its day", () => {
    expect(csvEmbolism("2025-12")).toMatchObject({ certainty: undefined, rejected: [] });
    expect(csvEmbolism("2025-12-10").certainty).toBeUndefined();
  });

  it("a date that names no month, or a month after the evaluation, is refused with its reason", () => {
    expect(csvEmbolism("2026-13")).toMatchObject({
      certainty: undefined,
      rejected: [expect.stringMatching(/^invalid-date date "2026-13" /)],
    });
    expect(csvEmbolism("2026-04").rejected).toEqual([
      "future-date date 2026-04 is after the evaluation time",
    ]);
  });
});

/**
 * A published DIC after a rituximab infusion (dose 6 May 2024), every Condition's onset given as age 65 with the
 * patient's birth date `birthDate`: the disorder's certainty and summary.
 */
function ageOnlyDic(birthDate: string) {
  const spec = loadSpecs().find((s) => s.id === "dic-rituximab-infusion-reaction-martinez-de-antonio-2025");
  const v = spec && variantsOf(spec).find((x) => x.name === "every condition's onset as an onsetAge");
  if (v?.document.kind !== "fhir") throw new Error("no onsetAge variant of the published DIC");
  const bundle = v.document.value as { entry: { resource: Record<string, unknown> }[] };
  const entry = bundle.entry.map((e) =>
    e.resource.resourceType === "Patient" ? { resource: { ...e.resource, birthDate } } : e,
  );
  const engine = createEngine(testKnowledge(), { evaluatedAt: CASE_AT, version: "case" });
  engine.add({ kind: "fhir", value: { ...bundle, entry } }, "dic.json");
  const f = engine.report().patients[0]?.findings.find((x) => x.disorder === "dic");
  return { certainty: f?.certainty, summary: f?.summary ?? "" };
}

describe("an onset as an age with a birth known to its year: up to two years, spanning the first dose", () => {
  it("found at most possible, read from the first dose on, when neither end of the interval finds it", () => {
    // Born in 1959, aged 65 from 2024-01-01 at the earliest to 2025-12-30 at the latest: read from its first day the
    // DIC precedes the rituximab, read at its last it is far outside the reaction's window; it may follow the dose.
    const dic = ageOnlyDic("1959");
    expect(dic.certainty).toBe("possible");
    expect(dic.summary).toContain("(onset given as age 65, born 1959) spans the first dose");
    expect(dic.summary).toContain("read as possibly after it");
  });

  it("not found when the age's years wholly precede the first dose: pre-existing, as a dated onset", () => {
    // Born in 1957, aged 65 within 2022-01-01 to 2023-12-30: before the 6 May 2024 dose.
    expect(ageOnlyDic("1957").certainty).toBeUndefined();
  });
});

const REACTION = "Infusion-related cytokine release syndrome";

describe("an alternative cause dated only to its month stays in the differential", () => {
  /**
   * Rituximab on 10 February 2026, platelets 85 the day before and 5 the day after (Ureshino 2016), and an infusion
   * reaction charted with `onset`: the alternative the authors give.
   */
  function itp(onset?: Record<string, unknown>, reaction: unknown = condition("crs", REACTION, onset ?? {})) {
    const report = assessChecked({
      kind: "fhir",
      value: {
        resourceType: "Bundle",
        type: "collection",
        entry: [
          { resource: { resourceType: "Patient", id: "p1" } },
          { resource: administration("d1", "rituximab", "2026-02-10T10:00:00Z") },
          plateletCount("2026-02-09", { value: 85, unit: "10*9/L" }, { id: "plt0" }),
          plateletCount("2026-02-11", { value: 5, unit: "10*9/L" }, { id: "plt1" }),
          ...(onset ? [reaction] : []),
        ],
      },
    });
    return findingOf(report, "itp");
  }

  it("the ITP is as certain with the reaction dated to its month as to its day, and less than without it", () => {
    const day = itp({ onsetDateTime: "2026-02-10" });
    const month = itp({ onsetDateTime: "2026-02" });
    expect(itp()?.certainty).toBe("probable");
    expect(day?.certainty).toBe("possible");
    expect(month?.certainty).toBe("possible");
    expect(month?.summary).toContain(
      "Condition/crs (onset known to the month, 2026-02) spans the first dose",
    );
  });

  it("a CRS grade (an Observation) dated to its month weighs as the same grade dated to its day", () => {
    const grade = (at: string) => ({
      resource: {
        resourceType: "Observation",
        id: "crs",
        status: "final",
        code: { text: `${REACTION} (ASTCT grade)` },
        subject: { reference: "Patient/p1" },
        effectiveDateTime: at,
        valueString: "present",
      },
    });
    expect(itp({}, grade("2026-02-10T12:00:00Z"))?.certainty).toBe("possible");
    const month = itp({}, grade("2026-02"));
    expect(month?.certainty).toBe("possible");
    expect(month?.summary).toContain("Observation/crs (onset known to the month, 2026-02)");
  });
});
