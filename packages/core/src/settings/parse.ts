/** Parsing and validating a site settings file's text, with errors that name the file and the field. */
import { parse } from "yaml";
import type { z } from "zod";
import { SettingsError, settingsProblems } from "./errors.js";
import { SiteSettingsFile } from "./schema.js";

export { SettingsError, settingsProblems } from "./errors.js";

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>(
    (s, p) => (typeof p === "number" ? `${s}[${p}]` : s === "" ? String(p) : `${s}.${String(p)}`),
    "",
  );
}

/** One validation issue as `field: what is wrong`; an unknown key is named, with where the keys are listed. */
function problem(i: z.core.$ZodIssue): string {
  const message =
    i.code === "unrecognized_keys"
      ? `unknown key${i.keys.length > 1 ? "s" : ""} ${i.keys.map((k) => `"${k}"`).join(", ")} (docs/settings.md lists the keys)`
      : i.message;
  return `${fieldPath(i.path) || "(top level)"}: ${message}`;
}

/**
 * The settings in `text` (YAML), validated; throws a SettingsError naming `name` and every field at fault.
 * @example
 * parseSettings("version: 1\n", "hemosentinel.yaml"); // { version: 1 }
 */
export function parseSettings(text: string, name: string): SiteSettingsFile {
  let data: unknown;
  try {
    data = parse(text);
  } catch (e) {
    const first = (e as Error).message.split("\n")[0] ?? "";
    throw new SettingsError(`${name}: not valid YAML: ${first.replace(/:$/, "")}`);
  }
  if (data === null || data === undefined)
    throw new SettingsError(`${name}: the file is empty; a settings file starts with "version: 1"`);
  const result = SiteSettingsFile.safeParse(data);
  if (result.success) return result.data;
  throw settingsProblems(name, result.error.issues.map(problem));
}
