/**
 * order-avoids.yaml against the plans and the drug catalogue: every `avoids` tag of the management knowledge
 * is mapped to drugs, to a blood product or listed as given by no order, no tag is mapped twice or mapped
 * without a plan that avoids it, every drug named is one the drug catalogues hold and every role one a context
 * drug has, and
 * each anticoagulant with a prophylactic dose is a catalogue drug that some dose-level tag covers, once.
 * A tag of the plans that the map forgot would let a forbidden draft order through without a card.
 */
import { type KnowledgeBundle, unexplainedPlans } from "@hemosentinel/core";

type Content = Omit<KnowledgeBundle, "hash" | "format">;

/** What does not hold together between order-avoids.yaml, the plans and context-drugs.yaml. */
export function orderAvoidProblems(b: Content): string[] {
  const problems: string[] = [];
  const avoided = new Set(Object.values(b.management).flatMap((recs) => recs.flatMap((r) => r.avoids ?? [])));
  const listed = [
    ...b.orderAvoids.tags.map((t) => t.tag),
    ...b.orderAvoids.products.flatMap((p) => p.tags),
    ...b.orderAvoids.notOrders.map((t) => t.tag),
  ];
  const seen = new Set<string>();
  for (const tag of listed) {
    if (seen.has(tag)) problems.push(`order-avoids.yaml: ${tag} is listed twice`);
    seen.add(tag);
    if (!avoided.has(tag)) problems.push(`order-avoids.yaml: no plan avoids ${tag}`);
  }
  for (const tag of avoided)
    if (!seen.has(tag)) problems.push(`order-avoids.yaml: the plans avoid ${tag}, which is not listed`);
  const drugs = new Set([...b.drugs.contextDrugs, ...b.drugs.drugs].map((d) => d.id));
  const roles = new Set(b.drugs.contextDrugs.flatMap((d) => d.roles));
  for (const t of b.orderAvoids.tags) {
    for (const d of t.drugs)
      if (!drugs.has(d)) problems.push(`order-avoids.yaml ${t.tag}: no catalogue drug ${d}`);
    for (const r of t.roles)
      if (!roles.has(r)) problems.push(`order-avoids.yaml ${t.tag}: no context drug has role ${r}`);
  }
  const dosed = new Set<string>();
  for (const d of b.orderAvoids.prophylacticDoses) {
    if (dosed.has(d.drug)) problems.push(`order-avoids.yaml: two prophylactic doses of ${d.drug}`);
    dosed.add(d.drug);
    const drug = b.drugs.contextDrugs.find((c) => c.id === d.drug);
    const covered = b.orderAvoids.tags.some(
      (t) =>
        t.dose !== undefined &&
        (t.drugs.includes(d.drug) || t.roles.some((r) => drug?.roles.includes(r) === true)),
    );
    if (!covered)
      problems.push(`order-avoids.yaml: no dose-level tag covers ${d.drug}, whose dose is listed`);
  }
  const reasons = new Set(b.orderAvoids.reasons.map((r) => r.id));
  for (const recs of [...Object.values(b.management), ...unexplainedPlans(b.unexplained)])
    for (const r of recs)
      for (const id of r.exceptReasons ?? [])
        if (!reasons.has(id))
          problems.push(`${r.id}: exceptReasons names ${id}, not a reason of order-avoids.yaml`);
  const products = new Set<string>();
  for (const p of [...b.orderAvoids.products, ...b.orderAvoids.notices]) {
    if (products.has(p.id)) problems.push(`order-avoids.yaml: product ${p.id} is listed twice`);
    products.add(p.id);
  }
  // A notice's line reaches the card only when its facts hold, and the order service reads only these (the
  // immunotherapy exposures, the hepatitis B markers and charted hepatitis B): a line resting on another fact would
  // never, or always, be shown. Another fact may stand beside them only where it holds when unknown (`ifUnknown`).
  const recommendations = Object.values(b.management).flat();
  for (const n of b.orderAvoids.notices)
    for (const d of n.drugs)
      if (!b.drugs.drugs.some((x) => x.id === d))
        problems.push(`order-avoids.yaml notice ${n.id}: ${d} is no catalogue drug of drugs.yaml`);
  for (const n of b.orderAvoids.notices)
    for (const id of n.lines) {
      const r = noticeLine(recommendations, id);
      if (r === undefined) {
        problems.push(`order-avoids.yaml notice ${n.id}: no plan line ${id}`);
        continue;
      }
      // A fact the service does not read counts as unknown: it may stand only where its condition then holds.
      const read = (r.when.facts ?? []).filter((f) => NOTICE_FACTS.includes(f.fact));
      const unread = (r.when.facts ?? []).filter(
        (f) => !NOTICE_FACTS.includes(f.fact) && f.ifUnknown !== true,
      );
      const facts = [...read, ...unread].map((f) => f.fact);
      const others = Object.entries(r.when).filter(
        ([k, v]) => k !== "facts" && v !== undefined && !(Array.isArray(v) && v.length === 0),
      );
      if (read.length === 0 || others.length > 0 || unread.length > 0)
        problems.push(
          `order-avoids.yaml notice ${n.id}: ${id} must rest on ${NOTICE_FACTS.join(", ")} alone, not on ${facts.join(", ") || "no fact"}`,
        );
    }
  return problems;
}

/**
 * The plan line a notice names: a recommendation of that id, or a shared line of management/every.yaml as the
 * first disorder's plan carries it (`ttp-anti-cd38-blood-bank` for `anti-cd38-blood-bank`).
 */
export function noticeLine<R extends { readonly id: string }>(recommendations: readonly R[], id: string) {
  return recommendations.find((r) => r.id === id) ?? recommendations.find((r) => r.id.endsWith(`-${id}`));
}

/** The facts the order service reads from a report or record to bring a notice's line (packages/server notice cards). */
export const NOTICE_FACTS: readonly string[] = ["anti-cd38-antibody-recent", "hepatitis-b-on-record"];
