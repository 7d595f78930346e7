/**
 * `cohort screen --candidates FILE`: person ids selected elsewhere — by the screening SQL run on a Spark /
 * Databricks OMOP warehouse (`cohort sql --dialect spark`), exported as CSV — assessed with the full
 * engine from the local store's records. The file is a CSV with a `person_id` column (the Spark query's
 * own output: `person_id,reasons`) or one id per line; DuckDB's CSV reader reads it. A line whose id is
 * not a whole number, or repeats an earlier one, is reported with its line number and left out; an id the
 * local store holds no person for is named in the result (its records must be imported first).
 */
import { type CohortDatabase, openDuckDb } from "./database.js";
import { exposureQuery } from "./prefilter.js";

export interface CandidateProblem {
  /** Line of the file (1-based, the header included). */
  readonly line: number;
  readonly text: string;
  readonly reason: string;
}

export interface CandidateFile {
  /** Distinct ids, in file order. */
  readonly ids: readonly string[];
  readonly problems: readonly CandidateProblem[];
}

const ID = /^\d{1,18}$/;

/**
 * Reads a candidates file.
 * @example
 * const { ids, problems } = await readCandidates("candidates.csv");
 */
export async function readCandidates(path: string): Promise<CandidateFile> {
  const db = await openDuckDb(":memory:");
  try {
    // No header sniffing (every field is text, so a first id would pass for a header): a first line
    // naming person_id is the header, anything else is data.
    const src = `read_csv(${db.dialect.string(path)}, header = false, all_varchar = true, null_padding = true)`;
    const columns = (await db.all(`DESCRIBE SELECT * FROM ${src}`)).map((c) => String(c.column_name));
    const first = (await db.all(`SELECT * FROM ${src} LIMIT 1`))[0] ?? {};
    const named = columns.find(
      (c) =>
        String(first[c] ?? "")
          .trim()
          .toLowerCase() === "person_id",
    );
    const column = named ?? columns[0];
    if (column === undefined) return { ids: [], problems: [] };
    const rows = await db.all(
      `SELECT line, id FROM (SELECT row_number() OVER () AS line, trim(coalesce(${db.dialect.identifier(column)}, '')) AS id FROM ${src}) r
       WHERE line > ${named === undefined ? 0 : 1} ORDER BY line`,
    );
    const ids: string[] = [];
    const seen = new Map<string, number>();
    const problems: CandidateProblem[] = [];
    for (const r of rows) {
      const line = Number(r.line);
      const id = String(r.id);
      if (!ID.test(id)) problems.push({ line, text: id, reason: "not a person id (a whole number)" });
      else if (seen.has(id))
        problems.push({ line, text: id, reason: `repeats the id of line ${seen.get(id)}` });
      else {
        seen.set(id, line);
        ids.push(String(BigInt(id)));
      }
    }
    return { ids, problems };
  } finally {
    db.close();
  }
}

/**
 * The given candidates as the screen takes them, with the persons exposed by `evaluatedAt` in the local
 * store, and the ids the store holds no person for.
 */
export async function givenCandidates(
  db: CohortDatabase,
  ids: readonly string[],
  evaluatedAt: string,
): Promise<{
  exposed: string[];
  candidates: { personId: string; reasons: string[] }[];
  notInStore: string[];
}> {
  const d = db.dialect;
  const exposed = (
    await db.all(
      `SELECT DISTINCT CAST(person_id AS ${d.text}) AS person_id FROM (${exposureQuery(d, evaluatedAt, db.schemas)}) x`,
    )
  ).map((r) => String(r.person_id));
  const known = new Set<string>();
  for (let i = 0; i < ids.length; i += 5000) {
    const rows = await db.all(
      `SELECT CAST(person_id AS ${d.text}) AS person_id FROM ${db.schemas.cdm}.person WHERE person_id IN (${ids.slice(i, i + 5000).join(", ")})`,
    );
    for (const r of rows) known.add(String(r.person_id));
  }
  return {
    exposed,
    candidates: ids.filter((id) => known.has(id)).map((personId) => ({ personId, reasons: ["given"] })),
    notInStore: ids.filter((id) => !known.has(id)),
  };
}
