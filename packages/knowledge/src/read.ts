import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { KnowledgeError } from "@hemosentinel/core";
import { parse } from "yaml";
import type { z } from "zod";

/**
 * Environment variable that points every knowledge loader at another knowledge folder: a copy with one
 * threshold shifted, as `npm run mutate:knowledge` makes (docs/knowledge-mutation.md). Read here and
 * nowhere else; unset in normal use, and the shipped folder is used.
 */
export const KNOWLEDGE_DIR_ENV = "HEMOSENTINEL_KNOWLEDGE_DIR";

/**
 * The knowledge sources shipped with this package (its data/ folder),
 * or the folder named by {@link KNOWLEDGE_DIR_ENV} when it is set; a value that is not an absolute path to
 * a folder with a manifest.yaml is an error, never silently replaced by the shipped folder.
 */
export function knowledgeDir(): string {
  const override = process.env[KNOWLEDGE_DIR_ENV];
  if (override) {
    if (!isAbsolute(override) || !existsSync(join(override, "manifest.yaml")))
      throw new KnowledgeError(
        `${KNOWLEDGE_DIR_ENV}=${override}: not an absolute path to a knowledge folder with a manifest.yaml`,
      );
    return override;
  }
  // src/read.ts and dist/read.js both sit one level below the package, beside data/.
  return join(dirname(fileURLToPath(import.meta.url)), "..", "data");
}

/** Reads one YAML knowledge file and validates it; throws a KnowledgeError naming file and field. */
export function readKnowledgeFile<S extends z.ZodType>(path: string, schema: S): z.infer<S> {
  const file = relative(process.cwd(), path);
  let data: unknown;
  try {
    data = parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new KnowledgeError(`${file}: not valid YAML: ${(e as Error).message}`);
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    const issues = result.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
      .join("; ");
    throw new KnowledgeError(`${file}: ${issues}`);
  }
  return result.data;
}

/**
 * Knowledge tests sit beside the file they test (`disorders/itp.test.yaml` beside `disorders/itp.yaml`,
 * docs/knowledge-tests.md). They are not knowledge: no loader reads them and the content hash leaves them
 * out, so adding a test never changes the knowledge a report names.
 */
export const KNOWLEDGE_TEST_SUFFIX = ".test.yaml";

/** Whether a file name is a knowledge source (a `.yaml` file that is not a knowledge test). */
export function isKnowledgeSource(name: string): boolean {
  return name.endsWith(".yaml") && !name.endsWith(KNOWLEDGE_TEST_SUFFIX);
}

/** All YAML sources of a knowledge sub-folder (and its sub-folders when `deep`), sorted by path; tests excluded. */
export function knowledgeFiles(sub: string, root = knowledgeDir(), deep = false): string[] {
  const dir = join(root, sub);
  return readdirSync(dir, { recursive: deep })
    .map(String)
    .filter(isKnowledgeSource)
    .sort()
    .map((f) => join(dir, f));
}
