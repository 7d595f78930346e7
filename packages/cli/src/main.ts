#!/usr/bin/env node
/**
 * `hemosentinel` executable: binds the CLI to the real process (streams, stdin, file system, clock,
 * environment) and the real engine, then exits with the CLI's code.
 */
import { writeFileSync } from "node:fs";
import { text } from "node:stream/consumers";
import { fileOutput } from "./bulk/output.js";
import { runCli } from "./program.js";
import { nodeRuntime } from "./runtime.js";

// A closed pipe (`hemosentinel assess … | head`) ends the run quietly instead of with a stack trace.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code !== "EPIPE") throw e;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = await runCli(
  process.argv.slice(2),
  {
    stdout: process.stdout,
    stderr: process.stderr,
    readStdin: () => text(process.stdin),
    writeFile: (path, content) => writeFileSync(path, content),
    openOut: fileOutput,
    env: process.env,
    now: () => new Date(),
  },
  nodeRuntime(),
);
