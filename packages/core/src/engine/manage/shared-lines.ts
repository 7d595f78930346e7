/**
 * One line per patient: a line that several plans of one patient carry in the same words, with the same sources,
 * caveat and urgency (the HLH treatment under each cytopenia it may explain and under a charted HLH, the stop of a
 * VEGF antibody under two bleeds), is shown once, under the first plan that carries it (the findings in the
 * report's order, then the unexplained items), which names the others (`sharedWith`); each of the others lists it
 * in its `sharedLines`. A line that differs in any of these stays in each plan. An avoid line is never shared: a
 * clinician reading one plan (the thrombosis plan beside an acquired haemophilia) must see what not to give there
 * in full, not behind a pointer. Pure.
 */
import { KIND_ORDER } from "../../contracts/lists.js";
import type {
  Finding,
  ManagementItem,
  PatientReport,
  PlanRef,
  SharedLine,
  UnexplainedItem,
} from "../../contracts/report.js";

/** What makes two lines the same line for the reader: everything but the id (each plan's prefix). */
function lineKey(m: ManagementItem): string {
  return JSON.stringify([m.kind, m.action, m.sourceIds, m.caveat ?? null, m.urgent ?? false]);
}

const findingRef = (f: Finding): PlanRef => ({ plan: "finding", id: f.disorder });
const unexplainedRef = (u: UnexplainedItem): PlanRef => ({ plan: "unexplained", id: u.abnormality });
const sameRef = (a: PlanRef, b: PlanRef) => a.plan === b.plan && a.id === b.id;

/**
 * The findings and unexplained items with each repeated line shown once.
 *
 * @example
 * sharePlanLines([dic], [anaemia, neutropenia]) // the HLH lines under DIC (sharedWith: the two cytopenias);
 * // each cytopenia: sharedLines [{ id: "unexplained-…", kind: "supportive", under: { plan: "finding", id: "dic" },
 * //   shownAs: "dic-…" }]
 */
export function sharePlanLines(
  findings: readonly Finding[],
  unexplained: readonly UnexplainedItem[],
): { findings: Finding[]; unexplained: UnexplainedItem[] } {
  const plans: { ref: PlanRef; lines: readonly ManagementItem[] }[] = [
    ...findings.map((f) => ({ ref: findingRef(f), lines: f.management })),
    ...unexplained.map((u) => ({ ref: unexplainedRef(u), lines: u.management ?? [] })),
  ];
  /** Where each line is shown first: its plan's index, its own, and the plans that also carry it. */
  const first = new Map<string, { at: number; line: ManagementItem; also: PlanRef[] }>();
  const kept: ManagementItem[][] = [];
  const shared: SharedLine[][] = [];
  plans.forEach(({ ref, lines }, i) => {
    const own: ManagementItem[] = [];
    const elsewhere: SharedLine[] = [];
    for (const m of lines) {
      if (m.kind === "avoid") {
        own.push(m);
        continue;
      }
      const key = lineKey(m);
      const shown = first.get(key);
      if (shown === undefined) {
        first.set(key, { at: i, line: m, also: [] });
        own.push(m);
      } else if (shown.at === i) own.push(m);
      else {
        if (!shown.also.some((r) => sameRef(r, ref))) shown.also.push(ref);
        const under = plans[shown.at]?.ref as PlanRef;
        elsewhere.push({
          id: m.id,
          kind: m.kind,
          under,
          ...(shown.line.id !== m.id && { shownAs: shown.line.id }),
        });
      }
    }
    kept.push(own);
    shared.push(elsewhere);
  });
  const alsoOf = new Map<ManagementItem, PlanRef[]>(
    [...first.values()].filter((s) => s.also.length > 0).map((s) => [s.line, s.also]),
  );
  const finish = (i: number) => {
    const management = (kept[i] ?? []).map((m) => {
      const also = alsoOf.get(m);
      return also === undefined ? m : { ...m, sharedWith: also };
    });
    const sharedLines = shared[i] ?? [];
    return { management, ...(sharedLines.length > 0 && { sharedLines }) };
  };
  return {
    findings: findings.map((f, i) => ({ ...f, ...finish(i) })),
    unexplained: unexplained.map((u, j) => {
      const i = findings.length + j;
      if (u.management === undefined) return u;
      return { ...u, ...finish(i) };
    }),
  };
}

/**
 * A plan's whole list of lines, its shared ones included (found under the plan that shows them): what one
 * finding's or one item's plan holds when read alone (a CDS card of one finding, its drug decision).
 *
 * @example
 * wholePlan(report, report.unexplained[1]) // its own lines and the HLH lines shown under DIC
 */
export function wholePlan(
  report: Pick<PatientReport, "findings" | "unexplained">,
  item: Finding | UnexplainedItem,
): ManagementItem[] {
  const own = item.management ?? [];
  const plans: { ref: PlanRef; lines: readonly ManagementItem[] }[] = [
    ...report.findings.map((f) => ({ ref: findingRef(f), lines: f.management })),
    ...report.unexplained.map((u) => ({ ref: unexplainedRef(u), lines: u.management ?? [] })),
  ];
  const resolved = (item.sharedLines ?? []).flatMap((s) => {
    const line = plans
      .filter((p) => sameRef(p.ref, s.under))
      .flatMap((p) => p.lines)
      .find((m) => m.id === (s.shownAs ?? s.id));
    if (line === undefined) return [];
    const { sharedWith: _, ...rest } = line;
    return [{ ...rest, id: s.id }];
  });
  const rank = (m: ManagementItem) => KIND_ORDER.indexOf(m.kind);
  return [...own, ...resolved].sort((a, b) => rank(a) - rank(b));
}

/**
 * The patient's report with each plan whole again (its shared lines back in place, no pointers): for a reader that
 * takes each plan alone, as a CDS card or a FHIR DetectedIssue of one finding does, and for the drug decision and
 * the avoid lines read per plan.
 *
 * @example
 * withWholePlans(report).unexplained[1].management // its own lines and the HLH lines shown under DIC
 */
export function withWholePlans<P extends Pick<PatientReport, "findings" | "unexplained">>(report: P): P {
  const whole = (item: Finding | UnexplainedItem) =>
    wholePlan(report, item).map(({ sharedWith: _, ...m }) => m);
  return {
    ...report,
    findings: report.findings.map((item) => {
      const { sharedLines: _, ...f } = item;
      return { ...f, management: whole(item) };
    }),
    unexplained: report.unexplained.map((item) => {
      const { sharedLines: _, ...u } = item;
      return u.management === undefined ? u : { ...u, management: whole(item) };
    }),
  };
}

/**
 * Lines of several plans read together (one card's next steps for every unexplained item), each line once.
 *
 * @example distinctLines([...anaemia.management, ...neutropenia.management]) // the HLH lines once
 */
export function distinctLines(lines: readonly ManagementItem[]): ManagementItem[] {
  const seen = new Set<string>();
  return lines.filter((m) => {
    const key = lineKey(m);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
