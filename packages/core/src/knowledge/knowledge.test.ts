/**
 * Opening a compiled bundle costs what a run uses: the medication and event indexes (phrase tries over
 * every name and term) are built on their first use, once, and the bundle is trusted (it was validated and
 * cross-checked when the knowledge package compiled it).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { testKnowledgeBundle } from "../../../../test/support/knowledge.js";
import type { KnowledgeBundle } from "./knowledge.js";
import { openKnowledge } from "./knowledge.js";
import { createMedicationIndex } from "./medication-index.js";

let bundle: KnowledgeBundle;
beforeAll(() => {
  bundle = testKnowledgeBundle();
});

/** The bundle with its drug and event maps counted as they are read. */
function counted(b: KnowledgeBundle) {
  const reads = { drugs: 0, events: 0 };
  const watched = {
    ...b,
    get drugs() {
      reads.drugs++;
      return b.drugs;
    },
    get events() {
      reads.events++;
      return b.events;
    },
  } as KnowledgeBundle;
  return { watched, reads };
}

const KEYTRUDA = { codings: [], text: "KEYTRUDA 25 mg/mL" };
const DVT = { codings: [{ system: "http://snomed.info/sct", code: "128053003" }] };

describe("openKnowledge", () => {
  it("builds the medication and event indexes on first use, once", () => {
    const { watched, reads } = counted(bundle);
    const k = openKnowledge(watched);
    expect(reads).toEqual({ drugs: 0, events: 0 });
    expect(k.vocabulary.medication(KEYTRUDA)).toEqual({
      kind: "immunotherapy",
      drug: "pembrolizumab",
      class: "ici",
    });
    expect(k.vocabulary.medication({ codings: [], text: "nivolumab" })?.drug).toBe("nivolumab");
    expect(reads).toEqual({ drugs: 1, events: 0 });
    expect(k.vocabulary.event(DVT)?.kind).toBe("thrombosis");
    expect(k.vocabulary.event({ codings: [], text: "no bleeding" })).toBeUndefined();
    expect(reads).toEqual({ drugs: 1, events: 1 });
  });

  it("trusts the bundle: the catalogue checks run when it is compiled, not when it is opened", () => {
    const [first, second] = bundle.drugs.drugs;
    if (!first || !second) throw new Error("the catalogue has fewer than two drugs");
    // A brand given to two drugs: the knowledge compiler (and createMedicationIndex) refuse it.
    const clash = { ...second, brands: [...second.brands, first.inn] };
    const drugs = { ...bundle.drugs, drugs: [first, clash, ...bundle.drugs.drugs.slice(2)] };
    expect(() => createMedicationIndex(drugs)).toThrow(/belongs to/);
    const k = openKnowledge({ ...bundle, drugs });
    expect(k.vocabulary.medication(KEYTRUDA)?.drug).toBe("pembrolizumab");
  });
});

describe("RxNorm product codes", () => {
  const RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
  const byCode = (code: string) =>
    openKnowledge(bundle).vocabulary.medication({ codings: [{ system: RXNORM, code }] })?.drug;

  it("a product code alone names its drug, as the ingredient code does", () => {
    expect(byCode("1094833")).toBe("ipilimumab");
    expect(byCode("1186646")).toBe("ipilimumab");
  });

  it("a product code claimed by a second drug is refused, as a shared ingredient code is", () => {
    const [first, second] = bundle.drugs.drugs;
    if (!first || !second) throw new Error("the catalogue has fewer than two drugs");
    const code = first.rxnorm ?? "1";
    const clash = { ...second, rxnormProducts: [...(second.rxnormProducts ?? []), code] };
    const drugs = {
      ...bundle.drugs,
      drugs: [{ ...first, rxnorm: code }, clash, ...bundle.drugs.drugs.slice(2)],
    };
    expect(() => createMedicationIndex(drugs)).toThrow(/RXCUI .* belongs to/);
  });
});
