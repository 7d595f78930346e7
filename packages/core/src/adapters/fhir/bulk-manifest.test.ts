import { describe, expect, it } from "vitest";
import { isExportManifest, manifestOutputs } from "./bulk-manifest.js";

const manifest = (output: unknown[]) => ({ transactionTime: "2026-01-01T00:00:00Z", request: "x", output });

describe("the $export manifest", () => {
  it("is an object with transactionTime and output[], never a resource", () => {
    expect(isExportManifest(manifest([]))).toBe(true);
    expect(isExportManifest({ ...manifest([]), resourceType: "Bundle" })).toBe(false);
    expect(isExportManifest({ output: [] })).toBe(false);
    expect(isExportManifest([manifest([])])).toBe(false);
  });

  it("lists its local outputs with their types and says which it cannot read", () => {
    const m = manifest([
      { type: "Patient", url: "Patient.ndjson" },
      { url: "file:///data/Observation.ndjson" },
      { type: "Condition", url: "https://bulk.example/files/Condition.ndjson" },
      { type: "Procedure" },
      null,
    ]);
    expect(manifestOutputs(m)).toEqual({
      outputs: [{ type: "Patient", url: "Patient.ndjson" }, { url: "file:///data/Observation.ndjson" }],
      unresolved: [
        "output[2] is a remote file, not downloaded",
        "output[3] has no url",
        "output[4] has no url",
      ],
    });
  });
});
