/**
 * Where the resources of a bulk run wait while the inputs are scanned, until their patient's group is
 * assessed: in memory for small runs, else in one append-only file in a temporary directory, found
 * again by offset. The directory is removed when the run ends, fails, or the process is interrupted or
 * terminated (SIGINT, SIGTERM, SIGHUP).
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Resources by the number `put` gave them (0, 1, 2, … in order). */
export interface ResourceStore {
  put(text: string): void;
  get(n: number): string;
  /** Frees the store (removes its temporary files); idempotent. */
  close(): void;
}

/** A store holding the texts in memory: for runs small enough that spilling costs more than it saves. */
export function memoryStore(): ResourceStore {
  let texts: string[] = [];
  return {
    put: (text) => {
      texts.push(text);
    },
    get: (n) => texts[n] ?? "",
    close: () => {
      texts = [];
    },
  };
}

const FLUSH_BYTES = 4 * 1024 * 1024;
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** Grows a typed array's capacity by doubling. */
function grown<T extends Float64Array | Uint32Array>(a: T, need: number, make: (n: number) => T): T {
  if (need <= a.length) return a;
  const b = make(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}

/**
 * A store spilling to `<tmp>/hemosentinel-bulk-*`/resources: texts written in 4 MB batches, each found
 * again by its offset and length (12 bytes a resource in memory).
 */
export function diskStore(parent: string = tmpdir()): ResourceStore {
  const dir = mkdtempSync(join(parent, "hemosentinel-bulk-"));
  let closed = false;
  const remove = (): void => {
    if (closed) return;
    closed = true;
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // An interrupted run removes its directory, then dies of the signal as it would have.
  const onSignal = (signal: NodeJS.Signals): void => {
    remove();
    process.kill(process.pid, signal);
  };
  const fd = openSync(join(dir, "resources"), "w+");
  process.once("exit", remove);
  for (const s of SIGNALS) process.once(s, onSignal);
  let offsets = new Float64Array(1024);
  let lengths = new Uint32Array(1024);
  let count = 0;
  let written = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = (): void => {
    if (pendingBytes === 0) return;
    const batch = Buffer.concat(pending, pendingBytes);
    let at = 0;
    while (at < batch.length) at += writeSync(fd, batch, at, batch.length - at, written + at);
    written += batch.length;
    pending = [];
    pendingBytes = 0;
  };
  return {
    put(text) {
      const bytes = Buffer.from(text, "utf8");
      offsets = grown(offsets, count + 1, (n) => new Float64Array(n));
      lengths = grown(lengths, count + 1, (n) => new Uint32Array(n));
      offsets[count] = written + pendingBytes;
      lengths[count] = bytes.length;
      count++;
      pending.push(bytes);
      pendingBytes += bytes.length;
      if (pendingBytes >= FLUSH_BYTES) flush();
    },
    get(n) {
      flush();
      const length = lengths[n] ?? 0;
      const buffer = Buffer.allocUnsafe(length);
      let at = 0;
      while (at < length) {
        const read = readSync(fd, buffer, at, length - at, (offsets[n] ?? 0) + at);
        if (read === 0) throw new Error(`spill file ended early at resource ${n}`);
        at += read;
      }
      return buffer.toString("utf8");
    },
    close() {
      remove();
      process.removeListener("exit", remove);
      for (const s of SIGNALS) process.removeListener(s, onSignal);
    },
  };
}
