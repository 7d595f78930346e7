import { incidenceProblems } from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import { testKnowledgeBundle } from "../../../test/support/knowledge.js";
import { loadIncidence } from "./sources.js";

describe("incidence.yaml", () => {
  const bundle = testKnowledgeBundle();
  const incidence = loadIncidence();
  const refs = new Map(bundle.references.map((r) => [r.id, r]));

  it("holds a rate for every disorder the generator must produce in at least one class", () => {
    const disorders = new Set(incidence.rates.map((r) => r.disorder));
    expect([...disorders].sort()).toEqual(["aha", "carac", "dic", "evans", "itp", "thrombosis", "ttp"]);
  });

  it("every reported figure cites a paper with a DOI, and says what the source printed", () => {
    for (const r of incidence.rates.filter((x) => x.basis === "reported")) {
      const dois = r.sourceIds.map((id) => refs.get(id)?.doi).filter((d) => d !== undefined);
      expect(dois.length, `${r.disorder}/${r.class}`).toBeGreaterThan(0);
      expect(r.detail).toMatch(/\d/);
    }
  });

  it("the published figures are the ones the sources print", () => {
    const rate = (d: string, c: string) => incidence.rates.find((r) => r.disorder === d && r.class === c);
    // Connors 2025: VTE 11.1 % at 12 months; Wang 2020: fibrinogen decreased 23 %, DIC 7 %; Johnsrud 2021: 8/127.
    expect(rate("thrombosis", "ici")).toMatchObject({ percent: 11.1, overDays: 365 });
    expect(rate("carac", "car-t")?.percent).toBe(23);
    expect(rate("dic", "car-t")?.percent).toBe(7);
    expect(rate("thrombosis", "car-t")?.percent).toBeCloseTo((8 / 127) * 100, 1);
  });

  const latency = (disorder: string, therapyClass: string) =>
    bundle.disorders.find((d) => d.id === disorder)?.latency[therapyClass as "ici"];

  it("the shipped file passes the cross-checks", () => {
    expect(incidenceProblems(incidence, latency)).toEqual([]);
  });

  it("names a rate for a class the disorder is not sought in, an onset outside the latency window and a repeat", () => {
    const base = incidence.rates.find((r) => r.disorder === "carac" && r.class === "car-t");
    if (!base) throw new Error("carac/car-t rate missing");
    const broken = {
      ...incidence,
      rates: [
        ...incidence.rates,
        { ...base, class: "ici" as const },
        { ...base, onset: { minDays: 6, maxDays: 31 } },
      ],
    };
    const problems = incidenceProblems(broken, latency);
    expect(problems).toContain("incidence.yaml: carac is not sought after ici (no latency window)");
    expect(problems).toContain("incidence.yaml: carac/car-t is given twice");
    expect(problems.some((p) => p.includes("6–31 lie outside the latency window 0–30"))).toBe(true);
    // The boundary itself is inside the window.
    const atEdge = { ...incidence, rates: [{ ...base, onset: { minDays: 0, maxDays: 30 } }] };
    expect(incidenceProblems(atEdge, latency)).toEqual([]);
  });
});
