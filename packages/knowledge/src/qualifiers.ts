/**
 * Event qualifiers named outside events.yaml must be qualifiers an event rule gives: a CTCAE site term, a
 * Khorana site group, a disorder criterion or an unexplained-abnormality rule that reads a qualifier no
 * charted event can carry is dead knowledge that looks alive (a nosebleed graded as "site not specified",
 * a melanoma that never scores Khorana's 0-point site).
 */
import type { EventKind, KnowledgeBundle } from "@hemosentinel/core";

type Content = Omit<KnowledgeBundle, "hash" | "format">;

interface QualifierRef {
  readonly where: string;
  readonly kind: EventKind;
  readonly qualifiers: readonly string[];
}

/** Qualifiers the event map can give, by event kind. */
function producedQualifiers(b: Content): Map<EventKind, Set<string>> {
  const out = new Map<EventKind, Set<string>>();
  for (const rule of b.events.rules) {
    const set = out.get(rule.kind) ?? new Set<string>();
    for (const q of rule.qualifiers) set.add(q);
    out.set(rule.kind, set);
  }
  // A qualifier the words beside a mention add ("PE with cardiogenic shock": hemodynamic-instability).
  for (const cue of b.events.qualifierCues) {
    const set = out.get(cue.kind) ?? new Set<string>();
    set.add(cue.qualifier);
    out.set(cue.kind, set);
  }
  // A past mention keeps its qualifiers under the history kind ("history of ICH": bleeding-history, intracranial).
  for (const [kind, past] of Object.entries(b.events.negation.history) as [EventKind, EventKind][]) {
    const set = out.get(past) ?? new Set<string>();
    for (const q of out.get(kind) ?? []) set.add(q);
    out.set(past, set);
  }
  // A planned procedure keeps its qualifiers under the planned kind ("planned craniotomy": surgery-planned, neurosurgery).
  for (const [kind, planned] of Object.entries(b.events.negation.plannedKinds) as [EventKind, EventKind][]) {
    const set = out.get(planned) ?? new Set<string>();
    for (const q of out.get(kind) ?? []) set.add(q);
    out.set(planned, set);
  }
  // A suspected clot or bleed keeps its qualifiers under the suspected kind ("concern for PE": thrombosis-suspected,
  // pulmonary-embolism), and a rule-out under its rule-out kind ("r/o Evans": itp-considered, evans).
  for (const [kind, suspected] of Object.entries({
    ...b.events.negation.suspectedKinds,
    ...b.events.negation.ruleOutKinds,
  }) as [EventKind, EventKind][]) {
    const set = out.get(suspected) ?? new Set<string>();
    for (const q of out.get(kind) ?? []) set.add(q);
    out.set(suspected, set);
  }
  return out;
}

/**
 * Every `{ event, qualifiers }` or `{ kind: <event kind>, qualifiers }` object under a value: the event
 * tests of disorders and management, the CTCAE event matchers and derived-grade facts.
 */
function matcherRefs(value: unknown, where: string, kinds: ReadonlySet<string>, out: QualifierRef[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => {
      matcherRefs(v, `${where}[${i}]`, kinds, out);
    });
    return;
  }
  if (!value || typeof value !== "object") return;
  const o = value as Record<string, unknown>;
  const kind = typeof o.event === "string" ? o.event : typeof o.kind === "string" ? o.kind : undefined;
  if (kind !== undefined && kinds.has(kind) && Array.isArray(o.qualifiers))
    out.push({ where, kind: kind as EventKind, qualifiers: o.qualifiers.map(String) });
  if (kind !== undefined && kinds.has(kind) && Array.isArray(o.unlessQualifiers))
    out.push({
      where: `${where} unlessQualifiers`,
      kind: kind as EventKind,
      qualifiers: o.unlessQualifiers.map(String),
    });
  for (const [key, v] of Object.entries(o)) matcherRefs(v, `${where}.${key}`, kinds, out);
}

/** Every place the knowledge reads an event qualifier, with the event kind it expects it on. */
function qualifierRefs(b: Content): QualifierRef[] {
  const kinds = new Set<string>(b.events.priority);
  for (const r of b.events.rules) kinds.add(r.kind);
  const refs: QualifierRef[] = [];
  for (const d of b.disorders) matcherRefs(d, `disorders/${d.id}.yaml`, kinds, refs);
  for (const [id, plan] of Object.entries(b.management))
    matcherRefs(plan, `management/${id}.yaml`, kinds, refs);
  matcherRefs(b.managementFacts, "management/facts.yaml", kinds, refs);
  const highRiskPe = b.managementFacts["high-risk-pulmonary-embolism"];
  refs.push({
    where: "management/facts.yaml high-risk-pulmonary-embolism orQualifiers",
    kind: highRiskPe.event,
    qualifiers: highRiskPe.orQualifiers,
  });
  const arterial = b.managementFacts["arterial-thrombosis"];
  refs.push({
    where: "management/facts.yaml arterial-thrombosis unlessQualifiers",
    kind: arterial.event,
    qualifiers: arterial.unlessQualifiers,
  });
  matcherRefs(b.ctcae.terms, "ctcae.yaml terms", kinds, refs);
  for (const s of b.ctcae.hemorrhage.sites)
    refs.push({
      where: `ctcae.yaml hemorrhage ${s.term}`,
      kind: b.ctcae.hemorrhage.event,
      qualifiers: s.qualifiers,
    });
  for (const w of b.ctcae.hemorrhage.worded)
    refs.push({
      where: `ctcae.yaml hemorrhage worded grade ${w.grade}`,
      kind: b.ctcae.hemorrhage.event,
      qualifiers: w.qualifiers,
    });
  for (const score of b.scores)
    for (const c of score.kind === "points" ? score.components : [])
      if (c.kind === "cancer-site")
        for (const g of c.groups)
          refs.push({
            where: `scores/${score.id}.yaml ${c.id} (${g.points} points)`,
            kind: "active-cancer",
            qualifiers: g.qualifiers,
          });
  for (const e of b.unexplained.events) {
    if (e.orQualifiers)
      refs.push({
        where: `unexplained.yaml ${e.id} orQualifiers`,
        kind: e.event,
        qualifiers: e.orQualifiers,
      });
    if (e.qualifiers)
      refs.push({ where: `unexplained.yaml ${e.id} qualifiers`, kind: e.event, qualifiers: e.qualifiers });
  }
  return refs;
}

/**
 * Qualifiers the knowledge reads that no rule of events.yaml gives to an event of that kind (empty when
 * every one is reachable).
 *
 * @example
 * qualifierProblems(loadKnowledgeBundle()); // []
 */
export function qualifierProblems(b: Content): string[] {
  const produced = producedQualifiers(b);
  const problems: string[] = [];
  for (const ref of qualifierRefs(b)) {
    const given = produced.get(ref.kind) ?? new Set<string>();
    const dead = ref.qualifiers.filter((q) => !given.has(q));
    if (dead.length > 0)
      problems.push(
        `${ref.where}: no rule of events.yaml gives an event of kind ${ref.kind} the qualifier ${dead.join(", ")}`,
      );
  }
  return problems;
}
