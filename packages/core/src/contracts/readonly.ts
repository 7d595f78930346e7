/**
 * The public contract types are read-only all the way down: schemas are written with zod and their
 * inferred types wrapped in `ReadonlyDeep`, so that no consumer mutates a record or a report it was given.
 */

/** `T` with every property, array and record read-only, recursively (plain JSON data only). */
export type ReadonlyDeep<T> = T extends readonly (infer U)[]
  ? readonly ReadonlyDeep<U>[]
  : T extends object
    ? { readonly [K in keyof T]: ReadonlyDeep<T[K]> }
    : T;
