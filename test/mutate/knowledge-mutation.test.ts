import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { mutants } from "./knowledge-mutation.js";

const DATA = fileURLToPath(new URL("../../packages/knowledge/data", import.meta.url));

describe("knowledge mutants", () => {
  const all = mutants(DATA);

  it("finds a number written under a YAML anchor and reused through an alias (the carHLH organ pairs)", () => {
    const liver = all.filter(
      (m) =>
        m.site.file === "disorders/carac.yaml" &&
        m.site.key.includes("carhlh") &&
        m.site.key.endsWith(".aboveUln") &&
        m.fromText === "5",
    );
    expect(liver.length).toBeGreaterThan(0);
  });

  it("mutates each written number once: no two mutants change the same place to the same value", () => {
    const seen = new Map<string, string>();
    for (const m of all) {
      const key = `${m.site.file}@${m.start}→${m.toText}`;
      expect(seen.get(key), `${m.id} repeats ${seen.get(key)}`).toBeUndefined();
      seen.set(key, m.id);
    }
  });
});
