/**
 * Hand-written boundary cases for the disorder thresholds the generators cannot reach: the new-fall and
 * fall tests (baseline and nadir), recovery after withdrawal and re-exposure, the infusion-related time
 * course, the 4Ts, JAAM, PLASMIC and French scores (from lab values that give the score exactly), and
 * windows whose outside side needs a particular patient (a later episode excluded, an earlier
 * immunotherapy). Each case runs assessPatient with the real knowledge and states what either side of the
 * pinned threshold gives.
 */
import { strict as assert } from "node:assert";
import { ENDED_UNDATED } from "../../packages/core/src/contracts/event-qualifiers.js";
import type {
  ClinicalEvent,
  ContextDrug,
  Exposure,
  LabResult,
  PatientRecord,
} from "../../packages/core/src/contracts/model.js";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import type { DisorderId, EventKind } from "../../packages/core/src/contracts/vocabularies.js";
import { assessPatient } from "../../packages/core/src/engine/assess.js";
import type { Knowledge } from "../../packages/core/src/knowledge/knowledge.js";
import { exposure } from "../support/record.js";
import { pinText, type ThresholdCase } from "./cases.js";
import { opening } from "./disorder-structure.js";
import {
  DRUG_OF,
  day,
  exposureOf,
  HSCORE_LABS,
  kdrug,
  kevent,
  klab,
  klabs,
  record,
  traceStatus,
} from "./support.js";

const AT = day(1000);

interface Side {
  /** What this side's patient has at the threshold. */
  readonly label: string;
  readonly record: (k: Knowledge) => PatientRecord;
  /** What the report must show. */
  readonly expect: string;
}

/**
 * A case over one or more thresholds: every side's patient through assessPatient must show what it
 * expects (the sides lie either side of the pinned thresholds named in `keys`).
 */
function handCase(
  keys: readonly string[],
  what: string,
  observe: (r: PatientReport) => string,
  sides: readonly Side[],
): ThresholdCase {
  const pins = keys.map(pinText).join("; ");
  return {
    keys,
    name: `${pins}: ${sides.map((s) => `${s.label} → ${what} ${s.expect}`).join("; ")}`,
    run(k: Knowledge) {
      for (const s of sides) {
        const r = assessPatient(s.record(k), AT, k);
        assert.equal(
          observe(r),
          s.expect,
          `${s.label}: ${r.findings.map((f) => f.summary).join(" | ") || "no finding"}`,
        );
      }
    },
  };
}

const criterion = (d: DisorderId, id: string) => (r: PatientReport) => traceStatus(r, d, id);
const differential = (d: DisorderId, id: string) => (r: PatientReport) => traceStatus(r, d, id, true);

function patient(
  parts: { labs?: LabResult[]; events?: ClinicalEvent[]; drugs?: ContextDrug[]; exposures?: Exposure[] } = {},
): PatientRecord {
  return record({
    exposures: parts.exposures ?? [exposureOf("ici")],
    labs: parts.labs ?? [],
    events: parts.events ?? [],
    contextDrugs: parts.drugs ?? [],
  });
}

/** A lab result at an exact instant (for time courses in hours). */
function labAt(k: Knowledge, id: string, at: string, value: number): LabResult {
  const l = klab(k, id, 0, value);
  return { ...l, at };
}

const I = 60;
const ITP = "disorders/itp.yaml";

/** ITP: the new fall from the pre-dose baseline (grades and percent), in the criterion and in the pre-existing differential. */
function newFall(): ThresholdCase[] {
  const crit = `${ITP} criteria[new-fall].test`;
  const pre = `${ITP} differentials[pre-existing].test.tests[1].test`;
  const base = `${ITP} criteria[baseline-normal].test.test`;
  const atDose = (value: number, hour: number) => (k: Knowledge) =>
    patient({
      labs: [klab(k, "platelets", 0, value, { hour }), klab(k, "platelets", I, 20, { hour: 9 })],
      events: [kevent("itp", I)],
    });
  // A charted ITP on day 60 keeps the finding whatever the counts say.
  const itp =
    (base: number, nadir: number, nadirDay = I) =>
    (k: Knowledge) =>
      patient({
        labs: [klab(k, "platelets", -5, base), klab(k, "platelets", nadirDay, nadir, { hour: 9 })],
        events: [kevent("itp", I)],
      });
  return [
    handCase([`${crit}.grades`], "new-fall", criterion("itp", "new-fall"), [
      { label: "platelets 200 → 140 (grade 0 → 1, 30 %)", record: itp(200, 140), expect: "met" },
      { label: "140 → 100 (grade 1 → 1, 29 %)", record: itp(140, 100), expect: "unmet" },
    ]),
    // The percent decides only within one grade: in grade 1 (149 → 75.5, 49.3 %) and grade 4 (24 → 12, 50 %).
    handCase([`${crit}.percent`], "new-fall", criterion("itp", "new-fall"), [
      { label: "platelets 24 → 12 (grade 4, 50 %)", record: itp(24, 12), expect: "met" },
      { label: "149 → 75.5 (grade 1, 49.3 %)", record: itp(149, 75.5), expect: "unmet" },
    ]),
    handCase([`${crit}.window.startDay`, `${crit}.window.endDay`], "new-fall", criterion("itp", "new-fall"), [
      { label: "200 → 140 on index day 0", record: itp(200, 140, I), expect: "met" },
      { label: "on day -1", record: itp(200, 140, I - 1), expect: "missing" },
      { label: "on day 30", record: itp(200, 140, I + 30), expect: "met" },
      { label: "on day 31", record: itp(200, 140, I + 31), expect: "missing" },
    ]),
    // Pre-existing (exclude): a count < 100 before the first dose and no new fall.
    handCase([`${pre}.grades`], "pre-existing", differential("itp", "pre-existing"), [
      { label: "platelets 99 → 70 (grade 1 → 2, 29 %)", record: itp(99, 70), expect: "unmet" },
      { label: "99 → 80 (grade 1 → 1, 19 %)", record: itp(99, 80), expect: "no finding" },
    ]),
    handCase([`${pre}.percent`], "pre-existing", differential("itp", "pre-existing"), [
      { label: "platelets 24 → 12 (grade 4, 50 %)", record: itp(24, 12), expect: "unmet" },
      { label: "24 → 12.05 (49.8 %)", record: itp(24, 12.05), expect: "no finding" },
    ]),
    // The pre-dose window ends at the first dose itself (10:00 on day 0): a count at that very instant (a
    // count and a dose both charted as that date) is the pre-dose sample, as the CTCAE baseline reads it; a
    // count an hour after the dose is not. Before, the count at the instant was read as neither.
    handCase([`${base}.window.endDay`], "baseline-normal", criterion("itp", "baseline-normal"), [
      {
        label: "platelets 90 at 10:00 on day 0, the instant of the first dose; ITP charted and 20 on day 60",
        record: atDose(90, 10),
        expect: "unmet",
      },
      {
        label: "90 at 11:00 on day 0, an hour after the dose",
        record: atDose(90, 11),
        expect: "missing",
      },
    ]),
  ];
}

/**
 * ITP onset on a low baseline (index.lowBaseline): with the pre-dose count already below 100, a count after
 * the dose that is no new fall from it (the new-fall criterion's rule) is not the onset; the new fall is.
 * Bispecific (plausible from day 1), baseline on day -5, a dose every 14 days.
 */
function lowBaselineOnset(): ThresholdCase[] {
  const low = `${ITP} index.lowBaseline.window.startDay`;
  const crit = `${ITP} criteria[new-fall].test`;
  const base = `${ITP} criteria[baseline-normal].test.test.below`;
  const onsetDay = (r: PatientReport) => {
    const f = r.findings.find((x) => x.disorder === "itp");
    return f ? `day ${f.onset?.daysFromFirstDose}` : "no finding";
  };
  const course = (baseline: number, counts: readonly (readonly [number, number])[]) => (k: Knowledge) =>
    patient({
      exposures: [exposureOf("bispecific")],
      labs: [
        klab(k, "platelets", -5, baseline),
        ...counts.map(([d, v]) => klab(k, "platelets", d, v)),
        ...counts.map(([d]) => klab(k, "anc", d, 2.5)),
      ],
    });
  return [
    // The window opens on day 1 (the index's own): a count at the baseline level on day 1 is no onset.
    // A count before day 1 is never an index hit, and without a new fall after the dose the episode is
    // excluded as pre-existing whatever the window, so only a later start is observable.
    handCase([low], "ITP onset", onsetDay, [
      {
        label: "72 before, 70 on day 1, 9 on day 20",
        record: course(72, [
          [1, 70],
          [20, 9],
        ]),
        expect: "day 20",
      },
      { label: "72 before, 9 on day 1", record: course(72, [[1, 9]]), expect: "day 1" },
    ]),
    // The window opens on the day of the dose itself, after it (an anti-CD20 antibody is plausible from day 0):
    // on a low baseline, a count at the baseline level hours after a 10:00 rituximab infusion is no onset;
    // the new fall on day 20 is.
    handCase([low], "ITP onset", onsetDay, [
      {
        label: "rituximab at 10:00 on day 0, 72 the day before, 70 at 14:00 on day 0, 9 on day 20",
        record: (k: Knowledge) =>
          patient({
            exposures: [exposure("rituximab", "antibody", [0])],
            labs: [
              klab(k, "platelets", -1, 72),
              klab(k, "platelets", 0, 70, { hour: 14 }),
              klab(k, "platelets", 20, 9),
              klab(k, "anc", 20, 2.5),
            ],
          }),
        expect: "day 20",
      },
    ]),
    // The low baseline is the baseline-normal criterion unmet: 99 before is low (the day-1 count of 80 is
    // grade 1 → 1, 19 %: no new fall, no onset); 100 before is normal (80 on day 1 is the onset).
    handCase([base], "ITP onset", onsetDay, [
      {
        label: "99 before, 80 on day 1, 9 on day 20",
        record: course(99, [
          [1, 80],
          [20, 9],
        ]),
        expect: "day 20",
      },
      {
        label: "100 before, 80 on day 1, 9 on day 20",
        record: course(100, [
          [1, 80],
          [20, 9],
        ]),
        expect: "day 1",
      },
    ]),
    // The new fall that dates the onset is the criterion's: ≥ 1 CTCAE grade (72 grade 2 → 49 grade 3) or
    // ≥ 50 % (24 → 12 within grade 4).
    handCase([`${crit}.grades`], "ITP onset", onsetDay, [
      {
        label: "72 before, 49 on day 1 (grade 2 → 3, 32 %)",
        record: course(72, [
          [1, 49],
          [20, 9],
        ]),
        expect: "day 1",
      },
      {
        label: "72 before, 50 on day 1 (grade 2 → 2, 31 %)",
        record: course(72, [
          [1, 50],
          [20, 9],
        ]),
        expect: "day 20",
      },
    ]),
    handCase([`${crit}.percent`], "ITP onset", onsetDay, [
      {
        label: "24 before, 12 on day 1 (grade 4, 50 %)",
        record: course(24, [
          [1, 12],
          [20, 3],
        ]),
        expect: "day 1",
      },
      {
        label: "24 before, 12.05 on day 1 (49.8 %)",
        record: course(24, [
          [1, 12.05],
          [20, 3],
        ]),
        expect: "day 20",
      },
    ]),
  ];
}

/** Pre-existing windows: the nadir's window (days 0–30 of the episode) and the pre-dose window's end. */
function preExistingWindows(): ThresholdCase[] {
  const pre = `${ITP} differentials[pre-existing].test`;
  // A nadir of 74 after a baseline of 99 is a new fall (grade 1 → 2); a count below 100 opens an episode
  // of its own, which a charted HIT 40 days after the first one excludes (it lies outside the first's window).
  const late = (nadirDay: number) => (k: Knowledge) =>
    patient({
      labs: [klab(k, "platelets", -5, 99), klab(k, "platelets", nadirDay, 74)],
      events: [kevent("itp", I), kevent("hit", I + 40)],
    });
  const early = (nadirDay: number) => (k: Knowledge) =>
    patient({
      labs: [klab(k, "platelets", -5, 99), klab(k, "platelets", nadirDay, 74)],
      events: [kevent("itp", 1)],
    });
  const endOfDose = (lowDay: number) => (k: Knowledge) =>
    patient({
      labs: [klab(k, "platelets", -5, 110), klab(k, "platelets", lowDay, 99)],
      events: [kevent("itp", 1)],
    });
  return [
    handCase([`${pre}.tests[1].test.window.endDay`], "pre-existing", differential("itp", "pre-existing"), [
      { label: "baseline 99, nadir 74 on day 30 of the episode", record: late(I + 30), expect: "unmet" },
      { label: "on day 31", record: late(I + 31), expect: "missing" },
    ]),
    handCase([`${pre}.tests[1].test.window.startDay`], "pre-existing", differential("itp", "pre-existing"), [
      { label: "episode from day 1, baseline 99, nadir 74 on day 1", record: early(1), expect: "unmet" },
      { label: "nadir on day 0 (before the episode)", record: early(0), expect: "missing" },
    ]),
    // The pre-dose window ends on day 0: a count of 99 on day 1 is the index, not a pre-existing count.
    handCase([`${pre}.tests[0].window.endDay`], "pre-existing", differential("itp", "pre-existing"), [
      { label: "baseline 110, platelets 99 on day 0", record: endOfDose(0), expect: "missing" },
      { label: "on day 1", record: endOfDose(1), expect: "unmet" },
    ]),
  ];
}

/** ITP: recovery after withdrawal and recurrence after re-exposure. */
function challenge(): ThresholdCase[] {
  const x = (doses: number[]) => [exposureOf("ici", doses)];
  const dechallenge = (recovery: number) => (k: Knowledge) =>
    patient({
      exposures: x([0, 14, 28, 42, 56]),
      labs: [klab(k, "platelets", I, 30), klab(k, "platelets", I + 10, recovery)],
      events: [kevent("itp", I)],
    });
  const rechallenge = (recovery: number, recurrence: number) => (k: Knowledge) =>
    patient({
      exposures: x([0, 14, 28, 42, 56, 90]),
      labs: [
        klab(k, "platelets", -5, 240),
        klab(k, "anc", I, 3),
        klab(k, "platelets", I, 30),
        klab(k, "platelets", I + 10, recovery),
        klab(k, "platelets", I + 40, recurrence),
      ],
      events: [kevent("itp", I)],
    });
  return [
    handCase(
      [`${ITP} criteria[dechallenge].test.recoveredAbove`],
      "dechallenge",
      criterion("itp", "dechallenge"),
      [
        { label: "platelets 100.1 ten days after the last dose", record: dechallenge(100.1), expect: "met" },
        { label: "100", record: dechallenge(100), expect: "missing" },
      ],
    ),
    handCase(
      [`${ITP} criteria[rechallenge].test.recoveredAbove`],
      "rechallenge",
      criterion("itp", "rechallenge"),
      [
        { label: "recovery to 100.1, re-dosed, 99.9", record: rechallenge(100.1, 99.9), expect: "met" },
        { label: "recovery to 100", record: rechallenge(100, 99.9), expect: "missing" },
      ],
    ),
    handCase(
      [`${ITP} criteria[rechallenge].test.recurrenceBelow`],
      "rechallenge",
      criterion("itp", "rechallenge"),
      [
        { label: "recovery to 150, re-dosed, 99.9", record: rechallenge(150, 99.9), expect: "met" },
        { label: "re-dosed, 100", record: rechallenge(150, 100), expect: "unmet" },
      ],
    ),
  ];
}

/**
 * TTP, AHA and Evans: recurrence after re-exposure (the count back above the recovery cut-off ten days after the
 * index, a new dose on day 90, the count below the recurrence cut-off on day I + 40), read on a finding the care
 * team charted (TTP, AHA) or the Evans counts with a positive DAT.
 */
function relapseOnRechallenge(): ThresholdCase[] {
  const TTP = "disorders/ttp.yaml";
  const AHA = "disorders/aha.yaml";
  const EVANS = "disorders/evans.yaml";
  const doses = [exposureOf("ici", [0, 14, 28, 42, 56, 90])];
  const ttp = (recovery: number, recurrence: number) => (k: Knowledge) =>
    patient({
      exposures: doses,
      labs: [
        klab(k, "platelets", -5, 240),
        klab(k, "platelets", I, 30),
        klab(k, "platelets", I + 10, recovery),
        klab(k, "platelets", I + 40, recurrence),
      ],
      events: [kevent("ttp", I)],
    });
  const aha = (recovery: number, recurrence: number) => (k: Knowledge) =>
    patient({
      exposures: doses,
      labs: [
        klab(k, "fviii-activity", I, 10),
        klab(k, "fviii-activity", I + 10, recovery),
        klab(k, "fviii-activity", I + 40, recurrence),
      ],
      events: [kevent("aha", I)],
    });
  const evans = (lab: "platelets" | "hemoglobin", recovery: number, recurrence: number) => (k: Knowledge) =>
    patient({
      exposures: doses,
      labs: [
        klab(k, "platelets", -5, 240),
        klab(k, "hemoglobin", -5, 13.5),
        klab(k, "platelets", I, 20),
        klab(k, "hemoglobin", I, 7),
        klab(k, "dat", I, "positive"),
        klab(k, lab, I + 10, recovery),
        klab(k, lab, I + 40, recurrence),
      ],
    });
  return [
    handCase(
      [`${TTP} criteria[rechallenge].test.recoveredAbove`],
      "rechallenge",
      criterion("ttp", "rechallenge"),
      [
        { label: "recovery to 150.1, re-dosed, 149.9", record: ttp(150.1, 149.9), expect: "met" },
        { label: "recovery to 150", record: ttp(150, 149.9), expect: "missing" },
      ],
    ),
    handCase(
      [`${TTP} criteria[rechallenge].test.recurrenceBelow`],
      "rechallenge",
      criterion("ttp", "rechallenge"),
      [
        { label: "recovery to 200, re-dosed, 149.9", record: ttp(200, 149.9), expect: "met" },
        { label: "re-dosed, 150", record: ttp(200, 150), expect: "unmet" },
      ],
    ),
    handCase(
      [`${AHA} criteria[rechallenge].test.recoveredAbove`],
      "rechallenge",
      criterion("aha", "rechallenge"),
      [
        { label: "FVIII back to 56.1 %, re-dosed, 55.9 %", record: aha(56.1, 55.9), expect: "met" },
        { label: "back to 56 %", record: aha(56, 55.9), expect: "missing" },
      ],
    ),
    handCase(
      [`${AHA} criteria[rechallenge].test.recurrenceBelow`],
      "rechallenge",
      criterion("aha", "rechallenge"),
      [
        { label: "FVIII back to 90 %, re-dosed, 55.9 %", record: aha(90, 55.9), expect: "met" },
        { label: "re-dosed, 56 %", record: aha(90, 56), expect: "unmet" },
      ],
    ),
    handCase(
      [`${EVANS} criteria[rechallenge-platelets].test.recoveredAbove`],
      "rechallenge-platelets",
      criterion("evans", "rechallenge-platelets"),
      [
        {
          label: "platelets back to 100.1, re-dosed, 99.9",
          record: evans("platelets", 100.1, 99.9),
          expect: "met",
        },
        { label: "back to 100", record: evans("platelets", 100, 99.9), expect: "missing" },
      ],
    ),
    handCase(
      [`${EVANS} criteria[rechallenge-platelets].test.recurrenceBelow`],
      "rechallenge-platelets",
      criterion("evans", "rechallenge-platelets"),
      [
        {
          label: "platelets back to 200, re-dosed, 99.9",
          record: evans("platelets", 200, 99.9),
          expect: "met",
        },
        { label: "re-dosed, 100", record: evans("platelets", 200, 100), expect: "unmet" },
      ],
    ),
    handCase(
      [`${EVANS} criteria[rechallenge-hemoglobin].test.recoveredAbove`],
      "rechallenge-hemoglobin",
      criterion("evans", "rechallenge-hemoglobin"),
      [
        {
          label: "hemoglobin back to 10.1, re-dosed, 9.9",
          record: evans("hemoglobin", 10.1, 9.9),
          expect: "met",
        },
        { label: "back to 10", record: evans("hemoglobin", 10, 9.9), expect: "missing" },
      ],
    ),
    handCase(
      [`${EVANS} criteria[rechallenge-hemoglobin].test.recurrenceBelow`],
      "rechallenge-hemoglobin",
      criterion("evans", "rechallenge-hemoglobin"),
      [
        {
          label: "hemoglobin back to 12, re-dosed, 9.9",
          record: evans("hemoglobin", 12, 9.9),
          expect: "met",
        },
        { label: "re-dosed, 10", record: evans("hemoglobin", 12, 10), expect: "unmet" },
      ],
    ),
  ];
}

/** ITP: a fall within 24 h of an infusion that recovers within 7 days untreated (infusion-related). */
function infusionRelated(): ThresholdCase[] {
  const key = `${ITP} differentials[infusion-related].test`;
  const dose = 42; // nivolumab at 10:00 on day 42
  const hoursAfterDose = (h: number) => new Date(Date.parse(day(dose, 10)) + h * 3_600_000).toISOString();
  const course = (onsetHours: number, recovery: number, recoveryHours: number) => (k: Knowledge) =>
    patient({
      labs: [
        labAt(k, "platelets", hoursAfterDose(onsetHours), 30),
        labAt(k, "platelets", hoursAfterDose(onsetHours + recoveryHours), recovery),
      ],
    });
  const obs = differential("itp", "infusion-related");
  return [
    handCase([`${key}.withinHours`], "infusion-related", obs, [
      { label: "onset 24 h after the dose", record: course(24, 150, 48), expect: "met" },
      { label: "24.5 h", record: course(24.5, 150, 48), expect: "unmet" },
    ]),
    handCase([`${key}.recoveredAbove`], "infusion-related", obs, [
      { label: "recovery to 100.1", record: course(20, 100.1, 48), expect: "met" },
      { label: "to 100", record: course(20, 100, 48), expect: "missing" },
    ]),
    handCase([`${key}.recoveryDays`], "infusion-related", obs, [
      { label: "recovery 7 days after onset", record: course(20, 150, 7 * 24), expect: "met" },
      { label: "7 days 1 h", record: course(20, 150, 7 * 24 + 1), expect: "unmet" },
    ]),
  ];
}

/**
 * 4Ts from real counts: heparin from day 50, platelets 250 the day before, 240 on day 55 and 100 (a 60 %
 * fall: 2) or 150 (40 %: 1) on day 56 (onset day 6: 2); thrombosis and another cause not recorded, so
 * the certain total is 4 or 3.
 */
function fourTs(): ThresholdCase[] {
  const S = 50;
  const hit =
    (nadir: number, extra: { events?: ClinicalEvent[]; labs?: (k: Knowledge) => LabResult[] } = {}) =>
    (k: Knowledge) =>
      patient({
        drugs: [kdrug(["heparin"], S, S + 10)],
        labs: [
          klab(k, "platelets", S - 1, 250),
          klab(k, "platelets", S + 5, 240),
          klab(k, "platelets", S + 6, nadir),
          ...(extra.labs?.(k) ?? []),
        ],
        events: extra.events ?? [kevent("itp", S + 6)],
      });
  const pf4 = (k: Knowledge) => [klab(k, "pf4-heparin-antibody", S + 6, "positive")];
  return [
    handCase(
      [`${ITP} differentials[hit-probability].test.atLeast`],
      "hit-probability",
      differential("itp", "hit-probability"),
      [
        { label: "4Ts 4 (60 % fall, onset day 6)", record: hit(100), expect: "met" },
        { label: "4Ts 3 (40 % fall)", record: hit(150), expect: "missing" },
      ],
    ),
    handCase(
      [`${ITP} differentials[hit].test.tests[1].tests[0].atLeast`],
      "hit (exclude)",
      differential("itp", "hit"),
      [
        {
          label: "4Ts 4 with a positive PF4/heparin assay",
          record: hit(100, { labs: pf4 }),
          expect: "no finding",
        },
        { label: "4Ts 3 with a positive assay", record: hit(150, { labs: pf4 }), expect: "missing" },
      ],
    ),
    // The thrombosis (treated with heparin from two days later) is not a new thrombosis on heparin.
    handCase(
      ["disorders/thrombosis.yaml differentials[hit].test.tests[1].atLeast"],
      "hit",
      differential("thrombosis", "hit"),
      [
        { label: "4Ts 4", record: hit(100, { events: [kevent("thrombosis", S - 2)] }), expect: "met" },
        { label: "4Ts 3", record: hit(150, { events: [kevent("thrombosis", S - 2)] }), expect: "missing" },
      ],
    ),
  ];
}

/**
 * A deep vein thrombosis on day 60 with platelets 118 and a positive PF4/heparin immunoassay the next day: a negative
 * functional assay (SRA) 14 days after that immunoassay rules it out (the anti-PF4 picture unmet), 15 days after it
 * does not (ASH 2018; the 14 days are a HemoSentinel convention).
 */
function functionalAssay(): ThresholdCase[] {
  const sra = (after: number) => (k: Knowledge) =>
    patient({
      labs: [
        klab(k, "platelets", I, 118),
        klab(k, "pf4-heparin-antibody", I + 1, "positive"),
        klab(k, "hit-functional-assay", I + 1 + after, "negative"),
      ],
      events: [kevent("thrombosis", I)],
    });
  return [
    handCase(
      ["disorders/thrombosis.yaml differentials[anti-pf4-thrombosis].test.tests[0].ruledOutBy.withinDays"],
      "anti-pf4-thrombosis",
      differential("thrombosis", "anti-pf4-thrombosis"),
      [
        { label: "negative SRA 14 days after the positive immunoassay", record: sra(14), expect: "unmet" },
        { label: "negative SRA 15 days after it", record: sra(15), expect: "met" },
      ],
    ),
  ];
}

/** JAAM, PLASMIC and French TMA scores from lab values that give them exactly. */
function otherScores(): ThresholdCase[] {
  const jaam = (pt: number) => (k: Knowledge) =>
    patient({
      labs: [klab(k, "platelets", I, 70), klab(k, "pt", I, pt), klab(k, "fdp", I, 5)],
      events: [kevent("dic", I)],
    });
  const tma = (creatinine: number) => (k: Knowledge) =>
    patient({
      labs: [
        klab(k, "platelets", I, 20),
        klab(k, "reticulocytes-pct", I, 3),
        klab(k, "mcv", I, 85),
        klab(k, "inr", I, 1.1),
        klab(k, "creatinine", I, creatinine),
      ],
      events: [kevent("ttp", I)],
    });
  return [
    handCase(["disorders/dic.yaml criteria[jaam].test.atLeast"], "jaam", criterion("dic", "jaam"), [
      { label: "JAAM 4 (platelets 70: 3, PT ratio 1.2: 1; SIRS unknown)", record: jaam(15), expect: "met" },
      { label: "JAAM 3 (PT ratio 1.04: 0)", record: jaam(13), expect: "missing" },
    ]),
    handCase(
      ["disorders/ttp.yaml criteria[plasmic-high].test.atLeast"],
      "plasmic-high",
      criterion("ttp", "plasmic-high"),
      [
        { label: "PLASMIC 6 (cancer; creatinine 1.0)", record: tma(1), expect: "met" },
        { label: "PLASMIC 5 (creatinine 2.0)", record: tma(2), expect: "unmet" },
      ],
    ),
    handCase(
      ["disorders/ttp.yaml criteria[french-high].test.atLeast"],
      "french-high",
      criterion("ttp", "french-high"),
      [
        { label: "French 2 (platelets 20, creatinine 1.0)", record: tma(1), expect: "met" },
        { label: "French 1 (creatinine 3.0)", record: tma(3), expect: "unmet" },
      ],
    ),
  ];
}

/**
 * HScore (Fardet 2014) at the 169 cut-off of the ITP and CARAC differentials, from results and a charted
 * hepatomegaly that give the score exactly (support.ts HSCORE_LABS). Immunosuppression
 * and the marrow stay unknown: the partial 169 reaches the cut-off, the partial 168 could still reach it
 * (missing, never unmet).
 */
function hscoreCutOff(): ThresholdCase[] {
  const labs169 = (k: Knowledge) => klabs(k, I, HSCORE_LABS[169]);
  const labs168 = (k: Knowledge) => klabs(k, I, HSCORE_LABS[168]);
  const ici = (labs: (k: Knowledge) => LabResult[], events: ClinicalEvent[]) => (k: Knowledge) =>
    patient({ labs: [klab(k, "platelets", -7, 240), ...labs(k)], events });
  // CAR-T at day 0 (the carac window): the same results on day 20 after a CRS on day 3.
  const cart = (labs: (k: Knowledge) => LabResult[], events: ClinicalEvent[]) => (k: Knowledge) =>
    patient({
      exposures: [exposureOf("car-t")],
      labs: labs(k).map((l) => ({ ...l, at: day(20) })),
      events: [kevent("crs", 3, { grade: 2 }), ...events.map((e) => ({ ...e, at: day(19) }))],
    });
  return [
    handCase(
      [`${ITP} differentials[hscore-hlh].test.atLeast`],
      "hscore-hlh",
      differential("itp", "hscore-hlh"),
      [
        { label: "HScore 169", record: ici(labs169, [kevent("hepatomegaly", I - 1)]), expect: "met" },
        { label: "HScore 168", record: ici(labs168, []), expect: "missing" },
      ],
    ),
    handCase(
      ["disorders/carac.yaml differentials[hscore-hlh].test.atLeast"],
      "hscore-hlh",
      differential("carac", "hscore-hlh"),
      [
        { label: "HScore 169", record: cart(labs169, [kevent("hepatomegaly", I - 1)]), expect: "met" },
        { label: "HScore 168", record: cart(labs168, []), expect: "missing" },
      ],
    ),
    // carHLH (Neelapu 2018) is not counted again when an HScore of 169 or more already lowers CARAC for the
    // same syndrome: ferritin 12,000 with ALT 300 (> 5 × ULN) and creatinine 4.0 mg/dL (> 3 × ULN) on both
    // sides. 169: temperature 38.8 C 33, hepatomegaly 23, triglycerides 200 mg/dL (2.3 mmol/L) 44, AST 40 U/L
    // 19, ferritin 50, one lineage 0, fibrinogen 3.0 g/L 0. 168: HSCORE_LABS[168] with the ferritin at 12,000
    // (still 50 points), partial — the guard is not met and carHLH lowers CARAC itself.
    handCase(
      ["disorders/carac.yaml differentials[carhlh].test.tests[3].test.atLeast"],
      "carhlh",
      differential("carac", "carhlh"),
      [
        {
          label: "HScore 169 with the carHLH criteria",
          record: cart(
            (k) =>
              klabs(k, I, {
                platelets: 40,
                hemoglobin: 12,
                wbc: 7,
                ferritin: 12000,
                triglycerides: 200,
                fibrinogen: 3.0,
                pt: 15.5,
                ast: 40,
                "body-temperature": 38.8,
                alt: 300,
                creatinine: 4.0,
              }),
            [kevent("hepatomegaly", I - 1)],
          ),
          expect: "unmet",
        },
        {
          label: "HScore 168 with the carHLH criteria",
          record: cart(
            (k) => klabs(k, I, { ...HSCORE_LABS[168], ferritin: 12000, alt: 300, creatinine: 4.0 }),
            [],
          ),
          expect: "met",
        },
      ],
    ),
  ];
}

/**
 * carHLH after a T-cell engager (the differential reads CAR-T and engagers alike): teclistamab from day 0, a
 * CRS on days 2–6, then on day 12 a ferritin of 10,000 or 10,001 ng/mL with ALT 240 U/L (> 5 × ULN) and
 * creatinine 3.8 mg/dL (> 3 × ULN) beside fibrinogen 0.8 g/L and PT 16 s. Only above 10,000 are the criteria
 * met; CARAC stays possible either way (the floor of a finding without CAR-T).
 */
function engagerCarHlh(): ThresholdCase[] {
  const engager = (ferritin: number) => (k: Knowledge) =>
    patient({
      exposures: [exposureOf("bispecific", [0, 2, 4, 7])],
      labs: [
        ...klabs(k, -5, { platelets: 150, fibrinogen: 3.0, pt: 11.5 }),
        ...klabs(k, 12, { ferritin, fibrinogen: 0.8, pt: 16.0, alt: 240, creatinine: 3.8 }),
      ],
      events: [
        kevent("active-cancer", -30, { qualifiers: ["hematologic"] }),
        kevent("crs", 2, { grade: 2, end: day(6) }),
      ],
    });
  return [
    handCase(
      ["disorders/carac.yaml differentials[carhlh].test.tests[1].above"],
      "carhlh after a T-cell engager",
      differential("carac", "carhlh"),
      [
        { label: "ferritin 10,001 ng/mL on teclistamab", record: engager(10001), expect: "met" },
        { label: "ferritin 10,000 ng/mL on teclistamab", record: engager(10000), expect: "unmet" },
      ],
    ),
  ];
}

/**
 * ITP and Evans: a T-cell engager for a haematological cancer on a count already below 100 before the first
 * dose. Myeloma on teclistamab (doses from day 0), 180 before, a count of 95 on `low`, then 9 on day 26
 * (with a DAT-positive haemolysis for Evans): only counts up to the day of the first dose are pre-dose.
 */
function engagerPreDose(): ThresholdCase[] {
  const engager = (low: number, hemolysis: boolean) => (k: Knowledge) =>
    patient({
      exposures: [exposureOf("bispecific", [0, 3, 6, 13, 20])],
      labs: [
        klab(k, "platelets", -5, 180),
        klab(k, "platelets", low, 95),
        klab(k, "platelets", 26, 9),
        ...(hemolysis
          ? [klab(k, "hemoglobin", 26, 7.6), klab(k, "dat", 26, "positive"), klab(k, "ldh", 26, 620)]
          : []),
      ],
      events: [kevent("active-cancer", -60, { qualifiers: ["hematologic"] })],
    });
  return (["itp", "evans"] as const).map((d) =>
    handCase(
      [`disorders/${d}.yaml differentials[engager-low-marrow-reserve].test.tests[2].window.endDay`],
      "engager-low-marrow-reserve",
      differential(d, "engager-low-marrow-reserve"),
      [
        { label: "95 on the day of the first dose", record: engager(0, d === "evans"), expect: "met" },
        { label: "95 on day 1", record: engager(1, d === "evans"), expect: "unmet" },
      ],
    ),
  );
}

/** Evans: a fall of ≥ 2 g/dL from baseline (haemoglobin staying ≥ 10), with its window. */
function evansFall(): ThresholdCase[] {
  const key = "disorders/evans.yaml criteria[anemia].test.tests[1]";
  const fall =
    (nadir: number, nadirDay = I) =>
    (k: Knowledge) =>
      patient({
        labs: [
          klab(k, "hemoglobin", -5, 13),
          klab(k, "hemoglobin", nadirDay, nadir),
          klab(k, "dat", I, "positive"),
        ],
        events: [kevent("itp", I)],
      });
  const obs = criterion("evans", "anemia");
  return [
    handCase([`${key}.amount`], "anemia", obs, [
      { label: "haemoglobin 13 → 11", record: fall(11), expect: "met" },
      { label: "13 → 11.01", record: fall(11.01), expect: "no finding" },
    ]),
    handCase([`${key}.window.startDay`, `${key}.window.endDay`], "anemia", obs, [
      { label: "13 → 11 on day -14 of the episode", record: fall(11, I - 14), expect: "met" },
      { label: "on day -15", record: fall(11, I - 15), expect: "no finding" },
      { label: "on day 60", record: fall(11, I + 60), expect: "met" },
      { label: "on day 61", record: fall(11, I + 61), expect: "no finding" },
    ]),
  ];
}

/**
 * Evans: the platelet arm read on its own (not through the ITP finding), and the pre-existing differential
 * (a count < 100 before the first dose without a new fall excludes, as for ITP).
 */
function evansPlateletArm(): ThresholdCase[] {
  const key = "disorders/evans.yaml";
  const pre = `${key} differentials[pre-existing].test`;
  // A DAT-positive haemolytic anaemia on day 60, the platelets as given; a charted ITP holds the platelet
  // arm where the count alone must not decide it.
  const evans =
    (platelets: [number, number][], o: { itp?: boolean; from?: number } = {}) =>
    (k: Knowledge) =>
      patient({
        labs: [
          ...platelets.map(([d, v]) => klab(k, "platelets", d, v, { hour: 9 })),
          klab(k, "hemoglobin", o.from ?? I, 8.5),
          klab(k, "dat", o.from ?? I, "positive"),
          klab(k, "ldh", o.from ?? I, 600),
        ],
        events: o.itp === false ? [] : [kevent("itp", o.from ?? I)],
      });
  const obs = differential("evans", "pre-existing");
  return [
    handCase([`${key} criteria[itp].test.below`], "itp", criterion("evans", "itp"), [
      {
        label: "platelets 200 → 99.9",
        record: evans(
          [
            [-5, 200],
            [I, 99.9],
          ],
          { itp: false },
        ),
        expect: "met",
      },
      {
        label: "200 → 100",
        record: evans(
          [
            [-5, 200],
            [I, 100],
          ],
          { itp: false },
        ),
        expect: "no finding",
      },
    ]),
    handCase([`${pre}.tests[0].below`], "pre-existing", obs, [
      {
        label: "pre-dose 99.9 → 95 (grade 1, 5 %)",
        record: evans([
          [-5, 99.9],
          [I, 95],
        ]),
        expect: "no finding",
      },
      {
        label: "pre-dose 100 → 95",
        record: evans([
          [-5, 100],
          [I, 95],
        ]),
        expect: "unmet",
      },
    ]),
    handCase([`${pre}.tests[0].window.startDay`], "pre-existing", obs, [
      {
        label: "99 on day -90 → 95",
        record: evans([
          [-90, 99],
          [I, 95],
        ]),
        expect: "no finding",
      },
      {
        label: "99 on day -91 → 95",
        record: evans([
          [-91, 99],
          [I, 95],
        ]),
        expect: "missing",
      },
    ]),
    handCase([`${pre}.tests[1].test.grades`], "pre-existing", obs, [
      {
        label: "platelets 99 → 70 (grade 1 → 2, 29 %)",
        record: evans([
          [-5, 99],
          [I, 70],
        ]),
        expect: "unmet",
      },
      {
        label: "99 → 80 (grade 1 → 1, 19 %)",
        record: evans([
          [-5, 99],
          [I, 80],
        ]),
        expect: "no finding",
      },
    ]),
    handCase([`${pre}.tests[1].test.percent`], "pre-existing", obs, [
      {
        label: "platelets 24 → 12 (grade 4, 50 %)",
        record: evans([
          [-5, 24],
          [I, 12],
        ]),
        expect: "unmet",
      },
      {
        label: "24 → 12.05 (49.8 %)",
        record: evans([
          [-5, 24],
          [I, 12.05],
        ]),
        expect: "no finding",
      },
    ]),
    // An episode opened on day 1 by the haemolytic arm: a nadir on day 0 lies before it.
    handCase([`${pre}.tests[1].test.window.startDay`], "pre-existing", obs, [
      {
        label: "episode from day 1, 99 → 74 on day 1",
        record: evans(
          [
            [-5, 99],
            [1, 74],
          ],
          { from: 1 },
        ),
        expect: "unmet",
      },
      {
        label: "nadir on day 0",
        record: evans(
          [
            [-5, 99],
            [0, 74],
          ],
          { from: 1 },
        ),
        expect: "missing",
      },
    ]),
    // The pre-dose window ends on the day of the first dose (10:00): a count of 99 that morning is the
    // patient's own baseline and, with no new fall from it, the thrombocytopenia was there before the drug
    // (IWG 2009; CTCAE v5 grades from the baseline). The same 99 the day after the dose, from a baseline of
    // 120 (grade 1 → 1, 17.5 %: no new fall), is after the drug and not pre-existing.
    handCase([`${pre}.tests[0].window.endDay`], "pre-existing", obs, [
      {
        label:
          "120 on day -5, 99 on day 0 at 09:00 (before the dose) and on day 1; hemolysis and ITP on day 1",
        record: evans(
          [
            [-5, 120],
            [0, 99],
            [1, 99],
          ],
          { from: 1 },
        ),
        expect: "no finding",
      },
      {
        label: "120 on day -5, 99 on day 1",
        record: evans(
          [
            [-5, 120],
            [1, 99],
          ],
          { from: 1 },
        ),
        expect: "unmet",
      },
    ]),
    handCase([`${pre}.tests[1].test.window.endDay`], "pre-existing", obs, [
      {
        label: "99 → 74 on day 60 of the episode",
        record: evans([
          [-5, 99],
          [I + 60, 74],
        ]),
        expect: "unmet",
      },
      {
        label: "on day 61",
        record: evans([
          [-5, 99],
          [I + 61, 74],
        ]),
        expect: "missing",
      },
    ]),
  ];
}

/** Windows whose outside side needs a particular patient. */
function windows(): ThresholdCase[] {
  // ITP thrombocytopenia ends on day 30, the episode's length: a count on day 31 opens an episode of its
  // own, excluded here by a HIT charted 40 days after the first, so the first episode is reported.
  const itpLate = (d: number) => (k: Knowledge) =>
    patient({ labs: [klab(k, "platelets", d, 50)], events: [kevent("itp", I), kevent("hit", I + 40)] });
  // CARAC's CRS window starts on the infusion day; a CRS the day before counts only after an earlier
  // immunotherapy (otherwise it is a timeline conflict and left out).
  const cart = (crsDay: number) => (k: Knowledge) =>
    patient({
      exposures: [exposureOf("ici", [-30, -16]), exposureOf("car-t")],
      labs: [klab(k, "fibrinogen", 5, 1.2)],
      events: [kevent("crs", crsDay)],
    });
  return [
    handCase(
      [`${ITP} criteria[thrombocytopenia].test.window.endDay`],
      "thrombocytopenia",
      criterion("itp", "thrombocytopenia"),
      [
        { label: "platelets 50 on day 30 of the episode", record: itpLate(I + 30), expect: "met" },
        { label: "on day 31 (its own episode excluded)", record: itpLate(I + 31), expect: "met (charted)" },
      ],
    ),
    handCase(
      ["disorders/carac.yaml criteria[crs].test.window.startDay"],
      "CARAC",
      (r) => {
        const f = r.findings.find((x) => x.disorder === "carac");
        return f ? `${f.certainty}, crs ${traceStatus(r, "carac", "crs")}` : "no finding";
      },
      [
        { label: "CRS on the infusion day (nivolumab before)", record: cart(0), expect: "probable, crs met" },
        { label: "the day before", record: cart(-1), expect: "no finding" },
      ],
    ),
  ];
}

/**
 * TTP: ADAMTS13 10–20 % is indeterminate; above 20 % the adamts13-normal differential excludes TTP, unless
 * plasma was charted in the episode (then it lowers).
 */
function adamts13(): ThresholdCase[] {
  const ttp = (v: number) => (k: Knowledge) =>
    patient({ labs: [klab(k, "adamts13-activity", I, v)], events: [kevent("ttp", I)] });
  const afterPlasma = (plasmaDay: number) => (k: Knowledge) =>
    patient({
      labs: [klab(k, "adamts13-activity", I, 21)],
      events: [kevent("ttp", I), kevent("plasma-therapy", I + plasmaDay)],
    });
  return [
    handCase(
      ["disorders/ttp.yaml differentials[adamts13-indeterminate].test.atMost"],
      "adamts13-indeterminate",
      differential("ttp", "adamts13-indeterminate"),
      [
        { label: "ADAMTS13 20 %", record: ttp(20), expect: "met" },
        { label: "20.1 % (excluded by adamts13-normal)", record: ttp(20.1), expect: "no finding" },
      ],
    ),
    // Plasma charted in the window keeps ADAMTS13 21 % from ruling TTP out (it lowers instead); outside, it excludes.
    handCase(
      [
        "disorders/ttp.yaml differentials[adamts13-normal-after-plasma].test.tests[1].window.startDay",
        "disorders/ttp.yaml differentials[adamts13-normal-after-plasma].test.tests[1].window.endDay",
      ],
      "adamts13-normal-after-plasma",
      differential("ttp", "adamts13-normal-after-plasma"),
      [
        { label: "ADAMTS13 21 %, plasma exchange on day -7", record: afterPlasma(-7), expect: "met" },
        { label: "on day -8", record: afterPlasma(-8), expect: "no finding" },
        { label: "on day 45", record: afterPlasma(45), expect: "met" },
        { label: "on day 46", record: afterPlasma(46), expect: "no finding" },
      ],
    ),
  ];
}

/**
 * CARAC: a charted DIC places CARAC at its DIC tier (grade 3) unless a computed ISTH overt-DIC score is
 * below 5. Day 8 after CAR-T, CRS on day 3: platelets 45 (2), D-dimer 3 mg/L FEU (2), fibrinogen 2.0 g/L
 * (0) and a PT of 12 s (0) or 16 s (1) give ISTH 4 or 5; no bleeding and no low fibrinogen grade it otherwise.
 */
function caracDicTier(): ThresholdCase[] {
  const cart = (pt: number) => (k: Knowledge) =>
    patient({
      exposures: [exposureOf("car-t")],
      labs: [
        klab(k, "platelets", 8, 45),
        klab(k, "d-dimer-feu", 8, 3),
        klab(k, "fibrinogen", 8, 2),
        klab(k, "pt", 8, pt),
      ],
      events: [kevent("crs", 3, { grade: 2 }), kevent("dic", 8)],
    });
  return [
    handCase(
      ["disorders/carac.yaml grade.rules[1].when.tests[3].tests[1].test.below"],
      "CARAC",
      (r) => {
        const f = r.findings.find((x) => x.disorder === "carac");
        const isth = r.scores.find((s) => s.id === "isth-overt-dic")?.value;
        return f ? `grade ${f.grade}, ISTH ${isth}` : "no finding";
      },
      [
        { label: "charted DIC with ISTH 4", record: cart(12), expect: "grade 1, ISTH 4" },
        { label: "charted DIC with ISTH 5", record: cart(16), expect: "grade 3, ISTH 5" },
      ],
    ),
  ];
}

/**
 * A chronic cause charted on day -30 and a count of 40 transfused to 120 before the first dose: 40 on day -1
 * at 06:00, 120 at 18:00 (the pre-dose baseline), and the index 70 at 20:00 on the day of the dose (10:00), a
 * new fall of one grade (so the low pre-dose count does not make it pre-existing) but not of half. With
 * `low: "after"` the 40 is drawn on day 0 at 22:00 instead, after the index.
 */
/** A chronic cause charted on a day: an event kind, or a kind with its qualifiers (an inherited thrombocytopenia). */
type ChartedCause =
  | EventKind
  | { readonly kind: EventKind; readonly qualifiers: ClinicalEvent["qualifiers"] };

function causeEvent(cause: ChartedCause, d: number): ClinicalEvent {
  return typeof cause === "string"
    ? kevent(cause, d)
    : kevent(cause.kind, d, { qualifiers: cause.qualifiers });
}

function transfusedBeforeDose(event: ChartedCause, low: "before" | "after") {
  return (k: Knowledge) =>
    patient({
      labs: [
        klab(k, "platelets", -1, 120, { hour: 18 }),
        klab(k, "platelets", 0, 70, { hour: 20 }),
        low === "before"
          ? klab(k, "platelets", -1, 40, { hour: 6 })
          : klab(k, "platelets", 0, 40, { hour: 22 }),
      ],
      events: [causeEvent(event, -30)],
    });
}

/**
 * The charted arm of marrow-or-hlh's acute fall (`branch`: its all-of): a thrombocytopenia charted on day `at`
 * (hour `hour`) after a rituximab dose at 10:00 on day 0, marrow infiltration charted on day -30, and whatever was
 * on record before the dose (`before`). Met, the arm leaves ITP to the infiltration's lowering only.
 */
function chartedAcuteFall(branch: string): ThresholdCase[] {
  const dx = differential("itp", "marrow-or-hlh");
  const rec =
    (at: number, hour: number, before: { chartedDay?: number; count?: [number, number, number?] } = {}) =>
    (k: Knowledge) =>
      patient({
        exposures: [exposure("rituximab", "antibody", [0])],
        labs: before.count
          ? [klab(k, "platelets", before.count[1], before.count[0], { hour: before.count[2] ?? 8 })]
          : [],
        events: [
          kevent("marrow-involvement", -30),
          kevent("thrombocytopenia", at, {}, hour),
          ...(before.chartedDay !== undefined ? [kevent("thrombocytopenia", before.chartedDay)] : []),
        ],
      });
  const pre = `${branch}.tests[1].test`;
  return [
    handCase([`${branch}.tests[0].window.startDay`], "marrow-or-hlh", dx, [
      {
        label: "thrombocytopenia charted at 14:00 on day 0, after the 10:00 infusion",
        record: rec(0, 14),
        expect: "unmet",
      },
      { label: "charted at 08:00 on day 0, before it", record: rec(0, 8), expect: "no finding" },
    ]),
    handCase([`${branch}.tests[0].window.endDay`], "marrow-or-hlh", dx, [
      { label: "charted on day 1", record: rec(1, 12), expect: "unmet" },
      { label: "charted on day 2", record: rec(2, 12), expect: "no finding" },
    ]),
    handCase([`${pre}.tests[0].window.startDay`], "marrow-or-hlh", dx, [
      {
        label: "a thrombocytopenia also charted 365 days before the dose",
        record: rec(0, 14, { chartedDay: -365 }),
        expect: "no finding",
      },
      { label: "366 days before", record: rec(0, 14, { chartedDay: -366 }), expect: "unmet" },
    ]),
    // Before the dose on its own day: charted at 08:00 beside the 10:00 infusion is on record before it.
    handCase([`${pre}.tests[0].window.endDay`], "marrow-or-hlh", dx, [
      {
        label: "a thrombocytopenia also charted at 08:00 on day 0",
        record: rec(0, 14, { chartedDay: 0 }),
        expect: "no finding",
      },
    ]),
    handCase([`${pre}.tests[1].below`], "marrow-or-hlh", dx, [
      { label: "platelets 99 on day -1", record: rec(0, 14, { count: [99, -1] }), expect: "no finding" },
      { label: "platelets 100 on day -1", record: rec(0, 14, { count: [100, -1] }), expect: "unmet" },
    ]),
    handCase([`${pre}.tests[1].window.startDay`], "marrow-or-hlh", dx, [
      { label: "platelets 60 on day -90", record: rec(0, 14, { count: [60, -90] }), expect: "no finding" },
      { label: "on day -91", record: rec(0, 14, { count: [60, -91] }), expect: "unmet" },
    ]),
    handCase([`${pre}.tests[1].window.endDay`], "marrow-or-hlh", dx, [
      {
        label: "platelets 60 at 08:00 on day 0, before the infusion",
        record: rec(0, 14, { count: [60, 0, 8] }),
        expect: "no finding",
      },
    ]),
  ];
}

/**
 * ITP on charted marrow infiltration: it excludes ITP unless the count fell by half within a day of the
 * first dose (then it only lowers). Rituximab on day 0, platelets 150 the day before, marrow infiltration
 * charted on day -30; the nadir (day 1 unless stated) is the ITP index.
 */
function marrowAcuteFall(): ThresholdCase[] {
  const mo = `${ITP} differentials[marrow-or-hlh].test.tests[1].tests[1].test.tests[0]`;
  const mi = `${ITP} differentials[marrow-infiltration].test.tests[0].window`;
  const acute =
    (nadir: number, nadirDay = 1, marrowDay = -30) =>
    (k: Knowledge) =>
      patient({
        exposures: [exposureOf("antibody", [0])],
        labs: [klab(k, "platelets", -1, 150), klab(k, "platelets", nadirDay, nadir)],
        events: [kevent("marrow-involvement", marrowDay)],
      });
  return [
    handCase([`${mo}.percent`], "marrow-or-hlh", differential("itp", "marrow-or-hlh"), [
      { label: "platelets 150 → 75 (50 %) on day 1", record: acute(75), expect: "unmet" },
      { label: "150 → 76 (49.3 %)", record: acute(76), expect: "no finding" },
    ]),
    handCase([`${mo}.window.endDay`], "marrow-or-hlh", differential("itp", "marrow-or-hlh"), [
      { label: "150 → 75 on day 1", record: acute(75, 1), expect: "unmet" },
      { label: "on day 2", record: acute(75, 2), expect: "no finding" },
    ]),
    // The window opens on the day of the infusion (10:00): a fall of half 10 h into it is the acute
    // destruction the window is for (as during a first anti-CD20 infusion). A count of 40 on the morning of
    // day -1, transfused to 150 before the infusion, is no fall after the dose: the infiltration explains the
    // low count (Kroll 2022; IWG 2009 secondary ITP), and the later 90 (40 % down) is no fall of half.
    handCase([`${mo}.window.startDay`], "marrow-or-hlh", differential("itp", "marrow-or-hlh"), [
      {
        label: "150 → 75 on day 0 at 20:00, after the 10:00 infusion",
        record: (k: Knowledge) =>
          patient({
            exposures: [exposureOf("antibody", [0])],
            labs: [klab(k, "platelets", -1, 150), klab(k, "platelets", 0, 75, { hour: 20 })],
            events: [kevent("marrow-involvement", -30)],
          }),
        expect: "unmet",
      },
      {
        label: "40 on day -1 at 06:00, transfused to 150 at 18:00; 90 on day 1",
        record: (k: Knowledge) =>
          patient({
            exposures: [exposureOf("antibody", [0])],
            labs: [
              klab(k, "platelets", -1, 40, { hour: 6 }),
              klab(k, "platelets", -1, 150, { hour: 18 }),
              klab(k, "platelets", 1, 90),
            ],
            events: [kevent("marrow-involvement", -30)],
          }),
        expect: "no finding",
      },
    ]),
    // A thrombocytopenia charted after the first infusion within a day of it, with no count < 100 in the 90 days
    // and no thrombocytopenia or ITP charted in the year before the dose (no count at all on either side): the
    // acute fall the infiltration only weighs (Yi 2009). Rituximab at 10:00 on day 0, infiltration on day -30.
    ...chartedAcuteFall(`${ITP} differentials[marrow-or-hlh].test.tests[1].tests[1].test.tests[1]`),
    handCase(
      [`${mi}.startDay`, `${mi}.endDay`],
      "marrow-infiltration",
      differential("itp", "marrow-infiltration"),
      [
        {
          label: "marrow infiltration charted 365 days before the day-1 index",
          record: acute(75, 1, -364),
          expect: "met",
        },
        { label: "366 days before", record: acute(75, 1, -365), expect: "unmet" },
        { label: "14 days after", record: acute(75, 1, 15), expect: "met" },
        { label: "15 days after", record: acute(75, 1, 16), expect: "unmet" },
      ],
    ),
  ];
}

/**
 * ITP on a marrow infiltration known before the first checkpoint-inhibitor dose (charted on day -30 unless
 * stated; nivolumab on day 0; baseline 120 on day -1; the first count < 100 on day 20 is the index): it excludes
 * ITP unless the count fell by half from the pre-dose count in the ITP window, when it lowers it instead
 * (marrow-infiltration-new-fall) and holds nothing. An ITP charted at the index keeps the finding on both sides,
 * so that the two lowering readings (marrow-infiltration and marrow-infiltration-new-fall) can be read.
 */
function knownMarrowFall(): ThresholdCase[] {
  const mo = `${ITP} differentials[marrow-or-hlh].test.tests[1]`;
  const mi = `${ITP} differentials[marrow-infiltration].test.tests[1].test.tests[2]`;
  const nf = `${ITP} differentials[marrow-infiltration-new-fall].test`;
  const known =
    (o: { nadir?: number; late?: boolean; itp?: boolean; marrowDay?: number } = {}) =>
    (k: Knowledge) =>
      patient({
        labs: [
          klab(k, "platelets", -1, 120),
          klab(k, "platelets", 20, o.nadir ?? 90),
          ...(o.late ? [klab(k, "platelets", 50, 55)] : []),
        ],
        events: [kevent("marrow-involvement", o.marrowDay ?? -30), ...(o.itp ? [kevent("itp", 20)] : [])],
      });
  // The charted ITP's window starts 3 days before the index: an ITP charted after the first dose would be the
  // index itself, so the index is a count on day 2 and the ITP is charted before the first dose. A fall of 90 %
  // after a checkpoint inhibitor would take the new-fall reading, so the drug here is an antibody (no fall
  // within a day of it: the day-2 count is outside that window).
  const charted =
    (itpDay: number, extra: ClinicalEvent[] = []) =>
    (k: Knowledge) =>
      patient({
        exposures: [exposureOf("antibody", [0])],
        labs: [klab(k, "platelets", -5, 200), klab(k, "platelets", 2, 20)],
        events: [kevent("marrow-involvement", -30), kevent("itp", itpDay), ...extra],
      });
  const transfused = (low: "before" | "after") => transfusedBeforeDose("marrow-involvement", low);
  const excluded = differential("itp", "marrow-or-hlh");
  return [
    handCase([`${mo}.tests[2].test.tests[2].percent`], "marrow-or-hlh", excluded, [
      {
        label: "known infiltration, platelets 120 → 60 (50 %)",
        record: known({ nadir: 60 }),
        expect: "unmet",
      },
      { label: "120 → 61 (49.2 %)", record: known({ nadir: 61 }), expect: "no finding" },
    ]),
    handCase([`${mo}.tests[2].test.tests[2].window.endDay`], "marrow-or-hlh", excluded, [
      {
        label: "index 90 on day 20, 55 on day 50 (index + 30)",
        record: known({ late: true }),
        expect: "unmet",
      },
      { label: "index 90 on day 20 and no later fall", record: known(), expect: "no finding" },
    ]),
    // The fall is sought from the index: a count before the first dose is never its nadir. A count of 40 on
    // the morning of day -1, transfused to 120 that evening (the baseline), then 70 at 20:00 on the day of the
    // first nivolumab dose (the index; a new fall of one grade, so not pre-existing): 120 → 70 is no fall of
    // half, and the known infiltration explains the count. The same 40 after the index is a fall of 67 %.
    handCase([`${mo}.tests[2].test.tests[2].window.startDay`], "marrow-or-hlh", excluded, [
      {
        label: "40 on day -1 at 06:00 (before the dose), 120 at 18:00, index 70 on day 0 at 20:00",
        record: transfused("before"),
        expect: "no finding",
      },
      { label: "40 on day 0 at 22:00 (after the index)", record: transfused("after"), expect: "unmet" },
    ]),
    // A count past the episode's 30 days opens an episode of its own (excluded here by a HIT charted in it,
    // 40 days after the first index): the first episode's fall is sought only to index + 30.
    handCase([`${mo}.tests[2].test.tests[2].window.endDay`], "marrow-or-hlh", excluded, [
      {
        label: "index 90 on day 20, 55 on day 51 (index + 31: an episode of its own, excluded by a HIT)",
        record: (k: Knowledge) => {
          const r = known()(k);
          return {
            ...r,
            labs: [...r.labs, klab(k, "platelets", 51, 55)],
            events: [...r.events, kevent("hit", 60)],
          };
        },
        expect: "no finding",
      },
    ]),
    handCase([`${mo}.tests[0].window.startDay`, `${mo}.tests[0].window.endDay`], "marrow-or-hlh", excluded, [
      {
        label: "infiltration charted 365 days before the day-20 index",
        record: known({ marrowDay: -345 }),
        expect: "no finding",
      },
      { label: "366 days before", record: known({ marrowDay: -346 }), expect: "unmet" },
      { label: "14 days after", record: known({ marrowDay: 34 }), expect: "no finding" },
      { label: "15 days after", record: known({ marrowDay: 35 }), expect: "unmet" },
    ]),
    handCase([`${mo}.tests[3].test.window.startDay`], "marrow-or-hlh", excluded, [
      { label: "ITP charted 3 days before the day-2 index", record: charted(-1), expect: "unmet" },
      { label: "4 days before", record: charted(-2), expect: "no finding" },
    ]),
    // A charted ITP 31 days after the index opens an episode of its own, excluded by a HIT charted on day 42
    // of it, so the first episode is reported.
    handCase([`${mo}.tests[3].test.window.endDay`], "marrow-or-hlh", excluded, [
      {
        label: "ITP charted 30 days after the index",
        record: charted(32, [kevent("hit", 42)]),
        expect: "unmet",
      },
      { label: "31 days after", record: charted(33, [kevent("hit", 42)]), expect: "no finding" },
    ]),
    handCase([`${mi}.percent`], "marrow-infiltration", differential("itp", "marrow-infiltration"), [
      {
        label: "ITP charted, platelets 120 → 60 (50 %)",
        record: known({ nadir: 60, itp: true }),
        expect: "unmet",
      },
      { label: "120 → 61 (49.2 %)", record: known({ nadir: 61, itp: true }), expect: "met" },
    ]),
    handCase([`${mi}.window.endDay`], "marrow-infiltration", differential("itp", "marrow-infiltration"), [
      {
        label: "ITP charted, 55 on day 50 (index + 30)",
        record: known({ late: true, itp: true }),
        expect: "unmet",
      },
      { label: "ITP charted, no later fall", record: known({ itp: true }), expect: "met" },
    ]),
    handCase(
      [`${nf}.tests[3].percent`],
      "marrow-infiltration-new-fall",
      differential("itp", "marrow-infiltration-new-fall"),
      [
        {
          label: "ITP charted, platelets 120 → 60 (50 %)",
          record: known({ nadir: 60, itp: true }),
          expect: "met",
        },
        { label: "120 → 61 (49.2 %)", record: known({ nadir: 61, itp: true }), expect: "unmet" },
      ],
    ),
    handCase(
      [`${nf}.tests[3].window.endDay`],
      "marrow-infiltration-new-fall",
      differential("itp", "marrow-infiltration-new-fall"),
      [
        {
          label: "ITP charted, 55 on day 50 (index + 30)",
          record: known({ late: true, itp: true }),
          expect: "met",
        },
        { label: "ITP charted, no later fall", record: known({ itp: true }), expect: "unmet" },
      ],
    ),
    // The two lowering readings' fall windows at their edges, with an ITP charted in the episode (as above).
    ...chronicCauseEdges("marrow-infiltration", "marrow-involvement", mi, "unmet", true),
    ...chronicCauseEdges("marrow-infiltration-new-fall", "marrow-involvement", `${nf}.tests[3]`, "met", true),
    handCase(
      [`${nf}.tests[1].window.startDay`],
      "marrow-infiltration-new-fall",
      differential("itp", "marrow-infiltration-new-fall"),
      [
        {
          label: "120 → 60, infiltration charted 365 days before the day-20 index",
          record: known({ nadir: 60, marrowDay: -345 }),
          expect: "met",
        },
        { label: "366 days before", record: known({ nadir: 60, marrowDay: -346 }), expect: "unmet" },
      ],
    ),
  ];
}

/**
 * ITP: chronic liver disease lowers the finding unless the count fell by half from the pre-dose count
 * (Mitchell 2016: the thrombocytopenia of chronic liver disease is steady, from splenic pooling and low
 * thrombopoietin; IWG 2009 asks for other causes to be excluded). The percent and the window's last day are
 * read as for splenomegaly (chronicCauseFall, below); the window's first day and a count past its end need
 * particular patients (chronicCauseEdges, below).
 */
function liverDiseaseFall(): ThresholdCase[] {
  const fall = `${ITP} differentials[liver-disease].test.tests[1].test`;
  return [
    ...chronicCauseFall("liver-disease", "liver-disease", fall, "unmet"),
    ...chronicCauseEdges("liver-disease", "liver-disease", fall, "unmet"),
  ];
}

/**
 * The first and last day of an ITP chronic-cause fall window (liver disease, splenomegaly, myelodysplasia),
 * each shown on both sides with the cause charted on day -30; `whenFell` is the differential's status with a
 * fall of half (as in chronicCauseFall):
 * - start: the fall is sought from the index, so a count before the first dose is never the nadir. A count of
 *   40 on the morning of day -1, transfused to 120 that evening (the pre-dose baseline), then 70 at 20:00 on
 *   the day of the first dose (10:00; the index, a new fall of one grade from the baseline, so the low
 *   pre-dose count does not make it pre-existing): 120 → 70 is no fall of half, and the chronic cause explains
 *   it. Read from the day before the index, the pre-transfusion 40 would count as a fall of 67 % after the dose.
 * - end: a count past the episode's 30 days opens an episode of its own (excluded here by a HIT charted in
 *   it, 40 days after the first index), so the first episode is reported and its fall is sought only to
 *   index + 30: a count of 55 on day 51 (index + 31) is not a fall of the first episode.
 */
function chronicCauseEdges(
  id: string,
  event: ChartedCause,
  fall: string,
  whenFell: "met" | "unmet",
  itpCharted = false,
): ThresholdCase[] {
  const other = whenFell === "met" ? "unmet" : "met";
  const obs = differential("itp", id);
  // An ITP charted after the index (day 1, or with the day-20 index count) keeps a finding that a known
  // marrow infiltration would otherwise exclude, so its lowering readings can be read.
  const itp = (d: number) => (itpCharted ? [kevent("itp", d)] : []);
  const transfused = (low: "before" | "after") => (k: Knowledge) => {
    const r = transfusedBeforeDose(event, low)(k);
    return { ...r, events: [...r.events, ...itp(1)] };
  };
  const nextEpisode = (lateDay: number) => (k: Knowledge) =>
    patient({
      labs: [klab(k, "platelets", -1, 120), klab(k, "platelets", 20, 90), klab(k, "platelets", lateDay, 55)],
      events: [causeEvent(event, -30), ...itp(20), kevent("hit", 60)],
    });
  const charted = itpCharted ? "ITP charted, " : "";
  return [
    handCase([`${fall}.window.startDay`], id, obs, [
      {
        label: `${charted}40 on day -1 at 06:00 (before the dose), 120 at 18:00, index 70 on day 0 at 20:00`,
        record: transfused("before"),
        expect: other,
      },
      { label: "40 on day 0 at 22:00 (after the index)", record: transfused("after"), expect: whenFell },
    ]),
    handCase([`${fall}.window.endDay`], id, obs, [
      {
        label: `${charted}index 90 on day 20, 55 on day 50 (index + 30)`,
        record: nextEpisode(50),
        expect: whenFell,
      },
      {
        label: "55 on day 51 (index + 31: an episode of its own, excluded by a HIT)",
        record: nextEpisode(51),
        expect: other,
      },
    ]),
  ];
}

/**
 * An ITP differential read on a chronic cause charted on day -30 beside the fall from the pre-dose count
 * (baseline 120 on day -1; the first count < 100 on day 20 is the index): `whenFell` is its status with a fall
 * of half (the chronic cause's exception, or the new-fall reading of the same cause). The index count 90
 * (25 % down) is no fall of half; a later count of 55 (54 % down) on the window's last day (day 30 from the
 * index, day 50) is; the other side here is the record without the late count, and the count one day past the
 * window (an episode of its own) is shown by chronicCauseEdges / evansChronicCauseEdges. For Evans (`evans`)
 * the same records carry hemoglobin 13 on day -1, 8.5 and a positive DAT on day 20, and the window ends with
 * the 60-day episode (day 80).
 */
function chronicCauseFall(
  id: string,
  event: ChartedCause,
  fall: string,
  whenFell: "met" | "unmet",
  evans = false,
): ThresholdCase[] {
  const other = whenFell === "met" ? "unmet" : "met";
  const disorder = evans ? "evans" : "itp";
  const nadir = (value: number) => (k: Knowledge) =>
    patient({
      labs: [
        klab(k, "platelets", -1, 120),
        klab(k, "platelets", 20, value),
        ...(evans
          ? [klab(k, "hemoglobin", -1, 13), klab(k, "hemoglobin", 20, 8.5), klab(k, "dat", 20, "positive")]
          : []),
      ],
      events: [causeEvent(event, -30)],
    });
  // The fall is sought to the end of the episode: 30 days for ITP, 60 for Evans.
  const end = evans ? 60 : 30;
  const lateFall = (late: boolean) => (k: Knowledge) =>
    patient({
      labs: [
        klab(k, "platelets", -1, 120),
        klab(k, "platelets", 20, 90),
        ...(evans
          ? [klab(k, "hemoglobin", -1, 13), klab(k, "hemoglobin", 20, 8.5), klab(k, "dat", 20, "positive")]
          : []),
        ...(late ? [klab(k, "platelets", 20 + end, 55)] : []),
      ],
      events: [causeEvent(event, -30)],
    });
  const percent = handCase([`${fall}.percent`], id, differential(disorder, id), [
    { label: "platelets 120 → 60 (50 %)", record: nadir(60), expect: whenFell },
    { label: "120 → 61 (49.2 %)", record: nadir(61), expect: other },
  ]);
  return [
    percent,
    handCase([`${fall}.window.endDay`], id, differential(disorder, id), [
      {
        label: `index 90 on day 20, 55 on day ${20 + end} (index + ${end})`,
        record: lateFall(true),
        expect: whenFell,
      },
      { label: "index 90 on day 20 and no later fall", record: lateFall(false), expect: other },
    ]),
  ];
}

/** ITP: splenomegaly lowers the finding unless the count fell by half from the pre-dose count. */
function spleenFall(): ThresholdCase[] {
  const fall = `${ITP} differentials[hypersplenism].test.tests[1].test`;
  return [
    ...chronicCauseFall("hypersplenism", "splenomegaly", fall, "unmet"),
    ...chronicCauseEdges("hypersplenism", "splenomegaly", fall, "unmet"),
  ];
}

/**
 * ITP: an inherited thrombocytopenia charted explains the count (inherited-thrombocytopenia) unless the count fell by
 * half from the pre-dose count, when it still weighs but does not hold treatment (inherited-thrombocytopenia-new-fall).
 */
function inheritedFall(): ThresholdCase[] {
  const cause = { kind: "thrombocytopenia", qualifiers: ["congenital"] } as const;
  const low = `${ITP} differentials[inherited-thrombocytopenia].test.tests[1].test`;
  const newFall = `${ITP} differentials[inherited-thrombocytopenia-new-fall].test.tests[1]`;
  return [
    ...chronicCauseFall("inherited-thrombocytopenia", cause, low, "unmet"),
    ...chronicCauseEdges("inherited-thrombocytopenia", cause, low, "unmet"),
    ...chronicCauseFall("inherited-thrombocytopenia-new-fall", cause, newFall, "met"),
    ...chronicCauseEdges("inherited-thrombocytopenia-new-fall", cause, newFall, "met"),
  ];
}

/**
 * ITP: a myelodysplastic syndrome explains the count (myelodysplasia) unless the count fell by half from the
 * pre-dose count, when it still weighs but does not hold treatment (myelodysplasia-new-fall).
 */
function mdsFall(): ThresholdCase[] {
  const mds = `${ITP} differentials[myelodysplasia].test.tests[1].test`;
  const newFall = `${ITP} differentials[myelodysplasia-new-fall].test.tests[1]`;
  return [
    ...chronicCauseFall("myelodysplasia", "myelodysplasia", mds, "unmet"),
    ...chronicCauseEdges("myelodysplasia", "myelodysplasia", mds, "unmet"),
    ...chronicCauseFall("myelodysplasia-new-fall", "myelodysplasia", newFall, "met"),
    ...chronicCauseEdges("myelodysplasia-new-fall", "myelodysplasia", newFall, "met"),
  ];
}

/**
 * ITP: a single count < 100 (80 on day 20, after 240 on day -1) back above 100 within 3 days untreated and
 * not repeated is unconfirmed and lowers the finding; the next count decides.
 */
function itpSingleCount(): ThresholdCase[] {
  const key = `${ITP} differentials[single-unconfirmed-count].test.tests[0]`;
  const single = (value: number, at: number, hour?: number) => (k: Knowledge) =>
    patient({
      labs: [
        klab(k, "platelets", -1, 240),
        klab(k, "platelets", 20, 80, { hour: 8 }),
        klab(k, "platelets", at, value, hour === undefined ? {} : { hour }),
        // A later normal count, so that "not repeated in the episode" can be read on every side.
        klab(k, "platelets", 27, 210),
      ],
    });
  const repeated = (again: number) => (k: Knowledge) =>
    patient({
      labs: [...single(150, 21)(k).labs, klab(k, "platelets", again, 90)],
      events: [kevent("hit", 60)],
    });
  const obs = differential("itp", "single-unconfirmed-count");
  return [
    handCase([`${key}.above`], "single-unconfirmed-count", obs, [
      { label: "next count exactly 100 on day 21", record: single(100, 21), expect: "unmet" },
      { label: "next count 101 on day 21", record: single(101, 21), expect: "met" },
    ]),
    handCase([`${key}.window.endDay`], "single-unconfirmed-count", obs, [
      { label: "150 on day 23 (3 days after the low count)", record: single(150, 23), expect: "met" },
      { label: "150 on day 24 (4 days after)", record: single(150, 24), expect: "unmet" },
    ]),
    handCase([`${key}.window.startDay`], "single-unconfirmed-count", obs, [
      { label: "150 the day before the low count", record: single(150, 19, 20), expect: "unmet" },
      { label: "150 on the day of the low count, 12 h later", record: single(150, 20, 20), expect: "met" },
    ]),
    // "Not repeated in the episode" (IWG 2009 asks for the low count to be confirmed): a second count < 100
    // on index + 30 repeats it; one on index + 31 opens an episode of its own (excluded here by a HIT charted
    // in it, 40 days after the first index), so the first, single count is still unconfirmed.
    handCase(
      [`${ITP} differentials[single-unconfirmed-count].test.tests[1].test.window.endDay`],
      "single-unconfirmed-count",
      obs,
      [
        {
          label: "80 on day 20, 150 on day 21, 90 on day 50 (index + 30)",
          record: (k: Knowledge) => repeated(50)(k),
          expect: "unmet",
        },
        { label: "90 on day 51 (index + 31)", record: (k: Knowledge) => repeated(51)(k), expect: "met" },
      ],
    ),
  ];
}

/**
 * The first and last day of an Evans chronic-cause fall window (splenomegaly, myelodysplasia), both sides, the
 * cause charted on day -30; baseline platelets 120 (250 for the start) and hemoglobin 13 on day -1, the first dose on
 * day 0 at 10:00.
 * `whenFell` is the differential's status with a fall of half (as in chronicCauseFall).
 * - start: the fall is read from the index's day. The Evans index is the first low count after the first dose,
 *   on the dose's own day too, so a count before the index and after the dose that falls by half must not be low
 *   itself, and the index is the anaemia: platelets 90 on day -10 (the platelet arm, read from 14 days before
 *   the index), baseline 250 on day -1, 110 at 22:00 on the day of the first dose (a fall of 56 %, not below
 *   100), then hemoglobin 8.5, a positive DAT and platelets 130 (a fall of 48 %, still below normal) at 20:00 on
 *   day 1 (the index). With no fall of half in the window the chronic cause explains the platelet arm. Read from
 *   the day before the index, the 110 would count as a fall of half; the same 110 at 22:00 on day 1, after the
 *   index, is one.
 * - end: the fall is sought to the end of the 60-day episode. A count of 55 on day 80 (index + 60) is a fall of
 *   the first episode; on day 81 it opens an episode of its own, with no anaemia in its window (hemoglobin 8.5
 *   only on day 20), so no Evans finding, and the first episode is reported without that fall.
 */
function evansChronicCauseEdges(
  id: string,
  event: EventKind,
  fall: string,
  whenFell: "met" | "unmet",
): ThresholdCase[] {
  const other = whenFell === "met" ? "unmet" : "met";
  const obs = differential("evans", id);
  const baseline = (k: Knowledge) => [klab(k, "platelets", -1, 120), klab(k, "hemoglobin", -1, 13)];
  const fellBy = (low: "before" | "after") => (k: Knowledge) =>
    patient({
      labs: [
        klab(k, "platelets", -10, 90),
        klab(k, "platelets", -1, 250),
        klab(k, "hemoglobin", -1, 13),
        klab(k, "platelets", low === "before" ? 0 : 1, 110, { hour: 22 }),
        klab(k, "platelets", 1, 130, { hour: 20 }),
        klab(k, "hemoglobin", 1, 8.5, { hour: 20 }),
        klab(k, "dat", 1, "positive", { hour: 20 }),
      ],
      events: [kevent(event, -30)],
    });
  const late = (lateDay: number) => (k: Knowledge) =>
    patient({
      labs: [
        ...baseline(k),
        klab(k, "platelets", 20, 90),
        klab(k, "hemoglobin", 20, 8.5),
        klab(k, "dat", 20, "positive"),
        klab(k, "platelets", lateDay, 55),
      ],
      events: [kevent(event, -30)],
    });
  return [
    handCase([`${fall}.window.startDay`], id, obs, [
      {
        label:
          "platelets 90 on day -10, baseline 250, 110 on day 0 at 22:00 (after the dose, before the index), index hemoglobin 8.5 and platelets 130 on day 1 at 20:00",
        record: fellBy("before"),
        expect: other,
      },
      { label: "110 on day 1 at 22:00 (after the index)", record: fellBy("after"), expect: whenFell },
    ]),
    handCase([`${fall}.window.endDay`], id, obs, [
      { label: "index 90 on day 20, 55 on day 80 (index + 60)", record: late(80), expect: whenFell },
      {
        label: "55 on day 81 (index + 61: an episode of its own, with no anaemia)",
        record: late(81),
        expect: other,
      },
    ]),
  ];
}

/**
 * Evans: splenomegaly lowers the finding unless the platelet count fell by half from the pre-dose count (as
 * for ITP; charted on day -30; baseline 120 on day -1; platelets, hemoglobin 8.5 and a positive DAT on day 20).
 */
function evansSpleenFall(): ThresholdCase[] {
  const fall = "disorders/evans.yaml differentials[hypersplenism].test.tests[1].test";
  return [
    ...chronicCauseFall("hypersplenism", "splenomegaly", fall, "unmet", true),
    ...evansChronicCauseEdges("hypersplenism", "splenomegaly", fall, "unmet"),
  ];
}

/**
 * Evans: a myelodysplastic syndrome lowers the finding (myelodysplasia) unless the platelet count fell by half
 * from the pre-dose count, when its new-fall reading lowers it instead and holds nothing (myelodysplasia-new-fall).
 */
function evansMdsFall(): ThresholdCase[] {
  const mds = "disorders/evans.yaml differentials[myelodysplasia].test.tests[1].test";
  const newFall = "disorders/evans.yaml differentials[myelodysplasia-new-fall].test.tests[1]";
  return [
    ...chronicCauseFall("myelodysplasia", "myelodysplasia", mds, "unmet", true),
    ...evansChronicCauseEdges("myelodysplasia", "myelodysplasia", mds, "unmet"),
    ...chronicCauseFall("myelodysplasia-new-fall", "myelodysplasia", newFall, "met", true),
    ...evansChronicCauseEdges("myelodysplasia-new-fall", "myelodysplasia", newFall, "met"),
  ];
}

/**
 * AHA: a PT reported only in seconds (no INR) is normal within the laboratory's range (catalogue ULN 12.5 s).
 * A prolonged aPTT on day 60 is the index; a charted AHA keeps the finding whatever the PT says.
 */
function ahaPtSeconds(): ThresholdCase[] {
  const pt = "disorders/aha.yaml criteria[pt-normal].test.tests[1].tests[1].test";
  const aha =
    (value: number, ptDay = I) =>
    (k: Knowledge) =>
      patient({
        labs: [klab(k, "aptt", I, 80), klab(k, "pt", ptDay, value)],
        events: [kevent("aha", I)],
      });
  const inr = "disorders/aha.yaml criteria[pt-normal].test.tests[1].tests[0].test";
  const ahaInr = (value: number, day: number) => (k: Knowledge) =>
    patient({ labs: [klab(k, "aptt", I, 80), klab(k, "inr", day, value)], events: [kevent("aha", I)] });
  return [
    handCase([`${pt}.aboveUln`], "pt-normal", criterion("aha", "pt-normal"), [
      { label: "PT 12.5 s (ULN), no INR", record: aha(12.5), expect: "met" },
      { label: "PT 12.6 s, no INR", record: aha(12.6), expect: "missing" },
    ]),
    handCase([`${pt}.window.startDay`, `${pt}.window.endDay`], "pt-normal", criterion("aha", "pt-normal"), [
      { label: "PT 12 s on index day -3", record: aha(12, I - 3), expect: "met" },
      { label: "on day -4", record: aha(12, I - 4), expect: "missing" },
      { label: "on day 14", record: aha(12, I + 14), expect: "met" },
      { label: "on day 15", record: aha(12, I + 15), expect: "missing" },
    ]),
    // The INR is read twice: an INR of 1.2 alone, at the edges of the window, meets the criterion through
    // both parts (no INR > 1.5, and an INR ≤ 1.5 in place of the PT).
    handCase([`${inr}.window.startDay`, `${inr}.window.endDay`], "pt-normal", criterion("aha", "pt-normal"), [
      { label: "INR 1.2 on index day -3, no PT", record: ahaInr(1.2, I - 3), expect: "met" },
      { label: "INR 1.2 on day 14, no PT", record: ahaInr(1.2, I + 14), expect: "met" },
    ]),
  ];
}

/**
 * DIC with an INR and no PT in seconds: the ISTH score is incomplete (PT item unscored). Its known points
 * (platelets, D-dimer at 5 × ULN: 2, fibrinogen 1.2: 0) reach 3 with platelets 60 (1), and 2 with 120 (0).
 * The INR window: an INR after the first dose opens the episode itself (INR > 1.3), so its start is held
 * by an INR before the first dose (day -1 and -2) against an episode opening on day 2.
 */
function dicInrOnly(): ThresholdCase[] {
  const c = "disorders/dic.yaml criteria[isth-overt-pt-unmeasured].test";
  const dic =
    (
      o: {
        platelets?: number;
        inr?: number;
        inrDay?: number;
        at?: number;
        dimer?: boolean;
        fibrinogen?: number;
        /** Warfarin taken over these days. */
        warfarin?: readonly [number, number];
      } = {},
    ) =>
    (k: Knowledge) => {
      const at = o.at ?? I;
      return patient({
        labs: [
          klab(k, "platelets", at, o.platelets ?? 60),
          ...(o.dimer === false ? [] : [klab(k, "d-dimer-feu", at, 2.5, { refHigh: 0.5 })]),
          klab(k, "fibrinogen", at, o.fibrinogen ?? 1.2),
          klab(k, "inr", o.inrDay ?? at, o.inr ?? 2),
        ],
        events: [kevent("sepsis", at)],
        ...(o.warfarin && { drugs: [kdrug(["anticoagulant", "vka"], ...o.warfarin)] }),
      });
    };
  const status = criterion("dic", "isth-overt-pt-unmeasured");
  return [
    handCase([`${c}.tests[0].atLeast`], "isth-overt-pt-unmeasured", status, [
      { label: "ISTH 3 known (platelets 60), PT unscored, INR 2.0", record: dic(), expect: "met" },
      { label: "ISTH 2 known (platelets 120)", record: dic({ platelets: 120 }), expect: "no finding" },
    ]),
    // With the D-dimer unmeasured too, the missing items (PT up to 2, D-dimer up to 3 points) could lift even
    // 2 known points to 5, so the score stays incomplete and only the ≥ 3 known points decide (Taylor 2001):
    // platelets 40 (2) with fibrinogen 0.9 g/L (1) reach 3; with fibrinogen 1.2 (0) they stay at 2.
    handCase([`${c}.tests[0].atLeast`], "isth-overt-pt-unmeasured", status, [
      {
        label: "no D-dimer, no PT: platelets 40 (2), fibrinogen 0.9 (1), INR 2.0",
        record: dic({ platelets: 40, fibrinogen: 0.9, dimer: false }),
        expect: "met",
      },
      {
        label: "fibrinogen 1.2 (0): 2 known",
        record: dic({ platelets: 40, fibrinogen: 1.2, dimer: false }),
        expect: "no finding",
      },
    ]),
    handCase([`${c}.tests[2].above`], "isth-overt-pt-unmeasured", status, [
      { label: "ISTH 3 known, INR 1.51", record: dic({ inr: 1.51 }), expect: "met" },
      { label: "INR 1.5", record: dic({ inr: 1.5 }), expect: "no finding" },
    ]),
    handCase([`${c}.tests[2].window.startDay`], "isth-overt-pt-unmeasured", status, [
      {
        label: "onset day 2, INR 2.0 on day -1 (index -3)",
        record: dic({ at: 2, inrDay: -1 }),
        expect: "met",
      },
      { label: "INR on day -2 (index -4)", record: dic({ at: 2, inrDay: -2 }), expect: "no finding" },
    ]),
    handCase([`${c}.tests[2].window.endDay`], "isth-overt-pt-unmeasured", status, [
      { label: "INR 2.0 on index day 7", record: dic({ inrDay: I + 7 }), expect: "met" },
      { label: "on day 8", record: dic({ inrDay: I + 8 }), expect: "no finding" },
    ]),
    // On warfarin the INR is the drug's: a course that ends 4 days before the onset leaves the INR to say the PT is
    // prolonged, one that ends 3 days before does not; nor does one that starts 7 days after it, one 8 days after does.
    handCase([`${c}.tests[3].test.window.startDay`], "isth-overt-pt-unmeasured", status, [
      { label: "warfarin until index day -4", record: dic({ warfarin: [I - 30, I - 4] }), expect: "met" },
      {
        label: "warfarin until index day -3",
        record: dic({ warfarin: [I - 30, I - 3] }),
        expect: "no finding",
      },
    ]),
    handCase([`${c}.tests[3].test.window.endDay`], "isth-overt-pt-unmeasured", status, [
      { label: "warfarin from index day 8", record: dic({ warfarin: [I + 8, I + 30] }), expect: "met" },
      {
        label: "warfarin from index day 7",
        record: dic({ warfarin: [I + 7, I + 30] }),
        expect: "no finding",
      },
    ]),
  ];
}

/** Every hand-written disorder case. */
/**
 * The window after the latest dose (`afterLatestDose.maxDays`): a drug given every 14 days (ICI) or weekly
 * (T-cell engager) and then stopped; an episode opening exactly maxDays after the last dose is timed from it,
 * one day later it is not (both far past the first-dose window). CARAC's CRS falls the day before the
 * onset, inside its 30 days before the index; its `startDay` is held by a CRS 30 and 31 days before.
 */
function latestDose(): ThresholdCase[] {
  const every = (step: number, last: number) =>
    Array.from({ length: Math.floor(last / step) + 1 }, (_, i) => i * step);
  const late = (d: DisorderId, cls: "ici" | "bispecific", doses: number[]) => {
    const last = doses[doses.length - 1] as number;
    const key = `disorders/${d}.yaml latency.${cls}.afterLatestDose.maxDays`;
    return (maxDays: number, expectOutside: string) =>
      handCase(
        [key],
        "latency",
        criterion(d, "latency"),
        [[maxDays, "met"] as const, [maxDays + 1, expectOutside] as const].map(([n, expect]) => ({
          label: `${d}: onset ${n} days after the last ${cls} dose (day ${last + n})`,
          record: (k: Knowledge) => {
            const o = opening(k, d, last + n);
            return patient({ exposures: [exposureOf(cls, doses)], labs: o.labs, events: o.events });
          },
          expect,
        })),
      );
  };
  const ici = every(14, 700);
  const tce = every(7, 56);
  const crsKey = "disorders/carac.yaml criteria[crs].test.window.startDay";
  const caracWithCrs = (crsDay: number) => (k: Knowledge) =>
    patient({
      exposures: [exposureOf("bispecific", tce)],
      labs: [klab(k, "fibrinogen", 60, 1.1), klab(k, "pt", 60, 16)],
      events: [kevent("crs", crsDay)],
    });
  const dicAfterCrs = (crsDay: number) => (k: Knowledge) =>
    patient({
      exposures: [exposureOf("bispecific", tce)],
      labs: [
        klab(k, "platelets", 45, 60),
        klab(k, "pt", 45, 12),
        klab(k, "fibrinogen", 45, 1.1),
        klab(k, "d-dimer-feu", 45, 12, { refHigh: 0.5 }),
      ],
      events: [kevent("crs", crsDay)],
    });
  return [
    late("itp", "ici", ici)(90, "unmet"),
    late("evans", "ici", ici)(90, "unmet"),
    late("ttp", "ici", ici)(90, "unmet"),
    late("aha", "ici", ici)(90, "unmet"),
    // Without CAR-T every CARAC rule needs the latency: outside it there is no finding.
    late("carac", "bispecific", tce)(30, "no finding"),
    handCase([crsKey], "crs", criterion("carac", "crs"), [
      {
        label: "T-cell engager: CRS on day 30, coagulopathy on day 60",
        record: caracWithCrs(30),
        expect: "met",
      },
      { label: "CRS on day 29", record: caracWithCrs(29), expect: "no finding" },
    ]),
    // DIC's consumption after an engager with no CRS charted: a CRS from 30 days before the onset (CARAC's window)
    // takes the coagulopathy to CARAC; one a day earlier leaves it to this criterion.
    handCase(
      ["disorders/dic.yaml criteria[cellular-therapy-consumption].test.tests[2].test.window.startDay"],
      "cellular-therapy-consumption",
      criterion("dic", "cellular-therapy-consumption"),
      [
        {
          label: "T-cell engager: consumption on day 45, CRS on day 14",
          record: dicAfterCrs(14),
          expect: "met",
        },
        { label: "CRS on day 15", record: dicAfterCrs(15), expect: "no finding" },
      ],
    ),
  ];
}

/**
 * A TTP or an acquired haemophilia A charted on the day of a first rituximab infusion (10:00): hours after it,
 * the charted diagnosis opens the episode on day 0 and is possible, its timing named (charted-first-dose-day);
 * charted that morning, before the dose, and marked resolved, it is no onset after it (still open after the dose it
 * would be a pre-existing, active finding: activeAtFirstDose below); charted the next day, the timing criterion is
 * unmet and the charted diagnosis in the plausible window stands as before.
 */
function chartedOnFirstDoseDay(): ThresholdCase[] {
  const at =
    (kind: "ttp" | "aha", d: number, hour: number, over = false) =>
    () =>
      patient({
        exposures: [exposure("rituximab", "antibody", [0])],
        events: [kevent(kind, d, over ? { qualifiers: [ENDED_UNDATED] } : {}, hour)],
      });
  return (["ttp", "aha"] as const).flatMap((id) => {
    const file = `disorders/${id}.yaml`;
    const i = id === "ttp" ? 3 : 5;
    const w = `criteria[charted-first-dose-day].test.window`;
    const label = id === "ttp" ? "TTP" : "acquired haemophilia A";
    return [
      handCase(
        [
          `${file} index.test.tests[${i}].window.startDay`,
          `${file} index.test.tests[${i}].window.endDay`,
          `${file} ${w}.startDay`,
        ],
        "charted-first-dose-day",
        criterion(id, "charted-first-dose-day"),
        [
          {
            label: `${label} charted at 14:00 on the day of the 10:00 rituximab infusion`,
            record: at(id, 0, 14),
            expect: "met",
          },
          {
            label: "charted at 08:00, before the infusion, and marked resolved",
            record: at(id, 0, 8, true),
            expect: "no finding",
          },
        ],
      ),
      handCase([`${file} ${w}.endDay`], "charted-first-dose-day", criterion(id, "charted-first-dose-day"), [
        { label: `${label} charted at 14:00 on day 0`, record: at(id, 0, 14), expect: "met" },
        { label: "charted at 14:00 on day 1", record: at(id, 1, 14), expect: "unmet" },
      ]),
    ];
  });
}

/**
 * A TTP or an acquired haemophilia A charted before the first dose (08:00, the 10:00 checkpoint-inhibitor dose on day 0)
 * with no end and not marked over is still open after it: read up to the first dose's day, it opens the episode
 * as pre-existing and active (active-at-first-dose met). Charted on day 1 it is an onset after the dose, read by
 * the day-1 index entry, and the pre-existing reading is unmet (a record charted after the dose is not open at it
 * either, so a later end of this window would change nothing: only an earlier one is caught here).
 */
function activeAtFirstDose(): ThresholdCase[] {
  const at = (kind: "ttp" | "aha", d: number, hour: number) => () =>
    patient({ exposures: [exposureOf("ici", [0])], events: [kevent(kind, d, {}, hour)] });
  return (["ttp", "aha"] as const).map((id) => {
    const label = id === "ttp" ? "TTP" : "acquired haemophilia A";
    return handCase(
      [`disorders/${id}.yaml index.test.tests[${id === "ttp" ? 4 : 6}].window.endDay`],
      "active-at-first-dose",
      criterion(id, "active-at-first-dose"),
      [
        {
          label: `${label} charted at 08:00 on the day of the 10:00 checkpoint-inhibitor dose, no end`,
          record: at(id, 0, 8),
          expect: "met",
        },
        { label: "charted at 14:00 on day 1", record: at(id, 1, 14), expect: "unmet" },
      ],
    );
  });
}

/**
 * The charted diagnosis is read from 3 days before the index (documented). A TTP or an acquired haemophilia A
 * charted after the first dose is the index itself, and one charted before it and still open opens the episode
 * as pre-existing (active-at-first-dose): so the index is a result on day 2 (platelets 20, hemoglobin 7, LDH 1500,
 * haptoglobin 5 for TTP; aPTT 80 s and FVIII 10 % for AHA) and the diagnosis is charted before the first dose and
 * marked resolved, 3 days before the index (day -1) or 4 (day -2).
 */
function documentedBeforeIndex(): ThresholdCase[] {
  const labs = (id: "ttp" | "aha", k: Knowledge) =>
    id === "ttp"
      ? klabs(k, 2, { platelets: 20, hemoglobin: 7, ldh: 1500, haptoglobin: 5 })
      : klabs(k, 2, { aptt: 80, "fviii-activity": 10 });
  const charted = (id: "ttp" | "aha", d: number) => (k: Knowledge) =>
    patient({ labs: labs(id, k), events: [kevent(id, d, { qualifiers: [ENDED_UNDATED] })] });
  return (["ttp", "aha"] as const).map((id) =>
    handCase(
      [`disorders/${id}.yaml criteria[documented].test.window.startDay`],
      "documented",
      criterion(id, "documented"),
      [
        {
          label: `index on day 2, ${id === "ttp" ? "TTP" : "acquired haemophilia A"} charted and marked resolved on day -1 (index - 3)`,
          record: charted(id, -1),
          expect: "met",
        },
        { label: "charted on day -2 (index - 4)", record: charted(id, -2), expect: "unmet" },
      ],
    ),
  );
}

/**
 * TTP: a transplant-associated TMA (a TTP charted with the qualifier hsct) lowers from 14 days before the index
 * (sepsis-or-transplant). The index is a count on day 13 (platelets 20, hemoglobin 7, LDH 1500, haptoglobin 5),
 * the TMA charted before the first dose and marked resolved (still open, it would open the episode itself), on
 * day -1 (index - 14) or day -2 (index - 15).
 */
function ttpTransplantTmaStart(): ThresholdCase[] {
  const key = "disorders/ttp.yaml differentials[sepsis-or-transplant].test.tests[2].window.startDay";
  const tma = (d: number) => (k: Knowledge) =>
    patient({
      labs: klabs(k, 13, { platelets: 20, hemoglobin: 7, ldh: 1500, haptoglobin: 5 }),
      events: [kevent("ttp", d, { qualifiers: ["hsct", ENDED_UNDATED] })],
    });
  return [
    handCase([key], "sepsis-or-transplant", differential("ttp", "sepsis-or-transplant"), [
      {
        label:
          "index on day 13, transplant-associated TMA charted and marked resolved on day -1 (index - 14)",
        record: tma(-1),
        expect: "met",
      },
      { label: "on day -2 (index - 15)", record: tma(-2), expect: "unmet" },
    ]),
  ];
}

/**
 * The antibody class's window opens on the day of the infusion (latency minDays 0): rituximab at 10:00 on day 0
 * and platelets 150 the day before; a fall to 20 at 14:00 that day is an onset on day 0 within the window
 * (Capecchi 2025, during the first infusion). No onset before day 0 can exist (the index counts only results
 * after the first dose), so the other side is the same fall drawn at 08:00, before the infusion: it is the
 * pre-dose count, and no episode opens.
 */
function antibodyDayOfInfusion(): ThresholdCase[] {
  const side = (hour: number, label: string, expect: string) => ({
    label,
    record: (k: Knowledge) =>
      patient({
        exposures: [exposure("rituximab", "antibody", [0])],
        labs: [klab(k, "platelets", -1, 150), klab(k, "platelets", 0, 20, { hour })],
      }),
    expect,
  });
  return [
    handCase([`${ITP} latency.antibody.minDays`], "latency", criterion("itp", "latency"), [
      side(14, "platelets 20 at 14:00 on the day of the 10:00 rituximab infusion", "met"),
      side(8, "the same count at 08:00, before the infusion", "no finding"),
    ]),
    // The index and the thrombocytopenia criterion both read from day 0, after the dose: a later start
    // leaves the day-0 fall out (no episode, or the criterion unmet).
    handCase(
      [
        `${ITP} index.test.tests[0].window.startDay`,
        `${ITP} criteria[thrombocytopenia].test.window.startDay`,
      ],
      "thrombocytopenia",
      criterion("itp", "thrombocytopenia"),
      [
        side(14, "platelets 20 at 14:00 on the day of the 10:00 rituximab infusion", "met"),
        side(8, "the same count at 08:00, before the infusion", "no finding"),
      ],
    ),
    // A thrombocytopenia charted hours after the first infusion opens the episode on day 0 like a count drawn
    // then (Yi 2009); charted that morning, before the dose, it is no onset after it.
    handCase(
      [`${ITP} index.test.tests[2].window.startDay`, `${ITP} index.test.tests[2].window.endDay`],
      "thrombocytopenia",
      criterion("itp", "thrombocytopenia"),
      [
        {
          label: "thrombocytopenia charted at 14:00 on the day of the 10:00 rituximab infusion, no count",
          record: () =>
            patient({
              exposures: [exposure("rituximab", "antibody", [0])],
              events: [kevent("thrombocytopenia", 0, {}, 14)],
            }),
          expect: "met (charted)",
        },
        {
          label: "charted at 08:00, before the infusion",
          record: () =>
            patient({
              exposures: [exposure("rituximab", "antibody", [0])],
              events: [kevent("thrombocytopenia", 0, {}, 8)],
            }),
          expect: "no finding",
        },
      ],
    ),
    // The criterion reads counts from the index on: an ITP charted the day after the infusion opens the
    // episode and meets it as a charted diagnosis only; the low count drawn before the infusion that morning is
    // not a count after the first dose (a start before day 0 would read it as a result).
    handCase(
      [`${ITP} criteria[thrombocytopenia].test.window.startDay`],
      "thrombocytopenia",
      criterion("itp", "thrombocytopenia"),
      [
        {
          label: "ITP charted on day 1, platelets 90 at 08:00 on day 0 before the 10:00 infusion",
          record: (k: Knowledge) =>
            patient({
              exposures: [exposure("rituximab", "antibody", [0])],
              labs: [klab(k, "platelets", 0, 90, { hour: 8 })],
              events: [kevent("itp", 1)],
            }),
          expect: "met (charted)",
        },
      ],
    ),
  ];
}

/**
 * Alemtuzumab's own window (`latencyByDrug`): ITP, TTP, AHA and Evans syndrome up to 48 months (1461 days) after its last infusion
 * (two annual courses dated before day 0, the last dose on day -533, so that the onset falls before the
 * evaluation time), and not before the day after a dose (minDays 1: a single dose on day 0; on day 0 itself no
 * episode opens at all, the index counting from the day after the first dose). Rituximab, of the same class,
 * keeps the class's year (the TTP knowledge cases).
 */
function alemtuzumabWindow(): ThresholdCase[] {
  const courses = [-900, -899, -898, -897, -896, -535, -534, -533];
  const side = (d: DisorderId, doses: number[], onset: number, label: string, expect: string) => ({
    label: `${d}: ${label} (day ${onset})`,
    record: (k: Knowledge) => {
      const o = opening(k, d, onset);
      return patient({
        exposures: [exposure("alemtuzumab", "antibody", doses)],
        labs: o.labs,
        events: o.events,
      });
    },
    expect,
  });
  return (["itp", "ttp", "aha", "evans"] as const).flatMap((d) => [
    handCase(
      [`disorders/${d}.yaml latencyByDrug.alemtuzumab.afterLatestDose.maxDays`],
      "latency",
      criterion(d, "latency"),
      [
        side(d, courses, -533 + 1461, "onset 1461 days after the last alemtuzumab infusion", "met"),
        side(d, courses, -533 + 1462, "1462 days after it", "unmet"),
      ],
    ),
    // A single infusion: the first dose is the latest, so only the first-dose bound can be raised past 1461.
    handCase([`disorders/${d}.yaml latencyByDrug.alemtuzumab.maxDays`], "latency", criterion(d, "latency"), [
      side(d, [-600], -600 + 1461, "onset 1461 days after a single alemtuzumab infusion", "met"),
      side(d, [-600], -600 + 1462, "1462 days after it", "unmet"),
    ]),
    handCase([`disorders/${d}.yaml latencyByDrug.alemtuzumab.minDays`], "latency", criterion(d, "latency"), [
      side(d, [0], 1, "onset the day after a single alemtuzumab dose", "met"),
      side(d, [0], 0, "on the day of the dose", "no finding"),
    ]),
  ]);
}

/**
 * HLH (or IEC-HS) charted in the year before the first low count excludes ITP unless the care team charted
 * ITP; with ITP charted it lowers (the hlh differential). Nivolumab on day 0, platelets 200 on day -5 and 20
 * on day 60 (the index) unless stated.
 */
/**
 * ITP: an antiphospholipid syndrome charted, or a positive lupus anticoagulant, up to ten years before the
 * index or 14 days after it weighs on the fall (Vreede 2019); later, it is another episode's story. A negative
 * lupus anticoagulant at the index makes the event side read unmet rather than missing.
 */
function itpAntiphospholipid(): ThresholdCase[] {
  const aps = `${ITP} differentials[antiphospholipid].test.tests[0].window`;
  const la = `${ITP} differentials[antiphospholipid].test.tests[1].window`;
  const charted = (apsDay: number) => (k: Knowledge) =>
    patient({
      labs: [
        klab(k, "platelets", -5, 200),
        klab(k, "platelets", I, 60),
        klab(k, "lupus-anticoagulant", I, "negative"),
      ],
      events: [kevent("antiphospholipid-syndrome", apsDay)],
    });
  const lupusAnticoagulant = (laDay: number) => (k: Knowledge) =>
    patient({
      labs: [
        klab(k, "platelets", -5, 200),
        klab(k, "platelets", I, 60),
        klab(k, "lupus-anticoagulant", laDay, "positive"),
      ],
    });
  return [
    handCase(
      [`${aps}.startDay`, `${aps}.endDay`],
      "antiphospholipid",
      differential("itp", "antiphospholipid"),
      [
        { label: "APS charted 3650 days before the index", record: charted(I - 3650), expect: "met" },
        { label: "3651 days before", record: charted(I - 3651), expect: "unmet" },
        { label: "APS charted 14 days after the index", record: charted(I + 14), expect: "met" },
        { label: "15 days after", record: charted(I + 15), expect: "unmet" },
      ],
    ),
    handCase(
      [`${la}.startDay`, `${la}.endDay`],
      "antiphospholipid",
      differential("itp", "antiphospholipid"),
      [
        {
          label: "lupus anticoagulant positive 3650 days before the index",
          record: lupusAnticoagulant(I - 3650),
          expect: "met",
        },
        { label: "3651 days before", record: lupusAnticoagulant(I - 3651), expect: "missing" },
        { label: "14 days after the index", record: lupusAnticoagulant(I + 14), expect: "met" },
        { label: "15 days after", record: lupusAnticoagulant(I + 15), expect: "missing" },
      ],
    ),
  ];
}

function itpHlhCharted(): ThresholdCase[] {
  const mo = `${ITP} differentials[marrow-or-hlh].test.tests[0]`;
  const low = `${ITP} differentials[hlh].test.window`;
  const itp =
    (hlhDay: number, itpDays: readonly number[], extra: ClinicalEvent[] = []) =>
    (k: Knowledge) =>
      patient({
        labs: [klab(k, "platelets", -5, 200), klab(k, "platelets", I, 20)],
        events: [kevent("hlh", hlhDay), ...itpDays.map((d) => kevent("itp", d)), ...extra],
      });
  // The charted ITP's window starts 3 days before the index: an ITP charted after the first dose would be
  // the index itself, so the index here is a count on day 2 and the ITP is charted before the first dose.
  const early = (itpDay: number) => (k: Knowledge) =>
    patient({
      labs: [klab(k, "platelets", -5, 200), klab(k, "platelets", 2, 20)],
      events: [kevent("hlh", -30), kevent("itp", itpDay)],
    });
  return [
    handCase(
      [`${mo}.tests[0].window.startDay`, `${mo}.tests[0].window.endDay`],
      "marrow-or-hlh",
      differential("itp", "marrow-or-hlh"),
      [
        {
          label: "HLH charted 365 days before the index, no ITP charted",
          record: itp(I - 365, []),
          expect: "no finding",
        },
        { label: "366 days before", record: itp(I - 366, []), expect: "unmet" },
        { label: "14 days after", record: itp(I + 14, []), expect: "no finding" },
        { label: "15 days after", record: itp(I + 15, []), expect: "unmet" },
      ],
    ),
    handCase([`${mo}.tests[1].test.window.startDay`], "marrow-or-hlh", differential("itp", "marrow-or-hlh"), [
      {
        label: "HLH on day -30, ITP charted 3 days before the day-2 index",
        record: early(-1),
        expect: "unmet",
      },
      { label: "4 days before", record: early(-2), expect: "no finding" },
    ]),
    // A charted ITP 31 days after the index opens an episode of its own, excluded by a HIT charted on day 40
    // of it, so the first episode is reported.
    handCase([`${mo}.tests[1].test.window.endDay`], "marrow-or-hlh", differential("itp", "marrow-or-hlh"), [
      {
        label: "HLH 30 days before, ITP charted 30 days after the index",
        record: itp(I - 30, [I + 30], [kevent("hit", I + 40)]),
        expect: "unmet",
      },
      {
        label: "31 days after",
        record: itp(I - 30, [I + 31], [kevent("hit", I + 40)]),
        expect: "no finding",
      },
    ]),
    handCase([`${low}.startDay`, `${low}.endDay`], "hlh", differential("itp", "hlh"), [
      { label: "ITP charted at the index, HLH 365 days before", record: itp(I - 365, [I]), expect: "met" },
      { label: "366 days before", record: itp(I - 366, [I]), expect: "unmet" },
      { label: "14 days after", record: itp(I + 14, [I]), expect: "met" },
      { label: "15 days after", record: itp(I + 15, [I]), expect: "unmet" },
    ]),
  ];
}

/**
 * TTP: HLH charted with no schistocytes and no ADAMTS13 deficiency excludes TTP unless the care team charted
 * TTP; then, and whenever HLH is charted in the episode, it lowers (the hlh differential). Platelets 20,
 * hemoglobin 7, LDH 1500 and haptoglobin below normal on the index day unless stated.
 */
function ttpHlhCharted(): ThresholdCase[] {
  const TTP = "disorders/ttp.yaml";
  const ex = `${TTP} differentials[hlh-explains].test.tests[2].test.window`;
  const low = `${TTP} differentials[hlh].test.window`;
  const tma = (labDay: number) => (k: Knowledge) => [
    klab(k, "platelets", labDay, 20),
    klab(k, "hemoglobin", labDay, 7),
    klab(k, "ldh", labDay, 1500),
    klab(k, "haptoglobin", labDay, 5),
  ];
  const ttp =
    (hlhDay: number, ttpDays: readonly number[], more: (k: Knowledge) => LabResult[] = () => []) =>
    (k: Knowledge) =>
      patient({
        labs: [...tma(I)(k), ...more(k)],
        events: [kevent("hlh", hlhDay), ...ttpDays.map((d) => kevent("ttp", d))],
      });
  // As for ITP: a TTP charted after the first dose is the index itself, so the index is a count on day 2
  // and the TTP is charted before the first dose, marked resolved: one still open after the dose would open the
  // episode itself, as a pre-existing, active TTP (active-at-first-dose).
  const early = (ttpDay: number) => (k: Knowledge) =>
    patient({
      labs: tma(2)(k),
      events: [kevent("hlh", 1), kevent("ttp", ttpDay, { qualifiers: [ENDED_UNDATED] })],
    });
  return [
    handCase([`${ex}.startDay`], "hlh-explains", differential("ttp", "hlh-explains"), [
      {
        label: "HLH on day 1, TTP charted and marked resolved 3 days before the day-2 index",
        record: early(-1),
        expect: "unmet",
      },
      { label: "4 days before", record: early(-2), expect: "no finding" },
    ]),
    // A TTP charted 31 days after the index opens an episode of its own, excluded by a presenting ADAMTS13
    // of 65 % on day 46 (inside that episode's window, after the first episode's).
    handCase([`${ex}.endDay`], "hlh-explains", differential("ttp", "hlh-explains"), [
      {
        label: "HLH at the index, TTP charted 30 days after it",
        record: ttp(I, [I + 30], (k) => [klab(k, "adamts13-activity", I + 46, 65)]),
        expect: "unmet",
      },
      {
        label: "31 days after",
        record: ttp(I, [I + 31], (k) => [klab(k, "adamts13-activity", I + 46, 65)]),
        expect: "no finding",
      },
    ]),
    handCase([`${low}.startDay`, `${low}.endDay`], "hlh", differential("ttp", "hlh"), [
      { label: "TTP charted at the index, HLH 14 days before", record: ttp(I - 14, [I]), expect: "met" },
      { label: "15 days before", record: ttp(I - 15, [I]), expect: "unmet" },
      { label: "30 days after", record: ttp(I + 30, [I]), expect: "met" },
      { label: "31 days after", record: ttp(I + 31, [I]), expect: "unmet" },
    ]),
  ];
}

/**
 * Evans: schistocytes with hemolysis exclude Evans unless a DAT is positive from 14 days before to 60 days
 * after the index. Platelets 20, hemoglobin 7, LDH 700, haptoglobin below normal and schistocytes on day 60.
 */
function evansMicroangiopathyDat(): ThresholdCase[] {
  const w = "disorders/evans.yaml differentials[microangiopathy].test.tests[2].test.window";
  const evans = (datDay: number) => (k: Knowledge) =>
    patient({
      labs: [
        klab(k, "platelets", -5, 250),
        klab(k, "hemoglobin", -5, 13),
        klab(k, "platelets", I, 20),
        klab(k, "hemoglobin", I, 7),
        klab(k, "ldh", I, 700),
        klab(k, "haptoglobin", I, 5),
        klab(k, "schistocytes", I, "positive"),
        klab(k, "dat", datDay, "positive"),
      ],
    });
  return [
    handCase([`${w}.startDay`, `${w}.endDay`], "microangiopathy", differential("evans", "microangiopathy"), [
      { label: "DAT positive 14 days before the index", record: evans(I - 14), expect: "unmet" },
      { label: "15 days before", record: evans(I - 15), expect: "no finding" },
      { label: "60 days after", record: evans(I + 60), expect: "unmet" },
      { label: "61 days after", record: evans(I + 61), expect: "no finding" },
    ]),
  ];
}

/**
 * TTP: the thresholds of hlh-explains itself, on an episode the counts open (no TTP charted, which would keep
 * the HLH from excluding). HLH on the index day, platelets 20, hemoglobin 7, LDH 1500 and haptoglobin below
 * normal on day 60 unless stated: excluded ("no finding") unless schistocytes or an ADAMTS13 < 10 % are shown.
 */
function ttpHlhExplains(): ThresholdCase[] {
  const ex = "disorders/ttp.yaml differentials[hlh-explains].test";
  const shown = `${ex}.tests[1].test.tests`;
  const ttp =
    (hlhDay: number, more: (k: Knowledge) => LabResult[] = () => [], labDay = I) =>
    (k: Knowledge) =>
      patient({
        labs: [
          klab(k, "platelets", labDay, 20),
          klab(k, "hemoglobin", labDay, 7),
          klab(k, "ldh", labDay, 1500),
          klab(k, "haptoglobin", labDay, 5),
          ...more(k),
        ],
        events: [kevent("hlh", hlhDay)],
      });
  const lab = (id: string, d: number, v: number | "positive") => (k: Knowledge) => [klab(k, id, d, v)];
  const status = differential("ttp", "hlh-explains");
  return [
    handCase([`${ex}.tests[0].window.startDay`, `${ex}.tests[0].window.endDay`], "hlh-explains", status, [
      { label: "HLH 14 days before the index", record: ttp(I - 14), expect: "no finding" },
      { label: "15 days before", record: ttp(I - 15), expect: "unmet" },
      { label: "30 days after", record: ttp(I + 30), expect: "no finding" },
      { label: "31 days after", record: ttp(I + 31), expect: "unmet" },
    ]),
    handCase([`${shown}[0].window.startDay`, `${shown}[0].window.endDay`], "hlh-explains", status, [
      {
        label: "schistocytes 7 days before the index",
        record: ttp(I, lab("schistocytes", I - 7, "positive")),
        expect: "unmet",
      },
      {
        label: "8 days before",
        record: ttp(I, lab("schistocytes", I - 8, "positive")),
        expect: "no finding",
      },
      { label: "30 days after", record: ttp(I, lab("schistocytes", I + 30, "positive")), expect: "unmet" },
      {
        label: "31 days after",
        record: ttp(I, lab("schistocytes", I + 31, "positive")),
        expect: "no finding",
      },
    ]),
    handCase([`${shown}[1].above`], "hlh-explains", status, [
      { label: "schistocytes 1.1 %", record: ttp(I, lab("schistocytes-pct", I, 1.1)), expect: "unmet" },
      { label: "1 %", record: ttp(I, lab("schistocytes-pct", I, 1)), expect: "no finding" },
    ]),
    handCase([`${shown}[1].window.startDay`, `${shown}[1].window.endDay`], "hlh-explains", status, [
      {
        label: "schistocytes 1.5 % 7 days before the index",
        record: ttp(I, lab("schistocytes-pct", I - 7, 1.5)),
        expect: "unmet",
      },
      { label: "8 days before", record: ttp(I, lab("schistocytes-pct", I - 8, 1.5)), expect: "no finding" },
      { label: "30 days after", record: ttp(I, lab("schistocytes-pct", I + 30, 1.5)), expect: "unmet" },
      { label: "31 days after", record: ttp(I, lab("schistocytes-pct", I + 31, 1.5)), expect: "no finding" },
    ]),
    handCase([`${shown}[2].below`], "hlh-explains", status, [
      {
        label: "ADAMTS13 9.9 % at the index",
        record: ttp(I, lab("adamts13-activity", I, 9.9)),
        expect: "unmet",
      },
      { label: "10 %", record: ttp(I, lab("adamts13-activity", I, 10)), expect: "no finding" },
    ]),
    // An ADAMTS13 < 10 % after the first dose opens the episode itself, so the result 7 days before the
    // index is drawn before the first dose, with the counts on day 2.
    handCase([`${shown}[2].window.startDay`], "hlh-explains", status, [
      {
        label: "ADAMTS13 5 % 7 days before a day-2 index",
        record: ttp(2, lab("adamts13-activity", -5, 5), 2),
        expect: "unmet",
      },
      { label: "8 days before", record: ttp(2, lab("adamts13-activity", -6, 5), 2), expect: "no finding" },
    ]),
    handCase([`${shown}[2].window.endDay`], "hlh-explains", status, [
      {
        label: "ADAMTS13 5 % 45 days after the index",
        record: ttp(I, lab("adamts13-activity", I + 45, 5)),
        expect: "unmet",
      },
      { label: "46 days after", record: ttp(I, lab("adamts13-activity", I + 46, 5)), expect: "no finding" },
    ]),
  ];
}

/**
 * ITP on a charted pseudothrombocytopenia: it excludes ITP unless a sample within 2 days of the low count is
 * reported free of clumps; then it lowers (pseudothrombocytopenia-history). Pseudothrombocytopenia charted on
 * day 30, platelets 200 on day -5 and 8 on day 60 (the index).
 */
function pseudoClumpFree(): ThresholdCase[] {
  const h = `${ITP} differentials[pseudothrombocytopenia-history].test.tests[1].window`;
  const itp = (clumpDay: number) => (k: Knowledge) =>
    patient({
      labs: [
        klab(k, "platelets", -5, 200),
        klab(k, "platelets", I, 8),
        klab(k, "platelet-clumps", clumpDay, "negative"),
      ],
      events: [kevent("pseudothrombocytopenia", 30)],
    });
  return [
    handCase(
      [`${h}.startDay`, `${h}.endDay`],
      "pseudothrombocytopenia-history",
      differential("itp", "pseudothrombocytopenia-history"),
      [
        { label: "no clumps on a sample 2 days before the index", record: itp(I - 2), expect: "met" },
        { label: "3 days before", record: itp(I - 3), expect: "no finding" },
        { label: "2 days after", record: itp(I + 2), expect: "met" },
        { label: "3 days after", record: itp(I + 3), expect: "no finding" },
      ],
    ),
  ];
}

/**
 * Evans on charted marrow disease or HLH: it excludes Evans unless the hemolysis is shown to be autoimmune (a
 * positive DAT, or an autoimmune hemolytic anemia or Evans syndrome charted). The counts open the episode:
 * platelets 20, hemoglobin 7, LDH 700 and haptoglobin below normal on day 60 (the index) unless stated, from
 * 210 and 13 on day -5; marrow infiltration charted on day 30 unless stated.
 */
function evansMarrowSpared(): ThresholdCase[] {
  const mo = "disorders/evans.yaml differentials[marrow-or-hlh].test";
  const spared = `${mo}.tests[1].test.tests`;
  const counts = (k: Knowledge, d: number) => [
    klab(k, "platelets", -5, 210),
    klab(k, "hemoglobin", -5, 13),
    klab(k, "platelets", d, 20),
    klab(k, "hemoglobin", d, 7),
    klab(k, "ldh", d, 700),
    klab(k, "haptoglobin", d, 5),
  ];
  const evans =
    (events: ClinicalEvent[], more: (k: Knowledge) => LabResult[] = () => [], d = I) =>
    (k: Knowledge) =>
      patient({ labs: [...counts(k, d), ...more(k)], events });
  const marrow = () => kevent("marrow-involvement", 30);
  const aiha = (d: number) => kevent("hemolysis", d, { qualifiers: ["autoimmune"] });
  const charted = (d: number) => kevent("itp", d, { qualifiers: ["evans"] });
  const status = differential("evans", "marrow-or-hlh");
  const firstEpisode = (r: PatientReport) => {
    const f = r.findings.find(
      (x) => x.disorder === "evans" && x.onset?.date.slice(0, 10) === day(I).slice(0, 10),
    );
    if (!f) return "no finding";
    return f.differentials.find((d) => d.id === "marrow-or-hlh")?.status ?? "no marrow-or-hlh in the trace";
  };
  return [
    handCase(
      [`${mo}.tests[0].tests[0].window.startDay`, `${mo}.tests[0].tests[0].window.endDay`],
      "marrow-or-hlh",
      status,
      [
        {
          label: "marrow infiltration 365 days before the index",
          record: evans([kevent("marrow-involvement", I - 365)]),
          expect: "no finding",
        },
        { label: "366 days before", record: evans([kevent("marrow-involvement", I - 366)]), expect: "unmet" },
        {
          label: "14 days after",
          record: evans([kevent("marrow-involvement", I + 14)]),
          expect: "no finding",
        },
        { label: "15 days after", record: evans([kevent("marrow-involvement", I + 15)]), expect: "unmet" },
      ],
    ),
    handCase(
      [`${mo}.tests[0].tests[1].window.startDay`, `${mo}.tests[0].tests[1].window.endDay`],
      "marrow-or-hlh",
      status,
      [
        {
          label: "marrow failure 365 days before the index",
          record: evans([kevent("marrow-failure", I - 365)]),
          expect: "no finding",
        },
        { label: "366 days before", record: evans([kevent("marrow-failure", I - 366)]), expect: "unmet" },
        { label: "90 days after", record: evans([kevent("marrow-failure", I + 90)]), expect: "no finding" },
        { label: "91 days after", record: evans([kevent("marrow-failure", I + 91)]), expect: "unmet" },
      ],
    ),
    handCase([`${spared}[0].window.startDay`, `${spared}[0].window.endDay`], "marrow-or-hlh", status, [
      {
        label: "DAT positive 14 days before the index",
        record: evans([marrow()], (k) => [klab(k, "dat", I - 14, "positive")]),
        expect: "unmet",
      },
      {
        label: "15 days before",
        record: evans([marrow()], (k) => [klab(k, "dat", I - 15, "positive")]),
        expect: "no finding",
      },
      {
        label: "60 days after",
        record: evans([marrow()], (k) => [klab(k, "dat", I + 60, "positive")]),
        expect: "unmet",
      },
      {
        label: "61 days after",
        record: evans([marrow()], (k) => [klab(k, "dat", I + 61, "positive")]),
        expect: "no finding",
      },
    ]),
    // A charted hemolysis or Evans syndrome after the first dose opens the episode itself: for the start of
    // the window it is charted before the first dose, with the counts on day 2 and the marrow on day 1.
    handCase([`${spared}[1].window.startDay`], "marrow-or-hlh", status, [
      {
        label: "AIHA charted 14 days before a day-2 index",
        record: evans([kevent("marrow-involvement", 1), aiha(-12)], undefined, 2),
        expect: "unmet",
      },
      {
        label: "15 days before",
        record: evans([kevent("marrow-involvement", 1), aiha(-13)], undefined, 2),
        expect: "no finding",
      },
    ]),
    handCase([`${spared}[1].window.endDay`], "marrow-or-hlh", status, [
      {
        label: "AIHA charted 60 days after the index",
        record: evans([marrow(), aiha(I + 60)]),
        expect: "unmet",
      },
      { label: "61 days after", record: evans([marrow(), aiha(I + 61)]), expect: "no finding" },
    ]),
    handCase([`${spared}[2].window.startDay`], "marrow-or-hlh", status, [
      {
        label: "Evans charted 14 days before a day-2 index",
        record: evans([kevent("marrow-involvement", 1), charted(-12)], undefined, 2),
        expect: "unmet",
      },
      {
        label: "15 days before",
        record: evans([kevent("marrow-involvement", 1), charted(-13)], undefined, 2),
        expect: "no finding",
      },
    ]),
    // An Evans syndrome charted 61 days after the index opens an episode of its own (in which it is charted
    // on day 0): the status read is the first episode's, the one opened by the counts on day 60.
    handCase([`${spared}[2].window.endDay`], "marrow-or-hlh", firstEpisode, [
      {
        label: "Evans charted 60 days after the index",
        record: evans([marrow(), charted(I + 60)]),
        expect: "unmet",
      },
      { label: "61 days after", record: evans([marrow(), charted(I + 61)]), expect: "no finding" },
    ]),
  ];
}

/**
 * ITP: a CAR-T infusion in the 730 days up to the index lowers ITP (ICAHT beside it, Rejeski 2023; Jain 2023),
 * whichever exposure the finding names. Nivolumab from day 0, an isolated fall to 20 on day 60; the infusion
 * 730 days before the fall counts, 731 days or after the fall does not.
 */
function cartHematotoxicity(): ThresholdCase[] {
  const key = `${ITP} differentials[cart-hematotoxicity].test.anyWithinDays`;
  const fall = (infusionDay: number) => (k: Knowledge) =>
    patient({
      exposures: [exposureOf("ici"), exposure(DRUG_OF["car-t"], "car-t", [infusionDay])],
      labs: [klab(k, "platelets", -5, 220), klab(k, "platelets", I, 20)],
    });
  return [
    handCase([key], "cart-hematotoxicity", differential("itp", "cart-hematotoxicity"), [
      { label: "CAR-T infused 730 days before the fall", record: fall(I - 730), expect: "met" },
      { label: "731 days before", record: fall(I - 731), expect: "unmet" },
      { label: "the day after the fall", record: fall(I + 1), expect: "unmet" },
    ]),
  ];
}

/**
 * ITP: a CRS charted two days before the fall weighs (crs), except after a CAR-T infusion in the 730 days up to
 * the index, when the hematotoxicity differential already counts it (Rejeski 2023). The infusion 730 days before
 * the fall silences the CRS rule, 731 days before does not.
 */
function crsAfterCart(): ThresholdCase[] {
  const key = `${ITP} differentials[crs].test.tests[1].test.anyWithinDays`;
  const fall = (infusionDay: number) => (k: Knowledge) =>
    patient({
      exposures: [exposureOf("ici"), exposure(DRUG_OF["car-t"], "car-t", [infusionDay])],
      labs: [klab(k, "platelets", -5, 220), klab(k, "platelets", I, 20)],
      events: [kevent("crs", I - 2)],
    });
  return [
    handCase([key], "crs", differential("itp", "crs"), [
      { label: "CAR-T infused 730 days before the fall", record: fall(I - 730), expect: "unmet" },
      { label: "731 days before", record: fall(I - 731), expect: "met" },
    ]),
  ];
}

export function disorderHandCases(_k: Knowledge): ThresholdCase[] {
  return [
    ...newFall(),
    ...cartHematotoxicity(),
    ...crsAfterCart(),
    ...lowBaselineOnset(),
    ...preExistingWindows(),
    ...challenge(),
    ...relapseOnRechallenge(),
    ...infusionRelated(),
    ...fourTs(),
    ...functionalAssay(),
    ...otherScores(),
    ...hscoreCutOff(),
    ...engagerCarHlh(),
    ...evansFall(),
    ...evansPlateletArm(),
    ...engagerPreDose(),
    ...windows(),
    ...adamts13(),
    ...caracDicTier(),
    ...marrowAcuteFall(),
    ...knownMarrowFall(),
    ...liverDiseaseFall(),
    ...spleenFall(),
    ...mdsFall(),
    ...inheritedFall(),
    ...evansSpleenFall(),
    ...evansMdsFall(),
    ...itpSingleCount(),
    ...ahaPtSeconds(),
    ...dicInrOnly(),
    ...latestDose(),
    ...alemtuzumabWindow(),
    ...antibodyDayOfInfusion(),
    ...chartedOnFirstDoseDay(),
    ...activeAtFirstDose(),
    ...documentedBeforeIndex(),
    ...ttpTransplantTmaStart(),
    ...itpHlhCharted(),
    ...itpAntiphospholipid(),
    ...ttpHlhCharted(),
    ...ttpHlhExplains(),
    ...pseudoClumpFree(),
    ...evansMarrowSpared(),
    ...evansMicroangiopathyDat(),
  ];
}
