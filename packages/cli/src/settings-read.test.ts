/** Reading a settings file from disk: the file's text is parsed; a missing file is a SettingsError naming it as given. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { SettingsError } from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../../test/support/temp.js";
import { readSettingsFile } from "./settings-read.js";

describe("readSettingsFile", () => {
  it("reads and validates the file", () => {
    const path = join(tempDir("settings-"), "hemosentinel.yaml");
    writeFileSync(path, "version: 1\n");
    expect(readSettingsFile(path)).toEqual({ version: 1 });
  });

  it("names a missing file as the user wrote it, with the reason", () => {
    expect(() => readSettingsFile("no/such/hemosentinel.yaml")).toThrow(SettingsError);
    expect(() => readSettingsFile("no/such/hemosentinel.yaml")).toThrow(
      "no/such/hemosentinel.yaml: cannot read the settings file (ENOENT)",
    );
  });
});
