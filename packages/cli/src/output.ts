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

/** A report file being written: {@link openAtomic}. */
export interface AtomicFile {
  write(text: string): void;
  /** Puts the complete file in place of the previous one. */
  commit(): void;
  /** Gives up: the previous file stays, nothing is left beside it. */
  abort(): void;
}

/**
 * Opens `named` for a report that holds either the previous content or all of the new one: the text goes
 * to a temporary file beside it (same file system, so the rename is atomic), which `commit` flushes to
 * disk and renames over it, then flushes the directory; the temporary file is removed when anything
 * fails. A replaced report keeps its permissions; through a symbolic link the file it names is replaced,
 * not the link. A path that exists and is not a regular file (`/dev/stdout`, a FIFO) cannot be replaced
 * by a rename and is written directly.
 * @example
 * const file = openAtomic("report.json"); file.write("{…}"); file.commit();
 */
export function openAtomic(named: string, fs: AtomicFs = NODE_FS): AtomicFile {
  let mode = 0o666; // the process umask applies, as for any new file
  let path = named;
  try {
    const st = statSync(named);
    if (!st.isFile()) return directFile(named, fs);
    mode = st.mode & 0o777;
    path = realpathSync(named);
  } catch (e) {
    if (errnoCode(e) !== "ENOENT") throw e;
  }
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  const fd = fs.openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
  let open = true;
  const close = (): void => {
    if (open) fs.closeSync(fd);
    open = false;
  };
  const abort = (): void => {
    try {
      close();
    } finally {
      try {
        fs.unlinkSync(temp);
      } catch {
        // already gone; the write's own error is the one to report
      }
    }
  };
  return {
    write: (text) => writeAll(fs, fd, text),
    commit: () => {
      try {
        fs.fsyncSync(fd);
        close();
        fs.renameSync(temp, path);
      } catch (e) {
        abort();
        throw e;
      }
      syncDirectory(dirname(path));
    },
    abort,
  };
}

/** A device or FIFO named as the report: written in place. */
function directFile(path: string, fs: AtomicFs): AtomicFile {
  const fd = fs.openSync(path, constants.O_WRONLY, 0o666);
  let open = true;
  const close = (): void => {
    if (open) fs.closeSync(fd);
    open = false;
  };
  return { write: (text) => writeAll(fs, fd, text), commit: close, abort: close };
}

/**
 * Writes `text` whole through {@link openAtomic}.
 * @example
 * writeAtomic("report.html", html); // report.html is old or new, never half-written
 */
export function writeAtomic(named: string, text: string, fs: AtomicFs = NODE_FS): void {
  const file = openAtomic(named, fs);
  try {
    file.write(text);
  } catch (e) {
    file.abort();
    throw e;
  }
  file.commit();
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
