/** The page's side of the engine worker: one worker per page, requests matched to replies by id. */
import type { SessionResult } from "./assess-documents.js";
import type { SourceText } from "./documents.js";
import type { AssessRequest, AssessResponse } from "./protocol.js";

let worker: Worker | undefined;
let nextId = 1;
const waiting = new Map<number, { resolve: (r: SessionResult) => void; reject: (e: Error) => void }>();

function engineWorker(): Worker {
  if (worker !== undefined) return worker;
  const w = new Worker(new URL("./worker.ts", import.meta.url), { type: "module", name: "engine" });
  w.onmessage = ({ data }: MessageEvent<AssessResponse>) => {
    const pending = waiting.get(data.id);
    waiting.delete(data.id);
    if (data.ok) pending?.resolve(data.result);
    else pending?.reject(new Error(data.message));
  };
  w.onerror = (event) => {
    for (const pending of waiting.values()) pending.reject(new Error(`the engine stopped: ${event.message}`));
    waiting.clear();
  };
  worker = w;
  return w;
}

/** Assesses `sources` at `evaluatedAt` in the worker. */
export function assessInWorker(sources: readonly SourceText[], evaluatedAt: string): Promise<SessionResult> {
  const id = nextId++;
  const request: AssessRequest = { id, evaluatedAt, sources };
  return new Promise((resolve, reject) => {
    waiting.set(id, { resolve, reject });
    engineWorker().postMessage(request);
  });
}
