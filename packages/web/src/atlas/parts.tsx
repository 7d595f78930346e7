/**
 * Pieces every atlas page uses: the reference list with DOI links (the anchors the patient view's `Cites`
 * links to), cited statements, therapy-class names and the criteria sentences as nested lists.
 */
import {
  type AtlasLink,
  type AtlasStatement,
  locatorText,
  type Reference,
  referenceUrl,
  type TherapyClass,
} from "@hemosentinel/core";
import { Link } from "../app/router.js";
import { clinicalNotation } from "../patient/notation.js";
import { Cites, useReferenceLabel } from "../patient/words.js";
import { type Sentence, sentenceCase } from "./criteria-text.js";

export const CLASS_NAMES: Readonly<Record<TherapyClass, string>> = {
  ici: "Immune checkpoint inhibitors",
  bispecific: "Bispecific T-cell engagers",
  antibody: "Other therapeutic antibodies",
  "car-t": "CAR-T cells",
};

/** The therapy classes a statement holds for, as small labels. */
export function ClassTags({ classes }: { readonly classes?: readonly TherapyClass[] }) {
  if (classes === undefined || classes.length === 0) return null;
  return (
    <span className="class-tags">
      {classes.map((c) => (
        <span key={c} className="class-tag">
          {CLASS_NAMES[c]}
        </span>
      ))}{" "}
    </span>
  );
}

/** Cited statements as a list, each with its therapy classes. */
export function Statements({ items }: { readonly items: readonly AtlasStatement[] }) {
  return (
    <ul className="statements">
      {items.map((s) => (
        <li key={s.text}>
          <ClassTags {...(s.therapyClasses && { classes: s.therapyClasses })} />
          {s.text}
          <Cites ids={s.sourceIds} />
        </li>
      ))}
    </ul>
  );
}

/** A criteria sentence and its parts as nested lists. */
export function SentenceView({ sentence }: { readonly sentence: Sentence }) {
  return (
    <>
      {sentenceCase(sentence.text)}
      {sentence.parts === undefined ? null : (
        <ul className="test-parts">
          {sentence.parts.map((p, i) => (
            // Parts have no id of their own; their order is the knowledge's and never changes on a page.
            // biome-ignore lint/suspicious/noArrayIndexKey: see above
            <li key={i}>
              <SentenceView sentence={p} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** Links to other atlas pages, comma-separated. */
export function LinkList({ links }: { readonly links: readonly AtlasLink[] }) {
  if (links.length === 0) return <>none</>;
  return (
    <>
      {links.map((l, i) => (
        <span key={l.path}>
          {i > 0 ? ", " : ""}
          <Link to={l.path}>{l.label}</Link>
        </span>
      ))}
    </>
  );
}

/** The page's references, each with the anchor its citations (`Cites`) link to and its DOI, PMID or URL. */
export function References({ refs }: { readonly refs: readonly Reference[] }) {
  const label = useReferenceLabel();
  return (
    <section aria-labelledby="references-title">
      <h2 id="references-title">References</h2>
      <ol className="references">
        {refs.map((r) => {
          const url = referenceUrl(r);
          const locator = locatorText(r);
          return (
            <li key={r.id} id={`src-${r.id}`} tabIndex={-1}>
              <strong className="ref-label">{label(r.id)}</strong> {clinicalNotation(r.citation)}{" "}
              {url === undefined || locator === undefined ? null : <a href={url}>{locator}</a>}
              <span className="meta">
                {" "}
                · {r.kind.replace("-", " ")}
                {r.read === undefined ? "" : ` · read: ${r.read}`}
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** A heading and list of links for a section that may be empty. */
export function NotFound({ kind, id }: { readonly kind: string; readonly id: string }) {
  return (
    <>
      <h1>Not in the atlas</h1>
      <p role="alert">
        The knowledge atlas has no {kind} “{id}”. <Link to="/atlas">Search the atlas</Link>
      </p>
    </>
  );
}
