/**
 * The import graph of the packages' sources (packages/<name>/src/**\/*.ts, tests and declaration files
 * left out), read with TypeScript's own pre-processor (static and dynamic imports, re-exports, type-only
 * imports included), against the layout of the design of record (../shared/design.md, "Layout"):
 * - a package imports only packages on lower rows of the layout, never one on its own row or above;
 * - another package only through its name (its index.ts, the `exports` map): no `../../core/src/…`, no
 *   deep `@hemosentinel/core/…`, and only a package it declares as a dependency;
 * - `packages/core` imports no Node built-in (`node:fs`, `fs`, `module`, …): it runs in the browser;
 * - no import cycle between the files of a package, except the ones listed in KNOWN_CYCLES, each of which
 *   must still exist (remove the entry when the cycle is gone).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REPO_ROOT, SHARED } from "../support/paths.js";

const PACKAGES = join(REPO_ROOT, "packages");
const SCOPE = "@hemosentinel/";

/**
 * Import cycles known and being removed, each as its files (type-only imports count: they tie the files
 * together as much). The test fails when one of them is gone, so that its entry goes too. None today: the
 * planner ↔ management-schema cycle ended when KIND_ORDER moved into the contracts; fibrin-marker.ts ↔
 * components.ts and view.ts ↔ wording.ts ended when ComponentContext moved to inputs.ts and RenderContext
 * to context.ts; units.ts ↔ vocabulary.ts ↔ labs.ts when the converter and spelling contracts moved into
 * vocabulary.ts.
 */
const KNOWN_CYCLES: readonly (readonly string[])[] = [];

interface SourceFile {
  /** Path from the repository root. */
  readonly path: string;
  readonly pkg: string;
  /** Module specifiers as written. */
  readonly imports: readonly string[];
}

/** The package names of each row of the design's layout table, lowest row first. */
function layoutRows(design: string): Map<string, number> {
  const rows = new Map<string, number>();
  const section = design.slice(design.indexOf("## Layout"));
  for (const line of section.split("\n")) {
    const m = /^\|\s*(\d+)\s*\|([^|]*)\|/.exec(line);
    if (!m) continue;
    for (const p of m[2]?.matchAll(/`packages\/([a-z0-9-]+)`/g) ?? []) rows.set(p[1] as string, Number(m[1]));
  }
  return rows;
}

function sourceFiles(): SourceFile[] {
  const files: SourceFile[] = [];
  for (const pkg of readdirSync(PACKAGES).sort()) {
    const src = join(PACKAGES, pkg, "src");
    if (!existsSync(src)) continue; // a package laid out before its code (package.json alone)
    for (const f of readdirSync(src, { recursive: true }).map(String).sort()) {
      if (!f.endsWith(".ts") || f.endsWith(".d.ts") || /\.test\.ts$/.test(f)) continue;
      const abs = join(src, f);
      const info = ts.preProcessFile(readFileSync(abs, "utf8"), true, false);
      files.push({ path: relative(REPO_ROOT, abs), pkg, imports: info.importedFiles.map((i) => i.fileName) });
    }
  }
  return files;
}

function isNodeBuiltin(id: string): boolean {
  return id.startsWith("node:") || builtinModules.some((m) => id === m || id.startsWith(`${m}/`));
}

/** The source file a relative specifier names (`./x.js` is `./x.ts`), from the repository root. */
function resolveRelative(from: string, spec: string): string {
  const target = resolve(REPO_ROOT, dirname(from), spec);
  return relative(REPO_ROOT, target.replace(/\.js$/, ".ts"));
}

/** Strongly connected components of more than one file (or a file importing itself): the cycles. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return out.sort((a, b) => (a[0] ?? "").localeCompare(b[0] ?? ""));
}

const files = sourceFiles();
const rows = layoutRows(readFileSync(join(SHARED, "design.md"), "utf8"));
const dependencies = (pkg: string): Record<string, string> =>
  (
    JSON.parse(readFileSync(join(PACKAGES, pkg, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    }
  ).dependencies ?? {};

describe("import graph of packages/*/src", () => {
  it("reads the layout and finds every package in it", () => {
    expect(rows.get("core")).toBe(1);
    expect(rows.get("knowledge")).toBe(2);
    expect(rows.get("cli")).toBe(5);
    expect(readdirSync(PACKAGES).filter((p) => !rows.has(p))).toEqual([]);
    expect(files.length).toBeGreaterThan(50);
  });

  it("has each package import only packages on lower rows, by name, and only those it depends on", () => {
    const problems: string[] = [];
    for (const f of files) {
      for (const spec of f.imports) {
        if (spec.startsWith(".")) {
          const target = resolveRelative(f.path, spec);
          if (!target.startsWith(`packages/${f.pkg}/src/`))
            problems.push(`${f.path}: ${spec} reaches outside its package (import the package by name)`);
          continue;
        }
        if (!spec.startsWith(SCOPE)) continue;
        const [name = "", ...deep] = spec.slice(SCOPE.length).split("/");
        if (deep.length > 0) problems.push(`${f.path}: ${spec} is a deep import (use ${SCOPE}${name})`);
        const [mine, theirs] = [rows.get(f.pkg) ?? 0, rows.get(name)];
        if (name === f.pkg) problems.push(`${f.path}: imports its own package by name`);
        else if (theirs === undefined) problems.push(`${f.path}: ${spec} is not in the design's layout`);
        else if (theirs >= mine)
          problems.push(`${f.path}: ${f.pkg} (row ${mine}) imports ${name} (row ${theirs}), not a lower row`);
        if (!(`${SCOPE}${name}` in dependencies(f.pkg)))
          problems.push(`${f.path}: ${spec} is not a dependency of packages/${f.pkg}/package.json`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("has packages/core import no Node built-in", () => {
    const nodeImports = files
      .filter((f) => f.pkg === "core")
      .flatMap((f) => f.imports.filter(isNodeBuiltin).map((spec) => `${f.path}: ${spec}`));
    expect(nodeImports).toEqual([]);
  });

  it("has no import cycle between the files of a package but the known ones, each still there", () => {
    const graph = new Map<string, string[]>();
    for (const f of files)
      graph.set(
        f.path,
        f.imports.filter((s) => s.startsWith(".")).map((s) => resolveRelative(f.path, s)),
      );
    expect(cycles(graph)).toEqual(KNOWN_CYCLES.map((c) => [...c].sort()));
  });
});

describe("the cycle finder", () => {
  it("finds a cycle of two and one of three, and nothing in a tree", () => {
    const graph = new Map<string, string[]>([
      ["a", ["b"]],
      ["b", ["a", "c"]],
      ["c", ["d"]],
      ["d", ["e"]],
      ["e", ["c"]],
      ["f", ["a"]],
    ]);
    expect(cycles(graph)).toEqual([
      ["a", "b"],
      ["c", "d", "e"],
    ]);
    expect(
      cycles(
        new Map([
          ["x", ["y", "z"]],
          ["y", ["z"]],
        ]),
      ),
    ).toEqual([]);
  });
});
