/** Atlas search: by disorder, drug INN, brand, research code, ATC and RxNorm, score and lab (name or LOINC). */
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../test/support/knowledge.js";
import { atlasPath, createAtlasIndex, foldText } from "./search.js";

const k = testKnowledge();
const atlas = createAtlasIndex(k);
const first = (q: string) => atlas.search(q)[0];

describe("atlas search", () => {
  it("finds a drug by INN, brand, research code, ATC and RxNorm, with its deep link", () => {
    expect(first("pembrolizumab")).toMatchObject({
      kind: "drug",
      id: "pembrolizumab",
      path: "/atlas/drug/pembrolizumab",
      matched: { field: "INN" },
    });
    expect(first("Keytruda")).toMatchObject({
      id: "pembrolizumab",
      matched: { field: "brand", text: "Keytruda" },
    });
    expect(first("MK-3475")).toMatchObject({ id: "pembrolizumab", matched: { field: "research code" } });
    expect(first("L01FF01")).toMatchObject({ id: "nivolumab", matched: { field: "ATC" } });
    expect(first("1597876")).toMatchObject({ id: "nivolumab", matched: { field: "RxNorm" } });
  });
  it("ignores case, diacritics, spaces and hyphens", () => {
    expect(first("KEYTRUDA")?.id).toBe("pembrolizumab");
    expect(first("mk3475")?.id).toBe("pembrolizumab");
    expect(first("mk 3475")?.id).toBe("pembrolizumab");
    expect(first("Opdívo")?.id).toBe("nivolumab");
    expect(foldText("Élotuzumab-X")).toBe("elotuzumab x");
  });
  it("finds CAR-T products by INN and brand", () => {
    expect(first("axicabtagene ciloleucel")?.id).toBe("axicabtagene-ciloleucel");
    expect(first("yescarta")?.id).toBe("axicabtagene-ciloleucel");
  });
  it("finds a disorder by name or id, a score and a lab by name or LOINC", () => {
    expect(first("thrombotic thrombocytopenic purpura")).toMatchObject({
      kind: "disorder",
      id: "ttp",
      path: "/atlas/disorder/ttp",
    });
    expect(first("ttp")).toMatchObject({ kind: "disorder", id: "ttp" });
    expect(first("plasmic")).toMatchObject({ kind: "score", id: "plasmic", path: "/atlas/score/plasmic" });
    expect(first("777-3")).toMatchObject({
      kind: "lab",
      id: "777-3",
      path: "/atlas/lab/777-3",
      matched: { field: "LOINC" },
    });
    // Another LOINC code of the same lab links to the lab's page (its first code).
    expect(first("26515-7")).toMatchObject({ kind: "lab", id: "777-3" });
    expect(first("fibrinogen")).toMatchObject({ kind: "lab" });
  });
  it("ranks whole names first, then word starts, then substrings", () => {
    const hits = atlas.search("thrombo");
    expect(hits.length).toBeGreaterThan(1);
    expect(hits.map((h) => h.kind)).toContain("disorder");
    expect(atlas.search("nivolumab")[0]?.id).toBe("nivolumab");
    expect(atlas.search("nivolumab").map((h) => h.id)).toContain("nivolumab-relatlimab");
  });
  it("finds nothing for an empty query or an unknown word; typos are not corrected", () => {
    expect(atlas.search("")).toEqual([]);
    expect(atlas.search("  - ")).toEqual([]);
    expect(atlas.search("zzzzqx")).toEqual([]);
    expect(atlas.search("pembrolizumav")).toEqual([]);
  });
  it("respects the limit", () => {
    expect(atlas.search("mab", 3)).toHaveLength(3);
  });
  it("deep links encode the id", () => {
    expect(atlasPath("lab", "777-3")).toBe("/atlas/lab/777-3");
    expect(atlasPath("drug", "a b")).toBe("/atlas/drug/a%20b");
  });
});
