/**
 * Thresholds for which no patient can show a difference on either side, with why: dead knowledge, kept
 * here (and checked to be still present) until the knowledge editors remove or align it. The coverage
 * tests accept a threshold without a boundary case only when it is listed here.
 */
export const NO_CASE: Readonly<Record<string, string>> = {
  "disorders/itp.yaml differentials[marrow-infiltration-new-fall].test.tests[1].window.endDay":
    "The infiltration must also be charted by the first dose (tests[2]: its window ends on day 0), and the index is a count after the first dose: an infiltration charted after the index fails that test whatever this window's end.",
  "disorders/thrombosis.yaml criteria[thrombosis-event].test.window.startDay":
    "The thrombosis episode's index is itself a thrombosis event, on day 0 of the window (0–0): the criterion is always met, so only a start after day 0 (an empty window) would change anything, and that is caught by every thrombosis case.",
  "disorders/thrombosis.yaml criteria[thrombosis-event].test.window.endDay":
    "As for the start: the index event on day 0 always meets the 0–0 window; an end before day 0 empties it (caught), a later end changes nothing.",
  "management/facts.yaml lmwh-within-neuraxial-interval.withinDays":
    "Every low-molecular-weight heparin carries the role lmwh, whose longer window (by creatinine clearance, `longer`) always applies: the base window is never the one used.",
};
