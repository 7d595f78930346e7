/** Atlas pages: read from the knowledge the engine uses, with every cited source resolved. */
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../test/support/knowledge.js";
import { disorderPage, drugPage, labPage, labsOfTest, scorePage } from "./pages.js";

const k = testKnowledge();

describe("disorder pages", () => {
  it("every disorder has a page with its definition, manifestations, mechanisms and resolved references", () => {
    for (const d of k.disorders) {
      const p = disorderPage(k, d.id);
      expect(p, d.id).toBeDefined();
      expect(p?.definition.text.length).toBeGreaterThan(10);
      expect(p?.manifestations.length).toBeGreaterThan(0);
      expect(p?.mechanisms.length).toBeGreaterThan(0);
      const cited = new Set(p?.references.map((r) => r.id));
      for (const s of [
        p?.definition,
        ...(p?.manifestations ?? []),
        ...(p?.mechanisms ?? []),
        ...(p?.onset ?? []),
      ])
        for (const id of s?.sourceIds ?? []) expect(cited.has(id), `${d.id} cites ${id}`).toBe(true);
    }
    expect(disorderPage(k, "hit")).toBeUndefined();
  });
  it("criteria, certainty rules, differentials, work-up and management are the engine's", () => {
    const ttp = disorderPage(k, "ttp");
    const engine = k.disorders.find((d) => d.id === "ttp");
    expect(ttp?.criteria.map((c) => c.id)).toEqual(engine?.criteria.map((c) => c.id));
    expect(ttp?.differentials.map((c) => c.id)).toEqual(engine?.differentials.map((c) => c.id));
    expect(ttp?.workup).toEqual(k.workup.ttp);
    expect(ttp?.management.flatMap((g) => g.items).length).toBe(k.management.ttp.length);
    // Certainty rules name criteria by their labels.
    const labels = new Set(engine?.criteria.map((c) => c.label));
    for (const r of ttp?.certainty ?? []) for (const l of r.allOf) expect(labels.has(l)).toBe(true);
    expect(ttp?.scores.map((s) => s.path)).toContain("/atlas/score/plasmic");
  });
  it("management is grouped by therapy class and grade", () => {
    const itp = disorderPage(k, "itp");
    const groups = itp?.management ?? [];
    expect(groups.length).toBeGreaterThan(1);
    for (const g of groups)
      for (const r of g.items) {
        expect([...(r.when.classes ?? [])].sort()).toEqual(g.classes);
        if (g.grades === "unknown") expect(r.when.gradeUnknown).toBe(true);
        else if (g.grades) expect(r.when.gradeMin ?? r.when.gradeMax).toBeDefined();
      }
    const everyItemCited = groups.flatMap((g) => g.items).flatMap((r) => r.sourceIds);
    const cited = new Set(itp?.references.map((r) => r.id));
    for (const id of everyItemCited) expect(cited.has(id)).toBe(true);
  });
  it("carries each criterion's test as the engine evaluates it, and the cited incidence by therapy class", () => {
    const ttp = disorderPage(k, "ttp");
    const engine = k.disorders.find((d) => d.id === "ttp");
    expect(ttp?.criteria.map((c) => c.test)).toEqual(engine?.criteria.map((c) => c.test));
    expect(ttp?.differentials.map((c) => c.test)).toEqual(engine?.differentials.map((c) => c.test));
    const carac = disorderPage(k, "carac");
    expect(carac?.epidemiology.map((r) => [r.class, r.percent])).toEqual(
      k.incidence.rates.filter((r) => r.disorder === "carac").map((r) => [r.class, r.percent]),
    );
    expect(carac?.epidemiology.find((r) => r.class === "car-t")?.basis).toBe("reported");
    const cited = new Set(carac?.references.map((r) => r.id));
    for (const id of carac?.epidemiology.flatMap((r) => r.sourceIds) ?? []) expect(cited.has(id)).toBe(true);
  });
  it("lists the drug reports of the disorder with links", () => {
    const ttp = disorderPage(k, "ttp");
    expect(ttp?.drugReports.map((r) => r.drugLink.path)).toContain("/atlas/drug/ipilimumab");
  });
});

describe("drug, score and lab pages", () => {
  it("a drug page: catalogue entry and the disorders reported with it", () => {
    const p = drugPage(k, "nivolumab");
    expect(p?.entry).toMatchObject({ inn: "nivolumab", class: "ici", brands: ["Opdivo"] });
    expect(new Set(p?.drugReports.map((r) => r.disorder))).toEqual(new Set(["itp", "ttp", "aha"]));
    for (const r of p?.drugReports ?? [])
      for (const id of r.sourceIds) expect(p?.references.some((x) => x.id === id)).toBe(true);
    expect(drugPage(k, "heparin")).toBeUndefined();
  });
  it("a drug without reports still has its page", () => {
    expect(drugPage(k, "cemiplimab")?.drugReports).toEqual([]);
  });
  it("a score page: form, bands, worked example and the disorders reporting it", () => {
    const p = scorePage(k, "isth-overt-dic");
    expect(p?.form.bands.map((b) => b.key)).toEqual(["overt", "not-overt"]);
    expect(p?.example?.expected).toEqual({ value: 7, category: "overt" });
    expect(p?.disorders.map((d) => d.id)).toContain("dic");
    expect(p?.references.map((r) => r.id)).toContain("taylor-2001-isth-dic");
  });
  it("a lab page by any of its LOINC codes: CTCAE terms, scores and work-up that read it", () => {
    const p = labPage(k, "26515-7");
    expect(p?.loinc).toBe("777-3");
    expect(p?.lab.id).toBe("platelets");
    expect(p?.ctcaeTerms.map((t) => t.term)).toEqual(["platelet-count-decreased"]);
    expect(p?.scores.map((s) => s.id)).toEqual(
      expect.arrayContaining(["isth-overt-dic", "plasmic", "4ts", "t-icaht"]),
    );
    expect(p?.workupFor.length).toBeGreaterThan(0);
    const dd = k.labCatalogue.byId.get("d-dimer-unspecified")?.loinc[0] as string;
    expect(labPage(k, dd)?.scores.map((s) => s.id)).toContain("isth-overt-dic");
    expect(labPage(k, "0000-0")).toBeUndefined();
  });
  it("a lab page lists the criteria and differentials that read the lab, nested tests included", () => {
    const adamts13 = labPage(k, k.labCatalogue.byId.get("adamts13-activity")?.loinc[0] as string);
    const ttp = (adamts13?.criteria ?? []).filter((c) => c.disorder.id === "ttp");
    expect(ttp.map((c) => [c.id, c.role])).toEqual(
      expect.arrayContaining([
        ["adamts13-severe", "criterion"],
        ["adamts13-normal", "differential"],
        // inside not-met → any-of
        ["hlh-explains", "differential"],
      ]),
    );
    expect(labsOfTest({ kind: "not", test: { kind: "latency" } })).toEqual([]);
  });
});
