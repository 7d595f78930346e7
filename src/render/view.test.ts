import { describe, expect, it } from "vitest";
import { P1, SAMPLE_SETTINGS } from "../../test/support/sample-report.js";
import { displayUnit, valueWithUnit } from "../core/display.js";
import { citedSourceIds, managementGroups, onsetText, rejectionGroups, settingsLines } from "./view.js";

describe("report view helpers", () => {
  it.each([
    ["10*9/L", "×10⁹/L"],
    ["10*12/L", "×10¹²/L"],
    ["{INR}", ""],
    ["1", ""],
    ["[beth'U]/mL", "BU/mL"],
    ["g/dL", "g/dL"],
    [undefined, ""],
  ])("writes UCUM %j as %j", (unit, shown) => {
    expect(displayUnit(unit)).toBe(shown);
  });

  it("states the settings' source and each value with where it comes from", () => {
    expect(settingsLines({ ...SAMPLE_SETTINGS, source: "default" })).toEqual({
      source: "settings: default",
      values: [
        "ISTH fibrin marker: > 1 × ULN moderate, > 10 × ULN strong increase (Haemostasis committee 2026)",
        "ISTH fibrin marker, d-dimer-feu LOINC 48065-7: > 0.5 ug/mL moderate, > 5 ug/mL strong increase (Lab SOP H-12)",
      ],
    });
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
    const r = (code: string, n: number) => ({ ref: `Observation/${code}${n}`, code, reason: "r" });
    const groups = rejectionGroups([r("b", 1), r("a", 1), r("c", 1), r("c", 2)], 1);
    expect(groups.map((g) => [g.code, g.count, g.examples.length])).toEqual([
      ["c", 2, 1],
      ["a", 1, 1],
      ["b", 1, 1],
    ]);
  });

  it("lists each cited source once in order of first appearance", () => {
    expect(citedSourceIds(P1)).toEqual(["asco-irae", "isth-dic", "ctcae-v5"]);
  });
});
