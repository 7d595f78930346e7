import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../test/support/knowledge.js";
import { ageItemIds } from "./ActFirst.js";
import { courseEnd } from "./Record.js";

describe("a course that runs past its last dose's start", () => {
  const dose = { at: "2025-11-14" };
  it("names its end, and whether it is under way at the evaluation", () => {
    expect(courseEnd([{ ...dose, end: "2025-11-28" }], "2025-11-14", "2025-11-29T23:59:59Z")).toBe(
      "course to 2025-11-28",
    );
    expect(courseEnd([{ ...dose, end: "2025-12-12" }], "2025-11-14", "2025-11-29T23:59:59Z")).toBe(
      "course to 2025-12-12, under way at the evaluation",
    );
  });
  it("says nothing of single administrations or an end on the last dose's own day", () => {
    expect(courseEnd([dose, { at: "2025-12-05" }], "2025-12-05", "2025-12-29T23:59:59Z")).toBeUndefined();
    expect(
      courseEnd([{ ...dose, end: "2025-11-14T18:00:00Z" }], "2025-11-14", "2025-11-29T23:59:59Z"),
    ).toBeUndefined();
    // An earlier course's end before a later single dose is no course past the last dose.
    expect(
      courseEnd([{ ...dose, end: "2025-11-20" }, { at: "2025-12-01" }], "2025-12-01", "2025-12-29T23:59:59Z"),
    ).toBeUndefined();
  });
});

describe("Act first's age lines", () => {
  const k = testKnowledge();
  const ids = ageItemIds(k);
  const all = [...Object.values(k.management)].flat();
  it("are the plans' lines by age that are not avoid lines: a child's DOAC avoid stays among the avoid lines", () => {
    const byAge = all.filter((r) => (r.when.facts ?? []).some((c) => c.fact === "age"));
    expect(byAge.some((r) => r.kind === "avoid")).toBe(true);
    expect(byAge.some((r) => r.kind !== "avoid")).toBe(true);
    for (const r of byAge) expect(ids.has(r.id)).toBe(r.kind !== "avoid");
  });
});
