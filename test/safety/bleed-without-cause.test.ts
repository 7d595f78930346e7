/**
 * A bleed that is not major, charted after pembrolizumab with a normal platelet count and no anticoagulant: before, a
 * "GI bleed", a haematuria or a haemoptysis was listed only when graded 3 or more, and a new bleed with nothing to
 * explain it — how acquired haemophilia A presents (Tiede 2020, Kruse-Jarres 2017) — was silent. Now a clinically
 * significant bleed (gastrointestinal, urinary, pulmonary, extensive bruising; a muscle haematoma by its own rule) is
 * listed with the work-up that tells an inhibitor: the aPTT and PT, then the mixing study and FVIII activity. A minor
 * mucocutaneous bleed or a bleed with no site stays unlisted; with a low count the ITP takes it in; on an
 * anticoagulant the drug explains it. Each through FHIR and CSV.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { type Charted, csvCharted, fhirCharted } from "../support/charted-words.js";

const SIGNIFICANT = "clinically-significant-bleeding";
const PEMBROLIZUMAB = ["pembrolizumab", "2026-02-16"] as const;

/** The chart of one problem on 10 March after pembrolizumab, assessed through FHIR and CSV. */
const charted = (words: string, platelets = 230, doses: Charted["doses"] = [PEMBROLIZUMAB]) => {
  const c: Charted = { doses, problems: [[words, "2026-03-10"]], platelets };
  return [fhirCharted(c), csvCharted(c)];
};
const listed = (p: PatientReport) => p.unexplained.map((u) => u.abnormality);
const workup = (p: PatientReport, id: string) =>
  p.unexplained.find((u) => u.abnormality === id)?.workup?.map((w) => w.test) ?? [];

describe("a clinically significant bleed with no cause on record is listed for an acquired haemophilia work-up", () => {
  it.each(["GI bleed", "melena", "haematuria", "haemoptysis", "extensive bruising", "widespread ecchymoses"])(
    "%j with a normal count: listed, with the aPTT, the mixing study and FVIII asked for",
    (words) => {
      for (const p of charted(words)) {
        expect(listed(p)).toEqual([SIGNIFICANT]);
        expect(workup(p, SIGNIFICANT)).toEqual(
          expect.arrayContaining([
            "Activated partial thromboplastin time",
            "aPTT mixing study (with incubation)",
            "FVIII activity",
          ]),
        );
      }
    },
  );

  it("a muscle haematoma is listed by its own rule, with the same mixing study and FVIII", () => {
    for (const p of charted("muscle haematoma")) {
      expect(listed(p)).toEqual(["muscle-bleeding"]);
      expect(workup(p, "muscle-bleeding")).toEqual(
        expect.arrayContaining(["aPTT mixing study (with incubation)", "FVIII activity"]),
      );
    }
  });

  it("a major GI bleed is listed once, as major bleeding", () => {
    for (const p of charted("severe GI bleed")) expect(listed(p)).toEqual(["major-bleeding"]);
  });
});

describe("the other side: minor, explained or siteless bleeds are not listed as significant", () => {
  it.each([
    "epistaxis stopped spontaneously",
    "gum bleeding",
    "bruising",
    "ecchymoses",
    "bleeding",
    "haemorrhage",
  ])("%j with a normal count: nothing listed", (words) => {
    for (const p of charted(words)) expect(listed(p)).toEqual([]);
  });

  it.each(["epistaxis", "GI bleed"])(
    "%j with a count of 8: the ITP takes it in, not listed apart",
    (words) => {
      for (const p of charted(words, 8)) {
        expect(p.findings.map((f) => f.disorder)).toContain("itp");
        expect(listed(p)).not.toContain(SIGNIFICANT);
      }
    },
  );

  it("a GI bleed the day after a dose of apixaban is the anticoagulant's: not listed as unexplained", () => {
    for (const p of charted("GI bleed", 230, [PEMBROLIZUMAB, ["apixaban", "2026-03-09"]])) {
      expect(listed(p)).not.toContain(SIGNIFICANT);
    }
  });

  it("the other side: a last dose of apixaban 3 days before (outside the 2 days) explains nothing: listed", () => {
    for (const p of charted("GI bleed", 230, [PEMBROLIZUMAB, ["apixaban", "2026-03-07"]])) {
      expect(listed(p)).toEqual([SIGNIFICANT]);
    }
  });

  it("a GI bleed before the first dose is not listed (only bleeds after immunotherapy are)", () => {
    for (const p of charted("GI bleed", 230, [["pembrolizumab", "2026-03-11"]])) {
      expect(listed(p)).toEqual([]);
    }
  });
});
