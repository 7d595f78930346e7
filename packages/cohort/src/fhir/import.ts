/**
 * `cohort import` of a FHIR Bulk Data export: every NDJSON line streamed through the core's reader, each
 * resource mapped to CDM rows (map.ts) written as one CSV file per table into a temporary folder, which
 * then goes through the OMOP folder import — so units, values, references, duplicates, the rejection list
 * and idempotent re-import are one code path for CSV, Parquet and FHIR. What the mapping itself rejects is
 * added to the same rejection list; rows the CDM import rejects are named by their export file and line.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectEntries, type Knowledge, ndjsonLines, parseNdjsonLine } from "@hemosentinel/core";
import type { AbsentPerson } from "../absent-persons.js";
import { type CdmTable, RESULTS_SCHEMA } from "../cdm.js";
import type { CohortDatabase } from "../database.js";
import { insertRows } from "../sql.js";
import { ConceptIds } from "./concept-ids.js";
import { CsvTables } from "./csv-tables.js";
import { type ComponentVerdict, type FhirRejectionCode, FhirToCdm, type Verdict } from "./map.js";
import { exportFiles, textChunks } from "./source.js";
import { locationOf, withdrawnInExport } from "./withdrawn.js";

const S = RESULTS_SCHEMA;
/** The `table_name` in the rejection list of an NDJSON line that holds no resource. */
const LINE_ENTRY = "(line)";
/** The accounting line of a Patient's death (`deceased[x]`), beside the Patient's own. */
export const DECEASED = "Patient.deceased[x]";
/**
 * The accounting line of the components of Observation panels read component by component (a CBC sent
 * as one Observation), beside the Observations' own: each a row or rejected with its reason.
 */
export const COMPONENT = "Observation.component";
/**
 * The accounting line of the part of a Condition its status leaves unread (one of the problems its words
 * name, beside one that is read), as the core's adapter rejects that part while using the rest.
 */
export const CONDITION_PART = "Condition.partial";
/** What became of the resources of one type: read = mapped + lookup + ignored + rejected. */
export interface FhirTypeSummary {
  readonly type: string;
  readonly read: number;
  /** Resources that became a row of `table` (then judged by the CDM import like any row). */
  readonly mapped: number;
  readonly table?: CdmTable;
  /** Medication resources, read for the codes of the records that name them. */
  readonly lookup: number;
  /** Resources of a type outside the mapping (Encounter, Claim, …). */
  readonly ignored: number;
  readonly rejected: readonly { code: FhirRejectionCode; detail: string; rows: number }[];
}

export interface FhirSummary {
  /** The NDJSON files read, with their resources. */
  readonly files: readonly { readonly file: string; readonly resources: number }[];
  readonly resources: readonly FhirTypeSummary[];
  /** Lines that hold no resource (not JSON, not FHIR, an empty Bundle entry), by code. */
  readonly unreadable: readonly { code: string; detail: string; rows: number }[];
  /** Files a manifest lists that cannot be read, files that failed part-way, in words. */
  readonly problems: readonly string[];
}

class TypeCount {
  read = 0;
  mapped = 0;
  lookup = 0;
  ignored = 0;
  table: CdmTable | undefined;
  readonly rejected = new Map<string, { code: FhirRejectionCode; detail: string; rows: number }>();
}

/** Export file and line of each row of a CDM table, by its row number there (a few bytes a row). */
class Provenance {
  private line = new Uint32Array(1 << 16);
  private file = new Uint32Array(1 << 16);

  set(row: number, file: number, line: number): void {
    if (row >= this.line.length) {
      const grow = (a: Uint32Array) => {
        const b = new Uint32Array(Math.max(a.length * 2, row + 1));
        b.set(a);
        return b;
      };
      this.line = grow(this.line);
      this.file = grow(this.file);
    }
    this.line[row] = line;
    this.file[row] = file;
  }

  of(row: number): { file: number; line: number } {
    return { file: this.file[row] ?? 0, line: this.line[row] ?? 0 };
  }
}

/** The value of `key`, added by `make` when absent. */
function entry<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}

/**
 * Imports the FHIR export at `src` (a folder, a manifest or an NDJSON file): maps it into a temporary
 * folder and hands that to `load` (the OMOP folder import), then completes the rejection list; the
 * summary is `load`'s, with the tables' temporary file names left out and the export's own accounting.
 */
export async function importFhirExport<
  S extends { readonly tables: readonly object[]; readonly absentPersons?: readonly AbsentPerson[] },
>(
  db: CohortDatabase,
  src: string,
  knowledge: Knowledge,
  load: (folder: string) => Promise<S>,
  onFile?: (name: string, index: number, total: number) => void,
): Promise<S & { readonly fhir: FhirSummary }> {
  const { files, problems: found } = exportFiles(src);
  const problems = [...found];
  const tmp = mkdtempSync(join(tmpdir(), "hemosentinel-fhir-"));
  const tables = new CsvTables(tmp);
  try {
    const concepts = new ConceptIds();
    const provenance = new Map<CdmTable, Provenance>();
    // The export file and line of the resource being mapped: every row it gives is named by them.
    const here = { file: 0, line: 0 };
    const mapper = new FhirToCdm(knowledge, concepts, {
      row: (t, r) => {
        tables.add(t, r);
        entry(provenance, t, () => new Provenance()).set(tables.rows.get(t) ?? 0, here.file, here.line);
      },
    });
    const types = new Map<string, TypeCount>();
    const unreadable = new Map<string, { code: string; detail: string; rows: number }>();
    const rejections: unknown[][] = [];
    const perFile = files.map(() => 0);
    const pending: { resource: Record<string, unknown>; file: number; line: number; position: string }[] = [];
    const count = (type: string) => entry(types, type, () => new TypeCount());
    const settle = (
      resource: Record<string, unknown>,
      file: number,
      line: number,
      v: Verdict | ComponentVerdict,
      type: string,
    ): void => {
      const t = count(type);
      t.read++;
      for (const c of "components" in v ? (v.components ?? []) : []) {
        const id = typeof resource.id === "string" ? `${resource.resourceType}/${resource.id}` : undefined;
        settle({ ...(id !== undefined && { id: `${id}#component[${c.index}]` }) }, file, line, c, COMPONENT);
      }
      if (v.kind === "row") {
        t.mapped++;
        t.table = v.table;
      } else if (v.kind === "lookup") t.lookup++;
      else if (v.kind === "ignored") t.ignored++;
      else if (v.kind === "rejected") {
        entry(t.rejected, `${v.code}\u0000${v.detail}`, () => ({ code: v.code, detail: v.detail, rows: 0 }))
          .rows++;
        const name = files[file]?.name ?? "";
        const id =
          type === COMPONENT
            ? String(resource.id ?? `${name}:${line}`)
            : typeof resource.id === "string"
              ? `${resource.resourceType}/${resource.id}`
              : `${name}:${line}`;
        rejections.push([type, line, id, v.code, `${name}:${line}: ${v.reason}`]);
      }
    };
    // Results withdrawn with their report and versions replaced by a later one, as the core reads them.
    const withdrawn = await withdrawnInExport(files);
    const read = (
      resource: Record<string, unknown>,
      file: number,
      line: number,
      final = false,
      position = `line ${line}`,
    ) => {
      here.file = file;
      here.line = line;
      const gone = withdrawn.get(locationOf(file, { position }));
      const v: Verdict =
        gone === undefined ? mapper.map(resource, final) : { kind: "rejected", code: "not-final", ...gone };
      if (v.kind === "deferred") {
        pending.push({ resource, file, line, position });
        return;
      }
      settle(resource, file, line, v, String(resource.resourceType));
      if (v.kind === "row" && v.partial !== undefined)
        settle(resource, file, line, v.partial, CONDITION_PART);
      if (v.kind === "row" && v.table === "person") {
        const death = mapper.death(resource);
        if (death !== undefined) settle(resource, file, line, death, DECEASED);
      }
    };
    for (const [f, { path, name }] of files.entries()) {
      onFile?.(name, f, files.length);
      let at = 0;
      try {
        for await (const { line, text } of ndjsonLines(textChunks(path))) {
          at = line;
          const raw = text.trim();
          if (raw === "") continue;
          const parsed = parseNdjsonLine(raw, line, name);
          const { entries, errors } =
            "error" in parsed
              ? { entries: [], errors: [parsed.error] }
              : collectEntries([parsed.value], name, [`line ${line}`]);
          for (const e of errors) {
            const detail =
              e.code === "invalid-json"
                ? "the line is not valid JSON"
                : e.reason.replace(/line \d+(\.\S+)? /, "");
            entry(unreadable, `${e.code}\u0000${detail}`, () => ({ code: e.code, detail, rows: 0 })).rows++;
            rejections.push([LINE_ENTRY, line, e.ref, e.code, e.reason]);
          }
          for (const e of entries) {
            perFile[f] = (perFile[f] ?? 0) + 1;
            read(e.resource as unknown as Record<string, unknown>, f, line, false, e.position);
          }
        }
      } catch (e) {
        problems.push(
          `${name}: cannot be read${at > 0 ? ` after line ${at}` : ""} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        );
      }
    }
    for (const p of pending) read(p.resource, p.file, p.line, true, p.position);
    for (const row of mapper.observationPeriods()) tables.add("observation_period", row);
    for (const c of concepts.rows()) tables.add("concept", { ...c });
    tables.close();

    const summary = await load(tmp);
    await nameRejectedRows(db, provenance, files);
    await insertRows(db, `${S}.import_rejection`, rejections);
    const fhir: FhirSummary = {
      files: files.map((f, i) => ({ file: f.name, resources: perFile[i] ?? 0 })),
      resources: [...types]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([type, t]) => ({
          type,
          read: t.read,
          mapped: t.mapped,
          ...(t.table !== undefined && { table: t.table }),
          lookup: t.lookup,
          ignored: t.ignored,
          rejected: [...t.rejected.values()].sort((a, b) => b.rows - a.rows),
        })),
      unreadable: [...unreadable.values()].sort((a, b) => b.rows - a.rows),
      problems,
    };
    // The CDM tables came from the export, not from files of these names.
    const named = summary.tables.map((t) => {
      const { file: _file, ...rest } = t as { file?: string };
      return rest;
    });
    // A person the CDM import found in no person row is a Patient the export does not hold (or whose row
    // was rejected): named by its Patient id, as the patient adapter names an absent Patient.
    const patients = mapper.absentPatients();
    const persons = await personPatients(db, summary.absentPersons, patients);
    return { ...summary, ...(persons !== undefined && { absentPersons: persons }), tables: named, fhir };
  } finally {
    tables.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The absent persons with the Patient each stands for (the records' subject reference): a Patient the export
 * does not hold, or one whose resource was rejected (no birthDate). The rejection list's `unknown-person`
 * reasons name the Patient too.
 */
async function personPatients(
  db: CohortDatabase,
  absent: readonly AbsentPerson[] | undefined,
  patients: ReadonlyMap<number, string>,
): Promise<AbsentPerson[] | undefined> {
  if (absent === undefined) return undefined;
  const named = absent.map((p) => {
    const id = patients.get(Number(p.personId));
    return id === undefined ? p : { ...p, patient: `Patient/${id}` };
  });
  for (const p of named)
    if (p.patient !== undefined)
      await db.run(
        `UPDATE ${S}.import_rejection SET reason = replace(reason, ${db.dialect.string(`person_id ${p.personId} is not in person`)}, ${db.dialect.string(`person_id ${p.personId} (${p.patient}) is not in person`)}) WHERE code = 'unknown-person'`,
      );
  return named;
}

/** Rows the CDM import rejected, named by the export file and line they came from. */
async function nameRejectedRows(
  db: CohortDatabase,
  provenance: ReadonlyMap<CdmTable, Provenance>,
  files: readonly { readonly name: string }[],
): Promise<void> {
  const rows = await db.all(`SELECT table_name, line, row_id, code, reason FROM ${S}.import_rejection`);
  if (rows.length === 0) return;
  const named = rows.map((r) => {
    // The CDM import numbers a file's rows from 2 (line 1 is the header).
    const p = provenance.get(String(r.table_name) as CdmTable);
    if (p === undefined || r.line === null) return [r.table_name, r.line, r.row_id, r.code, r.reason];
    const at = p.of(Number(r.line) - 1);
    return [
      r.table_name,
      at.line,
      r.row_id,
      r.code,
      `${r.reason} (${files[at.file]?.name ?? ""}:${at.line})`,
    ];
  });
  await db.run(`DELETE FROM ${S}.import_rejection`);
  await insertRows(db, `${S}.import_rejection`, named);
}
