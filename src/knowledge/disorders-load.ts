import { join } from "node:path";
import { z } from "zod";
import { Disorder } from "./disorders.js";
import { KnowledgeError, knowledgeDir, readKnowledgeFile } from "./read.js";

export const Manifest = z
  .object({ version: z.string().regex(/^\d{4}\.\d+\.\d+$/), disorders: z.array(z.string()).min(1) })
  .strict();
export type Manifest = z.infer<typeof Manifest>;

export function loadManifest(dir = knowledgeDir()): Manifest {
  return readKnowledgeFile(join(dir, "manifest.yaml"), Manifest);
}

/** Disorder definitions in the manifest's evaluation order; each file must be named after its id. */
export function loadDisorders(manifest: Manifest, dir = knowledgeDir()): Disorder[] {
  return manifest.disorders.map((id) => {
    const d = readKnowledgeFile(join(dir, "disorders", `${id}.yaml`), Disorder);
    if (d.id !== id) throw new KnowledgeError(`disorders/${id}.yaml: id is ${d.id}, expected ${id}`);
    return d;
  });
}
