import { describe, expect, it } from "vitest";
import { clinicalNotation, readableInstant } from "./notation.js";
import { referenceLabel, referenceLabels } from "./reference-labels.js";

describe("clinicalNotation: verbatim source text as clinicians read it", () => {
  it.each([
    ["<LLN - 75,000/mm3; <LLN - 75.0 x 10e9 /L", "<LLN–75,000/mm³; <LLN–75.0 ×10⁹/L"],
    ["<25,000/mm3; <25.0 x 10e9 /L", "<25,000/mm³; <25.0 ×10⁹/L"],
    ["<1.0 x 10e9/L", "<1.0 ×10⁹/L"],
    ["Platelet count < 30 x10^9/L", "Platelet count < 30 ×10⁹/L"],
    ["leukocytes <= 5 x10^9/L", "leukocytes ≤ 5 ×10⁹/L"],
    ["platelets >= 50 G/L full dose; < 25 G/L stop", "platelets ≥ 50 ×10⁹/L full dose; < 25 ×10⁹/L stop"],
    ["HScore <= 90", "HScore ≤ 90"],
    [">1.5 - 2.5 x baseline if on anticoagulation", ">1.5–2.5 × baseline if on anticoagulation"],
    [">3.0 - 5.0 x ULN", ">3.0–5.0 × ULN"],
    ["fibrinogen 1.5 g/L", "fibrinogen 1.5 g/L"],
    ["days 0 - 30 and -7", "days 0–30 and -7"],
  ])("%s → %s", (raw, shown) => {
    expect(clinicalNotation(raw)).toBe(shown);
  });

  it("leaves a text without source notation as it is", () => {
    expect(clinicalNotation("Hemoglobin < 8 g/dL")).toBe("Hemoglobin < 8 g/dL");
  });
});

describe("referenceLabel: author and year in place of a knowledge id", () => {
  it("names a paper by its first author and year", () => {
    expect(
      referenceLabel({
        id: "asco-2021-irae-hematologic",
        citation:
          "Schneider BJ, Naidoo J, Santomasso BD, et al. Management of irAEs. J Clin Oncol 2021;39:4073.",
      }),
    ).toBe("Schneider 2021");
    expect(
      referenceLabel({
        id: "x",
        citation: "Samuelson Bannow BT, Lee A. Guidance. J Thromb Haemost 2018;16:1246.",
      }),
    ).toBe("Samuelson Bannow 2018");
  });

  it("takes the journal's year, not a year in the title", () => {
    expect(
      referenceLabel({
        id: "henter-2007-hlh-2004",
        citation:
          "Henter JI, Horne A, et al. HLH-2004: Diagnostic and therapeutic guidelines. Pediatr Blood Cancer 2007;48(2):124-131.",
      }),
    ).toBe("Henter 2007");
  });

  it("names an organisation's document by its first words and year", () => {
    expect(
      referenceLabel({
        id: "ctcae-v5",
        citation: "National Cancer Institute. CTCAE, Version 5.0. published 2017.",
      }),
    ).toBe("National Cancer Institute 2017");
    expect(referenceLabel({ id: "fda", citation: "U.S. Food and Drug Administration. Label." })).toBe(
      "US Food and Drug Administration",
    );
    // A "How I treat" paper cited without its authors is named by its title, not as an author "How".
    expect(
      referenceLabel({
        id: "blood-2020-vte-pregnancy",
        citation:
          "How I treat venous thromboembolism in pregnancy. Blood 2020;136(19):2133 (authors not verified).",
      }),
    ).toBe("How I treat venous thromboembolism… 2020");
    expect(
      referenceLabel({
        id: "scheinberg-2012",
        citation: "Scheinberg P, Young NS. How I treat acquired aplastic anemia. Blood 2012;120(6):1185.",
      }),
    ).toBe("Scheinberg 2012");
  });

  it("tells two references of one author and year apart by a letter, in the order of their ids", () => {
    const labels = referenceLabels([
      { id: "iba-2025-b", citation: "Iba T, et al. Two. J Thromb Haemost 2025." },
      { id: "iba-2025-a", citation: "Iba T, et al. One. J Thromb Haemost 2025." },
      { id: "mayo-1", citation: "Mayo Clinic Laboratories. Test one." },
      { id: "mayo-2", citation: "Mayo Clinic Laboratories. Test two." },
    ]);
    expect(labels.get("iba-2025-a")).toBe("Iba 2025a");
    expect(labels.get("iba-2025-b")).toBe("Iba 2025b");
    expect(labels.get("mayo-2")).toBe("Mayo Clinic Laboratories (b)");
  });
});

describe("readableInstant: the evaluation time as clinicians read it", () => {
  it("a report instant: date, time and UTC in words; anything else as it is", () => {
    expect(readableInstant("2026-11-01T23:59:59Z")).toBe("2026-11-01 23:59:59 UTC");
    expect(readableInstant("2026-11-01")).toBe("2026-11-01");
  });
});
