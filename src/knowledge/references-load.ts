/** Loaders of the reference registry (knowledge/references/*.yaml, one file per knowledge area). */
import { KnowledgeError, knowledgeFiles, readKnowledgeFile } from "./read.js";
import { type Reference, ReferenceFile } from "./references.js";

/** Every reference of every file, with the file it is in, in file-name order. */
function* referencesByFile(): Generator<{ readonly file: string; readonly reference: Reference }> {
  for (const file of knowledgeFiles("references")) {
    for (const reference of readKnowledgeFile(file, ReferenceFile).references) yield { file, reference };
  }
}

/** Every reference of knowledge/references/*.yaml by id; a duplicated id is an error. */
export function loadReferences(): Map<string, Reference> {
  const refs = new Map<string, Reference>();
  for (const { file, reference: r } of referencesByFile()) {
    if (refs.has(r.id)) throw new KnowledgeError(`${file}: reference id ${r.id} is defined twice`);
    refs.set(r.id, r);
  }
  return refs;
}

/** Every reference id in knowledge/references/*.yaml (all engineers' files). */
export function loadReferenceIds(): Set<string> {
  return new Set(Array.from(referencesByFile(), (x) => x.reference.id));
}
