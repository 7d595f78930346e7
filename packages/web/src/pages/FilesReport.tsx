/** What became of each opened source: its patients, or what was wrong with it, named. */
import type { SourceOutcome } from "../engine/assess-documents.js";

function filesTitle(sources: number, bad: number): string {
  if (bad === sources)
    return sources === 1 ? "The source could not be read" : `None of the ${sources} sources could be read`;
  const title = sources === 1 ? "What was read" : `What was read from ${sources} sources`;
  return bad > 0 ? `${title} — ${bad} could not be read` : title;
}

export function FilesReport(props: {
  readonly sources: readonly SourceOutcome[];
  readonly onlyProblems?: boolean;
}) {
  const shown = props.onlyProblems ? props.sources.filter((s) => s.problems.length > 0) : props.sources;
  if (shown.length === 0) return null;
  const bad = props.sources.filter((s) => !s.read).length;
  return (
    <section
      className={props.sources.some((s) => s.problems.length > 0) ? "files-report problems" : "files-report"}
      aria-labelledby="files-title"
    >
      <h2 id="files-title">{filesTitle(props.sources.length, bad)}</h2>
      <ul>
        {shown.map((s) => (
          <li
            key={`${s.name}|${s.patients.join()}|${s.problems.map((e) => e.detail).join()}`}
            className={s.read ? (s.problems.length > 0 ? "partial" : "ok") : "failed"}
          >
            <span aria-hidden="true">{s.read ? (s.problems.length > 0 ? "⚠ " : "✔ ") : "✘ "}</span>
            <strong>{s.name}</strong>
            {s.read
              ? `: ${s.patients.length === 0 ? "no patient" : `patient${s.patients.length > 1 ? "s" : ""} ${[...new Set(s.patients)].join(", ")}`}`
              : ": could not be read"}
            {s.problems.length > 0 ? (
              <ul>
                {s.problems.map((e) => (
                  <li key={`${e.source}|${e.code}|${e.detail}`}>
                    {e.source === s.name ? "" : <code>{e.source}</code>}
                    {e.source === s.name ? "" : ": "}
                    {e.detail}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
