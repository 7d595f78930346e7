/** The references a calculator rests on, as cited in the knowledge, each with its DOI or web address. */
import type { Knowledge, Reference } from "@hemosentinel/core";
import { clinicalNotation } from "../patient/notation.js";

/** The references of `ids`, each once, in order of first citation; ids the knowledge lacks are skipped. */
export function referencesOf(k: Knowledge, ids: readonly string[]): Reference[] {
  return [...new Set(ids)].flatMap((id) => {
    const r = k.references.get(id);
    return r ? [r] : [];
  });
}

export function Sources({ references }: { readonly references: readonly Reference[] }) {
  return (
    <ol className="calc-sources">
      {references.map((r) => (
        <li key={r.id}>
          {clinicalNotation(r.citation)}{" "}
          {r.doi !== undefined ? (
            <a href={`https://doi.org/${r.doi}`} rel="noreferrer">
              doi:{r.doi}
            </a>
          ) : (
            r.url !== undefined && (
              <a href={r.url} rel="noreferrer">
                {r.url}
              </a>
            )
          )}
        </li>
      ))}
    </ol>
  );
}
