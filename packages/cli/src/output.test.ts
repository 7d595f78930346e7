import * as fs from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../../test/support/temp.js";
import { type AtomicFs, reserveStdout, stdoutFailure, writeAtomic } from "./output.js";

const realFs: AtomicFs = fs;

/** The real file system, with writes failing once `limit` bytes of the temporary file are written. */
function fullDiskAfter(limit: number): AtomicFs {
  let written = 0;
  return {
    ...realFs,
    writeSync: (fd, data, offset, length) => {
      if (written >= limit) throw Object.assign(new Error("no space left on device"), { code: "ENOSPC" });
      const n = fs.writeSync(fd, data, offset, Math.min(length, limit - written));
      written += n;
      return n;
    },
  };
}

describe("writeAtomic (--out)", () => {
  it("writes a new file, and replaces an old one keeping its permissions", () => {
    const dir = tempDir("out-");
    const path = join(dir, "report.json");
    writeAtomic(path, "first");
    expect(fs.readFileSync(path, "utf8")).toBe("first");
    fs.chmodSync(path, 0o640);
    writeAtomic(path, "second ✓");
    expect(fs.readFileSync(path, "utf8")).toBe("second ✓");
    expect(fs.statSync(path).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(dir)).toEqual(["report.json"]);
  });

  it("leaves the previous report whole and no temporary file when the disk fills mid-write", () => {
    const dir = tempDir("out-");
    const path = join(dir, "report.json");
    fs.writeFileSync(path, "previous report");
    const big = "x".repeat(100_000);
    expect(() => writeAtomic(path, big, fullDiskAfter(4096))).toThrow(/no space/);
    expect(fs.readFileSync(path, "utf8")).toBe("previous report");
    expect(fs.readdirSync(dir)).toEqual(["report.json"]);
  });

  it("removes the temporary file when the rename fails (the target is a directory)", () => {
    const dir = tempDir("out-");
    fs.mkdirSync(join(dir, "report.json"));
    expect(() => writeAtomic(join(dir, "report.json"), "text")).toThrow();
    expect(fs.readdirSync(dir)).toEqual(["report.json"]);
  });

  it("replaces the file a symbolic link names, and keeps the link", () => {
    const dir = tempDir("out-");
    fs.writeFileSync(join(dir, "real.json"), "old");
    fs.symlinkSync("real.json", join(dir, "link.json"));
    writeAtomic(join(dir, "link.json"), "new");
    expect(fs.lstatSync(join(dir, "link.json")).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(join(dir, "real.json"), "utf8")).toBe("new");
    expect(fs.readdirSync(dir).sort()).toEqual(["link.json", "real.json"]);
  });

  it("writes through a path that is not a regular file (a device) instead of replacing it", () => {
    expect(() => writeAtomic("/dev/null", "discarded")).not.toThrow();
    expect(fs.statSync("/dev/null").isCharacterDevice()).toBe(true);
  });

  it("fails on a directory that does not exist without creating anything", () => {
    const dir = tempDir("out-");
    expect(() => writeAtomic(join(dir, "missing", "r.json"), "x")).toThrow(/ENOENT/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe("reserveStdout", () => {
  function fakeStdout() {
    const got: string[] = [];
    const stream = { write: (s: string) => got.push(s), isTTY: false } as unknown as NodeJS.WriteStream;
    return { stream, got };
  }

  it("lets only the report through; what else is written goes to the diversion as one safe line", () => {
    const { stream, got } = fakeStdout();
    const diverted: string[] = [];
    const report = reserveStdout(stream, { write: (s) => diverted.push(s) });
    report.write('{"report":1}\n');
    stream.write("Unit requested for unit string x10 3/uL<script>\u001b[31m\n");
    expect(got).toEqual(['{"report":1}\n']);
    expect(diverted).toEqual([
      "hemosentinel: (library output) Unit requested for unit string x10 3/uL<script><U+001B>[31m\n",
    ]);
  });

  it("drops what else is written when there is no diversion, and calls its callback", () => {
    const { stream, got } = fakeStdout();
    reserveStdout(stream, undefined);
    let called = false;
    stream.write("noise", () => {
      called = true;
    });
    expect(got).toEqual([]);
    expect(called).toBe(true);
  });
});

describe("stdoutFailure", () => {
  it("says in one line why the report could not be written", () => {
    expect(stdoutFailure({ code: "EPIPE" })).toBe(
      "hemosentinel: cannot write the report to stdout: the reading end of the pipe was closed (EPIPE)\n",
    );
    expect(stdoutFailure({ code: "ENOSPC" })).toMatch(/no space left on the device \(ENOSPC\)\n$/);
  });
});
