/**
 * Vite build of the web app: everything it needs is in dist/ (no CDN, no web font), so the app works
 * offline. The engine runs in a module worker; the compiled knowledge bundle is one hashed JSON asset
 * that the worker and the page fetch from the app's own origin.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defaultClientConditions, defineConfig } from "vite";

const here = fileURLToPath(new URL(".", import.meta.url));
const require = createRequire(import.meta.url);
const { version } = require("./package.json") as { version: string };

/** The knowledge package's compiled bundle, through its public `bundle.json` export. */
function knowledgeBundlePath(): string {
  try {
    return require.resolve("@hemosentinel/knowledge/bundle.json");
  } catch {
    throw new Error(
      "the compiled knowledge bundle is missing: run `npm run build` once at the repository root",
    );
  }
}

export default defineConfig({
  root: here,
  base: "/",
  // Builds are run from tests and the benchmark too: only warnings and errors.
  logLevel: "warn",
  plugins: [react()],
  resolve: {
    // The workspace packages resolve to their TypeScript sources, as in the tests.
    conditions: ["source", ...defaultClientConditions],
    alias: [
      { find: /^#knowledge-bundle(?=\?|$)/, replacement: knowledgeBundlePath() },
      { find: /^isomorphic-webcrypto$/, replacement: `${here}src/smart/webcrypto.js` },
    ],
  },
  // fhirclient's "pure" build: no fetch polyfill, the browser has one.
  define: { FHIRCLIENT_PURE: "true", __HEMOSENTINEL_VERSION__: JSON.stringify(version) },
  worker: { format: "es" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 2000,
  },
});
