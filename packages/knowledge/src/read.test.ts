import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { KnowledgeError } from "@hemosentinel/core";
import { afterEach, describe, expect, it } from "vitest";
import { loadKnowledge } from "./bundle.js";
import { KNOWLEDGE_DIR_ENV, knowledgeDir } from "./read.js";
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
    const copy = mkdtempSync(join(tmpdir(), "hemosentinel-knowledge-"));
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
    const empty = mkdtempSync(join(tmpdir(), "hemosentinel-empty-"));
    made.push(empty);
    process.env[KNOWLEDGE_DIR_ENV] = empty;
    expect(() => knowledgeDir()).toThrow(/manifest\.yaml/);
  });
});
