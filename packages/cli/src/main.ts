#!/usr/bin/env node
/**
 * `hemosentinel` executable: binds the CLI to the real process (streams, stdin, file system, clock,
 * environment) and the real engine, then exits with the CLI's code.
 */
import { text } from "node:stream/consumers";
import { fileOutput } from "./bulk/output.js";
import { reserveStdout, stdoutFailure, writeAtomic } from "./output.js";
import { EXIT_USAGE, runCli } from "./program.js";
import { nodeRuntime } from "./runtime.js";

// Stdout carries the report and nothing else: what a library prints goes to stderr under
// HEMOSENTINEL_DEBUG=1, and nowhere otherwise. `serve` writes no report: its stdout is the server's log.
const stdout =
  process.argv[2] === "serve"
    ? process.stdout
    : reserveStdout(process.stdout, process.env.HEMOSENTINEL_DEBUG === "1" ? process.stderr : undefined);

// A report that cannot be written (disk full, `… | head` closing the pipe) ends the run with one line.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  process.stderr.write(stdoutFailure(e));
  process.exit(EXIT_USAGE);
});

process.exitCode = await runCli(
  process.argv.slice(2),
  {
    stdout,
    stderr: process.stderr,
    readStdin: () => text(process.stdin),
    writeFile: writeAtomic,
    openOut: fileOutput,
    env: process.env,
    now: () => new Date(),
  },
  nodeRuntime(),
);
