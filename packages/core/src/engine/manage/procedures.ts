/**
 * The patient's procedure plan (knowledge/unexplained.yaml `procedures`): the shared lines that hold before a planned
 * procedure — the platelet count it needs, the interval since an anticoagulant's last dose — planned for the patient
 * whether or not a finding is detected. Before, these lines hung off the findings' plans only, and a patient with a
 * spinal anaesthetic planned a day after apixaban and no finding was told nothing. Pure.
 */
import type { ManagementItem } from "../../contracts/report.js";
import { lineIdentity } from "../../knowledge/line-identity.js";
import type { ManagementFactRules, Recommendation } from "../../knowledge/management.js";

/** The id prefix of the procedure plan's lines (`procedure-doac-before-planned-neuraxial-puncture`). */
export const PROCEDURE_PREFIX = "procedure";

/** Whether a recommendation reads a planned procedure as present (a `planned-…` fact required true). */
export function readsPlannedProcedure(r: Pick<Recommendation, "when">): boolean {
  return (r.when.facts ?? []).some((c) => c.fact.startsWith("planned-") && c.is === true);
}

/**
 * The lines the report's `procedures` shows, from the procedure plan as planned: a line another plan of the patient
 * already shows — the same line by its identity (`lineIdentity`: a finding's `thr-doac-before-planned-surgery` and
 * `procedure-doac-before-planned-surgery` are both the shared `doac-before-planned-surgery`) — is left there, not
 * repeated; an avoid line stays whatever the other plans show (what not to give before the procedure is read in full
 * where the procedure is). The section stands only when a line of its own that reads a planned procedure is left:
 * the HIT lines and a child's adult-dose line qualify a procedure line and are no advice alone. Empty when nothing
 * is left.
 *
 * @example
 * procedureSection(plan, recommendations, new Set(["doac-before-planned-surgery"])) // [] when that was its only line
 */
export function procedureSection(
  plan: readonly ManagementItem[],
  recommendations: readonly Recommendation[],
  shownElsewhere: ReadonlySet<string>,
): ManagementItem[] {
  const byId = new Map(recommendations.map((r) => [r.id, r]));
  const shown = (m: ManagementItem) => shownElsewhere.has(lineIdentity(byId.get(m.id) ?? m));
  const advises = plan.some((m) => {
    const r = byId.get(m.id);
    return !shown(m) && r !== undefined && readsPlannedProcedure(r);
  });
  return advises ? plan.filter((m) => m.kind === "avoid" || !shown(m)) : [];
}

/**
 * The event kinds the procedure plan's planned-procedure facts read (knowledge/management/facts.yaml `planned-…`:
 * their `event`): a record with no event of these kinds has no procedure planned, and its plan need not be made.
 *
 * @example
 * plannedEventKinds(k.unexplained.procedures?.plan ?? [], k.managementFacts) // Set { "surgery-planned", "procedure-planned" }
 */
export function plannedEventKinds(
  recommendations: readonly Recommendation[],
  rules: ManagementFactRules,
): ReadonlySet<string> {
  const byName = rules as unknown as Readonly<Record<string, { readonly event?: unknown } | undefined>>;
  const kinds = new Set<string>();
  for (const r of recommendations)
    for (const c of r.when.facts ?? []) {
      const event = c.fact.startsWith("planned-") ? byName[c.fact]?.event : undefined;
      if (typeof event === "string") kinds.add(event);
    }
  return kinds;
}
