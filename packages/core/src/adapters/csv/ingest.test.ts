import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../../../../test/support/paths.js";
import { testVocabulary as vocabulary } from "../../../../../test/support/test-vocabulary.js";
import { ingestCsv } from "./ingest.js";

const opts = { vocabulary, evaluatedAt: "2025-03-01T00:00:00Z", file: "site.csv" };
const HEADER =
  "patient_id,record_type,date,end_date,code_system,code,text,value,unit,ref_low,ref_high,grade,dose_kind";
const csv = (...rows: string[]) => [HEADER, ...rows].join("\n");

describe("ingestCsv", () => {
  it("reads the example of docs/csv-format.md", () => {
    const doc = readFileSync(join(REPO_ROOT, "docs", "csv-format.md"), "utf8");
    const example = /```csv\n([\s\S]*?)```/.exec(doc)?.[1] ?? "";
    const r = ingestCsv(example, opts);
    expect(r.inputErrors).toEqual([]);
    const [p] = r.patients;
    expect(p).toMatchObject({ patientId: "p1", birthDate: "1958-04-02", sex: "female" });
    expect(p?.exposures.map((e) => e.drug)).toEqual(["pembrolizumab"]);
    expect(p?.labs.map((l) => [l.lab, l.value ?? l.qualitative, l.refHigh])).toEqual([
      ["platelets", 12, 400],
      ["d-dimer-feu", 1.2, 0.5],
      ["schistocytes", "negative", undefined],
    ]);
    // SNOMED 131148009 is not in the test vocabulary: out of scope here, counted as not used.
    expect(p?.rejected).toEqual([]);
    expect(p?.notUsed).toEqual({ event: { "http://snomed.info/sct": 1 } });
    expect(r.stats).toEqual({ read: 6, used: 5, merged: 0, rejected: 0, notUsed: 1, ignored: 0 });
    expect(p?.counts).toEqual(r.stats);
  });

  it("reads the HL7 v2 sex codes F, M, O, U as exports write them, and keeps the birth date with them", () => {
    const header = "patient_id,record_type,birth_date,sex";
    for (const [written, sex] of [
      ["F", "female"],
      ["m", "male"],
      ["O", "other"],
      ["U", "unknown"],
    ] as const) {
      const r = ingestCsv(`${header}\np1,patient,1960-01-01,${written}`, opts);
      expect(r.patients[0]).toMatchObject({ birthDate: "1960-01-01", sex });
      expect(r.patients[0]?.rejected).toEqual([]);
    }
    const wrong = ingestCsv(`${header}\np1,patient,1960-01-01,X`, opts).patients[0];
    expect(wrong?.rejected.map((x) => x.reason)).toEqual([
      'sex "X" is not female, male, other or unknown (or F, M, O, U)',
    ]);
  });

  it("rejects a birth_date the calendar lacks or after the evaluation, with the reason", () => {
    const header = "patient_id,record_type,birth_date,sex";
    const at = (birth: string) => ingestCsv(`${header}\np1,patient,${birth},F`, opts).patients[0];
    expect(at("1970-02-30")?.rejected.map((x) => [x.code, x.reason])).toEqual([
      ["invalid-date", 'birth_date "1970-02-30" is not a date of the calendar'],
    ]);
    expect(at("2099-01-01")?.rejected.map((x) => x.code)).toEqual(["future-date"]);
    expect(at("1970-02-28")).toMatchObject({ birthDate: "1970-02-28", rejected: [] });
  });

  it("reads a context drug dose as given on its day, a statement or request without end_date as ongoing", () => {
    const r = ingestCsv(
      csv(
        "p1,dose,2024-03-01,,text,,enoxaparin,,,,,,",
        "p1,dose,2024-03-02,,text,,enoxaparin,,,,,,statement",
        "p1,dose,2024-03-03,,text,,enoxaparin,,,,,,request",
        "p1,dose,2024-03-04,2024-03-09,text,,enoxaparin,,,,,,statement",
      ),
      opts,
    );
    expect(
      r.patients[0]?.contextDrugs.map((d) => [d.start.slice(0, 10), d.end?.slice(0, 10) ?? "ongoing"]),
    ).toEqual([
      ["2024-03-01", "2024-03-01"],
      ["2024-03-02", "ongoing"],
      ["2024-03-03", "ongoing"],
      ["2024-03-04", "2024-03-09"],
    ]);
  });

  it("reads an end_date after the evaluation as a planned end: the course is under way, the row is used", () => {
    const r = ingestCsv(
      csv(
        "p1,dose,2025-02-20,2025-03-19,text,,pembrolizumab,,,,,,",
        "p1,dose,2025-02-25,2025-03-25,text,,enoxaparin,,,,,,",
        "p1,dose,2025-02-26,2025-04-01,text,,enoxaparin,,,,,,statement",
      ),
      opts,
    );
    const [p] = r.patients;
    expect(p?.rejected).toEqual([]);
    expect(p?.exposures.map((e) => [e.drug, e.first.slice(0, 10)])).toEqual([
      ["pembrolizumab", "2025-02-20"],
    ]);
    expect(p?.contextDrugs.map((d) => d.end ?? "ongoing")).toEqual(["ongoing", "ongoing"]);
    expect(r.stats).toMatchObject({ read: 3, used: 3, rejected: 0 });
  });

  it("marks an immunotherapy administration with a planned end as running; not one that ended, nor a statement", () => {
    const r = ingestCsv(
      csv(
        "p1,dose,2025-02-20,2025-03-19,text,,pembrolizumab,,,,,,",
        "p2,dose,2025-02-01,2025-02-28,text,,pembrolizumab,,,,,,",
        "p3,dose,2025-02-20,2025-03-19,text,,pembrolizumab,,,,,,statement",
      ),
      opts,
    );
    expect(r.patients.map((p) => p.exposures[0]?.doses[0]?.running ?? false)).toEqual([true, false, false]);
    expect(r.patients[1]?.exposures[0]?.doses[0]?.end?.slice(0, 10)).toBe("2025-02-28");
  });

  it("cites every rejected row by its line and field; a code outside the catalogues is not used", () => {
    const r = ingestCsv(
      csv(
        "p1,lab,2024-03-01,,loinc,777-3,,12,g/dL,,,,",
        "p1,lab,2026-01-01,,loinc,777-3,,12,10^9/L,,,,",
        "p1,lab,,,loinc,777-3,,12,10^9/L,,,,",
        "p1,lab,2024-03-01,,loinc,8867-4,Heart rate,80,/min,,,,",
        "p1,event,2024-03-01,,text,,deep vein thrombosis,,,,,7,",
        "p1,dose,2024-03-01,,text,,pembrolizumab,,,,,,infused",
        "p1,vital,2024-03-01,,,,,,,,,,",
        ",lab,2024-03-01,,loinc,777-3,,12,10^9/L,,,,",
      ),
      opts,
    );
    const rows = r.patients[0]?.rejected.map((x) => [x.ref, x.code, x.field]);
    expect(rows).toEqual([
      ["site.csv:2", "unit-not-convertible", "value"],
      ["site.csv:3", "future-date", "date"],
      ["site.csv:4", "missing-date", "date"],
      ["site.csv:6", "invalid-grade", "grade"],
      ["site.csv:7", "invalid-value", "dose_kind"],
      ["site.csv:8", "invalid-record-type", "record_type"],
    ]);
    expect(r.inputErrors.map((x) => [x.ref, x.code])).toEqual([["site.csv:9", "missing-subject"]]);
    expect(r.patients[0]?.notUsed).toEqual({ lab: { "http://loinc.org": 1 } });
    expect(r.patients[0]?.counts).toEqual({
      read: 7,
      used: 0,
      merged: 0,
      rejected: 6,
      notUsed: 1,
      ignored: 0,
    });
    expect(r.stats).toEqual({ read: 8, used: 0, merged: 0, rejected: 7, notUsed: 1, ignored: 0 });
  });

  it("reads events with grade and qualifiers, CAR-T doses as procedures, and catalogue lab ids", () => {
    const r = ingestCsv(
      [
        "patient_id,record_type,date,code_system,code,text,value,unit,grade,dose_kind,qualifiers",
        "p1,dose,2024-05-02,text,,Axicabtagene ciloleucel,,,,procedure,",
        "p1,event,2024-05-04,snomed,128053003,,,,2,,pe",
        "p1,lab,2024-05-05,lab,schistocytes-pct,,1.5,%,,,",
        'p1,lab,2024-05-05,loinc,53622-7,ADAMTS13,"<5",%,,,',
      ].join("\n"),
      opts,
    );
    const p = r.patients[0];
    expect(p?.exposures[0]).toMatchObject({ drug: "axicabtagene-ciloleucel", infusion: "2024-05-02" });
    expect(p?.events[0]).toMatchObject({ kind: "thrombosis", grade: 2, qualifiers: ["venous", "pe"] });
    expect(p?.labs.map((l) => [l.lab, l.value, l.comparator])).toEqual([
      ["schistocytes-pct", 1.5, undefined],
      ["adamts13-activity", 5, "<"],
    ]);
  });

  it("merges a repeated row and keeps two values at one instant with a Conflict", () => {
    const r = ingestCsv(
      csv(
        "p1,lab,2024-03-01T08:00:00Z,,loinc,777-3,,12,10^9/L,,,,",
        "p1,lab,2024-03-01T08:00:00Z,,loinc,777-3,,12,10^9/L,,,,",
        "p1,lab,2024-03-01T08:00:00Z,,loinc,777-3,,150,10^9/L,,,,",
      ),
      opts,
    );
    expect(r.stats).toEqual({ read: 3, used: 2, merged: 1, rejected: 0, notUsed: 0, ignored: 0 });
    expect(r.patients[0]?.conflicts[0]?.refs).toEqual(["site.csv:2", "site.csv:4"]);
  });

  it("rejects a file with a misspelt or missing column, and a row with too many fields", () => {
    expect(ingestCsv("patient_id,record_type,valeu\np1,lab,1\n", opts).inputErrors[0]).toMatchObject({
      code: "unknown-column",
      reason: "unknown column(s) valeu (value?): a misspelt column of the format; see docs/csv-format.md",
    });
    expect(ingestCsv("patient_id,date\np1,2024-01-01\n", opts).inputErrors[0]?.code).toBe("missing-column");
    const r = ingestCsv(csv("p1,lab,2024-03-01,,loinc,777-3,,12,10^9/L,,,,,extra"), opts);
    expect(r.inputErrors[0]).toMatchObject({ ref: "site.csv:2", code: "malformed-row" });
  });

  it("counts out-of-scope rows by record type and code system, before their dates, and still checks lab ids", () => {
    const r = ingestCsv(
      csv(
        "p1,dose,2024-03-01,,rxnorm,997488,Fexofenadine,,,,,,",
        "p1,dose,2024-03-01,,rxnorm,997488,Fexofenadine,,,,,,",
        "p1,event,2030-01-01,,text,,ankle sprain,,,,,,",
        "p1,lab,2024-03-01,,lab,platelet,,12,10^9/L,,,,",
      ),
      opts,
    );
    const p = r.patients[0];
    expect(p?.notUsed).toEqual({
      dose: { "http://www.nlm.nih.gov/research/umls/rxnorm": 2 },
      event: { text: 1 },
    });
    expect(p?.rejected.map((x) => [x.ref, x.code, x.reason])).toEqual([
      [
        "site.csv:5",
        "unknown-code",
        'lab id "platelet" is not a lab HemoSentinel uses (did you mean "platelets" or "platelet-clumps"?)',
      ],
    ]);
    expect(p?.counts).toEqual({ read: 4, used: 0, merged: 0, rejected: 1, notUsed: 3, ignored: 0 });
  });

  it("names no lab id when none is near the mistyped one", () => {
    const r = ingestCsv(csv("p1,lab,2024-03-01,,lab,plt,,12,10^9/L,,,,"), opts);
    expect(r.patients[0]?.rejected.map((x) => x.reason)).toEqual([
      'lab id "plt" is not a lab HemoSentinel uses',
    ]);
  });

  it("reports unreadable CSV instead of throwing", () => {
    const r = ingestCsv('patient_id,"record_type\np1,lab\n', opts);
    expect(r.inputErrors[0]?.code).toBe("invalid-csv");
  });

  it.each([
    ["a quote inside a field", '1"2', "a quote inside an unquoted field"],
    ["a quote never closed", '"12', "a quote that is never closed"],
    ["text after a closing quote", '"12"x', "a closing quote followed by more characters in the same field"],
  ])("rejects a row with %s by its own line and reads the rest of the file", (_, value, why) => {
    const r = ingestCsv(
      csv(
        "p1,lab,2024-03-01,,loinc,777-3,,10,10^9/L,,,,",
        `p1,lab,2024-03-02,,loinc,777-3,,${value},10^9/L,,,,`,
        "p1,lab,2024-03-03,,loinc,777-3,,30,10^9/L,,,,",
        '"p1",lab,2024-03-04,,loinc,777-3,"Platelets, automated",40,10^9/L,,,,',
      ),
      opts,
    );
    expect(r.inputErrors).toEqual([
      { ref: "site.csv:3", file: "site.csv", code: "malformed-row", reason: `line 3 cannot be read: ${why}` },
    ]);
    expect(r.patients[0]?.labs.map((l) => l.value)).toEqual([10, 30, 40]);
    expect(r.stats).toMatchObject({ read: 4, used: 3, rejected: 1 });
  });
});
