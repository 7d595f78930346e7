/**
 * `@lhncbc/ucum-lhc` as the bundled executable imports it (vite.config.ts maps the package here): the same
 * `UcumLhcUtils.getInstance()`, with the package itself required from node_modules on first use, so that a
 * run whose units are all in the knowledge base's spelling table never loads or compiles it (its code and
 * unit tables are some 550 KB). The core imports the package directly, which works in Node and in a
 * browser bundle alike; only this Node program swaps in the lazy form.
 */
import { createRequire } from "node:module";

interface UcumPackage {
  readonly UcumLhcUtils: { getInstance(): unknown };
}

let pkg: UcumPackage | undefined;

/** The package as the core resolves it (the core depends on it; this program does through the core). */
function ucumPackage(): UcumPackage {
  if (pkg === undefined) {
    const require = createRequire(import.meta.url);
    pkg = createRequire(require.resolve("@hemosentinel/core"))("@lhncbc/ucum-lhc") as UcumPackage;
  }
  return pkg;
}

export const UcumLhcUtils = {
  getInstance: (): unknown => ucumPackage().UcumLhcUtils.getInstance(),
};
