/**
 * Real-world CSV exports: a byte-order mark, CRLF, a European spreadsheet's semicolons and decimal commas,
 * quoted fields spanning lines, headers in another case or named twice, empty rows, dates written day and
 * month, units in the value cell. Every row is used or rejected with its reason; nothing is guessed.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { testVocabulary as vocabulary } from "../../../../../test/support/test-vocabulary.js";
import { parseNumberText } from "../lab-result.js";
import { ingestCsv } from "./ingest.js";
import { csvRecords } from "./records.js";
import { extendedIso } from "./rows.js";

const opts = { vocabulary, evaluatedAt: "2026-12-01T00:00:00Z", file: "site.csv" };
const H = "patient_id,record_type,date,code_system,code,value,unit,ref_low,ref_high";
const read = (text: string) => {
  const r = ingestCsv(text, opts);
  const p = r.patients[0];
  return {
    r,
    labs: p?.labs.map((l) => [l.ref, l.lab, l.at, l.value, l.refLow, l.refHigh]) ?? [],
    rejected: p?.rejected.map((x) => [x.ref, x.code, x.field, x.reason]) ?? [],
  };
};

describe("CSV input from real exports", () => {
  it("reads a byte-order mark and CRLF line ends", () => {
    const { labs, r } = read(`\uFEFF${H}\r\np1,lab,2026-03-04,loinc,777-3,12,10*9/L,150,400\r\n`);
    expect(r.inputErrors).toEqual([]);
    expect(labs).toEqual([["site.csv:2", "platelets", "2026-03-04", 12, 150, 400]]);
  });

  it("reads a European spreadsheet's CSV: semicolons, decimal commas in values and ranges", () => {
    const { labs, rejected, r } = read(
      [
        "patient_id;record_type;date;code_system;code;value;unit;ref_low;ref_high",
        "p1;lab;2026-03-04;loinc;3255-7;1,5;g/L;1,8;4,0",
        "p1;lab;2026-03-05;loinc;3255-7;0,95;g/L;;",
        // A dot before three digits is a thousands separator or decimals in such a file: not read,
        "p1;lab;2026-03-06;loinc;777-3;150.000;10^3/uL;;",
        // except in a count per µL, where three decimals of a cell are no reading: 150 000/µL.
        "p1;lab;2026-03-07;loinc;777-3;150.000;/uL;;",
        "",
      ].join("\r\n"),
    );
    expect(r.inputErrors).toEqual([]);
    expect(labs).toEqual([
      ["site.csv:2", "fibrinogen", "2026-03-04", 1.5, 1.8, 4],
      ["site.csv:3", "fibrinogen", "2026-03-05", 0.95, undefined, undefined],
      ["site.csv:5", "platelets", "2026-03-07", 150, undefined, undefined],
    ]);
    expect(rejected).toEqual([
      [
        "site.csv:4",
        "invalid-value",
        "value",
        'Platelet count value "150.000" could be 150000 (a thousands separator) or 150.000 (a decimal point); write it without a thousands separator',
      ],
    ]);
    expect(r.stats).toMatchObject({ read: 4, used: 3, rejected: 1 });
  });

  it("never reads a comma before three digits outside a count per µL: 1,500 is 1500 or 1.5, so the row is rejected with why", () => {
    const { labs, rejected } = read(
      [
        H,
        'p1,lab,2026-03-04,loinc,3255-7,"1,500",mg/dL,,',
        'p1,lab,2026-03-05,loinc,777-3,"150,000",K/uL,,', // 150 000 thousand per µL or 150.000 thousand
        'p1,lab,2026-03-06,loinc,3255-7,"0,500",g/L,,', // a leading zero is no thousands group
        'p1,lab,2026-03-07,loinc,3255-7,"1,5",g/L,"1,800",4',
        "p1,lab,2026-03-08,loinc,3255-7,1.500,g/L,,", // the dot is the decimal point in a comma file
      ].join("\n"),
    );
    expect(labs).toEqual([
      ["site.csv:4", "fibrinogen", "2026-03-06", 0.5, undefined, undefined],
      ["site.csv:6", "fibrinogen", "2026-03-08", 1.5, undefined, undefined],
    ]);
    expect(rejected.map(([ref, code, field]) => [ref, code, field])).toEqual([
      ["site.csv:2", "invalid-value", "value"],
      ["site.csv:3", "invalid-value", "value"],
      ["site.csv:5", "invalid-value", "ref_low"],
    ]);
    expect(rejected[0]?.[3]).toContain(
      '"1,500" could be 1500 (a thousands separator) or 1.500 (a decimal comma)',
    );
  });

  it("rejects a row with an unquoted 1,500 (one field too many) by its line, and reads every row after it", () => {
    const { labs, r } = read(
      [
        H,
        "p1,lab,2026-03-04,loinc,777-3,12,10*9/L,150,400",
        "p1,lab,2026-03-05,loinc,3255-7,1,500,mg/dL,,", // "1,500" unquoted: ten fields
        "p1,lab,2026-03-06,loinc,777-3,15,10*9/L,150,400",
        "p1,lab,2026-03-07,loinc,777-3,18,10*9/L,150,400",
        "p1,lab,2026-03-08,loinc,777-3,21", // fewer fields than the header
        "p1,lab,2026-03-09,loinc,777-3,25,10*9/L,150,400",
      ].join("\n"),
    );
    expect(r.inputErrors.map((e) => [e.ref, e.code, e.reason])).toEqual([
      [
        "site.csv:3",
        "malformed-row",
        'line 3 has 10 fields, the header 9; "1,500" (fields 6 and 7) looks like one number split by an unquoted comma (a thousands separator): write it without the separator',
      ],
      ["site.csv:6", "malformed-row", "line 6 has 6 fields, the header 9"],
    ]);
    expect(labs.map(([ref, , at, value]) => [ref, at, value])).toEqual([
      ["site.csv:2", "2026-03-04", 12],
      ["site.csv:4", "2026-03-06", 15],
      ["site.csv:5", "2026-03-07", 18],
      ["site.csv:7", "2026-03-09", 25],
    ]);
    expect(r.stats).toMatchObject({ read: 6, used: 4, rejected: 2 });
  });

  it("inserting one row with a field too many or too few into a valid file rejects that row only, with its line", () => {
    const day = (k: number) => `2026-01-${String(k + 1).padStart(2, "0")}`;
    fc.assert(
      fc.property(
        fc
          .array(fc.integer({ min: 1, max: 999 }), { minLength: 1, maxLength: 12 })
          .map((vs) => vs.map((v, k) => `p1,lab,${day(k)},loinc,777-3,${v},10*9/L,150,400`)),
        fc.nat(),
        fc.constantFrom(
          "p1,lab,2026-03-05,loinc,3255-7,1,500,mg/dL,,",
          "p1,lab,2026-03-05,loinc,777-3,12,10*9/L,150,400,extra",
          "p1,lab,2026-03-05,loinc,777-3,12",
        ),
        fc.constantFrom("\n", "\r\n"),
        (rows, at, bad, eol) => {
          const i = at % (rows.length + 1);
          const lines = [H, ...rows.slice(0, i), bad, ...rows.slice(i)];
          const r = ingestCsv(lines.join(eol), opts);
          expect(r.inputErrors.map((e) => [e.ref, e.code])).toEqual([[`site.csv:${i + 2}`, "malformed-row"]]);
          expect(r.inputErrors[0]?.reason).toMatch(
            new RegExp(`^line ${i + 2} has \\d+ fields, the header 9`),
          );
          expect(r.patients[0]?.labs.map((l) => l.value)).toEqual(rows.map((x) => Number(x.split(",")[5])));
          expect(r.stats).toMatchObject({ read: rows.length + 1, rejected: 1 });
        },
      ),
    );
  });

  it("any cell of a valid file replaced by a malformed value is read once: the row is used or rejected with why, never dropped", () => {
    const valid = [
      "p1,lab,2026-03-04,loinc,777-3,12,10*9/L,150,400",
      "p1,lab,2026-03-04T10:00+01:00,loinc,3255-7,1.5,g/L,2,4",
      "p1,dose,2026-02-16,rxnorm,1597876,200,mg,,",
      "p1,event,2026-03-05,text,deep vein thrombosis,,,,",
    ].map((row) => row.split(","));
    const malformed = fc.oneof(
      fc.constantFrom(
        ...["", " ", "NaN", "Infinity", "-Infinity", '"1,5"', "1e999", "-0", "0x10", "1..2", "<", ">=", "≥2"],
        ...["2026-02-30", "2026-03-04T25:00", "2016-12-31T23:59:60Z", "2026-03-04T10:00+14:00", "2026-13"],
        ...[
          "µmol/L",
          "umol/L",
          "μmol/L",
          "x".repeat(100_000),
          "__proto__",
          "constructor",
          "null",
          "NA",
          "\uFEFF",
        ],
      ),
      fc.string().filter((c) => !/[,"\r\n]/.test(c)),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(3), fc.nat(8), malformed), { maxLength: 4 }), (edits) => {
        const rows = valid.map((r) => [...r]);
        for (const [i, j, cell] of edits) (rows[i] as string[])[j] = cell;
        const r = ingestCsv([H, ...rows.map((x) => x.join(","))].join("\n"), opts);
        // A row naming no patient (its id left blank) is an input error with its reason; every other row is a patient's.
        expect(r.stats.read).toBe(rows.length);
        expect(r.patients.reduce((n, p) => n + p.counts.read, 0) + r.inputErrors.length).toBe(r.stats.read);
        for (const e of r.inputErrors) expect(e.reason).not.toBe("");
        for (const p of r.patients) for (const x of p.rejected) expect(x.reason).not.toBe("");
      }),
    );
  });

  it("cites a quoted field spanning lines by the line its row starts on, and later rows by theirs (LF or CRLF)", () => {
    for (const eol of ["\n", "\r\n"]) {
      const text = [
        "patient_id,record_type,date,code_system,code,text",
        `p1,event,2026-03-04,text,,"deep vein thrombosis${eol}left leg,${eol}by ultrasound"`,
        "p1,lab,2026-03-05,,,",
        "",
      ].join(eol);
      const r = ingestCsv(text, opts);
      expect(r.patients[0]?.events.map((e) => e.ref)).toEqual(["site.csv:2"]);
      expect(r.patients[0]?.rejected.map((x) => x.ref)).toEqual(["site.csv:5"]);
    }
  });

  it("numbers every record by the line it starts on, whatever quoted line breaks, empty lines and multi-byte characters precede it", () => {
    const field = fc.array(fc.constantFrom("a", "b c", "x,y", "é", "µmol 😀"), {
      minLength: 1,
      maxLength: 3,
    });
    const row = fc.record({ parts: field, blankBefore: fc.boolean() });
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 8 }),
        fc.constantFrom("\n", "\r\n"),
        fc.boolean(),
        (rows, eol, bom) => {
          const lines = ["patient_id,text"];
          const expected: number[] = [];
          for (const [i, r] of rows.entries()) {
            if (r.blankBefore) lines.push("");
            expected.push(lines.join(eol).split(eol).length + 1);
            lines.push(`p${i},"${r.parts.join(eol)}"`);
          }
          const parsed = csvRecords(`${bom ? "\uFEFF" : ""}${lines.join(eol)}${eol}`);
          expect(parsed.records.map((x) => x.line)).toEqual(expected);
          expect(parsed.records.map((x) => x.record.text)).toEqual(rows.map((r) => r.parts.join(eol)));
        },
      ),
    );
  });

  it("reads headers in any case, rejects a column named twice and one it does not know", () => {
    const upper = read(
      `PATIENT_ID,Record_Type,Date,CODE_SYSTEM,Code,Value,UNIT\np1,lab,2026-03-04,loinc,777-3,12,10*9/L\n`,
    );
    expect(upper.labs).toHaveLength(1);
    const twice = ingestCsv(`${H},Value\np1,lab,2026-03-04,loinc,777-3,12,10*9/L,,,99\n`, opts);
    expect(twice.patients).toEqual([]);
    expect(twice.inputErrors.map((e) => [e.code, e.reason])).toEqual([
      ["invalid-csv", "column(s) value named more than once in the header (names are case-insensitive)"],
    ]);
    // A column of the spreadsheet's own is not read, and named once; the rows are still read.
    const extra = ingestCsv(
      `${H},comment\np1,lab,2026-03-04,loinc,777-3,12,10*9/L,,,hi\np1,lab,2026-03-05,loinc,777-3,13,10*9/L,,,ho\n`,
      opts,
    );
    expect(extra.inputErrors.map((e) => [e.ref, e.code, e.reason])).toEqual([
      [
        "site.csv",
        "unknown-column",
        "column(s) comment are not in the format and were not read; see docs/csv-format.md",
      ],
    ]);
    expect(extra.patients[0]?.labs.map((l) => l.value)).toEqual([12, 13]);
  });

  it("refuses a file whose unknown column reads as a misspelt column of the format, naming the one meant", () => {
    const typo = (header: string) => ingestCsv(`${header}\np1,lab,2026-03-04,loinc,777-3,12,10*9/L\n`, opts);
    for (const [header, meant] of [
      ["patient_id,record_type,date,code_system,code,valeu,unit", "valeu (value?)"],
      ["patient_id,record_type,date,code_system,code,value,units", "units (unit?)"],
      ["patientid,record_type,date,code_system,code,value,unit", "patientid (patient_id?)"],
      ["patient_id,record_type,date,codesystem,code,value,unit", "codesystem (code_system?)"],
    ] as const) {
      const r = typo(header);
      expect(r.patients, header).toEqual([]);
      expect(r.inputErrors.map((e) => [e.code, e.reason])).toEqual([
        [
          "unknown-column",
          `unknown column(s) ${meant}: a misspelt column of the format; see docs/csv-format.md`,
        ],
      ]);
    }
    // Not a typo: the column it resembles is there already, or the names are short or far apart.
    for (const extra of ["units", "note", "mrn", "ward", "dose"]) {
      const r = ingestCsv(`${H},${extra}\np1,lab,2026-03-04,loinc,777-3,12,10*9/L,,,x\n`, opts);
      expect(r.patients[0]?.labs, extra).toHaveLength(1);
    }
  });

  it("reads a header with spaces around names, a trailing empty column and Excel's sep= first line", () => {
    const spaced = read(
      ` Patient_ID , record_type ,Date,code_system,code,value,unit,\np1,lab,2026-03-04,loinc,777-3,12,10*9/L,\n`,
    );
    expect(spaced.r.inputErrors).toEqual([]);
    expect(spaced.labs).toEqual([["site.csv:2", "platelets", "2026-03-04", 12, undefined, undefined]]);
    for (const [sep, line] of [
      ["sep=,", `${H}\r\np1,lab,2026-03-04,loinc,777-3,12,10*9/L,,`],
      ["\uFEFFsep=;", `${H.replaceAll(",", ";")}\r\np1;lab;2026-03-04;loinc;3255-7;1,5;g/L;;`],
    ] as const) {
      const r = read(`${sep}\r\n${line}\r\n`);
      expect(r.r.inputErrors).toEqual([]);
      // The row keeps its line in the file: the sep= line is line 1, the header line 2.
      expect(r.labs.map((l) => [l[0], l[3]])).toEqual([["site.csv:3", sep.includes(";") ? 1.5 : 12]]);
    }
    const tab = ingestCsv(`sep=\t\n${H}\n`, opts);
    expect(tab.inputErrors.map((e) => [e.code, e.reason])).toEqual([
      [
        "invalid-csv",
        'not readable as CSV: its first line sep= names the delimiter "\\t"; the format\'s are , and ;',
      ],
    ]);
  });

  it("skips empty lines and rows of delimiters only (a spreadsheet's empty rows), trailing or not", () => {
    const { r, labs } = read(`${H}\n\np1,lab,2026-03-04,loinc,777-3,12,10*9/L,,\n,,,,,,,,\n  \n,,\n`);
    expect(r.inputErrors).toEqual([]);
    expect(labs).toHaveLength(1);
    expect(r.stats).toMatchObject({ read: 1, used: 1, rejected: 0 });
  });

  it("reads ISO dates only: day and month written either way are rejected, named ambiguous when they are", () => {
    const { labs, rejected } = read(
      [
        H,
        "p1,lab,2026-03-04,loinc,777-3,11,10*9/L,,",
        "p1,lab,04/03/2026,loinc,777-3,12,10*9/L,,",
        "p1,lab,13/03/2026,loinc,777-3,13,10*9/L,,",
        "p1,lab,4.3.2026,loinc,777-3,14,10*9/L,,",
        "p1,lab,2026-03-04T10:00,loinc,777-3,15,10*9/L,,",
        "p1,lab,2026-03-04 10:00,loinc,777-3,16,10*9/L,,",
        "p1,lab,2026-03-04T10:00+01:00,loinc,777-3,17,10*9/L,,",
      ].join("\n"),
    );
    // A date-time without an offset is UTC (docs/csv-format.md), written with a T or a space alike.
    expect(labs.map((l) => [l[2], l[3]])).toEqual([
      ["2026-03-04", 11],
      ["2026-03-04T10:00+01:00", 17],
      ["2026-03-04T10:00Z", 15],
      ["2026-03-04T10:00Z", 16],
    ]);
    expect(rejected).toEqual([
      [
        "site.csv:3",
        "invalid-date",
        "date",
        'date "04/03/2026" is ambiguous: day or month first (2026-03-04 or 2026-04-03); write the date as ISO 8601, YYYY-MM-DD',
      ],
      [
        "site.csv:4",
        "invalid-date",
        "date",
        'date "13/03/2026" is not an ISO 8601 date; write it as YYYY-MM-DD (2026-03-13)',
      ],
      [
        "site.csv:5",
        "invalid-date",
        "date",
        'date "4.3.2026" is ambiguous: day or month first (2026-03-04 or 2026-04-03); write the date as ISO 8601, YYYY-MM-DD',
      ],
    ]);
  });

  it("reads censored values, a unit written in the value cell, and every common count unit; rejects empty values", () => {
    const { labs, rejected } = read(
      [
        H,
        "p1,lab,2026-03-01,loinc,777-3,<10,10*9/L,,",
        "p1,lab,2026-03-02,loinc,777-3,12 x10^9/L,,,",
        // The same unit in two spellings (G/L is 10^9/L): nothing to choose between.
        "p1,lab,2026-03-03,loinc,777-3,12 x10^9/L,G/L,,",
        "p1,lab,2026-03-03,loinc,777-3,13 x10^9/L,/uL,,",
        "p1,lab,2026-03-04,loinc,777-3,,10*9/L,,",
        "p1,lab,2026-03-05,loinc,777-3,101,10*9/L,,",
        "p1,lab,2026-03-06,loinc,777-3,102,G/L,,",
        "p1,lab,2026-03-07,loinc,777-3,103,/nL,,",
        "p1,lab,2026-03-08,loinc,777-3,104,K/uL,,",
        "p1,lab,2026-03-09,loinc,3255-7,1.5g/L,g/L,,",
      ].join("\n"),
    );
    expect(labs.map((l) => [l[0], l[3]])).toEqual([
      ["site.csv:2", 10],
      ["site.csv:3", 12],
      ["site.csv:4", 12],
      ["site.csv:7", 101],
      ["site.csv:8", 102],
      ["site.csv:9", 103],
      ["site.csv:10", 104],
      ["site.csv:11", 1.5],
    ]);
    expect(rejected.map(([ref, code, , reason]) => [ref, code, reason])).toEqual([
      [
        "site.csv:5",
        "invalid-value",
        'value "13 x10^9/L" carries the unit "x10^9/L" and the unit column another ("/uL")',
      ],
      ["site.csv:6", "missing-value", "Platelet count result has no value"],
    ]);
  });
});

describe("date-times at the edges of ISO 8601", () => {
  it("reads a leap second and the extreme offsets; rejects a 30 February, hour 25 and seconds past 60 with why", () => {
    const { labs, rejected } = read(
      [
        H,
        "p1,lab,2016-12-31T23:59:60Z,loinc,777-3,11,10*9/L,,",
        "p1,lab,2026-03-04T10:00+14:00,loinc,777-3,12,10*9/L,,",
        "p1,lab,2026-03-04T10:00-12:00,loinc,777-3,13,10*9/L,,",
        "p1,lab,2026-02-30,loinc,777-3,14,10*9/L,,",
        "p1,lab,2026-03-04T25:00,loinc,777-3,15,10*9/L,,",
        "p1,lab,2026-03-04T10:00:61Z,loinc,777-3,16,10*9/L,,",
      ].join("\n"),
    );
    expect(labs.map((l) => [l[2], l[3]])).toEqual([
      ["2016-12-31T23:59:60Z", 11],
      ["2026-03-04T10:00+14:00", 12],
      ["2026-03-04T10:00-12:00", 13],
    ]);
    const notComplete = (d: string) => `date "${d}" is not a complete ISO 8601 date or date-time`;
    expect(rejected.map((r) => [r[0], r[1], r[3]])).toEqual([
      ["site.csv:5", "invalid-date", notComplete("2026-02-30")],
      ["site.csv:6", "invalid-date", notComplete("2026-03-04T25:00")],
      ["site.csv:7", "invalid-date", notComplete("2026-03-04T10:00:61Z")],
    ]);
  });
});

describe("dates known only to the month or year", () => {
  it("refuses a dose started in '2026-05' or '05/2026', and a lab of '2026', naming what is missing", () => {
    const r = ingestCsv(
      [
        "patient_id,record_type,date,end_date,code_system,code,text,value,unit",
        "p1,dose,2026-05,,text,,pembrolizumab,,",
        "p1,dose,05/2026,,text,,pembrolizumab,,",
        "p1,lab,2026,,lab,platelets,,100,10*9/L",
        "p1,dose,2026-05-04,2026-06,text,,pembrolizumab,,",
      ].join("\n"),
      opts,
    );
    const p = r.patients[0];
    expect(p?.exposures).toEqual([]);
    expect(p?.rejected.map((x) => [x.ref, x.code, x.field, x.reason])).toEqual([
      [
        "site.csv:2",
        "invalid-date",
        "date",
        'date "2026-05" gives the month (2026-05) but not the day: a result, dose or event is placed by its day (time from a dose is counted in days), and a day is not guessed; write YYYY-MM-DD',
      ],
      [
        "site.csv:3",
        "invalid-date",
        "date",
        'date "05/2026" gives the month (2026-05) but not the day: a result, dose or event is placed by its day (time from a dose is counted in days), and a day is not guessed; write YYYY-MM-DD',
      ],
      [
        "site.csv:4",
        "invalid-date",
        "date",
        'date "2026" gives the year but not the day: a result, dose or event is placed by its day (time from a dose is counted in days), and a day is not guessed; write YYYY-MM-DD',
      ],
      [
        "site.csv:5",
        "invalid-date",
        "end_date",
        'end_date "2026-06" gives the month (2026-06) but not the day: a result, dose or event is placed by its day (time from a dose is counted in days), and a day is not guessed; write YYYY-MM-DD',
      ],
    ]);
  });
});

describe("numbers written as text", () => {
  it("a comma before exactly three digits (after 1–3 digits, no leading zero) is never read", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999 }), fc.integer({ min: 0, max: 999 }), (whole, part) => {
        const text = `${whole},${String(part).padStart(3, "0")}`;
        const n = parseNumberText(text);
        expect(n?.ambiguous).toBeDefined();
        expect(Number.isNaN(n?.value)).toBe(true);
      }),
    );
  });

  it("any other decimal comma reads as the decimal point does, and a dot alike unless the file writes decimal commas", () => {
    const decimals = fc
      .tuple(fc.integer({ min: 0, max: 99_999 }), fc.stringMatching(/^\d{1,6}$/))
      .filter(([w, f]) => f.length !== 3 || w === 0);
    fc.assert(
      fc.property(decimals, fc.constantFrom("", "<", ">="), ([whole, fraction], comparator) => {
        const dot = parseNumberText(`${comparator}${whole}.${fraction}`);
        expect(parseNumberText(`${comparator}${whole},${fraction}`)).toEqual(dot);
        expect(parseNumberText(`${comparator}${whole},${fraction}`, { decimalComma: true })).toEqual(dot);
        expect(dot?.value).toBe(Number(`${whole}.${fraction}`));
      }),
    );
    expect(parseNumberText("1.500")?.value).toBe(1.5);
    expect(parseNumberText("1.500", { decimalComma: true })?.ambiguous).toBeDefined();
  });
});

describe("a number sent for a presence test", () => {
  const rejected = (row: string) =>
    ingestCsv(`${H}\n${row}`, opts).patients[0]?.rejected.map((x) => [x.code, x.reason]);

  it("schistocytes 2 % is rejected with the lab id its count goes under (schistocytes-pct)", () => {
    expect(rejected("p1,lab,2026-11-30,lab,schistocytes,2,%,,")).toEqual([
      [
        "value-type",
        "Schistocytes (presence) is read as positive/negative; a number (2 %) without the laboratory's positive/negative interpretation is not; send a count as lab id schistocytes-pct (unit %)",
      ],
    ]);
  });

  it("the same count under schistocytes-pct is read, and a presence test with no counted twin names none", () => {
    expect(rejected("p1,lab,2026-11-30,lab,schistocytes-pct,2,%,,")).toEqual([]);
    const dat = rejected("p1,lab,2026-11-30,lab,dat,2,%,,")?.[0]?.[1] ?? "";
    expect(dat).not.toContain("send a count");
  });
});

describe("dates in another lexical form of ISO 8601, or HL7 v2", () => {
  it.each([
    ["2024-03-01T08:30:00-0500", "2024-03-01T08:30:00-05:00"],
    ["2024-03-01T08:30+0100", "2024-03-01T08:30+01:00"],
    ["2024-03-01 08:30:00+0100", "2024-03-01T08:30:00+01:00"],
    ["20240301T083000Z", "2024-03-01T08:30:00Z"],
    ["20240301T0830-0500", "2024-03-01T08:30-05:00"],
    ["20240301T083000+01:00", "2024-03-01T08:30:00+01:00"],
    ["20240301", "2024-03-01"],
    ["20240301083000", "2024-03-01T08:30:00"],
    ["202403010830", "2024-03-01T08:30"],
    ["20240301083000.12-0500", "2024-03-01T08:30:00.12-05:00"],
  ])("reads %s as %s", (written, iso) => {
    expect(extendedIso(written)).toBe(iso);
  });

  it("leaves other text as written, for the date check to refuse: a Z on an HL7 timestamp, hours alone, 7 digits", () => {
    for (const text of ["20240301083000Z", "2024030108", "2024031", "2024-03-01T08:30:00-05", "01032024x"])
      expect(extendedIso(text)).toBe(text);
  });

  it("names the same instant in every form (property)", () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date("1950-01-01T00:00:00Z"),
          max: new Date("2026-01-01T00:00:00Z"),
          noInvalidDate: true,
        }),
        fc.integer({ min: -12, max: 14 }),
        (d, hours) => {
          const sign = hours < 0 ? "-" : "+";
          const hh = String(Math.abs(hours)).padStart(2, "0");
          const local = new Date(d.getTime() + hours * 3600_000).toISOString().slice(0, 19);
          const extended = `${local}${sign}${hh}:00`;
          const digits = local.replace(/[-:T]/g, "");
          for (const form of [
            `${local}${sign}${hh}00`,
            `${digits.slice(0, 8)}T${digits.slice(8)}${sign}${hh}00`,
            `${digits}${sign}${hh}00`,
          ])
            expect(Date.parse(extendedIso(form)), form).toBe(Date.parse(extended));
          expect(Date.parse(extended)).toBe(Math.floor(d.getTime() / 1000) * 1000);
        },
      ),
    );
  });

  it("reads such dates in the CSV; a day-first eight-digit date is not a date", () => {
    const { labs, rejected } = read(
      [
        H,
        "p1,lab,2026-03-04T08:30:00-0500,loinc,777-3,11,10*9/L,,",
        "p1,lab,20260305T083000Z,loinc,777-3,12,10*9/L,,",
        "p1,lab,20260306083000,loinc,777-3,13,10*9/L,,",
        "p1,lab,04032026,loinc,777-3,14,10*9/L,,",
      ].join("\n"),
    );
    expect(labs.map((l) => [l[2], l[3]])).toEqual([
      ["2026-03-04T08:30:00-05:00", 11],
      ["2026-03-05T08:30:00Z", 12],
      ["2026-03-06T08:30:00Z", 13],
    ]);
    expect(rejected).toEqual([
      [
        "site.csv:5",
        "invalid-date",
        "date",
        'date "04032026" is not a date (read as 0403-20-26, year-month-day)',
      ],
    ]);
  });
});
