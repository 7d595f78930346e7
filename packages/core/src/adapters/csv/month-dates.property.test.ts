/**
 * A CSV event row dated only to its month or year (`2024-03`, `03/2024`, `2024`) is the interval of the days it
 * names, as a FHIR Condition's onset so given: never a day guessed within it, never refused for its precision. A
 * lab or a dose row stays placed by its day; a date that names no month of the calendar, or one wholly after the
 * evaluation, is refused with its reason.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { testVocabulary as vocabulary } from "../../../../../test/support/test-vocabulary.js";
import { daysInMonth } from "../../engine/dates.js";
import { checkMonthOrYear } from "../dates.js";
import { ingestCsv } from "./ingest.js";

const EVALUATED = "2026-03-12T12:00:00Z";
const AT = Date.parse(EVALUATED);
const opts = { vocabulary, evaluatedAt: EVALUATED, file: "site.csv" };
const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** A month wholly before the evaluation's, with the three ways the CSV may write it. */
const pastMonth = fc
  .tuple(fc.integer({ min: 100, max: 2025 }), fc.integer({ min: 1, max: 12 }))
  .chain(([y, m]) =>
    fc.record({
      y: fc.constant(y),
      m: fc.constant(m),
      written: fc.constantFrom(`${pad(y, 4)}-${pad(m)}`, `${pad(m)}/${pad(y, 4)}`, `${m}.${pad(y, 4)}`),
    }),
  );

function eventRow(date: string, end = ""): string {
  return [
    "patient_id,record_type,date,end_date,code_system,code,text",
    `p1,event,${date},${end},snomed,128053003,Deep venous thrombosis`,
  ].join("\n");
}

describe("checkMonthOrYear", () => {
  it("a past month, however written, is its first to its last day", () => {
    fc.assert(
      fc.property(pastMonth, ({ y, m, written }) => {
        const r = checkMonthOrYear(written, "date", undefined, AT);
        expect(r).toEqual({
          ok: true,
          interval: {
            at: `${pad(y, 4)}-${pad(m)}-01`,
            latest: `${pad(y, 4)}-${pad(m)}-${pad(daysInMonth(y, m))}`,
            dated: `onset known to the month, ${pad(y, 4)}-${pad(m)}`,
          },
        });
      }),
    );
  });

  it("a past year is 1 January to 31 December; the evaluation's year ends at the evaluation day", () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 2025 }), (y) => {
        const r = checkMonthOrYear(pad(y, 4), "date", undefined, AT);
        expect(r?.ok && r.interval).toMatchObject({ at: `${pad(y, 4)}-01-01`, latest: `${pad(y, 4)}-12-31` });
      }),
    );
    expect(checkMonthOrYear("2026", "date", undefined, AT)).toMatchObject({
      ok: true,
      interval: { at: "2026-01-01", latest: "2026-03-12" },
    });
  });

  it("a month or year wholly after the evaluation is refused as a future date, naming it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2027, max: 9999 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
        for (const written of [`${y}-${pad(m)}`, `${y}`])
          expect(checkMonthOrYear(written, "date", undefined, AT)).toEqual({
            ok: false,
            code: "future-date",
            reason: `date ${written} is after the evaluation time`,
          });
      }),
    );
    expect(checkMonthOrYear("2026-04", "date", undefined, AT)?.ok).toBe(false);
    expect(checkMonthOrYear("2026-03", "date", undefined, AT)?.ok).toBe(true);
  });

  it("a month 00 or 13–99, a full date or words are no month nor year: left to the full-date check", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 2025 }),
        fc.oneof(fc.constant(0), fc.integer({ min: 13, max: 99 })),
        (y, m) => {
          expect(checkMonthOrYear(`${y}-${pad(m)}`, "date", undefined, AT)).toBeUndefined();
        },
      ),
    );
    for (const v of ["2024-03-01", "March 2024", "24-03", "202403", ""])
      expect(checkMonthOrYear(v, "date", undefined, AT)).toBeUndefined();
  });

  it("the record's end bounds the interval; a month wholly after its end is refused", () => {
    expect(checkMonthOrYear("2025-05", "date", "2025-05-10", AT)).toMatchObject({
      ok: true,
      interval: { latest: "2025-05-10" },
    });
    expect(checkMonthOrYear("2025-05", "date", "2025-04-30", AT)).toMatchObject({
      ok: false,
      code: "invalid-date",
    });
  });
});

describe("a CSV event row dated to its month or year", () => {
  it("is read as the interval of its days, not refused", () => {
    fc.assert(
      fc.property(pastMonth, ({ y, m, written }) => {
        const p = ingestCsv(eventRow(written), opts).patients[0];
        expect(p?.rejected).toEqual([]);
        expect(p?.events).toMatchObject([
          {
            kind: "thrombosis",
            at: `${pad(y, 4)}-${pad(m)}-01`,
            latest: `${pad(y, 4)}-${pad(m)}-${pad(daysInMonth(y, m))}`,
          },
        ]);
      }),
      { numRuns: 40 },
    );
  });

  it("an unreadable date is refused with its reason; a full date is read as a day, with no interval", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1000, max: 2025 }),
        fc.oneof(fc.constant(0), fc.integer({ min: 13, max: 99 })),
        (y, m) => {
          const p = ingestCsv(eventRow(`${y}-${pad(m)}`), opts).patients[0];
          expect(p?.events).toEqual([]);
          expect(p?.rejected.map((r) => [r.code, r.field])).toEqual([["invalid-date", "date"]]);
          expect(p?.rejected[0]?.reason).toContain(`date "${y}-${pad(m)}"`);
        },
      ),
      { numRuns: 40 },
    );
    const day = ingestCsv(eventRow("2025-05-04"), opts).patients[0]?.events[0];
    expect(day?.at).toBe("2025-05-04");
    expect(day?.latest).toBeUndefined();
  });

  it("is bounded by its end_date", () => {
    const p = ingestCsv(eventRow("2025-05", "2025-05-10"), opts).patients[0];
    expect(p?.events).toMatchObject([{ at: "2025-05-01", latest: "2025-05-10", end: "2025-05-10" }]);
  });

  it("a clot ruled out within a month is dated by its last day: it settles no suspicion charted after it", () => {
    const p = ingestCsv(
      [
        "patient_id,record_type,date,end_date,code_system,code,text,qualifiers",
        "p1,event,2025-05,,snomed,128053003,Deep venous thrombosis,refuted",
      ].join("\n"),
      opts,
    ).patients[0];
    expect(p?.events).toEqual([expect.objectContaining({ at: "2025-05-31" })]);
    expect(p?.events[0]?.latest).toBeUndefined();
  });

  it("a lab or a dose row stays placed by its day: refused for a month", () => {
    const p = ingestCsv(
      [
        "patient_id,record_type,date,end_date,code_system,code,text,value,unit",
        "p1,lab,2025-05,,lab,platelets,,100,10*9/L",
        "p1,dose,2025-05,,text,,pembrolizumab,,",
      ].join("\n"),
      opts,
    ).patients[0];
    expect(p?.labs).toEqual([]);
    expect(p?.rejected.map((r) => r.reason)).toEqual([
      expect.stringContaining("gives the month (2025-05) but not the day"),
      expect.stringContaining("gives the month (2025-05) but not the day"),
    ]);
  });
});
