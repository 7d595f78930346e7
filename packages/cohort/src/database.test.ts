import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_MEMORY_LIMIT, openDuckDb, parseMemoryLimit } from "./database.js";

describe("DuckDB memory budget", () => {
  it("reads a size with its unit, decimal or binary, in any case and spacing", () => {
    expect(parseMemoryLimit("2GB")).toBe("2GB");
    expect(parseMemoryLimit(" 512 mb ")).toBe("512MB");
    expect(parseMemoryLimit("1.5gb")).toBe("1.5GB");
    expect(parseMemoryLimit("2gib")).toBe("2GiB");
    expect(parseMemoryLimit("768KiB")).toBe("768KiB");
  });

  it("refuses a size without a unit, zero, a negative or an unknown unit, naming the value", () => {
    for (const bad of ["2", "0GB", "-1GB", "2 GBs", "1 PB", "GB", "", "80%"])
      expect(() => parseMemoryLimit(bad)).toThrow(`memory limit ${JSON.stringify(bad)}`);
  });

  it("accepts every positive whole number of megabytes and gibibytes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom("MB", "GiB"), (n, unit) => {
        expect(parseMemoryLimit(`${n}${unit.toLowerCase()}`)).toBe(`${n}${unit}`);
      }),
    );
  });

  it("opens DuckDB with the default budget, or the one given, and the thread count given", async () => {
    const setting = async (options: Parameters<typeof openDuckDb>[1]) => {
      const db = await openDuckDb(":memory:", options);
      try {
        const [row] = await db.all(
          "SELECT current_setting('memory_limit') AS memory, current_setting('threads') AS threads",
        );
        return row;
      } finally {
        db.close();
      }
    };
    // DuckDB prints the budget in binary units (1GB = 953.6 MiB).
    expect(DEFAULT_MEMORY_LIMIT).toBe("1GB");
    expect((await setting({}))?.memory).toBe("953.6 MiB");
    expect(await setting({ memoryLimit: "2GiB", threads: 1 })).toEqual({ memory: "2.0 GiB", threads: 1 });
  });
});

describe("columnar reads", () => {
  it("give every row of a query as columns, with the values `all` gives (64-bit integers as numbers or exact text)", async () => {
    const db = await openDuckDb(":memory:");
    try {
      const sql = `SELECT * FROM (VALUES (1, 'a', 2.5::DOUBLE, NULL::VARCHAR, 9007199254740993::BIGINT, TRUE),
        (2, NULL, NULL, 'x', 42::BIGINT, FALSE)) t(id, name, value, note, big, flag) ORDER BY id`;
      const columns = await db.columns(sql);
      expect(columns).toEqual({
        id: [1, 2],
        name: ["a", null],
        value: [2.5, null],
        note: [null, "x"],
        big: ["9007199254740993", 42],
        flag: [true, false],
      });
      const rows = await db.all(sql);
      for (const [name, values] of Object.entries(columns)) expect(values).toEqual(rows.map((r) => r[name]));
      // A query without rows still names its columns.
      expect(await db.columns("SELECT 1 AS one WHERE FALSE")).toEqual({ one: [] });
    } finally {
      db.close();
    }
  });
});
