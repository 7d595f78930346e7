/**
 * Which plan lines Act first shows (ActFirst.tsx), in what order, and which plans each serves: pure, so that
 * they are tested without a browser.
 */
import type { Knowledge, ManagementItem } from "@hemosentinel/core";
import { unexplainedPlans } from "@hemosentinel/core";

export type ActFirstKind = "urgent" | "immunotherapy" | "withhold" | "avoid";

/**
 * The lines of one finding's plan to act on first, most urgent first: urgent, drug decision, an antithrombotic
 * kept stopped after a bleed ({@link bleedEndedItemIds}: `withhold`), avoid.
 */
export function actFirstItems(
  f: { readonly management?: readonly ManagementItem[] },
  withholdItems: ReadonlySet<string> = new Set(),
): { readonly kind: ActFirstKind; readonly item: ManagementItem }[] {
  const plan = f.management ?? [];
  // Urgency is the knowledge base's judgement (`urgent` on the recommendation), never read from wording.
  const emergency = plan.filter((m) => m.urgent === true && m.kind !== "avoid");
  const drug = plan.filter((m) => m.kind === "immunotherapy" && !emergency.includes(m));
  const withhold = plan.filter(
    (m) => withholdItems.has(m.id) && !emergency.includes(m) && !drug.includes(m) && m.kind !== "avoid",
  );
  const avoid = plan.filter((m) => m.kind === "avoid");
  return [
    ...emergency.map((item) => ({ kind: "urgent" as const, item })),
    ...drug.map((item) => ({ kind: "immunotherapy" as const, item })),
    ...withhold.map((item) => ({ kind: "withhold" as const, item })),
    ...avoid.map((item) => ({ kind: "avoid" as const, item })),
  ];
}

/**
 * The plan before a planned procedure as a group of Act first: its urgent lines only (a procedure within the
 * knowledge's urgent window with a count below its threshold or an anticoagulant within its interval); its other
 * lines are advice for a day still to come, read in its section. Undefined when none is urgent.
 *
 * @example
 * procedureGroup(report.procedures, "Before a planned procedure", "procedures-title") // { key: "procedures", items: [urgent …] }
 */
export function procedureGroup(
  procedures: { readonly management: readonly ManagementItem[] } | undefined,
  title: string,
  anchor: string,
): ActFirstGroup | undefined {
  const items = actFirstItems(procedures ?? {}).filter((i) => i.kind === "urgent");
  return items.length === 0 ? undefined : { key: "procedures", title, anchor, unexplained: true, items };
}

/** One plan's group in Act first: its title, the anchor of its full plan and its lines. */
export interface ActFirstGroup {
  readonly key: string;
  readonly title: string;
  readonly anchor: string;
  /** A named unexplained pattern's plan (always titled), not a finding's. */
  readonly unexplained: boolean;
  readonly items: readonly { readonly kind: ActFirstKind; readonly item: ManagementItem }[];
}

/** A group as shown: each line once, with the titles of every group whose plan carries it. */
export interface ActFirstShownGroup extends Omit<ActFirstGroup, "items"> {
  readonly items: readonly {
    readonly kind: ActFirstKind;
    readonly item: ManagementItem;
    /** Every group carrying the line, this one first; one title when no other plan carries it. */
    readonly serves: readonly string[];
  }[];
  /** Lines of this plan shown once in an earlier group: their kind and that group's title. */
  readonly sharedAbove: readonly { readonly kind: ActFirstKind; readonly under: string }[];
}

/**
 * The groups as Act first shows them: those with an urgent line first (otherwise in the report's order, the
 * primary finding first), and each line once — in the first group that carries it, naming every group that
 * does; the later groups say which of their lines are listed above, so that a group left with no line of its
 * own still names its plan and links to it. A line is the same line when its id is, when its kind and words
 * are (a patient-wide avoid line has an id of each plan's), or when it is the same drug decision.
 *
 * @example
 * arrangeActFirst([thrombosis, itp]) // ITP first (its urgent line), its hold shown once for both;
 * // the thrombosis group: sharedAbove [{ kind: "immunotherapy", under: "ITP" }]
 */
export function arrangeActFirst(
  groups: readonly ActFirstGroup[],
  /** {@link drugDecisionKeys} of the knowledge base in use. */
  decisions: ReadonlyMap<string, string> = new Map(),
): ActFirstShownGroup[] {
  const hasUrgent = (g: ActFirstGroup) => g.items.some((i) => i.kind === "urgent");
  const ordered = [...groups.filter(hasUrgent), ...groups.filter((g) => !hasUrgent(g))];
  // One key per line: the recommendation's id, its kind and words (the same line under another plan's id), or
  // for a drug decision the decision itself (two plans' holds of the checkpoint inhibitor in two wordings). A
  // line's words may end with the record's note measured from each finding's onset ("38 days before the
  // onset"), so the id alone joins those.
  const alias = new Map<string, string>();
  const lineKey = (kind: ActFirstKind, item: ManagementItem): string => {
    const decision = kind === "immunotherapy" ? decisions.get(item.id) : undefined;
    const names = [
      `id:${item.id}`,
      `text:${kind}:${item.action}`,
      ...(decision === undefined ? [] : [`decision:${decision}`]),
    ];
    const key = names.map((n) => alias.get(n)).find((k) => k !== undefined) ?? (names[0] as string);
    for (const n of names) alias.set(n, key);
    return key;
  };
  const keyed = ordered.map((g) => g.items.map(({ kind, item }) => lineKey(kind, item)));
  const serves = new Map<string, string[]>();
  ordered.forEach((g, i) => {
    for (const key of keyed[i] ?? []) {
      const titles = serves.get(key) ?? [];
      if (!titles.includes(g.title)) titles.push(g.title);
      serves.set(key, titles);
    }
  });
  const shownUnder = new Map<string, string>();
  return ordered.map((g, i) => {
    const items: ActFirstShownGroup["items"][number][] = [];
    const sharedAbove: ActFirstShownGroup["sharedAbove"][number][] = [];
    g.items.forEach(({ kind, item }, j) => {
      const key = keyed[i]?.[j] as string;
      const under = shownUnder.get(key);
      if (under !== undefined) {
        if (under !== g.title) sharedAbove.push({ kind, under });
        return;
      }
      shownUnder.set(key, g.title);
      items.push({ kind, item, serves: serves.get(key) ?? [g.title] });
    });
    return { ...g, items, sharedAbove };
  });
}

/**
 * The plans a shared line serves, in words.
 *
 * @example servesText(["ITP", "Thrombosis"]) // "both ITP and Thrombosis"
 */
export function servesText(titles: readonly string[]): string {
  if (titles.length < 2) return titles.join("");
  const last = titles[titles.length - 1] as string;
  return `${titles.length === 2 ? "both " : ""}${titles.slice(0, -1).join(", ")} and ${last}`;
}

/** Each kind of line in words, one and several. */
const SHARED_NAME: Readonly<Record<ActFirstKind, readonly [string, string]>> = {
  urgent: ["urgent line", "urgent lines"],
  immunotherapy: ["immunotherapy decision", "immunotherapy decisions"],
  withhold: ["line keeping a drug stopped", "lines keeping a drug stopped"],
  avoid: ["line on what to avoid", "lines on what to avoid"],
};

/**
 * What a group's lines listed in an earlier group are, in words.
 *
 * @example sharedText([{ kind: "immunotherapy", under: "ITP" }])
 * // "Its immunotherapy decision is listed above under ITP."
 */
export function sharedText(shared: ActFirstShownGroup["sharedAbove"]): string {
  const kinds = [...new Set(shared.map((s) => s.kind))].map((kind) => {
    const n = shared.filter((s) => s.kind === kind).length;
    return n === 1 ? `its ${SHARED_NAME[kind][0]}` : `its ${n} ${SHARED_NAME[kind][1]}`;
  });
  const under = [...new Set(shared.map((s) => s.under))];
  const what = `${kinds.slice(0, -1).join(", ")}${kinds.length > 1 ? " and " : ""}${kinds[kinds.length - 1]}`;
  const verb = shared.length === 1 ? "is" : "are";
  return `${what.charAt(0).toUpperCase()}${what.slice(1)} ${verb} listed above under ${under.join(" and ")}.`;
}

/**
 * The drug decision of each immunotherapy line of the knowledge base that holds or stops the drug, from its
 * tags (those the engine ranks one plan's decision against another's with): `stop` (permanent
 * discontinuation), `hold` (a restart left to the team) or `hold-restart` (a restart offered once it resolves),
 * with the therapy classes it is for. Two plans' lines with one key are one decision about the same drugs, in
 * two wordings: Act first shows it once. A line that continues the drug, or that names no decision, has none.
 *
 * @example drugDecisionKeys(k).get("irae-pancytopenia-ici-hold") // "hold:ici"
 */
export function drugDecisionKeys(
  k: Pick<Knowledge, "management" | "unexplained">,
): ReadonlyMap<string, string> {
  const keys = new Map<string, string>();
  const plans = [...Object.values(k.management), ...unexplainedPlans(k.unexplained)];
  for (const recs of plans)
    for (const r of recs) {
      if (r.kind !== "immunotherapy") continue;
      const tags = r.tags ?? [];
      const decision = tags.includes("permanent-discontinuation")
        ? "stop"
        : tags.includes("hold-immunotherapy")
          ? tags.includes("restart-immunotherapy")
            ? "hold-restart"
            : "hold"
          : undefined;
      if (decision !== undefined)
        keys.set(r.id, `${decision}:${[...(r.when.classes ?? [])].sort().join(",")}`);
    }
  return keys;
}

/** One condition of a recommendation on a fact (`when.facts`). */
export type FactCondition = NonNullable<Knowledge["management"]["itp"][number]["when"]["facts"]>[number];

/**
 * The ids of the recommendations, in the findings' plans and the named unexplained patterns', with a condition
 * on a fact that `test` accepts.
 */
export function itemIdsWithFact(
  k: Pick<Knowledge, "management" | "unexplained">,
  test: (c: FactCondition) => boolean,
): ReadonlySet<string> {
  const ids = new Set<string>();
  const plans = [...Object.values(k.management), ...unexplainedPlans(k.unexplained)];
  for (const recs of plans) for (const r of recs) if ((r.when.facts ?? []).some(test)) ids.add(r.id);
  return ids;
}

/**
 * The ids of the recommendations the knowledge base gives for a major bleed of the episode whose end is charted
 * (a condition `major-bleeding-ended: true`): the anticoagulant or antiplatelet agent stays stopped, not
 * reversed, until hematology restarts it — a decision about a drug on board, acted on first as the hold of the
 * immunotherapy is.
 */
export function bleedEndedItemIds(k: Pick<Knowledge, "management" | "unexplained">): ReadonlySet<string> {
  return itemIdsWithFact(k, (c) => c.fact === "major-bleeding-ended" && c.is === true);
}
