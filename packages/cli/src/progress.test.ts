import { describe, expect, it } from "vitest";
import { createMeter, createProgress, isLarge, LARGE_BYTES, LARGE_FILES } from "./progress.js";

const files = (n: number, bytes = 1000) =>
  Array.from({ length: n }, (_, i) => ({ path: `f${i}.json`, bytes }));

function sink(isTTY: boolean) {
  const lines: string[] = [];
  return { lines, stream: { isTTY, write: (t: string) => lines.push(t) } };
}

describe("progress", () => {
  it("counts as large above 20 MB or above 50 files, not at the limits", () => {
    expect(isLarge(files(LARGE_FILES))).toBe(false);
    expect(isLarge(files(LARGE_FILES + 1))).toBe(true);
    expect(isLarge([{ path: "a.json", bytes: LARGE_BYTES }])).toBe(false);
    expect(isLarge([{ path: "a.json", bytes: LARGE_BYTES + 1 }])).toBe(true);
  });

  it("stays silent for small runs", async () => {
    const { lines, stream } = sink(false);
    const p = await createProgress(files(3), stream);
    for (const f of files(3)) p.read(f);
    p.assessing(3);
    p.done();
    expect(lines).toEqual([]);
  });

  it("writes a plain line at every tenth when stderr is not a terminal, with counts only", async () => {
    const { lines, stream } = sink(false);
    const sources = files(100, MB_HALF);
    const p = await createProgress(sources, stream);
    for (const f of sources) p.read(f);
    p.assessing(80);
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe("hemosentinel: read 10/100 files (10%, 5.0 MB)\n");
    expect(lines[9]).toBe("hemosentinel: read 100/100 files (100%, 50.0 MB)\n");
    expect(lines[10]).toBe("hemosentinel: assessing 80 patient(s)…\n");
    expect(lines.join("")).not.toMatch(/f\d+\.json/);
  });

  it("draws a bar on a terminal", async () => {
    const { lines, stream } = sink(true);
    const sources = files(60);
    const p = await createProgress(
      sources,
      Object.assign(stream, { cursorTo() {}, clearLine() {}, moveCursor() {}, columns: 120 }),
    );
    for (const f of sources) p.read(f);
    p.done();
    expect(lines.join("")).toMatch(/reading \|.*\| 100% · 60\/60 files/);
  });
});

const MB_HALF = 512 * 1024;

describe("the meter pv import shares", () => {
  it("counts tenths of the bytes when asked to: one large file moves it further than many small ones", async () => {
    const { lines, stream } = sink(false);
    const meter = await createMeter(stream, {
      verb: "importing",
      past: "imported",
      files: [MB_HALF, MB_HALF, 8 * MB_HALF].map((bytes) => ({ bytes })),
      tenthsOf: "bytes",
    });
    meter.update(1, MB_HALF);
    meter.update(2, 2 * MB_HALF);
    meter.note("keeping the latest version of each case…");
    meter.update(3, 10 * MB_HALF);
    meter.stop();
    expect(lines).toEqual([
      "hemosentinel: imported 1/3 files (10% of the bytes, 0.5 MB)\n",
      "hemosentinel: imported 2/3 files (20% of the bytes, 1.0 MB)\n",
      "hemosentinel: keeping the latest version of each case…\n",
      "hemosentinel: imported 3/3 files (100% of the bytes, 5.0 MB)\n",
    ]);
  });
});
