/**
 * Directory inputs that could hang, loop or crash a run: a symbolic link loop, a link back up the tree, a
 * broken link, an unreadable sub-directory, a FIFO and a device. Each becomes an `inputErrors` entry of
 * its own, the rest is assessed, the run exits 0; a linked directory is read once.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAssess } from "../../../test/support/cli.js";
import { tempDir } from "../../../test/support/temp.js";
import { discoverInputs } from "./input.js";

const patient = (id: string) => JSON.stringify({ resourceType: "Patient", id });
/** Permissions do not stop root: the unreadable-directory case is then untestable. */
const ROOT = process.getuid?.() === 0;

let root: string;
let tree: string;

beforeAll(() => {
  root = tempDir("walk-");
  tree = join(root, "tree");
  mkdirSync(join(tree, "sub"), { recursive: true });
  mkdirSync(join(root, "elsewhere"));
  writeFileSync(join(tree, "a.json"), patient("a"));
  writeFileSync(join(tree, "sub", "b.json"), patient("b"));
  writeFileSync(join(root, "elsewhere", "c.json"), patient("c"));
  symlinkSync("..", join(tree, "sub", "up")); // a loop: back to tree
  symlinkSync(join(root, "elsewhere"), join(tree, "linked")); // a directory outside, followed once
  symlinkSync(join(root, "elsewhere"), join(tree, "linked-again")); // the same one a second time
  symlinkSync("self.json", join(tree, "self.json")); // ELOOP
  symlinkSync("missing.json", join(tree, "broken.json"));
  symlinkSync("/dev/null", join(tree, "device.json"));
  execFileSync("mkfifo", [join(tree, "pipe.ndjson")]);
  execFileSync("mkfifo", [join(tree, "notes.txt")]); // not an input by its name: passed over like any other file
  symlinkSync("gone.md", join(tree, "readme.md"));
  symlinkSync("gone", join(tree, "gone-dir")); // no extension: it could have been a directory
  if (!ROOT) {
    mkdirSync(join(tree, "locked"));
    writeFileSync(join(tree, "locked", "d.json"), patient("d"));
    chmodSync(join(tree, "locked"), 0o000);
  }
});

afterAll(() => {
  if (!ROOT) chmodSync(join(tree, "locked"), 0o700); // so that the directory can be removed
});

const assess = (...inputs: string[]) => runAssess(["assess", ...inputs, "--at", "2025-01-01"]);

describe("directory inputs that must neither hang nor loop nor stop the run", () => {
  it("reads every file once, follows linked directories once, and reports each entry it does not read", async () => {
    const { code, report, err } = await assess(tree);
    expect(code).toBe(0);
    expect(report.patients.map((p) => p.patientId).sort()).toEqual(["a", "b", "c"]);
    const errors = report.inputErrors.map((e) => [e.source.slice(tree.length + 1), e.code]);
    expect(errors).toEqual([
      ["broken.json", "unreadable-file"],
      ["device.json", "special-file"],
      ["gone-dir", "unreadable-file"],
      ["linked-again", "already-read"],
      ...(ROOT ? [] : [["locked", "unreadable-directory"]]),
      ["pipe.ndjson", "special-file"],
      ["self.json", "symlink-loop"],
      ["sub/up", "already-read"],
    ]);
    const detail = (source: string) =>
      report.inputErrors.find((e) => e.source === join(tree, source))?.detail;
    expect(detail("pipe.ndjson")).toBe("a FIFO (named pipe) is never opened; only regular files are read");
    expect(detail("device.json")).toBe("a character device is never opened; only regular files are read");
    expect(detail("sub/up")).toBe(`the same directory as ${tree}, read once there (a symbolic link to it)`);
    expect(detail("linked-again")).toBe(
      `the same directory as ${join(tree, "linked")}, read once there (a symbolic link to it)`,
    );
    // One warning line each on stderr, no stack.
    expect(err.split("\n").filter((l) => l !== "")).toHaveLength(errors.length);
    expect(err).not.toMatch(/\n\s+at /);
  }, 20_000);

  it.skipIf(ROOT)(
    "reports an unreadable sub-directory and reads its siblings (skipped as root, whom chmod 000 does not stop)",
    async () => {
      const sources = discoverInputs([tree]);
      expect(sources.find((s) => s.path === join(tree, "locked"))?.problem).toMatchObject({
        code: "unreadable-directory",
        reason: "cannot read the directory (EACCES)",
      });
      expect(sources.some((s) => s.path === join(tree, "a.json") && s.problem === undefined)).toBe(true);
    },
  );

  it("exits 2, with the report, when a directory holds nothing readable", async () => {
    const dir = join(root, "only-fifo");
    mkdirSync(dir);
    execFileSync("mkfifo", [join(dir, "x.json")]);
    const { code, report } = await assess(dir);
    expect(code).toBe(2);
    expect(report.inputErrors.map((e) => e.code)).toEqual(["special-file"]);
  });
});
