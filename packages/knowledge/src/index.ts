/**
 * @hemosentinel/knowledge — the cited knowledge sources (data/), their validation and cross-checks against
 * the core's schemas, and the compiled bundle the engine opens.
 */
export { crossProblems, loadKnowledge, loadKnowledgeBundle, sourceHash } from "./bundle.js";
export { compiledBundle, compiledBundlePath } from "./compiled.js";
export { KNOWLEDGE_DIR_ENV, knowledgeDir, knowledgeFiles, readKnowledgeFile } from "./read.js";
export * from "./sources.js";
