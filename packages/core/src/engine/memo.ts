/**
 * Memos of pure functions for the engine's hot paths. They only cache a function of its key, so no result
 * depends on them.
 */

/**
 * `fn` memoised per string key in a map cleared when it reaches `max` entries, so a cohort run cannot grow
 * it without bound.
 */
export function boundedMemo<T>(fn: (key: string) => T, max: number): (key: string) => T {
  const seen = new Map<string, T>();
  return (key) => {
    let value = seen.get(key);
    if (value === undefined) {
      if (seen.size >= max) seen.clear();
      value = fn(key);
      seen.set(key, value);
    }
    return value;
  };
}

/** `fn` memoised per object, weakly held: the memo goes with the object (e.g. a knowledge configuration). */
export function weakMemo<K extends object, T>(fn: (key: K) => T): (key: K) => T {
  const seen = new WeakMap<K, T>();
  return (key) => {
    let value = seen.get(key);
    if (value === undefined) {
      value = fn(key);
      seen.set(key, value);
    }
    return value;
  };
}
