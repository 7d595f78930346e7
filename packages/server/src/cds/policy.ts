/**
 * The card policy, as two cited tables (docs/cds-hooks.md, "Card urgency" and "Orders"): how urgent a
 * finding's card is, and what each immunotherapy decision of the knowledge base's management means for
 * a draft order of that drug. Alert fatigue is the main reason EHR alerts get ignored, so `critical`
 * is kept for findings where a delay harms the patient. A test checks both tables against the knowledge
 * base (every reference exists, every immunotherapy decision is classified).
 */
import type { Certainty, DisorderId, Finding, UnexplainedItem } from "@hemosentinel/core";
import type { Indicator } from "./schemas.js";

/** One row of the urgency table; the first row whose conditions all hold gives the indicator. */
export interface IndicatorRule {
  /** Absent: any disorder. */
  readonly disorder?: DisorderId;
  readonly certainty?: readonly Certainty[];
  readonly gradeMin?: number;
  /** A criterion of the disorder definition that must be met (e.g. `bleeding`). */
  readonly criterionMet?: string;
  readonly indicator: Indicator;
  /** Why, in words (shown in docs/cds-hooks.md). */
  readonly why: string;
  /** Knowledge-base references the row rests on; empty for HemoSentinel's own defaults. */
  readonly sourceIds: readonly string[];
}

const SUSPECTED: readonly Certainty[] = ["definite", "probable"];

/** The urgency table: first match wins. */
export const INDICATOR_RULES: readonly IndicatorRule[] = [
  {
    disorder: "ttp",
    certainty: SUSPECTED,
    indicator: "critical",
    why: "Immune TTP is fatal without prompt treatment: start plasma exchange on high suspicion, without waiting for ADAMTS13.",
    sourceIds: ["isth-ttp-treatment-2020", "zheng-2020-isth-ttp-diagnosis", "asco-2021-irae-hematologic"],
  },
  {
    disorder: "dic",
    certainty: SUSPECTED,
    criterionMet: "bleeding",
    indicator: "critical",
    why: "DIC with bleeding needs platelet, plasma and fibrinogen replacement and treatment of the trigger now.",
    sourceIds: ["wada-isth-dic-2013", "levi-2009-dic-guideline"],
  },
  {
    disorder: "carac",
    certainty: SUSPECTED,
    criterionMet: "bleeding",
    indicator: "critical",
    why: "Coagulopathy with bleeding after CAR-T: replace fibrinogen and treat the CRS that drives it without delay.",
    sourceIds: ["mei-2022-carac-consensus", "hayden-ebmt-eha-cart-2022"],
  },
  {
    disorder: "aha",
    certainty: SUSPECTED,
    criterionMet: "bleeding",
    indicator: "critical",
    why: "Acquired haemophilia A with bleeding: start bypassing-agent haemostatic treatment promptly; bleeding can be fatal.",
    sourceIds: ["tiede-2020-aha"],
  },
  {
    disorder: "ttp",
    certainty: ["possible"],
    indicator: "warning",
    why: "TTP not excluded: estimate the pretest probability and draw ADAMTS13 before any plasma or blood product.",
    sourceIds: ["zheng-2020-isth-ttp-diagnosis"],
  },
  {
    certainty: SUSPECTED,
    indicator: "warning",
    why: "A probable or definite finding changes the plan (work-up, the next dose): the user should read it, without an interruptive alert.",
    sourceIds: [],
  },
  {
    certainty: ["possible"],
    gradeMin: 3,
    indicator: "warning",
    why: "A possible finding of grade 3 or more is serious enough to review even before it is confirmed.",
    sourceIds: [],
  },
  {
    indicator: "info",
    why: "A possible finding of low grade: shown for information, with the tests that would settle it.",
    sourceIds: [],
  },
];

function matches(rule: IndicatorRule, finding: Finding): boolean {
  if (rule.disorder !== undefined && rule.disorder !== finding.disorder) return false;
  if (rule.certainty !== undefined && !rule.certainty.includes(finding.certainty)) return false;
  if (rule.gradeMin !== undefined && (finding.grade === undefined || finding.grade < rule.gradeMin))
    return false;
  if (rule.criterionMet !== undefined) {
    const criterion = finding.criteria.find((c) => c.id === rule.criterionMet);
    if (criterion?.status !== "met") return false;
  }
  return true;
}

/** The urgency of a finding's card and the table row that gave it. */
export function indicatorOf(finding: Finding): IndicatorRule {
  const rule = INDICATOR_RULES.find((r) => matches(r, finding));
  // The table ends with a catch-all row.
  return rule as IndicatorRule;
}

/** One row of the urgency table of unexplained items; the first row whose conditions all hold gives it. */
export interface UnexplainedIndicatorRule {
  readonly gradeMin?: number;
  /** The item's plan (a named pattern's) has a line to act on at once (`urgent`). */
  readonly urgentPlan?: true;
  readonly indicator: Indicator;
  readonly why: string;
  readonly sourceIds: readonly string[];
}

/**
 * The urgency of an unexplained item, as a finding's follows its grade: a named pattern at grade 3 or more
 * whose cited plan acts now is as urgent as a suspected TTP; every other item is serious and read without
 * an interruptive alert. Gives the FHIR DetectedIssue's severity (rest/fhir-output.ts).
 */
export const UNEXPLAINED_INDICATOR_RULES: readonly UnexplainedIndicatorRule[] = [
  {
    gradeMin: 3,
    urgentPlan: true,
    indicator: "critical",
    why: "A named pattern of grade 3 or more whose plan acts now (a thrombotic microangiopathy that is not TTP at ASCO's hemolytic uremic syndrome grade 3: hematology now, the checkpoint inhibitor stopped for good, eculizumab).",
    sourceIds: ["asco-2021-irae-hematologic"],
  },
  {
    indicator: "warning",
    why: "A serious abnormality after immunotherapy that no finding accounts for: read it and work it up, without an interruptive alert.",
    sourceIds: [],
  },
];

/**
 * The urgency of an unexplained item and the table row that gave it.
 *
 * @example
 * unexplainedIndicatorOf(report.unexplained[0]).indicator // → "critical" for a grade 3 TMA that is not TTP
 */
export function unexplainedIndicatorOf(
  u: Pick<UnexplainedItem, "grade" | "management">,
): UnexplainedIndicatorRule {
  const rule = UNEXPLAINED_INDICATOR_RULES.find(
    (r) =>
      (r.gradeMin === undefined || (u.grade ?? 0) >= r.gradeMin) &&
      (r.urgentPlan === undefined || (u.management ?? []).some((m) => m.urgent === true)),
  );
  // The table ends with a catch-all row.
  return rule as UnexplainedIndicatorRule;
}

/**
 * What an immunotherapy decision of the management knowledge means for the next dose:
 * `stop` permanently, `hold` per the guideline, `withhold` as a precaution where no guideline covers the
 * class, `decide` (the guideline leaves it to the team, or asks for the grade first), `continue`, and
 * `not-applicable` (nothing to hold: a single CAR-T infusion).
 */
export type DoseDecision = "stop" | "hold" | "withhold" | "decide" | "continue" | "not-applicable";

/** Decisions that make a draft order of the drug a critical card. */
export const BLOCKING: ReadonlySet<DoseDecision> = new Set(["stop", "hold", "withhold"]);

/**
 * Every `immunotherapy` recommendation of packages/knowledge/data/management, by id (the action text and
 * its sources are in the knowledge file; a test fails when a recommendation is missing here).
 */
export const DOSE_DECISIONS: Readonly<Record<string, DoseDecision>> = {
  "aha-ici-g1-2-hold": "hold",
  "aha-ici-g3-4-stop": "stop",
  "aha-ici-recurred-on-rechallenge-stop": "stop",
  "aha-ici-stop-after-irae": "stop",
  "aha-ici-grade-unknown": "hold",
  "aha-non-ici-no-guideline": "withhold",
  "aha-non-ici-recurred-on-rechallenge": "withhold",
  "aha-car-t-nothing-to-hold": "not-applicable",
  "carac-car-t-nothing-to-hold": "not-applicable",
  "carac-ici-stop-after-irae": "stop",
  "carac-bispecific-no-guideline": "withhold",
  "carac-other-class-no-guideline": "decide",
  "dic-ici-no-guideline": "withhold",
  "dic-bispecific-no-guideline": "withhold",
  "dic-antibody-no-guideline": "withhold",
  "dic-car-t-nothing-to-hold": "not-applicable",
  "dic-car-t-see-carac": "not-applicable",
  "dic-ici-stop-after-irae": "stop",
  "evans-ici-hold": "hold",
  "evans-ici-hold-anaemia": "hold",
  "evans-ici-g2-recovered-resume": "continue",
  "evans-ici-g3-recovered-consider": "decide",
  "evans-ici-aiha-g3-4-stop": "stop",
  "evans-ici-itp-g4": "hold",
  "evans-ici-grade-unknown": "hold",
  "evans-non-ici-no-guideline": "decide",
  "evans-epcoritamab-below-50-withhold": "hold",
  "evans-epcoritamab-aiha-g3-withhold": "hold",
  "evans-ici-recurred-on-rechallenge-stop": "stop",
  "evans-ici-stop-after-irae": "stop",
  "evans-non-ici-recurred-on-rechallenge": "withhold",
  "evans-car-t-nothing-to-hold": "not-applicable",
  "itp-ici-g1-continue": "continue",
  "itp-ici-g2-3-hold": "hold",
  "itp-ici-g2-recovered-resume": "continue",
  "itp-ici-g3-recovered-consider": "decide",
  "itp-ici-g4-hold": "hold",
  "itp-ici-grade-unknown": "decide",
  "itp-ici-hlh-hold": "hold",
  "itp-bispecific-no-guideline": "decide",
  "itp-epcoritamab-below-50-withhold": "hold",
  "itp-epcoritamab-major-bleeding-withhold": "hold",
  "itp-epcoritamab-50-or-more": "decide",
  "itp-epcoritamab-count-unknown": "decide",
  "itp-antibody-no-guideline": "decide",
  "itp-ici-recurred-on-rechallenge-stop": "stop",
  "itp-ici-stop-after-irae": "stop",
  "itp-non-ici-recurred-on-rechallenge": "withhold",
  "itp-car-t-nothing-to-hold": "not-applicable",
  "thr-ici-g1-3-continue": "continue",
  "thr-ici-g4-hold": "hold",
  "thr-ici-grade-unknown": "decide",
  "thr-non-ici-no-guideline": "decide",
  "thr-car-t-nothing-to-hold": "not-applicable",
  "thr-ici-stop-after-irae": "stop",
  "ttp-ici-g1-3-hold": "hold",
  "ttp-ici-g4-stop": "stop",
  "ttp-ici-recurred-on-rechallenge-stop": "stop",
  "ttp-ici-stop-after-irae": "stop",
  "ttp-ici-grade-unknown": "hold",
  "ttp-non-ici-no-guideline": "withhold",
  "ttp-non-ici-recurred-on-rechallenge": "withhold",
  "ttp-car-t-nothing-to-hold": "not-applicable",
  // A named unexplained pattern's own plan (knowledge/unexplained.yaml `patterns`).
  "tma-ici-g1-2-continue": "continue",
  "tma-ici-g3-stop": "stop",
  "tma-non-ici-no-guideline": "decide",
  // An immune-related myocarditis on record (every.yaml ici-stop-after-irae, ASCO 2021 Table 9.1), in every plan.
  "tma-not-ttp-ici-stop-after-irae": "stop",
  // What an unexplained abnormality shows (knowledge/unexplained.yaml `shows`): a hematologic irAE named.
  "irae-aiha-ici-g3-4-stop": "stop",
  "irae-aiha-ici-grade-unknown": "hold",
  "irae-aiha-ici-g1-continue": "continue",
  "irae-aiha-ici-g2-hold": "hold",
  "irae-pancytopenia-ici-hold": "hold",
  "irae-neutropenia-ici-hold": "hold",
  // An AIHA after CAR-T (the `aiha-other` item): a single infusion, nothing to hold; its corticosteroid is the CAR-T
  // team's decision.
  "aiha-other-car-t-corticosteroid": "not-applicable",
  // A pregnancy charted on a checkpoint inhibitor (management/every.yaml `ici-pregnancy-fetal-risk`): the label's
  // fetal harm puts the next dose to oncology and obstetrics, whatever the disorder's own line allows.
  "aha-ici-pregnancy-fetal-risk": "decide",
  "carac-ici-pregnancy-fetal-risk": "decide",
  "dic-ici-pregnancy-fetal-risk": "decide",
  "evans-ici-pregnancy-fetal-risk": "decide",
  "itp-ici-pregnancy-fetal-risk": "decide",
  "thr-ici-pregnancy-fetal-risk": "decide",
  "tma-not-ttp-ici-pregnancy-fetal-risk": "decide",
  "ttp-ici-pregnancy-fetal-risk": "decide",
};

/** Most restrictive first. */
export const DECISION_ORDER: readonly DoseDecision[] = [
  "stop",
  "hold",
  "withhold",
  "decide",
  "continue",
  "not-applicable",
];

/**
 * Override reasons offered on order cards (CDS Hooks `overrideReasons`): the reasons a prescriber
 * signs despite the card, coded so that the feedback summary can count them.
 */
export const OVERRIDE_REASON_SYSTEM = "urn:hemosentinel:cds:override-reason";
export const OVERRIDE_REASONS = [
  { code: "benefit-outweighs-risk", display: "Oncology decided the benefit outweighs the risk" },
  { code: "hematology-cleared", display: "Hematology reviewed and cleared the next dose" },
  { code: "finding-resolved", display: "The finding has resolved" },
  { code: "finding-not-applicable", display: "The finding does not apply to this patient" },
].map((r) => ({ system: OVERRIDE_REASON_SYSTEM, ...r }));

/**
 * Override reasons of the cards of orders the plan forbids (heparin with HIT suspected, tranexamic acid beside
 * an acute thrombosis): the same system, with the reasons a prescriber signs such an order despite the card.
 * `order-allowed` is offered only where the card asks to check the dose or the other drugs taken.
 */
export const AVOID_OVERRIDE_REASONS = [
  { code: "benefit-outweighs-risk", display: "The treating team decided the benefit outweighs the risk" },
  { code: "hematology-cleared", display: "Hematology reviewed and approved this order" },
  { code: "finding-resolved", display: "The finding has resolved" },
  { code: "finding-not-applicable", display: "The finding does not apply to this patient" },
  { code: "order-allowed", display: "The dose or combination ordered is one the plan allows" },
].map((r) => ({ system: OVERRIDE_REASON_SYSTEM, ...r }));

/**
 * Override reasons of the cards of orders a plan line must reach (a red-cell transfusion after an anti-CD38
 * antibody): the order is not forbidden, so the reasons say why the line needs no action now.
 */
export const NOTICE_OVERRIDE_REASONS = [
  { code: "blood-bank-informed", display: "The blood bank has been told of the treatment" },
  { code: "line-not-applicable", display: "The line does not apply to this patient" },
].map((r) => ({ system: OVERRIDE_REASON_SYSTEM, ...r }));

/**
 * Override reasons of a notice card whose line names a measure to take before the order (antiviral prophylaxis
 * before rituximab with a hepatitis B on record): taken or arranged where the record does not show it yet.
 */
export const MEASURE_OVERRIDE_REASONS = [
  { code: "measure-arranged", display: "The measure the line names is started or arranged" },
  { code: "line-not-applicable", display: "The line does not apply to this patient" },
].map((r) => ({ system: OVERRIDE_REASON_SYSTEM, ...r }));
