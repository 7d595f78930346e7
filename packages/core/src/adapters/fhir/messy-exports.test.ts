/**
 * Shapes real FHIR exports take that the simple fixtures do not: censored values, values as text or
 * codes, other date fields, source reference ranges, search bundles with OperationOutcomes, contained
 * Medications, and Conditions / Procedures / statements whose status says they are not facts. Each record
 * is used or rejected with its reason; nothing is read as more certain than the source wrote it.
 */
import { describe, expect, it } from "vitest";
import { observation } from "../../../../../test/support/fhir-entries.js";
import { ingestOne } from "../../../../../test/support/fhir-one.js";
import { testVocabulary as vocabulary } from "../../../../../test/support/test-vocabulary.js";
import { ingestFhir } from "./ingest.js";

const opts = { vocabulary, evaluatedAt: "2025-03-01T00:00:00Z", file: "export.json" };
const subject = { reference: "Patient/p1" };

const obs = (code: string, fields: Record<string, unknown>) => observation("o", code, fields);
const dvt = (fields: Record<string, unknown>) => ({
  resourceType: "Condition",
  id: "c",
  code: { text: "deep vein thrombosis" },
  subject,
  ...fields,
});

function one(...resources: unknown[]) {
  const r = ingestOne(opts, ...resources);
  return { ...r, why: r.record.rejected.map((x) => [x.code, x.field, x.reason]) };
}

describe("censored values keep their comparator (never read as the exact number)", () => {
  // A "<5" platelet count is at most 5: the engine counts it as meeting "< 10" and grade 4 (the true
  // count can only be lower), and as unknown against a lower cut-off; a ">150 s" aPTT likewise meets
  // only upper cut-offs at or below 150. The adapter's part is to keep the comparator.
  it("keeps '<' on a platelet count and '>' on an aPTT", () => {
    const plt = one(obs("777-3", { valueQuantity: { value: 5, comparator: "<", unit: "10*9/L" } })).record;
    expect(plt.labs.map((l) => [l.value, l.comparator])).toEqual([[5, "<"]]);
    const aptt = one(obs("14979-9", { valueQuantity: { value: 150, comparator: ">", unit: "s" } })).record;
    expect(aptt.labs.map((l) => [l.value, l.comparator])).toEqual([[150, ">"]]);
  });

  it("reads a valueString with its comparator and unit; a bare number without a unit is refused, not guessed", () => {
    const withUnit = one(obs("777-3", { valueString: "<10 x10^9/L" })).record;
    expect(withUnit.labs.map((l) => [l.value, l.unit, l.comparator])).toEqual([[10, "10*9/L", "<"]]);
    for (const text of ["<10", "12"]) {
      const { record, why } = one(obs("777-3", { valueString: text }));
      expect(record.labs).toEqual([]);
      expect(why).toEqual([
        [
          "unit-not-convertible",
          "valueString",
          "unit missing: a Platelet count value needs a unit (expected 10*9/L or convertible)",
        ],
      ]);
    }
  });

  // FHIR states referenceRange low/high in the result's own unit: a bare "12" beside a range of
  // 150–400 10*9/L is 12 ×10⁹/L. Before, that platelet count of 12 was refused for a missing unit, and a
  // TTP with it was left at low pretest probability. A range without a unit, or with two units, gives none.
  it("reads a bare number in the unit its reference range states, and only then", () => {
    const range = [{ low: { value: 150, unit: "10*9/L" }, high: { value: 400, unit: "10*9/L" } }];
    for (const value of [{ valueString: "12" }, { valueQuantity: { value: 12 } }]) {
      const { record, why } = one(obs("777-3", { ...value, referenceRange: range }));
      expect(why).toEqual([]);
      expect(record.labs.map((l) => [l.value, l.unit, l.refLow, l.refHigh])).toEqual([
        [12, "10*9/L", 150, 400],
      ]);
    }
    const highOnly = one(
      obs("777-3", { valueString: "12", referenceRange: [{ high: { value: 400, unit: "K/uL" } }] }),
    );
    expect(highOnly.record.labs.map((l) => [l.value, l.unit])).toEqual([[12, "10*9/L"]]);
    for (const referenceRange of [
      [{ low: { value: 150 }, high: { value: 400 } }],
      [{ low: { value: 150, unit: "10*9/L" }, high: { value: 400, unit: "g/L" } }],
      [{ text: "150-400 x10^9/L" }],
    ]) {
      const { record, why } = one(obs("777-3", { valueString: "12", referenceRange }));
      expect(record.labs).toEqual([]);
      expect(why.map((w) => w[0])).toEqual(["unit-not-convertible"]);
    }
    // A unitless lab keeps reading its bare number, whatever the range writes.
    const inr = one(
      obs("6301-6", { valueString: "2.5", referenceRange: [{ high: { value: 1.2, unit: "{INR}" } }] }),
    );
    expect(inr.record.labs.map((l) => l.value)).toEqual([2.5]);
  });

  it("refuses a number followed by a comment instead of reading the number", () => {
    const { record, why } = one(obs("777-3", { valueString: "12 (clumped)" }));
    expect(record.labs).toEqual([]);
    expect(why).toEqual([["value-type", "valueString", 'Platelet count needs a number; got "12 (clumped)"']]);
  });
});

describe("values as codes, dates in other fields, source reference ranges", () => {
  it("reads a DAT given as valueCodeableConcept, positive or negative", () => {
    const pos = one(obs("1007-4", { valueCodeableConcept: { coding: [{ display: "Positive" }] } })).record;
    const neg = one(obs("1007-4", { valueCodeableConcept: { text: "Negative" } })).record;
    expect([...pos.labs, ...neg.labs].map((l) => l.qualitative)).toEqual(["positive", "negative"]);
  });

  it("dates a result by effectivePeriod.start, effectiveInstant or a Timing's event; a Timing without one is refused", () => {
    const base = { effectiveDateTime: undefined, valueQuantity: { value: 12, unit: "10*9/L" } };
    const period = one(obs("777-3", { ...base, effectivePeriod: { start: "2024-03-01T08:00:00Z" } })).record;
    const instant = one(obs("777-3", { ...base, effectiveInstant: "2024-03-02T08:00:00Z" })).record;
    expect([...period.labs, ...instant.labs].map((l) => [l.at, l.periodEndOnly])).toEqual([
      ["2024-03-01T08:00:00Z", undefined],
      ["2024-03-02T08:00:00Z", undefined],
    ]);
    const timed = one(obs("777-3", { ...base, effectiveTiming: { event: ["2024-03-01"] } }));
    expect([timed.why, timed.record.labs.map((l) => l.at)]).toEqual([[], ["2024-03-01"]]);
    const { why } = one(obs("777-3", { ...base, effectiveTiming: { code: { text: "AM" } } }));
    expect(why.map((w) => w[0])).toEqual(["missing-date"]);
  });

  it("dates a result whose period has only an end (R4 allows it) by that end, and marks it so", () => {
    const base = { effectiveDateTime: undefined, valueQuantity: { value: 12, unit: "10*9/L" } };
    const { record, why } = one(obs("777-3", { ...base, effectivePeriod: { end: "2024-03-01T09:00:00Z" } }));
    expect(why).toEqual([]);
    expect(record.labs.map((l) => [l.at, l.periodEndOnly])).toEqual([["2024-03-01T09:00:00Z", true]]);
    // A start wins over the end; an unreadable end alone is an invalid date, never a guess.
    const both = one(
      obs("777-3", {
        ...base,
        effectivePeriod: { start: "2024-03-01T08:00:00Z", end: "2024-03-01T09:00:00Z" },
      }),
    ).record;
    expect(both.labs.map((l) => [l.at, l.periodEndOnly])).toEqual([["2024-03-01T08:00:00Z", undefined]]);
    const bad = one(obs("777-3", { ...base, effectivePeriod: { end: "yesterday" } }));
    expect(bad.record.labs).toEqual([]);
    expect(bad.why.map((w) => [w[0], w[1]])).toEqual([["invalid-date", "effectivePeriod.end"]]);
  });

  it("converts the source's upper limit of a D-dimer and an aPTT to the canonical unit (for ×ULN grading)", () => {
    const d = one(
      obs("48065-7", {
        valueQuantity: { value: 2400, unit: "ng/mL FEU" },
        referenceRange: [{ high: { value: 500, unit: "ng/mL" } }],
      }),
    ).record;
    expect(d.labs.map((l) => [l.lab, l.value, l.refHigh])).toEqual([["d-dimer-feu", 2.4, 0.5]]);
    const a = one(
      obs("14979-9", {
        valueQuantity: { value: 60, unit: "s" },
        referenceRange: [{ low: { value: 25, unit: "s" }, high: { value: 35, unit: "s" } }],
      }),
    ).record;
    expect(a.labs.map((l) => [l.refLow, l.refHigh])).toEqual([[25, 35]]);
  });
});

describe("search bundles and medications", () => {
  it("names an OperationOutcome error or warning of a searchset as an input error; information is only counted", () => {
    const outcome = (severity: string, diagnostics: string) => ({
      resource: { resourceType: "OperationOutcome", issue: [{ severity, code: "processing", diagnostics }] },
      search: { mode: "outcome" },
    });
    const r = ingestFhir(
      {
        resourceType: "Bundle",
        type: "searchset",
        entry: [
          { resource: { resourceType: "Patient", id: "p1" }, search: { mode: "match" } },
          outcome("warning", "result set truncated at 1000"),
          outcome("information", "3 resources included"),
        ],
      },
      opts,
    );
    expect(r.inputErrors.map((e) => [e.ref, e.code, e.field, e.reason])).toEqual([
      [
        "export.json#entry[1]",
        "source-issue",
        "issue[0]",
        'the source reports an issue of severity warning: "processing — result set truncated at 1000"; records of this export may be missing',
      ],
    ]);
    expect(r.ignored).toEqual({ OperationOutcome: 2 });
  });

  it("reads a drug from a contained Medication named by #id, and refuses a #id that is not contained", () => {
    const contained = [{ resourceType: "Medication", id: "m1", code: { text: "pembrolizumab" } }];
    const { record, why } = one(
      {
        resourceType: "MedicationAdministration",
        id: "a",
        status: "completed",
        contained,
        medicationReference: { reference: "#m1" },
        subject,
        effectiveDateTime: "2024-02-01",
      },
      {
        resourceType: "MedicationRequest",
        id: "r",
        status: "active",
        intent: "order",
        contained,
        medicationReference: { reference: "#m1" },
        subject,
        authoredOn: "2024-01-25",
      },
      {
        resourceType: "MedicationAdministration",
        id: "x",
        status: "completed",
        medicationReference: { reference: "#m2" },
        subject,
        effectiveDateTime: "2024-02-01",
      },
    );
    expect(record.exposures.flatMap((e) => e.doses.map((d) => [d.ref, d.kind]))).toEqual([
      ["MedicationRequest/r", "request"],
      ["MedicationAdministration/a", "administration"],
    ]);
    expect(why).toEqual([
      ["broken-reference", "medicationReference", 'medicationReference "#m2" is not in the input'],
    ]);
  });

  it("reads a reference to a Medication that was not sent by its display when that names a tracked drug, as EHR APIs send it", () => {
    const given = (id: string, display?: string) => ({
      resourceType: "MedicationAdministration",
      id,
      status: "completed",
      medicationReference: { reference: `Medication/${id}-med`, ...(display !== undefined && { display }) },
      subject,
      effectiveDateTime: "2024-02-01",
    });
    const { record, why } = one(
      given("pembro", "PEMBROLIZUMAB 100 MG/4ML IV SOLN"),
      given("bag", "IV PIGGYBACK 100 ML"),
      given("bare"),
    );
    expect(record.exposures.map((e) => [e.drug, e.doses.map((d) => d.ref)])).toEqual([
      ["pembrolizumab", ["MedicationAdministration/pembro"]],
    ]);
    // A display naming no tracked drug (the bag may hold one) or no display: the drug stays unknown, said so.
    expect(why).toEqual([
      [
        "broken-reference",
        "medicationReference",
        'medicationReference "Medication/bag-med" is not in the input',
      ],
      [
        "broken-reference",
        "medicationReference",
        'medicationReference "Medication/bare-med" is not in the input',
      ],
    ]);
  });

  it("reads a MedicationStatement; one only intended is not an exposure", () => {
    const statement = (id: string, status: string) => ({
      resourceType: "MedicationStatement",
      id,
      status,
      medicationCodeableConcept: { text: "pembrolizumab" },
      subject,
      effectiveDateTime: "2024-02-01",
    });
    const { record, why } = one(statement("taken", "completed"), statement("planned", "intended"));
    expect(record.exposures.flatMap((e) => e.doses.map((d) => d.ref))).toEqual(["MedicationStatement/taken"]);
    expect(why).toEqual([["not-final", "status", "status is intended"]]);
  });

  it("refuses an administration not done or entered in error and an order not to give the drug; a stopped or held one happened", () => {
    const given = (id: string, status: string) => ({
      resourceType: "MedicationAdministration",
      id,
      status,
      medicationCodeableConcept: { text: "pembrolizumab" },
      subject,
      effectiveDateTime: "2024-02-01",
    });
    const ordered = (id: string, fields: Record<string, unknown>) => ({
      resourceType: "MedicationRequest",
      id,
      status: "active",
      intent: "order",
      medicationCodeableConcept: { text: "pembrolizumab" },
      subject,
      authoredOn: "2024-01-25",
      ...fields,
    });
    const { record, why } = one(
      given("not-done", "not-done"),
      given("error", "entered-in-error"),
      given("stopped", "stopped"),
      ordered("held", { status: "on-hold" }),
      ordered("stopped-order", { status: "stopped" }),
      ordered("never", { doNotPerform: true }),
    );
    expect(record.exposures.flatMap((e) => e.doses.map((d) => d.ref)).sort()).toEqual([
      "MedicationAdministration/stopped",
      "MedicationRequest/held",
      "MedicationRequest/stopped-order",
    ]);
    expect(why).toEqual([
      ["not-final", "status", "status is not-done"],
      ["not-final", "status", "status is entered-in-error"],
      ["not-final", "doNotPerform", "doNotPerform is true: an order not to give the drug, not a dose"],
    ]);
  });
});

describe("Conditions and Procedures", () => {
  it("dates a Condition by onsetPeriod.start and ends it at its abatement, whatever its clinical status", () => {
    const { record } = one(
      dvt({
        onsetPeriod: { start: "2024-02-01", end: "2024-02-03" },
        clinicalStatus: { coding: [{ code: "resolved" }] },
        abatementDateTime: "2024-02-20",
      }),
    );
    expect(record.events.map((e) => [e.kind, e.at, e.end])).toEqual([
      ["thrombosis", "2024-02-01", "2024-02-20"],
    ]);
  });

  it("refuses a Condition dated only by an age or words (no guessed date); an abatement without a date leaves no end", () => {
    for (const onset of [{ onsetAge: { value: 60, unit: "a" } }, { onsetString: "last spring" }]) {
      expect(one(dvt(onset)).why.map((w) => w[0])).toEqual(["missing-date"]);
    }
    const { record } = one(
      dvt({
        onsetDateTime: "2024-02-01",
        clinicalStatus: { coding: [{ code: "inactive" }] },
        abatementString: "spring",
      }),
    );
    expect(record.events.map((e) => [e.at, e.end])).toEqual([["2024-02-01", undefined]]);
  });

  it("refuses a refuted or entered-in-error Condition, saying which: a HIT ruled out does not count either", () => {
    const status = (code: string, text = "deep vein thrombosis") => ({
      ...dvt({ onsetDateTime: "2024-02-01", verificationStatus: { coding: [{ code }] } }),
      code: { text },
    });
    for (const [code, text] of [
      ["refuted", "heparin-induced thrombocytopenia"],
      ["entered-in-error", "heparin-induced thrombocytopenia"],
      ["entered-in-error", "deep vein thrombosis"],
    ] as const) {
      const { record, why } = one(status(code, text));
      expect(record.events).toEqual([]);
      expect(why[0]?.slice(0, 2)).toEqual(["refuted", "verificationStatus"]);
    }
    // A refuted clot is its site ruled out (clinical.ts refutedClot), never the clot: no thrombosis event.
    const ruledOut = one(status("refuted"));
    expect(ruledOut.why).toEqual([]);
    expect(ruledOut.record.events.map((e) => [e.kind, e.qualifiers])).toEqual([
      ["thrombosis-ruled-out", ["dvt"]],
    ]);
    expect(one(status("refuted", "heparin-induced thrombocytopenia")).why[0]?.[2]).toBe(
      "verificationStatus is refuted: ruled out, not a diagnosis",
    );
    expect(one(status("entered-in-error")).why[0]?.[2]).toBe(
      "verificationStatus is entered-in-error: recorded in error, never a diagnosis",
    );
  });

  it("reads a provisional, differential or unconfirmed diagnosis as a suspected one: a suspected DVT is no thrombosis; a suspected HIT or ITP is the working diagnosis", () => {
    for (const code of ["provisional", "differential", "unconfirmed"]) {
      const dvtOnly = one(dvt({ onsetDateTime: "2024-02-01", verificationStatus: { coding: [{ code }] } }));
      expect(dvtOnly.record.events).toEqual([]);
      expect(dvtOnly.why).toEqual([
        [
          "not-final",
          "verificationStatus",
          `verificationStatus is ${code}: a suspected thrombosis is not read as one until confirmed (as "possible" in a note is not)`,
        ],
      ]);
      const hit = one({
        ...dvt({ onsetDateTime: "2024-02-01", verificationStatus: { coding: [{ code }] } }),
        code: { text: "heparin-induced thrombocytopenia" },
      });
      expect(hit.why).toEqual([]);
      expect(hit.record.events.map((e) => e.kind)).toEqual(["hit"]);
    }
    // Confirmed, or with no verification status, a DVT is a thrombosis.
    for (const verification of [{ verificationStatus: { coding: [{ code: "confirmed" }] } }, {}])
      expect(one(dvt({ onsetDateTime: "2024-02-01", ...verification })).record.events).toHaveLength(1);
  });

  it("reads a resolved, inactive or remitted Condition dated only when it was charted as past history, not as current", () => {
    for (const code of ["resolved", "inactive", "remission"]) {
      const past = (fields: Record<string, unknown>) =>
        one(dvt({ recordedDate: "2024-02-01", clinicalStatus: { coding: [{ code }] }, ...fields }));
      const clot = past({});
      expect(clot.record.events).toEqual([]);
      expect(clot.why).toEqual([
        [
          "not-final",
          "clinicalStatus",
          `clinicalStatus is ${code} with no onset or abatement date: a past thrombosis of unknown date, not a current one`,
        ],
      ]);
      // A past HIT stays a HIT history (heparin is kept out); dated by its onset, or ended by a date, it
      // is an episode of those dates.
      expect(
        past({ code: { text: "heparin-induced thrombocytopenia" } }).record.events.map((e) => e.kind),
      ).toEqual(["hit-history"]);
      expect(past({ onsetDateTime: "2024-01-10" }).record.events.map((e) => [e.kind, e.at])).toEqual([
        ["thrombosis", "2024-01-10"],
      ]);
      expect(
        past({ abatementDateTime: "2024-02-20" }).record.events.map((e) => [e.kind, e.at, e.end]),
      ).toEqual([["thrombosis", "2024-02-01", "2024-02-20"]]);
    }
  });

  it("refuses a CAR-T infusion Procedure that was not done", () => {
    const { record, why } = one({
      resourceType: "Procedure",
      id: "car-t",
      status: "not-done",
      code: { text: "axicabtagene ciloleucel" },
      subject,
      performedDateTime: "2024-02-01",
    });
    expect(record.exposures).toEqual([]);
    expect(why).toEqual([["not-final", "status", "status is not-done"]]);
  });
});

describe("a dose or infusion charted by when it ended (R4 Period with only an end)", () => {
  it("dates a MedicationAdministration and a CAR-T Procedure by their end; a statement's end alone dates nothing", () => {
    const { record, why } = one(
      {
        resourceType: "MedicationAdministration",
        id: "niv",
        status: "completed",
        medicationCodeableConcept: { text: "pembrolizumab" },
        subject,
        effectivePeriod: { end: "2024-02-01T11:00:00-04:00" },
      },
      {
        resourceType: "Procedure",
        id: "car-t",
        status: "completed",
        code: { text: "axicabtagene ciloleucel" },
        subject,
        performedPeriod: { end: "2024-02-03T12:00:00Z" },
      },
      {
        resourceType: "MedicationStatement",
        id: "st",
        status: "completed",
        medicationCodeableConcept: { text: "pembrolizumab" },
        subject,
        effectivePeriod: { end: "2024-02-05" },
      },
    );
    expect(record.exposures.flatMap((e) => e.doses.map((d) => [d.ref, d.at]))).toEqual([
      ["MedicationAdministration/niv", "2024-02-01T11:00:00-04:00"],
      ["Procedure/car-t", "2024-02-03T12:00:00Z"],
    ]);
    expect(why).toEqual([
      [
        "missing-date",
        undefined,
        "no date: none of effectiveDateTime, effectivePeriod.start, dosage[0].timing.repeat.boundsPeriod.start, dosage[0].timing.event is present",
      ],
    ]);
  });
});

describe("a MedicationStatement dated only by when it was asserted", () => {
  it("is refused naming dateAsserted, which says the drug was taken by then, not when it began", () => {
    const { record, why } = one({
      resourceType: "MedicationStatement",
      id: "st",
      status: "active",
      medicationCodeableConcept: { text: "pembrolizumab" },
      subject,
      dateAsserted: "2024-02-10",
    });
    expect(record.exposures).toEqual([]);
    expect(why).toEqual([
      [
        "missing-date",
        "dateAsserted",
        'no date the drug was taken: dateAsserted "2024-02-10" is when the statement was made, not when the drug began (the days from the first dose would be guessed), and none of effectiveDateTime, effectivePeriod.start, dosage[0].timing.repeat.boundsPeriod.start, dosage[0].timing.event is present',
      ],
    ]);
    // With an effective date beside it, the statement is read on that date.
    const dated = one({
      resourceType: "MedicationStatement",
      id: "st2",
      status: "completed",
      medicationCodeableConcept: { text: "pembrolizumab" },
      subject,
      dateAsserted: "2024-02-10",
      effectiveDateTime: "2024-01-15",
    });
    expect([dated.why, dated.record.exposures.flatMap((e) => e.doses.map((d) => d.at))]).toEqual([
      [],
      ["2024-01-15"],
    ]);
  });
});

describe("a dose ordered or taken on given days (R4 Timing.event), with no other date", () => {
  it("dates a MedicationRequest and a MedicationStatement by the earliest of their scheduled times", () => {
    const { record, why } = one(
      {
        resourceType: "MedicationRequest",
        id: "rq",
        status: "completed",
        intent: "order",
        medicationCodeableConcept: { text: "pembrolizumab" },
        subject,
        dosageInstruction: [{ text: "200 mg" }, { timing: { event: ["2024-02-22", "2024-02-01"] } }],
      },
      {
        resourceType: "MedicationStatement",
        id: "st",
        status: "completed",
        medicationCodeableConcept: { text: "pembrolizumab" },
        subject,
        dosage: [{ timing: { event: ["2024-03-14T10:00:00Z"] } }],
      },
    );
    expect(why).toEqual([]);
    expect(record.exposures.flatMap((e) => e.doses.map((d) => [d.ref, d.at]))).toEqual([
      ["MedicationRequest/rq", "2024-02-01"],
      ["MedicationStatement/st", "2024-03-14T10:00:00Z"],
    ]);
  });

  it("prefers the order's own dates, and refuses a scheduled time that is no date, naming it", () => {
    const { record, why } = one(
      {
        resourceType: "MedicationRequest",
        id: "authored",
        status: "completed",
        intent: "order",
        medicationCodeableConcept: { text: "pembrolizumab" },
        subject,
        authoredOn: "2024-01-20",
        dosageInstruction: [{ timing: { event: ["2024-02-01"] } }],
      },
      {
        resourceType: "MedicationRequest",
        id: "bad",
        status: "completed",
        intent: "order",
        medicationCodeableConcept: { text: "pembrolizumab" },
        subject,
        dosageInstruction: [{ timing: { event: ["next Tuesday"] } }],
      },
    );
    expect(record.exposures.flatMap((e) => e.doses.map((d) => [d.ref, d.at]))).toEqual([
      ["MedicationRequest/authored", "2024-01-20"],
    ]);
    expect(why).toEqual([
      [
        "invalid-date",
        "dosageInstruction[0].timing.event[0]",
        'dosageInstruction[0].timing.event[0] "next Tuesday" is not a complete ISO 8601 date or date-time',
      ],
    ]);
  });
});

describe("a Condition's onset given as an age or words", () => {
  it("is refused naming the field that is there but gives no date", () => {
    for (const [field, value] of [
      ["onsetAge", { value: 64, unit: "a" }],
      ["onsetRange", { low: { value: 60, unit: "a" }, high: { value: 65, unit: "a" } }],
      ["onsetString", "early last spring"],
    ] as const) {
      const { record, why } = one(dvt({ [field]: value }));
      expect(record.events).toEqual([]);
      expect(why, field).toEqual([
        [
          "missing-date",
          field,
          `no date: ${field} cannot be placed on the timeline against the therapy dates (an age or words are no date), and none of onsetDateTime, onsetPeriod.start, recordedDate is present`,
        ],
      ]);
    }
    // With a recorded date it is read on that date, as any Condition without an onset date is.
    expect(one(dvt({ onsetAge: { value: 64 }, recordedDate: "2024-02-01" })).record.events).toHaveLength(1);
  });
});

describe("a subject given as a logical reference (R4 Reference.identifier, no literal reference)", () => {
  const MRN = "urn:oid:1.2.840.114350.1.13.0.1.7.5.737384.14";
  const bundle = (patients: unknown[], subjectRef: unknown) =>
    ingestFhir(
      {
        resourceType: "Bundle",
        type: "collection",
        entry: [
          ...patients,
          { ...obs("777-3", { valueQuantity: { value: 15, unit: "10*9/L" } }), subject: subjectRef },
        ].map((resource) => ({ resource })),
      },
      opts,
    );
  const p1 = { resourceType: "Patient", id: "p1", identifier: [{ system: MRN, value: "E123" }] };

  it("is read for the one Patient of the input carrying that identifier, with or without its system", () => {
    for (const identifier of [{ system: MRN, value: "E123" }, { value: "E123" }]) {
      const r = bundle([p1], { identifier, display: "Doe, Jane" });
      expect(r.inputErrors).toEqual([]);
      expect(r.patients[0]?.labs.map((l) => l.value)).toEqual([15]);
    }
  });

  it("is refused, saying so, when no Patient carries it or its system differs", () => {
    for (const identifier of [
      { system: MRN, value: "E999" },
      { system: "urn:oid:2.16.840.1.113883.4.1", value: "E123" },
    ]) {
      const r = bundle([p1], { identifier });
      expect(r.patients[0]?.labs).toEqual([]);
      expect(r.inputErrors.map((e) => [e.code, e.field, e.reason])).toEqual([
        [
          "broken-reference",
          "subject.identifier",
          `Observation/o: subject has no literal reference and its identifier "${identifier.system}|${identifier.value}" matches no Patient of the input`,
        ],
      ]);
    }
  });

  it("names no patient when two Patients carry it (never guessed)", () => {
    const p2 = { resourceType: "Patient", id: "p2", identifier: [{ system: "urn:oid:9.9", value: "E123" }] };
    const r = bundle([p1, p2], { identifier: { value: "E123" } });
    expect(r.patients.flatMap((p) => p.labs)).toEqual([]);
    expect(r.inputErrors.map((e) => e.reason)).toEqual([
      'Observation/o: subject has no literal reference and its identifier "E123" matches 2 Patients of the input, so it names none of them',
    ]);
    // The system tells them apart.
    const bySystem = bundle([p1, p2], { identifier: { system: MRN, value: "E123" } });
    expect(bySystem.inputErrors).toEqual([]);
    expect(bySystem.patients.find((p) => p.patientId === "p1")?.labs).toHaveLength(1);
  });
});

describe("a Medication coded as the product (an infusion bag, a mixture) with the drug among its ingredients", () => {
  const RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
  const pembro = { coding: [{ system: RXNORM, code: "1547545", display: "pembrolizumab" }] };
  const saline = { text: "sodium chloride 0.9 % 100 mL" };
  const dose = (medicationReference: string, contained?: unknown[]) => ({
    resourceType: "MedicationAdministration",
    id: "a",
    status: "completed",
    ...(contained !== undefined && { contained }),
    medicationReference: { reference: medicationReference },
    subject,
    effectiveDateTime: "2024-02-01T10:00:00Z",
  });
  const bag = (ingredient: unknown[]) => ({
    resourceType: "Medication",
    id: "bag",
    code: { coding: [{ system: "urn:oid:1.2.840.114350.1.13.0.1.7.2.698288", code: "4471" }], text: "IVPB" },
    ingredient,
  });

  it("is read as a dose of the active ingredient the catalogue tracks: contained, top-level, or a Substance", () => {
    const contained = one(
      dose("#bag", [bag([{ itemCodeableConcept: saline }, { itemCodeableConcept: pembro }])]),
    );
    expect(contained.record.exposures.map((e) => e.drug)).toEqual(["pembrolizumab"]);
    expect(contained.record.counts).toMatchObject({ used: 3, notUsed: 0 });
    const topLevel = one(dose("Medication/bag"), bag([{ itemCodeableConcept: pembro }]));
    expect(topLevel.record.exposures.map((e) => e.drug)).toEqual(["pembrolizumab"]);
    expect(topLevel.record.counts).toMatchObject({ used: 3, notUsed: 0 });
    const substance = { resourceType: "Substance", id: "s1", code: { text: "pembrolizumab" } };
    const viaSubstance = one(dose("#bag", [substance, bag([{ itemReference: { reference: "#s1" } }])]));
    expect(viaSubstance.record.exposures.map((e) => e.drug)).toEqual(["pembrolizumab"]);
  });

  it("is not a dose when the tracked drug is an inactive ingredient or no ingredient is tracked", () => {
    for (const ingredient of [
      [{ itemCodeableConcept: pembro, isActive: false }, { itemCodeableConcept: saline }],
      [{ itemCodeableConcept: saline }],
    ]) {
      const { record, why } = one(dose("Medication/bag"), bag(ingredient));
      expect(record.exposures).toEqual([]);
      expect(why).toEqual([]);
      expect(record.counts).toMatchObject({ used: 1, notUsed: 2 });
    }
  });
});

describe("LOINC named by another spelling of its system", () => {
  // HL7 Terminology's LOINC code system (url http://loinc.org) carries the identifier
  // urn:oid:2.16.840.1.113883.6.1, which exports converted from CDA or HL7 v2 write as the system.
  it("reads the code under LOINC's OID, a trailing slash or https, as drugs and events already are", () => {
    for (const system of ["urn:oid:2.16.840.1.113883.6.1", "http://loinc.org/", "https://loinc.org"]) {
      const { record } = one(
        obs("777-3", {
          code: { coding: [{ system, code: "777-3" }] },
          valueQuantity: { value: 15, unit: "10*9/L" },
        }),
      );
      expect(
        record.labs.map((l) => [l.lab, l.value]),
        system,
      ).toEqual([["platelets", 15]]);
    }
  });

  it("does not read a code of another OID that only begins like LOINC's (CPT-4 is …6.12)", () => {
    const { record } = one(
      obs("777-3", {
        code: { coding: [{ system: "urn:oid:2.16.840.1.113883.6.12", code: "777-3" }] },
        valueQuantity: { value: 15, unit: "10*9/L" },
      }),
    );
    expect(record.labs).toEqual([]);
    expect(record.notUsed).toEqual({ Observation: { "urn:oid:2.16.840.1.113883.6.12": 1 } });
  });
});

describe("a reference range sent only as text (R4 referenceRange.text)", () => {
  const platelets = (text: string) =>
    one(
      obs("777-3", {
        valueQuantity: { value: 140, unit: "10*3/uL", system: "http://unitsofmeasure.org", code: "10*3/uL" },
        referenceRange: [{ text }],
      }),
    ).record.labs.map((l) => [l.refLow, l.refHigh]);

  it("is read when it is low-high, in the value's unit or the unit it names", () => {
    expect(platelets("130-400")).toEqual([[130, 400]]);
    expect(platelets("130 – 400 K/uL")).toEqual([[130, 400]]);
    expect(platelets("130 to 400")).toEqual([[130, 400]]);
  });

  it("is left out (the standard range is used) when it is words or its unit does not convert", () => {
    for (const text of ["Normal: see lab handbook", ">150", "130-400 mg/dL"])
      expect(platelets(text), text).toEqual([[undefined, undefined]]);
  });

  it("never lends a bare number its unit (a coded range may, see above)", () => {
    const { record, why } = one(
      obs("777-3", { valueQuantity: { value: 12 }, referenceRange: [{ text: "150-400 K/uL" }] }),
    );
    expect(record.labs).toEqual([]);
    expect(why.map((w) => w[0])).toEqual(["unit-not-convertible"]);
  });
});

describe("a result and its re-issue: which one is read, and said so", () => {
  const count = (id: string, status: string, value: number, at = "2024-03-01T08:00:00Z", code = "777-3") =>
    obs(code, { id, status, effectiveDateTime: at, valueQuantity: { value, unit: "10*9/L" } });

  it("reads a corrected or amended count in place of the final one of the same test at the same time, rejecting the final one naming it", () => {
    for (const status of ["corrected", "amended"]) {
      const { record, why } = one(count("first", "final", 12), count("again", status, 120));
      expect(record.labs.map((l) => [l.ref, l.value])).toEqual([["Observation/again", 120]]);
      expect(record.conflicts).toEqual([]);
      expect(why).toEqual([
        [
          "not-final",
          "status",
          "Platelet count replaced by the corrected or amended result at the same time (Observation/again): the laboratory re-issued it, and the re-issued value is the one read",
        ],
      ]);
    }
  });

  it("replaces nothing at another time or of another test; two corrections that disagree stay a conflict", () => {
    const later = one(count("first", "final", 12), count("again", "corrected", 120, "2024-03-01T09:00:00Z"));
    expect(later.record.labs.map((l) => l.value).sort((a, b) => (a ?? 0) - (b ?? 0))).toEqual([12, 120]);
    expect(later.why).toEqual([]);
    const other = one(count("first", "final", 12), {
      ...count("again", "corrected", 9, "2024-03-01T08:00:00Z", "718-7"),
      valueQuantity: { value: 9, unit: "g/dL" },
    });
    expect(other.record.labs.map((l) => l.lab).sort()).toEqual(["hemoglobin", "platelets"]);
    expect(other.why).toEqual([]);
    const two = one(count("a", "corrected", 12), count("b", "corrected", 120));
    expect(two.record.conflicts.map((c) => [c.kind, c.refs])).toEqual([
      ["same-instant-values", ["Observation/a", "Observation/b"]],
    ]);
  });
});
