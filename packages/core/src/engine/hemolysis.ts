/**
 * Haemolysis as the knowledge states it, once (management/facts.yaml `hemolysis`), for the management fact and
 * the anaemia beside a bleed (unexplained.yaml `besideEvent`):
 * one marker abnormal on its own, `min` of the others abnormal, or haemolysis charted — each inside a window.
 */
import type { ClinicalEvent, IsoDateTime, LabResult } from "../contracts/model.js";
import type { HemolysisMarker } from "../knowledge/management.js";

export interface HemolysisRule {
  readonly event: string;
  readonly alone: readonly HemolysisMarker[];
  readonly markers: readonly HemolysisMarker[];
  readonly min: number;
}

/** Whether the results and charted events inside `inWindow` show haemolysis; `beyond` reads a marker's limit. */
export function hemolysisShown(
  rule: HemolysisRule,
  labs: readonly LabResult[],
  events: readonly ClinicalEvent[],
  inWindow: (at: IsoDateTime) => boolean,
  beyond: (l: LabResult, m: HemolysisMarker) => boolean,
): boolean {
  const abnormal = (markers: readonly HemolysisMarker[]) =>
    markers.filter((m) => labs.some((l) => m.labs.includes(l.lab) && inWindow(l.at) && beyond(l, m))).length;
  return (
    abnormal(rule.alone) > 0 ||
    abnormal(rule.markers) >= rule.min ||
    events.some((e) => e.kind === rule.event && inWindow(e.at))
  );
}
