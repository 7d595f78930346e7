/**
 * The CLI's output on the examples, byte for byte, in every format: the restructuring into packages (and
 * any refactoring) must not change what a user gets. `UPDATE_GOLDEN=1` rewrites the files after a change
 * that is meant to alter the output.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "packages", "cli", "dist", "main.js");

describe("CLI output on the examples is unchanged", () => {
  it.each(["json", "text", "html"])("%s", (format) => {
    const out = execFileSync(
      process.execPath,
      [BIN, "assess", "examples", "--format", format, "--at", "2026-11-01"],
      {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    const file = join(import.meta.dirname, `examples.${format}`);
    if (process.env.UPDATE_GOLDEN === "1" || !existsSync(file)) writeFileSync(file, out);
    expect(out).toBe(readFileSync(file, "utf8"));
  });
});
