// Every test file's temporary directories (test/support/temp.ts) are removed when the file ends.
import { afterAll } from "vitest";
import { removeTempDirs } from "../support/temp.js";

afterAll(removeTempDirs);
