/** Reading a site settings file from disk (the one part of the settings that touches the file system). */
import { readFileSync } from "node:fs";
import { parseSettings, SettingsError, type SiteSettingsFile } from "@hemosentinel/core";

/**
 * The settings file at `path`, validated; throws a SettingsError naming `path` as given (never expanded).
 * @example
 * readSettingsFile("hemosentinel.yaml");
 */
export function readSettingsFile(path: string): SiteSettingsFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "unreadable";
    throw new SettingsError(`${path}: cannot read the settings file (${code})`);
  }
  return parseSettings(text, path);
}
