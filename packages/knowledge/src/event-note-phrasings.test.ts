/**
 * Real chart phrasings across the seven disorders and their manifestations, read as a note (every event
 * it gives, in priority order): a negated or resolved mention gives no current event, a suspected serious
 * one (HIT, TTP, ITP, DIC, AHA) never vanishes, a past HIT stays a hit-history.
 */
import { createEventIndex, type SourceConcept } from "@hemosentinel/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loadEventMap } from "./sources.js";

const index = createEventIndex(loadEventMap());
const text = (t: string): SourceConcept => ({ codings: [], text: t });
const NOTE = "2026-12-05T09:00:00Z";
const kindsOf = (t: string) => index.classifyNote(text(t), NOTE).map((m) => m.kind);

describe("a doubt written after the mention", () => {
  it.each([
    // The doubt after HIT is its own cue: the history cue before the DVT stays with the DVT.
    ["h/o DVT, HIT suspected", ["hit", "thrombosis-history"]],
    ["h/o HIT, TTP suspected", ["ttp", "hit-history"]],
    ["no DIC, TTP suspected", ["ttp"]],
    ["HIT suspected", ["hit"]],
    ["thrombocytopenia, ITP suspected", ["thrombocytopenia", "itp-considered"]],
    ["acquired hemophilia A suspected", ["aha-considered"]],
    // A suspected thrombosis is no thrombosis until imaging shows it, whichever side the doubt stands: it is read as
    // its suspicion (thrombosis-suspected).
    ["DVT suspected", ["thrombosis-suspected"]],
    ["PE suspected", ["thrombosis-suspected"]],
    ["h/o PE, DVT suspected", ["thrombosis-history", "thrombosis-suspected"]],
  ])("%s → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });

  it("a doubt after another problem's mention is not this one's", () => {
    // "suspected" belongs to the HIT, the nearest mention before it: the DVT stays a DVT now.
    const all = index.classifyAll(text("new DVT and HIT suspected"), NOTE).map((m) => m.kind);
    expect(all).toEqual(["hit", "thrombosis"]);
  });
});

describe("a negation that is itself negated: the problem stays considered", () => {
  it.each([
    ["HIT not excluded", ["hit"]],
    ["TTP cannot be excluded", ["ttp"]],
    ["TTP not ruled out", ["ttp"]],
    ["DIC not excluded", ["dic-considered"]],
    ["h/o DVT, HIT not excluded", ["hit", "thrombosis-history"]],
    ["TTP excluded, DIC not excluded", ["dic-considered"]],
    // A doubted thrombosis is still no thrombosis until imaging shows it.
    ["DVT not excluded", ["thrombosis-suspected"]],
    ["PE cannot be ruled out", ["thrombosis-suspected"]],
    // The plain negations stay negations.
    ["HIT ruled out", []],
    ["HIT not present", []],
    ["HIT suspected but excluded by SRA", []],
  ])("%s → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });

  it("with its own doubt after it, a mention is not negated across a comma", () => {
    expect(kindsOf("no longer on heparin, HIT suspected")).toEqual(["hit"]);
    // A list without a cue of its own still shares the negation.
    expect(kindsOf("no fever, chills, or bleeding")).toEqual([]);
  });
});

describe("a past problem listed after a history cue", () => {
  it("'history of DVT, HIT' is a past HIT (heparin stays out), not a HIT now", () => {
    // The comma list shares its history cue, as "h/o DVT and PE" does. Conservative both ways: heparin
    // stays out through the hit-history fact, and a charted HIT now would exclude a co-existing ITP
    // (itp.yaml differential `hit`) on an ambiguous phrase; a current HIT still shows through the 4Ts score
    // read from the record's own counts and heparin exposure.
    expect(kindsOf("history of DVT, HIT")).toEqual(["hit-history", "thrombosis-history"]);
    expect(kindsOf("h/o DVT, HIT")).toEqual(["hit-history", "thrombosis-history"]);
  });

  it("a history cue no longer reaches a problem written with its own doubt or relapse", () => {
    expect(kindsOf("history of ITP in remission, now recurrent")).toEqual(["itp"]);
    expect(kindsOf("h/o TTP, now relapsed")).toEqual(["ttp"]);
    // Without the relapse cue the past stays past (a past ITP is kept: its flare on a checkpoint inhibitor).
    expect(kindsOf("history of ITP in remission")).toEqual(["itp-history"]);
    expect(kindsOf("h/o TTP")).toEqual(["ttp-history"]);
    // A negation still wins over the relapse cue.
    expect(kindsOf("no ITP, now relapsed")).toEqual([]);
  });

  it.each([
    // A past clot is kept as a past clot (the TPO-receptor agonist labels weigh it), never a clot now.
    ["hx DVT", ["thrombosis-history"]],
    ["remote DVT", ["thrombosis-history"]],
    ["remote h/o PE", ["thrombosis-history"]],
    ["epistaxis resolved", ["bleeding-history"]],
    ["DIC resolved", []],
    ["HIT resolved", ["hit-history"]],
    ["HIT (remote)", ["hit-history"]],
    // A past bleed is kept as a history: a past brain bleed bars systemic thrombolysis (ESC 2019).
    ["h/o GIB", ["bleeding-history"]],
  ])("%s → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});

describe("a thrombosis or a bleed followed by a date, read against the note's date (5 December 2026)", () => {
  it.each([
    ["PE 2019", ["thrombosis-history"]],
    ["ICH dx 2021", ["bleeding-history"]],
    ["DVT 03/2024", ["thrombosis-history"]],
    ["PE 2019, new DVT", ["thrombosis", "thrombosis-history"]],
    // The note's own year, month or episode: as written.
    ["DVT 2026", ["thrombosis"]],
    ["DVT 12/2026", ["thrombosis"]],
    ["PE dx 2026-11-20", ["thrombosis"]],
    // A HIT keeps its own history kind; a cancer is not read by its date.
    ["HIT 2019", ["hit-history"]],
    ["lung cancer 2019", ["active-cancer"]],
  ])("%s → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });

  it("without a note date a written date never makes the mention past", () => {
    expect(index.classifyNote(text("PE 2019")).map((m) => m.kind)).toEqual(["thrombosis"]);
  });
});

describe("a HIT screen sent is HIT considered; its result is a test", () => {
  it.each([
    ["HIT screening sent", ["hit"]],
    ["HIT screen sent", ["hit"]],
    ["PF4 screen sent", ["hit"]],
    ["PF4 screening ordered", ["hit"]],
    ["HIT workup sent", ["hit"]],
    ["HIT screen negative", []],
    ["HIT screening negative", []],
    ["PF4 screen sent - negative", []],
    ["HIT screen", []],
    // A HIT test sent, pending or positive is HIT being considered (ASH 2018 tests only at intermediate or
    // high pretest probability); named alone or negative it is a test.
    ["PF4 pending", ["hit"]],
    ["PF4 sent", ["hit"]],
    ["HIT antibody sent", ["hit"]],
    ["HIT Ab pending", ["hit"]],
    ["anti-PF4 ELISA pending", ["hit"]],
    ["heparin-PF4 antibody pending", ["hit"]],
    ["4T score 6, PF4 sent", ["hit"]],
    ["SRA pending", ["hit"]],
    ["SRA positive", ["hit"]],
    ["PF4 ELISA positive, OD 1.8", ["hit"]],
    ["h/o HIT, PF4 pending", ["hit", "hit-history"]],
    ["history of PF4 positive", ["hit-history"]],
    ["PF4", []],
    ["HIT antibody", []],
    ["PF4 negative", []],
    ["HIT antibody negative", []],
    ["PF4 sent - negative", []],
    ["PF4 positive, SRA negative", []],
    ["PF4 weakly positive, HIT unlikely", []],
    ["no PF4 sent", []],
  ])("%s → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});

describe("differentials written with vs", () => {
  it.each([
    ["TTP vs DIC", ["ttp", "dic"]],
    ["DIC vs TTP", ["ttp", "dic"]],
    ["possible TTP vs DIC", ["ttp", "dic-considered"]],
    ["ITP vs drug-induced thrombocytopenia", ["itp", "thrombocytopenia"]],
    // A rule-out still scopes over both sides of the same clause for a kind it does not keep: both suspected.
    ["r/o DVT vs PE", ["thrombosis-suspected"]],
  ])("%s → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});

describe("negated, unlikely or excluded: no event", () => {
  it.each([
    "TTP unlikely given normal LDH",
    "ITP less likely",
    "DIC less likely",
    "TTP doubtful",
    "TTP not suspected",
    "low suspicion for TTP",
    "no evidence of DIC",
    "DIC panel sent",
    "HIT ruled out by SRA",
    "denies bleeding",
    "Bethesda 12 BU",
  ])("%s", (t) => {
    expect(kindsOf(t)).toEqual([]);
  });
});

describe("current problems and their manifestations as charted", () => {
  it.each([
    ["concern for TTP", ["ttp"]],
    ["FVIII inhibitor detected", ["aha"]],
    ["factor VIII inhibitor positive", ["aha"]],
    ["FVIII inhibitor assay sent", []],
    ["s/p CAR-T, now with coagulopathy", ["coagulopathy"]],
    ["PLT 8, petechiae", ["bleeding"]],
    ["rec'd IVIG for ITP", ["itp"]],
    ["DVT on apixaban", ["thrombosis"]],
    ["melena x2", ["bleeding"]],
    ["gum bleeding", ["bleeding"]],
    ["hematuria gross", ["bleeding"]],
    ["SRA positive, HIT confirmed", ["hit"]],
    ["h/o ICH, now with new DVT", ["thrombosis", "bleeding-history"]],
    ["BRBPR", ["bleeding"]],
    ["GIB", ["bleeding"]],
    ["SDH", ["bleeding"]],
    ["ICH", ["bleeding"]],
    ["new PE", ["thrombosis"]],
  ])("%s → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});

describe('a "field: answer" line answered no names no event; any other answer is read as text', () => {
  it.each([
    ["DVT: no", []],
    ["DVT: N", []],
    ["Melena: denies", []],
    ["Melena - denies", []],
    ["Bleeding: no", []],
    ["HIT: negative", []],
    ["PE: not present", []],
    ["Bleeding: no, bruising: yes", ["bleeding"]],
    ["Melena: no, hematuria: yes", ["bleeding"]],
    ["ROS: no melena, no hematuria", []],
    ["DVT: yes", ["thrombosis"]],
    ["DVT: left popliteal", ["thrombosis"]],
    ["DVT: no longer on apixaban", ["thrombosis"]],
    ["ITP no response to steroids", ["itp"]],
    ["DVT-no", ["thrombosis"]],
  ])("%s → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});

describe("a question mark before the word queries the problem", () => {
  it.each([
    // A queried thrombosis is no thrombosis before imaging, only its suspicion; a queried HIT, TTP, ITP or AHA is kept.
    ["?DVT", ["thrombosis-suspected"]],
    ["?PE", ["thrombosis-suspected"]],
    ["h/o PE, ?DVT", ["thrombosis-history", "thrombosis-suspected"]],
    ["no DVT, ?PE", ["thrombosis-suspected"]],
    ["?TTP", ["ttp"]],
    ["?HIT", ["hit"]],
    ["? ITP", ["itp-considered"]],
    ["?acquired haemophilia", ["aha-considered"]],
    ["?AHA", ["aha-considered"]],
    // A question mark that ends the word asks a question; "no" after it answers it.
    ["DVT? no", []],
    ["Bleeding? No", []],
    ["DVT? yes", ["thrombosis"]],
  ])("%s → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});

describe("acquired haemophilia A written AHA; the American Heart Association is not", () => {
  it.each([
    ["AHA suspected", ["aha-considered"]],
    ["acquired hemophilia suspected", ["aha-considered"]],
    ["AHA confirmed, FVIII 2%", ["aha"]],
    ["per ACC/AHA guidelines", []],
    ["AHA/ASA stroke guidelines", []],
    ["AHA guidelines", []],
    // A rule-out of AHA is no AHA but the question (events.yaml `ruleOutKinds`).
    ["r/o acquired hemophilia", ["aha-considered"]],
  ])("%s → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});

describe("a negation never swallows a positive clause after it", () => {
  it.each([
    ["negative for DVT, PE confirmed on CT", ["thrombosis"]],
    ["DVT excluded, PE present", ["thrombosis"]],
    ["DVT ruled out, PE", ["thrombosis"]],
    ["no evidence of DIC, TTP likely", ["ttp"]],
    ["not TTP, likely ITP", ["itp"]],
    ["no signs of bleeding, ITP on steroids", ["itp"]],
    ["denies melena or hematemesis, has epistaxis", ["bleeding"]],
    ["without bleeding, thrombocytopenia grade 4", ["thrombocytopenia"]],
    ["no petechiae, bruising present", ["bleeding"]],
    ["no hx of bleeding, now with GI bleed", ["bleeding"]],
    ["TTP ruled out; ITP suspected", ["itp-considered"]],
    // A list shares its cue; the negation of the whole stays.
    ["no fever, chills, or bleeding", []],
    ["no petechiae, purpura or bruising present", []],
    ["no haematuria, epistaxis", []],
    ["less likely ITP", []],
    ["ITP less likely", []],
    // A study's negative result written before its name is the clot ruled out at its site: no clot.
    ["no DVT on duplex", ["thrombosis-ruled-out"]],
    ["negative for DVT (LE doppler)", ["thrombosis-ruled-out"]],
    ["DVT ruled out", []],
    ["negative for PE", []],
    ["history of DVT with PE", ["thrombosis-history"]],
  ])("%s → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});

describe("a past ITP with evidence that it is active now", () => {
  it.each([
    // Treated now: the problem behind "s/p <treatment> for" is what was treated.
    ["s/p IVIG for ITP", ["itp"]],
    ["s/p steroids for ITP", ["itp"]],
    ["s/p PLEX for TTP", ["ttp"]],
    ["h/o ITP on eltrombopag", ["itp"]],
    // A count below 100 x10^9/L after it (IWG 2009), per nanolitre or per microlitre.
    ["h/o ITP, platelets now 8", ["itp"]],
    ["h/o ITP, plt 15", ["itp"]],
    ["h/o ITP, platelets now 99", ["itp"]],
    ["h/o ITP, platelets 45,000", ["itp"]],
    ["h/o ITP, platelets 8000", ["itp"]],
    // Past without it.
    ["h/o ITP", ["itp-history"]],
    ["h/o ITP, platelets now 100", ["itp-history"]],
    ["h/o ITP, platelets now 250", ["itp-history"]],
    ["h/o ITP, platelets 150,000", ["itp-history"]],
    ["prior IVIG for ITP", ["itp-history"]],
    ["h/o splenectomy for ITP", ["itp-history"]],
    ["s/p splenectomy for ITP", ["itp-history"]],
    ["status post laparoscopic splenectomy for ITP", ["itp-history"]],
    ["s/p splenectomy for ITP, platelets now 12", ["itp"]],
    // A procedure for a clot or a bleed is the old episode (a clot now would be anticoagulated).
    ["s/p thrombectomy for PE", ["thrombosis-history"]],
    ["s/p embolization for GI bleed", ["bleeding-history"]],
    ["status post IVC filter for DVT", ["thrombosis-history"]],
    ["ITP in remission", ["itp-history"]],
    // Only ITP is read by its count or an ITP drug; a past clot stays past.
    ["h/o DVT, on eltrombopag", ["thrombosis-history"]],
    ["h/o DVT, platelets 20", ["thrombosis-history"]],
    ["history of PE on apixaban", ["thrombosis-history"]],
    ["hx DVT on rivaroxaban", ["thrombosis-history"]],
    ["s/p platelet transfusion", []],
  ])("%s → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});

describe("spellings, plurals and phrasings clinicians write", () => {
  it.each([
    ["immune thrombocytopaenia", ["itp"]],
    ["thrombocytopenia likely immune-mediated", ["itp"]],
    ["thrombocytopenia presumed immune", ["itp"]],
    ["thrombocytopenia, no immune cause found", ["thrombocytopenia"]],
    ["plts 12, likely ITP", ["itp"]],
    ["HIT excluded, ITP likely", ["itp"]],
    ["no DIC, no TTP, ITP", ["itp"]],
    ["immune thrombocytopaenic purpura", ["itp"]],
    ["thrombocytopaenia", ["thrombocytopenia"]],
    ["thrombotic thrombocytopaenic purpura", ["ttp"]],
    ["severe ADAMTS13 deficiency", ["ttp"]],
    ["r/o TTP, ADAMTS13 pending", ["ttp"]],
    ["ADAMTS13 pending", ["ttp"]],
    ["ADAMTS13 activity 45%", []],
    ["bilateral PEs", ["thrombosis"]],
    ["segmental PE", ["thrombosis"]],
    ["concern for DIC", ["dic-considered"]],
    ["Evans syndrome suspected", ["itp-considered"]],
    ["CRS grade 2", ["crs"]],
    ["CRS grade 2 resolved", []],
    ["bleeding from port site", ["bleeding"]],
    ["oozing from port site", ["bleeding"]],
    ["epistaxis requiring packing", ["bleeding"]],
    ["hematuria 2+ on dip", ["bleeding"]],
    ["coffee-ground vomit", ["bleeding"]],
    ["black tarry stools", ["bleeding"]],
    ["heavy periods", ["bleeding"]],
    ["blood blisters in mouth", ["bleeding"]],
    // Work-up and risk words name no event; a DIC work-up is the question, no DIC (events.yaml `ruleOutKinds`).
    ["hemolysis labs sent", []],
    ["hemolysis panel", []],
    ["DIC labs sent", ["dic-considered"]],
    ["TTP labs sent", ["ttp"]],
    ["bleeding precautions", []],
  ])("%s → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});

describe("a problem of its own beside the diagnosis of its clause", () => {
  it.each([
    // A clot, a major bleed, an autoimmune haemolysis (Evans with ITP) or a second haemostatic or CAR-T
    // diagnosis is not a manifestation the first diagnosis stands for.
    ["ITP with DVT", ["itp", "thrombosis"]],
    ["ITP and PE", ["itp", "thrombosis"]],
    ["HIT with DVT", ["hit", "thrombosis"]],
    ["ITP with ICH", ["itp", "bleeding"]],
    ["ITP and AIHA", ["itp", "hemolysis"]],
    ["AIHA + ITP", ["itp", "hemolysis"]],
    ["CRS with DIC", ["dic", "crs"]],
    // Manifestations stay under their diagnosis; HUS and sepsis are causes the differentials weigh.
    ["DIC with bleeding and thrombocytopenia", ["dic"]],
    ["TTP with hemolysis", ["ttp"]],
    ["ITP with GI bleed", ["itp"]],
    ["TTP/HUS", ["ttp"]],
    ["DIC secondary to sepsis", ["dic"]],
    // Under a charted abnormality (no diagnosis) every kind is its own evidence: the thrombocytopenia
    // stands in for the missing count beside the bleed or the haemolysis.
    ["thrombocytopenia with petechiae", ["bleeding", "thrombocytopenia"]],
    ["anemia, thrombocytopenia, hemolysis", ["hemolysis", "thrombocytopenia", "anemia"]],
    ["PE, hemoptysis", ["thrombosis", "bleeding"]],
    ["DVT with bleeding", ["thrombosis", "bleeding"]],
  ])("%s → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});

/** Kinds with their qualifiers ("itp:evans"), for readings whose qualifier is the point. */
const readOf = (t: string) =>
  index
    .classifyNote(text(t), NOTE)
    .map((m) => (m.qualifiers.length > 0 ? `${m.kind}:${m.qualifiers.join("+")}` : m.kind));

describe("schistocytes charted on the smear are the microangiopathy (ISTH 2020, ICSH 2012)", () => {
  it.each([
    ["thrombocytopenia, schistocytes on smear", ["hemolysis:microangiopathic", "thrombocytopenia"]],
    ["thrombocytopaenia, schistocytes on smear", ["hemolysis:microangiopathic", "thrombocytopenia"]],
    ["thrombocytopenia, MAHA", ["hemolysis:microangiopathic", "thrombocytopenia"]],
    ["MAHA with thrombocytopenia", ["hemolysis:microangiopathic", "thrombocytopenia"]],
    ["thrombocytopenia, schistocytes 3%", ["hemolysis:microangiopathic", "thrombocytopenia"]],
    ["thrombocytopenia, fragmented RBCs", ["hemolysis:microangiopathic", "thrombocytopenia"]],
    ["red cell fragments on the blood film", ["hemolysis:microangiopathic"]],
    ["schistocytosis", ["hemolysis:microangiopathic"]],
    ["schistocytes 2+ on smear", ["hemolysis:microangiopathic"]],
    ["helmet cells and fragmentocytes", ["hemolysis:microangiopathic"]],
    // None, rare or below 1 % of red cells (the ICSH reference range): no microangiopathy.
    ["no schistocytes", []],
    ["schistocytes negative", []],
    ["schistocytes: none", []],
    ["smear without schistocytes", []],
    ["rare schistocytes", []],
    ["occasional schistocytes", []],
    ["schistocytes: rare", []],
    ["schistocytes: none seen", []],
    ["smear reviewed, no schistocytes", []],
    ["peripheral smear with schistocytes", ["hemolysis:microangiopathic"]],
    ["smear: schistocytes 1+", ["hemolysis:microangiopathic"]],
    ["schistocytes 0.5%", []],
    ["thrombocytopenia, no schistocytes on smear", ["thrombocytopenia"]],
  ])("%s → %j", (t, kinds) => {
    expect(readOf(t)).toEqual(kinds);
  });
});

describe("the eponym Evans alone, read only as the disorder in disorder context", () => {
  it.each([
    ["Evans suspected", ["itp-considered:evans"]],
    ["?Evans", ["itp-considered:evans"]],
    ["? Evans", ["itp-considered:evans"]],
    ["Evans' syndrome likely", ["itp:evans"]],
    ["Evans likely", ["itp:evans"]],
    ["probable Evans", ["itp-considered:evans"]],
    ["concern for Evans", ["itp-considered:evans"]],
    ["DAT positive, consistent with Evans", ["itp:evans"]],
    ["Evans phenomenon", ["itp:evans"]],
    ["likely Evans syndrome", ["itp:evans"]],
    ["Mr Evans presents with possible ITP", ["itp-considered"]],
    ["Evans, ITP", ["itp"]],
    // A surname: a title, "by", "with" or no disorder cue.
    ["seen by Evans", []],
    ["seen by Dr Evans", []],
    ["Dr Evans", []],
    ["Evans", []],
    ["discussed with Evans, ?ITP", ["itp-considered"]],
    ["d/w Dr. Evans, ITP likely", ["itp"]],
    ["Dr Evans suspected ITP", ["itp-considered"]],
    // The cue after the name belongs to the mention it introduces.
    ["Evans suspected ITP", ["itp-considered"]],
    ["Prof Evans: possible TTP", ["ttp"]],
    // Denied or past: no Evans now.
    ["Evans unlikely", []],
    ["Evans syndrome ruled out", []],
    ["h/o Evans", ["itp-history:evans"]],
  ])("%s → %j", (t, kinds) => {
    expect(readOf(t)).toEqual(kinds);
  });
});

describe("a status written after a comma is the status of the problem before it", () => {
  it.each([
    ["ITP, resolved", ["itp-history"]],
    ["ITP - resolved", ["itp-history"]],
    ["ITP (resolved)", ["itp-history"]],
    ["ITP: resolved", ["itp-history"]],
    ["ITP, in remission", ["itp-history"]],
    ["TTP, in remission", ["ttp-history"]],
    ["iTTP, in remission", ["ttp-history"]],
    ["HIT, resolved", ["hit-history"]],
    ["DVT, resolved", ["thrombosis-history"]],
    ["ITP, resolved, platelets 250", ["itp-history"]],
    ["ITP, now resolved", ["itp-history"]],
    ["TTP, remission", ["ttp-history"]],
    ["DIC, resolved", []],
    ["ITP, resolved. New DVT", ["thrombosis", "itp-history"]],
    // Current: a count, a relapse or an ITP drug after it, or a status that is not past.
    ["ITP, platelets 8", ["itp"]],
    ["ITP, resolved, platelets now 8", ["itp"]],
    ["TTP, in remission, now relapsed", ["ttp"]],
    ["ITP, in remission on eltrombopag", ["itp"]],
    ["ITP, refractory", ["itp"]],
    ["ITP, on steroids", ["itp"]],
    // The status belongs to the last problem only.
    ["HIT, DVT resolved", ["hit", "thrombosis-history"]],
    ["TTP, DIC resolved", ["ttp"]],
  ])("%s → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});

describe("phrasings of published case reports and notes, both directions", () => {
  it.each([
    // TTP and TMA
    ["concern for iTTP", ["ttp"]],
    ["suspected aTTP", ["ttp"]],
    ["acquired TTP after nivolumab", ["ttp"]],
    ["immune-mediated TTP", ["ttp"]],
    ["immune-mediated thrombotic thrombocytopenic purpura", ["ttp"]],
    ["thrombotic thrombocytopenic purpura (TTP)", ["ttp"]],
    ["new thrombocytopenia with MAHA, TTP suspected", ["ttp"]],
    ["r/o TTP", ["ttp"]],
    ["r/o TTP - ADAMTS13 sent", ["ttp"]],
    ["ADAMTS13 sent prior to PLEX", ["ttp"]],
    ["TTP unlikely given PLASMIC 4", []],
    ["PLASMIC score 7", []],
    ["ICI-associated TMA", ["ttp"]],
    ["DITMA", ["ttp"]],
    ["TMA ruled out", []],
    ["no evidence of TMA", []],
    ["aHUS", ["hus"]],
    ["atypical HUS", ["hus"]],
    ["h/o iTTP in remission", ["ttp-history"]],
    ["h/o TTP, now relapsed", ["ttp"]],
    // ITP
    ["irITP", ["itp"]],
    ["ICI-ITP", ["itp"]],
    ["ICI-induced ITP", ["itp"]],
    ["immune thrombocytopenic purpura", ["itp"]],
    ["immune thrombocytopenia (ITP)", ["itp"]],
    ["newly diagnosed ITP", ["itp"]],
    ["chronic ITP", ["itp"]],
    ["remote h/o ITP", ["itp-history"]],
    ["ITP resolved with steroids", ["itp-history"]],
    ["grade 4 thrombocytopenia", ["thrombocytopenia"]],
    ["chemo-induced thrombocytopenia", ["thrombocytopenia"]],
    // Acquired haemophilia A
    ["acquired hemophilia A", ["aha"]],
    ["acquired haemophilia A", ["aha"]],
    ["acquired hemophilia", ["aha"]],
    ["factor VIII inhibitor detected", ["aha"]],
    ["FVIII inhibitor", []],
    ["r/o acquired hemophilia", ["aha-considered"]],
    ["AHA guidelines", []],
    ["mixing study did not correct", []],
    // DIC and CAR-T coagulopathy
    ["overt DIC", ["dic"]],
    ["consumptive coagulopathy", ["dic"]],
    ["DIC unlikely", []],
    ["CARAC", ["coagulopathy"]],
    ["CAR-T associated coagulopathy", ["coagulopathy"]],
    ["no CARAC", []],
    ["IEC-HS", ["hlh"]],
    ["carHLH", ["hlh"]],
    ["CRS grade 2", ["crs"]],
    ["ICANS grade 3", ["icans"]],
    // Thrombosis, both directions
    ["PE ruled out", []],
    ["no PE", []],
    // A study that rules the clot out is a ruled-out event of its site (it settles an earlier suspicion there).
    ["CTPA negative for PE", ["thrombosis-ruled-out"]],
    ["LE doppler negative for DVT", ["thrombosis-ruled-out"]],
    ["no evidence of DVT", []],
    ["r/o DVT", ["thrombosis-suspected"]],
    ["DVT left leg", ["thrombosis"]],
    ["LLE DVT", ["thrombosis"]],
    ["submassive PE", ["thrombosis"]],
    // HIT, both directions
    ["rule out HIT", ["hit"]],
    ["r/o HIT", ["hit"]],
    ["suspected HIT", ["hit"]],
    ["PF4 positive", ["hit"]],
    ["PF4 negative", []],
    ["SRA negative", []],
    ["HIT antibody positive, SRA pending", ["hit"]],
    // Bleeding
    ["GI bleed", ["bleeding"]],
    ["SDH", ["bleeding"]],
    ["wet purpura", ["bleeding"]],
    ["mucosal bleeding", ["bleeding"]],
  ])("%s → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});

describe("a value written after a test or score name, read against its guideline's threshold", () => {
  it.each([
    // FVIII inhibitor of 0.6 Bethesda units or more (Tiede 2020).
    ["FVIII inhibitor 12 BU", ["aha"]],
    ["Bethesda titer 20 BU", ["aha"]],
    ["Bethesda titre of 1.2 BU/mL", ["aha"]],
    ["factor VIII inhibitor titer 45 BU", ["aha"]],
    ["FVIII inhibitor 0.6 BU", ["aha"]],
    ["FVIII inhibitor 0.5 BU", []],
    ["FVIII inhibitor <0.6 BU", []],
    ["FVIII inhibitor negative", []],
    ["FVIII inhibitor pending", []],
    // ISTH overt-DIC score of 5 or more (Taylor 2001).
    ["DIC score 6", ["dic"]],
    ["DIC score 5", ["dic"]],
    ["ISTH DIC score of 7", ["dic"]],
    ["DIC score 4", []],
    ["no DIC, DIC score 3", []],
    // ADAMTS13 activity below 10 % (Zheng 2020).
    ["ADAMTS13 <5%", ["ttp"]],
    ["ADAMTS13 activity 3%", ["ttp"]],
    ["ADAMTS13 activity 9.9%", ["ttp"]],
    ["ADAMTS-13 activity <10%", ["ttp"]],
    ["platelets 12, ADAMTS13 2%, inhibitor 3 BU", ["ttp"]],
    ["ADAMTS13 activity 10%", []],
    ["ADAMTS13 activity 45%", []],
    ["ADAMTS13 >100%", []],
    // A decimal comma, as European reports write it: both sides of each cut-off.
    ["FVIII inhibitor 0,6 BU", ["aha"]],
    ["FVIII inhibitor 0,5 BU", []],
    ["FVIII inhibitor <0,6 BU", []],
    ["ADAMTS13 activity 9,9 %", ["ttp"]],
    ["ADAMTS13 activity 10,0 %", []],
    // Three digits after the comma: a thousands group or decimals; either reading meeting the cut-off names it.
    ["FVIII inhibitor 1,200 BU", ["aha"]],
    // A comma and a space end the value: "10, 5 days later" is 10.
    ["ADAMTS13 activity 10, 5 days later", []],
    // A flag printed after the value does not change it.
    ["ADAMTS13 activity 4 L %", ["ttp"]],
    ["ADAMTS13 activity 4.0*", ["ttp"]],
    ["FVIII inhibitor 12 H BU", ["aha"]],
  ])("%s → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});

describe("a written value with a decimal point or comma (property)", () => {
  it("names the rule on the same side of the cut-off whichever mark the decimals are written with", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 30 }),
        fc.stringMatching(/^\d{1,2}$/),
        fc.constantFrom(".", ","),
        (whole, decimals, mark) => {
          const value = Number(`${whole}.${decimals}`);
          const fviii = `FVIII inhibitor ${whole}${mark}${decimals} BU`;
          expect(kindsOf(fviii), fviii).toEqual(value >= 0.6 ? ["aha"] : []);
          const adamts13 = `ADAMTS13 activity ${whole}${mark}${decimals} %`;
          expect(kindsOf(adamts13), adamts13).toEqual(value < 10 ? ["ttp"] : []);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("a pulmonary embolism with haemodynamic instability in words (ESC 2019 high-risk PE)", () => {
  const pe = (t: string) =>
    index.classifyNote(text(t), NOTE).find((m) => m.kind === "thrombosis")?.qualifiers ?? [];
  it.each([
    "Massive PE with cardiogenic shock",
    "PE, obstructive shock",
    "high-risk PE",
    "ESC high-risk pulmonary embolism",
    "PE with hypotension requiring vasopressors",
    "haemodynamically unstable PE",
    "hemodynamically unstable pulmonary embolism",
    "PE with cardiac arrest",
    "PE, PEA arrest, ROSC after 10 min",
    "massive bilateral PE",
    "Acute PE. Hypotensive, on noradrenaline.",
    "new PE, in shock",
    "PE and DVT, haemodynamic instability",
  ])("%s → a PE with haemodynamic instability", (t) => {
    expect(pe(t)).toEqual(expect.arrayContaining(["pulmonary-embolism", "hemodynamic-instability"]));
  });

  it.each([
    // Denied, excluded, doubted, at risk or past: no instability now.
    "PE, no shock",
    "PE, shock excluded",
    "PE without hypotension or shock",
    "PE, not hypotensive",
    "PE, ?shock",
    "PE, possible shock",
    "PE, at risk of cardiac arrest",
    "PE, h/o cardiac arrest",
    "PE, haemodynamically stable",
    // Stable by the guideline's own classes.
    "submassive PE",
    "sub-massive PE",
    "intermediate-high risk PE",
    "low-risk PE",
    "saddle PE with RV strain",
    // Risk of bleeding, an orthostatic fall or a shock index is no instability.
    "PE, high risk for bleeding",
    "PE, orthostatic hypotension",
    "PE, shock index 0.8",
    // A shock another cause explains (ESC: not caused by sepsis or hypovolaemia; CRS after CAR-T).
    "PE with septic shock",
    "PE; sepsis with hypotension",
    "PE; CRS grade 2 with hypotension",
    "PE, hypovolaemic shock from GI bleed",
  ])("%s → a PE without haemodynamic instability", (t) => {
    const q = pe(t);
    expect(q).toContain("pulmonary-embolism");
    expect(q).not.toContain("hemodynamic-instability");
  });

  it.each([
    ["DVT with shock", ["thrombosis", "shock"]],
    ["septic shock", ["sepsis"]],
    ["history of massive PE 2019", ["thrombosis-history"]],
    ["h/o massive PE with shock", ["thrombosis-history"]],
  ])("%s → %j, no PE with instability", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
    expect(pe(t)).not.toContain("hemodynamic-instability");
    // A past PE keeps no instability either: the emergency was then.
    const past = index.classifyNote(text(t), NOTE).find((m) => m.kind === "thrombosis-history");
    expect(past?.qualifiers ?? []).not.toContain("hemodynamic-instability");
  });
});

describe("neurological events (TTP organ involvement)", () => {
  const neuro = (t: string) =>
    index.classifyNote(text(t), NOTE).find((m) => m.kind === "neurologic-event")?.qualifiers;
  it.each([
    ["TTP with seizures", ["seizure"]],
    ["TTP complicated by stroke", ["stroke"]],
    ["TTP with confusion", ["confusion"]],
    ["iTTP, altered mental status", ["confusion"]],
    ["AMS", ["confusion"]],
    ["encephalopathy", ["encephalopathy"]],
    ["CVA", ["stroke"]],
    ["TIA", ["focal-deficit", "tia"]],
    ["right hemiparesis and aphasia", ["focal-deficit"]],
    ["comatose", ["coma"]],
  ])("%s → %j", (t, qualifiers) => {
    expect(neuro(t)).toEqual(qualifiers);
  });

  it.each([
    "no confusion",
    "alert and oriented, no focal deficit",
    "seizure disorder on levetiracetam",
    "history of seizures",
    "hepatic encephalopathy",
    "NIH stroke scale 0",
    "apixaban for stroke prevention",
    "AHA/ASA stroke guidelines",
    "heat stroke",
  ])("%s → no neurological event", (t) => {
    expect(neuro(t)).toBeUndefined();
  });

  it("an ischaemic stroke stays an arterial thrombosis and a haemorrhagic stroke an intracranial bleed", () => {
    expect(kindsOf("acute ischemic stroke")).toEqual(["thrombosis"]);
    expect(kindsOf("hemorrhagic stroke")).toEqual(["bleeding"]);
  });
});

describe("a relative's event is not the patient's (another experiencer)", () => {
  it.each([
    // A family-history header or a relative as the subject: the relative's event.
    ["Mother died of PE", []],
    ["mother died from pulmonary embolism", []],
    ["FHx: brother died of intracranial haemorrhage", []],
    ["FH: sister with ITP", []],
    ["Family hx: father DVT at 50", []],
    ["Family history: father DVT at 50", []],
    ["father had a DVT at 50", []],
    ["his mother has ITP", []],
    ["sister's ITP", []],
    ["parents had DVTs", []],
    ["aunt developed PE after surgery", []],
    ["uncle diagnosed with TTP", []],
    // The header or the relative reaches to the clause's end only: the patient's own event after it is read.
    ["FHx: father DVT. New PE on CT", ["thrombosis"]],
    ["mother died of PE; patient with acute DVT", ["thrombosis"]],
    // A relative as reporter or companion: the event is the patient's.
    ["mother reports melena", ["bleeding"]],
    ["per his mother, he had epistaxis", ["bleeding"]],
    ["seen with daughter, bleeding gums", ["bleeding"]],
    ["brought in by mother with hematemesis", ["bleeding"]],
    ["son noticed petechiae on his legs", ["bleeding"]],
    // "With": the relative's, unless a companion word stands before the relative.
    ["father with DVT at 50", []],
    ["his sister with ITP", []],
    ["brothers with hemophilia and DVT", []],
    ["brought in by his mother with hematemesis", ["bleeding"]],
    ["accompanied by daughter with epistaxis", ["bleeding"]],
    ["presents with mother with melena", ["bleeding"]],
    // The same phrases with no relative: the patient's.
    ["died of PE", ["thrombosis"]],
    ["had a DVT at 50", ["thrombosis"]],
    ["ITP", ["itp"]],
  ])("%s → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });

  it.each([
    // A relative who noticed, saw or found the event is its witness: the patient's bleed.
    ["mother had noticed bleeding gums", ["bleeding"]],
    ["mother had bleeding gums", []],
    ["his wife has seen blood in his stool", ["bleeding"]],
    ["his wife has blood in her stool", []],
    ["husband has found petechiae on her legs", ["bleeding"]],
    ["husband has petechiae", []],
    ["dad had observed bruising on his arms", ["bleeding"]],
    ["dad had bruising", []],
    ["his wife had seen melena", ["bleeding"]],
    // Everyday names, a spouse or a partner, and "passed away": the relative's event.
    ["mum passed away from PE", []],
    ["passed away from PE", ["thrombosis"]],
    ["mom has ITP", []],
    ["partner had a PE", []],
    ["spouse diagnosed with TTP", []],
    ["wife with ITP", []],
    // The same people as companions: the patient's.
    ["brought in by wife with melena", ["bleeding"]],
    ["accompanied by husband with epistaxis", ["bleeding"]],
    ["seen with partner, bleeding gums", ["bleeding"]],
  ])("%s → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});

describe("a family-history header reaches its sentence, never an empty section's next part", () => {
  it.each([
    // An empty or denied section ends at its first comma: the patient's bleed after it is read.
    ["FHx non-contributory, bleeding gums", ["bleeding"]],
    ["Family history: noncontributory, melena x2 days", ["bleeding"]],
    ["Family history: noncontributory. Melena x2 days", ["bleeding"]],
    ["FHx: unremarkable, epistaxis", ["bleeding"]],
    ["FHx: nil, epistaxis", ["bleeding"]],
    ["FHx negative, melena", ["bleeding"]],
    ["Family history: negative for bleeding disorders, melena", ["bleeding"]],
    // A section with content reaches to its sentence's end, across commas.
    ["FHx: mother ITP, bleeding gums", []],
    ["FHx: father DVT at 50, mother PE, brother ITP", []],
    ["Family history: father DVT at 50", []],
    // A relative named after the empty part is still the relative.
    ["FHx: negative for bleeding disorders, mother PE", []],
    // The sentence ends the reach, as do a terminator and a word naming the patient.
    ["FHx: mother had ITP. Epistaxis", ["bleeding"]],
    ["FHx: father DVT; melena", ["bleeding"]],
    ["FHx: mother ITP, but patient has epistaxis", ["bleeding"]],
    ["FHx: mother ITP, patient with epistaxis", ["bleeding"]],
    ["Family history: father DVT. Patient with melena", ["bleeding"]],
    // A relative's own verbs and the patient's possessive keep the relative's event.
    ["FHx: mother presented with PE at 50", []],
    ["FHx: patient's mother ITP", []],
    ["FHx: mother ITP, patient's sister DVT", []],
  ])("%s → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });

  it.each([
    // A header alone on its line reaches the lines beneath it while each names a relative.
    ["Family history:\nMother: DVT", []],
    ["Family history:\r\nMother: DVT", []],
    ["Family history:\nMother: DVT\nFather: PE at 60", []],
    ["Family history:\nMaternal aunt - PE\nBrother: ITP", []],
    ["FHx: father DVT\nMother: PE", []],
    // A blank line, a line naming no relative, another section or a reporter ends it.
    ["Family history:\nMother: DVT\n\nMelena x2 days", ["bleeding"]],
    ["Family history:\nMother: DVT\nMelena x2 days", ["bleeding"]],
    ["Family history:\nMother: DVT\nSocial history: nonsmoker, melena", ["bleeding"]],
    ["Family history:\nMother reports melena", ["bleeding"]],
    ["Family history:\nMother: DVT. Melena x2 days", ["bleeding"]],
    // Without a header above, a line is read as written.
    ["Melena x2 days\nEpistaxis", ["bleeding"]],
    // A relative's field answers for the relative, with or without a header; its comma part only.
    ["Mother: DVT", []],
    ["His mother: PE at 60", []],
    ["Maternal aunt - PE", []],
    ["Melena x2 days. Mother: DVT", ["bleeding"]],
    ["Mother: DVT, melena x2 days", ["bleeding"]],
    ["Wife: reports melena", ["bleeding"]],
    ["Dad: patient had epistaxis", ["bleeding"]],
    ["Seen with wife: melena", ["bleeding"]],
  ])("%j → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});

describe("a relative after the mention is its experiencer", () => {
  it.each([
    ["DVT in mother", []],
    ["PE in his father", []],
    ["ITP in both sisters", []],
    // A body site or a comma keeps the patient's.
    ["DVT in left leg", ["thrombosis"]],
    ["DVT in mother, PE", ["thrombosis"]],
  ])("%s → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});

describe("a past-medical-history section names past clots and bleeds", () => {
  it.each([
    // Its sentence or line: a past clot, as behind "history of".
    ["PMH: DVT", ["thrombosis-history"]],
    ["Past medical history: PE 2019, HTN", ["thrombosis-history"]],
    ["Past medical history: HTN, PE", ["thrombosis-history"]],
    ["PMHx: DVT", ["thrombosis-history"]],
    ["Past history: PE", ["thrombosis-history"]],
    ["PMH: HTN; DM; DVT", ["thrombosis-history"]],
    ["PMH: GI bleed", ["bleeding-history"]],
    // A header alone on its line reaches the lines beneath it.
    ["Past medical history:\n- DVT\n- HTN", ["thrombosis-history"]],
    ["PMH:\nHTN\nDVT", ["thrombosis-history"]],
    ["PMH:\n- HTN\n- DVT 2019", ["thrombosis-history"]],
    ["PMH:\nHTN\nPresents today with swelling, DVT confirmed", ["thrombosis"]],
    ["PMH:\nHTN\nDVT noted on ultrasound", ["thrombosis"]],
    ["PMH:\nHTN\nAdmitted with melena", ["bleeding"]],
    // The sentence, a blank line, another section, the patient, a current cue or a relapse ends it.
    ["PMH: DVT. Acute PE on CT today", ["thrombosis", "thrombosis-history"]],
    ["PMH: HTN. HPI: new DVT", ["thrombosis"]],
    ["PMH: HTN HPI: DVT", ["thrombosis"]],
    ["PMH:\nHTN\nHPI: DVT", ["thrombosis"]],
    ["PMH:\nHTN\nAssessment: PE", ["thrombosis"]],
    ["PMH:\nHTN\nPlan: anticoagulate DVT", ["thrombosis"]],
    ["Past medical history:\nHTN\n\nMelena x2 days", ["bleeding"]],
    ["PMH:\nDVT. Presents with PE", ["thrombosis", "thrombosis-history"]],
    ["PMH: none, melena", ["bleeding"]],
    ["PMH: HTN, acute PE", ["thrombosis"]],
    ["PMH: HTN, patient presents with DVT", ["thrombosis"]],
    ["PMH: DVT, now recurrent", ["thrombosis"]],
    // The present illness and a family history are not a past-history section.
    ["HPI: DVT", ["thrombosis"]],
    ["History of present illness: DVT", ["thrombosis"]],
    ["Family medical history: none, DVT", ["thrombosis"]],
    // A standing state listed there stays: a valve, a transplant.
    ["PMH: mechanical AVR", ["prosthetic-heart-valve"]],
    ["PMH: kidney transplant", ["transplant"]],
  ])("%j → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });

  it.each([
    // A list line beneath a bare header that reads as a new event stays current.
    ["PMH:\nHTN\nnew DVT", ["thrombosis"]],
    ["PMH:\nHTN\nacute PE", ["thrombosis"]],
    ["PMH:\nHTN\nDVT today", ["thrombosis"]],
    // A date after a listed entry decides as it does outside the section (30 days before the note's 5 December).
    ["PMH:\nHTN\nDVT 2026-12-03", ["thrombosis"]],
    ["PMH: DVT 2026-12-03", ["thrombosis"]],
    ["PMH:\nHTN\nDVT 2026-11-05", ["thrombosis"]],
    ["PMH:\nHTN\nDVT 2026-11-04", ["thrombosis-history"]],
    ["PMH: HTN, DVT 11/2026", ["thrombosis"]],
    ["PMH: HTN, DVT 10/2026", ["thrombosis-history"]],
    ["PMH: DVT 2025", ["thrombosis-history"]],
    // An operation followed by a date is read against the note's date too.
    ["Right hemicolectomy 2015", []],
    ["Right hemicolectomy 2026-12-03", ["surgery"]],
    ["Exploratory laparotomy", ["surgery"]],
    // "s/p" says an operation was done; a date after it says when.
    ["s/p craniotomy 2026-12-03", ["surgery"]],
    ["Status post exploratory laparotomy on 2026-12-01", ["surgery"]],
    ["s/p right hemicolectomy 2026-10-01", []],
    ["s/p right hemicolectomy", []],
    ["s/p laparotomy 2015", []],
    ["PMH:\nHTN\nDVT", ["thrombosis-history"]],
    // Dates in an all-capital list are no shouting: the abbreviations are still read.
    ["PMH: DVT 2026-11-01", ["thrombosis-history"]],
    ["PMH:\nHIT 2019\nTTP 2015", ["hit-history", "ttp-history"]],
    // A word that the problem is under way, in its own comma part or as the whole next one.
    ["PMH:\nHTN\nDVT, active", ["thrombosis"]],
    ["PMH:\nHTN\nongoing DVT", ["thrombosis"]],
    ["PMH:\nHTN\nrecent PE", ["thrombosis"]],
    ["PMH: DVT (current), HTN", ["thrombosis"]],
    ["PMH: HTN, DVT, active", ["thrombosis"]],
    // Another entry's ("current smoker") leaves the clot past.
    ["PMH: DVT, current smoker", ["thrombosis-history"]],
    ["PMH: DVT, HTN, active smoker", ["thrombosis-history"]],
    ["PMH:\nDVT, current smoker", ["thrombosis-history"]],
    ["PMH:\nDVT\nactive smoker", ["thrombosis-history"]],
  ])("a dated or new entry: %j → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });

  it.each([
    // A past-surgical-history section is a past-history section.
    ["PSH: appendectomy, IVC filter for PE", ["thrombosis-history"]],
    ["Past surgical history:\nIVC filter for PE", ["thrombosis-history"]],
    ["PSH:\nCholecystectomy\nPE", ["thrombosis-history"]],
    ["PSH: evacuation of SDH", ["bleeding-history"]],
    // An old operation or perforation listed there sets no recent-surgery window; a recent date keeps it.
    ["PSH: exploratory laparotomy", []],
    ["PSH:\nHTN\nright hemicolectomy", []],
    ["PSH: perforated duodenal ulcer", []],
    ["PSH: right hemicolectomy 2026-12-01", ["surgery"]],
    ["PSH: right hemicolectomy 2026-11-04", []],
    ["Surgical history: thrombectomy for DVT", ["thrombosis-history"]],
    // Its end: a blank line, another section, a new event.
    ["PSH:\nappendectomy\n\nMelena x2 days", ["bleeding"]],
    ["PSH: appendectomy. HPI: acute PE", ["thrombosis"]],
    ["PSH:\nappendectomy\nacute PE", ["thrombosis"]],
    // A social history ends a past-medical or family history above it.
    ["PMH: DVT\nSH: smoker, melena", ["bleeding", "thrombosis-history"]],
    ["PMH:\nDVT\nSH: melena", ["bleeding", "thrombosis-history"]],
    ["PMH:\nDVT\nmelena", ["bleeding-history", "thrombosis-history"]],
    ["Family history:\nMother: DVT\nSH: melena", ["bleeding"]],
    // A family-history line with no relative after it ends the section: the patient's bleed.
    ["Family history: mother DVT.\nPresents with melena", ["bleeding"]],
    ["Family history: mother DVT\nMelena x2 days", ["bleeding"]],
    ["Family history: mother DVT\nFather: PE", []],
  ])("sections: %j → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });

  it.each([
    // A HIT or TTP listed there is a past episode (heparin stays out; the relapse risk), never the acute one.
    ["PMH: HIT", ["hit-history"]],
    ["PMH:\nHIT", ["hit-history"]],
    ["PMH: HIT 2019", ["hit-history"]],
    ["PMH: TTP", ["ttp-history"]],
    ["PMH: TTP 2015", ["ttp-history"]],
    ["PMH: TTP in remission", ["ttp-history"]],
    // A current cue or a relapse keeps it current; outside the section it is read as written.
    ["PMH: HTN, new HIT", ["hit"]],
    ["PMH: TTP, now relapsed", ["ttp"]],
    ["HIT", ["hit"]],
    ["TTP", ["ttp"]],
    // An ITP is read as written: a chronic ITP may be active.
    ["PMH: ITP", ["itp"]],
    ["PMH: chronic ITP", ["itp"]],
  ])("HIT, TTP and ITP listed: %j → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});

describe("a template's boxes and a review of systems' signs", () => {
  it.each([
    // An empty box or a minus sign marks the item absent.
    ["[ ] bleeding", []],
    ["[ ] melena [ ] hematuria", []],
    ["Bleeding [ ]", []],
    ["Bleeding: [ ] yes [x] no", []],
    ["Bleeding: Yes [ ] No [x]", []],
    ["ROS: (-) melena, (-) hematochezia", []],
    ["Hematuria: (-)", []],
    ["Melena: -", []],
    ["GU: -hematuria", []],
    ["[ ] melena\n[x] hematuria", ["bleeding"]],
    // A ticked box, a yes ticked or a plus sign keeps it; a bullet dash or a hyphen in a word is no minus.
    ["[ ] bleeding [x] bruising", ["bleeding"]],
    ["[x] melena\n[ ] bruising", ["bleeding"]],
    ["Bleeding [ ]\nMelena [x]", ["bleeding"]],
    ["Bleeding: [x] yes [ ] no", ["bleeding"]],
    ["Bleeding: Yes [x] No [ ]", ["bleeding"]],
    ["ROS: (+) epistaxis", ["bleeding"]],
    ["GI: (-) melena (+) hematochezia", ["bleeding"]],
    ["Symptoms:\n- melena\n- hematuria", ["bleeding"]],
    ["- melena", ["bleeding"]],
    ["re-bleeding from the ulcer", ["bleeding"]],
    // A label that is a negation denies its whole list; another field's label does not.
    ["Denies: melena, hematochezia, hematuria", []],
    ["Negative for: epistaxis, gum bleeding", []],
    ["Melena: no, hematuria: yes", ["bleeding"]],
    ["Denies: melena. Reports: hematuria", ["bleeding"]],
  ])("%j → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});

describe("the social history's header names no past illness", () => {
  it.each([
    // A symptom written under it is one now, read by its own cues.
    ["Social hx: melena", ["bleeding"]],
    ["Social history: lives alone. Hematuria since yesterday", ["bleeding"]],
    ["SH: former smoker. Melena x2 days", ["bleeding"]],
    ["Social hx: no melena", []],
    // Its own history cue stays one; a past-history section above it stays past.
    ["Social hx: h/o DVT", ["thrombosis-history"]],
    ["Medical hx: DVT", ["thrombosis-history"]],
    ["PMH: DVT 2019. SH: no alcohol", ["thrombosis-history"]],
  ])("%j → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});

describe('"PE:" as the physical examination\'s header', () => {
  it.each([
    // The exam's header: an exam word first, or an exam finding as the whole of its part.
    ["PE: normal", []],
    ["PE: unremarkable.", []],
    ["PE: WNL", []],
    ["PE: Gen: NAD, lungs clear", []],
    ["PE - lungs clear", []],
    ["PE: normal\nPlan: CTPA", []],
    // Anything else after the colon is a problem list's embolism, as is a PE with no colon.
    ["PE: on apixaban", ["thrombosis"]],
    ["PE: normal RV function on echo", ["thrombosis"]],
    ["PE: heart strain", ["thrombosis"]],
    ["PE - bilateral on CTPA", ["thrombosis"]],
    ["PE normal", ["thrombosis"]],
    ["Massive PE, BP 80/40", ["thrombosis"]],
    ["Acute PE, normal RV", ["thrombosis"]],
    ["Physical exam: normal. PE on CTPA", ["thrombosis"]],
  ])("%j → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});

describe("a text all in capitals", () => {
  it.each([
    // Its abbreviations are read as written, and its cues as in any text.
    ["ACUTE PE ON CT TODAY", ["thrombosis"]],
    ["PATIENT ADMITTED WITH LEFT LEG DVT", ["thrombosis"]],
    ["CT HEAD SHOWS ACUTE SDH TODAY", ["bleeding"]],
    ["NO DVT ON DOPPLER TODAY", ["thrombosis-ruled-out"]],
    ["HISTORY OF DVT, ON NO ANTICOAGULATION", ["thrombosis-history"]],
    ["PE: GEN: NAD, LUNGS CLEAR BILATERALLY", []],
    // But the abbreviations that are also everyday words.
    ["PATIENT WAS HIT BY A CAR", []],
    ["PATIENT ATE BREAKFAST THIS MORNING", []],
    // A short capital text reads them all, as before.
    ["SUSPECTED HIT", ["hit"]],
    ["NO HIT", []],
  ])("%j → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});

describe("work-up and doubt cues oncology notes use", () => {
  it.each([
    // A clot looked for is none yet, only its suspicion; each cue against the same clot asserted.
    ["r/o DVT", ["thrombosis-suspected"]],
    ["rule out PE", ["thrombosis-suspected"]],
    ["?PE", ["thrombosis-suspected"]],
    ["query DVT", ["thrombosis-suspected"]],
    ["concern for PE", ["thrombosis-suspected"]],
    ["cannot exclude PE", ["thrombosis-suspected"]],
    ["no evidence of DVT", []],
    ["negative for PE", []],
    ["without DVT", []],
    ["evaluated for DVT", ["thrombosis-suspected"]],
    ["being evaluated for PE", ["thrombosis-suspected"]],
    ["eval for PE", ["thrombosis-suspected"]],
    ["assess for DVT", ["thrombosis-suspected"]],
    ["assessed for DVT", ["thrombosis-suspected"]],
    ["investigated for PE", ["thrombosis-suspected"]],
    ["investigation for DVT", ["thrombosis-suspected"]],
    ["DVT", ["thrombosis"]],
    ["PE", ["thrombosis"]],
    // A clot found after the work-up is a clot now.
    ["evaluated for leg swelling, DVT on Doppler", ["thrombosis"]],
    ["evaluated for PE, CTPA confirmed PE", ["thrombosis"]],
    ["PE without right heart strain", ["thrombosis"]],
    ["melena without hematemesis", ["bleeding"]],
    // The serious immune disorders stay considered under doubt and work-up.
    ["r/o HIT", ["hit"]],
    ["rule out TTP", ["ttp"]],
    ["?TTP", ["ttp"]],
    ["query HIT", ["hit"]],
    ["concern for TTP", ["ttp"]],
    ["cannot exclude TTP", ["ttp"]],
    ["no evidence of TTP", []],
    ["negative for HIT", []],
  ])("%j → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});

describe("a test's finding after a rule-out answers it", () => {
  it.each([
    // The imaging named after the rule-out found the clot: a clot now.
    ["r/o PE: CTPA positive for segmental PE", ["thrombosis"]],
    ["rule out DVT \u2014 duplex: occlusive thrombus in the popliteal vein", ["thrombosis"]],
    ["rule out DVT, duplex revealed DVT of the left femoral vein", ["thrombosis"]],
    ["r/o PE, CTPA shows bilateral PE", ["thrombosis"]],
    ["rule out PE: CTPA with segmental PE", ["thrombosis"]],
    ["no DVT on the right, duplex demonstrates DVT on the left", ["thrombosis"]],
    // No finding named, or the finding negated: the rule-out stays no clot, a clot ruled out at that site.
    ["r/o PE: CTPA negative", ["thrombosis-ruled-out"]],
    ["r/o DVT. Doppler negative.", ["thrombosis-ruled-out"]],
    ["r/o PE, CTPA with no PE", ["thrombosis-ruled-out"]],
    ["rule out DVT, duplex did not show DVT", ["thrombosis-ruled-out"]],
    ["r/o PE: CTPA not consistent with PE", ["thrombosis-ruled-out"]],
    ["r/o DVT, duplex for DVT pending", ["thrombosis-suspected"]],
    ["rule out DVT, duplex ordered", ["thrombosis-suspected"]],
    // A past clot with its old imaging stays past.
    ["history of PE (CT showed saddle PE)", ["thrombosis-history"]],
  ])("%j → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });

  it("'ppx' is the chart's 'prophylaxis'", () => {
    expect(kindsOf("DVT ppx: enoxaparin")).toEqual([]);
    expect(kindsOf("on enoxaparin for DVT ppx")).toEqual([]);
    expect(kindsOf("ppx for VTE")).toEqual([]);
    expect(kindsOf("DVT on enoxaparin")).toEqual(["thrombosis"]);
  });

  it("'neg for' is the chart's 'negative for'", () => {
    expect(kindsOf("CT head neg for ICH")).toEqual([]);
    expect(kindsOf("neg for melena")).toEqual([]);
    expect(kindsOf("guaiac neg for blood. Melena today")).toEqual(["bleeding"]);
    expect(kindsOf("CT head: ICH")).toEqual(["bleeding"]);
  });
});

describe("a past prosthetic valve is a valve now", () => {
  it.each([
    ["history of mechanical mitral valve replacement", ["prosthetic-heart-valve"]],
    ["s/p mechanical AVR", ["prosthetic-heart-valve"]],
    ["no prosthetic valve", []],
  ])("%s → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});

describe("a bleed the patient was admitted for (CTCAE v5.0 grade 3 names the hospitalization: GI, bronchopulmonary, vaginal and intra-abdominal haemorrhage, hematuria)", () => {
  const bleed = (t: string) =>
    index.classifyNote(text(t), NOTE).find((m) => m.kind === "bleeding")?.qualifiers ?? [];
  it.each([
    "Admitted for haematuria",
    "admitted with hematuria and dysuria",
    "Hospitalized with melena",
    "hospitalised for haematemesis",
    "Admission for hematemesis",
    "required admission for upper GI bleeding",
    "admitted to hospital with rectal bleeding",
    "readmitted for melena",
    "Hospitalization for hematochezia",
    "hospitalised with haemoptysis",
    "admitted for vaginal bleeding",
  ])("%s → a severe (grade 3) bleed", (t) => {
    expect(bleed(t)).toContain("severe");
  });

  it.each([
    // No admission, one for something else, a denied, planned or past one, or a site whose grade 3 names none.
    "Haematuria",
    "Melena",
    "Admitted for chemotherapy, noted melena",
    "admitted for chemotherapy. Melena today",
    "admitted with fever and melena",
    "melena, not admitted for it; no admission for melena",
    "haematuria; planned admission for haematuria work-up",
    "haematuria; elective admission for cystoscopy",
    "previous admission for haematuria; haematuria again today",
    "required admission for epistaxis",
    "admitted for epistaxis",
    "admitted for menorrhagia",
    "hospitalised with haemoptysis from a pulmonary embolism",
  ])("%s → not made severe", (t) => {
    expect(bleed(t)).not.toContain("severe");
  });

  it("a past admission for a GI bleed is a past bleed only", () => {
    expect(kindsOf("History of admission for GI bleed")).toEqual(["bleeding-history"]);
    expect(kindsOf("PMH: admitted for GI bleed in 2019")).toEqual(["bleeding-history"]);
  });
});

describe("an operation dated relative to the note's date (5 December 2026, a Saturday)", () => {
  const read = (t: string) =>
    index.classifyNote(text(t), NOTE).map((m) => [m.kind, m.at ?? "the note's date"]);
  it.each([
    ["POD 3 s/p hemicolectomy", "2026-12-02"],
    ["POD#3 s/p laparotomy", "2026-12-02"],
    ["s/p laparotomy, POD 3", "2026-12-02"],
    ["Post-op day 2 after craniotomy", "2026-12-03"],
    ["postoperative day 14 following hemicolectomy", "2026-11-21"],
    ["Underwent laparotomy 2 days ago", "2026-12-03"],
    ["exploratory laparotomy two days ago", "2026-12-03"],
    ["s/p laparotomy 3 weeks ago", "2026-11-14"],
    ["Craniotomy yesterday", "2026-12-04"],
    // The calendar week before the note's, Monday 23 to Sunday 29 November: its last day.
    ["Laparotomy last week", "2026-11-29"],
    // A written day dates it too: the note's own day is a day done.
    ["s/p craniotomy 2026-12-03", "2026-12-03"],
    ["Laparotomy on 2026-12-05", "2026-12-05"],
  ])("%j → the operation on %s", (t, day) => {
    expect(read(t)).toEqual([["surgery", day]]);
  });

  it.each([
    // Beyond the 30 days of a past entry it is an old operation, none now.
    ["Laparotomy 45 days ago", []],
    // Undated, "s/p" stays an old operation and a plain mention is of the note's date.
    ["s/p right hemicolectomy", []],
    ["Exploratory laparotomy", [["surgery", "the note's date"]]],
    // A clot or bleed keeps its reading: the relative date is read for operations only.
    ["DVT 2 days ago", [["thrombosis", "the note's date"]]],
  ])("%j → %j", (t, expected) => {
    expect(read(t)).toEqual(expected);
  });

  it("without the note's date a relative day is read as written, of the record's date", () => {
    expect(index.classifyNote(text("POD 3 s/p hemicolectomy")).map((m) => [m.kind, m.at])).toEqual([
      ["surgery", undefined],
    ]);
  });
});

describe("an operation planned, not done", () => {
  it.each<[string, string[], string?]>([
    ["Planned laparotomy", ["major-surgery"]],
    // The operation's own day, written with it, is kept (the planned event's end).
    ["Scheduled for craniotomy on 2026-12-20", ["major-surgery", "neurosurgery"], "2026-12-20"],
    ["Laparotomy planned 2026-12-10", ["major-surgery"], "2026-12-10"],
    ["Pre-op for hemicolectomy", ["major-surgery"]],
    ["Awaiting laparotomy", ["major-surgery"]],
    ["Plan: craniotomy tomorrow", ["major-surgery", "neurosurgery"]],
    ["Craniotomy planned for next week", ["major-surgery", "neurosurgery"]],
    ["Hemicolectomy scheduled", ["major-surgery"]],
    // A day after the note's is one to come, whatever the words before it.
    ["Craniotomy 2026-12-20", ["major-surgery", "neurosurgery"], "2026-12-20"],
    ["Laparotomy on 2026-12-06", ["major-surgery"], "2026-12-06"],
  ])("%j is a planned operation with its qualifiers, not one done", (t, qualifiers, plannedFor) => {
    expect(index.classifyNote(text(t), NOTE)).toEqual([
      { kind: "surgery-planned", qualifiers, ...(plannedFor !== undefined && { plannedFor }) },
    ]);
  });

  it.each([
    // The nearer cue decides: "s/p" right before the operation says it was done.
    ["Planned discharge, s/p laparotomy 2026-12-03", ["surgery"]],
    ["No planned laparotomy", []],
  ])("%j → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});
