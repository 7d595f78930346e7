/**
 * Where the report goes, and only the report: stdout reserved for it (a library that prints, such as
 * ucum-lhc on some unit strings, must not corrupt the JSON or inject markup into the HTML), `--out`
 * written atomically, and a failed write told in one line.
 */
import {
  closeSync,
  constants,
  fsyncSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { safeText } from "@hemosentinel/core";
import { errnoCode } from "./errno.js";

/** The file operations {@link writeAtomic} needs (the real ones by default; tests make one fail). */
export interface AtomicFs {
  readonly openSync: (path: string, flags: number, mode: number) => number;
  readonly writeSync: (fd: number, data: Uint8Array, offset: number, length: number) => number;
  readonly fsyncSync: (fd: number) => void;
  readonly closeSync: (fd: number) => void;
  readonly renameSync: (from: string, to: string) => void;
  readonly unlinkSync: (path: string) => void;
}

const NODE_FS: AtomicFs = { openSync, writeSync, fsyncSync, closeSync, renameSync, unlinkSync };

/** Writes all of `text` (a write may take less than asked). */
function writeAll(fs: AtomicFs, fd: number, text: string): void {
  const data = Buffer.from(text, "utf8");
  for (let done = 0; done < data.length; ) done += fs.writeSync(fd, data, done, data.length - done);
}

/**
 * Writes `text` to `path` so that the file holds either the previous content or all of the new one: a
 * temporary file beside it (same file system, so the rename is atomic), flushed to disk, then renamed
 * over it and the directory flushed; the temporary file is removed when anything fails. A path that exists and is not a regular file
 * (`/dev/stdout`, a FIFO) cannot be replaced by a rename and is written directly.
 * @example
 * writeAtomic("report.html", html); // report.html is old or new, never half-written
 */
export function writeAtomic(named: string, text: string, fs: AtomicFs = NODE_FS): void {
  let mode = 0o666; // the process umask applies, as for any new file
  let path = named;
  try {
    const st = statSync(named);
    if (!st.isFile()) {
      writeFileSync(named, text);
      return;
    }
    mode = st.mode & 0o777; // a replaced report keeps its permissions
    path = realpathSync(named); // through a symbolic link: the file it names is replaced, not the link
  } catch (e) {
    if (errnoCode(e) !== "ENOENT") throw e;
  }
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const fd = fs.openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  try {
    try {
      writeAll(fs, fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, path);
  } catch (e) {
    try {
      fs.unlinkSync(temp);
    } catch {
      // already gone; the write's own error is the one to report
    }
    throw e;
  }
  syncDirectory(dirname(path));
}

/** Flushes a directory entry (the rename) to disk; some file systems cannot, and the rename stands anyway. */
function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, constants.O_RDONLY);
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // not supported here (some network and virtual file systems): the file itself was flushed
  }
}

/** A writable the CLI writes the report to. */
export interface ReportStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/**
 * Reserves `stream` (the process's stdout) for the report: returns a writer bound to its real `write`,
 * and replaces `stream.write` so that anything else written to it — `console.log` of a library included —
 * goes to `divert` instead (one line each, control characters shown) or nowhere when `divert` is undefined.
 * @example
 * const report = reserveStdout(process.stdout, debug ? process.stderr : undefined);
 * report.write(json); // only this reaches stdout
 */
export function reserveStdout(
  stream: NodeJS.WriteStream,
  divert: { write(text: string): unknown } | undefined,
): ReportStream {
  const write = stream.write.bind(stream) as (text: string) => boolean;
  const stray = (chunk: unknown, ...rest: unknown[]): boolean => {
    if (divert !== undefined) {
      const text = typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8");
      divert.write(`hemosentinel: (library output) ${safeText(text.replace(/\n$/, ""))}\n`);
    }
    const done = rest.find((r) => typeof r === "function") as (() => void) | undefined;
    done?.();
    return true;
  };
  stream.write = stray as NodeJS.WriteStream["write"];
  return { write, isTTY: stream.isTTY };
}

/**
 * The one line a failed stdout write ends the run with: disk full, a closed pipe.
 * @example
 * stdoutFailure({ code: "EPIPE" }); // "hemosentinel: cannot write the report to stdout: the reading end of the pipe was closed (EPIPE)\n"
 */
export function stdoutFailure(e: unknown): string {
  const code = errnoCode(e);
  const why: Readonly<Record<string, string>> = {
    EPIPE: "the reading end of the pipe was closed",
    ENOSPC: "no space left on the device",
    EDQUOT: "disk quota exceeded",
    EIO: "input/output error",
  };
  return `hemosentinel: cannot write the report to stdout: ${why[code] ?? "write failed"} (${code})\n`;
}
