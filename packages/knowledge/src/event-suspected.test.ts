/**
 * A clot or a bleed charted as suspected ("concern for PE", "suspicious for DVT", "?PE", "r/o PE, CTPA pending",
 * "possible GI bleed") is read as its suspicion (thrombosis-suspected, bleeding-suspected), kept apart from the
 * clot or bleed itself and from a denied one; a result written after it, or the problem itself asserted or denied,
 * settles it.
 */
import { createEventIndex, type SourceConcept } from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import { loadEventMap } from "./sources.js";

const index = createEventIndex(loadEventMap());
const text = (t: string): SourceConcept => ({ codings: [], text: t });
const NOTE = "2026-12-05T09:00:00Z";
const kindsOf = (t: string) => index.classifyNote(text(t), NOTE).map((m) => m.kind);
const qualifiersOf = (t: string, kind: string) =>
  index.classifyNote(text(t), NOTE).find((m) => m.kind === kind)?.qualifiers ?? [];

describe("a suspected clot is its suspicion, never a definite clot", () => {
  it.each([
    "concern for PE",
    "suspicious for PE",
    "findings suspicious for pulmonary embolism",
    "concerning for DVT",
    "worrisome for PE",
    "clinical suspicion of DVT, duplex ordered",
    "?PE",
    "query DVT",
    "cannot exclude PE",
    "PE not excluded",
    "r/o PE, CTPA pending",
    "rule out DVT",
    "suspected DVT left leg",
    "possible pulmonary embolism",
    "PE suspected",
    "evaluated for DVT",
  ])("%j → thrombosis-suspected", (t) => {
    expect(kindsOf(t)).toEqual(["thrombosis-suspected"]);
  });

  it("keeps the site it names", () => {
    expect(qualifiersOf("concern for PE", "thrombosis-suspected")).toContain("pulmonary-embolism");
    expect(qualifiersOf("concerning for DVT", "thrombosis-suspected")).toContain("dvt");
  });
});

describe("a suspected bleed is its suspicion, never a definite bleed", () => {
  it.each(["possible GI bleed", "concern for GI bleeding", "?melena", "suspected upper GI bleed"])(
    "%j → bleeding-suspected",
    (t) => {
      expect(kindsOf(t)).toEqual(["bleeding-suspected"]);
    },
  );
});

describe("the other side: confirmed words stay definite, negated ones absent", () => {
  it.each([
    ["PE", ["thrombosis"]],
    ["acute PE on CTPA", ["thrombosis"]],
    ["DVT confirmed on duplex", ["thrombosis"]],
    ["segmental PE", ["thrombosis"]],
    ["melena", ["bleeding"]],
    ["GI bleed", ["bleeding"]],
  ])("%j → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });

  it.each([
    "no PE",
    "negative for DVT",
    "PE ruled out",
    "no evidence of PE",
    "low suspicion for PE",
    "DVT excluded",
    "no GI bleed",
    "denies melena",
  ])("%j → no event", (t) => {
    expect(kindsOf(t)).toEqual([]);
  });

  it("a past clot stays past", () => {
    expect(kindsOf("history of PE")).toEqual(["thrombosis-history"]);
  });
});

describe("a result or the problem itself written after the suspicion settles it", () => {
  it.each([
    ["r/o PE: CTPA positive for segmental PE", ["thrombosis"]],
    ["concern for PE; CTPA: segmental PE", ["thrombosis"]],
    ["?PE, CTPA shows bilateral PE", ["thrombosis"]],
    ["r/o DVT, duplex revealed DVT of the left femoral vein", ["thrombosis"]],
  ])("confirmed: %j → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });

  it.each([
    "r/o PE: CTPA negative",
    "r/o PE, CTPA negative",
    "concern for PE, CTPA: no filling defect",
    "r/o DVT. Doppler negative.",
    "?DVT - duplex normal",
    "r/o PE, CTPA with no PE",
    "rule out DVT, duplex did not show DVT",
    "r/o PE: CTPA not consistent with PE",
  ])("ruled out: %j → no clot, no suspicion: a clot ruled out at the study's site", (t) => {
    expect(kindsOf(t)).toEqual(["thrombosis-ruled-out"]);
  });

  it.each([
    ["r/o DVT, duplex ordered", ["thrombosis-suspected"]],
    ["r/o DVT, duplex for DVT pending", ["thrombosis-suspected"]],
  ])("a test pending settles nothing: %j → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });

  it("one problem settled leaves another suspected", () => {
    // The DVT denied before the PE is not the PE; the PE denied after a suspected DVT is not the DVT.
    expect(kindsOf("no DVT, ?PE")).toEqual(["thrombosis-suspected"]);
    expect(kindsOf("?DVT, no PE")).toEqual(["thrombosis-suspected"]);
    expect(kindsOf("new DVT left leg; possible PE")).toEqual(["thrombosis", "thrombosis-suspected"]);
  });
});

describe("the serious immune disorders stay working diagnoses under the new doubt words", () => {
  it.each([
    ["suspicious for TTP", ["ttp"]],
    ["concerning for HIT", ["hit"]],
    ["low suspicion for TTP", []],
  ])("%j → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});

describe("a coded diagnosis marked provisional", () => {
  it("is a suspected clot, not a clot", () => {
    const pe = index.classify({
      codings: [{ system: "http://hl7.org/fhir/sid/icd-10-cm", code: "I26.99" }],
    });
    expect(pe?.kind).toBe("thrombosis");
    expect(pe && index.qualify(pe, "doubted")?.kind).toBe("thrombosis-suspected");
  });
});

describe("a study that rules the clot out, in a record of its own, is a clot ruled out at the study's site", () => {
  it.each([
    ["CTPA 2026-03-05: no pulmonary embolism", ["pulmonary-embolism"]],
    ["CTPA negative", ["pulmonary-embolism"]],
    ["CTPA 2026-03-05 negative", ["pulmonary-embolism"]],
    ["V/Q scan: normal", ["pulmonary-embolism"]],
    ["CT pulmonary angiogram showed no filling defect", ["pulmonary-embolism"]],
    ["duplex left leg: no DVT", ["dvt"]],
    ["Venous duplex: no DVT", ["dvt"]],
    ["compression ultrasound: no evidence of DVT", ["dvt"]],
    ["negative for DVT (LE doppler)", ["dvt"]],
    ["LE doppler negative for DVT", ["dvt"]],
    ["no DVT on screening duplex", ["dvt"]],
    ["bilateral lower extremity duplex: no DVT", ["dvt"]],
    ["MR venography: no cerebral venous thrombosis", ["cerebral-venous"]],
    ["CT venogram negative", ["cerebral-venous"]],
    ["CTV head: no CVST", ["cerebral-venous"]],
    ["abdominal doppler negative", ["splanchnic"]],
    ["Doppler ultrasound of the portal vein: no thrombosis", ["splanchnic"]],
    ["CT abdomen with contrast: no mesenteric vein thrombosis", ["splanchnic"]],
    ["duplex: no superficial thrombophlebitis", ["superficial"]],
  ])("%j → thrombosis-ruled-out %j", (t, qualifiers) => {
    expect(kindsOf(t)).toEqual(["thrombosis-ruled-out"]);
    expect(qualifiersOf(t, "thrombosis-ruled-out")).toEqual(qualifiers);
  });

  it("a limb ultrasound said negative rules out its deep and superficial veins; one that names the DVT, the deep only", () => {
    const sites = (t: string) =>
      index
        .classifyNote(text(t), NOTE)
        .filter((m) => m.kind === "thrombosis-ruled-out")
        .map((m) => m.qualifiers.join());
    expect(sites("Venous duplex negative")).toEqual(["dvt,superficial"]);
    expect(sites("Venous duplex negative for DVT")).toEqual(["dvt"]);
  });

  it("a study named for the clot it looks for is its suspicion, and a clot named found after a screening is the clot", () => {
    expect(kindsOf("duplex for DVT")).toEqual(["thrombosis-suspected"]);
    expect(kindsOf("CTPA for PE")).toEqual(["thrombosis-suspected"]);
    expect(kindsOf("screening for DVT: DVT found")).toEqual(["thrombosis"]);
    expect(kindsOf("screening duplex positive for DVT")).toEqual(["thrombosis"]);
    expect(kindsOf("no DVT found")).toEqual([]);
  });

  it("a refuted clot or its suspicion is its site ruled out; a refuted HIT names no rule-out", () => {
    const refuted = (t: string) => {
      const m = index.classify(text(t));
      return m && index.qualify(m, "refuted");
    };
    expect(refuted("Pulmonary embolism")).toEqual({
      kind: "thrombosis-ruled-out",
      qualifiers: ["pulmonary-embolism"],
    });
    expect(refuted("suspected DVT")).toEqual({ kind: "thrombosis-ruled-out", qualifiers: ["dvt"] });
    expect(refuted("HIT")).toBeUndefined();
  });

  it.each([
    // A study of another site, a study ordered or pending, or no study named: nothing ruled out.
    ["CT head negative", []],
    ["CTPA pending", []],
    ["CTPA ordered, negative D-dimer", []],
    ["No PE", []],
    // A study that images one site does not rule out another ("CTPA: no DVT" is no leg study).
    ["CTPA: no DVT", []],
    ["duplex left leg: no PE", []],
    // A study that found the clot is the clot.
    ["CTPA: segmental PE", ["thrombosis"]],
  ])("the other side: %j → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });

  it("one site ruled out, another found: the ruled-out site and the clot", () => {
    expect(kindsOf("CTPA: no PE. Duplex: DVT of the right popliteal vein")).toEqual([
      "thrombosis",
      "thrombosis-ruled-out",
    ]);
  });

  it("no bleed is ruled out by a negative endoscopy: nothing read", () => {
    expect(kindsOf("EGD: no bleeding source")).toEqual([]);
  });
});

describe("a suspected arterial event is its suspicion at its arterial site", () => {
  it.each([
    ["concern for stroke", ["arterial", "stroke"]],
    ["?stroke", ["arterial", "stroke"]],
    ["r/o CVA", ["arterial", "stroke"]],
    ["?MI", ["arterial", "mi"]],
    ["possible limb ischaemia", ["arterial", "peripheral-arterial"]],
    ["r/o mesenteric ischaemia", ["arterial", "peripheral-arterial"]],
  ])("%j → thrombosis-suspected %j", (t, qualifiers) => {
    expect(kindsOf(t)).toEqual(["thrombosis-suspected"]);
    expect(qualifiersOf(t, "thrombosis-suspected")).toEqual(qualifiers);
  });

  it.each([
    // Named as found, a stroke of unstated type stays a neurological event (it may be haemorrhagic); a limb or
    // mesenteric ischaemia names no thrombosis; denied or past, nothing suspected.
    ["stroke", ["neurologic-event"]],
    ["limb ischaemia", []],
    ["no stroke", []],
    ["stroke risk", []],
    ["concern for haemorrhagic stroke", ["bleeding-suspected"]],
  ])("the other side: %j → %j", (t, kinds) => {
    expect(kindsOf(t)).toEqual(kinds);
  });
});
