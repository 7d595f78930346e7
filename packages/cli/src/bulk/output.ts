/**
 * Where a streamed report is written: stdout in 64 KB pieces that wait for the pipe to drain (so a slow
 * reader never makes the CLI hold the report), or a file written beside its final name and renamed
 * into place once complete, so that a failed run never leaves a partial report under that name.
 */
import { openAtomic } from "../output.js";
import type { Sink } from "./report-writer.js";

const PIECE = 64 * 1024;

/** Writing the report failed (disk full, no such folder): `code` is the system error code. */
export class OutputError extends Error {
  override name = "OutputError";
  constructor(readonly code: string) {
    super(`cannot write the report (${code})`);
  }
}

/** Runs a write, turning a system error into an OutputError. */
function writing<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw new OutputError((e as NodeJS.ErrnoException).code ?? "error");
  }
}

/** A stream as the CLI sees stdout: `write` returns false when the reader is behind. */
export interface OutStream {
  write(text: string): unknown;
  once?(event: "drain", listener: () => void): unknown;
}

export interface Output {
  readonly sink: Sink;
  /** Writes what is left and makes the report final. */
  commit(): Promise<void>;
  /** Gives up: removes a partial file. */
  abort(): void;
}

/** Buffers small writes into pieces of about 64 KB before `flush` passes them on. */
function pieces(flush: (text: string) => Promise<void> | void): { sink: Sink; drain(): Promise<void> } {
  let buffer: string[] = [];
  let size = 0;
  const drain = async (): Promise<void> => {
    if (size === 0) return;
    const text = buffer.join("");
    buffer = [];
    size = 0;
    await flush(text);
  };
  return {
    sink: (text) => {
      buffer.push(text);
      size += text.length;
      return size >= PIECE ? drain() : undefined;
    },
    drain,
  };
}

/**
 * The report on a stream (stdout).
 * @example
 * const out = streamOutput(process.stdout); await writer.patient(…); await out.commit();
 */
export function streamOutput(stream: OutStream): Output {
  const { sink, drain } = pieces((text) => {
    if (stream.write(text) === false && stream.once !== undefined) {
      const once = stream.once.bind(stream);
      return new Promise<void>((resolve) => {
        once("drain", resolve);
      });
    }
  });
  return { sink, commit: drain, abort: () => {} };
}

/**
 * The report in a file, written through {@link openAtomic} (the same atomic replacement as every other
 * `--out`): in place of the previous report only once `commit` has it whole. Throws an OutputError when the
 * file cannot be created or written.
 */
export function fileOutput(path: string): Output {
  const file = writing(() => openAtomic(path));
  const { sink, drain } = pieces((text) => {
    writing(() => file.write(text));
  });
  return {
    sink,
    async commit() {
      await drain();
      writing(() => file.commit());
    },
    abort: () => file.abort(),
  };
}

/** A report gathered as text, for an `--out` without a file system of its own (tests). */
export function textOutput(done: (text: string) => void): Output {
  const parts: string[] = [];
  return {
    sink: (text) => {
      parts.push(text);
    },
    commit: async () => writing(() => done(parts.join(""))),
    abort: () => {},
  };
}
