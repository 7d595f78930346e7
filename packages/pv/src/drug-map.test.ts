/**
 * Drug names as FAERS reporters write them, mapped to the catalogue: by name, by ingredient, by a
 * misspelling with one candidate only, and never a context drug read as a misspelt immunotherapy.
 */
import { describe, expect, it } from "vitest";
import { testKnowledgeBundle } from "../../../test/support/knowledge.js";
import { createDrugMapper } from "./drug-map.js";

const map = createDrugMapper(testKnowledgeBundle().drugs);

describe("drug names mapped to the catalogue", () => {
  it("maps a brand or an INN in the name first, then in the ingredient", () => {
    expect(map("KEYTRUDA 100MG", null)).toEqual({ drugs: ["pembrolizumab"], how: "name" });
    expect(map("STUDY DRUG", "NIVOLUMAB")).toEqual({ drugs: ["nivolumab"], how: "ingredient" });
  });

  it("maps a misspelling one edit away, a digit inside the word counting as the edit", () => {
    expect(map("PEMBROLIZUMAP", null)).toEqual({ drugs: ["pembrolizumab"], how: "spelling" });
    expect(map("PEMBROLIZUMA8", null)).toEqual({ drugs: ["pembrolizumab"], how: "spelling" });
  });

  it("maps no word with more characters other than letters than the edits allowed", () => {
    // Thirteen characters allow two edits: three digits in place of letters are three.
    expect(map("PEMBROLIZU888", null)).toBeUndefined();
    expect(map("DRUG00123", null)).toBeUndefined();
  });

  it("reads a name of another catalogue drug as spelled right, not as a misspelt immunotherapy", () => {
    expect(map("HEPARIN", null)).toBeUndefined();
  });

  it("gives the same answer for a name it has seen, alone or beside another ingredient", () => {
    const first = map("OPDIVO", null);
    expect(map("OPDIVO", null)).toEqual(first);
    expect(map("OPDIVO", "PEMBROLIZUMAB")).toEqual({ drugs: ["nivolumab"], how: "name" });
    expect(map("PEMBROLIZUMAP", "OPDIVO")).toEqual({ drugs: ["nivolumab"], how: "ingredient" });
  });
});
