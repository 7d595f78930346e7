/**
 * The plan lines a clinician acts on first, in the summary where they are seen without scrolling: for
 * each finding the urgent lines (emergencies, what to do now), the immunotherapy decision (hold or stop the drug),
 * an antithrombotic kept stopped after a major bleed charted as ended, and what to avoid, each with its sources;
 * so for a named unexplained pattern with its own plan (a thrombotic microangiopathy that is not TTP). A line
 * that several plans carry (one finding's hold of the checkpoint inhibitor shown in another's plan in place of
 * its "continue", a patient-wide avoid line), or the same hold or stop of the drug in two plans' words, is shown
 * once, naming every finding it serves. The plans with an urgent line come first. The full plan stays in its card; this repeats, never replaces, it.
 */
import {
  disorderLabel,
  type Finding,
  HIT_DIFFERENTIALS,
  type Knowledge,
  type ManagementItem,
  PROCEDURES_HEADING,
  type ProcedurePlan,
  type ScoreResult,
  type UnexplainedItem,
  unexplainedPlans,
} from "@hemosentinel/core";
import { Link } from "../app/router.js";
import { calculatorPath } from "../calculators/paths.js";
import {
  type ActFirstGroup,
  type ActFirstKind,
  actFirstItems,
  arrangeActFirst,
  type FactCondition,
  itemIdsWithFact,
  procedureGroup,
  servesText,
  sharedText,
} from "./act-first.js";
import { PROCEDURES_ANCHOR } from "./procedure-plan.js";
import { Cites, useWords } from "./words.js";

const TAG: Readonly<Record<ActFirstKind, string>> = {
  urgent: "Urgent",
  immunotherapy: "Immunotherapy",
  withhold: "Keep stopped",
  avoid: "Avoid",
};

/** The anchor of an unexplained item's card, for the Act first link to its full plan. */
export function unexplainedAnchor(u: Pick<UnexplainedItem, "abnormality" | "at">): string {
  return `unexplained-${u.abnormality}-${u.at.slice(0, 10)}`;
}

/**
 * An unexplained item's name in words: what the record shows, when the knowledge names it (an autoimmune
 * haemolytic anaemia behind a grade 3 anaemia), before the abnormality it was found from; else the abnormality.
 *
 * @example unexplainedTitle({ abnormality: "anemia", grade: 3, shows: { id: "aiha", name: "autoimmune haemolytic anaemia" } }, () => "Anemia")
 * // "Autoimmune haemolytic anaemia — Anemia, grade 3" (short: "Autoimmune haemolytic anaemia")
 */
export function unexplainedTitle(
  u: Pick<UnexplainedItem, "abnormality" | "grade" | "shows">,
  abnormality: (id: string) => string,
  /**
   * The item's card names the abnormality and grade too; Act first's heading is short: the named disorder
   * alone, or the abnormality without its grade.
   */
  full = true,
): string {
  const base = `${abnormality(u.abnormality)}${!full || u.grade === undefined ? "" : `, grade ${u.grade}`}`;
  if (u.shows === undefined) return base;
  const shows = `${u.shows.name.charAt(0).toUpperCase()}${u.shows.name.slice(1)}`;
  return full ? `${shows} — ${base}` : shows;
}

/** The ids of the recommendations the knowledge base gives only when HIT is suspected (`hit-suspected: true`). */
export function hitSuspectedItemIds(k: Pick<Knowledge, "management">): ReadonlySet<string> {
  const ids = new Set<string>();
  for (const recs of Object.values(k.management))
    for (const r of recs)
      if ((r.when.facts ?? []).some((c) => c.fact === "hit-suspected" && c.is === true)) ids.add(r.id);
  return ids;
}

/**
 * A condition that names an age group (a child, a woman of childbearing age, an older adult). "An adult" alone
 * (from 18, no upper bound) only keeps a line from a child: it is the ordinary line, not a caution of age.
 */
export function byAgeGroup(c: FactCondition): boolean {
  if (c.fact !== "age") return false;
  const adultOnly =
    c.below === undefined &&
    c.atMost === undefined &&
    (c.atLeast ?? c.above ?? Number.POSITIVE_INFINITY) <= 18;
  return !adultOnly;
}

/**
 * The ids of the recommendations the knowledge base gives by the patient's age (a condition on the `age`
 * fact) that are not avoid lines: under 18, the line that the plan's doses and thresholds are adult ones — in
 * a finding's plan, a named unexplained pattern's, or a single unexplained abnormality's. An avoid line by age
 * (no apixaban or edoxaban in a child) stays among the avoid lines, where the prescriber reads what not to
 * give: heading Act first as well, it was shown twice.
 */
export function ageItemIds(k: Pick<Knowledge, "management" | "unexplained">): ReadonlySet<string> {
  const ids = itemIdsWithFact(k, byAgeGroup);
  const avoid = new Set(
    [...Object.values(k.management), ...unexplainedPlans(k.unexplained)]
      .flat()
      .filter((r) => r.kind === "avoid")
      .map((r) => r.id),
  );
  return new Set([...ids].filter((id) => !avoid.has(id)));
}

/**
 * Why the plan manages HIT as suspected, above the lines that say so: the HIT differential met, or the
 * patient's 4Ts score with what is missing from it and a link to the 4Ts calculator to complete it.
 */
function HitWhy(props: { readonly findings: readonly Finding[]; readonly scores: readonly ScoreResult[] }) {
  const { w } = useWords();
  const met = props.findings
    .flatMap((f) => f.differentials)
    .find((d) => HIT_DIFFERENTIALS.has(d.id) && d.status === "met");
  const fourTs = props.scores.find((s) => s.id === "4ts");
  if (met === undefined && fourTs === undefined) return null;
  const incomplete = fourTs?.category === "incomplete";
  return (
    <div className="act-why" data-why="hit">
      <p>
        <strong>Why HIT is suspected:</strong>{" "}
        {met !== undefined ? (
          <>
            {w.prose(met.label)} — met{met.detail === undefined ? "" : `: ${w.prose(met.detail)}`}
          </>
        ) : fourTs !== undefined && incomplete ? (
          <>
            the 4Ts score is incomplete — {fourTs.value ?? 0} points certain on {fourTs.at.slice(0, 10)}, and
            the missing items could still make it intermediate or high, so heparin is stopped until it is
            completed.
          </>
        ) : fourTs !== undefined ? (
          <>
            4Ts score {fourTs.value ?? "—"} on {fourTs.at.slice(0, 10)}.
          </>
        ) : null}
      </p>
      {fourTs !== undefined && incomplete && fourTs.missing.length > 0 ? (
        <p>
          To complete: {fourTs.missing.map((m) => w.component("4ts", m)).join("; ")} —{" "}
          <Link to={calculatorPath("4ts")}>open the 4Ts calculator</Link> and enter the platelet counts by day
          of the heparin course and what is known at the bedside.
        </p>
      ) : null}
      {fourTs !== undefined && incomplete ? (
        <p className="act-why-detail">The score as computed: {w.prose(fourTs.interpretation)}</p>
      ) : null}
    </div>
  );
}

export function ActFirst({
  findings,
  unexplained = [],
  procedures,
  scores = [],
  hitItems = new Set(),
  ageItems = new Set(),
  withholdItems = new Set(),
  drugDecisions = new Map(),
}: {
  readonly findings: readonly Finding[];
  readonly unexplained?: readonly UnexplainedItem[];
  /** The plan before a planned procedure: its urgent lines (a near procedure, a low count) are acted on first. */
  readonly procedures?: ProcedurePlan | undefined;
  /** The patient's scores (for why HIT is suspected). */
  readonly scores?: readonly ScoreResult[];
  /** {@link hitSuspectedItemIds} of the knowledge base in use. */
  readonly hitItems?: ReadonlySet<string>;
  /** {@link ageItemIds} of the knowledge base in use. */
  readonly ageItems?: ReadonlySet<string>;
  /** The ids of the lines that keep an antithrombotic stopped after a bleed (act-first.ts `bleedEndedItemIds`). */
  readonly withholdItems?: ReadonlySet<string>;
  /** The drug decision of each hold or stop line (act-first.ts `drugDecisionKeys`). */
  readonly drugDecisions?: ReadonlyMap<string, string>;
}) {
  const { ctx, w } = useWords();
  // The age line (adult doses in a child) heads the list once, whichever plans carry it: it qualifies every
  // dose and threshold below it, so it is read before them. Two plans' age lines in different words (the ITP's
  // names its adult doses) each name the plans they are for.
  const ageLines = new Map<string, { readonly item: ManagementItem; readonly serves: string[] }>();
  const plans = [
    ...findings.map((f) => ({ title: disorderLabel(ctx, f.disorder), management: f.management })),
    ...unexplained.map((u) => ({
      title: `Unexplained: ${unexplainedTitle(u, w.abnormality, false)}`,
      management: u.management,
    })),
  ];
  for (const plan of plans)
    for (const item of plan.management ?? []) {
      if (!ageItems.has(item.id)) continue;
      const line = ageLines.get(item.action) ?? { item, serves: [] };
      if (!line.serves.includes(plan.title)) line.serves.push(plan.title);
      ageLines.set(item.action, line);
    }
  const groups = arrangeActFirst(
    [
      ...findings.map((f) => ({
        key: f.disorder,
        title: disorderLabel(ctx, f.disorder),
        anchor: `plan-${f.disorder}`,
        unexplained: false,
        items: actFirstItems(f, withholdItems),
      })),
      ...unexplained.map((u) => ({
        key: unexplainedAnchor(u),
        title: `Unexplained: ${unexplainedTitle(u, w.abnormality, false)}`,
        anchor: unexplainedAnchor(u),
        unexplained: true,
        items: actFirstItems(u, withholdItems),
      })),
      // Only the procedure plan's urgent lines: its other lines are advice for a day still to come.
      ...[procedureGroup(procedures, PROCEDURES_HEADING, PROCEDURES_ANCHOR)].filter(
        (g): g is ActFirstGroup => g !== undefined,
      ),
    ].filter((g) => g.items.length > 0),
    drugDecisions,
  );
  if (groups.length === 0 && ageLines.size === 0) return null;
  const hit = groups.some((g) => g.items.some(({ item }) => hitItems.has(item.id)));
  return (
    <section className="act-first" aria-labelledby="act-first-title">
      <h3 id="act-first-title">Act first</h3>
      {ageLines.size > 0 ? (
        <ul className="act-age">
          {[...ageLines.values()].map(({ item, serves }) => (
            <li key={item.id} className="act age" data-item={item.id}>
              <span className="act-tag">
                <span aria-hidden="true">⚠ </span>Before any dose:
              </span>{" "}
              {w.prose(item.action)}
              <Cites ids={item.sourceIds} />
              {ageLines.size > 1 ? <span className="act-serves"> — for {servesText(serves)}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      {hit ? <HitWhy findings={findings} scores={scores} /> : null}
      {groups.map(({ key, title, anchor, unexplained: named, items, sharedAbove }) => (
        <div key={key} className="act-first-finding">
          {groups.length > 1 || named ? <h4>{title}</h4> : null}
          {items.length > 0 ? (
            <ul>
              {items.map(({ kind, item, serves }) => (
                <li key={item.id} className={`act ${kind}`} data-item={item.id}>
                  <span className="act-tag">
                    {kind === "immunotherapy" ? null : <span aria-hidden="true">⚠ </span>}
                    {TAG[kind]}:
                  </span>{" "}
                  {w.prose(item.action)}
                  <Cites ids={item.sourceIds} />
                  {serves.length > 1 ? <span className="act-serves"> — for {servesText(serves)}</span> : null}
                </li>
              ))}
            </ul>
          ) : null}
          {sharedAbove.length > 0 ? <p className="act-shared">{sharedText(sharedAbove)}</p> : null}
          <p className="act-more">
            <a href={`#${anchor}`}>Full plan, caveats and work-up for {title}</a>
          </p>
        </div>
      ))}
    </section>
  );
}
