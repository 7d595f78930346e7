import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { generatedCohort, testKnowledge } from "../../../../test/support/cohort.js";
import { tempDir } from "../../../../test/support/temp.js";
import { generateCohort } from "./generate.js";
import { CONCEPTS, conceptIds, LOCAL_CONCEPT_START } from "./vocabulary.js";

const EUNOMIA = join(import.meta.dirname, "..", "..", "..", "..", "..", "shared", "data", "omop-synthea27nj");
const TABLES = [
  "person",
  "observation_period",
  "drug_exposure",
  "measurement",
  "condition_occurrence",
  "death",
  "concept",
];

const lines = (dir: string, table: string) =>
  readFileSync(join(dir, `${table}.csv`), "utf8")
    .trimEnd()
    .split("\n");

describe("cohort generate", { timeout: 60_000 }, () => {
  it("is deterministic per seed: the same files byte for byte", async () => {
    const a = await generatedCohort(60, 11, 1);
    const b = join(tempDir("gen-"), "cdm");
    await generateCohort({ patients: 60, seed: 11, out: b }, testKnowledge().incidence);
    for (const t of TABLES)
      expect(readFileSync(join(b, `${t}.csv`), "utf8"), t).toBe(readFileSync(join(a, `${t}.csv`), "utf8"));
  });

  it("gives patient n the same data whatever the cohort size, and another seed other data", async () => {
    const small = await generatedCohort(60, 11, 1);
    const large = await generatedCohort(90, 11, 1);
    const other = await generatedCohort(60, 12, 1);
    expect(lines(large, "person").slice(0, 61)).toEqual(lines(small, "person"));
    expect(lines(other, "person")).not.toEqual(lines(small, "person"));
  });

  it("uses the OHDSI concept id where Eunomia's vocabulary has the code (platelets 777-3 = 3024929), else a local id ≥ 2,000,000,000", () => {
    const eunomia = new Map<string, string>();
    for (const line of readFileSync(join(EUNOMIA, "CONCEPT.csv"), "utf8").split("\n").slice(1)) {
      const f = line.split(",");
      // concept_id, name (may hold commas: read the vocabulary and code from the right)
      if (f.length >= 10) eunomia.set(f[0] as string, `${f[f.length - 7]}|${f[f.length - 4]}`);
    }
    const ids = conceptIds();
    expect(ids.get("platelets")).toBe(3024929);
    for (const c of CONCEPTS) {
      const id = ids.get(c.key) as number;
      if (c.standardId !== undefined) {
        // Either Eunomia holds the concept with this vocabulary and code, or it does not hold the id at all.
        const there = eunomia.get(String(id));
        if (there !== undefined) expect(there, c.key).toBe(`${c.vocabulary}|${c.code}`);
      } else expect(id, c.key).toBeGreaterThanOrEqual(LOCAL_CONCEPT_START);
    }
    expect(new Set(ids.values()).size).toBe(ids.size);
  });

  it("draws cases at the knowledge's rates, and --enrich multiplies them", async () => {
    const incidence = testKnowledge().incidence;
    const plain = await generateCohort(
      { patients: 400, seed: 5, out: join(tempDir("gen-"), "a") },
      incidence,
    );
    const enriched = await generateCohort(
      {
        patients: 400,
        seed: 5,
        enrich: 10,
        out: join(tempDir("gen-"), "b"),
      },
      incidence,
    );
    const total = (c: Readonly<Record<string, number>>, disorder: string) =>
      Object.entries(c)
        .filter(([k]) => k.startsWith(`${disorder}/`))
        .reduce((n, [, v]) => n + v, 0);
    expect(total(enriched.cases, "itp")).toBeGreaterThan(3 * total(plain.cases, "itp"));
    expect(total(enriched.cases, "aha")).toBeGreaterThanOrEqual(total(plain.cases, "aha"));
    expect(enriched.rows.measurement).toBeGreaterThan(400 * 50);
  });
});
