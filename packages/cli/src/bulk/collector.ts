/**
 * The first pass over a bulk run: every resource is stored (see spill.ts) and remembered by little
 * more than the group it goes to, so that memory grows by about 20 bytes a resource, not by the input.
 * Patients read as whole documents (a self-contained Bundle, a CSV file) are kept as records instead,
 * as the in-memory engine keeps them.
 */
import { type Entry, mergeRecords, type PatientRecord } from "@hemosentinel/core";
import { IDENTIFIER, namesOf, placementOf, referenceKey } from "./placement.js";
import type { ResourceStore } from "./spill.js";

/** Marks a resource that names no patient (it joins the groups that refer to it). */
export const SHARED = 0xffffffff;
/** Group keys of Patients are their ids behind this prefix; other keys are references. */
const PATIENT_KEY = "\u0001";

/** What is stored of one resource: its file (by number), position, fullUrl and the resource itself. */
interface Stored {
  readonly f: number;
  readonly p: string;
  readonly u?: string;
  readonly r: Entry["resource"];
}

/** A patient read from whole documents, with the arrival number that orders it among the others. */
export interface DocumentPatient {
  record: PatientRecord;
  readonly arrival: number;
  /** Its Patient resource, so that records in other files that name it resolve (not counted again). */
  patient?: Entry;
}

function grownUint32(a: Uint32Array, need: number): Uint32Array {
  if (need <= a.length) return a;
  const b = new Uint32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

export class Collector {
  /** Input files by number, as the report names them. */
  readonly files: string[] = [];
  private readonly fileNumbers = new Map<string, number>();
  /** Per resource: the number of its group key (or SHARED) and of its file. */
  private keyOf: Uint32Array = new Uint32Array(4096);
  private fileOf: Uint32Array = new Uint32Array(4096);
  private count = 0;
  /** Group keys by number: `\u0001id` for a patient, else the reference records name their patient by. */
  readonly keys: string[] = [];
  private readonly keyNumbers = new Map<string, number>();
  /** Names a reference may give a patient (`Patient/7`, `urn:uuid:…`) → its id. */
  private readonly patientNames = new Map<string, string>();
  /** Identifiers (placement keys) that more than one patient carries: they name no patient. */
  private readonly ambiguousNames = new Set<string>();
  /** The same for the patients of whole documents. */
  private readonly documentNames = new Map<string, string>();
  /** Patient id → the number of its first Patient resource. */
  readonly patientFirst = new Map<string, number>();
  /** Names of resources that name no patient → their number. */
  readonly sharedNames = new Map<string, number>();
  /**
   * Names of records of a contract type that name no patient (an Observation without a subject) → their
   * number. Counted in their own group (the core rejects them: no subject reference), they are looked up by
   * the groups whose records refer to them (a report's result), so that a reference to one resolves as in
   * one Bundle instead of reading as "not in the input".
   */
  readonly subjectlessNames = new Map<string, number>();
  /** Patients read from whole documents, by id, merged across documents. */
  readonly documents = new Map<string, DocumentPatient>();
  /** Resources per file, for the files that turn out to hold no patient. */
  readonly perFile: number[] = [];
  /** Every input in the order it was read (whole documents too), to list input errors file by file. */
  readonly inputOrder = new Map<string, number>();

  constructor(readonly store: ResourceStore) {}

  /** The number of a file name, adding it when new. */
  fileNumber(file: string): number {
    let n = this.fileNumbers.get(file);
    if (n === undefined) {
      n = this.files.length;
      this.files.push(file);
      this.perFile.push(0);
      this.fileNumbers.set(file, n);
    }
    return n;
  }

  /** Notes that `file` is read now, for the order of the input errors. */
  reading(file: string): void {
    if (!this.inputOrder.has(file)) this.inputOrder.set(file, this.inputOrder.size);
  }

  /** Resources stored so far (also the arrival number of what comes next). */
  get size(): number {
    return this.count;
  }

  private keyNumber(key: string): number {
    let n = this.keyNumbers.get(key);
    if (n === undefined) {
      n = this.keys.length;
      this.keys.push(key);
      this.keyNumbers.set(key, n);
    }
    return n;
  }

  /** Stores one resource of `file`; `raw` is its JSON text when the input had it as one (an NDJSON line). */
  add(entry: Entry, file: number, raw?: string): void {
    const placement = placementOf(entry);
    const n = this.count;
    let key: number;
    if (placement.kind === "patient") {
      key = this.keyNumber(PATIENT_KEY + placement.id);
      if (!this.patientFirst.has(placement.id)) this.patientFirst.set(placement.id, n);
      this.name(this.patientNames, placement.names, placement.id);
    } else if (placement.kind === "record") {
      key = this.keyNumber(placement.reference);
      if (placement.reference === "")
        for (const name of namesOf(entry).map(referenceKey))
          if (!this.subjectlessNames.has(name)) this.subjectlessNames.set(name, n);
    } else {
      key = SHARED;
      for (const name of placement.names) if (!this.sharedNames.has(name)) this.sharedNames.set(name, n);
    }
    this.keyOf = grownUint32(this.keyOf, n + 1);
    this.fileOf = grownUint32(this.fileOf, n + 1);
    this.keyOf[n] = key;
    this.fileOf[n] = file;
    this.count++;
    this.perFile[file] = (this.perFile[file] ?? 0) + 1;
    const resource = raw ?? JSON.stringify(entry.resource);
    const u = entry.fullUrl === undefined ? "" : `,"u":${JSON.stringify(entry.fullUrl)}`;
    this.store.put(`{"f":${file},"p":${JSON.stringify(entry.position)}${u},"r":${resource}}`);
  }

  /** A patient's record read from a whole document, merged with what earlier documents held of it. */
  addDocumentRecord(record: PatientRecord): void {
    const seen = this.documents.get(record.patientId);
    if (seen === undefined) this.documents.set(record.patientId, { record, arrival: this.count });
    else seen.record = mergeRecords(seen.record, record);
  }

  /** A Patient resource of a whole document: records of other files may name it. */
  addDocumentPatient(entry: Entry): void {
    const placement = placementOf(entry);
    if (placement.kind !== "patient") return;
    const doc = this.documents.get(placement.id);
    if (doc === undefined || doc.patient !== undefined) return;
    doc.patient = entry;
    this.name(this.documentNames, placement.names, placement.id);
  }

  /**
   * Notes the names of patient `id`. A name is the first patient's; an identifier two patients carry
   * names neither (the core then reads a record naming it as naming no Patient, as it does in one Bundle).
   */
  private name(names: Map<string, string>, of: readonly string[], id: string): void {
    for (const name of of) {
      const seen = names.get(name);
      if (seen === undefined) names.set(name, id);
      else if (seen !== id && name.startsWith(IDENTIFIER)) this.ambiguousNames.add(name);
    }
  }

  /** Resource `n` as stored, with its file. */
  entry(n: number): Entry {
    const s = JSON.parse(this.store.get(n)) as Stored;
    const file = this.files[s.f] as string;
    return { resource: s.r, position: s.p, file, ...(s.u !== undefined && { fullUrl: s.u }) };
  }

  /** The file number of resource `n`. */
  fileOfResource(n: number): number {
    return this.fileOf[n] as number;
  }

  /**
   * The groups to assess, each a list of resource numbers in input order: patients (`patient` set), in
   * the order their first Patient resource was read, then those whose Patient is in a whole document,
   * then the groups of references that name no patient of the input (their resources are input errors
   * or ignored, as the core decides).
   */
  groups(): { readonly patient?: string; readonly first: number; readonly members: Uint32Array }[] {
    // Each key's group: a patient id, or the unresolved key itself.
    const groupOfKey = new Int32Array(this.keys.length).fill(-1);
    const groupNames: { patient?: string; first: number }[] = [];
    const byName = new Map<string, number>();
    const groupFor = (name: string, patient: string | undefined, first: number): number => {
      let g = byName.get(name);
      if (g === undefined) {
        g = groupNames.length;
        groupNames.push(patient === undefined ? { first } : { patient, first });
        byName.set(name, g);
      }
      return g;
    };
    // Patient groups first, in the order of their first Patient resource.
    const patients = [...this.patientFirst.entries()].sort((a, b) => a[1] - b[1]);
    for (const [id, first] of patients) groupFor(PATIENT_KEY + id, id, first);
    for (const [k, key] of this.keys.entries()) {
      const patient = key.startsWith(PATIENT_KEY)
        ? key.slice(1)
        : this.ambiguousNames.has(key)
          ? undefined
          : (this.patientNames.get(key) ?? this.documentNames.get(key));
      const first =
        patient === undefined
          ? 0
          : (this.patientFirst.get(patient) ?? this.documents.get(patient)?.arrival ?? 0);
      groupOfKey[k] = patient === undefined ? -1 : groupFor(PATIENT_KEY + patient, patient, first);
    }
    const sizes: number[] = [];
    const groupOf = new Int32Array(this.count);
    for (let n = 0; n < this.count; n++) {
      const key = this.keyOf[n] as number;
      let g = -1;
      if (key !== SHARED) {
        g = groupOfKey[key] as number;
        if (g < 0) {
          g = groupFor(this.keys[key] as string, undefined, n);
          groupOfKey[key] = g;
        }
      }
      groupOf[n] = g;
      if (g >= 0) sizes[g] = (sizes[g] ?? 0) + 1;
    }
    // Counting sort: each group's resources, in input order.
    const members = groupNames.map((_, g) => new Uint32Array(sizes[g] ?? 0));
    const filled = new Uint32Array(groupNames.length);
    for (let n = 0; n < this.count; n++) {
      const g = groupOf[n] as number;
      if (g < 0) continue;
      (members[g] as Uint32Array)[filled[g] as number] = n;
      filled[g] = (filled[g] as number) + 1;
    }
    return groupNames.map((name, g) => ({ ...name, members: members[g] as Uint32Array }));
  }

  /** Numbers of the shared resources (those that name no patient). */
  *shared(): Generator<number> {
    for (let n = 0; n < this.count; n++) if (this.keyOf[n] === SHARED) yield n;
  }
}
