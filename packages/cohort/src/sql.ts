/** Small SQL helpers shared by the import, the maps and the screen. */
import type { CohortDatabase } from "./database.js";

/** A JavaScript value as a SQL literal (text quoted, null as NULL). */
export function literal(db: Pick<CohortDatabase, "dialect">, v: unknown): string {
  if (v === null || v === undefined) return "NULL";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "NULL";
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  return db.dialect.string(String(v));
}

/** Inserts rows (in the table's column order) in batches of VALUES lists. */
export async function insertRows(
  db: CohortDatabase,
  table: string,
  rows: readonly (readonly unknown[])[],
  batch = 500,
): Promise<void> {
  for (let i = 0; i < rows.length; i += batch) {
    const values = rows
      .slice(i, i + batch)
      .map((r) => `(${r.map((v) => literal(db, v)).join(", ")})`)
      .join(",\n");
    await db.run(`INSERT INTO ${table} VALUES ${values}`);
  }
}
