import { describe, expect, it } from "vitest";
import { crossProblems, loadKnowledgeBundle } from "./bundle.js";
import { loadDisorders, loadManifest } from "./sources.js";

describe("disorder definitions", () => {
  const manifest = loadManifest();
  const defs = loadDisorders(manifest);

  it("loads all seven disorders in evaluation order", () => {
    expect(defs.map((d) => d.id)).toEqual(["ttp", "itp", "evans", "aha", "dic", "carac", "thrombosis"]);
  });

  it("certainty rules and grade rules name only criteria the definition has", () => {
    for (const d of defs) {
      const ids = new Set(d.criteria.map((c) => c.id));
      for (const r of d.certainty) {
        for (const id of [...r.allOf, ...(r.anyOf ?? []), ...(r.atLeast?.of ?? [])]) {
          expect(ids.has(id), `${d.id}: certainty rule names unknown criterion ${id}`).toBe(true);
        }
      }
      expect(new Set(d.criteria.map((c) => c.id)).size).toBe(d.criteria.length);
      expect(new Set(d.differentials.map((c) => c.id)).size).toBe(d.differentials.length);
    }
  });

  it("an index read from a low baseline names a criterion it has and a new-fall criterion", () => {
    for (const d of defs) {
      const low = d.index.lowBaseline;
      if (!low) continue;
      const ids = new Set(d.criteria.map((c) => c.id));
      expect(ids.has(low.when), `${d.id}: index.lowBaseline.when names unknown criterion ${low.when}`).toBe(
        true,
      );
      const fall = d.criteria.find((c) => c.id === low.newFall);
      expect(fall?.test.kind, `${d.id}: index.lowBaseline.newFall must name a new-fall criterion`).toBe(
        "new-fall",
      );
    }
    expect(defs.find((d) => d.id === "itp")?.index.lowBaseline).toBeDefined();
  });

  it("a definition that depends on another disorder's finding is evaluated after it", () => {
    const order = defs.map((d) => d.id);
    for (const d of defs) {
      const deps = JSON.stringify([d.criteria, d.differentials]).match(/"finding":"([a-z]+)"/g) ?? [];
      for (const dep of deps) {
        const id = dep.split('"')[3] as string;
        expect(order.indexOf(id as never)).toBeLessThan(order.indexOf(d.id));
      }
    }
  });
});

describe("a drug's own onset window (latencyByDrug)", () => {
  const b = loadKnowledgeBundle();
  const withWindow = (drug: string) =>
    b.disorders.map((d) =>
      d.id === "ttp"
        ? {
            ...d,
            latencyByDrug: {
              [drug]: { minDays: 1, maxDays: 10, sourceIds: ["zheng-2020-isth-ttp-diagnosis"] },
            },
          }
        : d,
    );

  it("holds together as shipped: alemtuzumab's window names a catalogue drug of a class TTP, ITP, AHA and Evans syndrome are sought in", () => {
    expect(crossProblems(b).filter((p) => p.includes("latencyByDrug"))).toEqual([]);
    for (const id of ["ttp", "itp", "aha", "evans"])
      expect(b.disorders.find((d) => d.id === id)?.latencyByDrug?.alemtuzumab?.afterLatestDose?.maxDays).toBe(
        1461,
      );
  });

  it("names a drug the catalogue does not hold", () => {
    expect(crossProblems({ ...b, disorders: withWindow("alemtuzumabb") }).join()).toMatch(
      /ttp.yaml: latencyByDrug names unknown drug alemtuzumabb/,
    );
  });

  it("names a drug of a class the disorder is not sought in", () => {
    const noAntibody = b.disorders.map((d) => {
      if (d.id !== "ttp") return d;
      const { antibody: _dropped, ...latency } = d.latency;
      return { ...d, latency, latencyByDrug: d.latencyByDrug };
    });
    expect(crossProblems({ ...b, disorders: noAntibody }).join()).toMatch(
      /latencyByDrug alemtuzumab is of class antibody, which ttp is not sought in/,
    );
  });
});
