/** Mutations of JSON documents for property tests: any node replaced or removed. */

/**
 * A copy of `value` with the node at `pick` (a depth-first walk index) replaced by `replacement`, or
 * removed when `replacement` is undefined (from an array or an object).
 * @example
 * mutate({ a: [1, 2] }, 2, undefined); // { a: [2] }
 */
export function mutate(value: unknown, pick: number, replacement: unknown): unknown {
  let n = 0;
  const walk = (v: unknown): unknown => {
    if (n++ === pick) return replacement;
    if (Array.isArray(v)) return v.map(walk).filter((x) => x !== undefined);
    if (v !== null && typeof v === "object") {
      const out: Record<string, unknown> = {};
      for (const [key, x] of Object.entries(v)) {
        const w = walk(x);
        if (w !== undefined) out[key] = w;
      }
      return out;
    }
    return v;
  };
  return walk(value);
}
