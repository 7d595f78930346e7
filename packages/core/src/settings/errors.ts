/**
 * The error of a settings file that cannot be used, apart from the YAML parser and schema of parse.ts so
 * that a run without a settings file loads neither.
 */

/** A settings file that cannot be used; the message names the file and each field at fault. */
export class SettingsError extends Error {
  override name = "SettingsError";
}

/** The first five problems, joined: `scores.isth-overt-dic.fibrinMarker.uln.strongAbove: must be …`. */
export function settingsProblems(name: string, problems: readonly string[]): SettingsError {
  const more = problems.length > 5 ? `; … and ${problems.length - 5} more` : "";
  return new SettingsError(`${name}: ${problems.slice(0, 5).join("; ")}${more}`);
}
