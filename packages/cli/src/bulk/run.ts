/**
 * One `assess` run over any mix of inputs with memory bounded by the largest patient rather than by the
 * input: the inputs are scanned once into a store (memory for small runs, a temporary file beyond
 * `spillAboveBytes`), then the patients are assembled, assessed and written one at a time.
 */
import type { Engine } from "@hemosentinel/core";
import type { InputSource } from "../input.js";
import { Assembler } from "./assemble.js";
import { Collector } from "./collector.js";
import type { ReportWriter } from "./report-writer.js";
import { type Problems, Scanner, type ScanOptions } from "./scan.js";
import { diskStore, memoryStore } from "./spill.js";

const MB = 1024 * 1024;

export interface BulkOptions extends Partial<ScanOptions> {
  /** Inputs larger than this in all are stored on disk while they are scanned (default 64 MB). */
  readonly spillAboveBytes?: number;
  /** Where the temporary directory goes (default: the system's). */
  readonly tempDir?: string;
  /** Called once every input is read, with the number of patients found. */
  readonly assessing?: (patients: number) => void;
}

export interface BulkResult extends Problems {
  /** Patients written. */
  readonly patients: number;
}

/**
 * Reads `sources`, then writes each patient's report through `writer` as it is assessed.
 * @example
 * const result = await runBulk(discoverInputs(["export/"]), engine, readStdin, ndjsonWriter(sink));
 */
export async function runBulk(
  sources: readonly InputSource[],
  engine: Engine,
  readStdin: () => Promise<string>,
  writer: ReportWriter,
  opts: BulkOptions = {},
): Promise<BulkResult> {
  const bytes = sources.reduce((sum, s) => sum + s.bytes, 0);
  const store = bytes > (opts.spillAboveBytes ?? 64 * MB) ? diskStore(opts.tempDir) : memoryStore();
  const problems: Problems = { cliErrors: [], adapterErrors: [], internalErrors: [] };
  try {
    const collector = new Collector(store);
    await new Scanner(engine, collector, problems, {
      route: opts.route ?? "auto",
      streamJsonBytes: opts.streamJsonBytes ?? 64 * MB,
      ...(opts.read !== undefined && { read: opts.read }),
    }).scan(sources, readStdin);
    opts.assessing?.(collector.patientFirst.size + collector.documents.size);
    const assembler = new Assembler(collector, engine, problems, writer);
    await assembler.run();
    return { ...problems, patients: assembler.written };
  } finally {
    store.close();
  }
}
