import {
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { tempDir } from "../../../../test/support/temp.js";
import { fileOutput, OutputError, streamOutput } from "./output.js";

let dir: string;
beforeEach(() => {
  dir = tempDir("output-");
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("fileOutput", () => {
  it("puts the report in place only when it is complete; the previous report stays until then", async () => {
    const path = join(dir, "report.json");
    writeFileSync(path, "previous");
    const out = fileOutput(path);
    await out.sink("new ");
    await out.sink("report");
    expect(readFileSync(path, "utf8")).toBe("previous");
    await out.commit();
    expect(readFileSync(path, "utf8")).toBe("new report");
    expect(readdirSync(dir)).toEqual(["report.json"]);
  });

  it("leaves nothing behind when the run gives up", async () => {
    const out = fileOutput(join(dir, "report.json"));
    await out.sink("half");
    out.abort();
    expect(readdirSync(dir)).toEqual([]);
  });

  it("replaces the file a symbolic link names and keeps the link, as every --out does", async () => {
    writeFileSync(join(dir, "real.json"), "old");
    symlinkSync("real.json", join(dir, "link.json"));
    const out = fileOutput(join(dir, "link.json"));
    await out.sink("new");
    await out.commit();
    expect(lstatSync(join(dir, "link.json")).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "real.json"), "utf8")).toBe("new");
    expect(readdirSync(dir).sort()).toEqual(["link.json", "real.json"]);
  });

  it("says why it cannot write, by system error code", () => {
    expect(() => fileOutput(join(dir, "missing", "report.json"))).toThrow(new OutputError("ENOENT"));
    expect(existsSync(join(dir, "missing"))).toBe(false);
  });
});

describe("streamOutput", () => {
  it("writes in pieces and waits for a reader that is behind", async () => {
    const writes: string[] = [];
    let drain: (() => void) | undefined;
    const out = streamOutput({
      write: (text: string) => {
        writes.push(text);
        return false;
      },
      once: (_: "drain", listener: () => void) => {
        drain = listener;
      },
    });
    await out.sink("small");
    expect(writes).toEqual([]);
    const waiting = out.sink("x".repeat(70 * 1024));
    expect(writes).toHaveLength(1);
    let done = false;
    void Promise.resolve(waiting).then(() => {
      done = true;
    });
    await Promise.resolve();
    expect(done).toBe(false);
    drain?.();
    await waiting;
    expect(writes.join("").length).toBe(5 + 70 * 1024);
  });
});
