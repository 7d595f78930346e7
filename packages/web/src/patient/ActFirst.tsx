/**
 * The plan lines a clinician acts on first, in the summary where they are seen without scrolling: for
 * each finding the urgent lines (emergencies, what to do now), the immunotherapy decision (hold or stop the drug) and what to avoid,
 * each with its sources. The finding's full plan stays in its card; this repeats, never replaces, it.
 */
import { disorderLabel, type Finding, type ManagementItem } from "@hemosentinel/core";
import { Cites, useWords } from "./words.js";

export type ActFirstKind = "urgent" | "immunotherapy" | "avoid";

/** The lines of one finding's plan to act on first, most urgent first: urgent, drug decision, avoid. */
export function actFirstItems(f: Finding): { readonly kind: ActFirstKind; readonly item: ManagementItem }[] {
  // Urgency is the knowledge base's judgement (`urgent` on the recommendation), never read from wording.
  const emergency = f.management.filter((m) => m.urgent === true && m.kind !== "avoid");
  const drug = f.management.filter((m) => m.kind === "immunotherapy" && !emergency.includes(m));
  const avoid = f.management.filter((m) => m.kind === "avoid");
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

export function ActFirst({ findings }: { readonly findings: readonly Finding[] }) {
  const { ctx, w } = useWords();
  const groups = findings.map((f) => ({ f, items: actFirstItems(f) })).filter((g) => g.items.length > 0);
  if (groups.length === 0) return null;
  return (
    <section className="act-first" aria-labelledby="act-first-title">
      <h3 id="act-first-title">Act first</h3>
      {groups.map(({ f, items }) => (
        <div key={f.disorder} className="act-first-finding">
          {groups.length > 1 ? <h4>{disorderLabel(ctx, f.disorder)}</h4> : null}
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
            <a href={`#plan-${f.disorder}`}>
              Full plan, caveats and work-up for {disorderLabel(ctx, f.disorder)}
            </a>
          </p>
        </div>
      ))}
    </section>
  );
}
