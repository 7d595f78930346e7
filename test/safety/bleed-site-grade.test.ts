/**
 * A bleed charted in words with what its CTCAE v5.0 site term names for grade 3 — a transfusion, an invasive
 * haemostasis or a hospitalization (read in a full transcription of the CTCAE v5.0 table, ctcae-v5-transcription) —
 * after pembrolizumab, through a FHIR Condition and a CSV row and the engine the CLI drives: listed as unexplained
 * major bleeding with grade 3 on the item and in the grades, under the site's own term (epistaxis, oral hemorrhage).
 * Before, "gum bleeding requiring transfusion" was silent (the oral site was not among those the transfusion words
 * grade), and an item listed by words carried no grade. Nasal packing and cauterisation are the epistaxis grade 2 the
 * same table names ("medical intervention indicated (e.g., nasal packing, cauterization …)"): not major. A bleed
 * charted before the first dose, or as past, is not this episode.
 * A packed or cauterised epistaxis is graded 2 (before, it carried no grade), and an invasive intervention only referred
 * for, planned, considered or kept "if needed" grades nothing: only one performed is grade 3.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { treatedCsv, treatedFhir } from "../support/charted-words.js";

const fhir = (words: string, on = "2026-03-10"): PatientReport =>
  treatedFhir({
    resourceType: "Condition",
    id: "bleed",
    subject: { reference: "Patient/p1" },
    code: { text: words },
    onsetDateTime: on,
  });
const csv = (words: string, on = "2026-03-10"): PatientReport =>
  treatedCsv(`p1,event,${on},,text,,"${words.replaceAll('"', '""')}",,,,,,,,,`);

const majorBleeding = (p: PatientReport) => p.unexplained.find((u) => u.abnormality === "major-bleeding");
const gradeOf = (p: PatientReport, term: string) => p.grades.find((g) => g.term === term)?.grade;

describe("a bleed graded 3 by its site term's words, after pembrolizumab", () => {
  it.each([
    ["FHIR", "Epistaxis requiring transfusion", "epistaxis", fhir],
    ["CSV", "Epistaxis requiring transfusion", "epistaxis", csv],
    ["FHIR", "Epistaxis requiring sphenopalatine artery ligation", "epistaxis", fhir],
    ["CSV", "Epistaxis stopped by embolisation", "epistaxis", csv],
    ["FHIR", "Gum bleeding requiring transfusion", "oral-hemorrhage", fhir],
    ["CSV", "Gum bleeding requiring transfusion", "oral-hemorrhage", csv],
    ["FHIR", "Admitted for oral bleeding", "oral-hemorrhage", fhir],
    ["CSV", "Hemoptysis requiring transfusion", "bronchopulmonary-hemorrhage", csv],
    ["FHIR", "Epistaxis requiring invasive intervention", "epistaxis", fhir],
    ["CSV", "Hematemesis requiring invasive intervention", "upper-gastrointestinal-hemorrhage", csv],
  ])("%s %s: unexplained major bleeding, grade 3 on the item and under %s", (_, words, term, read) => {
    const p = read(words);
    expect(majorBleeding(p)?.grade).toBe(3);
    expect(gradeOf(p, term)).toBe(3);
  });

  it("a fatal bleed charted in words carries grade 5 on its item", () => {
    expect(majorBleeding(fhir("Fatal intracranial haemorrhage"))?.grade).toBe(5);
  });

  it("a bleed charted at grade 2 in words that name a transfusion keeps grade 2 and is not listed", () => {
    const p = treatedCsv(`p1,event,2026-03-10,,text,,Gum bleeding requiring transfusion,,,,,2,,,,`);
    expect(majorBleeding(p)).toBeUndefined();
    expect(gradeOf(p, "oral-hemorrhage")).toBe(2);
  });
});

describe("a bleed its words do not grade 3", () => {
  it.each([
    ["FHIR", "Epistaxis, resolved with pressure", fhir],
    ["CSV", "Epistaxis controlled with direct pressure", csv],
    ["FHIR", "Epistaxis requiring nasal packing", fhir],
    ["CSV", "Epistaxis requiring anterior packing", csv],
    ["FHIR", "Epistaxis cauterised", fhir],
    ["CSV", "Epistaxis, referred for SPA ligation", csv],
    ["CSV", "Epistaxis requiring intervention", csv],
    ["FHIR", "Epistaxis, planned embolisation", fhir],
    ["FHIR", "Gum bleeding when brushing", fhir],
    ["CSV", "Gum bleeding when brushing", csv],
    ["CSV", "Gum bleeding, did not require transfusion", csv],
    ["FHIR", "History of epistaxis requiring transfusion in 2019", fhir],
    ["CSV", "Hematemesis, referred for invasive intervention", csv],
    ["FHIR", "Hematemesis, invasive intervention planned", fhir],
    ["CSV", "Melena, consider invasive intervention", csv],
    ["FHIR", "GI bleeding, invasive intervention if needed", fhir],
  ])("%s %s: no major bleed listed", (_, words, read) => {
    const p = read(words);
    expect(majorBleeding(p)).toBeUndefined();
    expect(p.grades.filter((g) => g.grade >= 3 && g.term !== "platelet-count-decreased")).toEqual([]);
  });

  it.each([
    ["FHIR", fhir],
    ["CSV", csv],
  ])(
    "%s an epistaxis requiring transfusion charted in 2019, before the first dose: not this episode",
    (_, read) => {
      expect(majorBleeding(read("Epistaxis requiring transfusion", "2019-06-01"))).toBeUndefined();
    },
  );
});

describe("an epistaxis stopped by the medical intervention CTCAE v5.0 names for grade 2", () => {
  it.each([
    ["FHIR", "Epistaxis requiring nasal packing", fhir],
    ["CSV", "Epistaxis requiring anterior packing", csv],
    ["FHIR", "Epistaxis cauterised", fhir],
    ["CSV", "Nosebleed, cauterized with silver nitrate", csv],
  ])("%s %s: a grade 2 epistaxis, not a major bleed", (_, words, read) => {
    const p = read(words);
    expect(gradeOf(p, "epistaxis")).toBe(2);
    expect(p.grades.find((g) => g.term === "epistaxis")?.basis).toMatch(/medical intervention/);
    expect(majorBleeding(p)).toBeUndefined();
  });

  it.each([
    ["FHIR", "Epistaxis, consider cautery if it recurs", fhir],
    ["CSV", "Epistaxis, no packing required", csv],
    ["CSV", "Epistaxis, history of cautery", csv],
  ])("%s %s: no packing or cautery done, no grade from the words", (_, words, read) => {
    expect(gradeOf(read(words), "epistaxis")).toBeUndefined();
  });

  it("a severe epistaxis requiring packing stays grade 3 and major (the grade 3 feature wins)", () => {
    const p = fhir("Severe epistaxis requiring packing");
    expect(gradeOf(p, "epistaxis")).toBe(3);
    expect(majorBleeding(p)?.grade).toBe(3);
  });

  it("a packed epistaxis charted at grade 1 keeps the clinician's grade", () => {
    const p = treatedCsv(`p1,event,2026-03-10,,text,,Epistaxis requiring packing,,,,,1,,,,`);
    expect(gradeOf(p, "epistaxis")).toBe(1);
  });
});
