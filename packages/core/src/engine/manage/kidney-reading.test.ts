import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../../test/support/knowledge.js";
import { day, exposureOf, kevent, klab, record } from "../../../../../test/thresholds/support.js";
import type { LabResult, PatientRecord } from "../../contracts/model.js";
import { assessPatient } from "../assess.js";
import { shownValue } from "./kidney-reading.js";

const k = testKnowledge();
const I = 60;
const AT = day(I + 30);

/** A DVT on day I + 25 in a patient on a checkpoint inhibitor, with the given labs and patient details. */
function dvt(labs: LabResult[], who: Partial<PatientRecord> = {}, events: PatientRecord["events"] = []) {
  return record({
    exposures: [exposureOf("ici")],
    labs: [klab(k, "platelets", I + 25, 240), ...labs],
    events: [kevent("thrombosis", I + 25, { qualifiers: ["venous", "dvt"] }), ...events],
    ...who,
  });
}

describe("the kidney function the plans read, shown with its inputs", () => {
  it("a Cockcroft–Gault clearance names the creatinine, weight, age and sex it was computed from", () => {
    // (140 − 78) × 71 / (72 × 2.6) × 0.85 = 19.988 mL/min, shown as 19.9.
    const creatinine = klab(k, "creatinine", I + 24, 2.6);
    const weight = klab(k, "body-weight", I + 20, 71);
    const r = assessPatient(dvt([creatinine, weight], { birthDate: "1946-01-01", sex: "female" }), AT, k);
    const kf = r.kidneyFunction;
    expect(kf?.method).toBe("cockcroft-gault");
    expect(kf?.value).toBeCloseTo(19.988, 3);
    expect(kf?.unit).toBe("mL/min");
    expect(kf?.inputs).toEqual({
      creatinine: 2.6,
      creatinineAt: creatinine.at,
      weight: 71,
      weightAt: weight.at,
      age: 78,
      sex: "female",
    });
    expect(kf?.severe).toBe(true);
    expect(kf?.evidence).toEqual([creatinine.ref, weight.ref]);
    expect(kf?.detail).toBe(
      `Cockcroft–Gault creatinine clearance 19.9 mL/min from creatinine 2.6 mg/dL on ${creatinine.at.slice(0, 10)}, weight 71 kg (${weight.at.slice(0, 10)}), age 78, female — below 30 mL/min: severe renal impairment as the plans read it.`,
    );
  });

  it("a charted clearance is shown as charted, at or above the cut-off as such", () => {
    const r = assessPatient(dvt([klab(k, "creatinine-clearance", I + 25, 30)]), AT, k);
    expect(r.kidneyFunction).toMatchObject({ method: "charted-clearance", value: 30, severe: false });
    expect(r.kidneyFunction?.detail).toMatch(
      /^Creatinine clearance 30 mL\/min charted on .* — 30 mL\/min or more\.$/,
    );
  });

  it("an eGFR stand-in says it stands in for the clearance and what Cockcroft–Gault lacked", () => {
    // No weight: CKD-EPI 2021 of creatinine 2.4 mg/dL in a man of 70 is 28.3 mL/min/1.73 m².
    const r = assessPatient(
      dvt([klab(k, "creatinine", I + 25, 2.4)], { birthDate: "1954-01-01", sex: "male" }),
      AT,
      k,
    );
    expect(r.kidneyFunction).toMatchObject({
      method: "ckd-epi-2021",
      unit: "mL/min/{1.73_m2}",
      missing: ["weight"],
      severe: true,
    });
    expect(r.kidneyFunction?.detail).toContain("read in place of a creatinine clearance");
    expect(r.kidneyFunction?.detail).toContain("a body weight of the last 90 days");
  });

  it("a creatinine that computes nothing is shown with what is missing, and a kidney failure first", () => {
    const none = assessPatient(dvt([klab(k, "creatinine", I + 25, 1.4)], { sex: "male" }), AT, k);
    expect(none.kidneyFunction).toMatchObject({ method: "none", missing: ["age", "weight"] });
    expect(none.kidneyFunction?.severe).toBeUndefined();
    const failure = kevent("kidney-failure", I - 300, { text: "ESRD on haemodialysis" });
    const dialysis = assessPatient(dvt([klab(k, "creatinine-clearance", I + 25, 40)], {}, [failure]), AT, k);
    expect(dialysis.kidneyFunction).toMatchObject({ kidneyFailure: true, severe: true, value: 40 });
    expect(dialysis.kidneyFunction?.detail).toMatch(/^Kidney failure charted \(ESRD on haemodialysis/);
    expect(dialysis.kidneyFunction?.evidence[0]).toBe(failure.ref);
  });

  it("a child's kidney function is the bedside Schwartz eGFR of the height and creatinine, never an adult equation", () => {
    // 0.413 × 138 / 0.9 = 63.33 mL/min/1.73 m²; Cockcroft–Gault of the same boy (weight 32 kg) is not computed.
    const creatinine = klab(k, "creatinine", I + 25, 0.9);
    const height = klab(k, "body-height", I + 10, 138);
    const weight = klab(k, "body-weight", I + 10, 32);
    const r = assessPatient(
      dvt([creatinine, height, weight], { birthDate: "2014-01-01", sex: "male" }),
      AT,
      k,
    );
    expect(r.kidneyFunction).toMatchObject({
      method: "bedside-schwartz",
      unit: "mL/min/{1.73_m2}",
      severe: false,
      inputs: { creatinine: 0.9, height: 138, age: 10, sex: "male" },
      evidence: [creatinine.ref, height.ref],
    });
    expect(r.kidneyFunction?.value).toBeCloseTo(63.33, 2);
    expect(r.kidneyFunction?.detail).toMatch(/^Bedside Schwartz eGFR 63\.3 mL\/min\/1\.73 m² \(a child/);
    // Below 30 it is severe renal impairment, as an adult's clearance would be.
    const low = assessPatient(
      dvt([klab(k, "creatinine", I + 25, 2.4), klab(k, "body-height", I + 10, 162)], {
        birthDate: "2008-01-01",
        sex: "female",
      }),
      AT,
      k,
    );
    expect(low.kidneyFunction).toMatchObject({ method: "bedside-schwartz", severe: true });
  });

  it("a child without a height: the kidney function is unknown and the height is named, whatever the weight and sex", () => {
    const r = assessPatient(
      dvt([klab(k, "creatinine", I + 25, 0.6), klab(k, "body-weight", I + 10, 48)], {
        birthDate: "2010-01-01",
        sex: "male",
      }),
      AT,
      k,
    );
    expect(r.kidneyFunction).toMatchObject({ method: "none", missing: ["height"] });
    expect(r.kidneyFunction?.severe).toBeUndefined();
    expect(r.kidneyFunction?.detail).toContain("a child's kidney function cannot be estimated");
    expect(r.kidneyFunction?.detail).toContain("a height charted in the last 90 days");
    // A patient of 18 is read by Cockcroft–Gault, whatever height is charted.
    const adult = assessPatient(
      dvt(
        [
          klab(k, "creatinine", I + 25, 0.6),
          klab(k, "body-weight", I + 10, 48),
          klab(k, "body-height", I + 10, 170),
        ],
        { birthDate: "2006-01-01", sex: "male" },
      ),
      AT,
      k,
    );
    expect(adult.kidneyFunction?.method).toBe("cockcroft-gault");
  });

  it("is left out when the record holds no kidney result, and when no plan was made", () => {
    expect(assessPatient(dvt([]), AT, k).kidneyFunction).toBeUndefined();
    const noFinding = record({ exposures: [exposureOf("ici")], labs: [klab(k, "creatinine", I, 1)] });
    expect(assessPatient(noFinding, AT, k).kidneyFunction).toBeUndefined();
  });

  it("shows a computed value rounded toward zero, never on or across a whole-number cut-off the exact value is not", () => {
    expect(shownValue(29.96)).toBe("29.9");
    expect(shownValue(30)).toBe("30");
    expect(shownValue(50.04)).toBe("50.04");
    expect(shownValue(19.972)).toBe("19.9");
  });
});
