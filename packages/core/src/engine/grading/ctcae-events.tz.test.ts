import { describe, expect, it } from "vitest";
import { loadCtcaeRules } from "../../../../knowledge/src/sources.js";
import type { ClinicalEvent, LabResult, PatientRecord } from "../../contracts/model.js";
import type { EventKind } from "../../contracts/vocabularies.js";
import type { LabDefinition } from "../../knowledge/vocabulary.js";
import { emptyRecord } from "../empty-record.js";
import { gradeEvents } from "./ctcae-events.js";

const rules = loadCtcaeRules();

const LABS: Record<string, LabDefinition> = {
  haptoglobin: {
    id: "haptoglobin",
    name: "Haptoglobin",
    unit: "mg/dL",
    kind: "quantity",
    reference: { low: 30, high: 200, sourceIds: ["catalogue"] },
  },
  hemoglobin: { id: "hemoglobin", name: "Hemoglobin", unit: "g/dL", kind: "quantity" },
  dat: { id: "dat", name: "DAT", kind: "qualitative" },
};
const labs = (id: string) => LABS[id];

function event(ref: string, kind: EventKind, at: string, extra: Partial<ClinicalEvent> = {}): ClinicalEvent {
  return { ref, kind, at, ...extra };
}

function lab(ref: string, id: string, at: string, value: number | "positive" | "negative"): LabResult {
  return typeof value === "number"
    ? { ref, lab: id, loinc: "0-0", at, value, unit: LABS[id]?.unit, original: { value } }
    : { ref, lab: id, loinc: "0-0", at, qualitative: value, original: { value } };
}

function record(events: ClinicalEvent[], results: LabResult[] = []): PatientRecord {
  return {
    ...emptyRecord("p"),
    exposures: [
      {
        drug: "pembrolizumab",
        class: "ici",
        doses: [{ ref: "MedicationAdministration/1", at: "2024-02-01", kind: "administration" }],
        first: "2024-02-01",
        last: "2024-02-01",
      },
    ],
    labs: results,
    events,
  };
}

const grades = (r: PatientRecord) => gradeEvents(r, rules, labs).map((g) => [g.term, g.grade]);

describe("recorded grades", () => {
  it("grades an event as recorded, worst over the record, earliest of equal grades", () => {
    const r = record([
      event("Condition/dvt", "thrombosis", "2024-03-01", { grade: 2 }),
      event("Condition/pe", "thrombosis", "2024-03-05", { grade: 3 }),
      event("Condition/pe2", "thrombosis", "2024-03-09", { grade: 3 }),
    ]);
    expect(gradeEvents(r, rules, labs)).toEqual([
      {
        term: "thromboembolic-event",
        grade: 3,
        worstAt: "2024-03-05",
        evidence: ["Condition/pe"],
        basis: "grade 3 as recorded",
        sourceIds: ["ctcae-v5"],
      },
    ]);
  });

  it("grades arterial thrombosis under arterial thromboembolism", () => {
    const r = record([
      event("Condition/mi", "thrombosis", "2024-03-01", { grade: 3, qualifiers: ["Arterial"] }),
    ]);
    expect(grades(r)).toEqual([["arterial-thromboembolism", 3]]);
  });

  it("does not use a recorded grade the term does not define (TTP has no grade 2)", () => {
    const r = record([event("Condition/ttp", "ttp", "2024-03-01", { grade: 2 })]);
    expect(grades(r)).toEqual([]);
  });

  it("ignores events without a grade when no rule derives one", () => {
    expect(grades(record([event("Condition/dvt", "thrombosis", "2024-03-01")]))).toEqual([]);
  });
});

describe("hemorrhage sites", () => {
  it("grades a bleed under its CTCAE v5.0 site term, and under `hemorrhage` only when the site is unknown", () => {
    const r = record([
      event("Condition/ich", "bleeding", "2024-03-01", { grade: 4, qualifiers: ["intracranial", "major"] }),
      event("Condition/nose", "bleeding", "2024-03-02", { grade: 1, qualifiers: ["epistaxis"] }),
      event("Condition/gi", "bleeding", "2024-03-03", { grade: 3, qualifiers: ["gastrointestinal"] }),
      event("Condition/bleed", "bleeding", "2024-03-04", { grade: 2 }),
    ]);
    expect(grades(r)).toEqual([
      ["intracranial-hemorrhage", 4],
      ["epistaxis", 1],
      ["hemorrhage", 3],
    ]);
  });

  it("does not use a grade the site term does not define (bruising stops at 2)", () => {
    const r = record([
      event("Condition/bruise", "bleeding", "2024-03-01", { grade: 3, qualifiers: ["bruising"] }),
    ]);
    expect(grades(r)).toEqual([]);
  });

  it("grades a bleed charted fatal in words, with no grade, 5 under its site (CTCAE v5.0 grade 5 death)", () => {
    const r = record([
      event("Condition/ich", "bleeding", "2024-03-01", { qualifiers: ["intracranial", "major", "fatal"] }),
      event("Condition/bleed", "bleeding", "2024-03-02", { qualifiers: ["fatal"] }),
      event("Condition/nose", "bleeding", "2024-03-03", { qualifiers: ["epistaxis"] }),
    ]);
    expect(grades(r)).toEqual([
      ["intracranial-hemorrhage", 5],
      ["hemorrhage", 5],
    ]);
    expect(gradeEvents(r, rules, labs)[0]?.evidence).toEqual(["Condition/ich"]);
  });

  it("keeps a charted grade over the fatal words, and grades nothing 5 where the site term has no grade 5", () => {
    const r = record([
      event("Condition/ich", "bleeding", "2024-03-01", { grade: 4, qualifiers: ["intracranial", "fatal"] }),
      event("Condition/bruise", "bleeding", "2024-03-02", { qualifiers: ["bruising", "fatal"] }),
      event("Condition/major", "bleeding", "2024-03-03", { qualifiers: ["intracranial", "major"] }),
    ]);
    expect(grades(r)).toEqual([["intracranial-hemorrhage", 4]]);
  });
});

describe("DIC from recorded facts", () => {
  it("is grade 3 with a bleeding event within 7 days, grade 2 without", () => {
    const dic = event("Condition/dic", "dic", "2024-03-10");
    expect(grades(record([dic, event("Condition/b", "bleeding", "2024-03-17")]))).toEqual([
      ["disseminated-intravascular-coagulation", 3],
    ]);
    expect(grades(record([dic, event("Condition/b", "bleeding", "2024-03-18")]))).toEqual([
      ["disseminated-intravascular-coagulation", 2],
    ]);
    expect(grades(record([dic]))).toEqual([["disseminated-intravascular-coagulation", 2]]);
  });

  it("counts a bleed during a DIC episode that has an end date", () => {
    const dic = event("Condition/dic", "dic", "2024-03-01", { end: "2024-03-30" });
    const g = gradeEvents(record([dic, event("Condition/b", "bleeding", "2024-03-25")]), rules, labs)[0];
    expect(g).toMatchObject({
      term: "disseminated-intravascular-coagulation",
      grade: 3,
      worstAt: "2024-03-25",
      evidence: ["Condition/dic", "Condition/b"],
      basis: "DIC with a bleeding event (dic 2024-03-01; bleeding 2024-03-25)",
    });
  });

  it("compares calendar dates as written, whatever the process time zone", () => {
    // 7 calendar days apart as written; in UTC the dates are 2 March and 11 March, 9 days apart.
    const dic = event("Condition/dic", "dic", "2024-03-10T23:30:00-05:00");
    expect(grades(record([dic, event("Condition/b", "bleeding", "2024-03-03T07:00:00+08:00")]))).toEqual([
      ["disseminated-intravascular-coagulation", 3],
    ]);
  });

  it("prefers a recorded grade to a derived one", () => {
    const r = record([
      event("Condition/dic", "dic", "2024-03-10", { grade: 4 }),
      event("Condition/b", "bleeding", "2024-03-10"),
    ]);
    expect(grades(r)).toEqual([["disseminated-intravascular-coagulation", 4]]);
  });
});

describe("TTP from recorded facts", () => {
  it("is grade 3 with bleeding (e.g. petechiae), not graded without", () => {
    const ttp = event("Condition/ttp", "ttp", "2024-03-10");
    expect(grades(record([ttp, event("Condition/pet", "bleeding", "2024-03-11")]))).toEqual([
      ["thrombotic-thrombocytopenic-purpura", 3],
    ]);
    expect(grades(record([ttp]))).toEqual([]);
  });
});

describe("hemolysis from recorded facts", () => {
  const baselineHb = lab("Observation/hb0", "hemoglobin", "2024-01-20", 12.1);

  it("is grade 1 on laboratory evidence alone (haptoglobin < LLN, or a positive DAT)", () => {
    const r = record([], [lab("Observation/hp", "haptoglobin", "2024-03-10", 10)]);
    expect(gradeEvents(r, rules, labs)).toEqual([
      {
        term: "hemolysis",
        grade: 1,
        worstAt: "2024-03-10",
        evidence: ["Observation/hp"],
        basis: "laboratory evidence of hemolysis (haptoglobin 10 mg/dL < LLN 30 mg/dL)",
        sourceIds: ["ctcae-v5", "ctcae-v5-jcog"],
      },
    ]);
    expect(grades(record([], [lab("Observation/dat", "dat", "2024-03-10", "positive")]))).toEqual([
      ["hemolysis", 1],
    ]);
    expect(grades(record([], [lab("Observation/dat", "dat", "2024-03-10", "negative")]))).toEqual([]);
  });

  it("is grade 2 with a hemoglobin fall of at least 2 g/dL from baseline", () => {
    const hp = lab("Observation/hp", "haptoglobin", "2024-03-10", 10);
    const fall2 = lab("Observation/hb", "hemoglobin", "2024-03-12", 10.1); // 12.1 - 10.1 = 2.0
    const fall19 = lab("Observation/hb", "hemoglobin", "2024-03-12", 10.2);
    const g = gradeEvents(record([], [baselineHb, hp, fall2]), rules, labs)[0];
    expect(g).toMatchObject({
      grade: 2,
      worstAt: "2024-03-12",
      evidence: ["Observation/hp", "Observation/hb", "Observation/hb0"],
    });
    expect(grades(record([], [baselineHb, hp, fall19]))).toEqual([["hemolysis", 1]]);
  });

  it("is grade 3 with a red-cell transfusion", () => {
    const r = record(
      [event("Procedure/rbc", "rbc-transfusion", "2024-03-11")],
      [lab("Observation/hp", "haptoglobin", "2024-03-10", 10)],
    );
    expect(grades(r)).toEqual([["hemolysis", 3]]);
  });

  it("is not derived from a hemoglobin fall or a transfusion without evidence of hemolysis", () => {
    const r = record(
      [event("Procedure/rbc", "rbc-transfusion", "2024-03-11")],
      [baselineHb, lab("Observation/hb", "hemoglobin", "2024-03-12", 7)],
    );
    expect(grades(r)).toEqual([]);
  });
});
