/**
 * Both sides of every band cut-off of every lab component, through the calculator: a value at the cut-off
 * and just either side of it earns the points of the band the knowledge puts it in (the band table is the
 * oracle; the calculator must read, convert and score the typed value exactly as the engine reads a
 * record's). Category cut-offs are tested by hand in calculate.test.ts.
 */
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../test/support/knowledge.js";
import { inInterval } from "../knowledge/scores.js";
import { calculateScore } from "./calculate.js";

const k = testKnowledge();

interface Probe {
  readonly score: string;
  readonly component: string;
  readonly lab: string;
  readonly unit: string;
  readonly value: number;
  readonly points: number;
}

function probes(): Probe[] {
  const out: Probe[] = [];
  for (const config of k.scores.values()) {
    if (config.kind !== "points" && config.kind !== "baseline-points") continue;
    for (const c of config.components) {
      if (c.kind !== "lab" || c.fall) continue;
      const cuts = [
        ...new Set(c.bands.flatMap((b) => [b.lt, b.le, b.gt, b.ge].filter((x) => x !== undefined))),
      ];
      for (const cut of cuts) {
        const step = Math.abs(cut) >= 10 ? 0.1 : 0.001;
        for (const value of [cut - step, cut, cut + step]) {
          const band = c.bands.find((b) => inInterval(b, value));
          if (band && value >= 0)
            out.push({
              score: config.id,
              component: c.id,
              lab: c.lab,
              unit: c.unit,
              value,
              points: band.points,
            });
        }
      }
    }
  }
  return out;
}

describe("band cut-offs through the calculator", () => {
  const all = probes();
  it("covers every lab band of every points score", () => {
    expect(new Set(all.map((p) => p.score))).toEqual(
      new Set([
        "isth-overt-dic",
        "jaam-dic",
        "isth-sic",
        "plasmic",
        "french-tma",
        "car-hematotox",
        "khorana",
        "hscore",
      ]),
    );
  });
  it.each(all.map((p) => [`${p.score} ${p.component} ${p.value} ${p.unit} → ${p.points}`, p] as const))(
    "%s",
    (_, p) => {
      const config = k.scores.get(p.score);
      // PLASMIC and French TMA apply only below 150 ×10⁹/L platelets: give a count unless platelets are probed.
      const gate = config?.kind === "points" ? config.applicability?.lab : undefined;
      const values: Record<string, { value: number; unit: string }> = {
        [p.lab]: { value: p.value, unit: p.unit },
      };
      if (gate && gate.lab !== p.lab) values[gate.lab] = { value: gate.below - 50, unit: gate.unit };
      // The HScore applies to a ferritin above 500 ng/mL with a cytopenia: give both unless probed.
      if (p.score === "hscore") {
        if (p.lab !== "ferritin") values.ferritin = { value: 1000, unit: "ng/mL" };
        values.hemoglobin = { value: 8, unit: "g/dL" };
      }
      const out = calculateScore(k, p.score, { values });
      if (!out.ok) throw new Error(out.errors.map((e) => e.message).join("; "));
      expect(out.result.components.find((c) => c.id === p.component)?.value).toBe(p.points);
    },
  );
});
