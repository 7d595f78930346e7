/**
 * The mapped rows as one CSV file per CDM table (the columns of `cdm.ts`, in order), written in blocks,
 * so a bulk export goes through the same folder import as an OMOP CSV export — one load path, one
 * accounting, one idempotent re-import.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { CDM_TABLES, type CdmTable, TABLES } from "../cdm.js";
import type { CdmRow } from "./map.js";

/** One CSV field (RFC 4180: quoted when it holds a comma, quote or line break). */
function field(v: string | number | undefined): string {
  if (v === undefined) return "";
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export class CsvTables {
  private readonly fds = new Map<CdmTable, number>();
  private readonly pending = new Map<CdmTable, string[]>();
  readonly rows = new Map<CdmTable, number>();

  /** Opens one file per CDM table in `dir`, each with its header. */
  constructor(dir: string) {
    for (const table of CDM_TABLES) {
      const fd = openSync(join(dir, `${table}.csv`), "w");
      writeSync(fd, `${TABLES[table].columns.map((c) => c.name).join(",")}\n`);
      this.fds.set(table, fd);
      this.pending.set(table, []);
      this.rows.set(table, 0);
    }
  }

  add(table: CdmTable, row: CdmRow): void {
    const lines = this.pending.get(table) as string[];
    lines.push(TABLES[table].columns.map((c) => field(row[c.name])).join(","));
    this.rows.set(table, (this.rows.get(table) ?? 0) + 1);
    if (lines.length >= 10_000) this.flush(table);
  }

  private flush(table: CdmTable): void {
    const lines = this.pending.get(table) as string[];
    if (lines.length > 0) writeSync(this.fds.get(table) as number, `${lines.join("\n")}\n`);
    lines.length = 0;
  }

  /** Writes what is pending and closes the files (once; a second call does nothing). */
  close(): void {
    for (const [table, fd] of this.fds) {
      this.flush(table);
      closeSync(fd);
    }
    this.fds.clear();
  }
}
