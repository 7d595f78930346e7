/**
 * Selects cited management and work-up items for one finding from the knowledge base. Pure: the
 * knowledge is an argument, nothing is read from disk or the clock.
 */

import { KIND_ORDER } from "../../contracts/lists.js";
import type { Comparator } from "../../contracts/model.js";
import type { ArmGrade, ManagementItem, ScoreResult, WorkupItem } from "../../contracts/report.js";
import type { Certainty, DisorderId, ManagementKind, TherapyClass } from "../../contracts/vocabularies.js";
import type {
  FactCondition,
  ManagementFacts,
  ManagementKnowledge,
  Recommendation,
  When,
  WorkupEntry,
  WorkupKnowledge,
} from "../../knowledge/management.js";

/** What the planner needs to know about a finding and its patient. */
export interface ManagementInput {
  readonly disorder: DisorderId;
  readonly certainty: Certainty;
  /** Grade of the finding (CTCAE or the guideline's own scale); undefined when it could not be graded. */
  readonly grade?: number;
  /** Grades of the syndrome's arms (Evans), read by recommendations that name an arm. */
  readonly arms?: readonly ArmGrade[];
  /** Immunotherapy classes the patient has received; items for any of them apply. */
  readonly therapyClasses: readonly TherapyClass[];
  /** Clinical facts by name (see MANAGEMENT_FACTS for names and units); undefined = not known. */
  readonly facts: ManagementFacts;
  /**
   * Numeric facts read from a censored result (`<10 %`): the fact's value is the bound, and the true
   * value lies below (`<`, `<=`) or above (`>`, `>=`) it.
   */
  readonly censored?: Readonly<Record<string, Comparator>>;
  /**
   * The drugs behind each drug-on-board fact that holds (`cyp3a4-pgp-inhibitor-on-board` → `["posaconazole"]`):
   * an item that requires the fact names them, so the plan says which drug in the record it answers.
   */
  readonly onBoard?: Readonly<Record<string, readonly string[]>>;
  /**
   * The immunotherapies of the record by class, each in words with its last dose (`pembrolizumab, last dose
   * 2025-07-13, 212 days before the onset`): a decision line for a class names them, so a "withhold the
   * checkpoint inhibitor" after a CAR-T says which drug and when it was last given (classes are read
   * patient-wide, and a late irAE is not silenced by dropping the line).
   */
  readonly therapies?: Readonly<Partial<Record<TherapyClass, readonly string[]>>>;
  /**
   * A named unexplained pattern planned beside the findings (knowledge/unexplained.yaml `patterns`: a TMA
   * that ADAMTS13 > 20 % shows is not TTP): its own recommendations, not those of `disorder` (the disorder it
   * was excluded from). `grade` is its `severeGrade` when severe, absent below it.
   */
  readonly pattern?: PatternPlan;
}

/**
 * A plan of the patient that is no disorder's: the procedure plan (knowledge/unexplained.yaml `procedures`), made
 * whether or not a finding is detected, from its own recommendations alone (the report's `procedures`).
 */
export type PatientPlanInput = Omit<ManagementInput, "disorder" | "pattern"> & {
  readonly disorder?: undefined;
  readonly pattern: PatternPlan;
};

/** What the planner plans: a finding's or a named pattern's plan, or a plan of the patient that is no disorder's. */
export type PlanInput = ManagementInput | PatientPlanInput;

/** The recommendations of a named unexplained pattern, by its id. */
export interface PatternPlan {
  readonly id: string;
  readonly recommendations: readonly Recommendation[];
}

/**
 * The recommendations a plan is chosen from: a named pattern's own, else its disorder's (none with neither).
 *
 * @example
 * recommendationsOf({ disorder: "ttp", pattern: { id: "tma-not-ttp", recommendations: tma } }, k) // → tma
 */
export function recommendationsOf(
  input: { readonly disorder?: DisorderId; readonly pattern?: PatternPlan },
  knowledge: ManagementKnowledge,
): readonly Recommendation[] {
  return input.pattern?.recommendations ?? (input.disorder === undefined ? [] : knowledge[input.disorder]);
}

/**
 * The drugs in the record behind the drug-on-board facts a recommendation requires (`is: true`), or lists
 * as alternatives (`anyFacts`): `onBoard` holds the facts that hold only, so of an "either" pair only the
 * drugs of the fact that holds are named.
 *
 * @example
 * drugsNamed(thrAvoidDoacStrongInhibitor, { "cyp3a4-pgp-inhibitor-on-board": ["posaconazole"] }) // → ["posaconazole"]
 */
export function drugsNamed(r: Recommendation, onBoard: ManagementInput["onBoard"]): string[] {
  if (!onBoard) return [];
  return [...(r.when.facts ?? []), ...(r.when.anyFacts ?? [])].flatMap((c) =>
    c.is === true ? (onBoard[c.fact] ?? []) : [],
  );
}

/**
 * Whether a numeric condition holds for a censored value: `<10 %` is below 10 and at most 20, not above
 * 20; `<25 %` may or may not be below 10 (undefined: not known).
 */
function censoredHolds(c: FactCondition, bound: number, cmp: Comparator): boolean | undefined {
  const low = cmp === "<" || cmp === "<=";
  const under = (t: number, strict: boolean) =>
    // every value the result allows is below t (strict) or at most t
    cmp === "<" ? bound <= t : cmp === "<=" ? (strict ? bound < t : bound <= t) : undefined;
  const over = (t: number, strict: boolean) =>
    cmp === ">" ? bound >= t : cmp === ">=" ? (strict ? bound > t : bound >= t) : undefined;
  const decide = (all: boolean | undefined, none: boolean | undefined) =>
    all === true ? true : none === true ? false : undefined;
  if (c.below !== undefined)
    return low ? decide(under(c.below, true), undefined) : decide(undefined, over(c.below, false));
  if (c.atMost !== undefined)
    return low ? decide(under(c.atMost, false), undefined) : decide(undefined, over(c.atMost, true));
  if (c.above !== undefined)
    return low ? decide(undefined, under(c.above, false)) : decide(over(c.above, true), undefined);
  if (c.atLeast !== undefined)
    return low ? decide(undefined, under(c.atLeast, true)) : decide(over(c.atLeast, false), undefined);
  return false;
}

/** Whether one fact condition holds for the given facts (`censored`: facts read from a censored result). */
export function conditionHolds(
  c: FactCondition,
  facts: ManagementFacts,
  censored?: Readonly<Record<string, Comparator>>,
): boolean {
  const value = facts[c.fact];
  if (c.unknown) return value === undefined;
  if (value === undefined) return c.ifUnknown === true;
  if (c.is !== undefined) return value === c.is;
  if (typeof value !== "number") return false;
  const cmp = censored?.[c.fact];
  if (cmp !== undefined) {
    const held = censoredHolds(c, value, cmp);
    return held === undefined ? c.ifUnknown === true : held;
  }
  if (c.below !== undefined) return value < c.below;
  if (c.atMost !== undefined) return value <= c.atMost;
  if (c.above !== undefined) return value > c.above;
  if (c.atLeast !== undefined) return value >= c.atLeast;
  return false;
}

function gradeMatches(when: When, grade: number | undefined): boolean {
  if (when.gradeUnknown) return grade === undefined;
  if (when.gradeMin === undefined && when.gradeMax === undefined) return true;
  if (grade === undefined) return false;
  return (
    grade >= (when.gradeMin ?? Number.NEGATIVE_INFINITY) &&
    grade <= (when.gradeMax ?? Number.POSITIVE_INFINITY)
  );
}

/** The grade a recommendation reads: its arm's when it names one, else the finding's. */
export function gradeFor(when: When, input: Pick<ManagementInput, "grade" | "arms">): number | undefined {
  if (when.arm === undefined) return input.grade;
  return input.arms?.find((a) => a.id === when.arm)?.grade;
}

/**
 * Whether the fact conditions of a `when` hold: every condition of `facts`, and at least one of `anyFacts`
 * when it is given.
 *
 * @example
 * factsHold({ anyFacts: [{ fact: "cyp3a4-pgp-inhibitor-on-board", is: true }, { fact: "cyp3a4-pgp-inducer-on-board", is: true }] },
 *   { "cyp3a4-pgp-inducer-on-board": true }) // → true
 */
export function factsHold(
  w: Pick<When, "facts" | "anyFacts">,
  facts: ManagementFacts,
  censored?: Readonly<Record<string, Comparator>>,
): boolean {
  if (!(w.facts ?? []).every((c) => conditionHolds(c, facts, censored))) return false;
  return w.anyFacts === undefined || w.anyFacts.some((c) => conditionHolds(c, facts, censored));
}

/** Whether a recommendation applies to this finding: every condition of its `when` must hold. */
export function recommendationApplies(r: Recommendation, input: PlanInput): boolean {
  // A variant without a drug stands only in place of its item (planPatient), never on its own.
  return r.replaces === undefined && conditionsHold(r, input);
}

/** Whether the conditions of a recommendation's `when` hold for this finding (a variant's included). */
function conditionsHold(r: Recommendation, input: PlanInput): boolean {
  const w = r.when;
  if (!gradeMatches(w, gradeFor(w, input))) return false;
  if (w.classes && !w.classes.some((c) => input.therapyClasses.includes(c))) return false;
  if (w.notClasses?.some((c) => input.therapyClasses.includes(c))) return false;
  if (w.certainty && !w.certainty.includes(input.certainty)) return false;
  return factsHold(w, input.facts, input.censored);
}

/**
 * The management plan for one finding: the applicable recommendations of its disorder, ordered by kind
 * (KIND_ORDER, then knowledge order) and de-duplicated by action text — duplicates merge their
 * sources and caveats and keep the first id.
 *
 * @example
 * planManagement({ disorder: "ttp", certainty: "probable", grade: 3, therapyClasses: ["ici"], facts: {} }, k)
 * // → [{ id: "ttp-ici-g1-3-hold", kind: "immunotherapy", action: "Hold the checkpoint inhibitor; …", … }, …]
 */
export function planManagement(input: PlanInput, knowledge: ManagementKnowledge): ManagementItem[] {
  return toItems(
    recommendationsOf(input, knowledge).filter((r) => recommendationApplies(r, input)),
    input.onBoard,
    input.therapies,
  );
}

/**
 * Recommendations as plan items: merged by action text, ordered by kind, and within a kind a leading line
 * (`leads`) first, then urgent lines. An item that
 * requires a drug-on-board fact names the drugs behind it ({@link drugsNamed}) after its action.
 */
function toItems(
  recommendations: readonly Recommendation[],
  onBoard: ManagementInput["onBoard"],
  therapies?: ManagementInput["therapies"],
): ManagementItem[] {
  const byAction = new Map<
    string,
    {
      id: string;
      kind: ManagementKind;
      sourceIds: string[];
      caveats: string[];
      drugs: Set<string>;
      urgent: boolean;
      leads: boolean;
    }
  >();
  for (const r of recommendations) {
    const entry = byAction.get(r.action) ?? {
      id: r.id,
      kind: r.kind,
      sourceIds: [],
      caveats: [],
      drugs: new Set<string>(),
      urgent: false,
      leads: false,
    };
    if (r.urgent) entry.urgent = true;
    if (r.leads) entry.leads = true;
    for (const s of r.sourceIds) if (!entry.sourceIds.includes(s)) entry.sourceIds.push(s);
    if (r.caveat && !entry.caveats.includes(r.caveat)) entry.caveats.push(r.caveat);
    for (const d of drugsNamed(r, onBoard)) entry.drugs.add(d);
    // A decision about a therapy class names the record's drugs of that class with their last dose.
    if (r.kind === "immunotherapy" && therapies)
      for (const c of r.when.classes ?? []) for (const d of therapies[c] ?? []) entry.drugs.add(d);
    byAction.set(r.action, entry);
  }
  const leading = new Set([...byAction.values()].filter((e) => e.leads).map((e) => e.id));
  const items = [...byAction].map(([written, e]): ManagementItem => {
    const action =
      e.drugs.size > 0 ? `${written} In this patient's record: ${[...e.drugs].join(", ")}.` : written;
    return {
      id: e.id,
      kind: e.kind,
      action,
      sourceIds: e.sourceIds,
      ...(e.caveats.length > 0 ? { caveat: e.caveats.join(" ") } : {}),
      ...(e.urgent ? { urgent: true as const } : {}),
    };
  });
  // By kind; within a kind a leading line first, then urgent lines, then knowledge order (the sort is stable).
  return items.sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      Number(leading.has(b.id)) - Number(leading.has(a.id)) ||
      Number(b.urgent === true) - Number(a.urgent === true),
  );
}

/** Tags of the immunotherapy items that hold or stop the drug, and of those that continue it. */
const HOLD_TAGS = ["hold-immunotherapy", "permanent-discontinuation"] as const;
const CONTINUE_TAG = "continue-immunotherapy";
/** Tag of the immunotherapy items that stop the drug for good, and of those that offer to restart it later. */
const STOP_TAG = "permanent-discontinuation";
const RESTART_TAG = "restart-immunotherapy";

/**
 * The plans of every finding of one patient. A patient-scope avoid item of one finding (platelets in TTP,
 * plasma or human FVIII in AHA, heparin in HIT) holds for the whole patient: an item of another finding
 * that gives what it forbids is left out of that plan, and the avoid item is shown there instead, so that
 * no plan of the patient contradicts another. Likewise an item that continues the immunotherapy gives way
 * to the hold or stop of another finding, which is shown in its place, and an item that offers to restart it
 * later gives way to the permanent stop of another finding. A named unexplained pattern's plan
 * ({@link ManagementInput.pattern}) is one of these plans: it agrees with the findings' and they with it.
 *
 * @example
 * planPatient([dicInput, ahaInput], k) // the DIC plan loses its plasma item and shows the AHA avoid item
 */
export function planPatient(
  inputs: readonly PlanInput[],
  knowledge: ManagementKnowledge,
): ManagementItem[][] {
  const applicable = inputs.map((input) =>
    recommendationsOf(input, knowledge).filter((r) => recommendationApplies(r, input)),
  );
  const all = applicable.flat();
  const patientAvoids = all.filter((r) => r.kind === "avoid" && r.scope === "patient");
  // One immunotherapy decision per patient: a hold or a stop for one finding outranks "continue" for another.
  const holding = all.filter((r) => r.kind === "immunotherapy" && HOLD_TAGS.some((t) => r.tags?.includes(t)));
  // A permanent stop for one finding outranks an offer to restart later (a hold's "may be reintroduced").
  const stopping = holding.filter((r) => r.tags?.includes(STOP_TAG));
  // What a "continue" gives way to: every hold or stop, less the holds that offer a restart a stop rules out.
  const outranking = stopping.length > 0 ? holding.filter((r) => !r.tags?.includes(RESTART_TAG)) : holding;
  return applicable.map((own, i) => {
    const forbidding = (r: Recommendation) =>
      r.kind === "avoid"
        ? []
        : r.tags?.includes(CONTINUE_TAG)
          ? outranking
          : r.tags?.includes(RESTART_TAG) && stopping.some((s) => !own.includes(s))
            ? stopping.filter((s) => !own.includes(s))
            : patientAvoids.filter((a) => a.avoids?.some((t) => r.tags?.includes(t)));
    const input = inputs[i];
    const variants = input ? recommendationsOf(input, knowledge).filter((r) => r.replaces !== undefined) : [];
    // An item whose avoid tags are forbidden gives way to its variant without exactly those drugs, when it has one
    // that nothing forbids (the plan then says "not rituximab" where it offered it; "neither IVIG nor rituximab"
    // when the record bars both).
    const inPlace = (r: Recommendation): Recommendation | undefined => {
      const forbidden = (r.tags ?? []).filter((t) =>
        patientAvoids.some((a) => a.avoids?.includes(t) && r.kind !== "avoid"),
      );
      if (forbidden.length === 0) return undefined;
      const v = variants.find(
        (x) =>
          x.replaces?.id === r.id &&
          x.replaces.tags.length === forbidden.length &&
          forbidden.every((t) => x.replaces?.tags.includes(t)),
      );
      return v !== undefined && input !== undefined && conditionsHold(v, input) && forbidding(v).length === 0
        ? v
        : undefined;
    };
    // Within one plan a permanent stop outranks a hold of the same therapy classes ("hold and decide whether to
    // stop for good" beside "permanently discontinue": Evans syndrome with a grade 3 AIHA arm and platelets 18).
    const stops = own.filter((r) => r.kind === "immunotherapy" && r.tags?.includes(STOP_TAG));
    const heldByStop = (r: Recommendation) =>
      r.kind === "immunotherapy" &&
      !r.tags?.includes(STOP_TAG) &&
      HOLD_TAGS.some((t) => r.tags?.includes(t)) &&
      // A hold names its classes (a hold for every class would reach a drug the stop does not name).
      (r.when.classes?.length ?? 0) > 0 &&
      stops.some((s) => (r.when.classes ?? []).every((c) => s.when.classes?.includes(c)));
    // Likewise a permanent stop in the same plan outranks its offer to restart later ("consider restarting" beside
    // "stop permanently" after an immune myocarditis, whose stop line every plan carries).
    const restartedAfterStop = (r: Recommendation) =>
      r.tags?.includes(RESTART_TAG) === true &&
      !r.tags.includes(STOP_TAG) &&
      (r.when.classes?.length ?? 0) > 0 &&
      stops.some((s) => (r.when.classes ?? []).every((c) => s.when.classes?.includes(c)));
    const kept = own.flatMap((r) => {
      if (heldByStop(r) || restartedAfterStop(r)) return [];
      if (forbidding(r).length === 0) return [r];
      const v = inPlace(r);
      return v === undefined ? [] : [v];
    });
    // Another plan's avoid item is shown here only when this plan has none forbidding the same drugs: the same
    // shared line read by two plans (every.yaml avoid-rituximab-severe-infection in the DIC and the ITP plan of a
    // septic patient) was printed twice in one plan, once under each plan's id.
    const sameAvoids = (a: Recommendation, b: Recommendation) =>
      a.avoids !== undefined &&
      b.avoids !== undefined &&
      a.avoids.length === b.avoids.length &&
      a.avoids.every((t) => b.avoids?.includes(t));
    const shown = [...new Set(own.flatMap(forbidding))].filter(
      (a) => !own.includes(a) && !own.some((o) => o.kind === "avoid" && sameAvoids(o, a)),
    );
    return toItems([...kept, ...shown], input?.onBoard, input?.therapies);
  });
}

/**
 * Tests that would confirm or exclude the disorder and are not yet resulted. When the diagnosis is
 * definite only tests that still steer treatment remain (e.g. the FVIII inhibitor titre in AHA, the
 * ADAMTS13 activity that decides on caplacizumab in TTP).
 *
 * @example
 * planWorkup("aha", "definite", new Set(["aptt"]), k).map((w) => w.test)
 * // → ["FVIII activity", "FVIII inhibitor titre (Bethesda)", "Imaging of bleeding sites"]
 */
export function planWorkup(
  disorder: DisorderId,
  certainty: Certainty,
  resultedLabIds: ReadonlySet<string>,
  knowledge: WorkupKnowledge,
  scores: readonly ScoreResult[] = [],
  metDifferentials: ReadonlySet<string> = new Set(),
  facts: ManagementFacts = {},
): WorkupItem[] {
  return knowledge[disorder]
    .filter((w) => w.onlyNamed !== true)
    .filter((w) => !resultedLabIds.has(w.id))
    .filter((w) => certainty !== "definite" || w.guidesTreatment === true)
    .filter((w) => workupIndicated(w, scores, metDifferentials))
    .filter((w) => !w.notIfFacts?.some((f) => facts[f] === true))
    .filter((w) => w.onlyIfFacts === undefined || w.onlyIfFacts.every((f) => facts[f] === true))
    .map(workupItem);
}

/** The report's form of a work-up entry. */
export function workupItem(w: WorkupEntry): WorkupItem {
  const base = { id: w.id, test: w.test, why: w.why, sourceIds: w.sourceIds };
  return w.loinc ? { ...base, loinc: w.loinc } : base;
}

/**
 * A test with a differential condition is indicated only when the finding's differential of that id is met.
 * A test with a score condition is indicated when the patient's score reaches it or, incomplete, could
 * still reach it; a score that does not apply (absent from the scores) rules the test out.
 *
 * @example
 * workupIndicated(pf4Assay, []); // false: no heparin, no 4Ts, no HIT assay (ASH 2018)
 */
export function workupIndicated(
  w: WorkupEntry,
  scores: readonly ScoreResult[],
  metDifferentials: ReadonlySet<string> = new Set(),
): boolean {
  if (w.onlyIfDifferential !== undefined && !metDifferentials.has(w.onlyIfDifferential)) return false;
  if (!w.onlyIfScore) return true;
  const { score, atLeast } = w.onlyIfScore;
  const s = scores.find((x) => x.id === score);
  if (!s || s.value === null) return s !== undefined;
  return s.value >= atLeast || s.category === "incomplete";
}
