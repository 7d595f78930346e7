import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { day, exposure, record } from "../../../../../test/support/record.js";
import { loadDisorders, loadManifest } from "../../../../knowledge/src/sources.js";
import type { LabResult, PatientRecord } from "../../contracts/model.js";
import type { ScoreResult } from "../../contracts/report.js";
import type { TherapyClass } from "../../contracts/vocabularies.js";
import type { DetectServices } from "./context.js";
import { detectAll } from "./engine.js";

const defs = loadDisorders(loadManifest());
const LABS = [
  "platelets",
  "hemoglobin",
  "anc",
  "fibrinogen",
  "inr",
  "aptt",
  "pt",
  "fviii-activity",
  "adamts13-activity",
  "ldh",
];
const services: DetectServices = {
  lab: (id) => ({ id, name: id, kind: "quantity", reference: { low: 1, high: 100, sourceIds: [] } }),
  score: (id, at): ScoreResult => ({
    id,
    value: 3,
    at,
    components: {},
    missing: [],
    interpretation: "",
    category: "x",
    evidence: [],
    sourceIds: [],
  }),
  scoreName: (id: string) => id,
  scoreLabs: () => ["platelets"],
  scoreEvents: () => [],
  ctcaeGrade: () => 2,
};

const labArb = fc.record({
  lab: fc.constantFrom(...LABS),
  d: fc.integer({ min: -60, max: 200 }),
  value: fc.double({ min: 0, max: 500, noNaN: true }),
});
const recordArb = fc
  .tuple(
    fc.constantFrom<TherapyClass>("ici", "bispecific", "antibody", "car-t"),
    fc.array(fc.integer({ min: 0, max: 150 }), { minLength: 1, maxLength: 6 }),
    fc.array(labArb, { maxLength: 40 }),
    fc.array(
      fc.record({
        kind: fc.constantFrom("bleeding", "thrombosis", "crs", "sepsis", "hit" as const),
        d: fc.integer({ min: -30, max: 200 }),
      }),
      {
        maxLength: 5,
      },
    ),
  )
  .map(
    ([cls, doseDays, labs, events]): PatientRecord =>
      record({
        exposures: [
          exposure(
            "drug",
            cls,
            [...new Set(doseDays)].sort((a, b) => a - b),
          ),
        ],
        labs: labs.map(
          (l, i): LabResult => ({
            ref: `Observation/${i}`,
            lab: l.lab,
            loinc: "x",
            at: day(l.d),
            value: l.value,
            original: {},
          }),
        ),
        events: events.map((e, i) => ({ ref: `Condition/${i}`, kind: e.kind, at: day(e.d) })),
      }),
  );

describe("detectors on random records", () => {
  it("never throw, are deterministic, and cite only records of the input", () => {
    fc.assert(
      fc.property(recordArb, (r) => {
        const a = detectAll(defs, r, day(210), services).detections;
        expect(detectAll(defs, r, day(210), services).detections).toEqual(a);
        const refs = new Set([
          ...r.labs.map((l) => l.ref),
          ...r.events.map((e) => e.ref),
          ...r.contextDrugs.map((c) => c.ref),
        ]);
        for (const f of a) {
          for (const c of [...f.criteria, ...f.differentials])
            for (const e of c.evidence) expect(refs.has(e)).toBe(true);
          expect(new Set(a.map((x) => x.disorder)).size).toBe(a.length);
        }
      }),
      { numRuns: 300 },
    );
  });
});
