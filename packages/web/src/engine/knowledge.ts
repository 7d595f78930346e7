/**
 * The compiled knowledge bundle in the browser: a hashed JSON asset of the app's own build, fetched from
 * the app's origin (never a CDN) and opened once per page or worker.
 */
import { type Knowledge, type KnowledgeBundle, openKnowledge } from "@hemosentinel/core";
import bundleUrl from "#knowledge-bundle?url";

let opened: Promise<Knowledge> | undefined;

/** The knowledge base, fetched and opened on first use. */
export function browserKnowledge(): Promise<Knowledge> {
  opened ??= fetch(bundleUrl)
    .then((response) => {
      if (!response.ok) throw new Error(`the knowledge bundle could not be loaded (HTTP ${response.status})`);
      return response.json() as Promise<KnowledgeBundle>;
    })
    .then(openKnowledge);
  return opened;
}
