import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type PointsScore, ReferenceFile, ScoreConfig } from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { tempDir } from "../../../test/support/temp.js";
import { possiblePoints, rangeOf } from "../../core/src/engine/scores/bands.js";
import { knowledgeDir, knowledgeFiles, readKnowledgeFile } from "./read.js";
import { loadScoreConfigs } from "./sources.js";

const configs = loadScoreConfigs();
const IDS = [
  "4ts",
  "car-hematotox",
  "easix",
  "french-tma",
  "hscore",
  "icaht",
  "isth-overt-dic",
  "isth-sic",
  "jaam-dic",
  "khorana",
  "plasmic",
  "t-icaht",
];

/** Every `sourceIds` entry and `checked[].source` anywhere in a config. */
function citedIds(x: unknown): string[] {
  if (Array.isArray(x)) return x.flatMap(citedIds);
  if (x && typeof x === "object") {
    return Object.entries(x).flatMap(([k, v]) => {
      if (k === "sourceIds" && Array.isArray(v)) return v as string[];
      if (k === "source" && typeof v === "string") return [v];
      return citedIds(v);
    });
  }
  return [];
}

describe("score knowledge files", () => {
  it("loads every score, each named after its id", () => {
    expect([...configs.keys()]).toEqual(IDS);
  });

  it("cites only references that exist, and scores.yaml repeats no id of another reference file", () => {
    const byFile = knowledgeFiles("references").map((f) => ({
      f,
      refs: readKnowledgeFile(f, ReferenceFile).references,
    }));
    const known = new Set(byFile.flatMap((x) => x.refs.map((r) => r.id)));
    for (const c of configs.values())
      for (const id of citedIds(c)) expect(known.has(id), `${c.id} cites unknown ${id}`).toBe(true);
    const mine = byFile.find((x) => x.f.endsWith("scores.yaml"))?.refs.map((r) => r.id) ?? [];
    const others = new Set(
      byFile.filter((x) => !x.f.endsWith("scores.yaml")).flatMap((x) => x.refs.map((r) => r.id)),
    );
    for (const id of mine) expect(others.has(id), `${id} duplicated`).toBe(false);
  });

  it("every score says what was checked against what", () => {
    for (const c of configs.values()) expect(c.checked.length).toBeGreaterThan(0);
  });

  it("SOFA sub-score bands above the SIC cap still follow Sepsis-3 Table 1", () => {
    const sic = configs.get("isth-sic") as PointsScore;
    const sofa = sic.components.find((c) => c.kind === "sofa-partial");
    if (sofa?.kind !== "sofa-partial") throw new Error("SOFA component");
    const [hepatic, renal] = sofa.organs;
    const pts = (bands: typeof sofa.sumBands, v: number) => possiblePoints(bands, rangeOf(v));
    // biome-ignore format: value/points pairs read as the SOFA table does
    const cases: [typeof sofa.sumBands | undefined, number, number][] = [
      [hepatic?.bands, 1.19, 0], [hepatic?.bands, 1.2, 1], [hepatic?.bands, 1.99, 1], [hepatic?.bands, 2.0, 2],
      [hepatic?.bands, 5.99, 2], [hepatic?.bands, 6.0, 3], [hepatic?.bands, 11.99, 3], [hepatic?.bands, 12.0, 4],
      [renal?.bands, 1.19, 0], [renal?.bands, 1.2, 1], [renal?.bands, 1.99, 1], [renal?.bands, 2.0, 2],
      [renal?.bands, 3.49, 2], [renal?.bands, 3.5, 3], [renal?.bands, 4.99, 3], [renal?.bands, 5.0, 4],
      [sofa.sumBands, 0, 0], [sofa.sumBands, 1, 1], [sofa.sumBands, 2, 2], [sofa.sumBands, 9, 2],
    ];
    for (const [bands, v, p] of cases) expect(pts(bands ?? [], v), `${v}`).toEqual([p]);
  });
});

describe("score schema rejects what would mis-score", () => {
  const isth = parse(readFileSync(join(knowledgeDir(), "scores", "isth-overt-dic.yaml"), "utf8")) as Record<
    string,
    unknown
  > & { components: { bands?: unknown[] }[]; categories: unknown[] };
  const broken = (edit: (y: typeof isth) => void) => {
    const y = structuredClone(isth);
    edit(y);
    return ScoreConfig.safeParse(y).success;
  };

  it("accepts the file as written", () => expect(broken(() => {})).toBe(true));
  it("rejects overlapping bands (a value scoring twice)", () => {
    expect(
      broken((y) =>
        (y.components[0] as { bands: unknown[] }).bands.splice(1, 1, { ge: 50, le: 100, points: 1 }),
      ),
    ).toBe(false);
  });
  it("rejects gaps between bands (a value scoring nothing)", () => {
    expect(
      broken((y) =>
        (y.components[0] as { bands: unknown[] }).bands.splice(1, 1, { gt: 50, lt: 100, points: 1 }),
      ),
    ).toBe(false);
  });
  it("rejects a last category that is not the catch-all", () => {
    expect(broken((y) => y.categories.pop())).toBe(false);
  });
  it("rejects `requires` naming an unknown component", () => {
    expect(broken((y) => Object.assign(y, { requires: ["d-dimer"] }))).toBe(false);
  });
  describe("HScore count-of items and instants", () => {
    const hscore = parse(readFileSync(join(knowledgeDir(), "scores", "hscore.yaml"), "utf8")) as {
      components: { id: string; criteria?: { id: string }[]; bands?: unknown[] }[];
    } & Record<string, unknown>;
    const valid = (edit: (y: typeof hscore) => void) => {
      const y = structuredClone(hscore);
      edit(y);
      return ScoreConfig.safeParse(y).success;
    };
    const cytopenias = (y: typeof hscore) =>
      y.components.find((c) => c.id === "cytopenias") as (typeof y.components)[number];
    it("accepts the file as written", () => expect(valid(() => {})).toBe(true));
    it("accepts one more condition under a new id", () => {
      expect(
        valid((y) =>
          cytopenias(y).criteria?.push({ id: "neutrophils", lab: "anc", unit: "10*9/L", lt: 1 } as {
            id: string;
          }),
        ),
      ).toBe(true);
    });
    it("rejects two conditions of one count under the same id", () => {
      expect(
        valid((y) =>
          cytopenias(y).criteria?.push({
            id: "platelets",
            lab: "platelets",
            unit: "10*9/L",
            le: 50,
          } as { id: string }),
        ),
      ).toBe(false);
    });
    it("rejects count bands that leave a number of lineages unscored", () => {
      expect(valid((y) => cytopenias(y).bands?.splice(1, 1))).toBe(false);
    });
    it("rejects `alsoScoredAt` naming an unknown component", () => {
      expect(valid((y) => Object.assign(y, { alsoScoredAt: ["heart-rate"] }))).toBe(false);
    });
  });
  describe("fibrin-marker cut-offs", () => {
    type Marker = { relativeToUln: Record<string, unknown>; assays: unknown[] };
    const marker = (y: typeof isth) => y.components[1] as unknown as Marker;
    it("ships multiples of the ULN and no assay cut-offs (those are site settings)", () => {
      expect(marker(isth).relativeToUln).toMatchObject({ moderateAbove: 3, strongAbove: 7 });
      expect(marker(isth).assays).toEqual([]);
    });
    it("rejects a strong cut-off that is not above the moderate one", () => {
      expect(broken((y) => Object.assign(marker(y).relativeToUln, { strongAbove: 3 }))).toBe(false);
      const assay = { lab: "fdp", unit: "ug/mL", moderateAbove: 10, strongAbove: 10 };
      expect(broken((y) => marker(y).assays.push(assay))).toBe(false);
    });
    it("rejects a multiple below the ULN, which would score normal results", () => {
      expect(broken((y) => Object.assign(marker(y).relativeToUln, { moderateAbove: 0.8 }))).toBe(false);
    });
  });
  it("rejects a file whose id differs from its name", () => {
    const dir = tempDir("scores-");
    mkdirSync(join(dir, "scores"));
    writeFileSync(join(dir, "scores", "other.yaml"), JSON.stringify(isth));
    expect(() => loadScoreConfigs(dir)).toThrow(/expected other/);
  });
});
