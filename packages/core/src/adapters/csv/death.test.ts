/** The CSV format's death: `death_date` on a patient row (docs/csv-format.md), and rows dated after it. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../../../../test/support/paths.js";
import { testVocabulary as vocabulary } from "../../../../../test/support/test-vocabulary.js";
import { ingestCsv } from "./ingest.js";

const EVALUATED_AT = "2025-03-01T00:00:00Z";
const opts = { vocabulary, evaluatedAt: EVALUATED_AT, file: "site.csv" };
const H = "patient_id,record_type,date,code_system,code,text,value,unit,birth_date,death_date";
const csv = (...rows: string[]) => [H, ...rows].join("\n");
/** A CSV field as written by a careful exporter: quoted, quotes doubled. */
const quoted = (s: string) => `"${s.replaceAll('"', '""')}"`;

describe("death_date on a patient row", () => {
  it("reads the death example of docs/csv-format.md as it says", () => {
    const doc = readFileSync(join(REPO_ROOT, "docs", "csv-format.md"), "utf8");
    const example = /## A death[\s\S]*?```csv\n([\s\S]*?)```/.exec(doc)?.[1] ?? "";
    const r = ingestCsv(example, opts);
    const [p] = r.patients;
    expect(p?.deceased).toEqual({ at: "2024-03-05", ref: "site.csv:2#death_date" });
    expect(p?.labs.map((l) => [l.ref, l.value])).toEqual([["site.csv:3", 9]]);
    expect(p?.rejected.map((x) => [x.ref, x.code])).toEqual([["site.csv:4", "after-death"]]);
  });

  it("reads a death known to the instant, day, month or year, and cites its row", () => {
    for (const [written, at] of [
      ["2025-02-10", "2025-02-10"],
      ["2025-02-10 14:30", "2025-02-10T14:30Z"],
      ["2025-02-10T14:30:00+01:00", "2025-02-10T14:30:00+01:00"],
      ["2025-02", "2025-02"],
      ["2024", "2024"],
    ] as const) {
      const r = ingestCsv(csv(`p1,patient,,,,,,,1958-04-02,${written}`), opts);
      expect(r.patients[0]?.deceased).toEqual({ at, ref: "site.csv:2#death_date" });
      expect(r.patients[0]?.birthDate).toBe("1958-04-02");
      expect(r.stats).toMatchObject({ read: 1, used: 1 });
    }
    expect(ingestCsv(csv("p1,patient,,,,,,,1958-04-02,"), opts).patients[0]?.deceased).toBeUndefined();
  });

  it("rejects the patient row of a death date it cannot read, after the evaluation, or before the birth", () => {
    const rejected = (death: string, birth = "1958-04-02") =>
      ingestCsv(csv(`p1,patient,,,,,,,${birth},${death}`), opts).patients[0]?.rejected.map((x) => [
        x.code,
        x.field,
        x.reason,
      ]);
    expect(rejected("10/02/2025")).toEqual([
      [
        "invalid-date",
        "death_date",
        'death_date "10/02/2025" is ambiguous: day or month first (2025-02-10 or 2025-10-02); write the date as ISO 8601, YYYY-MM-DD',
      ],
    ]);
    expect(rejected("2025-02-30")?.[0]?.[0]).toBe("invalid-date");
    expect(rejected("2025-13")?.[0]?.[0]).toBe("invalid-date");
    expect(rejected("yesterday")?.[0]?.[0]).toBe("invalid-date");
    // The evaluation is 1 March 2025: a death in March 2025 is not after it, one in April is.
    expect(rejected("2025-03")).toEqual([]);
    expect(rejected("2025-04")).toEqual([
      ["future-date", "death_date", "death_date 2025-04 is after the evaluation time"],
    ]);
    expect(rejected("2025-03-01T00:00:01Z")?.[0]?.[0]).toBe("future-date");
    expect(rejected("1958-04-01")).toEqual([
      ["invalid-date", "death_date", "death_date 1958-04-01 is before birth_date 1958-04-02"],
    ]);
    expect(rejected("1958-04-02")).toEqual([]);
    expect(rejected("1958", "1958-04-02")).toEqual([]);
  });

  it("rejects lab, dose and event rows dated after the death as after-death, and keeps those of its day", () => {
    const r = ingestCsv(
      csv(
        "p1,lab,2025-02-10T22:00:00Z,loinc,777-3,,40,10*9/L,,",
        "p1,lab,2025-02-11T06:00:00Z,loinc,777-3,,12,10*9/L,,",
        "p1,dose,2025-02-12,text,,pembrolizumab,,,,",
        "p1,dose,2025-01-20,text,,pembrolizumab,,,,",
        "p1,event,2025-02-13,text,,deep vein thrombosis,,,,",
        "p1,patient,,,,,,,1958-04-02,2025-02-10",
      ),
      opts,
    );
    const [p] = r.patients;
    expect(p?.labs.map((l) => l.ref)).toEqual(["site.csv:2"]);
    expect(p?.exposures.flatMap((e) => e.doses.map((d) => d.ref))).toEqual(["site.csv:5"]);
    expect(p?.events).toEqual([]);
    expect(p?.rejected.map((x) => [x.ref, x.code]).sort()).toEqual([
      ["site.csv:3", "after-death"],
      ["site.csv:4", "after-death"],
      ["site.csv:6", "after-death"],
    ]);
    expect(p?.rejected.find((x) => x.ref === "site.csv:4")?.reason).toBe(
      "the pembrolizumab administration dated 2025-02-12 is after the patient's death on 2025-02-10 (site.csv:7#death_date): not a living patient's record; check its date and patient",
    );
    expect(r.stats).toEqual({ read: 6, used: 3, merged: 0, rejected: 3, notUsed: 0, ignored: 0 });
    expect(p?.counts).toEqual(r.stats);
  });
});

describe("death_date properties", () => {
  /** Text of the characters dates are written with, and others a spreadsheet may put in the cell. */
  const dateish = fc.string({
    unit: fc.constantFrom(..."0123456789-/.:T Z+x,\"'é"),
    minLength: 1,
    maxLength: 25,
  });

  it("never takes an unreadable death date: the row is rejected naming death_date, or the date is a real one", () => {
    fc.assert(
      fc.property(dateish, (written) => {
        const r = ingestCsv(csv(`p1,patient,,,,,,,,${quoted(written)}`), opts);
        const [p] = r.patients;
        expect(r.inputErrors).toEqual([]);
        expect(p?.counts).toEqual(r.stats);
        if (written.trim() === "") expect(p?.deceased).toBeUndefined();
        else if (p?.deceased === undefined) {
          expect(p?.rejected).toHaveLength(1);
          expect(p?.rejected[0]).toMatchObject({ field: "death_date", ref: "site.csv:2" });
          expect(["invalid-date", "future-date"]).toContain(p?.rejected[0]?.code);
        } else {
          const at = p.deceased.at ?? "";
          expect(at).toMatch(/^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?)?)?$/);
          expect(
            Date.parse(at.length === 4 ? `${at}-01-01` : at.length === 7 ? `${at}-01` : at),
          ).toBeLessThanOrEqual(Date.parse(EVALUATED_AT));
        }
      }),
    );
  });

  it("rejects every impossible calendar day and every day-month order, whatever the day", () => {
    const impossible = fc
      .record({
        y: fc.integer({ min: 1900, max: 2024 }),
        m: fc.integer({ min: 1, max: 12 }),
        d: fc.integer({ min: 1, max: 12 }),
      })
      .chain(({ y, m, d }) =>
        fc.constantFrom(
          `${y}-${String(m).padStart(2, "0")}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate() + 1).padStart(2, "0")}`,
          `${y}-${String(m + 12).padStart(2, "0")}-01`,
          `${String(d).padStart(2, "0")}/${String(m).padStart(2, "0")}/${y}`,
          `${d}.${m}.${y}`,
        ),
      );
    fc.assert(
      fc.property(impossible, (written) => {
        const p = ingestCsv(csv(`p1,patient,,,,,,,,${written}`), opts).patients[0];
        expect(p?.deceased).toBeUndefined();
        expect(p?.rejected.map((x) => [x.code, x.field])).toEqual([["invalid-date", "death_date"]]);
      }),
    );
  });

  it("for any death day, a lab of that day is kept and a lab of any later day up to the evaluation is after-death", () => {
    const dayMs = 86_400_000;
    const start = Date.parse("2020-01-01T00:00:00Z");
    const end = Date.parse("2025-02-28T00:00:00Z");
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: (end - start) / dayMs - 1 }),
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 0, max: 23 }),
        (k, later, hour) => {
          const day = new Date(start + k * dayMs).toISOString().slice(0, 10);
          const next = new Date(Math.min(start + (k + later) * dayMs, end)).toISOString().slice(0, 10);
          const hh = String(hour).padStart(2, "0");
          const p = ingestCsv(
            csv(
              `p1,patient,,,,,,,,${day}`,
              `p1,lab,${day}T${hh}:00:00Z,loinc,777-3,,40,10*9/L,,`,
              `p1,lab,${next}T${hh}:00:00Z,loinc,777-3,,12,10*9/L,,`,
            ),
            opts,
          ).patients[0];
          expect(p?.labs.map((l) => l.ref)).toEqual(["site.csv:3"]);
          expect(p?.rejected.map((x) => [x.ref, x.code])).toEqual([["site.csv:4", "after-death"]]);
        },
      ),
    );
  });
});
