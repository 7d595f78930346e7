import { describe, expect, it } from "vitest";
import { numberText, valueWithUnit } from "./display.js";

describe("numberText: thousands grouped from five digits, as the knowledge base writes its cut-offs", () => {
  it("groups a whole number of 10,000 or more (a ferritin of 48,000 beside the 10,000 ng/mL criterion)", () => {
    expect(numberText(10000)).toBe("10,000");
    expect(numberText(48000)).toBe("48,000");
    expect(numberText(1250000)).toBe("1,250,000");
    expect(numberText(-25000)).toBe("-25,000");
  });
  it("leaves four digits, decimals and small numbers as they are (9,999 is the other side of the cut-off)", () => {
    expect(numberText(9999)).toBe("9999");
    expect(numberText(1450)).toBe("1450");
    expect(numberText(10000.5)).toBe("10000.5");
    expect(numberText(0.8)).toBe("0.8");
  });
  it("prints a lab value with its unit the same way", () => {
    expect(valueWithUnit(48000, "ng/mL")).toBe("48,000 ng/mL");
    expect(valueWithUnit(9999, "ng/mL")).toBe("9999 ng/mL");
  });
});
