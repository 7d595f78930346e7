/**
 * A count drawn the day of the first dose without a draw time (a CSV date, a FHIR date, or a timestamp at exactly
 * local midnight, as laboratory interfaces send an unknown draw time) is of undetermined order against a dose timed
 * that day. Read as written it fell before the dose and became the pre-dose baseline, so a count drawn hours into a
 * rituximab infusion (Capecchi 2025: 130 → 15) erased the fall it shows and the patient was silent. Neither order is
 * assumed: a normal count stays the baseline; a low one (below an earlier pre-dose count, or with none before it) is
 * read as possibly after the dose — the finding is at most possible unless later counts confirm it, its onset is
 * day 0, and the trace names the timing. A count with a real time is read as written.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { SAME_DAY_NOTE, undeterminedOrder } from "../../packages/core/src/engine/detect/same-day.js";
import { buildBundle, loadSpecs } from "../cases/build-bundles.js";
import { findingOf } from "../support/assess.js";
import { assessChecked, CSV_HEADER } from "../support/charted-words.js";
import { administration, plateletCount } from "../support/fhir-entries.js";

const DOSE = "2026-03-01T10:00:00Z";
const EARLIER = "2026-02-27T08:00:00Z";
/** Platelet counts in ×10⁹/L, each `[date or date-time, value]`. */
type Counts = readonly (readonly [string, number])[];

function fhir(counts: Counts, dose = DOSE): PatientReport {
  const entry = [
    { resource: { resourceType: "Patient", id: "p1" } },
    { resource: administration("d1", "rituximab", dose) },
    ...counts.map(([on, value], i) => plateletCount(on, { value, unit: "10*9/L" }, { id: `plt${i}` })),
  ];
  return assessChecked({ kind: "fhir", value: { resourceType: "Bundle", type: "collection", entry } });
}

function csv(counts: Counts, dose = DOSE, drug = "rituximab"): PatientReport {
  const rows = [
    CSV_HEADER,
    `p1,dose,${dose},,text,,${drug},,,,,,administration,,,`,
    ...counts.map(([on, value]) => `p1,lab,${on},,loinc,777-3,,${value},10*9/L,,,,,,,`),
  ];
  return assessChecked({ kind: "csv", text: `${rows.join("\n")}\n` });
}

/** What a reader sees of the ITP finding: certainty, onset day, and whether the timing is named. */
function itp(p: PatientReport) {
  const f = findingOf(p, "itp");
  if (!f) return undefined;
  const trace = [f.summary, ...f.criteria.map((c) => c.detail ?? "")].join(" ");
  return {
    certainty: f.certainty,
    day: f.onset?.daysFromFirstDose,
    timing: trace.includes(SAME_DAY_NOTE),
    ...(f.summary.includes("find it without it") && { confirmed: true }),
  };
}

const possibleDay0 = { certainty: "possible", day: 0, timing: true };

describe("a count the day of the first dose without a draw time", () => {
  it("a CSV date: the fall from the earlier count is found, possible, onset day 0, the timing named", () => {
    expect(
      itp(
        csv([
          [EARLIER, 230],
          ["2026-03-01", 15],
        ]),
      ),
    ).toEqual(possibleDay0);
  });

  it("a FHIR date: the same", () => {
    expect(
      itp(
        fhir([
          [EARLIER, 230],
          ["2026-03-01", 15],
        ]),
      ),
    ).toEqual(possibleDay0);
  });

  it.each([
    ["Sydney", "2026-03-01T00:00:00+11:00"],
    ["New York", "2026-03-01T00:00:00-05:00"],
  ])("local midnight in %s beside a dose timed later that day: the same", (_zone, at) => {
    expect(
      itp(
        fhir([
          [EARLIER, 230],
          [at, 15],
        ]),
      ),
    ).toEqual(possibleDay0);
  });

  it("a low count with no earlier one: possible (a low count before the dose cannot be excluded), timing named", () => {
    expect(itp(csv([["2026-03-01", 15]]))).toEqual(possibleDay0);
  });

  it("the dose dated without a time too: 9 that day then 11 on day 10 is possible, not a silent pre-existing count", () => {
    const counts: Counts = [
      ["2026-03-01", 9],
      ["2026-03-11", 11],
    ];
    // Without the day-0 count, the 11 after the dose is itself a possible ITP (no pre-dose count): it confirms it.
    expect(itp(csv(counts, "2026-03-01"))).toEqual({ ...possibleDay0, confirmed: true });
    expect(itp(fhir(counts, "2026-03-01"))).toEqual({ ...possibleDay0, confirmed: true });
  });

  it("later counts that confirm the fall keep the certainty the record gives without the same-day count", () => {
    const later: Counts = [
      ["2026-03-03T08:00:00Z", 20],
      ["2026-03-05T08:00:00Z", 30],
    ];
    const withIt = itp(fhir([[EARLIER, 230], ["2026-03-01", 15], ...later]));
    const withoutIt = itp(fhir([[EARLIER, 230], ...later]));
    expect(withoutIt?.certainty).toBeDefined();
    expect(withIt).toEqual({ certainty: withoutIt?.certainty, day: 0, timing: true, confirmed: true });
  });

  it("a normal count stays the baseline: nothing is flagged", () => {
    for (const p of [
      csv([
        [EARLIER, 230],
        ["2026-03-01", 210],
      ]),
      fhir([
        [EARLIER, 230],
        ["2026-03-01T00:00:00+11:00", 210],
      ]),
    ]) {
      expect(p.findings).toEqual([]);
      expect(p.unexplained).toEqual([]);
    }
  });
});

describe("where no finding is sought (the first 30 days after CAR-T), the unexplained list", () => {
  const carT = (at: string, value: number) =>
    csv(
      [
        [EARLIER, 230],
        [at, value],
      ],
      DOSE,
      "axicabtagene ciloleucel",
    );
  const listed = (p: PatientReport) =>
    p.unexplained
      .filter((u) => u.abnormality === "platelet-count-decreased")
      .map((u) => ({ grade: u.grade, timing: u.why.includes(SAME_DAY_NOTE) }));

  it("lists a low count of the infusion's day without a draw time, as possibly after it, the timing named", () => {
    expect(listed(carT("2026-03-01", 15))).toEqual([{ grade: 4, timing: true }]);
  });

  it("lists it when timed after the infusion, without the timing note", () => {
    expect(listed(carT("2026-03-01T14:00:00Z", 15))).toEqual([{ grade: 4, timing: false }]);
  });

  it("does not list it when timed before the infusion, nor a normal count of that day", () => {
    expect(listed(carT("2026-03-01T08:00:00Z", 15))).toEqual([]);
    expect(listed(carT("2026-03-01", 210))).toEqual([]);
  });
});

describe("Capecchi 2025 (platelets 130 → 15 during the first rituximab infusion), its labs at exact local midnight", () => {
  const spec = loadSpecs().find((x) => x.id.endsWith("-capecchi-2025"));
  if (!spec) throw new Error("no Capecchi case");
  /** The case's bundle with every result at exactly local midnight of its date at `offset`; doses kept in UTC. */
  const atMidnight = (offset: string) => {
    const bundle = buildBundle(spec) as { entry: { resource: Record<string, unknown> }[] };
    return {
      ...bundle,
      entry: bundle.entry.map(({ resource: r }) => ({
        resource:
          r.resourceType === "Observation" && typeof r.effectiveDateTime === "string"
            ? { ...r, effectiveDateTime: `${r.effectiveDateTime.slice(0, 10)}T00:00:00${offset}` }
            : r,
      })),
    };
  };
  it.each(["+11:00", "-05:00"])(
    "at %s: ITP found at day 0, probable as the later counts confirm, the timing named",
    (offset) => {
      const p = assessChecked({ kind: "fhir", value: atMidnight(offset) });
      expect(itp(p)).toEqual({ certainty: "probable", day: 0, timing: true, confirmed: true });
      expect(p.findings[0]?.disorder).toBe("itp");
    },
  );
});

describe("a count with a real time, or not on the dose's day, is read as written", () => {
  it("timed before the dose: it is the baseline, no fall after the drug", () => {
    const p = fhir([
      [EARLIER, 230],
      ["2026-03-01T08:00:00Z", 15],
    ]);
    expect(itp(p)).toBeUndefined();
  });

  it("timed after the dose: the fall is found as before, its timing not put in doubt", () => {
    const found = itp(
      fhir([
        [EARLIER, 230],
        ["2026-03-01T14:00:00Z", 15],
      ]),
    );
    expect(found).toMatchObject({ day: 0, timing: false });
  });

  it("local midnight of the day before the dose's local date: before the dose, the baseline", () => {
    // 2026-03-01T14:00Z is 01:00 on 2 March in Sydney: the count at midnight of 1 March came a whole day earlier.
    const p = fhir(
      [
        [EARLIER, 230],
        ["2026-03-01T00:00:00+11:00", 15],
      ],
      "2026-03-01T14:00:00Z",
    );
    expect(itp(p)).toBeUndefined();
  });
});

describe("which times are unknown against a first dose", () => {
  it.each([
    ["2026-03-01", DOSE, true],
    ["2026-03-01", "2026-03-01", true],
    ["2026-03-01T00:00:00+11:00", DOSE, true],
    ["2026-03-01T00:00:00-05:00", DOSE, true],
    ["2026-03-01T00:00:00Z", DOSE, true],
    ["2026-03-01T00:00:00+11:00", "2026-03-01", true],
    ["2026-03-01T00:14:00+11:00", DOSE, false],
    ["2026-03-01T08:00:00Z", DOSE, false],
    ["2026-03-01T00:00:00+11:00", "2026-03-01T14:00:00Z", false],
    ["2026-02-28", DOSE, false],
  ])("%s against a dose at %s: undetermined %s", (at, dose, expected) => {
    expect(undeterminedOrder(at, dose)).toBe(expected);
  });
});
