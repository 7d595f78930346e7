/**
 * The engine worker: reads the sources and assesses them off the page's thread, with the browser-safe
 * core and the compiled knowledge bundle. Patient data stays in this browser.
 */
import { assessDocuments } from "./assess-documents.js";
import { browserKnowledge } from "./knowledge.js";
import type { AssessRequest, AssessResponse } from "./protocol.js";

interface WorkerScope {
  onmessage: ((event: MessageEvent<AssessRequest>) => void) | null;
  postMessage(message: AssessResponse): void;
}
const scope = self as unknown as WorkerScope;

scope.onmessage = async ({ data }) => {
  const started = performance.now();
  try {
    const knowledge = await browserKnowledge();
    const result = assessDocuments(knowledge, data.sources, {
      evaluatedAt: data.evaluatedAt,
      version: __HEMOSENTINEL_VERSION__,
    });
    scope.postMessage({ id: data.id, ok: true, result, ms: performance.now() - started });
  } catch (e) {
    scope.postMessage({ id: data.id, ok: false, message: e instanceof Error ? e.message : String(e) });
  }
};
