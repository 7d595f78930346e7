/** The persons other CDM tables name but the person table lacks, as the import summary lists them. */
import { CDM_TABLES, type CdmTable, RESULTS_SCHEMA } from "./cdm.js";
import type { CohortDatabase } from "./database.js";

const S = RESULTS_SCHEMA;

/**
 * A person that rows of other tables name but the person table does not hold (a subset extract, a person
 * row rejected): the rows are rejected as `unknown-person`, and the person is named here, never dropped
 * silently. The CDM requires a person row (year of birth) for every record, so they are not assessed.
 */
export interface AbsentPerson {
  readonly personId: string;
  /** Rows naming the person, rejected, over all tables. */
  readonly rows: number;
  /** The tables those rows were in. */
  readonly tables: readonly CdmTable[];
  /** Why the person's own row was rejected, when the person table had one. */
  readonly personRowRejected?: string;
  /** The FHIR Patient the person stands for, when the import was a FHIR export. */
  readonly patient?: string;
}

/** The persons the rejected `unknown-person` rows name, with their rows by table and their own row's fate. */
export async function absentPersons(db: CohortDatabase): Promise<AbsentPerson[]> {
  const rows = await db.all(
    `WITH named AS (
       SELECT regexp_extract(reason, 'person_id (-?[0-9]+) is not in person', 1) AS person_id, table_name
       FROM ${S}.import_rejection WHERE code = 'unknown-person')
     SELECT n.person_id, n.table_name, count(*) AS rows,
       (SELECT min(r.reason) FROM ${S}.import_rejection r
        WHERE r.table_name = 'person' AND r.row_id = n.person_id) AS person_reason
     FROM named n WHERE n.person_id <> '' GROUP BY n.person_id, n.table_name`,
  );
  const byPerson = new Map<string, { rows: number; tables: CdmTable[]; reason?: string }>();
  for (const r of rows) {
    const id = String(r.person_id);
    const p = byPerson.get(id) ?? { rows: 0, tables: [] };
    p.rows += Number(r.rows);
    p.tables.push(String(r.table_name) as CdmTable);
    if (r.person_reason !== null && r.person_reason !== undefined) p.reason = String(r.person_reason);
    byPerson.set(id, p);
  }
  return [...byPerson]
    .map(([personId, p]) => ({
      personId,
      rows: p.rows,
      tables: p.tables.sort((a, b) => CDM_TABLES.indexOf(a) - CDM_TABLES.indexOf(b)),
      ...(p.reason !== undefined && { personRowRejected: p.reason }),
    }))
    .sort((a, b) => b.rows - a.rows || Number(a.personId) - Number(b.personId));
}
