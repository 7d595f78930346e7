/**
 * The timeline's model: what the panels plot (days from the first dose, CTCAE bands, reference ranges),
 * the dose and event markers, and where each finding's onset and nadir are marked.
 */
import { readFileSync } from "node:fs";
import { findingTitle, type LabTermRule, renderContextOf, wordingOf } from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../test/support/knowledge.js";
import { assessDocuments } from "../engine/assess-documents.js";
import { axisPosition, drugRow, gradeBands, timelineModel } from "./model.js";

const k = testKnowledge();
const ctx = renderContextOf(k);
const w = wordingOf(ctx);
const names = {
  drug: w.drug,
  finding: (f: Parameters<typeof findingTitle>[1]) => findingTitle(ctx, f),
  prose: w.prose,
};

function modelOf(example: string) {
  const text = readFileSync(new URL(`../../../../examples/${example}.json`, import.meta.url), "utf8");
  const a = assessDocuments(k, [{ name: `${example}.json`, text }], {
    evaluatedAt: "2026-11-01T23:59:59Z",
    version: "0.1.0",
  }).assessments[0];
  if (a === undefined) throw new Error(`${example}: no patient`);
  return { a, model: timelineModel(a.patient, a.record, k, names) };
}

function labTerm(lab: string): LabTermRule {
  const term = k.ctcae.terms.find((t): t is LabTermRule => t.kind === "lab" && t.lab === lab);
  if (term === undefined) throw new Error(`no CTCAE term for ${lab}`);
  return term;
}

describe("axisPosition", () => {
  it("counts calendar days from day 0 and places the time of day within the day", () => {
    expect(axisPosition("2025-03-03T10:00:00Z", "2025-03-11T08:00:00Z")).toEqual({ day: 8, x: 8 + 8 / 24 });
    expect(axisPosition("2025-03-03", "2025-02-25")).toEqual({ day: -6, x: -6 });
    expect(axisPosition("2025-03-03", "2025-03-03T18:00:00Z")).toEqual({ day: 0, x: 0.75 });
  });
});

describe("gradeBands", () => {
  it("draws CTCAE v5.0 platelet count decreased as four bands under the lower limit of normal", () => {
    // G1 < LLN–75, G2 < 75–50, G3 < 50–25, G4 < 25 ×10⁹/L.
    expect(gradeBands(labTerm("platelets"), 150)).toEqual([
      { grade: 1, low: 75, high: 150 },
      { grade: 2, low: 50, high: 75 },
      { grade: 3, low: 25, high: 50 },
      { grade: 4, low: 0, high: 25 },
    ]);
  });

  it("leaves out a band relative to a limit of normal it is not given", () => {
    expect(gradeBands(labTerm("platelets")).map((b) => b.grade)).toEqual([2, 3, 4]);
  });
});

describe("timelineModel", () => {
  it("puts day 0 at the CAR-T infusion and plots the panels that have results, naming those without", () => {
    const { model } = modelOf("demo-dic-cart");
    expect(model.day0?.drug).toBe("axicabtagene-ciloleucel");
    // The axis names the product as people write it, not by its knowledge id.
    expect(model.day0?.name).toBe("axicabtagene ciloleucel");
    expect(model.panels.map((p) => [p.id, p.points.length])).toEqual([
      ["platelets", 2],
      ["fibrinogen", 2],
      ["d-dimer", 1],
      ["inr", 1],
      ["pt", 2],
      ["aptt", 1],
    ]);
    expect(model.empty).toEqual(["Hemoglobin", "Lactate dehydrogenase"]);
    const platelets = model.panels[0];
    expect(platelets?.reference).toEqual({ low: 150, high: 400, from: "knowledge base" });
    // The D-dimer keeps its reporting basis on the axis and in each value (FEU is about twice DDU).
    const dDimer = model.panels.find((p) => p.id === "d-dimer");
    expect(dDimer?.unit).toMatch(/^µg\/mL (FEU|DDU)$/);
    expect(dDimer?.points[0]?.text).toMatch(/ µg\/mL (FEU|DDU)$/);
    expect(platelets?.ctcae?.bands.map((b) => b.grade)).toEqual([1, 2, 3, 4]);
    expect(platelets?.points.at(-1)).toMatchObject({ ref: "Observation/lab3", value: 41, day: 8 });
  });

  it("marks the infusion, the CRS and the bleeding, and the onset and nadir of the finding", () => {
    const { model } = modelOf("demo-dic-cart");
    expect(model.markers.map((m) => [m.row, m.label, m.day])).toEqual([
      // The lymphodepleting chemotherapy, in the lane of the drugs that are not immunotherapy.
      ["Other drugs", "fludarabine", -5],
      ["Other drugs", "cyclophosphamide", -5],
      ["CAR-T infusion", "axicabtagene ciloleucel", 0],
      ["CRS", "G3", 4],
      ["Bleeding", "G2", 8],
    ]);
    const dic = model.marks.filter((m) => m.disorder === "dic");
    expect(dic.map((m) => [m.kind, m.day])).toEqual(expect.arrayContaining([["onset", 8]]));
    expect(dic.some((m) => m.kind === "nadir" && m.panel !== undefined)).toBe(true);
  });

  it("draws neutrophils, ferritin, ALT and AST when the record holds them, and never names them as missing", () => {
    // A DVT two days after ALT 160 U/L (ULN 40): the plan bars a DOAC on that value, which is now on the page.
    const csv = `patient_id,record_type,date,code_system,code,text,value,unit,ref_high,qualifiers
lv1,dose,2024-01-10,,,pembrolizumab,,,,
lv1,lab,2024-02-18,loinc,1742-6,,160,U/L,40,
lv1,lab,2024-02-18,loinc,1920-8,,120,U/L,34,
lv1,lab,2024-02-18,lab,anc,,0.4,10*9/L,,
lv1,lab,2024-02-18,lab,ferritin,,12000,ng/mL,,
lv1,event,2024-02-20,text,,deep vein thrombosis,,,,venous;dvt
lv1,lab,2024-02-20,lab,platelets,,210,10*9/L,,
`;
    const a = assessDocuments(k, [{ name: "liver.csv", text: csv }], {
      evaluatedAt: "2024-02-21T23:59:59Z",
      version: "0.1.0",
    }).assessments[0];
    if (a === undefined) throw new Error("no patient");
    const model = timelineModel(a.patient, a.record, k, names);
    expect(model.panels.map((p) => p.id)).toEqual(["platelets", "anc", "ferritin", "alt", "ast"]);
    expect(model.panels.find((p) => p.id === "alt")?.reference).toEqual({
      high: 40,
      from: "laboratory",
    });
    expect(model.panels.find((p) => p.id === "alt")?.points[0]?.text).toBe("160 U/L");
    expect(model.empty).not.toContain("Alanine aminotransferase");
    // Without those results the panels are left out and not listed among the labs without results.
    const { model: dic } = modelOf("demo-dic-cart");
    expect(dic.panels.some((p) => ["anc", "ferritin", "alt", "ast"].includes(p.id))).toBe(false);
    expect(dic.empty).toHaveLength(2);
  });

  it("without any immunotherapy the axis is in calendar days and nothing is dosed", () => {
    const { a, model } = modelOf("demo-dic-cart");
    const bare = timelineModel(a.patient, { ...a.record, exposures: [] }, k, names);
    expect(bare.day0).toBeUndefined();
    expect(bare.markers.some((m) => m.row === "Immunotherapy" || m.row === "CAR-T infusion")).toBe(false);
    expect(bare.panels.map((p) => p.points.length)).toEqual(model.panels.map((p) => p.points.length));
  });

  it("a dose charted with an end on a later day is drawn to its end; one ending on its own day is a dose", () => {
    const { a } = modelOf("demo-dic-cart");
    const course = (end: string | undefined) => {
      const dose = {
        ref: "d1",
        at: "2025-11-14",
        kind: "administration" as const,
        ...(end === undefined ? {} : { end }),
      };
      const record = {
        ...a.record,
        exposures: [
          {
            drug: "blinatumomab",
            class: "bispecific" as const,
            doses: [dose],
            first: dose.at,
            last: dose.at,
          },
        ],
      };
      return timelineModel(a.patient, record, k, names).markers.find((m) => m.ref === "d1");
    };
    const running = course("2025-11-28");
    expect(running?.until).toEqual({ at: "2025-11-28", x: 14 });
    expect(running?.text).toBe("blinatumomab dose given, course to 2025-11-28");
    expect(course("2025-11-14T20:00:00Z")?.until).toBeUndefined();
    expect(course(undefined)?.text).toBe("blinatumomab dose given");
  });

  const HEADER = "patient_id,record_type,date,end_date,code_system,code,text,value,unit,dose_kind";
  /** Pembrolizumab on 2 January 2025 and platelets on 10 February, evaluated on 11 February, with `rows`. */
  function withRows(rows: string) {
    const csv = `${HEADER}
sp1,dose,2025-01-02,,,,pembrolizumab,,,
sp1,lab,2025-02-10,,lab,platelets,,230,10*9/L,
${rows}`;
    const a = assessDocuments(k, [{ name: "sp.csv", text: csv }], {
      evaluatedAt: "2025-02-11T23:59:59Z",
      version: "0.1.0",
    }).assessments[0];
    if (a === undefined) throw new Error("no patient");
    return timelineModel(a.patient, a.record, k, names);
  }
  const lane = (model: ReturnType<typeof withRows>, row: string) =>
    model.markers.filter((m) => m.row === row).map((m) => [m.label, m.day, m.text]);

  it("draws apixaban in the anticoagulant lane and a planned spinal anaesthetic, marked planned, on its day; none without them", () => {
    const model = withRows(`sp1,dose,2025-02-10,,,,apixaban,,,
sp1,event,2025-02-10,,,,Spinal anaesthesia planned,,,
sp1,event,2025-02-10,,,,Lumbar puncture planned for 2025-02-14,,,
`);
    expect(lane(model, "Immunotherapy")).toEqual([["pembrolizumab", 0, "pembrolizumab dose given"]]);
    expect(lane(model, "Anticoagulants")).toEqual([["apixaban", 39, "apixaban, on 2025-02-10"]]);
    // A planned day after the evaluation is drawn on that day; without one, on the day the plan was charted.
    expect(model.markers.filter((m) => m.planned === true).map((m) => [m.row, m.day, m.text])).toEqual([
      [
        "Procedures",
        39,
        "Spinal anaesthesia planned (neuraxial): planned, no day to be done given (charted 2025-02-10)",
      ],
      [
        "Procedures",
        43,
        "Lumbar puncture planned for 2025-02-14 (lumbar puncture): planned for 2025-02-14 (charted 2025-02-10)",
      ],
    ]);
    const bare = withRows("");
    expect(model.markers.filter((m) => m.done === true)).toEqual([]);
    expect(bare.markers.map((m) => m.row)).toEqual(["Immunotherapy"]);
    expect(bare.earlierDrugs).toEqual([]);
  });

  it("draws a procedure done in the procedures lane on its day, marked done, beside a planned one", () => {
    const model = withRows(`sp1,event,2025-02-03,,,,Lumbar puncture performed,,,
sp1,event,2025-02-10,,,,Lumbar puncture planned for 2025-02-14,,,
`);
    expect(lane(model, "Procedures")).toEqual([
      ["done", 32, "Lumbar puncture performed (lumbar puncture): done on 2025-02-03"],
      [
        "planned",
        43,
        "Lumbar puncture planned for 2025-02-14 (lumbar puncture): planned for 2025-02-14 (charted 2025-02-10)",
      ],
    ]);
    expect(model.markers.filter((m) => m.done === true).map((m) => m.ref)).toHaveLength(1);
  });

  it("puts each drug that is not immunotherapy in its lane by its roles", () => {
    expect(drugRow(["anticoagulant", "doac"])).toBe("Anticoagulants");
    expect(drugRow(["heparin"])).toBe("Anticoagulants");
    expect(drugRow(["antiplatelet"])).toBe("Antiplatelets");
    // Ibrutinib: a BTK inhibitor with the antiplatelet role.
    expect(drugRow(["btk-inhibitor", "antiplatelet", "vka-barred"])).toBe("Antiplatelets");
    expect(drugRow(["chemotherapy"])).toBe("Other drugs");
    expect(drugRow([])).toBe("Other drugs");
  });

  it("draws a course to its end, an open course to the timeline's end, one begun earlier from the start; names one over before", () => {
    const model = withRows(`sp1,dose,2025-01-20,2025-01-30,,,clopidogrel,,,
sp1,dose,2025-02-01,,,,enoxaparin,,,statement
sp1,dose,2024-06-01,,,,prednisone,,,statement
sp1,dose,2023-01-01,2023-03-01,,,warfarin,,,
`);
    const by = (label: string) => model.markers.find((m) => m.label === label);
    expect(by("clopidogrel")).toMatchObject({
      row: "Antiplatelets",
      day: 18,
      until: { at: "2025-01-30", x: 28 },
      text: "clopidogrel, from 2025-01-20 to 2025-01-30",
    });
    // Taken (a statement) with no end charted: read as still taken, drawn to the last result.
    expect(by("enoxaparin")).toMatchObject({
      row: "Anticoagulants",
      day: 30,
      until: { at: "2025-02-10", x: 39 },
      text: "enoxaparin, from 2025-02-01, no end charted: read as still taken",
    });
    // Begun months before the first dose: drawn from the timeline's start, the day it began kept.
    expect(by("prednisone")).toMatchObject({
      row: "Other drugs",
      at: "2025-01-02",
      x: 0,
      since: { at: "2024-06-01", day: -215 },
      text: "prednisone, from 2024-06-01, no end charted: read as still taken (drawn from the timeline's start)",
    });
    // Over before anything else on the timeline: named, not drawn, so the weeks that matter keep their width.
    expect(by("warfarin")).toBeUndefined();
    expect(model.earlierDrugs).toEqual(["warfarin from 2023-01-01 to 2023-03-01"]);
    expect(Math.min(...model.markers.map((m) => m.x))).toBe(0);
  });
});
