/**
 * The plan lines a clinician acts on first, in the summary where they are seen without scrolling: for
 * each finding the urgent lines (emergencies, what to do now), the immunotherapy decision (hold or stop the drug) and what to avoid,
 * each with its sources; so for a named unexplained pattern with its own plan (a thrombotic microangiopathy
 * that is not TTP). The full plan stays in its card; this repeats, never replaces, it.
 */
import { disorderLabel, type Finding, type ManagementItem, type UnexplainedItem } from "@hemosentinel/core";
import { Cites, useWords } from "./words.js";

export type ActFirstKind = "urgent" | "immunotherapy" | "avoid";

/** The lines of one finding's plan to act on first, most urgent first: urgent, drug decision, avoid. */
export function actFirstItems(f: {
  readonly management?: readonly ManagementItem[];
}): { readonly kind: ActFirstKind; readonly item: ManagementItem }[] {
  const plan = f.management ?? [];
  // Urgency is the knowledge base's judgement (`urgent` on the recommendation), never read from wording.
  const emergency = plan.filter((m) => m.urgent === true && m.kind !== "avoid");
  const drug = plan.filter((m) => m.kind === "immunotherapy" && !emergency.includes(m));
  const avoid = plan.filter((m) => m.kind === "avoid");
  return [
    ...emergency.map((item) => ({ kind: "urgent" as const, item })),
    ...drug.map((item) => ({ kind: "immunotherapy" as const, item })),
    ...avoid.map((item) => ({ kind: "avoid" as const, item })),
  ];
}

const TAG: Readonly<Record<ActFirstKind, string>> = {
  urgent: "Urgent",
  immunotherapy: "Immunotherapy",
  avoid: "Avoid",
};

/** The anchor of an unexplained item's card, for the Act first link to its full plan. */
export function unexplainedAnchor(u: Pick<UnexplainedItem, "abnormality" | "at">): string {
  return `unexplained-${u.abnormality}-${u.at.slice(0, 10)}`;
}

export function ActFirst({
  findings,
  unexplained = [],
}: {
  readonly findings: readonly Finding[];
  readonly unexplained?: readonly UnexplainedItem[];
}) {
  const { ctx, w } = useWords();
  const groups = [
    ...findings.map((f) => ({
      key: f.disorder,
      title: disorderLabel(ctx, f.disorder),
      anchor: `plan-${f.disorder}`,
      unexplained: false,
      items: actFirstItems(f),
    })),
    ...unexplained.map((u) => ({
      key: unexplainedAnchor(u),
      title: `Unexplained: ${w.abnormality(u.abnormality)}`,
      anchor: unexplainedAnchor(u),
      unexplained: true,
      items: actFirstItems(u),
    })),
  ].filter((g) => g.items.length > 0);
  if (groups.length === 0) return null;
  return (
    <section className="act-first" aria-labelledby="act-first-title">
      <h3 id="act-first-title">Act first</h3>
      {groups.map(({ key, title, anchor, unexplained: named, items }) => (
        <div key={key} className="act-first-finding">
          {groups.length > 1 || named ? <h4>{title}</h4> : null}
          <ul>
            {items.map(({ kind, item }) => (
              <li key={item.id} className={`act ${kind}`} data-item={item.id}>
                <span className="act-tag">
                  {kind === "immunotherapy" ? null : <span aria-hidden="true">⚠ </span>}
                  {TAG[kind]}:
                </span>{" "}
                {w.prose(item.action)}
                <Cites ids={item.sourceIds} />
              </li>
            ))}
          </ul>
          <p className="act-more">
            <a href={`#${anchor}`}>Full plan, caveats and work-up for {title}</a>
          </p>
        </div>
      ))}
    </section>
  );
}
