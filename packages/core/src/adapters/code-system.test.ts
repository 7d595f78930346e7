import { describe, expect, it } from "vitest";
import { codeSystemOf } from "./code-system.js";

describe("codeSystemOf", () => {
  it.each([
    [{ codings: [{ system: "http://snomed.info/sct", code: "44465007" }] }, "http://snomed.info/sct"],
    [{ codings: [{ code: "x" }, { system: "http://loinc.org", code: "8302-2" }] }, "http://loinc.org"],
    [{ codings: [{ code: "x", display: "local code" }] }, "no-system"],
    [{ codings: [], text: "ankle sprain" }, "text"],
  ])("%j → %s", (concept, system) => {
    expect(codeSystemOf(concept)).toBe(system);
  });
});
