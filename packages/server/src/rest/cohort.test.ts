/**
 * The cohort page's API as the web app calls it, over a generated cohort (enriched, seeded) imported and
 * screened twice into a DuckDB file: the flagged list of the last run with what is new or changed since
 * the one before, the statistics by therapy class and drug, and a flagged person assessed from their OMOP
 * rows showing the finding the list names. A database another process is writing is a 503 to retry; one
 * imported by another release is refused at the start and answered 409 naming the re-import;
 * callers are authorised as for the patient API; no person id reaches the log; a server without a cohort
 * database says how to give it one.
 */

import { spawn } from "node:child_process";
import {
  CohortFlaggedSchema,
  CohortStatsSchema,
  type FlaggedItem,
  PatientAssessmentSchema,
} from "@hemosentinel/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generatedCohort, screenedDbFile } from "../../../../test/support/cohort.js";
import { REPO_ROOT, signedCall, type TestServer, testServer } from "../test-support/ehr.js";

const FIRST = "2024-10-31T23:59:59Z";
const LAST = "2025-06-30T23:59:59Z";

describe("cohort API", { timeout: 300_000 }, () => {
  let t: TestServer;
  let runs: Awaited<ReturnType<typeof screenedDbFile>>["runs"];
  let dbPath: string;
  beforeAll(async () => {
    const db = await screenedDbFile(await generatedCohort(80, 21, 8), [FIRST, LAST]);
    runs = db.runs;
    dbPath = db.path;
    t = await testServer({ cohortDb: db.path });
  }, 240_000);
  afterAll(() => t.server.close());

  const get = (url: string) => signedCall(t, "GET", url);
  /** Marks the store as written by the release of store version `version`. */
  const setVersion = async (version: number) => {
    const { openDuckDb } = await import("@hemosentinel/cohort");
    const db = await openDuckDb(dbPath);
    try {
      await db.run(`UPDATE hemosentinel_results.store_version SET version = ${version}`);
    } finally {
      db.close();
    }
  };

  it("GET /api/cohort/flagged: the last run and every item it flagged, new or changed against the run before", async () => {
    const res = await get("/api/cohort/flagged");
    expect(res.statusCode).toBe(200);
    const body = CohortFlaggedSchema.parse(res.json());
    const last = runs[1];
    // The stored run: how many candidates the screen assessed is told by the screen itself only.
    expect({ ...body.run, assessed: last?.run.assessed, reusedFrom: last?.run.reusedFrom }).toEqual(
      last?.run,
    );
    expect(body.run).not.toHaveProperty("assessed");
    expect(body.previous).toEqual({ runId: runs[0]?.run.runId, evaluatedAt: FIRST });
    // The same items and statuses as the screen reported when it ran.
    expect(body.items).toEqual(last?.items);
    expect(body.resolved).toBe(last?.resolved.length);
    const statuses = new Set(body.items.map((i) => i.status));
    expect(statuses.has("new")).toBe(true);
    expect(statuses.size).toBeGreaterThan(1);
    expect(new Set(body.items.filter((i) => i.kind === "finding").map((i) => i.item)).size).toBeGreaterThan(
      2,
    );
  });

  it("GET /api/cohort/stats: cases and curves per disorder by therapy class (default), by drug, or whole cohort", async () => {
    const byClass = CohortStatsSchema.parse((await get("/api/cohort/stats")).json());
    expect(byClass.by).toBe("class");
    expect(byClass.run.evaluatedAt).toBe(LAST);
    expect(byClass.groups.map((g) => g.group)).toEqual(expect.arrayContaining(["ici"]));
    const cases = byClass.groups.flatMap((g) => g.disorders).reduce((n, d) => n + d.cases, 0);
    expect(cases).toBeGreaterThan(0);
    for (const d of byClass.groups.flatMap((g) => g.disorders))
      expect(d.curve[0]).toEqual({ day: 0, estimate: 0 });
    const all = CohortStatsSchema.parse((await get("/api/cohort/stats?by=all&certainty=definite")).json());
    expect([all.by, all.minCertainty, all.groups.map((g) => g.group)]).toEqual(["all", "definite", ["all"]]);
    const byDrug = CohortStatsSchema.parse((await get("/api/cohort/stats?by=drug")).json());
    expect(byDrug.groups.length).toBeGreaterThan(byClass.groups.length);
    const bad = await get("/api/cohort/stats?by=ward");
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ detail: "by: one of all, class, drug" });
  });

  it("GET /api/cohort/patients/{id}: a flagged person assessed from the OMOP rows as of the run shows the listed finding", async () => {
    const flagged = CohortFlaggedSchema.parse((await get("/api/cohort/flagged")).json());
    const item = flagged.items.find((i) => i.kind === "finding") as FlaggedItem;
    const res = await get(`/api/cohort/patients/${item.personId}`);
    expect(res.statusCode).toBe(200);
    const a = PatientAssessmentSchema.parse(res.json());
    expect(a.evaluatedAt).toBe(LAST);
    expect(a.patient.patientId).toBe(item.personId);
    expect(a.patient.findings).toContainEqual(
      expect.objectContaining({ disorder: item.item, certainty: item.certainty }),
    );
    expect(a.record.patientId).toBe(item.personId);
    // The person's id is in no log line (the route pattern is).
    const lines = t.log.lines.filter((l) => l.msg === "request" && l.route === "/api/cohort/patients/:id");
    expect(lines.length).toBeGreaterThan(0);
    expect(t.log.text()).not.toContain(`patients/${item.personId}`);
    expect(t.log.text()).not.toMatch(new RegExp(`"(person|patient)\\w*":"?${item.personId}\\b`));
  });

  it("a person the CDM does not hold, or an id that is not one, is a 404 problem", async () => {
    for (const id of ["99999999", "abc", "1%3B%20DROP%20TABLE%20x", "1234567890123456789"]) {
      const res = await get(`/api/cohort/patients/${id}`);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ detail: "the cohort database holds no such person" });
    }
  });

  it("answers 503 (retry) while another process writes the database, and again once it has finished", async () => {
    // A writer in another process, as `cohort screen` is: DuckDB then refuses readers the file.
    const writer = spawn(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        `import { DuckDBInstance } from "@duckdb/node-api";
         const db = await DuckDBInstance.create(${JSON.stringify(dbPath)});
         await db.connect();
         process.stdout.write("open");
         setInterval(() => undefined, 1000);`,
      ],
      { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "inherit"] },
    );
    const exited = new Promise((resolve) => writer.once("exit", resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        writer.stdout.once("data", () => resolve());
        writer.once("exit", (code) => reject(new Error(`the writer exited (${code}) before opening`)));
      });
      const busy = await get("/api/cohort/flagged");
      expect(busy.statusCode).toBe(503);
      expect(busy.json()).toMatchObject({
        type: "/api/docs#problem-busy",
        detail: "the cohort database is being written (import or screen): retry when it has finished",
      });
    } finally {
      writer.kill("SIGTERM");
      await exited;
    }
    expect((await get("/api/cohort/flagged")).statusCode).toBe(200);
  });

  it("answers 409 (its own problem type, not 'busy') naming the re-import for a store imported by an earlier release after the start, and reads it again once imported", async () => {
    const { STORE_VERSION } = await import("@hemosentinel/cohort");
    await setVersion(STORE_VERSION - 1);
    try {
      for (const url of ["/api/cohort/flagged", "/api/cohort/stats", "/api/cohort/patients/1"]) {
        const res = await get(url);
        expect(res.statusCode, url).toBe(409);
        expect(res.json().type, url).toBe("/api/docs#problem-cohort-store-version");
        expect(res.json().detail, url).toMatch(
          /^the cohort database cannot be read: this store was imported by an earlier HemoSentinel release .*run `hemosentinel cohort import <OMOP folder> --db <this database>` again/,
        );
      }
    } finally {
      await setVersion(STORE_VERSION);
    }
    expect((await get("/api/cohort/flagged")).statusCode).toBe(200);
    // The problem type names a section of the API's docs page that says what to do.
    const docs = await t.server.app.inject({ method: "GET", url: "/api/docs" });
    expect(docs.body).toMatch(/id="problem-cohort-store-version".*409.*hemosentinel cohort import/s);
  });

  it("refuses to start on a store imported by an earlier release or written by a later one, saying what to do", async () => {
    const { STORE_VERSION } = await import("@hemosentinel/cohort");
    // The running server holds no handle between requests, so the file can be changed under it.
    try {
      await setVersion(STORE_VERSION - 1);
      await expect(testServer({ cohortDb: dbPath })).rejects.toThrow(
        /^--cohort-db .*: the cohort database cannot be read: this store was imported by an earlier HemoSentinel release .*run `hemosentinel cohort import <OMOP folder> --db <this database>` again/,
      );
      await setVersion(STORE_VERSION + 1);
      await expect(testServer({ cohortDb: dbPath })).rejects.toThrow(
        /^--cohort-db .*: the cohort database cannot be read: this store was written by a later HemoSentinel release/,
      );
    } finally {
      await setVersion(STORE_VERSION);
    }
    // The store of this release: the server starts and reads it.
    const again = await testServer({ cohortDb: dbPath });
    try {
      expect((await signedCall(again, "GET", "/api/cohort/flagged")).statusCode).toBe(200);
    } finally {
      await again.server.close();
    }
  });

  it("is authorised like the patient API: no token 401, a report link's access token grants nothing here", async () => {
    for (const url of ["/api/cohort/flagged", "/api/cohort/stats", "/api/cohort/patients/1?access=x"]) {
      const res = await t.server.app.inject({ method: "GET", url });
      expect(res.statusCode).toBe(401);
    }
  });

  it("without configured clients answers loopback callers only", async () => {
    const open = await testServer({ config: { clients: [] }, cohortDb: undefined });
    try {
      const remote = await open.server.app.inject({
        method: "GET",
        url: "/api/cohort/flagged",
        remoteAddress: "10.0.0.7",
      });
      expect(remote.statusCode).toBe(403);
      // This server has no cohort database: it says how to give it one.
      const local = await open.server.app.inject({ method: "GET", url: "/api/cohort/flagged" });
      expect(local.statusCode).toBe(404);
      expect(local.json()).toMatchObject({
        detail: "this server has no cohort database: start it with `hemosentinel serve --cohort-db FILE`",
      });
    } finally {
      await open.server.close();
    }
  });
});
