/**
 * A directory input searched recursively, safely: symbolic links to directories are followed once (each
 * directory is read under its first path; one reached again — a link back up, or a second link to it — is
 * reported, not read again, so a loop never hangs the run); FIFOs, sockets and devices are reported and
 * never opened (opening a FIFO for reading blocks until a writer comes); a directory that cannot be
 * listed, a broken or looping link are reported. Each report is an `inputErrors` entry of its own; the
 * rest of the tree is still read.
 */
import { type Dirent, readdirSync, realpathSync, type Stats, statSync } from "node:fs";
import { extname, join } from "node:path";
import type { Rejection, RejectionCode } from "@hemosentinel/core";
import { errnoCode } from "./errno.js";

/** A file to read (with its size, for progress), or an entry that is not read and why. */
export type WalkEntry = { readonly path: string; readonly bytes: number } | Unread;

/** An entry that is not read, and why. */
interface Unread {
  readonly path: string;
  readonly bytes: 0;
  readonly problem: Rejection;
}

function problem(path: string, code: RejectionCode, reason: string): Unread {
  return { path, bytes: 0, problem: { ref: path, file: path, code, reason } };
}

/** What a non-regular, non-directory entry is, in words. */
function kindOf(st: Stats | Dirent): string {
  if (st.isFIFO()) return "a FIFO (named pipe)";
  if (st.isSocket()) return "a socket";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  return "not a regular file";
}

/** The entry as the file system resolves it: a link followed, or the directory listing's own type. */
function resolve(path: string, entry: Dirent): Stats | Dirent | Unread {
  const known = entry.isFile() || entry.isDirectory() || entry.isFIFO() || entry.isSocket();
  if (known || entry.isCharacterDevice() || entry.isBlockDevice()) return entry;
  try {
    return statSync(path); // a symbolic link, or a file system that does not give types in listings
  } catch (e) {
    const code = errnoCode(e);
    if (code === "ELOOP")
      return problem(path, "symlink-loop", "symbolic link loop: it never resolves to a file (ELOOP)");
    if (code === "ENOENT")
      return problem(path, "unreadable-file", "broken symbolic link: its target does not exist (ENOENT)");
    return problem(path, "unreadable-file", `cannot access (${code})`);
  }
}

function walkInto(
  dir: string,
  wanted: (name: string) => boolean,
  read: Map<string, string>,
  out: WalkEntry[],
): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    out.push(problem(dir, "unreadable-directory", `cannot read the directory (${errnoCode(e)})`));
    return;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    // What is not a regular file or directory is reported when it could have been an input: an input
    // extension, or none (a link to a directory); `notes.txt` is passed over whatever it is, as files are.
    const couldBeInput = wanted(entry.name) || extname(entry.name) === "";
    const st = resolve(path, entry);
    if ("problem" in st) {
      if (couldBeInput) out.push(st);
    } else if (st.isDirectory()) walkDirectory(path, wanted, read, out);
    else if (st.isFile()) {
      if (wanted(entry.name)) out.push({ path, bytes: "size" in st ? st.size : statSync(path).size });
    } else if (couldBeInput)
      out.push(problem(path, "special-file", `${kindOf(st)} is never opened; only regular files are read`));
  }
}

/**
 * Appends to `out` the files under `dir` whose names `wanted` accepts, and every entry that cannot be
 * read, in directory order (the caller sorts). `read` maps the real path of each directory already read
 * to the path it was read under, across all the inputs of a run.
 * @example
 * const out: WalkEntry[] = [];
 * walkDirectory("exports", (n) => n.endsWith(".ndjson"), new Map(), out);
 */
export function walkDirectory(
  dir: string,
  wanted: (name: string) => boolean,
  read: Map<string, string>,
  out: WalkEntry[],
): void {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch (e) {
    out.push(problem(dir, "unreadable-directory", `cannot resolve the directory (${errnoCode(e)})`));
    return;
  }
  const first = read.get(real);
  if (first !== undefined) {
    out.push(
      problem(dir, "already-read", `the same directory as ${first}, read once there (a symbolic link to it)`),
    );
    return;
  }
  read.set(real, dir);
  walkInto(dir, wanted, read, out);
}
