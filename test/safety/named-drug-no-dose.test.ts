/**
 * A diagnosis charted with its immunotherapy cause in its own words ("ITP secondary to nivolumab") while the
 * medication list holds no dose of the drug (kept in another system): no exposure is made, since a dose date is
 * never invented, so no disorder is assessed — yet it must not be silent. It is listed as unexplained, never a
 * finding, with the drug and the diagnosis named and the dosing history asked for; not when a dose of the drug is
 * on record, nor when the words deny the drug. Through a FHIR Condition and a CSV event row and the engine the
 * CLI drives.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { type Charted, csvCharted, fhirCharted } from "../support/charted-words.js";

const ITEM = "immunotherapy-named-no-dose";

/** Lung cancer charted, the diagnosis in `words` on 10 March, and the drug's doses `doses` (none by default). */
const chart = (words: string, doses: readonly string[], drug: string): Charted => ({
  doses: doses.map((on) => [drug, on] as const),
  problems: [
    ["Metastatic adenocarcinoma of the lung", "2025-11-01"],
    [words, "2026-03-10"],
  ],
});
const fhir = (words: string, doses: readonly string[] = [], drug = "pembrolizumab"): PatientReport =>
  fhirCharted(chart(words, doses, drug));
const csv = (words: string, doses: readonly string[] = [], drug = "pembrolizumab"): PatientReport =>
  csvCharted(chart(words, doses, drug));

const item = (p: PatientReport) => p.unexplained.find((u) => u.abnormality === ITEM);

describe.each([
  ["FHIR Condition", fhir],
  ["CSV event row", csv],
] as const)("a drug-attributed diagnosis with no dose on record, as a %s", (_, read) => {
  it.each([
    ["Immune thrombocytopenia due to pembrolizumab", "pembrolizumab"],
    ["ITP secondary to nivolumab", "nivolumab"],
    ["TTP induced by ipilimumab", "ipilimumab"],
    ["Teclistamab-associated coagulopathy", "teclistamab"],
    // A note's words: the cause in its own clause, a negation in another clause left to that clause.
    ["Seen in clinic. Assessment: immune thrombocytopenia secondary to nivolumab, no bleeding.", "nivolumab"],
    // The denied form below without its negation: the same clause read as the cause.
    ["Immune thrombocytopenia, related to pembrolizumab", "pembrolizumab"],
  ])("%s: listed, the drug named, the dosing history asked for, no finding", (words, drug) => {
    const p = read(words);
    expect(p.findings).toHaveLength(0);
    const u = item(p);
    expect(u?.why).toContain(drug);
    expect(u?.why).toContain(words);
    expect(u?.why).toContain("dosing history");
  });

  it.each([
    "Immune thrombocytopenia, not related to pembrolizumab",
    "Immune thrombocytopenia; candidate for pembrolizumab",
    "Immune thrombocytopenia, no prior nivolumab",
    "Immune thrombocytopenia, nivolumab declined",
  ])("%s: the drug denied or not given, not listed", (words) => {
    expect(item(read(words))).toBeUndefined();
  });

  it("with pembrolizumab doses on record the diagnosis is the findings' and other items', not this item's", () => {
    const p = read("Immune thrombocytopenia due to pembrolizumab", [
      "2026-01-05",
      "2026-01-26",
      "2026-02-16",
    ]);
    expect(item(p)).toBeUndefined();
    expect(p.findings.length + p.unexplained.length).toBeGreaterThan(0);
  });

  it("a dose of the subcutaneous form (pembrolizumab and berahyaluronidase alfa) is a dose of pembrolizumab", () => {
    const doses = ["2026-01-05", "2026-01-26", "2026-02-16"];
    const words = "Immune thrombocytopenia due to pembrolizumab";
    expect(item(read(words, doses, "Keytruda Qlex"))).toBeUndefined();
    // A dose of another drug leaves the named one unrecorded: listed.
    expect(item(read(words, doses, "nivolumab"))?.why).toContain("pembrolizumab");
  });
});
