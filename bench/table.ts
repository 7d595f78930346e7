/** Plain-text tables for benchmark output. */

/**
 * A table with a header row; numbers right-aligned, text left-aligned.
 * @example
 * formatTable(["stage", "MB/s"], [["JSON.parse", 412.3]]);
 */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === "number" ? formatNumber(c) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i] ?? "").length)));
  const numeric = header.map((_, i) => rows.every((r) => typeof r[i] === "number"));
  const line = (r: readonly (string | number)[]) =>
    r
      .map((c, i) => {
        const s = String(c ?? "");
        const w = widths[i] ?? 0;
        return numeric[i] ? s.padStart(w) : s.padEnd(w);
      })
      .join("  ")
      .trimEnd();
  return [
    line(cells[0] ?? []),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...cells.slice(1).map(line),
  ].join("\n");
}

/** A number with sensible precision for a table: ≥ 100 without decimals, else three significant digits. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Math.abs(x) >= 100) return Math.round(x).toLocaleString("en-US");
  return Number(x.toPrecision(3)).toString();
}
