import { describe, expect, it } from "vitest";
import { SAMPLE_CONTEXT } from "../../../../test/support/sample-report.js";
import { humanId, wordingOf } from "./wording.js";

const w = wordingOf(SAMPLE_CONTEXT);

describe("wording: names and display units instead of codes", () => {
  it.each([
    ["platelets 7 10*9/L on 2019-02-19", "platelets 7 ×10⁹/L on 2019-02-19"],
    ["red cells 3.1 10*12/L", "red cells 3.1 ×10¹²/L"],
    ["FVIII inhibitor 12 [beth'U]/mL", "FVIII inhibitor 12 BU/mL"],
    ["no inr result in {INR} in the window", "no INR result in the window"],
    ["no fibrinogen result in g/L in the window", "no fibrinogen result in the window"],
    ["INR 1.8 {INR} on day 3", "INR 1.8 on day 3"],
    ["Platelet count < 30 x10^9/L", "Platelet count < 30 ×10⁹/L"],
    [
      "D-dimer > 0.5 ug/mL; creatinine 200 umol/L; 150,000/uL",
      "D-dimer > 0.5 µg/mL; creatinine 200 µmol/L; 150,000/µL",
    ],
    ["(ISTH >= 5); (PLASMIC <= 4)", "(ISTH ≥ 5); (PLASMIC ≤ 4)"],
    ["ADAMTS13 activity < 10 % (fall 95.81 %)", "ADAMTS13 activity < 10% (fall 95.81%)"],
    ["Body-mass index >= 35 kg/m2", "Body-mass index ≥ 35 kg/m²"],
  ])("writes units for people: %j", (text, shown) => {
    expect(w.prose(text)).toBe(shown);
  });

  it.each([
    ["isth-overt-dic = 2 on 2024-02-12", "ISTH overt DIC score = 2 on 2024-02-12"],
    ["4ts not computable", "4Ts score not computable"],
    [
      "itp found (definite); no evans finding",
      "Immune thrombocytopenia (ITP) found (definite); no Evans syndrome (ITP with autoimmune hemolytic anemia) finding",
    ],
    ["CTCAE v5.0 platelet-count-decreased grade 4", "CTCAE v5.0 Platelet count decreased grade 4"],
    [
      "missing fibrin-marker (no d-dimer-feu result)",
      "missing Fibrin-related marker (D-dimer or FDP) (no D-dimer (fibrinogen-equivalent units) result)",
    ],
    [
      "no pt or aptt result; no hit recorded",
      "no PT or aPTT result; no heparin-induced thrombocytopenia (HIT) recorded",
    ],
    ["no liver-disease or marrow-failure recorded", "no liver disease or marrow failure recorded"],
    ["Could be overt or not-overt.", "Could be overt or not overt."],
    ["Could be dic or no-dic. Could be sic or no-sic.", "Could be DIC or no DIC. Could be SIC or no SIC."],
    ["not sought for ici", "not sought for immune checkpoint inhibitor"],
    ["rituximab is antibody; x is car-t", "rituximab is a therapeutic antibody; x is a CAR-T cell therapy"],
    ["no tma-inducing drug", "no TMA-inducing drug"],
    ["car-t-unspecified day 3", "CAR-T cell therapy (product not named) day 3"],
  ])("names knowledge ids: %j", (text, shown) => {
    expect(w.prose(text)).toBe(shown);
  });

  it("leaves plain words, hyphenated English, dates, refs, paths and quoted text as written", () => {
    const text =
      "no thrombosis or bleeding recorded; first-line, non-heparin, life-threatening; 2019-08-26; Observation/itp-1; bundle.json#dic; charted \"itp (4ts)\" and '10*9/L'; the assay's limit for itp";
    expect(w.prose(text)).toBe(
      "no thrombosis or bleeding recorded; first-line, non-heparin, life-threatening; 2019-08-26; Observation/itp-1; bundle.json#dic; charted \"itp (4ts)\" and '10*9/L'; the assay's limit for Immune thrombocytopenia (ITP)",
    );
  });

  it("names terms, scores, components, abnormalities, code systems, rejections and conflicts", () => {
    expect(w.term("platelet-count-decreased")).toBe("Platelet count decreased");
    expect(w.term("blood-bilirubin-increased")).toBe("Blood bilirubin increased");
    expect(w.score("isth-overt-dic")).toBe("ISTH overt DIC score");
    expect(w.component("isth-overt-dic", "fibrin-marker")).toBe("Fibrin-related marker (D-dimer or FDP)");
    expect(w.component("4ts", "other-cause")).toBe("Other cause of thrombocytopenia");
    expect(w.component("t-icaht", "early-days-plt-lt-50")).toBe(
      "Days with platelets < 50 ×10⁹/L (early window)",
    );
    expect(w.component("icaht", "early-days-anc-le-500")).toBe("Days with ANC ≤ 500/µL (early window)");
    expect(w.abnormality("neutrophil-count-decreased")).toBe("Neutrophil count decreased");
    expect(w.abnormality("major-bleeding")).toBe("Major bleeding");
    expect(w.abnormality("itp-charted")).toBe("ITP charted by the care team");
    // A rule-out is the care team's question, headed as such (not "Itp considered").
    expect(w.abnormality("itp-considered")).toBe("ITP suspected or being ruled out by the care team");
    expect(w.abnormality("hlh-considered")).toBe("HLH suspected or being ruled out by the care team");
    expect(w.abnormality("hlh-charted")).toBe("HLH charted by the care team");
    expect(w.abnormality("thrombosis")).toBe("Thrombosis (venous or arterial)");
    expect(w.codeSystem("http://snomed.info/sct")).toBe("SNOMED CT");
    expect(w.codeSystem("urn:oid:1.2.3")).toBe("urn:oid:1.2.3");
    expect(w.rejection("unit-not-convertible")).toBe("Unit cannot be converted");
    expect(w.rejection("no-results")).toBe("No results");
    expect(w.rejection("after-death")).toBe("Dated after the patient's death");
    expect(w.conflict("same-instant-values")).toBe("Two different results of one test at the same instant");
    expect(w.disorder("dic")).toBe("DIC");
  });

  it("writes an unnamed id in words", () => {
    expect(humanId("other-cause")).toBe("Other cause");
    expect(humanId("pt-ratio")).toBe("PT ratio");
  });
});
