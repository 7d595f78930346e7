/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: `initdb` into a folder the caller owns, a
 * server on a free port of 127.0.0.1 (its socket inside that folder; no fsync, since nothing here must
 * survive a crash), stopped by `stop()`. The binaries are Debian's (`postgresql`, installed by the
 * repository's system-package script) or those in `HEMOSENTINEL_PG_BIN`. PostgreSQL refuses to run as
 * root: as root, the cluster runs as the `postgres` user the Debian package creates (through `runuser`).
 */
import { execFile } from "node:child_process";
import {
  appendFileSync,
  chmodSync,
  chownSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";

const exec = promisify(execFile);
const DEBIAN = "/usr/lib/postgresql";

/** The folder of `initdb` and `pg_ctl`, or undefined when PostgreSQL is not installed. */
export function postgresBinDir(): string | undefined {
  const own = process.env.HEMOSENTINEL_PG_BIN;
  if (own !== undefined) return existsSync(join(own, "initdb")) ? own : undefined;
  if (!existsSync(DEBIAN)) return undefined;
  const versions = readdirSync(DEBIAN)
    .filter((v) => existsSync(join(DEBIAN, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(DEBIAN, versions[0], "bin");
}

export interface ScratchPostgres {
  /** A connection URL (user `hemosentinel`, database `postgres`, trust authentication on 127.0.0.1). */
  readonly url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? done(address.port) : fail(new Error("no free port")),
      );
    });
  });
}

/** The user and group ids of a user of /etc/passwd. */
function userIds(name: string): { uid: number; gid: number } | undefined {
  for (const line of readFileSync("/etc/passwd", "utf8").split("\n")) {
    const [user, , uid, gid] = line.split(":");
    if (user === name) return { uid: Number(uid), gid: Number(gid) };
  }
  return undefined;
}

/** As root: `dir` handed to the `postgres` user, and the folders above it made passable (not readable). */
function handOver(dir: string): void {
  const ids = userIds("postgres");
  if (ids === undefined)
    throw new Error("running as root without a `postgres` user to run PostgreSQL as (initdb refuses root)");
  const top = resolve(tmpdir());
  for (let d = dirname(resolve(dir)); d !== dirname(d); d = dirname(d)) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) !== 0) continue;
    if (!d.startsWith(top)) throw new Error(`${d} is closed to the postgres user: use a folder under ${top}`);
    chmodSync(d, mode | 0o001);
  }
  chownSync(dir, ids.uid, ids.gid);
}

/**
 * Starts a cluster in the empty folder `dir`.
 * @example
 * const server = await startScratchPostgres(tempDir("pg-"));
 * const db = await openPostgres(server.url);
 * await server.stop();
 */
export async function startScratchPostgres(dir: string): Promise<ScratchPostgres> {
  const bin = postgresBinDir();
  if (bin === undefined)
    throw new Error("PostgreSQL is not installed (Debian: postgresql; or set HEMOSENTINEL_PG_BIN)");
  const root = process.getuid?.() === 0;
  if (root) handOver(dir);
  const as = (tool: string, args: string[]) =>
    root ? exec("runuser", ["-u", "postgres", "--", join(bin, tool), ...args]) : exec(join(bin, tool), args);
  const data = join(dir, "data");
  await as("initdb", [
    "-D",
    data,
    "-U",
    "hemosentinel",
    "--auth=trust",
    "-E",
    "UTF8",
    "--locale=C",
    "--no-sync",
  ]);
  const port = await freePort();
  appendFileSync(
    join(data, "postgresql.conf"),
    [
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      `unix_socket_directories = '${dir}'`,
      "fsync = off",
      "synchronous_commit = off",
      "full_page_writes = off",
      "",
    ].join("\n"),
  );
  await as("pg_ctl", ["-D", data, "-l", join(dir, "server.log"), "-w", "-t", "60", "start"]);
  return {
    url: `postgres://hemosentinel@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await as("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
    },
  };
}
