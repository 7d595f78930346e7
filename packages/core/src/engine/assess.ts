/**
 * The pure pipeline: one normalized patient record + knowledge + evaluation time → the patient's report.
 * Adapters build records; renderers print reports; nothing here reads files or the clock.
 */

import { LAB_FACTS, type ManagementFactName } from "../contracts/management-facts.js";
import type {
  ClinicalEvent,
  Comparator,
  ContextDrug,
  Death,
  IsoDateTime,
  LabResult,
  PatientRecord,
} from "../contracts/model.js";
import type {
  AssessmentReport,
  ExposureSummary,
  Finding,
  InputError,
  KidneyFunction,
  ManagementItem,
  PatientReport,
  ScoreResult,
  UnexplainedItem,
} from "../contracts/report.js";
import type { SettingsInForce } from "../contracts/settings.js";
import type { Certainty, EventKind, TherapyClass } from "../contracts/vocabularies.js";
import type { Knowledge } from "../knowledge/knowledge.js";
import { lineIdentity } from "../knowledge/line-identity.js";
import type { ManagementFactRules } from "../knowledge/management.js";
import { withCombinationDoses } from "./combinations.js";
import { calendarDate, daysBetween, instant, isDateOnly } from "./dates.js";
import type { DetectServices } from "./detect/context.js";
import { type Detection, detectAll } from "./detect/engine.js";
import { certaintyRank } from "./detect/predicates.js";
import { anticoagulationOf } from "./grading/anticoagulation.js";
import { treatmentStart } from "./grading/baseline.js";
import {
  drugEffectOf,
  type GradingBaseline,
  gradeRecordWithUngraded,
  gradeValue,
  gradingBaseline,
} from "./grading/ctcae.js";
import { wordedEventGrade } from "./grading/ctcae-events.js";
import { sig } from "./grading/limits.js";
import { hemolysisShown } from "./hemolysis.js";
import { labCautions } from "./lab-cautions.js";
import {
  conflictedLabs,
  gradedResultNear,
  groupByLab,
  labsByIdInRecordOrder,
  latestNumeric,
  timesOf,
  usableLabs,
} from "./lab-query.js";
import { bedsideSchwartz, type ClearanceInput, ckdEpi2021, cockcroftGault } from "./manage/clearance.js";
import type { PlannedFinding } from "./manage/invariants.js";
import { kidneyReading } from "./manage/kidney-reading.js";
import {
  drugsNamed,
  type ManagementInput,
  type PatientPlanInput,
  type PlanInput,
  planPatient,
  planWorkup,
  recommendationsOf,
} from "./manage/plan.js";
import {
  beforeText,
  type PlannedEvent,
  PROCEDURE_PREFIX,
  plannedEventKinds,
  plannedProcedures,
  procedureOfLine,
  procedureSection,
} from "./manage/procedures.js";
import { sharePlanLines } from "./manage/shared-lines.js";
import { antiCd38Recent, hepatitisBEvidence, hepatitisBOnRecord } from "./on-record.js";
import { computeAllScores, computeScore, scoreEvents, scoreLabs } from "./scores/index.js";
import { withShockBesidePe, withTimelineChecks } from "./timeline-checks.js";
import { type UnexplainedInputs, unexplainedAbnormalities } from "./unexplained.js";

/** Engine identity stamped on every report, with the site settings `k` was prepared with (src/settings). */
export interface EngineInfo {
  readonly version: string;
  readonly settings: SettingsInForce;
}

/** Detection services bound to one patient, with scores memoised per (score, instant). */
export function servicesFor(record: PatientRecord, k: Knowledge): DetectServices {
  const memo = new Map<string, Map<IsoDateTime, ScoreResult | undefined>>();
  const baselines = new Map<string, GradingBaseline>();
  const lab = (id: string) => k.vocabulary.labById(id);
  const anticoagulation = anticoagulationOf(record, k.ctcae);
  const drugEffect = drugEffectOf(record, k.ctcae);
  return {
    lab,
    score(id, at) {
      let byAt = memo.get(id);
      if (!byAt) {
        byAt = new Map();
        memo.set(id, byAt);
      }
      if (!byAt.has(at)) byAt.set(at, computeScore(id, record, at, k.scores, lab));
      return byAt.get(at);
    },
    scoreLabs: (id) => scoreLabs(id, k.scores),
    scoreEvents: (id) => scoreEvents(id, k.scores),
    scoreName: (id) => k.scores.get(id)?.name ?? id,
    drugTargets: (drug) => k.drugs.drugs.find((d) => d.id === drug)?.targets ?? [],
    ctcaeGrade(term, result) {
      let b = baselines.get(result.lab);
      if (!b) {
        const list = labsByIdInRecordOrder(record.labs).get(result.lab) ?? [];
        b = gradingBaseline(list, result.lab, treatmentStart(record), lab(result.lab));
        baselines.set(result.lab, b);
      }
      const ac = anticoagulation(result.at);
      return gradeValue(term, result, b, k.ctcae, lab(result.lab), ac, drugEffect(term, result))?.grade;
    },
  };
}

const DAY = 86_400_000;
const HOUR = 3_600_000;
/**
 * Differentials whose being met means HIT is suspected; an anti-PF4 immunothrombosis without heparin
 * (spontaneous HIT, VITT-like) is managed alike: no heparin.
 */
export const HIT_DIFFERENTIALS: ReadonlySet<string> = new Set([
  "hit",
  "hit-probability",
  "anti-pf4-thrombosis",
]);

/** The facts read from context drugs on board at the evaluation (knowledge/management/facts.yaml `roles`, `withinDays`). */
type DrugOnBoardFact =
  | "antithrombotic-on-board"
  | "anticoagulant-on-board"
  | "antiplatelet-on-board"
  | "btk-inhibitor-on-board"
  | "vka-barring-drug-on-board"
  | "emicizumab-on-board"
  | "vka-on-board"
  | "doac-on-board"
  | "lmwh-on-board"
  | "doac-within-neuraxial-interval"
  | "doac-within-low-risk-interval"
  | "lmwh-within-neuraxial-interval"
  | "ufh-on-board"
  | "parenteral-thrombin-inhibitor-on-board"
  | "fondaparinux-within-neuraxial-interval"
  | "vegf-antibody-on-board"
  | "arterial-event-stopping-drug-on-board"
  | "vte-suspending-drug-on-board"
  | "vte-stopping-drug-on-board"
  | "vte-interrupting-drug-on-board"
  | "bleeding-holding-tki-on-board"
  | "cyp3a4-pgp-inhibitor-on-board"
  | "cyp3a4-pgp-inducer-on-board"
  | "moderate-cyp3a-inhibitor-on-board"
  | "strong-cyp3a-inhibitor-on-board"
  | "strong-cyp3a-inducer-on-board"
  | "moderate-cyp3a-inducer-on-board"
  | "asparaginase-on-board";

/** The first numeric result of `lab` from `from` to `to`: the value at presentation, before treatment. */
function presenting(
  labs: readonly LabResult[],
  lab: string,
  from: number,
  to: number,
): LabResult | undefined {
  let best: LabResult | undefined;
  for (const l of labs) {
    if (l.lab !== lab || typeof l.value !== "number") continue;
    const t = instant(l.at);
    if (t >= from && t <= to && (!best || t < instant(best.at))) best = l;
  }
  return best;
}

/** A charted event under way at `now`: started by then and not ended before it (no end, or an end after it). */
const currentAt = (e: ClinicalEvent, now: number) =>
  instant(e.at) <= now && (e.end === undefined || instant(e.end) > now);

/** The most recent numeric result among the latest of each of `ids` by `at`. */
function latestOf(
  labs: readonly LabResult[],
  ids: readonly string[],
  at: IsoDateTime,
): LabResult | undefined {
  return ids
    .map((id) => latestNumeric(labs, id, at))
    .filter((l): l is LabResult => l?.value !== undefined)
    .sort((x, y) => instant(y.at) - instant(x.at))[0];
}

/**
 * Kidney function as knowledge/management/facts.yaml `severe-renal-impairment` reads it. The creatinine
 * clearance (mL/min) is the latest charted one, or the Cockcroft–Gault clearance of the latest creatinine (with
 * the age at its date, the recorded sex and the body weight of the window), whichever is more recent; the
 * charted one on a tie. Severe impairment: a kidney failure current at `at` decides; else the clearance; with
 * none, the latest eGFR stands in for it; with none charted, the CKD-EPI 2021 eGFR of the same creatinine bars
 * below the cut-off only; else unknown. `reading` is what was read, with the inputs of a computed value, for the
 * report (undefined when the record holds none of it).
 */
function kidneyFunction(
  record: PatientRecord,
  labs: readonly LabResult[],
  at: IsoDateTime,
  rules: ManagementFactRules,
): {
  readonly clearance: number | undefined;
  readonly childEgfr: number | undefined;
  readonly severe: boolean | undefined;
  readonly failure: boolean;
  readonly endStage: boolean | undefined;
  readonly reading: KidneyFunction | undefined;
} {
  const rule = rules["severe-renal-impairment"];
  const schwartz = rule.bedsideSchwartz;
  const adultFrom = rule.cockcroftGault.adultFrom;
  const charted = latestOf(labs, rule.labs, at);
  const creatinine = latestNumeric(labs, rule.cockcroftGault.creatinine, at);
  const weight = latestNumeric(labs, "body-weight", at, {
    maxAgeHours: rules["body-weight"].withinDays * 24,
  });
  const height = latestNumeric(labs, schwartz.height, at, { maxAgeHours: schwartz.heightWithinDays * 24 });
  // The inputs both estimates share: a censored creatinine gives neither.
  const from =
    creatinine === undefined || creatinine.comparator
      ? undefined
      : { age: ageAt(record.birthDate, creatinine.at), sex: record.sex, creatinineMgDl: creatinine.value };
  const weightKg = weight?.comparator ? undefined : weight?.value;
  const heightCm = height?.comparator ? undefined : height?.value;
  // Without an uncensored creatinine the age is taken at the evaluation, only to name what else is missing.
  const age = from ? from.age : ageAt(record.birthDate, at);
  const estimate = cockcroftGault({ ...(from ?? {}), weightKg, sex: record.sex, age }, adultFrom);
  // A child (from the Schwartz age to below the adult equations' age): no adult equation; the bedside Schwartz eGFR
  // with a height, or nothing — its only missing input is then the height (or the creatinine).
  const child = age !== undefined && age >= schwartz.fromAge && age < adultFrom;
  const childEgfr = from ? bedsideSchwartz({ ...from, heightCm }, schwartz.fromAge, adultFrom) : undefined;
  const missing: readonly ClearanceInput[] | undefined = child
    ? [...(heightCm === undefined ? (["height"] as const) : []), ...(from ? [] : (["creatinine"] as const))]
    : estimate.missing;
  const computed = from && estimate.value;
  const useComputed =
    computed !== undefined &&
    creatinine !== undefined &&
    (charted === undefined || instant(creatinine.at) > instant(charted.at));
  const clearance = useComputed ? computed : charted?.value;
  const now = instant(at);
  const failure = record.events.filter((e) => rule.events.includes(e.kind) && currentAt(e, now));
  // A child's Schwartz eGFR is read before a charted eGFR, which a laboratory may compute by an adult equation.
  const useChild = clearance === undefined && childEgfr !== undefined;
  const standIn = clearance === undefined && !useChild ? latestOf(labs, rule.standInLabs, at) : undefined;
  // Neither a clearance nor an eGFR charted: the eGFR computed from the creatinine bars below the cut-off only.
  const egfr =
    clearance === undefined && standIn === undefined && !useChild && from
      ? ckdEpi2021(from, rule.computedEgfr.adultFrom)
      : undefined;
  const usedEgfr = egfr !== undefined && egfr < rule.below ? egfr : undefined;
  const severe =
    failure.length > 0
      ? true
      : clearance !== undefined
        ? clearance < rule.below
        : useChild
          ? childEgfr < rule.below
          : standIn?.value !== undefined
            ? standIn.value < rule.below
            : usedEgfr !== undefined
              ? true
              : undefined;
  // End-stage: the same reading against the lower cut-off; a computed eGFR at or above it proves nothing (as above).
  const endStageBelow = rule.endStageBelow;
  const endStage =
    failure.length > 0
      ? true
      : clearance !== undefined
        ? clearance < endStageBelow
        : useChild
          ? childEgfr < endStageBelow
          : standIn?.value !== undefined
            ? standIn.value < endStageBelow
            : egfr !== undefined && egfr < endStageBelow
              ? true
              : undefined;
  const reading = kidneyReading({
    rule,
    failure,
    charted: useComputed ? undefined : charted,
    creatinine,
    weight: weightKg === undefined || child ? undefined : weight,
    height: heightCm === undefined || !child ? undefined : height,
    age: from?.age,
    sex: record.sex,
    clearance: useComputed ? computed : undefined,
    missing,
    standIn,
    egfr: usedEgfr,
    childEgfr: useChild ? childEgfr : undefined,
    child,
    severe,
  });
  return {
    clearance,
    childEgfr: child ? childEgfr : undefined,
    severe,
    failure: failure.length > 0,
    endStage,
    reading,
  };
}

/**
 * Hepatic impairment as knowledge/management/facts.yaml `hepatic-impairment` reads it, graded by the Child-Pugh
 * class: a current cirrhosis or liver failure is impairment unless every one is charted Child-Pugh A and the
 * latest bilirubin, albumin and INR do not already reach class B; unknown with none charted.
 */
function hepaticImpairment(
  events: readonly ClinicalEvent[],
  labs: readonly LabResult[],
  at: IsoDateTime,
  rule: ManagementFactRules["hepatic-impairment"],
): boolean | undefined {
  const now = instant(at);
  const liver = events.filter(
    (e) =>
      e.kind === rule.event && rule.qualifiers.some((q) => e.qualifiers?.includes(q)) && currentAt(e, now),
  );
  if (liver.length === 0) return undefined;
  const points = rule.labPoints.reduce((sum, p) => {
    const v = latestNumeric(labs, p.lab, at)?.value;
    if (v === undefined) return sum + 1;
    const beyond = (x: number, limit: number) => (p.rising ? x > limit : x < limit);
    const from = (x: number, limit: number) => (p.rising ? x >= limit : x <= limit);
    return sum + (beyond(v, p.three) ? 3 : from(v, p.two) ? 2 : 1);
  }, rule.unmeasuredPoints);
  if (points >= rule.classBFrom) return true;
  return !liver.every((e) => e.qualifiers?.includes(rule.classA) && !e.qualifiers.includes(rule.neverClassA));
}

/**
 * Active liver injury as knowledge/management/facts.yaml `active-liver-injury` reads it: for each marker the
 * latest result of its labs drawn in the last `withinDays` days, above `aboveUln` times its upper limit (the
 * laboratory's range, else the catalogue's); a marker with `unlessHemolysis` is left out while `hemolysis`
 * holds. Unknown when none of the labs was drawn in the window.
 */
function activeLiverInjury(
  labs: readonly LabResult[],
  at: IsoDateTime,
  rule: ManagementFactRules["active-liver-injury"],
  hemolysis: boolean,
  reference: (lab: string) => { readonly low?: number; readonly high?: number } | undefined,
): boolean | undefined {
  const now = instant(at);
  const since = now - rule.withinDays * DAY;
  let drawn = false;
  for (const m of rule.markers) {
    for (const id of m.labs) {
      const l = latestNumeric(labs, id, at);
      if (l?.value === undefined || instant(l.at) < since) continue;
      drawn = true;
      if (beyondLimit(l, m, reference(id)) && !(m.unlessHemolysis && hemolysis)) return true;
    }
  }
  return drawn ? false : undefined;
}

/**
 * Whether a result lies below `belowLln` × its lower or above `aboveUln` × its upper limit (the laboratory's
 * range, else the catalogue's `reference`). `sig`: a cut-off times the limit compares as written (1.5 × 1.2 is
 * 1.8, not 1.7999999999999998).
 */
function beyondLimit(
  l: LabResult,
  m: { readonly belowLln?: number; readonly aboveUln?: number },
  reference: { readonly low?: number; readonly high?: number } | undefined,
): boolean {
  if (l.value === undefined) return false;
  if (m.belowLln !== undefined) {
    const lln = l.refLow ?? reference?.low;
    return lln !== undefined && l.value < sig(m.belowLln * lln);
  }
  const uln = l.refHigh ?? reference?.high;
  return uln !== undefined && m.aboveUln !== undefined && l.value > sig(m.aboveUln * uln);
}

/**
 * Solid-phase antiphospholipid antibodies as knowledge/management/facts.yaml `antiphospholipid-antibody-positive`
 * reads them: at least `min` groups (anticardiolipin, anti-β2-glycoprotein I) with a result of any of their labs,
 * up to the evaluation, above the medium-or-high titre cut-off or read as positive. A censored `<` or `<=`
 * value is never above the cut-off.
 */
function solidPhaseAntibodies(
  labs: readonly LabResult[],
  rule: ManagementFactRules["antiphospholipid-antibody-positive"]["solidPhase"],
  now: number,
): boolean {
  if (!rule) return false;
  const positive = (l: LabResult) =>
    l.qualitative === "positive" ||
    (l.value !== undefined && l.comparator !== "<" && l.comparator !== "<=" && l.value > rule.above);
  const groups = rule.groups.filter((g) =>
    labs.some((l) => g.labs.includes(l.lab) && instant(l.at) <= now && positive(l)),
  );
  return groups.length >= rule.min;
}

/**
 * iTTP clinical remission (Cuker 2021) as knowledge/management/facts.yaml `ttp-clinical-remission` reads it:
 * platelets and LDH back to normal, drawn the sustained interval after onset, with no plasma within it; an
 * ADAMTS13 relapse is a low activity in that remission.
 */
function ttpRemission(
  labs: readonly LabResult[],
  record: PatientRecord,
  at: IsoDateTime,
  onset: number,
  k: Knowledge,
) {
  const rem = k.managementFacts["ttp-clinical-remission"];
  const now = instant(at);
  const inRemissionWindow = (l: LabResult | undefined): l is LabResult =>
    l?.value !== undefined && instant(l.at) >= onset + rem.sustainedDays * DAY;
  const remPlatelets = latestNumeric(labs, "platelets", at);
  const remLdh = latestNumeric(labs, "ldh", at);
  const ldhUln = remLdh ? (remLdh.refHigh ?? k.vocabulary.labById("ldh")?.reference?.high) : undefined;
  const plasmaRecently = record.events.some(
    (e) =>
      e.kind === rem.plasmaEvent && instant(e.at) >= now - rem.sustainedDays * DAY && instant(e.at) <= now,
  );
  const clinicalRemission =
    inRemissionWindow(remPlatelets) &&
    (remPlatelets.value ?? 0) >= rem.plateletsAtLeast &&
    inRemissionWindow(remLdh) &&
    ldhUln !== undefined &&
    (remLdh.value ?? Number.POSITIVE_INFINITY) < rem.ldhBelowUln * ldhUln &&
    !plasmaRecently;
  const remAdamts13 = latestNumeric(labs, "adamts13-activity", at);
  const adamts13Relapse =
    clinicalRemission &&
    inRemissionWindow(remAdamts13) &&
    (remAdamts13.value ?? 100) < rem.adamts13RelapseBelow;
  return { clinicalRemission, adamts13Relapse };
}

/**
 * What the facts read of the episode a plan is for: a finding, or the excluded episode a named unexplained
 * pattern is listed for (its index as onset).
 */
type FactsEpisode = Pick<Detection, "certainty"> & {
  /** The onset, with the drug it is attributed to when the finding names one. */
  readonly onset?: { readonly date: IsoDateTime; readonly drug?: string } | undefined;
  readonly differentials: readonly Pick<Detection["differentials"][number], "id" | "status" | "effect">[];
  /** The finding's criteria (a named pattern or a single abnormality has none: no recurrence on re-exposure). */
  readonly criteria?: readonly Pick<Detection["criteria"][number], "id" | "status">[];
  /**
   * The finding's episode scores; for a single abnormality, the patient's scores at the evaluation (those its
   * `besideScore` reads); a named pattern has none.
   */
  readonly scores?: readonly Pick<Detection["scores"][number], "id" | "value">[];
};

/**
 * A 4Ts score now that is incomplete (so it may still reach intermediate or high: a low one is decided) with
 * a platelet fall already seen since the heparin start. ASH 2018 stops heparin at intermediate or high, so
 * until the score is completed HIT is managed as suspected: no plan raises heparin over a possible HIT. A
 * heparin started with no count since, or a count that shows no fall, is not enough.
 */
function hitOpen(fourTs: ScoreResult | undefined): boolean {
  const fall = fourTs?.components.thrombocytopenia;
  return fourTs?.category === "incomplete" && fall !== undefined && fall !== 0;
}

/** An open 4Ts (see {@link hitOpen}) whose certain points are under 4: it may still be low (0–3, Cuker 2012). */
function hitCouldBeLow(fourTs: ScoreResult | undefined): boolean {
  return hitOpen(fourTs) && (fourTs?.value ?? 0) < 4;
}

/**
 * The facts of the charted drug allergies (knowledge/management/facts.yaml drug-hypersensitivity) from the
 * drug-hypersensitivity events up to the evaluation: each drug's fact from the allergies that are not resolved
 * (an inactive one still bars the drug: no reassessment is charted), the resolved fact while a resolved allergy
 * names a drug no other allergy bars, and the inactive fact for an inactive one.
 *
 * @example
 * allergyFacts(rule, [{ kind: "drug-hypersensitivity", qualifiers: ["heparin", "resolved"], … }])
 * // → { "heparin-hypersensitivity": false, …, "drug-allergy-resolved": true, "drug-allergy-inactive": false }
 */
function allergyFacts(
  rule: ManagementFactRules["drug-hypersensitivity"],
  events: readonly ClinicalEvent[],
): Partial<Record<ManagementFactName, boolean>> {
  const has = (e: ClinicalEvent, q: string) => e.qualifiers?.includes(q) === true;
  const { resolved, inactive } = rule.statuses;
  const standing = events.filter((e) => !has(e, resolved.qualifier));
  const tags = [...new Set(rule.facts.map((f) => f.tag))];
  return {
    ...Object.fromEntries(
      rule.facts.map((f) => [
        f.fact,
        standing.some((e) => has(e, f.tag) && (!f.severeOnly || has(e, rule.severe))),
      ]),
    ),
    [resolved.fact]: events.some(
      (e) => has(e, resolved.qualifier) && tags.some((t) => has(e, t) && !standing.some((s) => has(s, t))),
    ),
    [inactive.fact]: standing.some((e) => has(e, inactive.qualifier)),
  };
}

/**
 * Clinical facts the management rules are conditioned on, read as knowledge/management/facts.yaml says:
 * events and results of the episode, the latest counts now, and the presenting value of the results a
 * guideline reads at presentation (ADAMTS13 before plasma exchange, the Bethesda titre at diagnosis).
 * `hit` (suspected, and whether only by a 4Ts that may still be low) and `inPatient` are the patient's; `overtDicSince(from)` is the patient's most
 * recent decided ISTH overt DIC score (overt or not overt) at a coagulation result from `from` on.
 */
/**
 * The positive HIT antibody results on record by `now` that count as a HIT on record (knowledge/management/facts.yaml
 * hit-history): every positive functional assay (SRA, HIPA: it confirms HIT), and every positive immunoassay with no
 * negative functional assay within `negativeWithinDays` of it (ASH 2018: a negative functional assay after a positive
 * immunoassay rules HIT out; a later one is the antibodies' decline).
 */
function hitPositives(
  labs: readonly LabResult[],
  rule: {
    readonly labs: readonly string[];
    readonly functionalLabs: readonly string[];
    readonly negativeWithinDays: number;
  },
  now: number,
): LabResult[] {
  const ruledOut = (l: LabResult) =>
    labs.some(
      (n) =>
        rule.functionalLabs.includes(n.lab) &&
        n.qualitative === "negative" &&
        instant(n.at) <= now &&
        Math.abs(instant(n.at) - instant(l.at)) <= rule.negativeWithinDays * DAY,
    );
  return labs.filter(
    (l) =>
      l.qualitative === "positive" &&
      instant(l.at) <= now &&
      (rule.functionalLabs.includes(l.lab) || (rule.labs.includes(l.lab) && !ruledOut(l))),
  );
}

function managementFacts(
  d: FactsEpisode,
  record: PatientRecord,
  labs: readonly LabResult[],
  at: IsoDateTime,
  k: Knowledge,
  hit: {
    readonly suspected: boolean;
    readonly couldBeLow: boolean;
    /** A past fall read as a HIT on record, in words with its date; undefined: none. */
    readonly pastFall: string | undefined;
  },
  inPatient: {
    readonly "immune-thrombocytopenia": boolean;
    readonly ttp: boolean;
    readonly "acquired-haemophilia": boolean;
    readonly "acquired-haemophilia-suspected": boolean;
    readonly "carhlh-in-patient": boolean;
    readonly "carac-in-patient": boolean;
    readonly "thrombosis-in-patient": boolean;
    readonly "tma-not-ttp": boolean;
  },
  overtDicSince: (from: number) => ScoreResult | undefined,
  grade: DetectServices["ctcaeGrade"],
  kidney: ReturnType<typeof kidneyFunction>,
) {
  const rules = k.managementFacts;
  const onset = d.onset ? instant(d.onset.date) : Number.NEGATIVE_INFINITY;
  const now = instant(at);
  const from = onset + rules.recent.startDay * DAY;
  // The episode's most recent ISTH score, whenever its panel was drawn: a panel older than the score's
  // 24-hour window still decides (an overt DIC of three days ago is not "unknown" today).
  const overtDic = overtDicSince(from);
  const inEpisode = (iso: IsoDateTime) => instant(iso) >= from && instant(iso) <= now;
  const recent = record.events.filter((e) => inEpisode(e.at));
  const { clearance, severe: renal, failure: kidneyFailure, endStage } = kidney;
  // The body weight of the window (facts.yaml body-weight), for a low dose written per kilogram.
  const bodyWeight = latestNumeric(labs, "body-weight", at, {
    maxAgeHours: rules["body-weight"].withinDays * 24,
  });
  const weightKg = bodyWeight?.comparator ? undefined : bodyWeight?.value;
  const bleeding = recent.filter((e) => e.kind === "bleeding");
  // A thrombosis charted in the 30 days before the onset is still this episode's (facts.yaml thrombosis-history: the
  // boundary of a past one), not only from the episode's 14-day look-back: a DVT 20 days before an acquired
  // haemophilia was neither current nor past, and the AHA plan offered aPCC, which its label contraindicates in
  // acute thrombosis.
  const thrombosisFrom = Math.min(from, onset - rules["thrombosis-history"].beforeOnsetDays * DAY);
  const thromboses = record.events.filter(
    (e) => e.kind === "thrombosis" && instant(e.at) > thrombosisFrom && instant(e.at) <= now,
  );
  const hemolysis = hemolysisShown(rules.hemolysis, labs, record.events, inEpisode, (l, m) =>
    beyondLimit(l, m, k.vocabulary.labById(l.lab)?.reference),
  );
  const lt = rules["life-threatening-bleeding"];
  const major = rules["major-bleeding"];
  /** A bleed at one of the rule's sites beside a result of its lab at the rule's grade. */
  const besideLab = (e: ClinicalEvent, rule: (typeof major)["withLab"]) =>
    rule !== undefined && has(e, rule.sites) && gradedResultNear(labs, e.at, rule, grade, e.end);
  /** The context drugs of these roles taken at some time from `from` to `to` (a course without an end is ongoing). */
  const takenDrugs = (roles: readonly string[], from: number, to: number) =>
    record.contextDrugs.filter(
      (c) =>
        c.roles.some((r) => roles.includes(r)) &&
        instant(c.start) <= to &&
        (c.end === undefined || instant(c.end) >= from),
    );
  const taken = (roles: readonly string[], from: number, to: number) =>
    takenDrugs(roles, from, to).length > 0;
  /** A context drug by its INN as the catalogue writes it (`nirmatrelvir-ritonavir` → "nirmatrelvir and ritonavir"). */
  const innOf = (id: string) => k.drugs.contextDrugs.find((d) => d.id === id)?.inn ?? id;
  /**
   * The dose a day of a context drug's record in `unit`: an order's or statement's as its dosage gives it; an
   * administration's, the doses of that drug given in the 24 hours up to it added up (each must give its dose in
   * that unit, else the day is unknown); undefined when the record gives no dose.
   */
  const dosePerDay = (c: ContextDrug, unit: string): number | undefined => {
    if (c.dose === undefined || c.dose.unit !== unit) return undefined;
    if (c.dose.perDay !== undefined) return c.dose.perDay;
    // One administration (its end is its start): the administrations of the drug in the 24 hours up to it.
    const single = (x: ContextDrug) => x.end === x.start;
    if (!single(c)) return undefined;
    const at = instant(c.start);
    let sum = 0;
    for (const x of record.contextDrugs) {
      if (x.drug !== c.drug || !single(x) || instant(x.start) > at || instant(x.start) <= at - DAY) continue;
      if (x.dose === undefined || x.dose.unit !== unit) return undefined;
      sum += x.dose.amount;
    }
    return Number(sum.toPrecision(12));
  };
  /**
   * The context drugs of the rule's roles taken at the evaluation or within its last `withinDays` days.
   * A last day written without a time may have been given as late as the end of that day: for a drug on
   * board (a safety fact: reversal, a DOAC interaction) it is read so, and the drug is named with the time
   * unknown when that reading is what keeps it on board (at midnight it would have fallen out).
   */
  const drugsOnBoard = (rule: {
    readonly roles: readonly string[];
    readonly exceptRoles?: readonly string[] | undefined;
    readonly withinDays: number;
    readonly longer?:
      | {
          readonly role: string;
          readonly withinDays: number;
          readonly byClearance?:
            | readonly { readonly atLeast: number; readonly withinDays: number }[]
            | undefined;
        }
      | undefined;
    readonly lowDose?:
      | {
          readonly doses: readonly {
            readonly drug: string;
            readonly upToPerDay: number;
            readonly unit: string;
            readonly upToPerKgPerDay?: number | undefined;
          }[];
          readonly withinHours: number;
          readonly byClearance?:
            | readonly { readonly atLeast: number; readonly withinHours: number }[]
            | undefined;
        }
      | undefined;
    readonly fromMajorBleed?: boolean | undefined;
  }) => {
    // The window runs back from the evaluation, or from the earliest major bleed of the episode when the rule
    // counts it from the bleed (knowledge/management/facts.yaml `fromMajorBleed`).
    const anchor =
      rule.fromMajorBleed === true ? Math.min(now, ...majorBleeds.map((e) => instant(e.at))) : now;
    const sure = new Set<string>();
    const timeUnknown = new Map<string, string>();
    const { longer } = rule;
    // The longer role's window by the creatinine clearance, when the rule tiers it: the drug is named with the
    // clearance read and the hours it gives, or with what is missing and the longest window.
    const byClearance = <T extends { readonly atLeast: number }>(tiers: readonly T[] | undefined) =>
      tiers?.find((t) => clearance !== undefined && clearance >= t.atLeast);
    const longerDays = byClearance(longer?.byClearance)?.withinDays ?? longer?.withinDays ?? rule.withinDays;
    const missing = kidney.reading?.missing;
    /** The clearance read and the hours it gives, or what is missing and the longest interval. */
    const clearanceSaid = (hours: number, unknown = "the longest interval") =>
      clearance !== undefined
        ? ` (creatinine clearance ${Math.round(clearance)} mL/min: ${hours} hours)`
        : ` (no creatinine clearance on record, ${missing !== undefined && missing.length > 0 ? `no ${missing.join(", ")} to compute one` : "nor the creatinine, age, sex and weight to compute one"}: ${unknown}, ${hours} hours)`;
    const { lowDose } = rule;
    for (const c of record.contextDrugs) {
      if (!c.roles.some((r) => rule.roles.includes(r)) || instant(c.start) > now) continue;
      if (rule.exceptRoles?.some((r) => (c.roles as readonly string[]).includes(r))) continue;
      const isLonger = longer !== undefined && (c.roles as readonly string[]).includes(longer.role);
      const treatmentHours = (isLonger ? longerDays : rule.withinDays) * 24;
      const clearanceTiered = isLonger && longer?.byClearance !== undefined;
      // A drug whose low (prophylactic) dose has a shorter window: the dose a day read from the record decides.
      // The bound in the unit the record gives the dose in, else the drug's first (its dose then reads as unknown).
      const bounds = lowDose?.doses.filter((x) => x.drug === c.drug) ?? [];
      const low = bounds.find((x) => x.unit === c.dose?.unit) ?? bounds[0];
      const perDay = low === undefined ? undefined : dosePerDay(c, low.unit);
      // A bound also written per kilogram needs the weight of the window: without it the dose is not read as low.
      const perKgBound =
        low?.upToPerKgPerDay === undefined
          ? undefined
          : weightKg === undefined
            ? 0
            : low.upToPerKgPerDay * weightKg;
      const isLow =
        low !== undefined &&
        perDay !== undefined &&
        perDay <= low.upToPerDay &&
        (perKgBound === undefined || perDay <= perKgBound);
      const hours = isLow
        ? (byClearance(lowDose?.byClearance)?.withinHours ?? lowDose?.withinHours ?? treatmentHours)
        : treatmentHours;
      const unitSaid = low?.unit === "[iU]" ? "units" : low?.unit;
      const perKgSaid =
        low?.upToPerKgPerDay === undefined || perDay === undefined
          ? ""
          : weightKg === undefined
            ? `, no body weight on record to read it per kilogram`
            : `, ${Math.round(perDay / weightKg)} ${unitSaid}/kg at ${weightKg} kg`;
      const doseSaid =
        low === undefined
          ? ""
          : perDay === undefined
            ? " (no dose on record that gives the dose a day: the treatment dose's interval"
            : ` (${perDay} ${unitSaid} a day${perKgSaid}: ${isLow ? "a prophylactic" : "a treatment"} dose`;
      const name =
        low !== undefined
          ? `${innOf(c.drug)}${doseSaid}${clearanceTiered || lowDose?.byClearance !== undefined ? `)${clearanceSaid(hours, isLow ? "the longer interval" : undefined)}` : `, ${hours} hours)`}`
          : clearanceTiered
            ? `${innOf(c.drug)}${clearanceSaid(hours)}`
            : innOf(c.drug);
      const since = anchor - hours * HOUR;
      if (c.end === undefined || instant(c.end) >= since) sure.add(name);
      else if (isDateOnly(c.end) && instant(c.end) + DAY > since && c.end > (timeUnknown.get(name) ?? ""))
        timeUnknown.set(name, c.end); // the latest such day
    }
    const named = new Set(sure);
    for (const [inn, day] of timeUnknown)
      if (!sure.has(inn))
        named.add(`${inn} (last given on ${day}, time not recorded: read as up to the end of that day)`);
    return [...named];
  };
  const onBoardDrugs: Record<string, readonly string[]> = {};
  /** Whether a context drug of the rule's roles is on board (the drugs are kept to be named in the plan). */
  const onBoard = (fact: DrugOnBoardFact) => {
    const drugs = drugsOnBoard(rules[fact]);
    if (drugs.length > 0) onBoardDrugs[fact] = drugs;
    return drugs.length > 0;
  };
  const risk = rules["high-thrombus-progression-risk"];
  const highRiskPe = rules["high-risk-pulmonary-embolism"];
  const arterial = rules["arterial-thrombosis"];
  const anticoagulated = rules["anticoagulated-at-onset"];
  const steroidAtOnset = rules["corticosteroid-at-onset"];
  const nbte = rules.nbte;
  const superficial = rules["superficial-thrombosis-only"];
  const hitHistory = rules["hit-history"];
  const hypersensitivity = rules["drug-hypersensitivity"];
  const infection = rules["severe-infection"];
  const antiphospholipid = rules["antiphospholipid-antibody-positive"];
  // An event of the kinds charted at any time up to the evaluation, ended or not: antiphospholipid syndrome, confirmed
  // or suspected, is a lifelong state (knowledge/management/facts.yaml).
  const chartedEver = (kinds: readonly EventKind[]) =>
    record.events.some((e) => kinds.includes(e.kind) && instant(e.at) <= now);
  const culpritTargets = rules["culprit-anti-cd20"].targets;
  // An anti-CD38 antibody given by the evaluation whose last dose falls within the window (calendar days, the day of
  // the evaluation counted as 0): the drugs are kept to be named in the plan, as the drugs on board are.
  // Read as the CDS service's order cards read it (engine/on-record.ts).
  // An irAE that ends the checkpoint inhibitor for good (knowledge/management/facts.yaml ici-stopping-irae): an event
  // of the rule's kinds charted on or after the first checkpoint-inhibitor dose and by the evaluation, unless charted
  // below the rule's grade. Named, with its day, in the stop line it brings.
  const stoppingRule = rules["ici-stopping-irae"];
  const firstIci = Math.min(
    ...record.exposures.filter((e) => e.class === "ici").map((e) => instant(e.first)),
  );
  const stoppingIraes = record.events
    .filter(
      (e) =>
        stoppingRule.events.includes(e.kind) &&
        instant(e.at) >= firstIci &&
        instant(e.at) <= now &&
        (e.grade === undefined || e.grade >= stoppingRule.gradeAtLeast),
    )
    .map((e) => `${e.text ?? e.kind} (charted ${e.at.slice(0, 10)})`);
  if (stoppingIraes.length > 0) onBoardDrugs["ici-stopping-irae"] = [...new Set(stoppingIraes)];
  const antiCd38Given = antiCd38Recent(record.exposures, k, at).map((e) => e.drug);
  if (antiCd38Given.length > 0) onBoardDrugs["anti-cd38-antibody-recent"] = antiCd38Given;
  // A drug whose own label rule the plan transcribes, in the record by the evaluation (as the therapy classes are
  // read); an engager none of those rules covers keeps the generic line (knowledge/management/facts.yaml).
  const givenDrugs = record.exposures.filter((e) => instant(e.first) <= now);
  const onRecord = (drugs: readonly string[]) => givenDrugs.some((e) => drugs.includes(e.drug));
  const labelRead = new Set(rules["engager-platelet-label-unread"].readIn.flatMap((f) => rules[f].drugs));
  const culprit = d.onset ? k.drugs.drugs.find((x) => x.id === d.onset?.drug) : undefined;
  // A prior episode on record: a past episode charted as such by the evaluation, or an episode of the disorder
  // charted at least `beforeOnsetDays` before this finding's onset.
  const pastEpisode = (rule: {
    readonly events: readonly EventKind[];
    readonly earlierEvents: readonly EventKind[];
    readonly beforeOnsetDays: number;
    readonly unlessQualifiers: readonly string[];
  }) =>
    record.events.some(
      (e) =>
        !has(e, rule.unlessQualifiers) &&
        (rule.events.includes(e.kind)
          ? instant(e.at) <= now
          : rule.earlierEvents.includes(e.kind) && instant(e.at) <= onset - rule.beforeOnsetDays * DAY),
    );
  const { clinicalRemission, adamts13Relapse } = ttpRemission(labs, record, at, onset, k);
  const differentialMet = (rule: { readonly differentials: readonly string[] }) =>
    d.differentials.some((x) => rule.differentials.includes(x.id) && x.status === "met");
  const has = (e: ClinicalEvent, qualifiers: readonly string[]) =>
    qualifiers.some((q) => e.qualifiers?.includes(q));
  // A charted condition current now (true), else unknown: its absence from the record is not its absence.
  const currentCondition = (rule: { readonly event: EventKind; readonly qualifiers: readonly string[] }) =>
    record.events.some((e) => e.kind === rule.event && has(e, rule.qualifiers) && currentAt(e, now)) ||
    undefined;
  // A charted event at or before the evaluation, at most `withinDays` before it when the rule bounds it.
  const chartedWithin = (rule: {
    readonly event: EventKind;
    readonly qualifiers: readonly string[];
    readonly withinDays?: number | undefined;
    readonly current?: boolean | undefined;
  }) =>
    record.events.some(
      (e) =>
        e.kind === rule.event &&
        has(e, rule.qualifiers) &&
        instant(e.at) <= now &&
        (rule.withinDays === undefined || now - instant(e.at) <= rule.withinDays * DAY) &&
        (rule.current !== true || currentAt(e, now)),
    );
  // An event of the kind at or before the evaluation and at most `withinDays` before it, with one of the rule's
  // qualifiers when it names any (an operation, a gastrointestinal perforation).
  // A planned procedure whose own day is written (its `end`, rule `plannedDay`) is weighed by that day instead: from
  // the evaluation's day to `withinDays` days after it (calendar days); one whose day has passed is no plan now.
  const eventWithin = (rule: {
    readonly event: EventKind;
    readonly qualifiers: readonly string[];
    readonly withinDays: number;
    readonly plannedDay?: boolean | undefined;
  }) =>
    record.events.some(
      (e) =>
        e.kind === rule.event &&
        (rule.qualifiers.length === 0 || has(e, rule.qualifiers)) &&
        instant(e.at) <= now &&
        (rule.plannedDay === true && e.end !== undefined
          ? daysBetween(at, e.end) >= 0 && daysBetween(at, e.end) <= rule.withinDays
          : now - instant(e.at) <= rule.withinDays * DAY),
    );
  // A differential that lowers the finding holds first-line treatment, except the chronic causes beside a new
  // fall that knowledge/management/facts.yaml lists (they still lower the finding and name their work-up).
  const competing = d.differentials.some(
    (x) => x.effect === "lower" && x.status === "met" && !rules["competing-cause"].notHolding.includes(x.id),
  );
  const age = ageAt(record.birthDate, d.onset ? d.onset.date : at);
  // A pregnancy, or breastfeeding, charted and current (knowledge/management/facts.yaml pregnancy, breastfeeding): an
  // event of the rule's kinds within its window and not ended; true, or unknown; false for a man.
  const womanNow = (rule: { readonly events: readonly string[]; readonly withinDays: number }) =>
    record.sex === "male"
      ? false
      : record.events.some(
          (e) =>
            rule.events.includes(e.kind) && currentAt(e, now) && now - instant(e.at) <= rule.withinDays * DAY,
        ) || undefined;
  // A pregnancy test within the pregnancy window: the latest positive (qualitative) or above the laboratory's own upper
  // limit (quantitative) is a pregnancy; a negative one is not read either way.
  const preg = rules.pregnancy;
  const latestTest = labs
    .filter(
      (l) =>
        preg.labs.includes(l.lab) && instant(l.at) <= now && now - instant(l.at) <= preg.withinDays * DAY,
    )
    .sort((x, y) => instant(y.at) - instant(x.at))[0];
  const testPositive =
    latestTest !== undefined &&
    (latestTest.qualitative === "positive" ||
      (latestTest.value !== undefined &&
        latestTest.refHigh !== undefined &&
        latestTest.value > latestTest.refHigh));
  const pregnant = record.sex === "male" ? false : womanNow(preg) || testPositive || undefined;
  // Within 6 weeks of a delivery with no breastfeeding charted, she may breastfeed: read as breastfeeding (LMWH or
  // warfarin, no DOAC) until she is asked (knowledge/management/facts.yaml postpartum).
  const postpartum = womanNow(rules.postpartum);
  const breastfeeding = postpartum === true ? true : womanNow(rules.breastfeeding);
  // Body weight and BMI are read within a window (knowledge/management/facts.yaml body-weight): an old weight or
  // an undated BMI is unknown, and the plans say the weight is to be checked.
  const bodyWindowMs = rules["body-weight"].withinDays * DAY;
  const bmiNow =
    record.bmi !== undefined &&
    record.bmiAt !== undefined &&
    instant(record.bmiAt) <= now &&
    now - instant(record.bmiAt) <= bodyWindowMs
      ? record.bmi
      : undefined;
  // Each major bleed (grade, critical site, a transfusion for a bleed at a transfused site, or a haemoglobin below
  // the cut-off beside it): "major-bleeding-ended" reads only these, so a minor bleed still under way beside an
  // ended major one calls for no reversal.
  const transfusedMajor = (e: ClinicalEvent) =>
    major.transfused !== undefined &&
    has(e, major.transfused.sites) &&
    recent.some((r) => major.transfused?.events.includes(r.kind) ?? false);
  const majorBleeds = bleeding.filter(
    (e) =>
      (e.grade ?? 0) >= major.minGrade ||
      has(e, major.qualifiers) ||
      transfusedMajor(e) ||
      besideLab(e, major.withLab),
  );
  // The HIT on record in words with its date (a charted HIT, a past HIT noted, a positive PF4/heparin antibody that no
  // negative functional assay ruled out, a positive functional assay, a past fall on heparin), named after each line that requires it, so the clinician can check what bars heparin.
  const hitOnRecord = [
    ...new Set([
      ...record.events
        .filter(
          (e) =>
            hitHistory.events.includes(e.kind) &&
            instant(e.at) <= now &&
            !has(e, hitHistory.unlessQualifiers),
        )
        .map((e) => `${e.kind === "hit" ? "HIT charted" : "past HIT noted"} ${calendarDate(e.at)}`),
      ...hitPositives(labs, hitHistory, now).map(
        (l) =>
          `positive ${hitHistory.functionalLabs.includes(l.lab) ? "HIT functional assay" : "PF4/heparin antibody"} ${calendarDate(l.at)}`,
      ),
      ...(hit.pastFall !== undefined ? [hit.pastFall] : []),
    ]),
  ];
  if (hitOnRecord.length > 0) onBoardDrugs["hit-history"] = hitOnRecord;
  const facts: Record<string, boolean | number | undefined> = {
    bmi: bmiNow,
    bleeding: bleeding.length > 0,
    "bleeding-ended": bleeding.length > 0 && bleeding.every((e) => !currentAt(e, now)),
    "major-bleeding-ended": majorBleeds.length > 0 && majorBleeds.every((e) => !currentAt(e, now)),
    "life-threatening-bleeding": bleeding.some((e) => (e.grade ?? 0) >= lt.minGrade || has(e, lt.qualifiers)),
    "major-bleeding": majorBleeds.length > 0,
    thrombosis: thromboses.length > 0,
    "antithrombotic-on-board": onBoard("antithrombotic-on-board"),
    "anticoagulant-on-board": onBoard("anticoagulant-on-board"),
    "antiplatelet-on-board": onBoard("antiplatelet-on-board"),
    "btk-inhibitor-on-board": onBoard("btk-inhibitor-on-board"),
    "vka-barring-drug-on-board": onBoard("vka-barring-drug-on-board"),
    "emicizumab-on-board": onBoard("emicizumab-on-board"),
    "vka-on-board": onBoard("vka-on-board"),
    "doac-on-board": onBoard("doac-on-board"),
    "lmwh-on-board": onBoard("lmwh-on-board"),
    "doac-within-neuraxial-interval": onBoard("doac-within-neuraxial-interval"),
    "doac-within-low-risk-interval": onBoard("doac-within-low-risk-interval"),
    "lmwh-within-neuraxial-interval": onBoard("lmwh-within-neuraxial-interval"),
    "ufh-on-board": onBoard("ufh-on-board"),
    "parenteral-thrombin-inhibitor-on-board": onBoard("parenteral-thrombin-inhibitor-on-board"),
    "fondaparinux-within-neuraxial-interval": onBoard("fondaparinux-within-neuraxial-interval"),
    "vegf-antibody-on-board": onBoard("vegf-antibody-on-board"),
    "arterial-event-stopping-drug-on-board": onBoard("arterial-event-stopping-drug-on-board"),
    "vte-suspending-drug-on-board": onBoard("vte-suspending-drug-on-board"),
    "vte-stopping-drug-on-board": onBoard("vte-stopping-drug-on-board"),
    "vte-interrupting-drug-on-board": onBoard("vte-interrupting-drug-on-board"),
    "bleeding-holding-tki-on-board": onBoard("bleeding-holding-tki-on-board"),
    "cyp3a4-pgp-inhibitor-on-board": onBoard("cyp3a4-pgp-inhibitor-on-board"),
    "cyp3a4-pgp-inducer-on-board": onBoard("cyp3a4-pgp-inducer-on-board"),
    "moderate-cyp3a-inhibitor-on-board": onBoard("moderate-cyp3a-inhibitor-on-board"),
    "strong-cyp3a-inhibitor-on-board": onBoard("strong-cyp3a-inhibitor-on-board"),
    "strong-cyp3a-inducer-on-board": onBoard("strong-cyp3a-inducer-on-board"),
    "moderate-cyp3a-inducer-on-board": onBoard("moderate-cyp3a-inducer-on-board"),
    "asparaginase-on-board": onBoard("asparaginase-on-board"),
    "arterial-thrombosis": thromboses.some((e) => has(e, arterial.unlessQualifiers))
      ? false
      : thromboses.some((e) => has(e, arterial.qualifiers))
        ? true
        : undefined,
    nbte: thromboses.some((e) => has(e, nbte.qualifiers)),
    "intracardiac-thrombus": thromboses.some((e) => has(e, rules["intracardiac-thrombus"].qualifiers)),
    "arterial-event": thromboses.some((e) => has(e, rules["arterial-event"].qualifiers)),
    "superficial-thrombosis-only":
      thromboses.length > 0 && thromboses.every((e) => has(e, superficial.qualifiers)),
    "cerebral-venous-thrombosis": thromboses.some((e) =>
      has(e, rules["cerebral-venous-thrombosis"].qualifiers),
    ),
    "cerebral-venous-thrombosis-only":
      thromboses.length > 0 &&
      thromboses.every((e) => has(e, rules["cerebral-venous-thrombosis-only"].qualifiers)),
    "high-thrombus-progression-risk": thromboses.some(
      (e) => now - instant(e.at) <= risk.withinDays * DAY && has(e, risk.qualifiers),
    ),
    "high-risk-pulmonary-embolism": thromboses.some(
      (e) =>
        has(e, highRiskPe.qualifiers) &&
        ((e.grade ?? 0) >= highRiskPe.minGrade || has(e, highRiskPe.orQualifiers)),
    ),
    "anticoagulated-at-onset": [
      onset,
      ...(anticoagulated.atRecurrence ? thromboses.map((e) => instant(e.at)).filter((t) => t > onset) : []),
    ].some((t) =>
      taken(anticoagulated.roles, t + anticoagulated.startDay * DAY, t + anticoagulated.endDay * DAY),
    ),
    "corticosteroid-at-onset": taken(
      steroidAtOnset.roles,
      onset + steroidAtOnset.startDay * DAY,
      onset + steroidAtOnset.endDay * DAY,
    ),
    "thrombocytopenia-charted-without-count":
      recent.some((e) => rules["thrombocytopenia-charted-without-count"].events.includes(e.kind)) &&
      latestNumeric(labs, "platelets", at) === undefined,
    "aha-charted-without-results":
      recent.some((e) => rules["aha-charted-without-results"].events.includes(e.kind)) &&
      rules["aha-charted-without-results"].labs.every((lab) => {
        const latest = latestNumeric(labs, lab, at);
        return latest === undefined || !inEpisode(latest.at);
      }),
    "hlh-charted": recent.some((e) => rules["hlh-charted"].events.includes(e.kind)),
    "hlh-considered": recent.some((e) => rules["hlh-considered"].events.includes(e.kind)),
    "hlh-suspected":
      d.scores?.some(
        (s) => s.id === rules["hlh-suspected"].score && (s.value ?? 0) >= rules["hlh-suspected"].atLeast,
      ) || undefined,
    "severe-infection": record.events.some(
      (e) =>
        currentAt(e, now) &&
        now - instant(e.at) <= infection.withinDays * DAY &&
        (infection.events.includes(e.kind) ||
          (infection.gradedEvents.includes(e.kind) && (e.grade ?? 0) >= infection.minGrade)),
    ),
    // Any grade, or none charted: the cyclophosphamide label contraindicates it in acute infection without grading it.
    "acute-infection": record.events.some(
      (e) =>
        rules["acute-infection"].events.includes(e.kind) &&
        currentAt(e, now) &&
        now - instant(e.at) <= rules["acute-infection"].withinDays * DAY,
    ),
    pregnancy: pregnant,
    breastfeeding,
    postpartum,
    "competing-cause": competing,
    "possible-with-competing-cause": competing && d.certainty === "possible",
    "hypoproliferative-cause": differentialMet(rules["hypoproliferative-cause"]),
    "marrow-neoplasm": differentialMet(rules["marrow-neoplasm"]),
    "mds-new-fall": differentialMet(rules["mds-new-fall"]),
    "marrow-infiltration-new-fall": differentialMet(rules["marrow-infiltration-new-fall"]),
    "cart-hematotoxicity": differentialMet(rules["cart-hematotoxicity"]),
    "drug-induced-tma": differentialMet(rules["drug-induced-tma"]),
    "carhlh-met": differentialMet(rules["carhlh-met"]),
    "urinary-tract-bleeding": bleeding.some((e) => has(e, rules["urinary-tract-bleeding"].qualifiers)),
    "recent-intracranial-bleeding": chartedWithin(rules["recent-intracranial-bleeding"]),
    "recent-gi-bleeding": chartedWithin(rules["recent-gi-bleeding"]),
    "recent-major-surgery": eventWithin(rules["recent-major-surgery"]),
    "major-surgery-within-4-weeks": eventWithin(rules["major-surgery-within-4-weeks"]),
    "gi-perforation": eventWithin(rules["gi-perforation"]),
    "bleeding-suspected": eventWithin(rules["bleeding-suspected"]),
    "stroke-suspected": eventWithin(rules["stroke-suspected"]),
    "planned-major-surgery": eventWithin(rules["planned-major-surgery"]),
    "planned-neurosurgery": eventWithin(rules["planned-neurosurgery"]),
    "planned-lumbar-puncture": eventWithin(rules["planned-lumbar-puncture"]),
    "planned-central-venous-catheter": eventWithin(rules["planned-central-venous-catheter"]),
    "planned-neuraxial": eventWithin(rules["planned-neuraxial"]),
    "planned-neuraxial-puncture": eventWithin(rules["planned-neuraxial-puncture"]),
    "planned-liver-biopsy": eventWithin(rules["planned-liver-biopsy"]),
    "planned-high-risk-procedure": eventWithin(rules["planned-high-risk-procedure"]),
    "planned-low-risk-procedure": eventWithin(rules["planned-low-risk-procedure"]),
    "planned-minimal-risk-procedure": eventWithin(rules["planned-minimal-risk-procedure"]),
    "planned-bone-marrow-biopsy": eventWithin(rules["planned-bone-marrow-biopsy"]),
    "planned-posterior-eye-surgery": eventWithin(rules["planned-posterior-eye-surgery"]),
    "subarachnoid-hemorrhage":
      bleeding.some((e) => has(e, rules["subarachnoid-hemorrhage"].qualifiers)) ||
      chartedWithin(rules["subarachnoid-hemorrhage"]),
    "severe-renal-impairment": renal,
    "kidney-failure": kidneyFailure,
    "end-stage-kidney-disease": endStage,
    "creatinine-clearance": clearance,
    "child-egfr": kidney.childEgfr,
    female: record.sex === "female" ? true : record.sex === "male" ? false : undefined,
    "hepatic-impairment": hepaticImpairment(record.events, labs, at, rules["hepatic-impairment"]),
    "active-liver-injury": activeLiverInjury(
      labs,
      at,
      rules["active-liver-injury"],
      hemolysis,
      (id) => k.vocabulary.labById(id)?.reference,
    ),
    "luminal-gi-gu-cancer": currentCondition(rules["luminal-gi-gu-cancer"]),
    "intracranial-tumour": currentCondition(rules["intracranial-tumour"]),
    "active-cancer-charted":
      record.events.some(
        (e) => rules["active-cancer-charted"].events.includes(e.kind) && currentAt(e, now),
      ) || undefined,
    "embolic-arterial-event": thromboses.some((e) => has(e, rules["embolic-arterial-event"].qualifiers)),
    "ischaemic-stroke": thromboses.some((e) => has(e, rules["ischaemic-stroke"].qualifiers)),
    "upper-extremity-dvt": thromboses.some((e) => has(e, rules["upper-extremity-dvt"].qualifiers)),
    "stroke-barring-thrombolysis":
      rules["stroke-barring-thrombolysis"].events.some(chartedWithin) || undefined,
    "recent-tia": rules["recent-tia"].events.some(chartedWithin) || undefined,
    "creatinine-without-clearance":
      renal === undefined &&
      rules["severe-renal-impairment"].uncomputedFrom.some((id) => latestNumeric(labs, id, at) !== undefined),
    "hit-suspected": hit.suspected || undefined,
    "hit-4ts-could-be-low": hit.suspected ? hit.couldBeLow : undefined,
    "hit-history": hitOnRecord.length > 0,
    ...allergyFacts(
      hypersensitivity,
      record.events.filter((e) => e.kind === hypersensitivity.event && instant(e.at) <= now),
    ),
    "culprit-anti-cd20": culprit?.targets.some((t) => culpritTargets.includes(t)) ?? false,
    "anti-cd38-antibody-recent": antiCd38Given.length > 0,
    "epcoritamab-on-record": onRecord(rules["epcoritamab-on-record"].drugs),
    "engager-platelet-label-unread": givenDrugs.some(
      (e) => e.class === "bispecific" && !labelRead.has(e.drug),
    ),
    "antiphospholipid-antibody-positive":
      chartedEver(antiphospholipid.events) ||
      labs.some(
        (l) => antiphospholipid.labs.includes(l.lab) && l.qualitative === "positive" && instant(l.at) <= now,
      ) ||
      solidPhaseAntibodies(labs, antiphospholipid.solidPhase, now),
    "antiphospholipid-syndrome-charted": chartedEver(rules["antiphospholipid-syndrome-charted"].events),
    "prosthetic-heart-valve": chartedEver(rules["prosthetic-heart-valve"].events),
    "congenital-ttp": chartedEver(rules["congenital-ttp"].events),
    "hepatitis-b-on-record": hepatitisBOnRecord(hepatitisBEvidence(record, k, at)),
    "mechanical-heart-valve": rules["mechanical-heart-valve"].events.some(chartedWithin),
    "catastrophic-antiphospholipid-syndrome":
      rules["catastrophic-antiphospholipid-syndrome"].events.some(chartedWithin),
    "ttp-history": pastEpisode(rules["ttp-history"]),
    "itp-history": pastEpisode(rules["itp-history"]),
    "ici-stopping-irae": stoppingIraes.length > 0,
    "recurrence-on-rechallenge": (d.criteria ?? []).some(
      (c) => c.status === "met" && rules["recurrence-on-rechallenge"].criteria.includes(c.id),
    ),
    "cellular-therapy-consumption": (d.criteria ?? []).some(
      (c) => c.status === "met" && rules["cellular-therapy-consumption"].criteria.includes(c.id),
    ),
    "pre-existing-active": (d.criteria ?? []).some(
      (c) => c.status === "met" && rules["pre-existing-active"].criteria.includes(c.id),
    ),
    "thrombosis-history": pastEpisode(rules["thrombosis-history"]),
    "ttp-clinical-remission": clinicalRemission,
    "plasma-exchange-in-episode": recent.some(
      (e) =>
        e.kind === rules["plasma-exchange-in-episode"].event &&
        rules["plasma-exchange-in-episode"].qualifiers.every((q) => e.qualifiers?.includes(q)),
    ),
    "adamts13-relapse": adamts13Relapse,
    ...inPatient,
    "overt-dic":
      overtDic?.category === "overt" ? true : overtDic?.category === "not-overt" ? false : undefined,
    hemolysis,
    "platelet-clumps": labs.some(
      (l) => l.lab === "platelet-clumps" && l.qualitative === "positive" && inEpisode(l.at),
    ),
    age,
    // A charted pregnancy is childbearing age whatever the sex and birth date recorded (none, or a data error).
    "female-childbearing-age":
      pregnant === true
        ? true
        : record.sex === "female"
          ? age === undefined
            ? undefined
            : age >= rules["female-childbearing-age"].fromAge &&
              age < rules["female-childbearing-age"].belowAge
          : record.sex === "male"
            ? false
            : undefined,
  };
  const presentFrom = onset + rules.presenting.startDay * DAY;
  const bp = rules["before-plasma"];
  const plasma = record.events
    .filter((e) => e.kind === bp.event && instant(e.at) >= presentFrom && instant(e.at) <= now)
    .map((e) => instant(e.at));
  // A sample drawn after plasma carries the donor's ADAMTS13: it is not the presenting value (ISTH 2020).
  const afterPlasma = (name: string, l: LabResult) =>
    bp.labs.includes(name) && plasma.some((t) => t <= instant(l.at));
  const censored: Record<string, Comparator> = {};
  // The first result of the episode is read only for the facts read at presentation.
  const presentingValue = (name: string) => {
    const first = presenting(labs, name, presentFrom, now);
    return first && !afterPlasma(name, first) ? first : undefined;
  };
  for (const { name, reading } of LAB_FACTS) {
    const window = name === "body-weight" ? { maxAgeHours: rules["body-weight"].withinDays * 24 } : {};
    const l = reading === "latest" ? latestNumeric(labs, name, at, window) : presentingValue(name);
    facts[name] = l?.value;
    if (l?.value !== undefined && l.comparator) censored[name] = l.comparator;
  }
  const body = rules["body-weight"];
  const weight = facts["body-weight"];
  const bmi = facts.bmi;
  facts["weight-above-120-or-bmi-above-40"] =
    (typeof weight === "number" && weight > body.weightAbove) ||
    (typeof bmi === "number" && bmi > body.bmiAbove)
      ? true
      : weight === undefined && bmi === undefined
        ? undefined
        : false;
  return { facts, censored, onBoard: onBoardDrugs };
}

/**
 * Whole years from a birth date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) to the calendar date of `at`; a partial
 * birth date is read at its last day, so the age is the youngest the patient can be.
 *
 * @example ageAt("2015-05-01", "2025-02-20T08:00:00Z") // 9
 */
export function ageAt(birthDate: string | undefined, at: IsoDateTime): number | undefined {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(birthDate ?? "");
  const d = /^(\d{4})-(\d{2})-(\d{2})/.exec(calendarDate(at));
  if (!m || !d) return undefined;
  const year = Number(m[1]);
  const month = m[2] === undefined ? 12 : Number(m[2]);
  const day = m[3] === undefined ? new Date(Date.UTC(year, month, 0)).getUTCDate() : Number(m[3]);
  const [y, mo, da] = [Number(d[1]), Number(d[2]), Number(d[3])];
  return y - year - (mo < month || (mo === month && da < day) ? 1 : 0);
}

/**
 * The record's immunotherapies by class, each in words with its last dose and, when it came before the
 * finding's onset, how long before: what a decision line for a class is about (the plan names them).
 *
 * @example
 * therapiesByClass(record, "2026-02-10").ici; // ["pembrolizumab, last dose 2025-07-13, 212 days before the onset"]
 */
export function therapiesByClass(
  record: PatientRecord,
  onset: IsoDateTime | undefined,
): Partial<Record<TherapyClass, string[]>> {
  const out: Partial<Record<TherapyClass, string[]>> = {};
  for (const e of begunBy(record, onset)) {
    const running = e.class === "car-t" ? undefined : runningCourse(e);
    if (running !== undefined) {
      // An infusion whose charted end is after the evaluation: under way now, whatever the day it began.
      const from = calendarDate(running);
      const atOnset = onset !== undefined && from <= calendarDate(onset) ? ", running at the onset" : "";
      const words = `${e.drug}, infusion from ${from}, its charted end after this evaluation${atOnset}`;
      out[e.class] = [...(out[e.class] ?? []), words];
      continue;
    }
    const course = e.class === "car-t" ? undefined : givenCourse(e);
    const until = course?.end ?? e.last;
    const before = onset === undefined ? undefined : daysBetween(until, onset);
    const when =
      before === undefined
        ? ""
        : before > 0
          ? `, ${course === undefined ? "" : "ended "}${before} day${before === 1 ? "" : "s"} before the onset`
          : course !== undefined
            ? ", running at the onset"
            : before === 0
              ? ", on the day of the onset"
              : "";
    const given =
      course !== undefined
        ? `infusion from ${calendarDate(course.at)} to`
        : e.class === "car-t"
          ? "infused"
          : "last dose";
    const words = `${e.drug}, ${given} ${calendarDate(until)}${when}`;
    out[e.class] = [...(out[e.class] ?? []), words];
  }
  return out;
}

/**
 * The start of an exposure's latest dose when it is an infusion under way at the evaluation (charted with an end
 * after it: `Dose.running`) and no dose was given on a later day.
 */
function runningCourse(e: PatientRecord["exposures"][number]): IsoDateTime | undefined {
  const latest = e.doses
    .filter((d) => d.running === true && d.kind !== "request" && d.kind !== "statement")
    .map((d) => d.at)
    .sort()
    .at(-1);
  return latest !== undefined && calendarDate(latest) >= calendarDate(e.last) ? latest : undefined;
}

/**
 * The last given course of an exposure that runs past its start day (a continuous blinatumomab infusion charted
 * with its end): its decision line counts from the end, not from the day the bag was hung. A request's or
 * statement's period is an intention, not a course given.
 */
function givenCourse(
  e: PatientRecord["exposures"][number],
): { at: IsoDateTime; end: IsoDateTime } | undefined {
  let course: { at: IsoDateTime; end: IsoDateTime } | undefined;
  for (const d of e.doses) {
    if (d.kind !== "administration" || d.end === undefined) continue;
    if (calendarDate(d.end) <= calendarDate(d.at)) continue;
    if (course === undefined || calendarDate(d.end) > calendarDate(course.end))
      course = { at: d.at, end: d.end };
  }
  return course !== undefined && calendarDate(course.end) > calendarDate(e.last) ? course : undefined;
}

/**
 * The immunotherapies begun by a finding's onset (first dose on or before its calendar day): what its
 * decision lines are about. A therapy first given after the onset cannot have caused the finding — it is
 * its treatment (rituximab begun for immune TTP, ISTH 2020) — and is not named as a drug to withhold. With
 * no onset, or none begun by it, every exposure.
 *
 * @example
 * begunBy(record, "2023-09-19T08:00:00Z").map((e) => e.drug); // ["pembrolizumab"] (rituximab from 2023-09-20 left out)
 */
export function begunBy(record: PatientRecord, onset: IsoDateTime | undefined): PatientRecord["exposures"] {
  if (onset === undefined) return record.exposures;
  const day = calendarDate(onset);
  const begun = record.exposures.filter((e) => calendarDate(e.first) <= day);
  return begun.length > 0 ? begun : record.exposures;
}

function summarizeExposures(record: PatientRecord): ExposureSummary[] {
  return record.exposures.map((e) => ({
    drug: e.drug,
    class: e.class,
    first: e.first,
    last: e.last,
    doses: e.doses.length,
    ...(e.infusion ? { infusion: e.infusion } : {}),
  }));
}

/** A patient's report with the facts each finding's plan was made for (what the plan invariants check). */
export interface TracedAssessment {
  readonly report: PatientReport;
  readonly planned: readonly PlannedFinding[];
}

/**
 * Assesses one patient: exposures, CTCAE grades, scores, findings with workup and management.
 *
 * @example
 * const report = assessPatient(record, "2025-03-01T00:00:00Z", loadKnowledge());
 * report.findings[0]?.disorder; // e.g. "itp"
 */
export function assessPatient(input: PatientRecord, evaluatedAt: IsoDateTime, k: Knowledge): PatientReport {
  return assessPatientTraced(input, evaluatedAt, k).report;
}

/**
 * The first event that charts a death when no death is recorded: one charted at grade 5, or one whose words stand
 * for grade 5 (a qualifier whose events.yaml cue has grade 5, as `fatal` in "fatal PE": the qualifiers the
 * vocabulary drops from an event charted at grade 4). Undefined when none does.
 */
function deathInWords(record: PatientRecord, k: Knowledge): Death | undefined {
  const charts = (e: ClinicalEvent): boolean => {
    if (e.grade === 5) return true;
    const q = e.qualifiers ?? [];
    return q.length > 0 && k.vocabulary.gradedQualifiers(e.kind, q, 4).length < q.length;
  };
  const first = record.events
    .filter(charts)
    .reduce<ClinicalEvent | undefined>((a, e) => (!a || instant(e.at) < instant(a.at) ? e : a), undefined);
  return first ? { at: first.at, ref: first.ref } : undefined;
}

/**
 * What every assessment of one patient starts from: the record as the engine reads it (timeline conflicts
 * and same-instant lab conflicts left out), the detections, the worst CTCAE grades, and the inputs of the
 * unexplained-abnormality check.
 */
function examine(input: PatientRecord, evaluatedAt: IsoDateTime, k: Knowledge) {
  const labDef = (id: string) => k.vocabulary.labById(id);
  // Events dated before any therapy that could cause them are reported as conflicts and left out.
  // A shock charted beside a PE in an entry of its own is the PE's haemodynamic instability (ESC 2019).
  // A combination product charted beside its components on the same day is one administration (Opdualag).
  const record = withShockBesidePe(
    withTimelineChecks(withCombinationDoses(input, k.drugs)),
    k.managementFacts["shock-beside-pulmonary-embolism"],
  );
  // Results in a same-instant conflict are reported, never used: scores, grades and detection all read
  // the record without them.
  const labs = usableLabs(record);
  const usable: PatientRecord = labs === record.labs ? record : { ...record, labs };
  // …yet a serious value among them is listed as unexplained rather than left silent.
  const conflicted = conflictedLabs(record);
  const services = servicesFor(usable, k);
  const now = instant(evaluatedAt);
  const byLab = groupByLab(labs);
  /** The labs with a result from `from` to the evaluation (a schistocyte result means the smear was reviewed). */
  const resultedFrom = (from: number) => {
    const ids = new Set<string>();
    for (const [lab, list] of byLab) if (timesOf(list).at.some((t) => t >= from && t <= now)) ids.add(lab);
    if (ids.has("schistocytes") || ids.has("schistocytes-pct")) ids.add("peripheral-smear");
    return ids;
  };
  const resulted = resultedFrom(Number.NEGATIVE_INFINITY);
  const { detections, misses } = detectAll(k.disorders, usable, evaluatedAt, services);
  const { grades, ungraded } = gradeRecordWithUngraded(usable, k.ctcae, labDef);
  /** The unexplained abnormalities given the findings made; `scores` decide only their workup. */
  const unexplained = (findings: UnexplainedInputs["findings"], scores: readonly ScoreResult[]) =>
    unexplainedAbnormalities(usable, evaluatedAt, {
      worstGrades: grades,
      rules: k.unexplained,
      disorders: k.disorders,
      workup: k.workup,
      findings,
      misses,
      resulted,
      scores,
      grade: services.ctcaeGrade,
      labName: (lab) => labDef(lab)?.name,
      conflicted,
      beyond: (l, m) => beyondLimit(l, m, labDef(l.lab)?.reference),
      hemolysis: k.managementFacts.hemolysis,
      drugsNamed: (text) =>
        k.vocabulary
          .medications({ codings: [], text })
          .flatMap((m) => (m.kind === "immunotherapy" ? [m.drug] : [])),
      components: (drug) => k.drugs.drugs.find((d) => d.id === drug)?.includes ?? [],
      relatives: k.vocabulary.relativeWords(),
      wordedGrade: (e) => wordedEventGrade(e, k.ctcae),
    });
  return { record, labs, usable, services, resultedFrom, detections, grades, ungraded, unexplained, labDef };
}

/**
 * {@link assessPatient}, also returning each finding's plan with the facts it was made for.
 *
 * @example
 * const { planned } = assessPatientTraced(record, "2025-03-01T00:00:00Z", k);
 * checkPlans(planned, k.safety, k.management); // what the safety suite asserts on every case
 */
export function assessPatientTraced(
  input: PatientRecord,
  evaluatedAt: IsoDateTime,
  k: Knowledge,
): TracedAssessment {
  const { record, labs, usable, services, resultedFrom, detections, grades, ungraded, unexplained, labDef } =
    examine(input, evaluatedAt, k);
  const episodeStart = (d: Detection) =>
    d.onset ? instant(d.onset.date) + k.managementFacts.recent.startDay * DAY : Number.NEGATIVE_INFINITY;
  const classes = [...new Set(record.exposures.map((e) => e.class))];
  // HIT weighs on every plan of the patient (no heparin anywhere) once any finding suspects it, or while the
  // 4Ts now is open after a fall.
  const historyRule = k.managementFacts["hit-history"];
  const now = instant(evaluatedAt);
  const platelets = labs
    .filter((l) => l.lab === "platelets" && typeof l.value === "number" && instant(l.at) <= now)
    .sort((a, b) => instant(a.at) - instant(b.at));
  // The acute phase of a fall ends at platelet recovery (ASH 2018, Table 1: acute HIT persists until the count
  // recovers; subacute and remote HIT follow): the latest count is at least the recovery count and comes after a
  // lowest count below it among `counts`. A recovered fall is read as a HIT on record (hit-history), never as a HIT
  // suspected now; a series that never fell below the recovery count has nothing to recover from.
  const recovered = (counts: readonly LabResult[]) => {
    const latest = platelets[platelets.length - 1];
    const lowest = counts.reduce<LabResult | undefined>(
      (m, l) => (m === undefined || (l.value as number) < (m.value as number) ? l : m),
      undefined,
    );
    return (
      latest !== undefined &&
      lowest !== undefined &&
      (lowest.value as number) < historyRule.recoveredAtLeast &&
      (latest.value as number) >= historyRule.recoveredAtLeast &&
      instant(latest.at) > instant(lowest.at)
    );
  };
  // A HIT the care team charted in the last weeks and not ended is acute in every plan, not only in those whose
  // differential reads it (ITP, thrombosis): a DIC or CARAC plan beside it read it as a past HIT and offered
  // prophylactic platelets (knowledge/management/facts.yaml hit-charted-acute).
  const acuteRule = k.managementFacts["hit-charted-acute"];
  const chartedAcute = (e: ClinicalEvent) =>
    acuteRule.events.includes(e.kind) &&
    !acuteRule.unlessQualifiers.some((q) => e.qualifiers?.includes(q) === true) &&
    instant(e.at) <= now &&
    now - instant(e.at) <= acuteRule.withinDays * DAY &&
    (e.end === undefined || instant(e.end) > now);
  const hitChartedAcute = record.events.some(chartedAcute);
  // A finding's HIT differential is acute until the fall it read (the counts in its evidence: a 4Ts, a PF4 antibody
  // with a low count) has recovered. One met by a charted HIT alone reads no counts: it is acute only while that HIT
  // is in its own window (hit-charted-acute), then a HIT on record. Before, a HIT charted beside a thrombosis weeks or
  // years before the evaluation kept every plan one of acute HIT.
  const hitByFinding = detections.some((d) =>
    d.differentials.some((x) => {
      if (!HIT_DIFFERENTIALS.has(x.id) || x.status !== "met") return false;
      const counts = platelets.filter((l) => x.evidence.includes(l.ref));
      return counts.length > 0
        ? !recovered(counts)
        : record.events.some((e) => x.evidence.includes(e.ref) && chartedAcute(e));
    }),
  );
  // The 4Ts now is that of the fall it reads (its counts are in its evidence): anchored to that fall, it suspects
  // HIT only until the fall has recovered.
  const fourTsRead = services.score("4ts", evaluatedAt);
  const fourTsNow =
    fourTsRead !== undefined && recovered(platelets.filter((l) => fourTsRead.evidence.includes(l.ref)))
      ? undefined
      : fourTsRead;
  const hitSuspected = hitByFinding || hitOpen(fourTsNow) || hitChartedAcute;
  // Suspected only because the open 4Ts may still reach intermediate, while its certain points (under 4)
  // leave it low too: the plan completes the score before a therapeutic anticoagulant (ASH 2018).
  // A HIT the care team charted (the open 4Ts is read only within its window after a heparin start) is
  // their diagnosis, not a score that may still be low; so is one charted before, as re-exposure.
  const hitCharted = record.events.some((e) => e.kind === "hit" && instant(e.at) <= instant(evaluatedAt));
  // A past HIT read from the record when none is suspected now: a 4Ts of at least intermediate probability at an
  // earlier platelet count (a fall on heparin that has recovered, or whose score no longer applies at the evaluation,
  // more than 100 days after the heparin start), with no negative PF4/heparin result after it, bars heparin as a HIT
  // on record does (knowledge/management/facts.yaml hit-history; ASH 2018).
  // The first platelet count at which the 4Ts reached the cut-off: a negative immunoassay after it rules the
  // fall out as a HIT.
  const pastFall = hitSuspected
    ? undefined
    : platelets
        .map((l) => ({ l, s: services.score("4ts", l.at) }))
        .find(({ s }) => typeof s?.value === "number" && s.value >= historyRule.pastFourTsAtLeast);
  // A negative immunoassay or functional assay within the rule's days after the fall rules it out; a later one is the
  // antibodies' decline after a true HIT.
  const fallAt = pastFall === undefined ? undefined : instant(pastFall.l.at);
  const pastFourTs =
    fallAt !== undefined &&
    !labs.some(
      (n) =>
        (historyRule.labs.includes(n.lab) || historyRule.functionalLabs.includes(n.lab)) &&
        n.qualitative === "negative" &&
        instant(n.at) >= fallAt &&
        instant(n.at) <= Math.min(now, fallAt + historyRule.negativeWithinDays * DAY),
    );
  // The fall as the plan names it, so the clinician can check it: the heparin it fell on and the lowest count.
  const pastFallWords = (() => {
    if (!pastFourTs || pastFall === undefined) return undefined;
    const evidence = pastFall.s?.evidence ?? [];
    const heparins = [
      ...new Set(record.contextDrugs.filter((c) => evidence.includes(c.ref)).map((c) => c.drug)),
    ];
    const counts = platelets.filter((l) => evidence.includes(l.ref));
    const lowest = counts.reduce((m, l) => ((l.value as number) < (m.value as number) ? l : m), pastFall.l);
    const on = heparins.length > 0 ? ` on ${heparins.join(", ")}` : " on heparin";
    const score =
      pastFall.s?.category === "incomplete" ? `at least ${pastFall.s.value}` : `${pastFall.s?.value}`;
    return `platelet fall${on} to ${lowest.value} ×10⁹/L on ${calendarDate(lowest.at)} (4Ts ${score})`;
  })();
  const hit = {
    suspected: hitSuspected,
    couldBeLow: !hitByFinding && !hitCharted && hitCouldBeLow(fourTsNow),
    pastFall: pastFallWords,
  };
  // Immune thrombocytopenia found at the rule's certainty weighs on every plan of the patient (transfused
  // platelets do not hold the count up).
  const found = (rule: {
    readonly disorders: readonly string[];
    readonly minCertainty: Certainty;
    readonly differentials?: readonly string[] | undefined;
    readonly orCharted?: { readonly events: readonly string[]; readonly withinDays: number } | undefined;
  }) =>
    detections.some(
      (d) =>
        rule.disorders.includes(d.disorder) &&
        certaintyRank(d.certainty) >= certaintyRank(rule.minCertainty) &&
        (rule.differentials === undefined ||
          d.differentials.some((x) => rule.differentials?.includes(x.id) && x.status === "met")),
    ) ||
    (rule.orCharted !== undefined &&
      record.events.some(
        (e) =>
          rule.orCharted?.events.includes(e.kind) === true &&
          instant(e.at) <= now &&
          now - instant(e.at) <= rule.orCharted.withinDays * DAY,
      ));
  const scores = computeAllScores(usable, evaluatedAt, k.scores, labDef);
  // The unexplained abnormalities, with the named patterns planned below beside the findings.
  const listed = unexplained(detections, scores);
  const inPatient = {
    "immune-thrombocytopenia": found(k.managementFacts["immune-thrombocytopenia"]),
    // TTP found weighs on every plan too: no platelet transfusion to hold a count for an anticoagulant.
    ttp: found(k.managementFacts.ttp),
    // Acquired haemophilia A found weighs on the thrombosis plan: an arterial event is decided with hematology.
    "acquired-haemophilia": found(k.managementFacts["acquired-haemophilia"]),
    // Acquired haemophilia A at any certainty weighs on every plan: no desmopressin offered beside it.
    "acquired-haemophilia-suspected": found(k.managementFacts["acquired-haemophilia-suspected"]),
    // The carHLH criteria met in a CARAC finding: the DIC plan refers to the CARAC plan's urgent carHLH line.
    "carhlh-in-patient": found(k.managementFacts["carhlh-in-patient"]),
    // A CARAC finding: its plan holds the CAR-T "nothing to hold" line; the DIC plan does not repeat it.
    "carac-in-patient": found(k.managementFacts["carac-in-patient"]),
    // A thrombosis finding: its plan holds the urgent catastrophic APS line; the DIC and CARAC plans do not repeat it.
    "thrombosis-in-patient": found(k.managementFacts["thrombosis-in-patient"]),
    // A TMA that is not TTP named for the patient weighs on every plan: its platelet avoid holds patient-wide.
    "tma-not-ttp": listed.named.some((n) => k.managementFacts["tma-not-ttp"].patterns.includes(n.pattern.id)),
  };
  const decided = (s: ScoreResult | undefined) => s?.category === "overt" || s?.category === "not-overt";
  const overtDicNow = services.score("isth-overt-dic", evaluatedAt);
  // The times of the score's panels, newest first: listed only when the score now is undecided.
  let dicTimes: IsoDateTime[] | undefined;
  const panelTimes = () => {
    const dicLabs = new Set(services.scoreLabs("isth-overt-dic"));
    const now = instant(evaluatedAt);
    const times = new Set(labs.filter((l) => dicLabs.has(l.lab) && instant(l.at) <= now).map((l) => l.at));
    return [...times].sort((a, b) => instant(b) - instant(a));
  };
  const overtDicSince = (from: number): ScoreResult | undefined => {
    if (decided(overtDicNow)) return overtDicNow;
    dicTimes ??= panelTimes();
    for (const t of dicTimes) {
      if (instant(t) < from) break;
      const s = services.score("isth-overt-dic", t);
      if (decided(s)) return s;
    }
    return overtDicNow;
  };
  // The patient's kidney function at the evaluation, the same for every episode: read once, when a plan needs it.
  let kidney: ReturnType<typeof kidneyFunction> | undefined;
  const kidneyNow = () => {
    kidney ??= kidneyFunction(record, labs, evaluatedAt, k.managementFacts);
    return kidney;
  };
  /** The management facts of one episode (a finding, a named pattern or a single abnormality). */
  const factsOf = (episode: FactsEpisode) =>
    managementFacts(
      episode,
      record,
      labs,
      evaluatedAt,
      k,
      hit,
      inPatient,
      overtDicSince,
      services.ctcaeGrade,
      kidneyNow(),
    );
  const inputs = detections.map((d) => ({
    disorder: d.disorder,
    certainty: d.certainty,
    ...(d.grade !== undefined ? { grade: d.grade } : {}),
    ...(d.arms ? { arms: d.arms } : {}),
    therapyClasses: [...new Set(begunBy(record, d.onset?.date).map((e) => e.class))],
    therapies: therapiesByClass(record, d.onset?.date),
    ...factsOf(d),
  }));
  // A named unexplained pattern (a TMA that is not TTP) is planned with the findings, from the facts of its
  // excluded episode: one planner and one set of plan invariants for both, and the plans agree.
  const patternInputs = listed.named.map((n): ManagementInput => {
    const met = new Set(n.met);
    const episode: FactsEpisode = {
      // No diagnosis: the pattern's recommendations read no certainty.
      certainty: "possible",
      onset: { date: n.item.at },
      differentials: (k.disorders.find((d) => d.id === n.pattern.disorder)?.differentials ?? []).map((x) => ({
        id: x.id,
        effect: x.effect,
        status: met.has(x.id) ? "met" : "unmet",
      })),
    };
    return {
      disorder: n.pattern.disorder,
      certainty: episode.certainty,
      ...(n.grade !== undefined ? { grade: n.grade } : {}),
      therapyClasses: classes,
      pattern: { id: n.pattern.id, recommendations: n.pattern.plan },
      ...factsOf(episode),
    };
  });
  // A single abnormality whose rule carries a plan (knowledge/unexplained.yaml `labs[].plan`: platelets < 25
  // with an anticoagulant on board) is planned the same way, from the facts read at its date: no finding's
  // plan holds the anticoagulant for it (a count in the first month after CAR-T is sought as no disorder).
  const named = new Set(listed.named.map((n) => n.item));
  // An event rule's plan likewise (`events[].plan`: a major bleed with an anticoagulant on board).
  // What the record shows beside the item (`shows`: an autoimmune haemolytic anaemia named by a positive DAT with
  // haemolysis) brings its own plan, planned with the rule's.
  const ruleOf = (item: UnexplainedItem) => {
    // An `onDrug` item (an INR of 12 on warfarin) is planned from its band's plan; no disorder accounts for it.
    const band = k.unexplained.onDrug.flatMap((r) => r.bands).find((b) => b.id === item.abnormality);
    if (band !== undefined) return { id: band.id, explainedBy: [], plan: band.plan };
    const rule =
      k.unexplained.labs.find((l) => l.term === item.abnormality) ??
      k.unexplained.events.find((e) => e.id === item.abnormality);
    if (rule === undefined) return undefined;
    // One entry named on several items (a pancytopenia on the anaemia and the neutropenia) is planned once, on
    // the item of the highest grade: its plan may read the grade, and an AIHA charted at grade 4 beside a grade 3
    // anaemia needs the grade 4 lines (admission, IV corticosteroids). Before, the first item listed was planned and
    // the grade 4 lines were lost.
    const id = item.shows?.id;
    const first = id !== undefined && plannedShows(listed.items, id) === item;
    const shown = first ? (rule.shows?.find((s) => s.id === id)?.plan ?? []) : [];
    const plan = [...(rule.plan ?? []), ...shown];
    return { id: "term" in rule ? rule.term : rule.id, explainedBy: rule.explainedBy, plan };
  };
  const ruled = listed.items.flatMap((item) => {
    const rule = named.has(item) ? undefined : ruleOf(item);
    return rule && rule.plan.length > 0 ? [{ item, rule }] : [];
  });
  // A rule's own plan reads none of a disorder's recommendations. An item a disorder explains is planned under that
  // disorder (a broken invariant names it); one no disorder explains (a neutropenia, an INR of 12 on warfarin) is the
  // patient's own plan, no disorder's, as the procedure plan is: it was filed under the first disorder id (ITP).
  const ruleInputs = ruled.map(({ item, rule }): PlanInput => {
    const disorder = rule.explainedBy[0];
    const input: PatientPlanInput = {
      certainty: "possible",
      ...(item.grade !== undefined ? { grade: item.grade } : {}),
      therapyClasses: classes,
      pattern: { id: `unexplained-${rule.id}`, recommendations: rule.plan },
      // The patient's scores at the evaluation, as the item's `besideScore` reads them: an HScore of 169 or
      // more beside a cytopenia no finding accounts for is the hlh-suspected fact of its plan (the treatment
      // of a likely HLH after a checkpoint inhibitor).
      ...factsOf({ certainty: "possible", onset: { date: item.at }, differentials: [], scores }),
    };
    return disorder === undefined ? input : { ...input, disorder };
  });
  // The patient's procedure plan (knowledge/unexplained.yaml `procedures`), from the facts read at the evaluation: a
  // planned procedure beside a low count or an anticoagulant within its interval is advised with or without a
  // finding, planned with the other plans so that a patient-scope avoid line of one holds here too.
  // A record with no procedure planned has no such plan to make (its facts are not read).
  const procedureRecommendations = k.unexplained.procedures?.plan ?? [];
  const plannedKinds = plannedEventKinds(procedureRecommendations, k.managementFacts);
  // It is the patient's plan, no disorder's: planned from its own recommendations, as the report shows it apart.
  const procedureInput: PatientPlanInput | undefined = record.events.some((e) => plannedKinds.has(e.kind))
    ? {
        certainty: "possible",
        therapyClasses: classes,
        pattern: { id: PROCEDURE_PREFIX, recommendations: procedureRecommendations },
        ...factsOf({ certainty: "possible", onset: { date: evaluatedAt }, differentials: [] }),
      }
    : undefined;
  const plans = planPatient(
    [...inputs, ...patternInputs, ...ruleInputs, ...(procedureInput === undefined ? [] : [procedureInput])],
    k.management,
  );
  const patternPlan = new Map(listed.named.map((n, j) => [n.item, plans[inputs.length + j] ?? []]));
  // The rule's plan carries the shared lines that lead their kind (the adult-dose line of a child,
  // knowledge/management.ts ruleWithLeading): they qualify a line of the rule's own and are no plan alone.
  ruled.forEach(({ item, rule }, j) => {
    const plan = plans[inputs.length + patternInputs.length + j] ?? [];
    const own = new Set(rule.plan.filter((r) => r.leads !== true).map((r) => r.id));
    if (plan.some((m) => own.has(m.id))) patternPlan.set(item, plan);
  });
  // After a recorded death nothing is ordered (docs/csv-format.md "A death"): the findings describe the record,
  // with no work-up or management to act on; the report's `deceased` says why. Before, a deceased patient's
  // report still listed urgent items ("start …", "transfuse …").
  const dead = record.deceased !== undefined;
  // A death charted only in an event's words ("fatal PE") is named, and the plan kept (deathInWords).
  const wordDeath = dead ? undefined : deathInWords(record, k);
  const findingsPlanned: Finding[] = detections.map((d, i) => ({
    ...d,
    // A test counts as done for this finding's work-up only when drawn in its episode (from the planner's
    // look-back before onset): a pre-treatment count or a DAT of years ago does not describe this episode.
    workup: dead
      ? []
      : planWorkup(
          d.disorder,
          d.certainty,
          resultedFrom(episodeStart(d)),
          k.workup,
          scores,
          new Set(d.differentials.filter((x) => x.status === "met").map((x) => x.id)),
          inputs[i]?.facts,
        ),
    management: dead ? [] : (plans[i] ?? []),
  }));
  const unexplainedPlanned = listed.items.map((item) => {
    if (dead) return { ...item, workup: [] };
    const management = patternPlan.get(item);
    return management ? { ...item, management } : item;
  });
  // The procedures the record plans, each with its day (knowledge/unexplained.yaml `procedures.timing`): a line
  // for one dated procedure starts with its name and day, and is urgent when that day is near and the line is one
  // the timing marks (a count too low for it, an anticoagulant within its interval). Every plan's copy of the line
  // is timed alike (a thrombosis plan carries the procedure's lines too).
  const timing = k.unexplained.procedures?.timing;
  const doneKindOf = new Map(
    [...plannedKinds].flatMap((kind) => {
      const done = k.vocabulary.doneKindOf(kind);
      return done === undefined ? [] : [[kind, done as string] as const];
    }),
  );
  const lookBackDays = Math.max(
    0,
    ...[...plannedKinds].flatMap((kind) =>
      Object.values(k.managementFacts as unknown as Record<string, { event?: unknown; withinDays?: unknown }>)
        .filter((r) => r.event === kind && typeof r.withinDays === "number")
        .map((r) => r.withinDays as number),
    ),
  );
  const plannedList: PlannedEvent[] =
    dead || procedureInput === undefined || timing === undefined
      ? []
      : plannedProcedures(
          record.events,
          plannedKinds,
          doneKindOf,
          evaluatedAt.slice(0, 10),
          lookBackDays,
          timing,
        );
  const procedureRecOf = new Map(procedureRecommendations.map((r) => [lineIdentity(r), r]));
  const timed = (m: ManagementItem): ManagementItem => {
    const r = procedureRecOf.get(lineIdentity(lineOfAny.get(m.id) ?? m));
    if (r === undefined || timing === undefined || m.kind === "avoid") return m;
    const those = procedureOfLine(r, plannedList, k.managementFacts);
    const only = those.length === 1 ? those[0] : undefined;
    const urgent = those.some((p) => p.when === "imminent") && timing.urgentLines.includes(lineIdentity(r));
    return {
      ...m,
      ...(only?.on !== undefined && { action: `${beforeText(only)}: ${m.action}` }),
      ...(urgent && { urgent: true as const }),
    };
  };
  const lineOfAny = new Map(
    [...inputs, ...patternInputs, ...ruleInputs, ...(procedureInput === undefined ? [] : [procedureInput])]
      .flatMap((input) => recommendationsOf(input, k.management))
      .map((r) => [r.id, r]),
  );
  const findings = findingsPlanned.map((f) => ({ ...f, management: f.management.map(timed) }));
  const unexplainedItems = unexplainedPlanned.map((u) =>
    u.management === undefined ? u : { ...u, management: u.management.map(timed) },
  );
  // What stands in each procedure's way now, from the procedure plan's lines for it: the count below its threshold,
  // an INR above its bound, the anticoagulant within its interval.
  const procedurePlanFull = procedureInput === undefined ? [] : (plans[plans.length - 1] ?? []);
  const concernsOf = (p: PlannedEvent): string[] => {
    if (procedureInput === undefined) return [];
    const out: string[] = [];
    for (const m of procedurePlanFull) {
      const r = procedureRecOf.get(lineIdentity(lineOfAny.get(m.id) ?? m));
      if (r === undefined || m.kind === "avoid" || !procedureOfLine(r, [p], k.managementFacts).includes(p))
        continue;
      for (const c of r.when.facts ?? []) {
        const value = procedureInput.facts[c.fact as ManagementFactName];
        if (c.fact === "platelets" && c.below !== undefined && typeof value === "number")
          out.push(`platelets ${sig(value)} ×10⁹/L below ${c.below}`);
        if (c.fact === "inr" && c.above !== undefined && typeof value === "number")
          out.push(`INR ${sig(value)} above ${c.above}`);
      }
      for (const drug of drugsNamed(r, procedureInput.onBoard))
        out.push(`${drug.split(" (")[0]} within the interval asked before it`);
    }
    return [...new Set(out)];
  };
  const plannedShown = plannedList.map(({ kind: _kind, qualifiers: _qualifiers, ...p }) => {
    const concerns = concernsOf({ ...p, kind: _kind, qualifiers: _qualifiers });
    return concerns.length > 0 ? { ...p, concerns } : p;
  });
  // The procedure plan's lines that no finding's or item's plan shows (a thrombosis plan carries the same lines),
  // each line known by its identity: the shared line it is, whichever plan's id it carries.
  const lineOf = new Map(
    [...inputs, ...patternInputs, ...ruleInputs]
      .flatMap((input) => recommendationsOf(input, k.management))
      .map((r) => [r.id, r]),
  );
  const procedureLines =
    dead || procedureInput === undefined
      ? []
      : procedureSection(
          procedurePlanFull.map(timed),
          procedureRecommendations,
          new Set(
            [...findings, ...unexplainedItems].flatMap((p) =>
              (p.management ?? []).map((m) => lineIdentity(lineOf.get(m.id) ?? m)),
            ),
          ),
        );
  // The section stands for its own lines, for a procedure whose lines another plan shows but that something stands
  // in the way of (its concerns, named here for the summary), and for a planned day that passed unrecorded.
  const procedureStands =
    plannedShown.length > 0 &&
    (procedureLines.length > 0 ||
      plannedShown.some((p) => p.when === "date-passed" || (p.concerns?.length ?? 0) > 0));
  // The kidney function the plans read, with the inputs of a computed value, beside any plan made (not after a
  // death, when nothing is planned): the pharmacist checks the clearance behind an anticoagulant line.
  const anyPlan =
    findings.some((f) => f.management.length > 0) ||
    unexplainedItems.some((u) => (u.management?.length ?? 0) > 0) ||
    procedureStands;
  const kidneyRead = anyPlan ? kidneyNow().reading : undefined;
  const cautions = labCautions(labs, (id) => labDef(id)?.name);
  // A line several plans carry in the same words and sources is shown once, under the first (the others point to
  // it): the HLH treatment under each cytopenia and a charted HLH was read three times. The safety checks read each
  // plan whole (`planned`, below).
  const shown = sharePlanLines(findings, unexplainedItems);
  const report: PatientReport = {
    patientId: record.patientId,
    ...(record.absentPatient !== undefined && { absentPatient: record.absentPatient }),
    ...(record.deceased !== undefined && { deceased: record.deceased }),
    ...(wordDeath !== undefined && { deathInWords: wordDeath }),
    ...(labs.length === 0 && { noLabResults: true as const }),
    exposures: summarizeExposures(record),
    grades,
    ...(ungraded.length > 0 && { ungraded }),
    scores,
    findings: shown.findings,
    unexplained: shown.unexplained,
    ...(procedureStands && { procedures: { management: procedureLines, planned: plannedShown } }),
    ...(kidneyRead !== undefined && { kidneyFunction: kidneyRead }),
    rejected: record.rejected,
    notUsed: record.notUsed,
    ignored: record.ignored,
    conflicts: record.conflicts,
    ...(cautions.length > 0 && { cautions }),
    counts: record.counts,
  };
  const planned: PlannedFinding[] = [
    ...findings.map((f, i) => ({ ...f, facts: inputs[i]?.facts ?? {} })),
    ...listed.named.map((n, j) => {
      const input = patternInputs[j] as ManagementInput;
      return {
        disorder: input.disorder,
        ...(input.grade !== undefined ? { grade: input.grade } : {}),
        ...(input.pattern ? { pattern: input.pattern } : {}),
        facts: input.facts,
        management: patternPlan.get(n.item) ?? [],
        workup: n.item.workup,
      };
    }),
    ...ruled.flatMap(({ item }, j) => {
      const input = ruleInputs[j];
      const management = patternPlan.get(item);
      if (input === undefined || management === undefined) return [];
      return [
        {
          ...(input.disorder !== undefined ? { disorder: input.disorder } : {}),
          ...(input.grade !== undefined ? { grade: input.grade } : {}),
          ...(input.pattern ? { pattern: input.pattern } : {}),
          facts: input.facts,
          management,
          workup: item.workup,
        },
      ];
    }),
    // The procedure plan is checked by the same invariants as every other plan.
    ...(procedureInput !== undefined && procedureLines.length > 0
      ? [
          {
            disorder: procedureInput.disorder,
            ...(procedureInput.pattern ? { pattern: procedureInput.pattern } : {}),
            facts: procedureInput.facts,
            management: procedureLines,
            workup: [],
          },
        ]
      : []),
  ];
  return { report, planned };
}

/**
 * What a surveillance screen keeps of a patient's report: the findings without their workup and
 * management, the unexplained abnormalities without their workup or plan, and the exposures they name.
 */
export interface PatientScreen {
  readonly patientId: string;
  /** The record says the patient died at or before the evaluation (as in the full report). */
  readonly deceased?: PatientReport["deceased"];
  readonly exposures: readonly ExposureSummary[];
  readonly findings: readonly Omit<Finding, "workup" | "management">[];
  readonly unexplained: readonly Omit<UnexplainedItem, "workup" | "management">[];
}

/**
 * The screening view of {@link assessPatient}: the same findings and unexplained abnormalities from the
 * same steps (timeline checks, detectors, CTCAE grades), without what the view leaves out — management
 * plans and their facts, workup, and the scores at the evaluation (which decide only workup). Equals the
 * matching fields of the full report.
 *
 * @example
 * screenPatient(record, "2025-03-01T00:00:00Z", k).findings[0]?.certainty; // e.g. "probable"
 */
export function screenPatient(input: PatientRecord, evaluatedAt: IsoDateTime, k: Knowledge): PatientScreen {
  const { record, detections, unexplained } = examine(input, evaluatedAt, k);
  return {
    patientId: record.patientId,
    ...(record.deceased !== undefined && { deceased: record.deceased }),
    exposures: summarizeExposures(record),
    findings: detections,
    unexplained: unexplained(detections, []).items.map(({ workup: _, management: _plan, ...item }) => item),
  };
}

/** Names the engine and the knowledge (version and content hash) that produced a report. */
export function engineStamp(version: string, k: Knowledge): AssessmentReport["engine"] {
  return { name: "hemosentinel", version, knowledgeVersion: k.version, knowledgeHash: k.hash };
}

/** Assesses every patient; the report carries engine and knowledge versions, the evaluation time and the settings. */
export function assess(
  records: readonly PatientRecord[],
  evaluatedAt: IsoDateTime,
  k: Knowledge,
  engine: EngineInfo,
  inputErrors: readonly InputError[] = [],
): AssessmentReport {
  return {
    engine: engineStamp(engine.version, k),
    evaluatedAt,
    settings: engine.settings,
    patients: records.map((r) => assessPatient(r, evaluatedAt, k)),
    inputErrors,
  };
}

/**
 * The item on which a `shows` entry named on several unexplained items is planned: the one of the highest grade
 * (an unknown grade counts lowest), the first listed among equals.
 *
 * @example
 * plannedShows([anaemiaG3, aihaChartedG4], "ici-aiha") // aihaChartedG4
 */
export function plannedShows(items: readonly UnexplainedItem[], id: string): UnexplainedItem | undefined {
  let best: UnexplainedItem | undefined;
  for (const item of items) {
    if (item.shows?.id !== id) continue;
    if (best === undefined || (item.grade ?? 0) > (best.grade ?? 0)) best = item;
  }
  return best;
}
