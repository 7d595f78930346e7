/**
 * A past HIT or TTP written in a note against the note's own date: a date after the mention is past only
 * when it is before the note's year (a year) or ends more than `historyDays` (30) before the note's day (a
 * month or a day); a note naming a current problem and a past HIT gives both events; negations stay
 * negations whatever date follows.
 */
import { createEventIndex, type SourceConcept } from "@hemosentinel/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadEventMap } from "./sources.js";

const map = loadEventMap();
const index = createEventIndex(map);
const text = (t: string): SourceConcept => ({ codings: [], text: t });
/** The kind read from a note written on 4 December 2026. */
const NOTE = "2026-12-04T09:00:00Z";
const kindOf = (t: string, noteDate: string | undefined = NOTE) => index.classify(text(t), noteDate)?.kind;
const kindsOf = (t: string, noteDate: string | undefined = NOTE) =>
  index.classifyNote(text(t), noteDate).map((m) => m.kind);
const iso = (dayNumber: number) => new Date(dayNumber * 86_400_000).toISOString().slice(0, 10);
const NOTE_DAY = Date.UTC(2026, 11, 4) / 86_400_000;

describe("a date written after HIT or TTP, read against the note's own date", () => {
  it("pins the episode convention: 30 days", () => {
    expect(map.negation.historyDays).toBe(30);
  });

  it.each([
    // The note's year, or a day or a month of this episode: a HIT now.
    ["HIT 2026", "hit"],
    ["HIT (2026) – heparin stopped", "hit"],
    ["HIT in 2026", "hit"],
    ["HIT 12/2026", "hit"],
    ["HIT 2026-12", "hit"],
    ["HIT dx 2026-12-01", "hit"],
    ["HIT diagnosed 2026-11-04", "hit"], // 30 days before the note: this episode
    ["HIT 11/2026", "hit"], // November ends 4 days before the note
    ["HIT on 01/12/2026", "hit"], // 1 December (or 12 January): one reading is this episode
    ["heparin-induced thrombocytopenia 2026", "hit"],
    ["TTP 2026", "ttp"],
    ["iTTP dx 2026-11-20", "ttp"],
    // The year before, or a day or month ending more than 30 days before the note: a past episode.
    ["HIT 2025", "hit-history"],
    ["HIT (2021) – avoid heparin", "hit-history"],
    ["HIT in 2019", "hit-history"],
    ["HIT diagnosed 2026-11-03", "hit-history"], // 31 days before the note
    ["HIT 10/2026", "hit-history"], // October ends 34 days before the note
    ["HIT 12/2025", "hit-history"],
    ["HIT 03/04/2026", "hit-history"], // 3 April or 4 March: both past
    ["TTP 2024", "ttp-history"],
  ])('"%s" in a note of 4 December 2026 is %s', (t, kind) => {
    expect(kindOf(t)).toBe(kind);
  });

  it("without a note date, a written date does not make a HIT past (the record is read as written)", () => {
    const undated = (t: string) => index.classify(text(t))?.kind;
    expect(undated("HIT 2026")).toBe("hit");
    expect(undated("HIT (2021)")).toBe("hit");
    // A past cue needs no date.
    expect(undated("history of HIT")).toBe("hit-history");
  });

  it("a past cue wins over a date of this year ('history of HIT 2026' is a past HIT)", () => {
    expect(kindOf("history of HIT 2026")).toBe("hit-history");
    expect(kindOf("TTP in remission 2026")).toBe("ttp-history");
  });

  it("a coded current HIT with this year's date in its words stays HIT now", () => {
    const coded = {
      codings: [{ system: "http://hl7.org/fhir/sid/icd-10-cm", code: "D75.822" }],
      text: "HIT dx 2026-12-01",
    };
    expect(index.classify(coded, NOTE)?.kind).toBe("hit");
    expect(index.classify({ ...coded, text: "HIT 2019" }, NOTE)?.kind).toBe("hit-history");
  });

  it("for any years: 'HIT <year>' is past exactly when the year is before the note's year", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1950, max: 2099 }), fc.integer({ min: 1950, max: 2099 }), (y, n) => {
        expect(kindOf(`HIT ${y}`, `${n}-06-15T00:00:00Z`)).toBe(y < n ? "hit-history" : "hit");
      }),
    );
  });

  it("for any day: 'HIT dx <date>' is past exactly when the date is more than 30 days before the note", () => {
    fc.assert(
      fc.property(fc.integer({ min: -400, max: 400 }), (before) => {
        expect(kindOf(`HIT dx ${iso(NOTE_DAY - before)}`)).toBe(before > 30 ? "hit-history" : "hit");
      }),
    );
  });
});

describe("a note naming a current problem and a past HIT gives both events", () => {
  it("new DVT with a history of HIT: a thrombosis and a hit-history, one of each", () => {
    const all = index.classifyNote(text("new DVT left leg; history of HIT 2019 – avoid heparin"), NOTE);
    expect(all).toEqual([
      { kind: "thrombosis", qualifiers: ["venous", "dvt"] },
      // Dated by the year written after it, its last day.
      { kind: "hit-history", qualifiers: [], at: "2019-12-31" },
    ]);
    // The single reading is still the current problem.
    expect(kindOf("new DVT left leg; history of HIT 2019 – avoid heparin")).toBe("thrombosis");
  });

  it("a past ischaemic stroke is kept, dated by the date written after it (its last day), else by the note", () => {
    expect(index.classifyNote(text("history of ischaemic stroke 2026-09"), NOTE)).toEqual([
      { kind: "thrombosis-history", qualifiers: ["arterial", "stroke"], at: "2026-09-30" },
    ]);
    expect(index.classifyNote(text("ischaemic stroke 2019"), NOTE)).toEqual([
      { kind: "thrombosis-history", qualifiers: ["arterial", "stroke"], at: "2019-12-31" },
    ]);
    expect(index.classifyNote(text("h/o ischaemic stroke"), NOTE)).toEqual([
      { kind: "thrombosis-history", qualifiers: ["arterial", "stroke"] },
    ]);
    // A past DVT is kept the same way (the TPO-receptor agonist labels weigh any past clot), never as a clot now.
    expect(index.classifyNote(text("h/o DVT"), NOTE)).toEqual([
      { kind: "thrombosis-history", qualifiers: ["venous", "dvt"] },
    ]);
    expect(index.classifyNote(text("history of DVT 2015"), NOTE)).toEqual([
      { kind: "thrombosis-history", qualifiers: ["venous", "dvt"], at: "2015-12-31" },
    ]);
  });

  it("a PE with a dated past HIT and a past TTP: each history once", () => {
    expect(kindsOf("PE; HIT (2019); iTTP in remission; h/o HIT")).toEqual([
      "thrombosis",
      "hit-history",
      "ttp-history",
    ]);
  });

  it("a current HIT with a past clot is HIT now beside the past clot, never a clot now", () => {
    expect(kindsOf("HIT suspected; history of DVT 2015")).toEqual(["hit", "thrombosis-history"]);
    expect(kindsOf("HIT 2026; history of DVT 2015")).toEqual(["hit", "thrombosis-history"]);
  });

  it("other kinds named in one clause still give only the first (a diagnosis before its manifestations)", () => {
    expect(kindsOf("DIC with bleeding and thrombocytopenia")).toEqual(["dic"]);
    expect(kindsOf("thrombocytopenia due to ITP")).toEqual(["itp"]);
    // A doubted ITP is the question beside the thrombocytopenia the clause charts, never standing for it.
    expect(kindsOf("thrombocytopenia, suspected ITP")).toEqual(["thrombocytopenia", "itp-considered"]);
  });
});

describe("a note naming several current problems gives each, with its own negation and doubt", () => {
  it("a new DVT and, in another clause, a suspected ITP: both", () => {
    expect(index.classifyNote(text("new DVT left leg; also thrombocytopenia, ITP"), NOTE)).toEqual([
      { kind: "itp", qualifiers: [] },
      { kind: "thrombosis", qualifiers: ["venous", "dvt"] },
    ]);
    // The single reading is still the first-priority kind.
    expect(kindOf("new DVT left leg; also thrombocytopenia, ITP")).toBe("itp");
    // Suspected, the ITP is the question beside the DVT and the thrombocytopenia.
    expect(kindsOf("new DVT left leg; also thrombocytopenia, suspected ITP")).toEqual([
      "thrombosis",
      "thrombocytopenia",
      "itp-considered",
    ]);
  });

  it.each([
    ["PE on CT. Epistaxis since morning.", ["thrombosis", "bleeding"]],
    ["r/o HIT; new DVT right arm", ["hit", "thrombosis"]],
    ["h/o DVT, r/o HIT", ["hit", "thrombosis-history"]],
    ["no history of HIT, r/o HIT now", ["hit"]],
    ["CRS grade 2; ICANS grade 1", ["crs", "icans"]],
  ])("%s gives %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });

  it.each([
    ["new DVT left leg; ITP ruled out", ["thrombosis"]],
    // The duplex that excluded the DVT is a DVT ruled out: no clot.
    ["no DVT on duplex; suspected ITP", ["itp-considered", "thrombosis-ruled-out"]],
    ["new DVT left leg; r/o PE", ["thrombosis", "thrombosis-suspected"]],
    ["no bleeding; new DVT", ["thrombosis"]],
    ["HIT excluded; new DVT left leg", ["thrombosis"]],
    ["new DVT left leg; possible PE", ["thrombosis", "thrombosis-suspected"]],
    ["PF4 negative, HIT unlikely; DVT", ["thrombosis"]],
  ])("%s gives the affirmed problems, a doubted clot as its suspicion: %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});

describe("negations stay negations, whatever date follows", () => {
  it.each([
    "no history of HIT",
    "no history of HIT 2019",
    "HIT ruled out",
    "HIT ruled out 2026",
    "HIT antibody negative",
    "not consistent with TTP",
    "TTP excluded 12/2026",
    "negative for HIT (2026)",
  ])('"%s" gives no event', (t) => {
    expect(index.classifyNote(text(t), NOTE)).toEqual([]);
  });

  const MENTIONS = [
    "HIT",
    "heparin-induced thrombocytopenia",
    "TTP",
    "iTTP",
    "thrombotic thrombocytopenic purpura",
  ];
  const TAILS = [
    "",
    " 2019",
    " (2026)",
    " dx 2026-12-01",
    " 12/2026",
    " in 2024",
    " in remission",
    " type II",
  ];
  const NEGATED = new Set(["hit", "hit-history", "ttp", "ttp-history"]);
  it("property: a leading 'no history of' never gives a current or a past HIT or TTP", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MENTIONS),
        fc.constantFrom(...TAILS),
        fc.constantFrom("no history of ", "No history of ", "no hx of ", "denies history of "),
        fc.option(fc.integer({ min: 2000, max: 2030 }), { nil: undefined }),
        (mention, tail, cue, year) => {
          const note = year === undefined ? undefined : `${year}-12-04T00:00:00Z`;
          const kinds = index.classifyNote(text(`${cue}${mention}${tail}`), note).map((m) => m.kind);
          expect(kinds.filter((k) => NEGATED.has(k))).toEqual([]);
        },
      ),
    );
  });

  it("property: a mention read as past or now by a date is never read as both, and never twice", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...MENTIONS),
        fc.constantFrom(...TAILS),
        fc.integer({ min: 2000, max: 2030 }),
        (mention, tail, year) => {
          const kinds = index
            .classifyNote(text(`${mention}${tail}`), `${year}-12-04T00:00:00Z`)
            .map((m) => m.kind);
          expect(new Set(kinds).size).toBe(kinds.length);
          expect(kinds.includes("hit") && kinds.includes("hit-history")).toBe(false);
          expect(kinds.includes("ttp") && kinds.includes("ttp-history")).toBe(false);
        },
      ),
    );
  });
});

describe("a history or negation cue qualifies the problem it stands before, not every later one", () => {
  it.each([
    // The doubt cue directly before HIT is HIT's own: a HIT suspected now, beside the past clot.
    ["h/o DVT, possible HIT", ["hit", "thrombosis-history"]],
    ["history of DVT; suspected HIT", ["hit", "thrombosis-history"]],
    ["history of DVT, suspected HIT", ["hit", "thrombosis-history"]],
    ["prior PE, concern for HIT", ["hit", "thrombosis-history"]],
    ["h/o ITP, possible TTP", ["ttp", "itp-history"]],
    ["no DVT, possible HIT", ["hit"]],
    ["h/o DVT, r/o HIT", ["hit", "thrombosis-history"]],
    // With no other problem between, the history cue still qualifies the doubted mention.
    ["history of HIT", ["hit-history"]],
    ["History of possible HIT", ["hit-history"]],
    ["h/o suspected HIT", ["hit-history"]],
    ["no history of possible HIT", []],
    // A past HIT whose recurrence is doubted stays a past HIT (heparin stays out); "recurrence" names no kind.
    ["h/o HIT, now possible recurrence", ["hit-history"]],
    // The history cue of the earlier mention still stands: it keeps its own past reading.
    ["h/o HIT, possible DVT", ["hit-history", "thrombosis-suspected"]],
  ])("%s gives %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });

  it.each([
    // Without a doubt cue of its own, a list shares the cue before it: past clots, no clot now.
    ["h/o DVT and PE", ["thrombosis-history"]],
    ["history of DVT or PE", ["thrombosis-history"]],
    ["no DVT or PE", []],
    // The PE doubted now is no clot yet, only its suspicion; the DVT before it stays past.
    ["h/o DVT, possible PE", ["thrombosis-history", "thrombosis-suspected"]],
  ])('"%s" gives no current clot (%j)', (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });

  it.each([
    // A current cue of its own ends the history cue's reach: a new thrombosis in a patient with past HIT.
    ["h/o HIT, new DVT", ["thrombosis", "hit-history"]],
    ["history of HIT, acute PE", ["thrombosis", "hit-history"]],
    ["h/o HIT with new DVT", ["thrombosis", "hit-history"]],
    ["h/o DVT, new PE", ["thrombosis", "thrombosis-history"]],
    // With no other problem between, the cue before it still reads: a past or denied mention.
    ["history of acute PE", ["thrombosis-history"]],
    ["no new bleeding", []],
    ["h/o new-onset HIT", ["hit-history"]],
  ])("%s gives %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });

  it("a listed past HIT and TTP stay past", () => {
    expect(kindsOf("history of HIT and TTP")).toEqual(["hit-history", "ttp-history"]);
  });
});

describe("excluding, screening for and monitoring for HIT", () => {
  it.each([
    // Written by a clinician these say HIT is being considered and tested for, as "rule out HIT" does.
    ["to exclude HIT", ["hit"]],
    ["exclude HIT", ["hit"]],
    ["PF4 sent to exclude HIT", ["hit"]],
    ["cannot exclude HIT", ["hit"]],
    ["screening for HIT", ["hit"]],
    ["screen for HIT", ["hit"]],
    ["evaluate for HIT", ["hit"]],
    ["to exclude TTP", ["ttp"]],
  ])("%s gives %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });

  it.each([
    // Routine platelet monitoring on heparin is not a suspicion (ASH 2018).
    "monitoring for HIT",
    "platelet monitoring for HIT",
    "enoxaparin prophylaxis, platelet monitoring for HIT",
    "monitor for HIT",
    "HIT monitoring",
    // Past forms stay negations.
    "HIT excluded",
    "HIT was excluded",
    "excluded HIT",
    "HIT ruled out",
  ])('"%s" gives no event', (t) => {
    expect(kindsOf(t)).toEqual([]);
  });

  // A clot to be excluded is no clot, only its suspicion until the test is done.
  it('"to exclude DVT" gives a suspected clot only', () => {
    expect(kindsOf("to exclude DVT")).toEqual(["thrombosis-suspected"]);
  });

  // A clot screened for by routine is neither a clot nor a suspicion (events.yaml `screening`); a clot the screening
  // found is a clot.
  it.each([
    "screening for DVT",
    "screen for DVT: bilateral duplex ordered",
    "screened for DVT",
    "surveillance for DVT",
    "surveillance duplex for DVT",
    "DVT screening",
    "DVT prophylaxis",
    "VTE risk assessment",
  ])('"%s" names nothing', (t) => {
    expect(kindsOf(t)).toEqual([]);
  });

  it.each([
    "screening duplex: DVT found",
    "DVT found on screening duplex",
    "DVT seen on surveillance duplex",
    "screening for DVT: duplex showed left popliteal DVT",
  ])('"%s" is a clot', (t) => {
    expect(kindsOf(t)).toEqual(["thrombosis"]);
  });

  it('"DVT not seen on screening duplex" stays denied', () => {
    expect(kindsOf("DVT not seen on screening duplex")).toEqual([]);
  });
});

describe("acquired haemophilia A being ruled out is not kept (its FVIII and inhibitor results decide)", () => {
  it.each([
    "r/o acquired hemophilia",
    "rule out acquired haemophilia A",
    "mixing study to rule out inhibitor",
    "isolated prolonged aPTT, evaluate for acquired hemophilia",
    "to exclude acquired FVIII inhibitor",
  ])('"%s" gives no AHA', (t) => {
    expect(kindsOf(t)).not.toContain("aha");
  });

  it("a suspected AHA is the question, an AHA considered; charted as such it is the diagnosis", () => {
    expect(kindsOf("suspected acquired hemophilia")).toEqual(["aha-considered"]);
    expect(kindsOf("acquired hemophilia A")).toEqual(["aha"]);
  });
});

describe("the events a note can give on any date (what a concept map built once per concept holds)", () => {
  const problems = ["HIT", "TTP", "new DVT left leg", "sepsis", "superficial vein thrombosis", "ITP", "DIC"];
  const dates = ["", " 2019", " in 2026", " 11/2026", " dx 2026-12-01", " (2025)"];
  const cues = ["", "h/o ", "r/o ", "suspected ", "no ", "new "];
  const joins = ["; ", ", ", " and ", ". Also "];
  const mention = fc
    .tuple(fc.constantFrom(...cues), fc.constantFrom(...problems), fc.constantFrom(...dates))
    .map(([cue, problem, date]) => `${cue}${problem}${date}`);
  const note = fc
    .tuple(fc.array(mention, { minLength: 1, maxLength: 4 }), fc.constantFrom(...joins))
    .map(([mentions, join]) => mentions.join(join));
  /** Note dates from 2018 to 2028. */
  const noteDate = fc.integer({ min: 17_532, max: 21_184 }).map(iso);

  it("holds every kind the note gives read against any date (and against none)", () => {
    fc.assert(
      fc.property(note, fc.option(noteDate, { nil: undefined }), (t, date) => {
        const any = new Set(index.classifyAnyDate(text(t)).map((m) => m.kind));
        for (const kind of kindsOf(t, date)) expect(any, `${t} @ ${date}`).toContain(kind);
      }),
    );
  });

  it("reads a note naming a HIT and a new DVT as both, a dated HIT also as a past one", () => {
    expect(index.classify(text("HIT; new DVT left leg"))?.kind).toBe("hit");
    expect(index.classifyAnyDate(text("HIT; new DVT left leg")).map((m) => m.kind)).toEqual([
      "hit",
      "thrombosis",
    ]);
    expect(index.classifyAnyDate(text("DVT left leg; HIT in 2024")).map((m) => m.kind)).toEqual([
      "hit",
      "thrombosis",
      "hit-history",
    ]);
  });
});
