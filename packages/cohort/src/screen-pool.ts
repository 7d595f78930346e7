/**
 * The candidates' screen in worker threads. The main thread reads each batch of persons' rows from the
 * database (DuckDB reads on threads of its own) and posts the rows to the least busy worker; each worker
 * opens the same knowledge bundle, turns the rows into records through the FHIR adapter and screens them
 * (./items.ts `screenRows`), and posts back the batch's items. Items are kept per batch in person order,
 * so the output is the same for any number of workers.
 */
import { parentPort, Worker, workerData } from "node:worker_threads";
import { createEngine, type KnowledgeBundle, openKnowledge } from "@hemosentinel/core";
import { type ScreenItem, screenRows } from "./items.js";
import type { BatchRows } from "./records.js";

/** How the screen spreads the candidates' assessment over worker threads. */
export interface ScreenWorkers {
  /** Worker threads; 1 screens in the calling thread. */
  readonly threads: number;
  /** The bundle the screen's knowledge was opened from: each worker opens it too (the hashes must match). */
  readonly bundle: KnowledgeBundle;
  /**
   * The worker's entry module, which calls `runScreenWorker` (default: this package's screen-worker). A
   * bundled program passes its own, built beside it.
   */
  readonly entry?: URL;
}

interface WorkerSetup {
  readonly bundle: KnowledgeBundle;
  readonly evaluatedAt: string;
  readonly version: string;
}

interface Request {
  readonly id: number;
  readonly rows: BatchRows;
}

type Reply =
  | { readonly id: number; readonly items: ScreenItem[] }
  | { readonly id: number; readonly error: string };

/**
 * The body of a screen worker: opens the knowledge the pool sent and screens each batch of rows it is
 * given. Called by the worker's entry module.
 * @example
 * // screen-worker.ts
 * runScreenWorker();
 */
export function runScreenWorker(): void {
  const port = parentPort;
  if (port === null) throw new Error("runScreenWorker runs in a worker thread of a screen pool");
  const { bundle, evaluatedAt, version } = workerData as WorkerSetup;
  const engine = createEngine(openKnowledge(bundle), { evaluatedAt, version });
  port.on("message", ({ id, rows }: Request) => {
    let reply: Reply;
    try {
      reply = { id, items: screenRows(engine, rows) };
    } catch (e) {
      reply = { id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    port.postMessage(reply);
  });
}

/** This package's worker entry: the compiled one, or — run from TypeScript sources (tests) — the source. */
const OWN_ENTRY = new URL(
  `./screen-worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`,
  import.meta.url,
);

/**
 * A worker on `entry`. A TypeScript entry (the sources, in tests) is loaded through tsx with the
 * workspace packages' "source" condition, as the tests load them.
 */
function spawn(entry: URL, setup: WorkerSetup): Worker {
  if (!entry.pathname.endsWith(".ts")) return new Worker(entry, { workerData: setup });
  // An eval'd worker resolves "tsx" from the working directory: the workspace root, where tests run.
  const boot = `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, workerData: setup, execArgv: ["--conditions=source"] });
}

/** Batches a worker holds at once: one being screened, one waiting, so it never idles between posts. */
const PER_WORKER = 2;

export interface ScreenPool {
  /** The items of one batch, screened by the least busy worker. */
  screen(rows: BatchRows): Promise<ScreenItem[]>;
  /** Resolves when a worker can take another batch (rejects once any batch has failed). */
  ready(): Promise<void>;
  /** Stops the workers. */
  close(): Promise<void>;
}

/**
 * Starts `threads` screen workers on the knowledge of `workers.bundle`, as of `evaluatedAt`.
 * @example
 * const pool = startScreenPool({ threads: 4, bundle: compiledBundle() }, "2025-06-30T23:59:59Z", "0.1.0");
 * const items = await pool.screen(await readRows(db, [1, 2, 3], at));
 * await pool.close();
 */
export function startScreenPool(workers: ScreenWorkers, evaluatedAt: string, version: string): ScreenPool {
  const setup: WorkerSetup = { bundle: workers.bundle, evaluatedAt, version };
  const pending = new Map<number, { resolve(items: ScreenItem[]): void; reject(e: Error): void }>();
  const busy = new Map<Worker, Set<number>>();
  let failure: Error | undefined;
  let waiting: (() => void) | undefined;
  const wake = () => {
    const w = waiting;
    waiting = undefined;
    w?.();
  };
  const fail = (worker: Worker, e: Error) => {
    failure ??= e;
    for (const id of busy.get(worker) ?? []) pending.get(id)?.reject(e);
    busy.get(worker)?.clear();
    wake();
  };
  for (let i = 0; i < workers.threads; i++) {
    const worker = spawn(workers.entry ?? OWN_ENTRY, setup);
    busy.set(worker, new Set());
    worker.on("message", (reply: Reply) => {
      const p = pending.get(reply.id);
      pending.delete(reply.id);
      busy.get(worker)?.delete(reply.id);
      if ("error" in reply) p?.reject(new Error(`screen worker: ${reply.error}`));
      else p?.resolve(reply.items);
      wake();
    });
    worker.on("error", (e) => fail(worker, e));
    worker.on("exit", (code) => fail(worker, new Error(`screen worker exited with code ${code}`)));
  }
  let nextId = 0;
  const leastBusy = () => [...busy].reduce((a, b) => (b[1].size < a[1].size ? b : a));
  return {
    screen(rows) {
      if (failure) return Promise.reject(failure);
      const id = nextId++;
      const [worker, ids] = leastBusy();
      ids.add(id);
      const result = new Promise<ScreenItem[]>((resolve, reject) => pending.set(id, { resolve, reject }));
      worker.postMessage({ id, rows } satisfies Request);
      return result;
    },
    async ready() {
      while (failure === undefined && leastBusy()[1].size >= PER_WORKER)
        await new Promise<void>((resolve) => {
          waiting = resolve;
        });
      if (failure) throw failure;
    },
    async close() {
      for (const worker of busy.keys()) worker.removeAllListeners("exit");
      await Promise.all([...busy.keys()].map((w) => w.terminate()));
    },
  };
}
