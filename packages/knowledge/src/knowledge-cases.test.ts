/**
 * Knowledge tests as data: every `*.test.yaml` beside a knowledge file (docs/knowledge-tests.md) is read,
 * validated and run through the engine with the real knowledge; each case is its own test, named
 * `<file>: <description>`.
 */
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../test/support/knowledge.js";
import {
  Case,
  type CaseFile,
  caseFiles,
  mismatches,
  readCaseFile,
  runCase,
  unknownIds,
} from "../../../test/support/knowledge-cases.js";
import { tempDir } from "../../../test/support/temp.js";
import { KNOWLEDGE_TEST_SUFFIX, knowledgeDir } from "./read.js";

const dir = knowledgeDir();
const k = testKnowledge(dir);
const files = caseFiles(dir);

/** The knowledge files that must have tests beside them (docs/knowledge-tests.md). */
const MUST_HAVE_TESTS = [
  ...k.disorders.map((d) => `disorders/${d.id}.yaml`),
  ...k.disorders.map((d) => `management/${d.id}.yaml`),
  ...[...k.scores.keys()].map((id) => `scores/${id}.yaml`),
  "ctcae.yaml",
  "unit-spellings.yaml",
  "events.yaml",
  "drugs.yaml",
  "context-drugs.yaml",
];

describe("knowledge test files", () => {
  it("every disorder, management, score, CTCAE, unit-spelling, event and drug file has tests beside it", () => {
    const tested = new Set(files.map((f) => f.replace(KNOWLEDGE_TEST_SUFFIX, ".yaml")));
    expect(MUST_HAVE_TESTS.filter((f) => !tested.has(f))).toEqual([]);
  });

  it("every test file sits beside the knowledge file it is named after", () => {
    const orphans = files.filter((f) => !existsSync(join(dir, f.replace(KNOWLEDGE_TEST_SUFFIX, ".yaml"))));
    expect(orphans).toEqual([]);
  });
});

describe("a case file that does not hold together fails, naming the file, the case and the field", () => {
  const bad = (text: string) => () => {
    const tmp = tempDir("cases-");
    try {
      writeFileSync(join(tmp, "bad.test.yaml"), text);
      readCaseFile(tmp, "bad.test.yaml");
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  };
  it("a misspelt key", () => {
    const text =
      "cases:\n  - description: Misspelt input\n    input: { labz: {} }\n    expected: { absent: all }\n";
    expect(bad(text)).toThrow('bad.test.yaml: case 1 "Misspelt input", input: Unrecognized key: "labz"');
  });
  it("an expectation about a finding without the finding", () => {
    const text = "cases:\n  - description: No finding named\n    expected: { certainty: probable }\n";
    expect(bad(text)).toThrow(/case 1 "No finding named", expected: certainty is about a finding/);
  });
  it("ids the knowledge does not define (a misspelt plan id would make notInPlan pass)", () => {
    const c = Case.parse({
      description: "Misspelt ids",
      input: { labs: { 49: { platelet: "18 10*9/L" } } },
      expected: { finding: "itp", criteria: { isolate: "met" }, notInPlan: ["itp-ici-g2-hold"] },
    });
    expect(unknownIds(c, k)).toEqual([
      'criteria: itp has no criterion "isolate"',
      'plan: no recommendation "itp-ici-g2-hold" in management/*.yaml',
      'labs: no lab "platelet" in labs.yaml',
    ]);
  });
});

for (const file of files) {
  let cases: CaseFile;
  try {
    cases = readCaseFile(dir, file);
  } catch (e) {
    const message = (e as Error).message;
    it(`${file}: the file is valid`, () => {
      throw new Error(message);
    });
    continue;
  }
  for (const c of cases.cases) {
    const name = `${file}: ${c.description}${c.disagreement === undefined ? "" : " [known disagreement]"}`;
    it(name, () => {
      const unknown = unknownIds(c, k, cases.background);
      expect(unknown, "ids the knowledge does not define").toEqual([]);
      const problems = mismatches(c, runCase(k, c, cases.background), cases.background);
      if (c.disagreement === undefined) expect(problems, c.note).toEqual([]);
      else
        expect(
          problems,
          `known disagreement no longer seen (remove \`disagreement\` from the case): ${c.disagreement}`,
        ).not.toEqual([]);
    });
  }
}
