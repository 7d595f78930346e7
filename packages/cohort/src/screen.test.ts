import type { CohortDatabase } from "@hemosentinel/cohort";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatedCohort, importedDb, testKnowledge } from "../../../test/support/cohort.js";
import { engineItems, prefilterCandidates, type ScreenItem, screenCohort } from "./screen.js";

const AT = "2025-06-30T23:59:59Z";
const key = (i: ScreenItem) =>
  JSON.stringify([i.personId, i.kind, i.item, i.certainty, i.grade, i.at, i.drug]);

describe("cohort screen", { timeout: 300_000 }, () => {
  let db: CohortDatabase;
  beforeAll(async () => {
    // Enriched so that the rare disorders appear in a cohort small enough for CI.
    db = (await importedDb(await generatedCohort(160, 21, 8))).db;
  }, 120_000);
  afterAll(() => db.close());

  it("drops no patient the full engine would flag: the screen's findings equal the engine's over every exposed patient and every patient whose words name an immunotherapy", async () => {
    const k = testKnowledge();
    const { exposed, candidates } = await prefilterCandidates(db, k, AT);
    // The engine lists a drug named only in words (no dated dose) too: every person whose condition or procedure
    // concept names a catalogue immunotherapy, as the core's own matcher reads it, is assessed as well.
    const named = await db.all(
      `SELECT DISTINCT CAST(x.person_id AS VARCHAR) AS person_id, c.concept_name FROM (
         SELECT person_id, condition_concept_id AS concept_id FROM cdm.condition_occurrence
         UNION SELECT person_id, procedure_concept_id FROM cdm.procedure_occurrence) x
       JOIN cdm.concept c ON c.concept_id = x.concept_id`,
    );
    const words = named
      .filter((r) =>
        k.vocabulary
          .medications({ codings: [], text: String(r.concept_name ?? "") })
          .some((m) => m.kind === "immunotherapy"),
      )
      .map((r) => String(r.person_id));
    const assessed = [...new Set([...exposed, ...words])].sort();
    const full = await engineItems(db, k, assessed, { evaluatedAt: AT, version: "test" });
    const screened = await screenCohort(db, k, { evaluatedAt: AT, version: "test", record: false });
    expect(screened.items.map(key).sort()).toEqual(full.map(key).sort());
    // The prefilter does narrow the cohort down, and what it passes on covers several disorders.
    expect(candidates.length).toBeLessThan(exposed.length);
    const disorders = new Set(full.filter((i) => i.kind === "finding").map((i) => i.item));
    expect(disorders.size).toBeGreaterThanOrEqual(4);
    expect(full.some((i) => i.kind === "unexplained")).toBe(true);
    // A DVT charted in a note that also names a HIT being ruled out (one record, two events): the concept
    // map holds both kinds, so the prefilter passes these patients on and the screen flags their thrombosis.
    const noted = await db.all(
      `SELECT DISTINCT CAST(o.person_id AS VARCHAR) AS person_id FROM cdm.condition_occurrence o
       JOIN cdm.concept c ON c.concept_id = o.condition_concept_id WHERE c.concept_code = 'dvt-hit-workup'`,
    );
    const thrombosis = (items: readonly ScreenItem[]) =>
      new Set(items.filter((i) => i.item === "thrombosis").map((i) => i.personId));
    const exposedSet = new Set(exposed);
    const notedExposed = noted.map((r) => String(r.person_id)).filter((p) => exposedSet.has(p));
    expect(notedExposed.length).toBeGreaterThan(0);
    for (const p of notedExposed) expect(thrombosis(screened.items).has(p), p).toBe(thrombosis(full).has(p));
    expect(notedExposed.some((p) => thrombosis(screened.items).has(p))).toBe(true);
  });

  it("runs daily: a later run reports what is new or changed since the last, an identical run nothing new", async () => {
    const k = testKnowledge();
    const first = await screenCohort(db, k, {
      evaluatedAt: "2024-08-31T23:59:59Z",
      version: "test",
      since: "last",
    });
    expect(first.since).toBeNull();
    expect(first.items.every((i) => i.status === "new")).toBe(true);
    const second = await screenCohort(db, k, { evaluatedAt: AT, version: "test", since: "last" });
    expect(second.since).toEqual({ runId: first.run.runId, evaluatedAt: "2024-08-31T23:59:59Z" });
    const statuses = new Set(second.items.map((i) => i.status));
    expect(statuses.has("new")).toBe(true);
    expect(statuses.has("unchanged")).toBe(true);
    // Every item of the first run is still there (unchanged or changed) or listed as resolved.
    const later = new Set(second.items.map((i) => `${i.personId}|${i.kind}|${i.item}`));
    for (const i of first.items)
      expect(
        later.has(`${i.personId}|${i.kind}|${i.item}`) ||
          second.resolved.some((r) => r.personId === i.personId),
      ).toBe(true);
    const third = await screenCohort(db, k, { evaluatedAt: AT, version: "test", since: "last" });
    expect(third.items.every((i) => i.status === "unchanged")).toBe(true);
    expect(third.resolved).toEqual([]);
    expect(third.run).toMatchObject({
      runId: second.run.runId + 1,
      knowledgeVersion: k.version,
      knowledgeHash: k.hash,
    });
  });

  it("compares with the latest run evaluated by a date (--since DATE), and lists what a run no longer flags", async () => {
    const k = testKnowledge();
    // The first run (evaluated 2024-08-31) is the latest evaluated by 2024-12-31.
    const back = await screenCohort(db, k, {
      evaluatedAt: AT,
      version: "test",
      since: "2024-12-31",
      record: false,
    });
    expect(back.since?.evaluatedAt).toBe("2024-08-31T23:59:59Z");
    expect(back.items.some((i) => i.status === "new")).toBe(true);
    // Screening as of an earlier day than the last run: what appeared since then is not flagged yet.
    const earlier = await screenCohort(db, k, {
      evaluatedAt: "2024-08-31T23:59:59Z",
      version: "test",
      since: "last",
      record: false,
    });
    expect(earlier.resolved.length).toBeGreaterThan(0);
  });
});
