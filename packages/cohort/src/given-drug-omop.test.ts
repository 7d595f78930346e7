import { join } from "node:path";
import type { CohortDatabase } from "@hemosentinel/cohort";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importedDb, testKnowledge, writeOmopCohort } from "../../../test/support/cohort.js";
import { tempDir } from "../../../test/support/temp.js";
import { drugWordsPattern } from "./prefilter.js";
import { engineItems, prefilterCandidates, type ScreenItem, screenCohort } from "./screen.js";

/**
 * The drug only in words, through OMOP: a person with no drug_exposure of an immunotherapy, a condition whose
 * (site-local) concept names it as given ("s/p pembrolizumab x3 cycles") or as the cause ("ITP secondary to
 * nivolumab"), and a platelet count of 8 ×10⁹/L. The full engine reads the concept's name as the chart's words and
 * lists the dosing-history item; the SQL prefilter passes these persons on by a reason compiled from the drug
 * catalogue's names (`drug-words`), so the screen lists the same items. Words naming a drug only planned are a
 * candidate of the screen (SQL does not read the cue) but get no item.
 */
const AT = "2025-06-30T23:59:59Z";
const C = {
  platelets: [3024929, "LOINC", "777-3", "Platelets [#/volume] in Blood by Automated count"],
  u109L: [9444, "UCUM", "10*9/L", "billion per liter"],
  given: [900_050, "Site", "W1", "s/p pembrolizumab x3 cycles"],
  named: [900_051, "Site", "W2", "ITP secondary to nivolumab"],
  planned: [900_052, "Site", "W3", "pembrolizumab planned"],
  hyphen: [900_053, "Site", "W4", "Thrombocytopenia, nivolumab-induced"],
  brand: [900_054, "Site", "W5", "Immune thrombocytopenia due to KEYTRUDA"],
  notAWord: [900_055, "Site", "W6", "Thrombocytopenia due to nivolumabx"],
  nivolumab: [900_056, "RxNorm", "1597876", "nivolumab"],
} as const;
/** Persons; `otherDosed` has a dated dose of nivolumab and words naming pembrolizumab as given. */
const P = { given: 1, named: 2, planned: 3, hyphen: 4, brand: 5, notAWord: 6, otherDosed: 7 } as const;

describe("an immunotherapy named only in a condition's words, through OMOP", { timeout: 300_000 }, () => {
  let db: CohortDatabase;
  beforeAll(async () => {
    const dir = join(tempDir("given-drug-omop-"), "cdm");
    const persons = Object.values(P);
    writeOmopCohort(dir, Object.values(C), persons, {
      drug: [[P.otherDosed, C.nivolumab[0], "2025-01-10", "2025-01-10"]],
      measurement: persons.map((p) => [p, C.platelets[0], "2025-03-10", 8, C.u109L[0], ""]),
      condition: [
        [P.given, C.given[0], "2025-02-16"],
        [P.named, C.named[0], "2025-03-10"],
        [P.planned, C.planned[0], "2025-02-16"],
        [P.hyphen, C.hyphen[0], "2025-03-10"],
        [P.brand, C.brand[0], "2025-03-10"],
        [P.notAWord, C.notAWord[0], "2025-03-10"],
        [P.otherDosed, C.given[0], "2025-02-16"],
      ],
    });
    db = (await importedDb(dir)).db;
  }, 120_000);
  afterAll(() => db.close());

  it("the screen lists the dosing-history items the full engine lists, whatever the exposures", async () => {
    const k = testKnowledge();
    const ids = Object.values(P).map(String);
    const full = await engineItems(db, k, ids, { evaluatedAt: AT, version: "test" });
    const of = (items: readonly ScreenItem[], p: number) =>
      items.filter((i) => i.personId === String(p)).map((i) => `${i.kind}:${i.item}`);
    expect(of(full, P.given)).toContain("unexplained:immunotherapy-given-no-dose");
    expect(of(full, P.named)).toContain("unexplained:immunotherapy-named-no-dose");
    expect(of(full, P.planned)).toEqual([]);
    expect(of(full, P.hyphen)).toContain("unexplained:immunotherapy-named-no-dose");
    expect(of(full, P.brand)).toContain("unexplained:immunotherapy-named-no-dose");
    expect(of(full, P.notAWord)).toEqual([]);
    expect(of(full, P.otherDosed)).toContain("unexplained:immunotherapy-given-no-dose");
    const { exposed, candidates } = await prefilterCandidates(db, k, AT);
    expect(exposed).toEqual([String(P.otherDosed)]);
    // Every person whose words name a catalogue immunotherapy as whole words is a candidate, the planned one too;
    // "nivolumabx" names none.
    const words = ids.filter((p) => p !== String(P.notAWord));
    expect(candidates.map((c) => c.personId)).toEqual(words);
    for (const c of candidates) expect(c.reasons, c.personId).toContain("drug-words");
    const screened = await screenCohort(db, k, { evaluatedAt: AT, version: "test", record: false });
    const key = (i: ScreenItem) =>
      JSON.stringify([i.personId, i.kind, i.item, i.certainty, i.grade, i.at, i.drug]);
    expect(screened.items.map(key).sort()).toEqual(full.map(key).sort());
    expect(of(screened.items, P.given)).toContain("unexplained:immunotherapy-given-no-dose");
    expect(of(screened.items, P.named)).toContain("unexplained:immunotherapy-named-no-dose");
    expect(of(screened.items, P.planned)).toEqual([]);
  });
});

describe("the prefilter's pattern of immunotherapy names", () => {
  it("matches every text in which the engine's medication matcher reads a catalogue immunotherapy, as whole words", () => {
    const k = testKnowledge();
    const pattern = new RegExp(drugWordsPattern(k));
    const immunotherapies = (text: string) =>
      k.vocabulary.medications({ codings: [], text }).filter((m) => m.kind === "immunotherapy");
    let named = 0;
    for (const drug of k.drugs.drugs)
      for (const name of [drug.id, drug.inn, ...drug.brands, ...drug.synonyms])
        for (const text of [
          `ITP due to ${name}`,
          `${name}-induced thrombocytopenia`,
          `s/p ${name.toUpperCase()} x3 cycles`,
          `${name}s given`,
          `(${name.replaceAll(" ", "  ")})`,
          `thrombosis;${name}`,
        ]) {
          // Superset: wherever the matcher names one, the pattern holds.
          if (immunotherapies(text).length === 0) continue;
          named++;
          expect(pattern.test(text.toLowerCase()), text).toBe(true);
        }
    expect(named).toBeGreaterThan(6 * k.drugs.drugs.length);
    // Whole words: a name inside another word is no name, to the matcher and to the pattern.
    for (const text of [
      "Thrombocytopenia due to nivolumabx",
      "Cardiac arrest",
      "Principal diagnosis",
      "tipi",
    ]) {
      expect(immunotherapies(text), text).toEqual([]);
      expect(pattern.test(text.toLowerCase()), text).toBe(false);
    }
  });
});
