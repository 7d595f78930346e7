/**
 * A bleed recorded before pembrolizumab and charted again afterwards as known and not growing ("stable chronic SDH",
 * "chronic subdural haematoma, unchanged from prior"): before, each follow-up scan was listed as a new serious
 * unexplained bleed. Now it is no new bleed when a bleed of its site was recorded before the first dose. Words of a
 * fresh or growing bleed ("acute-on-chronic", "new", "enlarging") keep it new, and so does a chronic bleed with no
 * record of its site before the first dose: nothing new is silenced. Each through FHIR and CSV.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { treatedCsv, treatedFhir } from "../support/charted-words.js";
import { conditionInWords, csvEventRow, csvPlateletRow, plateletResult } from "../support/study-results.js";

const BEFORE = "2025-10-01";
/**
 * A subdural haematoma charted on `prior` (before the first dose of 5 January 2026 unless given; none when null), then
 * `words` on 5 March 2026.
 */
const charted = (words: string, prior: string | null = BEFORE): PatientReport[] => [
  treatedFhir(
    plateletResult(230, "2026-03-05"),
    ...(prior === null ? [] : [conditionInWords("c0", "subdural haematoma", prior)]),
    conditionInWords("c1", words, "2026-03-05"),
  ),
  treatedCsv(
    csvPlateletRow(230, "2026-03-05"),
    ...(prior === null ? [] : [csvEventRow("subdural haematoma", prior)]),
    csvEventRow(words),
  ),
];
const listed = (p: PatientReport) => p.unexplained.map((u) => u.abnormality);

const KNOWN = [
  "chronic subdural haematoma, unchanged from prior",
  "stable chronic SDH",
  "known chronic SDH",
  "resolving SDH",
];

describe("a bleed known before the first dose, charted again as known, is no new bleed", () => {
  it.each(KNOWN)("%j after a subdural haematoma recorded before the first dose: nothing listed", (words) => {
    for (const p of charted(words)) expect(listed(p)).toEqual([]);
  });
});

describe("the other side: a new, growing or first-recorded bleed stays listed", () => {
  it.each([
    "acute-on-chronic subdural haematoma",
    "new subdural haematoma",
    "enlarging chronic SDH",
    "chronic SDH, enlarging",
    "chronic SDH with new acute component",
  ])("%j after a subdural haematoma recorded before the first dose: listed as major bleeding", (words) => {
    for (const p of charted(words)) expect(listed(p)).toEqual(["major-bleeding"]);
  });

  it.each(KNOWN)("%j with no bleed of its site recorded before the first dose: listed", (words) => {
    for (const p of charted(words, null)) expect(listed(p)).toEqual(["major-bleeding"]);
  });

  it.each(KNOWN)("%j after a subdural haematoma first recorded after the first dose: listed", (words) => {
    for (const p of charted(words, "2026-02-01")) expect(listed(p)).toContain("major-bleeding");
  });

  it("a GI bleed after a subdural haematoma known before the first dose is a bleed of another site: listed", () => {
    for (const p of charted("GI bleed")) expect(listed(p)).toEqual(["clinically-significant-bleeding"]);
  });
});
