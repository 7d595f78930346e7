/** Calculator forms derived from the knowledge: a UI renders every calculator from these alone. */
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../test/support/knowledge.js";
import { calculate, calculatorForm, calculatorForms } from "./catalogue.js";
import { calculationText } from "./text.js";

const k = testKnowledge();

describe("calculator forms", () => {
  it("every score has a form with its sources, fields and bands", () => {
    const forms = calculatorForms(k);
    for (const id of k.scores.keys()) {
      const f = forms.find((x) => x.id === id);
      expect(f, id).toBeDefined();
      expect(f?.fields.length, id).toBeGreaterThan(0);
      expect(f?.bands.length, id).toBeGreaterThan(1);
      for (const s of f?.sourceIds ?? []) expect(k.references.has(s), s).toBe(true);
    }
  });
  it("every value field offers the score's own unit first, and each unit converts", () => {
    for (const f of calculatorForms(k))
      for (const field of f.fields) {
        if (field.kind !== "quantity" && field.kind !== "series") continue;
        const lab = k.labCatalogue.byId.get(field.lab);
        expect(lab, field.lab).toBeDefined();
        for (const unit of field.units)
          expect(k.vocabulary.units.convert(1, unit, lab as never).ok, `${f.id} ${field.id} ${unit}`).toBe(
            true,
          );
      }
    const isth = calculatorForm(k, "isth-overt-dic");
    expect(isth?.fields.map((f) => f.id)).toEqual([
      "platelets",
      "d-dimer-unspecified",
      "fdp",
      "pt",
      "fibrinogen",
    ]);
    expect(isth?.fields.find((f) => f.id === "pt")).toMatchObject({
      limit: { which: "upper", default: 12.5 },
    });
  });
  it("choices carry the points they give, and the question asked", () => {
    const plasmic = calculatorForm(k, "plasmic");
    expect(plasmic?.fields.find((f) => f.id === "no-active-cancer")).toMatchObject({
      kind: "choice",
      label: "No active cancer (no cancer treated within the past year)?",
      choices: [
        { value: "absent", label: "Yes", points: 1 },
        { value: "present", label: "No", points: 0 },
      ],
    });
    const site = calculatorForm(k, "khorana")?.fields.find((f) => f.id === "site");
    expect(site?.kind === "choice" && site.choices.find((c) => c.value === "pancreas")?.points).toBe(2);
  });
  it("what a score presumes is stated (sepsis for SIC, platelets below 150 for PLASMIC)", () => {
    expect(calculatorForm(k, "isth-sic")?.assumes.join(" ")).toMatch(/sepsis/);
    expect(calculatorForm(k, "plasmic")?.assumes.join(" ")).toMatch(/below 150/);
  });
  it("PLASMIC's note on an undetectable haptoglobin stands under the haptoglobin field only", () => {
    const fields = calculatorForm(k, "plasmic")?.fields ?? [];
    const help = (id: string) => fields.find((f) => f.id === id)?.help;
    expect(help("haptoglobin")).toMatch(/^Undetectable haptoglobin = .* the comparator <\.$/);
    expect(help("reticulocytes-pct")).toBeUndefined();
    expect(help("bilirubin-indirect")).toBeUndefined();
  });
  it("the bands read as the result does: ≥ rather than >=, units for people", () => {
    const bands = calculatorForm(k, "isth-overt-dic")?.bands.map((b) => b.interpretation) ?? [];
    expect(bands.join(" ")).toContain("ISTH ≥ 5");
    expect(bands.join(" ")).not.toContain(">=");
  });
});

describe("copy as text", () => {
  it("names the score, band, components, values as read, sources with DOI and the knowledge version", () => {
    const out = calculate(k, "french-tma", {
      values: { platelets: { value: 12_000, unit: "/uL" }, creatinine: { value: 97.2, unit: "umol/L" } },
    });
    if (!out.ok) throw new Error("valid input");
    const text = calculationText(out.result);
    expect(text).toContain("French TMA score: 2 (high)");
    expect(text).toContain("Platelet count < 30 x10^9/L: 1");
    expect(text).toMatch(/platelets: 12000 \/uL → 12 ×10⁹\/L/);
    expect(text).toMatch(/doi:10\./);
    expect(text).toContain(`HemoSentinel knowledge ${k.version} (${k.hash})`);
  });
  it("names what is missing", () => {
    const out = calculate(k, "french-tma", { values: { platelets: { value: 12, unit: "10*9/L" } } });
    if (!out.ok) throw new Error("valid input");
    expect(calculationText(out.result)).toContain("Missing: Creatinine <= 200 umol/L (enter Creatinine)");
  });
});
