import { readFileSync, readdirSync } from "node:fs";
import { loadVocabulary } from "./src/knowledge/vocabulary-load.js";
import { ingestFhir } from "./src/adapters/fhir/ingest.js";
const vocabulary = loadVocabulary();
const dir = "/work/shared/data/synthea/";
for (const f of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
  const r = ingestFhir(JSON.parse(readFileSync(dir + f, "utf8")), { vocabulary, evaluatedAt: "2025-03-01T00:00:00Z", file: f });
  for (const p of r.patients) {
    for (const x of p.rejected) if (x.code !== "unknown-code") console.log(f.slice(0,20), JSON.stringify(x));
    for (const c of p.conflicts) console.log(f.slice(0,20), JSON.stringify(c));
    for (const e of p.events) console.log(f.slice(0,20), JSON.stringify(e));
    for (const e of p.contextDrugs) console.log(f.slice(0,20), JSON.stringify(e));
  }
}
