/**
 * The `hemosentinel` executable as one ES module, built by `npm run build` after `tsc -b`: src/main.ts
 * with the core, the knowledge runtime and the npm dependencies it uses, bundled by Vite (Rolldown) for
 * Node and written over the dist/main.js that tsc emitted (`tsc -b` alone leaves a working, unbundled
 * one). A process then reads and compiles one file instead of some 200 modules, which was most of a small
 * run's start-up time. What only some runs need is not in it: the settings-file parser with its YAML
 * reader and zod schemas and the terminal progress bar sit in dist/chunks/ and are imported by the runs
 * that use them; ucum-lhc is required from node_modules on first use (src/ucum-node.ts). `serve` loads the
 * server (fastify, jose, pino) as its own chunk; DuckDB stays in node_modules (a native module). A second
 * entry, dist/screen-worker.js, is the module `cohort screen` starts its worker threads on.
 *
 * `test/build/cli-bundle.test.ts` builds with this file and checks what the entry chunk holds.
 */
import { rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { defineConfig, type Plugin } from "vite";

/** Chunk names carry a content hash: the previous build's are removed first (dist/ also holds tsc's output). */
function cleanChunks(): Plugin {
  let outDir = "";
  return {
    name: "hemosentinel:clean-chunks",
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    buildStart() {
      rmSync(join(outDir, "chunks"), { recursive: true, force: true });
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  logLevel: "warn",
  resolve: { alias: { "@lhncbc/ucum-lhc": join(import.meta.dirname, "src", "ucum-node.ts") } },
  // Workspace packages from their TypeScript sources, as in the tests (the "source" export condition).
  // DuckDB (the cohort and pv commands) is a native module with its platform binary: Node requires it
  // from node_modules.
  ssr: {
    noExternal: true,
    external: ["@duckdb/node-api"],
    resolve: { conditions: ["source", "module", "node", "production"], externalConditions: ["node"] },
  },
  plugins: [cleanChunks()],
  build: {
    // The executable, and the entry of the cohort screen's worker threads (src/screen-worker.ts).
    ssr: true,
    outDir: "dist",
    emptyOutDir: false,
    target: "node20",
    minify: false,
    sourcemap: true,
    reportCompressedSize: false,
    copyPublicDir: false,
    rolldownOptions: {
      input: { main: "src/main.ts", "screen-worker": "src/screen-worker.ts" },
      output: {
        format: "es",
        entryFileNames: "[name].js",
        chunkFileNames: "chunks/[name]-[hash].js",
      },
    },
  },
});
