/**
 * Censored lab values (`<10`, `≤ 0.5`, `less than 10`, FHIR `valueQuantity.comparator`): the parser keeps the
 * comparator with the number on every path, and a prefix it does not know as a comparator (`=<10`, `~10`,
 * `below 10`) refuses the value naming it, never reads the bare number.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { testVocabulary as vocabulary } from "../../../../test/support/test-vocabulary.js";
import { ingestCsv } from "./csv/ingest.js";
import { ingestFhir } from "./fhir/ingest.js";
import { parseNumberText, unreadComparator } from "./lab-result.js";

const FORMS: readonly (readonly [string, string])[] = [
  ["<", "<"],
  ["<=", "<="],
  [">", ">"],
  [">=", ">="],
  ["≤", "<="],
  ["≥", ">="],
  ["less than ", "<"],
  ["Less than or equal to ", "<="],
  ["greater than ", ">"],
  ["more than ", ">"],
  ["greater than or equal to ", ">="],
];
const decimal = fc
  .tuple(fc.integer({ min: 0, max: 99999 }), fc.integer({ min: 0, max: 999 }))
  .map(([i, f]) => (f === 0 ? String(i) : `${i}.${String(f).padStart(3, "0").replace(/0+$/, "")}`));

describe("parseNumberText: comparators", () => {
  it("keeps every known comparator, symbol or words, with any spacing, and the number it bounds", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FORMS),
        fc.constantFrom("", " ", "  "),
        decimal,
        ([form, symbol], space, n) => {
          const r = parseNumberText(`${space}${form}${space}${n}`);
          expect(r).toMatchObject({ value: Number(n), comparator: symbol });
        },
      ),
    );
  });

  it("never reads a number behind a prefix it does not know as a comparator, and names the prefix", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          "=<",
          "=>",
          "<<",
          ">>",
          "< =",
          "~",
          "≈",
          "=",
          "below ",
          "under ",
          "above ",
          "LT ",
          "GT ",
          "approx. ",
          "ca. ",
        ),
        decimal,
        (prefix, n) => {
          expect(parseNumberText(`${prefix}${n}`)).toBeUndefined();
          expect(unreadComparator(`${prefix}${n}`)).toBe(prefix.trim());
        },
      ),
    );
  });

  it("takes no flag, comment or plain number for a comparator", () => {
    for (const t of ["12", "LL 12", "(H) 2.1", "12 L", "see note 2", "12 x10^9/L"])
      expect(unreadComparator(t)).toBeUndefined();
  });
});

describe("censored values on each path", () => {
  const csv = (value: string) => {
    const r = ingestCsv(
      `patient_id,record_type,date,code_system,code,value,unit\np1,lab,2026-03-04,lab,adamts13-activity,${value},%\n`,
      { vocabulary, evaluatedAt: "2026-12-01T00:00:00Z", file: "site.csv" },
    );
    const p = r.patients[0];
    return {
      labs: p?.labs.map((l) => [l.value, l.comparator]) ?? [],
      rejected: p?.rejected.map((x) => [x.code, x.reason]) ?? [],
    };
  };
  const fhir = (valueQuantity: unknown, value: Record<string, unknown> = { valueQuantity }) => {
    const r = ingestFhir(
      {
        resourceType: "Bundle",
        type: "collection",
        entry: [
          { resourceType: "Patient", id: "p1" },
          {
            resourceType: "Observation",
            id: "o1",
            status: "final",
            code: { coding: [{ system: "http://loinc.org", code: "777-3" }] },
            subject: { reference: "Patient/p1" },
            effectiveDateTime: "2026-03-04T08:00:00Z",
            ...value,
          },
        ].map((resource) => ({ resource })),
      },
      { vocabulary, evaluatedAt: "2026-12-01T00:00:00Z" },
    );
    const p = r.patients[0];
    return {
      labs: p?.labs.map((l) => [l.value, l.comparator]) ?? [],
      rejected: p?.rejected.map((x) => [x.code, x.reason]) ?? [],
    };
  };

  it("CSV: keeps <10, ≤ 0.5 and 'less than 10' as censored values; refuses =<10 naming the prefix", () => {
    expect(csv("<10").labs).toEqual([[10, "<"]]);
    expect(csv("≤ 0.5").labs).toEqual([[0.5, "<="]]);
    expect(csv("less than 10").labs).toEqual([[10, "<"]]);
    expect(csv(">100").labs).toEqual([[100, ">"]]);
    const refused = csv("=<10");
    expect(refused.labs).toEqual([]);
    expect(refused.rejected).toEqual([
      [
        "unsupported-comparator",
        'ADAMTS13 activity value "=<10": "=<" is none of <, <=, >, >= (or less than, greater than …), so which side of a cut-off the value lies on is not known; not read as the number alone',
      ],
    ]);
  });

  it("FHIR: keeps valueQuantity.comparator, and the comparator of a valueString; refuses 'ad' (R4's sufficient-to-achieve)", () => {
    const q = (comparator?: string) => ({
      value: 5,
      unit: "10*9/L",
      system: "http://unitsofmeasure.org",
      code: "10*9/L",
      ...(comparator && { comparator }),
    });
    for (const c of ["<", "<=", ">", ">="]) expect(fhir(q(c)).labs).toEqual([[5, c]]);
    expect(fhir(q()).labs).toEqual([[5, undefined]]);
    expect(fhir(undefined, { valueString: "<5 x10^9/L" }).labs).toEqual([[5, "<"]]);
    const ad = fhir(q("ad"));
    expect(ad.labs).toEqual([]);
    expect(ad.rejected[0]?.[0]).toBe("unsupported-comparator");
  });
});
