/**
 * Finds the files of an import: FAERS quarterly ASCII files (DEMO, DRUG, REAC, OUTC, THER, INDI, RPSR and
 * the deleted-case lists, file names in any case, one folder per quarter, searched recursively) and
 * generic long-format CSV files. Anything else is listed as ignored, never silently skipped.
 */
import { readdirSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";

export const FAERS_TABLES = ["demo", "drug", "reac", "outc", "ther", "indi", "rpsr"] as const;
export type FaersTable = (typeof FAERS_TABLES)[number];

export type InputFile =
  | {
      readonly kind: "faers";
      readonly table: FaersTable;
      readonly quarter: string;
      readonly path: string;
      readonly bytes: number;
    }
  | { readonly kind: "deleted"; readonly path: string; readonly bytes: number }
  | { readonly kind: "long"; readonly path: string; readonly bytes: number };

export interface Discovery {
  readonly files: readonly InputFile[];
  /** Paths that are not import files (PDF notes, size files, other text), with why. */
  readonly ignored: readonly { readonly path: string; readonly reason: string }[];
  /** Named paths that do not exist. */
  readonly missing: readonly string[];
}

const FAERS_NAME = /^(demo|drug|reac|outc|ther|indi|rpsr)(\d{2})q([1-4])\.txt$/i;
const DELETED_NAME = /^(dele|deleted).*\.txt$/i;

/** Classifies one file by its name (and, for deleted-case lists, its folder). */
export function classify(path: string, bytes: number): InputFile | { readonly ignored: string } {
  const name = basename(path);
  const m = FAERS_NAME.exec(name);
  if (m) {
    const table = (m[1] as string).toLowerCase() as FaersTable;
    return { kind: "faers", table, quarter: `20${m[2]}Q${m[3]}`, path, bytes };
  }
  if (DELETED_NAME.test(name) || (/\.txt$/i.test(name) && /^deleted$/i.test(basename(dirname(path)))))
    return { kind: "deleted", path, bytes };
  if (/\.csv$/i.test(name)) return { kind: "long", path, bytes };
  return {
    ignored:
      "not a FAERS quarterly ASCII file (DEMO/DRUG/REAC/OUTC/THER/INDI/RPSR yyQn.txt), deleted-case list or .csv",
  };
}

/**
 * Walks the named files and folders, sorted by path so imports are reproducible.
 * @example
 * discover(["faers/2024Q1", "faers/2024Q2"]).files.length;
 */
export function discover(paths: readonly string[]): Discovery {
  const files: InputFile[] = [];
  const ignored: { path: string; reason: string }[] = [];
  const missing: string[] = [];
  const visit = (path: string) => {
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(path);
    } catch {
      missing.push(path);
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path).sort()) visit(join(path, entry));
      return;
    }
    const c = classify(path, stat.size);
    if ("ignored" in c) ignored.push({ path, reason: c.ignored });
    else files.push(c);
  };
  for (const p of paths) visit(p);
  return { files, ignored, missing };
}
