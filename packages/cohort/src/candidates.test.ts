import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../../../test/support/temp.js";
import { readCandidates } from "./candidates.js";

describe("candidates file (screen --candidates)", () => {
  const dir = tempDir("candidates-");
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it("reads one id per line, the first line included, and names every line left out", async () => {
    expect(await readCandidates(file("ids.txt", "101\n102\nabc\n102\n\n7\n"))).toEqual({
      ids: ["101", "102", "7"],
      problems: [
        { line: 3, text: "abc", reason: "not a person id (a whole number)" },
        { line: 4, text: "102", reason: "repeats the id of line 2" },
        { line: 5, text: "", reason: "not a person id (a whole number)" },
      ],
    });
    expect(await readCandidates(file("one.txt", "42\n"))).toEqual({ ids: ["42"], problems: [] });
  });

  it("reads the person_id column of the Spark query's CSV, reasons quoted, whatever its place", async () => {
    const csv = 'reasons,person_id\n"itp,unexplained:anemia",5\nttp,0012\n';
    expect(await readCandidates(file("spark.csv", csv))).toEqual({ ids: ["5", "12"], problems: [] });
    // A header without person_id is not guessed at: its line is named.
    const other = await readCandidates(file("other.csv", "id\n5\n"));
    expect(other.ids).toEqual(["5"]);
    expect(other.problems).toEqual([{ line: 1, text: "id", reason: "not a person id (a whole number)" }]);
  });
});
