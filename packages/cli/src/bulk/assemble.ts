/**
 * The second pass of a bulk run: one patient at a time, its resources are read back from the store with
 * the resources that name no patient but that its records refer to (a Medication, an Organization),
 * assessed, merged with what whole documents held of the same patient, and written. A resource that
 * names no patient is counted on the first patient that refers to it and only looked up for the others,
 * so that each resource is counted once; what no patient refers to is counted on its file, as the
 * in-memory run does.
 */
import { type Engine, type Entry, mergeRecords, type PatientRecord, referencesIn } from "@hemosentinel/core";
import { byType, inputErrorOf, internalError, noPatient, unattributed } from "../pipeline.js";
import type { Collector } from "./collector.js";
import { referenceKey } from "./placement.js";
import type { ReportWriter } from "./report-writer.js";
import type { Problems } from "./scan.js";

type Counts = Map<string, number>;
/** One patient to write: a resource group (merged with its documents' record), or a document's record. */
type Slot = { readonly members: Uint32Array; readonly patient: string } | { readonly record: PatientRecord };

function countInto(counts: Map<number, Counts>, file: number, type: string, n: number): void {
  let byType = counts.get(file);
  if (byType === undefined) {
    byType = new Map();
    counts.set(file, byType);
  }
  byType.set(type, (byType.get(type) ?? 0) + n);
}

export class Assembler {
  /** Resources that name no patient, once counted on a patient. */
  private readonly claimed = new Set<number>();
  private readonly contributed: Uint8Array;
  /** Resources no patient took, counted by file and type. */
  private readonly ignored = new Map<number, Counts>();
  /** Patients written. */
  written = 0;

  constructor(
    private readonly collector: Collector,
    private readonly engine: Engine,
    private readonly problems: Problems,
    private readonly writer: ReportWriter,
  ) {
    this.contributed = new Uint8Array(collector.files.length);
  }

  /** Assesses and writes every patient, then states what belonged to none. */
  async run(): Promise<void> {
    await this.writer.begin(this.engine.header());
    const groups = this.collector.groups();
    for (const slot of this.patientOrder(groups)) {
      if ("members" in slot) await this.group(slot.members, slot.patient);
      else await this.write(slot.record);
    }
    for (const g of groups) if (g.patient === undefined) await this.group(g.members);
    this.leftOver();
    const { cliErrors, adapterErrors } = this.problems;
    // File by file in input order, as the in-memory run lists them (a stable sort keeps each file's order).
    const order = this.collector.inputOrder;
    const rank = (file: string | undefined) => order.get(file ?? "") ?? order.size;
    adapterErrors.sort((a, b) => rank(a.file) - rank(b.file));
    await this.writer.end([...cliErrors, ...adapterErrors].map(inputErrorOf));
  }

  private async write(record: PatientRecord): Promise<void> {
    await this.writer.patient(this.engine.assessRecord(record));
    this.written++;
  }

  /**
   * Patients in the order they were first read, as the in-memory run lists them: a document's patients
   * where the document was read, a resource group where its first Patient was (or where a document
   * holding the same patient was, if that came first).
   */
  private patientOrder(groups: ReturnType<Collector["groups"]>): Slot[] {
    const slots: { key: [number, number, number]; slot: Slot }[] = [];
    const grouped = new Set<string>();
    for (const g of groups) if (g.patient !== undefined) grouped.add(g.patient);
    const docIndex = new Map<string, number>();
    for (const [id, doc] of this.collector.documents) {
      const index = docIndex.size;
      docIndex.set(id, index);
      if (!grouped.has(id)) slots.push({ key: [doc.arrival, 0, index], slot: { record: doc.record } });
    }
    for (const g of groups) {
      if (g.patient === undefined) continue;
      const doc = this.collector.documents.get(g.patient);
      const key: [number, number, number] =
        doc !== undefined && doc.arrival <= g.first
          ? [doc.arrival, 0, docIndex.get(g.patient) as number]
          : [g.first, 1, 0];
      slots.push({ key, slot: { members: g.members, patient: g.patient } });
    }
    slots.sort((a, b) => a.key[0] - b.key[0] || a.key[1] - b.key[1] || a.key[2] - b.key[2]);
    return slots.map((s) => s.slot);
  }

  /**
   * The shared resources the entries refer to (and those refer to): counted where first claimed; and the
   * records naming no patient they refer to, only looked up (their own group counts them).
   */
  private sharedFor(entries: readonly Entry[]): { counted: Entry[]; lookups: Entry[] } {
    const counted: Entry[] = [];
    const lookups: Entry[] = [];
    const seen = new Set<number>();
    const queue = [...entries];
    for (let i = 0; i < queue.length; i++) {
      for (const target of referencesIn((queue[i] as Entry).resource)) {
        if (target.startsWith("#")) continue;
        const key = referenceKey(target);
        const subjectless = this.collector.subjectlessNames.get(key);
        if (subjectless !== undefined && !seen.has(subjectless)) {
          // A record that names no patient: counted (rejected) in its own group, only looked up here.
          seen.add(subjectless);
          lookups.push(this.collector.entry(subjectless));
          continue;
        }
        const n = this.collector.sharedNames.get(key);
        if (n === undefined || seen.has(n)) continue;
        seen.add(n);
        const entry = this.collector.entry(n);
        queue.push(entry);
        if (this.claimed.has(n)) lookups.push(entry);
        else {
          this.claimed.add(n);
          this.contributed[this.collector.fileOfResource(n)] = 1;
          counted.push(entry);
        }
      }
    }
    return { counted, lookups };
  }

  /** One group's resources read and assessed; `patient` is the id of the patient it is the group of. */
  private async group(members: Uint32Array, patient?: string): Promise<void> {
    const entries: Entry[] = [];
    for (const n of members) {
      entries.push(this.collector.entry(n));
      if (patient !== undefined) this.contributed[this.collector.fileOfResource(n)] = 1;
    }
    const { counted, lookups } = this.sharedFor(entries);
    // The Patient of a whole document, for records in other files that name that patient.
    const held = patient === undefined ? undefined : this.collector.documents.get(patient)?.patient;
    if (held !== undefined) lookups.push(held);
    const all = [...entries, ...counted];
    let result: ReturnType<Engine["readGroup"]>;
    try {
      result = this.engine.readGroup(all, lookups);
    } catch (e) {
      const file = all[0]?.file ?? "input";
      this.problems.internalErrors.push(e instanceof Error ? (e.stack ?? e.message) : String(e));
      this.problems.cliErrors.push(internalError(file, e));
      return;
    }
    this.problems.adapterErrors.push(...result.inputErrors);
    // A group of records naming a Patient the input does not hold is that patient's (the core stands one
    // in): its files contributed a patient.
    if (patient === undefined && result.patients.length > 0)
      for (const e of entries)
        if (e.file !== undefined) this.contributed[this.collector.fileNumber(e.file)] = 1;
    for (const [type, n] of Object.entries(result.ignored ?? {})) {
      const holder = all.find((e) => e.resource.resourceType === type) ?? all[0];
      countInto(this.ignored, this.collector.fileNumber(holder?.file ?? "input"), type, n);
    }
    for (const record of result.patients) {
      const doc = this.collector.documents.get(record.patientId);
      if (doc !== undefined) this.collector.documents.delete(record.patientId);
      await this.write(doc === undefined ? record : mergeRecords(doc.record, record));
    }
  }

  /** Resources no patient took, and files that held no patient: said per file, as the in-memory run does. */
  private leftOver(): void {
    for (const n of this.collector.shared()) {
      if (this.claimed.has(n)) continue;
      countInto(
        this.ignored,
        this.collector.fileOfResource(n),
        this.collector.entry(n).resource.resourceType,
        1,
      );
    }
    const { cliErrors, adapterErrors } = this.problems;
    const cited = new Set([...cliErrors, ...adapterErrors].map((e) => e.file));
    for (const [f, file] of this.collector.files.entries()) {
      const ignored = Object.fromEntries(this.ignored.get(f) ?? []);
      if (byType(ignored) !== "") {
        cliErrors.push(this.contributed[f] === 1 ? unattributed(file, ignored) : noPatient(file, ignored));
      } else if (this.contributed[f] !== 1 && (this.collector.perFile[f] ?? 0) === 0 && !cited.has(file)) {
        cliErrors.push(noPatient(file));
      }
    }
  }
}
