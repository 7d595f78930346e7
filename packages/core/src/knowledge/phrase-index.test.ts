import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PhraseIndex, phraseTokens, singulars, tokenize, writtenForms } from "./phrase-index.js";

describe("phraseTokens", () => {
  it("are the words of tokenize, as written or lower-cased, for any text", () => {
    const text = fc.string({ unit: fc.constantFrom(..."aZé9 -,.;\nÖ µ×ß'".split("")), maxLength: 40 });
    fc.assert(
      fc.property(text, fc.boolean(), (t, caseSensitive) => {
        const words = tokenize(t).tokens.map((w) => (caseSensitive ? w.raw : w.lower));
        expect(phraseTokens(t, caseSensitive)).toEqual(words);
      }),
    );
  });
});

describe("tokenize", () => {
  it("counts the line breaks before each word: a new line, a blank line", () => {
    expect(tokenize("Family history:\nMother: DVT\n\nMelena").tokens.map((t) => t.lines)).toEqual([
      0, 0, 1, 0, 2,
    ]);
    expect(tokenize("a\r\nb \n \n c, d").tokens.map((t) => t.lines)).toEqual([0, 1, 2, 0]);
  });

  it("splits on anything but letters and digits, and drops accents", () => {
    expect(tokenize("Henoch-Schönlein purpura, 5-FU").tokens.map((t) => t.lower)).toEqual([
      "henoch",
      "schonlein",
      "purpura",
      "5",
      "fu",
    ]);
  });

  it("marks clause and comma breaks, but not the dot inside a number or code", () => {
    const { tokens } = tokenize("No fever. Epistaxis, 2.5 mg; ch14.18");
    expect(tokens.map((t) => [t.raw, t.clauseBreak, t.commaBreak])).toEqual([
      ["No", false, false],
      ["fever", false, false],
      ["Epistaxis", true, true],
      ["2", false, true],
      ["5", false, false],
      ["mg", false, false],
      ["ch14", true, true],
      ["18", false, false],
    ]);
  });

  it("flags shouted text", () => {
    expect(tokenize("NO DVT").allCaps).toBe(true);
    expect(tokenize("No DVT").allCaps).toBe(false);
  });
});

describe("PhraseIndex", () => {
  const index = new PhraseIndex<string>();
  index.add("nivolumab", "nivo");
  index.add("nivolumab and relatlimab", "combo");
  index.add("PE", "pe", true);

  it("takes the longest phrase at a position", () => {
    const hits = index.findAll(tokenize("Nivolumab and relatlimab, then nivolumab"));
    expect(hits.map((h) => [h.start, h.end, h.values])).toEqual([
      [0, 3, ["combo"]],
      [4, 5, ["nivo"]],
    ]);
  });

  it("counts only words with letters against the shouted-text limit", () => {
    // A date's digits are no shouting: four words with letters keep the abbreviation.
    expect(index.findAll(tokenize("PMH: PE 2026-11-01")).length).toBe(1);
    expect(index.findAll(tokenize("HTN DM PE 2026 11 01 12")).length).toBe(1);
    // Five words with letters, all capitals: the abbreviation is not read.
    expect(index.findAll(tokenize("HTN DM CKD PE OA 2026")).length).toBe(0);
    expect(index.findAll(tokenize("HTN DM CKD PE 2026")).length).toBe(1);
  });

  it("in a shouted text, reads every case-sensitive phrase but the everyday words it is given", () => {
    const ambiguous = new Set(["HIT"]);
    const events = new PhraseIndex<string>();
    events.add("PE", "pe", true);
    events.add("HIT", "hit", true);
    const values = (t: string, set?: ReadonlySet<string>) =>
      events.findAll(tokenize(t), 4, set).flatMap((h) => h.values);
    expect(values("ACUTE PE ON CT TODAY", ambiguous)).toEqual(["pe"]);
    expect(values("PATIENT WAS HIT BY A CAR", ambiguous)).toEqual([]);
    // Without the set, a shouted text reads none; a short one reads all.
    expect(values("ACUTE PE ON CT TODAY")).toEqual([]);
    expect(values("SUSPECTED HIT", ambiguous)).toEqual(["hit"]);
    // In mixed case the set changes nothing.
    expect(values("Patient with HIT and PE today", ambiguous)).toEqual(["hit", "pe"]);
  });

  it("matches case-sensitive phrases only as written", () => {
    expect(index.findAll(tokenize("PE")).length).toBe(1);
    expect(index.findAll(tokenize("pe")).length).toBe(0);
    expect(index.findAll(tokenize("pembrolizumab")).length).toBe(0);
  });

  it('never matches inside a word (property; a plural "s" is the one suffix read, as the singular)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z]{1,6}$/).filter((x) => x !== "s"),
        (suffix) => {
          expect(index.findAll(tokenize(`nivolumab${suffix}`))).toEqual([]);
        },
      ),
    );
  });

  it("reads a plural word as its singular, in any word of a phrase, but never a word of three letters", () => {
    const events = new PhraseIndex<string>();
    events.add("subcutaneous hematoma", "hematoma");
    events.add("deep vein thrombosis", "dvt");
    events.add("pulmonary embolus", "pe");
    events.add("DVT", "dvt-abbr", true);
    events.add("a", "article");
    const values = (text: string) => events.findAll(tokenize(text)).flatMap((h) => h.values);
    expect(values("Extensive subcutaneous hematomas")).toEqual(["hematoma"]);
    expect(values("Recurrent deep vein thromboses")).toEqual(["dvt"]);
    expect(values("Bilateral pulmonary emboli")).toEqual(["pe"]);
    expect(values("Multiple DVTs")).toEqual(["dvt-abbr"]);
    expect(values("as")).toEqual([]);
    expect(singulars("has")).toEqual([]);
  });

  it("writes every form of a word that reads back as it: exactly the plurals the index reads", () => {
    expect(writtenForms("hematoma")).toEqual(["hematoma", "hematomas"]);
    expect(writtenForms("therapy")).toEqual(["therapy", "therapys", "therapies"]);
    expect(writtenForms("thrombosis")).toEqual(["thrombosis", "thromboses"]);
    expect(writtenForms("embolus")).toEqual(["embolus", "emboli"]);
    // A word of three letters or fewer once pluralised is never read back ("ts"), nor a plural of a word ending in s.
    expect(writtenForms("t")).toEqual(["t"]);
    expect(writtenForms("ipi")).toEqual(["ipi", "ipis"]);
    for (const word of ["hematoma", "therapy", "thrombosis", "embolus", "car", "cel", "dvt"]) {
      const index = new PhraseIndex<string>();
      index.add(word, word);
      for (const form of writtenForms(word))
        expect(
          index.findAll(tokenize(form)).flatMap((h) => h.values),
          form,
        ).toEqual([word]);
    }
  });

  it("lookup returns what a phrase stores, whatever its spelling", () => {
    expect(index.lookup("NIVOLUMAB")).toEqual(["nivo"]);
    expect(index.lookup("ipilimumab")).toEqual([]);
  });
});
