import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { manifestFiles } from "./manifest.js";

const manifest = (output: unknown[]) => ({ transactionTime: "2026-01-01T00:00:00Z", request: "x", output });

describe("the $export manifest", () => {
  it("lists its local files beside it and says which it cannot read", () => {
    const m = manifest([
      { type: "Patient", url: "Patient.ndjson" },
      { type: "Observation", url: "file:///data/Observation.ndjson" },
      { type: "Condition", url: "https://bulk.example/files/Condition.ndjson" },
      { type: "Procedure" },
    ]);
    expect(manifestFiles(m, join("export", "manifest.json"))).toEqual({
      files: [join("export", "Patient.ndjson"), "/data/Observation.ndjson"],
      unresolved: ["output[2] is a remote file, not downloaded", "output[3] has no url"],
    });
  });
});
