import { DISORDER_IDS, pvTermProblems } from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import { loadKnowledgeBundle } from "./bundle.js";
import { loadPvTerms, loadReferences } from "./sources.js";

const terms = loadPvTerms();

describe("pv-terms.yaml", () => {
  it("has one list per disorder and no term in two lists", () => {
    expect(pvTermProblems(terms)).toEqual([]);
    expect(terms.lists.map((l) => l.disorder).sort()).toEqual([...DISORDER_IDS].sort());
  });

  it("cites only references that exist, and every list cites a pharmacovigilance analysis", () => {
    const refs = new Map(loadReferences().map((r) => [r.id, r]));
    for (const list of terms.lists)
      for (const id of list.sourceIds) expect(refs.get(id)?.kind, `${list.disorder}: ${id}`).toBe("paper");
    for (const t of Object.values(terms.thresholds))
      for (const id of t.sourceIds) expect(refs.has(id), id).toBe(true);
  });

  it("is in the compiled bundle", () => {
    expect(loadKnowledgeBundle().pvTerms).toEqual(terms);
  });

  it("rejects a term claimed by two disorders and a missing disorder", () => {
    const [first, second, ...rest] = terms.lists;
    if (!first || !second) throw new Error("lists missing");
    const clash = {
      ...second,
      preferredTerms: [...second.preferredTerms, first.preferredTerms[0] as string],
    };
    expect(pvTermProblems({ ...terms, lists: [first, clash, ...rest] })).toEqual([
      `term "${first.preferredTerms[0]}" is listed for ${first.disorder} and ${second.disorder}`,
    ]);
    expect(pvTermProblems({ ...terms, lists: rest.length ? [second, ...rest] : [second] })).toContain(
      `disorder ${first.disorder} has 0 term lists (expected 1)`,
    );
  });
});
