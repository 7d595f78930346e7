/**
 * A bleed charted with its own clots ("melena with clots", "hemoptysis and clots") after pembrolizumab, through a
 * FHIR Condition and a CSV row and the engine the CLI drives: shed blood clots outside the vessels, so the record
 * holds the bleed and no thrombosis. Before, the generic "clot" gave a probable thrombosis beside the bleed, whose
 * plan forbade tranexamic acid and raised a vena cava filter and anticoagulation for a bleeding patient. A clot in
 * a named vein written beside the bleed stays a thrombosis with its plan.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { type Charted, csvCharted, fhirCharted } from "../support/charted-words.js";

/** Pembrolizumab on 16 February and 9 March, and the words charted on 10 March. */
const chart = (words: string): Charted => ({
  doses: [
    ["pembrolizumab", "2026-02-16"],
    ["pembrolizumab", "2026-03-09"],
  ],
  problems: [[words, "2026-03-10"]],
});
const fhirChart = (words: string): PatientReport => fhirCharted(chart(words));
const csvChart = (words: string): PatientReport => csvCharted(chart(words));

const thrombosis = (p: PatientReport) => p.findings.find((f) => f.disorder === "thrombosis");
const planIds = (p: PatientReport) => [
  ...p.findings.flatMap((f) => f.management ?? []).map((m) => m.id),
  ...p.unexplained.flatMap((u) => u.management ?? []).map((m) => m.id),
];

describe("a bleed's own clots", () => {
  it.each([
    ["FHIR Condition", "Melena with clots requiring transfusion", fhirChart],
    ["CSV event row", "Melena with clots requiring transfusion", csvChart],
    ["FHIR Condition", "Hematemesis with blood clots, admitted", fhirChart],
    ["CSV event row", "Passing clots PR requiring transfusion", csvChart],
    ["FHIR Condition", "Melena, clots, admitted", fhirChart],
    ["CSV event row", "Rectal bleeding, clots, requiring transfusion", csvChart],
  ])("%s %s: no thrombosis finding, the bleed listed, tranexamic acid not forbidden", (_, words, read) => {
    const p = read(words);
    expect(thrombosis(p)).toBeUndefined();
    expect(p.unexplained.map((u) => u.abnormality)).toContain("major-bleeding");
    expect(planIds(p)).not.toContain("thr-avoid-antifibrinolytic");
  });

  it.each([
    ["FHIR Condition", "Melena with clots in the left femoral vein", fhirChart],
    ["CSV event row", "Melena; clot in the popliteal vein", csvChart],
    ["FHIR Condition", "Melena with clot in LV", fhirChart],
    ["CSV event row", "Hematuria, clot in the IVC", csvChart],
  ])("%s %s: the clot in a vein stays a thrombosis beside the bleed", (_, words, read) => {
    const p = read(words);
    expect(thrombosis(p)).toBeDefined();
    expect(planIds(p)).toContain("thr-avoid-antifibrinolytic");
  });
});
