/**
 * The report's own words in the web app: the core's render context and wording for the knowledge base in
 * use, shared by every part of the patient view so that it says what the text and HTML reports say.
 */
import {
  type Knowledge,
  type RenderContext,
  renderContextOf,
  type Wording,
  wordingOf,
} from "@hemosentinel/core";
import { createContext, useContext } from "react";

export interface Words {
  readonly ctx: RenderContext;
  readonly w: Wording;
}

/** The render context and wording of a knowledge base. */
export function wordsOf(knowledge: Knowledge): Words {
  const ctx = renderContextOf(knowledge);
  return { ctx, w: wordingOf(ctx) };
}

export const WordsContext = createContext<Words | undefined>(undefined);

/** The words of the patient view being shown. */
export function useWords(): Words {
  const words = useContext(WordsContext);
  if (words === undefined) throw new Error("useWords outside a patient view");
  return words;
}

/** Shows a record on the timeline (the patient view's highlight). */
export const EvidenceContext = createContext<(ref: string) => void>(() => {});

/** Evidence records as buttons that highlight them on the timeline. */
export function EvidenceLinks({ refs }: { readonly refs: readonly string[] }) {
  const show = useContext(EvidenceContext);
  if (refs.length === 0) return null;
  return (
    <span className="refs">
      {refs.map((ref) => (
        <button
          key={ref}
          type="button"
          className="evidence"
          onClick={() => show(ref)}
          aria-label={`Show ${ref} on the timeline`}
        >
          {ref}
        </button>
      ))}
    </span>
  );
}

/**
 * The short label of each reference ("Schneider 2021"), shown in place of its knowledge id; provided once
 * for the app from the knowledge base (`referenceLabels`). An id without a label is shown as it is.
 */
export const ReferenceLabelsContext = createContext<ReadonlyMap<string, string>>(new Map());

/** The short label of a reference id (its id when the knowledge base has none). */
export function useReferenceLabel(): (id: string) => string {
  const labels = useContext(ReferenceLabelsContext);
  return (id) => labels.get(id) ?? id;
}

/**
 * Citations as links to the page's source list (`#src-{id}`: the patient's sources, an atlas page's
 * references), each by its short label (author and year).
 */
export function Cites({ ids }: { readonly ids: readonly string[] }) {
  const label = useReferenceLabel();
  if (ids.length === 0) return null;
  return (
    <span className="cite">
      {" ("}
      {ids.map((id, i) => (
        <span key={id}>
          {i > 0 ? ", " : ""}
          <a href={`#src-${id}`} data-ref={id}>
            {label(id)}
          </a>
        </span>
      ))}
      {")"}
    </span>
  );
}
