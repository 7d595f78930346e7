import type { Test } from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../test/support/knowledge.js";
import {
  type CriteriaNames,
  criteriaNamesOf,
  type Sentence,
  testSentence,
  whenText,
  windowText,
} from "./criteria-text.js";

const k = testKnowledge();
const names: CriteriaNames = criteriaNamesOf(k);
const index = { from: "index", startDay: -7, endDay: 30 } as const;

function flat(s: Sentence): string[] {
  return [s.text, ...(s.parts ?? []).flatMap(flat)];
}

describe("windowText", () => {
  it("names the anchor and signs the days", () => {
    expect(windowText(index)).toBe("days −7 to +30 of the episode's onset");
    expect(windowText({ from: "exposure", startDay: 1 })).toBe(
      "from day +1 of the first dose (CAR-T: infusion)",
    );
    expect(windowText({ from: "index", endDay: 0 })).toBe("up to day 0 of the episode's onset");
  });
});

describe("testSentence", () => {
  it("a lab threshold with the catalogue's name and unit in display form", () => {
    const t: Test = {
      kind: "lab",
      lab: "platelets",
      below: 150,
      window: { from: "index", startDay: 0, endDay: 30 },
    };
    expect(testSentence(t, names).text).toBe(
      "Platelet count < 150 ×10⁹/L (result in days 0 to +30 of the episode's onset)",
    );
  });
  it("an inclusive band, the first result only, and a percent unit", () => {
    const t: Test = {
      kind: "lab",
      lab: "adamts13-activity",
      atLeast: 10,
      atMost: 20,
      first: true,
      window: index,
    };
    expect(testSentence(t, names).text).toMatch(
      /^ADAMTS13 activity 10–20 % \(inclusive\) \(first result in days −7/,
    );
  });
  it("multiples of the limits of normal, qualitative results and several labs as alternatives", () => {
    const uln: Test = { kind: "lab", lab: "creatinine", aboveUln: 3, window: index };
    expect(testSentence(uln, names).text).toMatch(/above 3 × the upper limit of normal/);
    const lln: Test = { kind: "lab", lab: "haptoglobin", belowLln: 1, window: index };
    expect(testSentence(lln, names).text).toMatch(/Haptoglobin below the lower limit of normal/);
    const dat: Test = { kind: "lab", lab: ["dat", "dat-igg"], is: "positive", window: index };
    expect(testSentence(dat, names).text).toMatch(
      /^Direct antiglobulin test \(polyspecific\) or direct antiglobulin test \(IgG\) positive \(result in/,
    );
  });
  it("says what a charted diagnosis stands in for", () => {
    const t: Test = {
      kind: "lab",
      lab: "fibrinogen",
      below: 1.5,
      orCharted: ["hypofibrinogenemia"],
      window: index,
    };
    expect(testSentence(t, names).text).toMatch(
      /< 1\.5 g\/L .*; when no result can be compared, hypofibrinogenemia charted/,
    );
  });
  it("says which result rules a positive one out, and within how many days", () => {
    const t: Test = {
      kind: "lab",
      lab: "pf4-heparin-antibody",
      is: "positive",
      ruledOutBy: { lab: ["hit-functional-assay"], is: "negative", withinDays: 14 },
      window: index,
    };
    const text = testSentence(t, names).text;
    expect(text).toMatch(/; a result with .+ negative within 14 days of it does not count$/);
    expect(testSentence({ ...t, ruledOutBy: undefined }, names).text).not.toMatch(/does not count/);
  });
  it("nests combinators and words the two negations apart", () => {
    const t: Test = {
      kind: "all-of",
      tests: [
        { kind: "any-of", tests: [{ kind: "event", event: "sepsis", window: index }, { kind: "latency" }] },
        { kind: "not", test: { kind: "context-drug", role: ["heparin", "anticoagulant"], window: index } },
        { kind: "not-met", test: { kind: "lab", lab: "schistocytes", is: "negative", window: index } },
      ],
    };
    const s = testSentence(t, names);
    expect(s.text).toBe("All of:");
    expect(s.parts?.map((p) => p.text)).toEqual([
      "Any of:",
      "Shown not to hold (a result is needed):",
      "Not shown to hold (met while unknown):",
    ]);
    expect(s.parts?.[1]?.parts?.[0]?.text).toBe(
      "heparin or anticoagulant drug given (days −7 to +30 of the episode's onset)",
    );
  });
  it("scores with bounds and left-out components, events with qualifiers and grades", () => {
    const score: Test = {
      kind: "score",
      score: "isth-overt-dic",
      atLeast: 1,
      without: ["platelets", "fibrin-marker"],
    };
    expect(testSentence(score, names).text).toMatch(/^ISTH .*≥ 1, counted without its .* and .* points$/);
    const bleed: Test = {
      kind: "event",
      event: "bleeding",
      qualifiers: ["intracranial"],
      minGrade: 3,
      window: index,
    };
    expect(testSentence(bleed, names).text).toBe(
      "bleeding (intracranial), grade ≥ 3 charted (days −7 to +30 of the episode's onset)",
    );
  });
  it("every criterion and differential of every disorder reads without a raw id or UCUM unit", () => {
    for (const d of k.disorders)
      for (const c of [...d.criteria, ...d.differentials, ...d.grade.rules.map((r) => ({ test: r.when }))])
        for (const line of flat(testSentence(c.test, names))) {
          expect(line).not.toMatch(/10\*\d|undefined|\[object|\{/);
          expect(line.length).toBeGreaterThan(5);
        }
  });
});

describe("whenText", () => {
  it("writes facts with their units, negations, unknowns and certainty", () => {
    expect(
      whenText(
        {
          certainty: ["definite", "probable"],
          facts: [
            { fact: "platelets", below: 30 },
            { fact: "bleeding", is: false },
            { fact: "adamts13-activity", atLeast: 20, ifUnknown: true },
            { fact: "fibrinogen", unknown: true },
          ],
        },
        names,
      ),
    ).toEqual([
      "certainty definite or probable",
      "platelets < 30 ×10⁹/L",
      "no bleeding",
      "ADAMTS13 activity ≥ 20 % (or not known)",
      "fibrinogen not known",
    ]);
  });

  it("writes the age fact in years, on either side of 18 (the adult-dose line of a child's plan)", () => {
    expect(whenText({ facts: [{ fact: "age", below: 18 }] }, names)).toEqual(["age < 18 years"]);
    expect(whenText({ facts: [{ fact: "age", atLeast: 18 }] }, names)).toEqual(["age ≥ 18 years"]);
  });

  it("writes the classes a line gives way to (the ICI HLH treatment beside CAR-T cells or an engager)", () => {
    expect(whenText({ notClasses: ["car-t", "bispecific"] }, names)).toEqual([
      "without CAR-T cells or a T-cell engager also given",
    ]);
    expect(whenText({ classes: ["ici"] }, names)).toEqual([]);
  });

  it("writes the either-facts of an item as one alternative", () => {
    expect(
      whenText(
        {
          facts: [{ fact: "thrombosis", is: true }],
          anyFacts: [
            { fact: "cyp3a4-pgp-inhibitor-on-board", is: true },
            { fact: "cyp3a4-pgp-inducer-on-board", is: true },
          ],
        },
        names,
      ),
    ).toEqual([
      "thrombosis",
      `either ${names.words("cyp3a4-pgp-inhibitor-on-board")} or ${names.words("cyp3a4-pgp-inducer-on-board")}`,
    ]);
  });
});
