/**
 * The part of NLM's `@lhncbc/ucum-lhc` (CommonJS, no type declarations of its own) that the unit converter
 * uses. Its main entry is imported as an ES module: Node reads the CommonJS named exports, and a bundler
 * (Vite) converts it and inlines the unit definitions JSON it requires, so the same import works in Node
 * and in the browser.
 */
declare module "@lhncbc/ucum-lhc" {
  export interface UcumConversion {
    readonly status: string;
    readonly toVal: number | null;
    readonly msg: string[];
  }

  export class UcumLhcUtils {
    /** A new utilities object; the first one loads the unit tables (about 15 ms). */
    static getInstance(): UcumLhcUtils;
    convertUnitTo(
      fromUnitCode: string,
      fromVal: number,
      toUnitCode: string,
      options?: { molecularWeight?: number },
    ): UcumConversion;
    validateUnitString(unit: string): { status: string; ucumCode: string | null };
  }
}
