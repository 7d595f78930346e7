import { spawn } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir } from "../../../../test/support/temp.js";
import { diskStore, memoryStore } from "./spill.js";

let dir: string;
beforeEach(() => {
  dir = tempDir("spill-");
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("resource stores", () => {
  it.each([
    ["memory", () => memoryStore()],
    ["disk", () => diskStore(dir)],
  ])("%s: gives back each text by its number, in any order, multi-byte text included", (_, make) => {
    const store = make();
    const texts = Array.from({ length: 3000 }, (_, i) => `{"n":${i},"t":"${"é".repeat(i % 7)}✓"}`);
    for (const t of texts) store.put(t);
    expect(store.get(2999)).toBe(texts[2999]);
    expect(store.get(0)).toBe(texts[0]);
    expect(store.get(1234)).toBe(texts[1234]);
    store.close();
  });

  it("disk: keeps its file in its own temporary folder and removes it on close, once", () => {
    const store = diskStore(dir);
    store.put("x".repeat(5 * 1024 * 1024));
    expect(readdirSync(dir)).toHaveLength(1);
    store.close();
    store.close();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("disk: leaves no listener behind on the process", () => {
    const before = process.listenerCount("SIGINT") + process.listenerCount("exit");
    diskStore(dir).close();
    expect(process.listenerCount("SIGINT") + process.listenerCount("exit")).toBe(before);
  });
});

describe("an interrupted process", () => {
  it.each(["SIGINT", "SIGTERM"] as const)(
    "removes its spill folder on %s, then dies of the signal",
    async (signal) => {
      const script = `import { diskStore } from ${JSON.stringify(join(import.meta.dirname, "spill.ts"))};
diskStore(${JSON.stringify(dir)}).put("x"); console.log("ready"); setInterval(() => {}, 1000);`;
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
      expect(readdirSync(dir)).toHaveLength(1);
      const exit = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_, s) => resolve(s)));
      child.kill(signal);
      expect(await exit).toBe(signal);
      expect(readdirSync(dir)).toEqual([]);
    },
    30_000,
  );
});
