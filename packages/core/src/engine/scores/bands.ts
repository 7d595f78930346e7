/**
 * Points bands on numbers, with censored results: a result reported as "< 10" may lie in several bands,
 * so a band lookup returns every possible number of points rather than guessing one.
 */

import type { LabResult } from "../../contracts/model.js";
import type { Band, Interval } from "../../knowledge/scores.js";
import { sig } from "../grading/limits.js";

/** The set of values a reading may stand for; ends are open or closed. */
export interface Range {
  readonly lo: number;
  readonly loOpen: boolean;
  readonly hi: number;
  readonly hiOpen: boolean;
}

/** The values a numeric value with an optional censoring comparator may stand for. */
export function rangeOf(value: number, comparator?: LabResult["comparator"]): Range {
  const v = sig(value);
  switch (comparator) {
    case "<":
      return { lo: Number.NEGATIVE_INFINITY, loOpen: true, hi: v, hiOpen: true };
    case "<=":
      return { lo: Number.NEGATIVE_INFINITY, loOpen: true, hi: v, hiOpen: false };
    case ">":
      return { lo: v, loOpen: true, hi: Number.POSITIVE_INFINITY, hiOpen: true };
    case ">=":
      return { lo: v, loOpen: false, hi: Number.POSITIVE_INFINITY, hiOpen: true };
    default:
      return { lo: v, loOpen: false, hi: v, hiOpen: false };
  }
}

/** A range shifted or scaled by exact arithmetic on its ends (PT minus ULN, PT over ULN). */
export function mapRange(r: Range, f: (x: number) => number): Range {
  return {
    lo: Number.isFinite(r.lo) ? sig(f(r.lo)) : r.lo,
    loOpen: r.loOpen,
    hi: Number.isFinite(r.hi) ? sig(f(r.hi)) : r.hi,
    hiOpen: r.hiOpen,
  };
}

function toRange(i: Interval): Range {
  const lo = i.gt ?? i.ge;
  const hi = i.lt ?? i.le;
  return {
    lo: lo ?? Number.NEGATIVE_INFINITY,
    loOpen: lo === undefined || i.gt !== undefined,
    hi: hi ?? Number.POSITIVE_INFINITY,
    hiOpen: hi === undefined || i.lt !== undefined,
  };
}

function intersects(a: Range, b: Range): boolean {
  const lo = Math.max(a.lo, b.lo);
  const hi = Math.min(a.hi, b.hi);
  if (lo < hi) return true;
  if (lo > hi) return false;
  const loOpen = (a.lo === lo && a.loOpen) || (b.lo === lo && b.loOpen);
  const hiOpen = (a.hi === hi && a.hiOpen) || (b.hi === hi && b.hiOpen);
  return !loOpen && !hiOpen;
}

function within(inner: Range, outer: Range): boolean {
  const loOk = inner.lo > outer.lo || (inner.lo === outer.lo && (inner.loOpen || !outer.loOpen));
  const hiOk = inner.hi < outer.hi || (inner.hi === outer.hi && (inner.hiOpen || !outer.hiOpen));
  return loOk && hiOk;
}

/** Whether every value of `r` meets the interval (true), none does (false), or it depends (undefined). */
export function meets(i: Interval, r: Range): boolean | undefined {
  const target = toRange(i);
  if (within(r, target)) return true;
  return intersects(r, target) ? undefined : false;
}

/** Every number of points a value in `r` could earn, ascending (one entry when the band is certain). */
export function possiblePoints(bands: readonly Band[], r: Range): number[] {
  const pts = bands.filter((b) => intersects(r, toRange(b))).map((b) => b.points);
  return [...new Set(pts)].sort((a, b) => a - b);
}
