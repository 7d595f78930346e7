/**
 * Compiles the knowledge sources into dist/bundle.json: every file validated and cross-checked, one JSON
 * document with the knowledge version and the sources' content hash. Run by `npm run build`; a knowledge
 * base that does not hold together fails the build, naming the file and field.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { loadKnowledgeBundle } from "./bundle.js";
import { compiledBundlePath } from "./compiled.js";

const bundle = loadKnowledgeBundle();
const path = compiledBundlePath();
mkdirSync(dirname(path), { recursive: true });
writeFileSync(path, JSON.stringify(bundle));
console.log(`knowledge ${bundle.version} (${bundle.hash}) compiled`);
