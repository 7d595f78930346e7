import { appendFileSync, cpSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KnowledgeError } from "@hemosentinel/core";
import { afterEach, describe, expect, it } from "vitest";
import { tempDir } from "../../../test/support/temp.js";
import { loadKnowledge, loadKnowledgeBundle, sourceHash } from "./bundle.js";
import { KNOWLEDGE_DIR_ENV, KNOWLEDGE_TEST_SUFFIX, knowledgeDir, knowledgeFiles } from "./read.js";
import { loadManagement } from "./sources.js";

describe(`knowledgeDir and ${KNOWLEDGE_DIR_ENV}`, () => {
  const saved = process.env[KNOWLEDGE_DIR_ENV];
  const made: string[] = [];
  afterEach(() => {
    if (saved === undefined) delete process.env[KNOWLEDGE_DIR_ENV];
    else process.env[KNOWLEDGE_DIR_ENV] = saved;
    for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("is the package's data/ folder when the variable is unset", () => {
    delete process.env[KNOWLEDGE_DIR_ENV];
    expect(knowledgeDir()).toMatch(/[/\\]knowledge[/\\]data$/);
    expect(loadKnowledge().disorders.map((d) => d.id)).toContain("itp");
  });

  it("points every loader (disorders and management included) at the folder the variable names", () => {
    delete process.env[KNOWLEDGE_DIR_ENV];
    const copy = tempDir("knowledge-");
    made.push(copy);
    cpSync(knowledgeDir(), copy, { recursive: true });
    process.env[KNOWLEDGE_DIR_ENV] = copy;
    expect(knowledgeDir()).toBe(copy);
    // A copy loads like the original; a removed file is reported from the copy, not read from the original.
    expect(loadKnowledge().version).toMatch(/^\d{4}\.\d+\.\d+$/);
    rmSync(join(copy, "management", "itp.yaml"));
    expect(() => loadManagement()).toThrow(/management\/itp\.yaml is missing/);
  });

  it("rejects a relative path or a folder without a manifest instead of falling back", () => {
    process.env[KNOWLEDGE_DIR_ENV] = "knowledge";
    expect(() => knowledgeDir()).toThrow(KnowledgeError);
    const empty = tempDir("empty-");
    made.push(empty);
    process.env[KNOWLEDGE_DIR_ENV] = empty;
    expect(() => knowledgeDir()).toThrow(/manifest\.yaml/);
  });
});

describe(`knowledge tests (*${KNOWLEDGE_TEST_SUFFIX}) beside the sources`, () => {
  const made: string[] = [];
  afterEach(() => {
    for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const copyOfKnowledge = () => {
    const copy = tempDir("knowledge-");
    made.push(copy);
    cpSync(knowledgeDir(), copy, { recursive: true });
    return copy;
  };

  it("are not sources: no listing returns them, so no loader reads them", () => {
    const copy = copyOfKnowledge();
    // In a listed folder a test file would otherwise be read as a score (named after its id) or a reference.
    for (const folder of ["disorders", "management", "scores", "references"])
      writeFileSync(join(copy, folder, `extra${KNOWLEDGE_TEST_SUFFIX}`), "cases: []\n");
    expect(readdirSync(join(copy, "scores"))).toContain(`extra${KNOWLEDGE_TEST_SUFFIX}`);
    expect(knowledgeFiles(".", copy, true).filter((f) => f.endsWith(KNOWLEDGE_TEST_SUFFIX))).toEqual([]);
    expect(loadKnowledgeBundle(copy).scores.map((x) => x.id)).not.toContain("extra.test");
  });

  it("leave the content hash alone; a change to a source changes it", () => {
    const copy = copyOfKnowledge();
    const before = sourceHash(copy);
    expect(before).toBe(sourceHash(knowledgeDir()));
    writeFileSync(join(copy, "disorders", `itp${KNOWLEDGE_TEST_SUFFIX}`), "cases: []\n");
    writeFileSync(join(copy, "references", `extra${KNOWLEDGE_TEST_SUFFIX}`), "cases: []\n");
    expect(sourceHash(copy)).toBe(before);
    appendFileSync(join(copy, "disorders", "itp.yaml"), "# a comment\n");
    expect(sourceHash(copy)).not.toBe(before);
  });
});
