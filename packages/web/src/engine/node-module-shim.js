/**
 * `createRequire` for the browser build, standing in for node:module: the core loads ucum-lhc through it
 * (a CommonJS package), and here that package is an ES import bundled with the app. Temporary, until the
 * core imports ucum-lhc as a module itself.
 */
import * as ucum from "@lhncbc/ucum-lhc";

export function createRequire(_from) {
  return (id) => {
    if (id === "@lhncbc/ucum-lhc") return ucum;
    throw new Error(`${id} cannot be required in the browser`);
  };
}
