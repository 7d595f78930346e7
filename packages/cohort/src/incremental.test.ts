import type { CohortDatabase } from "@hemosentinel/cohort";
import type { Knowledge } from "@hemosentinel/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatedCohort, importedDb, testKnowledge } from "../../../test/support/cohort.js";
import { isUnchanged, type ReusableRun, timeHorizonDays } from "./incremental.js";
import { prefilterCandidates, type ScreenItem, type ScreenResult, screenCohort } from "./screen.js";

const AT = "2025-06-30T23:59:59Z";
const key = (i: ScreenItem) =>
  JSON.stringify([i.personId, i.kind, i.item, i.certainty, i.grade, i.at, i.drug, i.summary]);
const keys = (r: ScreenResult) => r.items.map(key).sort();

describe("time horizon of the knowledge", () => {
  const horizon = (value: unknown) => timeHorizonDays(value as Knowledge);

  it("is the longest forward reach of any day or hour field, not a look-back offset", () => {
    expect(horizon({ disorders: [{ window: { startDay: -3650, endDay: 30 }, episodeDays: 14 }] })).toBe(30);
    expect(horizon({ scores: [{ withinHours: 24 * 40 + 1 }], latency: { maxDays: 40 } })).toBe(41);
    expect(horizon({ nothing: "days" })).toBe(0);
  });

  it("covers every episode length and latency window of the shipped knowledge", () => {
    const k = testKnowledge();
    const h = timeHorizonDays(k);
    for (const d of k.disorders) {
      expect(h).toBeGreaterThanOrEqual(d.episodeDays);
      for (const l of [...Object.values(d.latency ?? {}), ...Object.values(d.latencyByDrug ?? {})]) {
        expect(h).toBeGreaterThanOrEqual(l?.maxDays ?? 0);
        expect(h).toBeGreaterThanOrEqual(l?.afterLatestDose?.maxDays ?? 0);
      }
    }
    // Alemtuzumab's 48 months after the last infusion (disorders/itp.yaml, ttp.yaml) is the longest window.
    expect(h).toBe(1461);
  });
});

describe("whether a candidate is unchanged since a run", () => {
  const prior: ReusableRun = {
    runId: 4,
    evaluatedAt: "2025-06-30T23:59:59Z",
    states: new Map([["7", { fingerprint: "12:345", lastAt: "2025-03-01T00:00:00Z" }]]),
  };
  const state = (fingerprint: string, lastAt: string | null) => ({ fingerprint, lastAt });

  it("at the same evaluation time: when the fingerprint is the same", () => {
    expect(isUnchanged(prior, "7", state("12:345", "2025-06-30T00:00:00Z"), prior.evaluatedAt, 730)).toBe(
      true,
    );
    expect(isUnchanged(prior, "7", state("13:345", "2025-03-01T00:00:00Z"), prior.evaluatedAt, 730)).toBe(
      false,
    );
    expect(isUnchanged(prior, "8", state("12:345", "2025-03-01T00:00:00Z"), prior.evaluatedAt, 730)).toBe(
      false,
    );
  });

  it("at a later time: only once every window from the last record closed before the earlier run", () => {
    const later = "2025-07-01T23:59:59Z";
    // Last record 2025-03-01: 121 days before the run (a horizon of 121 has closed, 122 has not).
    expect(isUnchanged(prior, "7", state("12:345", "2025-03-01T00:00:00Z"), later, 121)).toBe(true);
    expect(isUnchanged(prior, "7", state("12:345", "2025-03-01T00:00:00Z"), later, 122)).toBe(false);
    expect(isUnchanged(prior, "7", state("12:345", null), later, 0)).toBe(false);
    expect(isUnchanged(prior, "7", state("13:345", "2020-01-01T00:00:00Z"), later, 1)).toBe(false);
  });
});

describe("incremental daily screen", { timeout: 300_000 }, () => {
  let db: CohortDatabase;
  beforeAll(async () => {
    db = (await importedDb(await generatedCohort(80, 33, 8))).db;
  }, 120_000);
  afterAll(() => db.close());

  const screen = (evaluatedAt: string, extra: { record?: boolean; reuse?: boolean } = {}) =>
    screenCohort(db, testKnowledge(), { evaluatedAt, version: "test", since: "last", ...extra });
  const full = (evaluatedAt: string) => screen(evaluatedAt, { record: false, reuse: false });

  it("re-assesses nobody when nothing changed, and exactly the patients whose rows changed", async () => {
    const first = await screen(AT);
    expect(first.run).toMatchObject({ assessed: first.run.candidates, reusedFrom: null });
    expect(first.run.candidates).toBeGreaterThan(5);

    const again = await screen(AT);
    expect(again.run).toMatchObject({ assessed: 0, reusedFrom: first.run.runId });
    expect(again.items.every((i) => i.status === "unchanged")).toBe(true);
    expect(again.resolved).toEqual([]);
    expect(keys(again)).toEqual(keys(first));

    // A new, grade 4 platelet count the day before, for one candidate and for one exposed patient the
    // prefilter had not passed on.
    const { exposed, candidates } = await prefilterCandidates(db, testKnowledge(), AT);
    const passed = new Set(candidates.map((c) => c.personId));
    const candidate = candidates[0]?.personId;
    // The copied row is one of the patient's own platelet counts: pick an exposed patient who has one and is
    // alive on its date (a count after a charted death is no finding).
    const counted = new Set(
      (
        await db.all(`SELECT DISTINCT m.person_id FROM cdm.measurement m
          JOIN cdm.concept c ON c.concept_id = m.measurement_concept_id WHERE c.concept_code = '777-3'
          AND m.person_id NOT IN (SELECT person_id FROM cdm.death)`)
      ).map((r) => String(r.person_id)),
    );
    const other = exposed.find((id) => !passed.has(id) && counted.has(String(id)));
    expect(candidate && other).toBeTruthy();
    for (const [n, person] of [candidate, other].entries())
      await db.run(`INSERT INTO cdm.measurement SELECT * REPLACE (
          (SELECT max(measurement_id) + 1 FROM cdm.measurement) AS measurement_id,
          DATE '2025-06-29' AS measurement_date, TIMESTAMP '2025-06-29 0${n}:00:00' AS measurement_datetime,
          8 AS value_as_number)
        FROM cdm.measurement WHERE measurement_id = (SELECT min(m.measurement_id) FROM cdm.measurement m
          JOIN cdm.concept c ON c.concept_id = m.measurement_concept_id
          WHERE c.concept_code = '777-3' AND m.person_id = ${person})`);

    const changed = await screen(AT);
    expect(changed.run).toMatchObject({ assessed: 2, reusedFrom: again.run.runId });
    expect(keys(changed)).toEqual(keys(await full(AT)));
    expect(changed.items.some((i) => i.personId === other && i.status === "new")).toBe(true);
    expect(
      changed.items
        .filter((i) => i.status !== "unchanged")
        .every((i) => i.personId === other || i.personId === candidate),
    ).toBe(true);
  });

  it("re-assesses when the evaluation time moves on while a window can still change, not once all have closed", async () => {
    // A day later, recent patients are re-assessed: the result equals a full screen's.
    const next = await screen("2025-07-01T23:59:59Z");
    expect(next.run.assessed).toBeGreaterThan(0);
    expect(keys(next)).toEqual(keys(await full("2025-07-01T23:59:59Z")));

    // Long after every record, with every window closed, time moving on re-assesses nobody.
    const late = await screen("2030-01-01T23:59:59Z");
    const later = await screen("2030-06-01T23:59:59Z");
    expect(late.run.assessed).toBe(late.run.candidates);
    expect(later.run).toMatchObject({ assessed: 0, reusedFrom: late.run.runId });
    expect(keys(later)).toEqual(keys(await full("2030-06-01T23:59:59Z")));
  });

  it("re-assesses everyone for another knowledge or engine version, or when asked to", async () => {
    const base = await screen("2030-06-01T23:59:59Z");
    expect(base.run.assessed).toBe(0);
    const other = await screenCohort(db, testKnowledge(), {
      evaluatedAt: "2030-06-01T23:59:59Z",
      version: "test-2",
      record: false,
    });
    expect(other.run).toMatchObject({ assessed: other.run.candidates, reusedFrom: null });
    const asked = await screen("2030-06-01T23:59:59Z", { reuse: false, record: false });
    expect(asked.run.assessed).toBe(asked.run.candidates);
  });
});
