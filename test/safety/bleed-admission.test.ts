/**
 * A bleed charted with the admission written after it ("haematuria requiring admission", "melena, admitted"), through
 * a FHIR Condition and a CSV row and the engine the CLI drives: CTCAE v5.0 grades the gastrointestinal haemorrhage
 * terms and hematuria 3 with hospitalization, so an ungraded one after atezolizumab with bevacizumab is listed as
 * unexplained major bleeding with the labels' stop-bevacizumab line. Before, only the admission written before the
 * bleed was read ("admitted for haematuria"), and the same bleed in the other word order was silent, as was a bleed
 * with the bare admission in the next sentence ("Melena; admitted", "Hematemesis. Admitted to ICU"). So too a bleed
 * charted with the transfusion it needed in words ("melena requiring transfusion"): grade 3 "transfusion indicated".
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { type Charted, csvCharted, fhirCharted } from "../support/charted-words.js";

const STOP_BEVACIZUMAB = "unexplained-major-bleeding-avoid-vegf-antibody-bleeding";

/** Atezolizumab with bevacizumab on 16 February and 9 March, and a bleed charted in words on 10 March. */
const bleed = (words: string): Charted => ({
  doses: ["2026-02-16", "2026-03-09"].flatMap((on) => [
    ["atezolizumab", on] as const,
    ["bevacizumab", on] as const,
  ]),
  problems: [[words, "2026-03-10"]],
});
const fhirBleed = (words: string): PatientReport => fhirCharted(bleed(words));
const csvBleed = (words: string): PatientReport => csvCharted(bleed(words));

const majorBleeding = (p: PatientReport) => p.unexplained.find((u) => u.abnormality === "major-bleeding");

describe("a bleed with the admission written after it", () => {
  it.each([
    ["FHIR Condition", "Haematuria requiring admission", fhirBleed],
    ["CSV event row", "Haematuria requiring admission", csvBleed],
    ["FHIR Condition", "Melena, admitted", fhirBleed],
    ["CSV event row", "Presented with hematemesis and was admitted", csvBleed],
    ["CSV event row", "Melena; admitted", csvBleed],
    ["FHIR Condition", "Hematemesis. Admitted to ICU", fhirBleed],
  ])("%s %s: unexplained major bleeding with the stop-bevacizumab line", (_, words, read) => {
    const item = majorBleeding(read(words));
    expect(item).toBeDefined();
    expect(item?.management?.map((m) => m.id)).toContain(STOP_BEVACIZUMAB);
  });

  it.each([
    ["FHIR Condition", "Haematuria", fhirBleed],
    ["CSV event row", "Haematuria, may require admission", csvBleed],
    ["FHIR Condition", "Melena, admitted to the ward for pneumonia", fhirBleed],
    ["CSV event row", "Melena last year. Admitted for pneumonia", csvBleed],
    ["FHIR Condition", "Melena; admitted for pneumonia", fhirBleed],
  ])("%s %s: no major bleed listed", (_, words, read) => {
    expect(majorBleeding(read(words))).toBeUndefined();
  });
});

describe("a bleed with the transfusion it needed, in words", () => {
  it.each([
    ["FHIR Condition", "Melena requiring transfusion", fhirBleed],
    ["CSV event row", "Transfusion required for hematuria", csvBleed],
  ])("%s %s: unexplained major bleeding with the stop-bevacizumab line", (_, words, read) => {
    expect(majorBleeding(read(words))?.management?.map((m) => m.id)).toContain(STOP_BEVACIZUMAB);
  });

  it.each([
    ["FHIR Condition", "Melena, transfusion not required", fhirBleed],
    ["CSV event row", "Melena, may require transfusion", csvBleed],
  ])("%s %s: no major bleed listed", (_, words, read) => {
    expect(majorBleeding(read(words))).toBeUndefined();
  });
});
