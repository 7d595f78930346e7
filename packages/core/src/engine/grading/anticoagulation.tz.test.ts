/**
 * "On anticoagulation" windows (CTCAE v5.0 INR increased, × baseline "if on anticoagulation"): which
 * context drugs count at a result's time. Run under two process time zones: every answer must come from
 * the instants and calendar dates as written, never from the machine's zone.
 */
import { describe, expect, it } from "vitest";
import { loadCtcaeRules } from "../../../../knowledge/src/sources.js";
import type { ContextDrug, LabResult, PatientRecord } from "../../contracts/model.js";
import { emptyRecord } from "../empty-record.js";
import { anticoagulationOf, drugCourseOf } from "./anticoagulation.js";
import { gradeRecord } from "./ctcae.js";

const rules = loadCtcaeRules();

function drug(start: string, end?: string, extra: Partial<ContextDrug> = {}): ContextDrug {
  return {
    ref: "MedicationStatement/warfarin",
    drug: "warfarin",
    roles: ["anticoagulant"],
    start,
    ...(end !== undefined ? { end } : {}),
    ...extra,
  };
}

function onAt(drugs: ContextDrug[], at: string): boolean {
  return anticoagulationOf({ contextDrugs: drugs }, rules)(at).on;
}

// Cases as data: [what, drug start, drug end (none = open-ended), result time, on anticoagulation].
// biome-ignore format: one case per line
const WINDOWS: readonly (readonly [string, string, string | undefined, string, boolean])[] = [
  ["at the start instant", "2024-03-05T10:00:00Z", "2024-03-10T10:00:00Z", "2024-03-05T10:00:00Z", true],
  ["a minute before the start", "2024-03-05T10:00:00Z", "2024-03-10T10:00:00Z", "2024-03-05T09:59:00Z", false],
  ["at the end instant", "2024-03-05T10:00:00Z", "2024-03-10T10:00:00Z", "2024-03-10T10:00:00Z", true],
  ["a minute after the end (no grace period)", "2024-03-05T10:00:00Z", "2024-03-10T10:00:00Z", "2024-03-10T10:01:00Z", false],
  // 23:30 at UTC-5 on 9 March is 04:30Z on 10 March: instants decide when both carry a time.
  ["after a 04:00Z end, written the evening before at UTC-5", "2024-03-05T10:00:00Z", "2024-03-10T04:00:00Z", "2024-03-09T23:30:00-05:00", false],
  ["before a 05:00Z end, written the evening before at UTC-5", "2024-03-05T10:00:00Z", "2024-03-10T05:00:00Z", "2024-03-09T23:30:00-05:00", true],
  ["before the start by instant, written at UTC+8", "2024-03-05T00:00:00Z", "2024-03-10T00:00:00Z", "2024-03-05T07:30:00+08:00", false],
  // A date without a time covers its whole calendar day as written.
  ["on the start date, early morning at UTC+8 (16:30Z the day before)", "2024-03-05", "2024-03-10", "2024-03-05T00:30:00+08:00", true],
  ["the evening before the start date at UTC-5 (01:00Z on the start date)", "2024-03-05", "2024-03-10", "2024-03-04T20:00:00-05:00", false],
  ["late on the end date at UTC-5 (04:59Z the day after)", "2024-03-05", "2024-03-10", "2024-03-10T23:59:00-05:00", true],
  ["early the day after the end date at UTC+8 (16:30Z on the end date)", "2024-03-05", "2024-03-10", "2024-03-11T00:30:00+08:00", false],
  ["a date-only result on the day a timed course starts, before its hour", "2024-03-05T18:00:00Z", "2024-03-10T18:00:00Z", "2024-03-05", true],
  ["a date-only result on the day after a timed course ends", "2024-03-05T18:00:00Z", "2024-03-10T08:00:00Z", "2024-03-11", false],
  // No end: a MedicationStatement or MedicationRequest still current, read as ongoing from its start.
  ["open-ended, a year later", "2024-03-05T10:00:00Z", undefined, "2025-03-05T10:00:00Z", true],
  ["open-ended, before its start", "2024-03-05T10:00:00Z", undefined, "2024-03-05T09:00:00Z", false],
  ["open-ended from a date, early on that date at UTC+8", "2024-03-05", undefined, "2024-03-05T01:00:00+08:00", true],
];

describe("anticoagulationOf: the result's time within [start, end]", () => {
  it.each(WINDOWS)("%s", (_what, start, end, at, on) => {
    expect(onAt([drug(start, end)], at)).toBe(on);
  });
});

describe("anticoagulationOf: which drugs count", () => {
  const at = "2024-03-07T08:00:00Z";

  it("counts the roles of knowledge/ctcae.yaml: anticoagulant and heparin", () => {
    expect(rules.anticoagulation.roles).toEqual(["anticoagulant", "heparin"]);
    expect(onAt([drug("2024-03-05", "2024-03-10", { roles: ["heparin"] })], at)).toBe(true);
    expect(onAt([drug("2024-03-05", "2024-03-10", { roles: ["antiplatelet"] })], at)).toBe(false);
    expect(onAt([drug("2024-03-05", "2024-03-10", { roles: ["chemotherapy", "anticoagulant"] })], at)).toBe(
      true,
    );
  });

  it("cites every anticoagulant current at the time, and none that is not", () => {
    const drugs = [
      drug("2024-03-01", "2024-03-06", { ref: "MedicationStatement/apixaban" }),
      drug("2024-03-05", undefined, { ref: "MedicationRequest/enoxaparin", roles: ["heparin"] }),
      drug("2024-03-06T10:00:00Z", "2024-03-20", { ref: "MedicationStatement/warfarin" }),
    ];
    expect(anticoagulationOf({ contextDrugs: drugs }, rules)(at)).toEqual({
      on: true,
      refs: ["MedicationRequest/enoxaparin", "MedicationStatement/warfarin"],
    });
    expect(anticoagulationOf({ contextDrugs: [] }, rules)(at)).toEqual({ on: false, refs: [] });
  });
});

describe("gradeRecord: INR × baseline at the edges of an anticoagulation course", () => {
  function inr(ref: string, at: string, value: number): LabResult {
    return { ref, lab: "inr", loinc: "6301-6", at, value, unit: "{INR}", original: { value } };
  }
  // Baseline 0.8 before the first dose; 1.3 is grade 2 (> 1.5 × baseline) on anticoagulation, 1 off it.
  function graded(at: string, course: ContextDrug): number | undefined {
    const r: PatientRecord = {
      ...emptyRecord("p"),
      exposures: [
        {
          drug: "nivolumab",
          class: "ici",
          doses: [{ ref: "MedicationAdministration/n", at: "2024-02-01", kind: "administration" }],
          first: "2024-02-01",
          last: "2024-02-01",
        },
      ],
      contextDrugs: [course],
      labs: [inr("Observation/base", "2024-01-15", 0.8), inr("Observation/now", at, 1.3)],
    };
    return gradeRecord(r, rules, () => undefined).find((g) => g.term === "inr-increased")?.grade;
  }

  it("grades the day a course ends, written at UTC-5, on anticoagulation", () => {
    expect(graded("2024-03-10T23:59:00-05:00", drug("2024-03-05", "2024-03-10"))).toBe(2);
  });

  it("grades the next calendar day, written at UTC+8, off anticoagulation", () => {
    expect(graded("2024-03-11T00:30:00+08:00", drug("2024-03-05", "2024-03-10"))).toBe(1);
  });

  it("grades an instant before a timed start off anticoagulation", () => {
    expect(graded("2024-03-05T07:30:00+08:00", drug("2024-03-05T00:00:00Z", "2024-03-10T00:00:00Z"))).toBe(1);
  });
});

describe("drugCourseOf: the course a vitamin K antagonist's INR is measured from", () => {
  const vka = (ref: string, start: string, end?: string) =>
    drug(start, end, { ref, roles: ["anticoagulant", "vka"] });
  const courseAt = (drugs: ContextDrug[], at: string) => drugCourseOf({ contextDrugs: drugs }, ["vka"])(at);

  it("a refill that starts the day the first ends (dates as written) continues the course", () => {
    const drugs = [
      vka("MedicationStatement/w1", "2024-03-01", "2024-03-10"),
      vka("MedicationStatement/w2", "2024-03-10"),
    ];
    expect(courseAt(drugs, "2024-03-20T08:00:00+08:00")).toEqual({
      refs: ["MedicationStatement/w2"],
      start: "2024-03-01",
    });
  });

  it("a refill after a gap of a day starts a new course", () => {
    const drugs = [
      vka("MedicationStatement/w1", "2024-03-01", "2024-03-09"),
      vka("MedicationStatement/w2", "2024-03-11"),
    ];
    expect(courseAt(drugs, "2024-03-20T08:00:00Z")?.start).toBe("2024-03-11");
  });

  it("overlapping records chain back to the earliest start; none current means no course", () => {
    const drugs = [
      vka("MedicationStatement/w1", "2024-02-01", "2024-02-20"),
      vka("MedicationStatement/w2", "2024-02-15T10:00:00Z", "2024-03-05"),
      vka("MedicationStatement/w3", "2024-03-05T18:00:00Z"),
    ];
    expect(courseAt(drugs, "2024-03-20T08:00:00Z")?.start).toBe("2024-02-01");
    expect(courseAt(drugs, "2024-01-31T08:00:00Z")).toBeUndefined();
  });

  it("a role listed as an exception does not count (LMWH for the aPTT)", () => {
    const enoxaparin = drug("2024-03-01", undefined, {
      ref: "MedicationRequest/e",
      roles: ["heparin", "lmwh"],
    });
    const ufh = drug("2024-03-01", undefined, { ref: "MedicationRequest/ufh", roles: ["heparin"] });
    const course = drugCourseOf({ contextDrugs: [enoxaparin, ufh] }, ["heparin"], ["lmwh"]);
    expect(course("2024-03-02T08:00:00Z")?.refs).toEqual(["MedicationRequest/ufh"]);
    expect(
      drugCourseOf({ contextDrugs: [enoxaparin] }, ["heparin"], ["lmwh"])("2024-03-02T08:00:00Z"),
    ).toBeUndefined();
  });
});
