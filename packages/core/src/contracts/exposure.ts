/** Reading an exposure of the record model (kept apart from model.ts's schemas, which the engine need not load). */
import type { Exposure, IsoDateTime } from "./model.js";

/** Day 0 of an exposure: the CAR-T infusion, else the first dose. */
export function exposureStart(e: Exposure): IsoDateTime {
  return e.infusion ?? e.first;
}
