/**
 * A site's local lab codes mapped to LOINC (`cohort import --lab-map FILE`): a measurement of concept 0 whose
 * `measurement_source_value` is a local code (`PLT`, `HGB`) is read as the LOINC lab the site's file names for
 * it, in the import, the screen's SQL and the engine alike. Nothing is guessed from words: only a code the file
 * lists is read, and a line of the file that cannot be used is reported with its reason (in the summary and as a
 * row of `import_rejection`). The import stores the map with its file's SHA-256 (./maps.ts writeLabCodeMap): later
 * screens read it without the option, an import without a map keeps it, and one with another file replaces it.
 *
 * The file is CSV with the header `source_value,loinc` (blank lines and lines starting with `#` are skipped):
 * the source value as the measurement table holds it (compared after trimming spaces, letter case kept), and
 * a LOINC code of a catalogue lab (`777-3`; its check digit verified).
 */
import { createHash } from "node:crypto";
import type { Knowledge } from "@hemosentinel/core";
import { loincSourceCode } from "./concepts.js";

/** One line of the file the import could not use, and why. */
export interface LabMapRejection {
  readonly line: number;
  readonly reason: string;
}

/** The usable lines of a lab map file, and the others with their reasons. */
export interface LabCodeMap {
  readonly file: string;
  /** The SHA-256 of the file's text (hex), stored with the map so a later import can tell another map from it. */
  readonly sha256: string;
  /** Local source value → LOINC code, in file order. */
  readonly codes: ReadonlyMap<string, string>;
  readonly rejected: readonly LabMapRejection[];
}

/** A lab map file whose header is not `source_value,loinc`: nothing in it can be read. */
export class LabMapError extends Error {
  override name = "LabMapError";
}

const HEADER = "source_value,loinc";

/**
 * Reads a lab map file's text.
 * @example
 * const map = readLabMap("source_value,loinc\nPLT,777-3\nHB,718-7x\n", "site-labs.csv", knowledge);
 * map.codes.get("PLT"); // "777-3"
 * map.rejected;        // [{ line: 3, reason: "loinc 718-7x is not a LOINC code" }]
 */
export function readLabMap(text: string, file: string, knowledge: Pick<Knowledge, "vocabulary">): LabCodeMap {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = (lines[0] ?? "")
    .trim()
    .toLowerCase()
    .replace(/\s*,\s*/g, ",");
  if (header !== HEADER)
    throw new LabMapError(
      `${file}: line 1 must be the header "${HEADER}" (found ${JSON.stringify((lines[0] ?? "").slice(0, 80))})`,
    );
  const codes = new Map<string, string>();
  const firstLine = new Map<string, number>();
  const rejected: LabMapRejection[] = [];
  /** Why a line's fields cannot be used, or its LOINC code. */
  const read = (fields: readonly string[]): { reason: string } | { loinc: string } => {
    if (fields.length !== 2) return { reason: `${fields.length} fields, not 2 (source_value,loinc)` };
    const [source = "", loinc = ""] = fields;
    if (source === "") return { reason: "no source_value" };
    const sourceCode = loincSourceCode(source);
    if (sourceCode !== undefined && "code" in sourceCode)
      return {
        reason: `source_value ${source} is a LOINC code already: it is read as that code without a map`,
      };
    const code = loincSourceCode(loinc);
    if (code === undefined || !/^\d{1,7}-\d$/.test(loinc))
      return {
        reason: `loinc ${JSON.stringify(loinc)} is not a LOINC code (digits, a hyphen and a check digit)`,
      };
    if ("invalid" in code) return { reason: code.invalid.replace("measurement_source_value", "loinc") };
    if (knowledge.vocabulary.lab(code.code) === undefined)
      return { reason: `loinc ${code.code} is no lab HemoSentinel reads: its rows would be read as nothing` };
    const earlier = firstLine.get(source);
    if (earlier !== undefined)
      return {
        reason: `source_value ${source} is already mapped on line ${earlier} (to ${codes.get(source)})`,
      };
    return { loinc: code.code };
  };
  for (const [i, raw] of lines.entries()) {
    const text = raw.trim();
    if (i === 0 || text === "" || text.startsWith("#")) continue;
    const fields = text.split(",").map((f) => f.trim());
    const got = read(fields);
    if ("reason" in got) rejected.push({ line: i + 1, reason: got.reason });
    else {
      codes.set(fields[0] as string, got.loinc);
      firstLine.set(fields[0] as string, i + 1);
    }
  }
  return { file, sha256: createHash("sha256").update(text).digest("hex"), codes, rejected };
}

/**
 * The `measurement_source_value` of a measurement row (column prefix `m`, such as `m.`) as the engine reads it: for
 * a row of concept 0 whose value the site's lab map (`lab_code_map` in the results schema `S`) lists, the LOINC
 * code before the value (`777-3|PLT`, read as LOINC 777-3 with the site's code as its text); else as stored.
 */
export function mappedSourceValue(S: string, m: string): string {
  return `CASE WHEN ${m}measurement_concept_id = 0 THEN coalesce((SELECT k.loinc || '|' || k.source_value
      FROM ${S}.lab_code_map k WHERE k.source_value = trim(${m}measurement_source_value)), ${m}measurement_source_value)
    ELSE ${m}measurement_source_value END`;
}
