/**
 * Mutants that no test can catch because they cannot change any outcome, each with why. The mutation run
 * reports them as known survivors instead of failing (and, with --verify-known, checks with Vitest that
 * they still survive). Each entry is dead knowledge for the knowledge editors to remove or align; when
 * they do, the run says which entries to drop from this list.
 */

const CLASSES = ["ici", "bispecific", "antibody", "car-t"] as const;

function entries(keys: readonly string[], shifts: readonly string[], why: string): [string, string][] {
  return keys.flatMap((key) => shifts.map((shift) => [`${key} ${shift}`, why] as [string, string]));
}

const latency = (disorder: string, classes: readonly string[]) =>
  classes.map((c) => `disorders/${disorder}.yaml latency.${c}.minDays`);

const FROM_DAY_1 =
  "the disorder's index opens an episode only from day 1 after the first dose, so no episode can start on day 0 or before: a minimum latency below day 1 changes nothing";
const FROM_DAY_0 =
  "the disorder's index opens an episode only from day 0 (the first dose or infusion), so a minimum latency below day 0 changes nothing";
const AFTER_THE_DOSE =
  "the ITP index reads only counts drawn after the first dose's own instant (afterExposure, from day 0), so no episode can start before the dose: a start or minimum latency before day 0 changes nothing";
const SEARCH_FROM_31 =
  "searchFromDay 31 for CAR-T: episodes before day 31 are not sought, so a minimum latency below 31 changes nothing (the two say the same; one could go)";

const ALEMTUZUMAB_DOMINATED =
  "alemtuzumab's first-dose bound is as long as its after-the-latest-dose bound (1461 days), and the latest dose is never before the first: an onset within a shorter first-dose bound is still within 1461 days of the latest dose, so lowering it changes no outcome (raising it is caught by a single infusion at day 1462)";

const CARAC_ENGAGER_DOMINATED =
  "after a T-cell engager CARAC's first-dose bound (30 days) is as long as its after-the-latest-dose bound (30 days), and the latest dose before the onset is never before the first: an onset beyond a shorter first-dose bound is still within 30 days of the latest dose, so lowering it changes no finding, certainty or grade (only the summary's wording, which then times the onset from the latest dose; raising it is caught)";

const AHA_INR_TWICE =
  "the INR cut-off is stated twice in pt-normal: its first part (no INR > 1.5 from day -3 to 14) already fails on an INR above 1.5, so raising the inner part's cut-off alone changes no outcome";

export const KNOWN_SURVIVORS: Readonly<Record<string, string>> = Object.fromEntries([
  ...entries(
    ["itp", "ttp"].map((d) => `disorders/${d}.yaml latencyByDrug.alemtuzumab.minDays`),
    ["1→0", "1→-6"],
    FROM_DAY_1,
  ),
  ...entries(
    ["itp", "ttp"].map((d) => `disorders/${d}.yaml latencyByDrug.alemtuzumab.maxDays`),
    ["1461→1460", "1461→1454"],
    ALEMTUZUMAB_DOMINATED,
  ),
  ...entries(
    ["disorders/carac.yaml latency.bispecific.maxDays"],
    ["30→29", "30→23"],
    CARAC_ENGAGER_DOMINATED,
  ),
  ...entries(latency("aha", CLASSES), ["1→0", "1→-6"], FROM_DAY_1),
  ...entries(latency("ttp", CLASSES), ["1→0", "1→-6"], FROM_DAY_1),
  ...entries(latency("itp", ["bispecific"]), ["1→0", "1→-6"], FROM_DAY_1),
  ...entries(
    [
      "disorders/itp.yaml latency.antibody.minDays",
      "disorders/itp.yaml index.test.tests[0].window.startDay",
      "disorders/itp.yaml index.lowBaseline.window.startDay",
    ],
    ["0→-1", "0→-7"],
    AFTER_THE_DOSE,
  ),
  ...entries(
    [
      ...[0, 1, 2, 3].map((i) => `disorders/aha.yaml index.test.tests[${i}].window.startDay`),
      ...[0, 1].map((i) => `disorders/ttp.yaml index.test.tests[${i}].window.startDay`),
      ...[0, 1].map((i) => `disorders/evans.yaml index.test.tests[${i}].window.startDay`),
    ],
    ["0→-1", "0→-7"],
    "the index reads only results drawn after the first dose's own instant (afterExposure, from day 0, as ITP's), so no episode can start before the dose: a start before day 0 changes nothing",
  ),
  ...entries(
    ["disorders/itp.yaml criteria[baseline-normal].test.test.window.endDay"],
    ["0→1", "0→7"],
    "the pre-dose count is read only before the first dose's own instant (beforeExposure), so no count after day 0 can enter it: a later end changes nothing",
  ),
  ...entries(latency("evans", ["bispecific", "antibody"]), ["1→0", "1→-6"], FROM_DAY_1),
  ...entries(latency("dic", ["bispecific", "antibody", "car-t"]), ["0→-1", "0→-7"], FROM_DAY_0),
  ...entries(latency("thrombosis", ["bispecific", "antibody", "car-t"]), ["0→-1", "0→-7"], FROM_DAY_0),
  ...entries(latency("carac", ["car-t", "bispecific"]), ["0→-1", "0→-7"], FROM_DAY_0),
  ...entries(
    [...latency("itp", ["car-t"]), ...latency("evans", ["car-t"])],
    ["31→30", "31→24"],
    SEARCH_FROM_31,
  ),
  ...entries(
    ["disorders/thrombosis.yaml criteria[thrombosis-event].test.window.startDay"],
    ["0→-1", "0→-7"],
    "the episode's index is itself a thrombosis event on day 0, so the criterion (days 0–0) is always met; an earlier start changes nothing",
  ),
  ...entries(
    ["disorders/thrombosis.yaml criteria[thrombosis-event].test.window.endDay"],
    ["0→1", "0→7"],
    "the episode's index is itself a thrombosis event on day 0, so the criterion (days 0–0) is always met; a later end changes nothing",
  ),
  ...entries(
    ["disorders/itp.yaml differentials[marrow-infiltration-new-fall].test.tests[1].window.endDay"],
    ["14→13", "14→15", "14→7", "14→21"],
    "the infiltration must also be charted by the first dose (tests[2], window ending on day 0 of the exposure) and the ITP index is a count or a charted ITP from the first dose's own instant (afterExposure), so an infiltration that passes tests[2] is charted on or before the index day: any end of this window at or after day 0 of the index (13, 15, 7, 21) holds it, and an infiltration charted after the index fails tests[2] whatever this end says (verified with Vitest stage 2; test/thresholds/no-case.ts)",
  ),
  ...entries(
    ["disorders/aha.yaml criteria[pt-normal].test.tests[1].tests[0].test.above"],
    ["1.5→1.6", "1.5→1.7"],
    AHA_INR_TWICE,
  ),
  ...entries(
    ["disorders/ttp.yaml differentials[adamts13-indeterminate].test.atMost"],
    ["20→21", "20→22"],
    "a presenting ADAMTS13 above 20 % already excludes TTP (differential adamts13-normal, > 20), so widening the indeterminate band above 20 changes no outcome",
  ),
  ...entries(
    ["disorders/ttp.yaml differentials[adamts13-normal-after-plasma].test.tests[1].window.startDay"],
    ["-7→-8", "-7→-14"],
    "the plasma window is stated twice: adamts13-normal excludes TTP unless plasma falls in days -7 to 45, so plasma earlier than day -7 leaves TTP excluded whatever this lowering differential's window says; widening it alone changes no outcome (the two windows move together or not at all)",
  ),
  ...entries(
    ["disorders/ttp.yaml differentials[adamts13-normal-after-plasma].test.tests[1].window.endDay"],
    ["45→46", "45→52"],
    "the plasma window is stated twice: adamts13-normal excludes TTP unless plasma falls in days -7 to 45, so plasma later than day 45 leaves TTP excluded whatever this lowering differential's window says; widening it alone changes no outcome (the two windows move together or not at all)",
  ),
  ...entries(
    ["disorders/itp.yaml differentials[pseudothrombocytopenia-history].test.tests[1].window.startDay"],
    ["-2→-3", "-2→-9"],
    "the clump-free window is stated twice: the pseudothrombocytopenia exclusion stands unless a clump-free sample falls in days -2 to 2, so a sample earlier than day -2 leaves ITP excluded whatever this lowering differential's window says; widening it alone changes no outcome (the two windows move together or not at all)",
  ),
  ...entries(
    ["disorders/itp.yaml differentials[pseudothrombocytopenia-history].test.tests[1].window.endDay"],
    ["2→3", "2→9"],
    "the clump-free window is stated twice: the pseudothrombocytopenia exclusion stands unless a clump-free sample falls in days -2 to 2, so a sample later than day 2 leaves ITP excluded whatever this lowering differential's window says; widening it alone changes no outcome (the two windows move together or not at all)",
  ),
  ...entries(
    ["disorders/carac.yaml grade.rules[1].when.tests[3].tests[1].test.below"],
    ["5→6"],
    "the overt cut-off is stated twice in the grade 3 rule: a charted DIC grades 3 unless the computed ISTH score is below 5, and a score of 5 or more grades 3 by the rule's first test; raising the charted-DIC cut-off alone only withholds grade 3 from scores the first test already grades 3, so no outcome changes",
  ),
]);
