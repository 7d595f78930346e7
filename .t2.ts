import { readFileSync, readdirSync } from "node:fs";
import { loadVocabulary } from "./src/knowledge/vocabulary-load.js";
import { ingestFhir } from "./src/adapters/fhir/ingest.js";
const vocabulary = loadVocabulary();
const dir = "/work/shared/data/synthea/";
const texts = readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => [f, readFileSync(dir + f, "utf8")]);
for (let rep = 0; rep < 4; rep++) {
  let tp = 0, ti = 0; const counts: Record<string, number> = {};
  for (const [f, text] of texts) {
    const a = performance.now(); const json = JSON.parse(text); const b = performance.now();
    const r = ingestFhir(json, { vocabulary, evaluatedAt: "2025-03-01T00:00:00Z", file: f });
    ti += performance.now() - b; tp += b - a;
    for (const p of r.patients) { for (const x of p.rejected) counts[x.code] = (counts[x.code] ?? 0) + 1; counts.labs = (counts.labs??0)+p.labs.length; counts.events=(counts.events??0)+p.events.length; counts.ctx=(counts.ctx??0)+p.contextDrugs.length; counts.exp=(counts.exp??0)+p.exposures.length; counts.conf=(counts.conf??0)+p.conflicts.length;}
    for (const x of r.inputErrors) counts["input:" + x.code] = (counts["input:" + x.code] ?? 0) + 1;
  }
  console.log("parse", tp.toFixed(0), "ingest", ti.toFixed(0), rep === 3 ? counts : "");
}
