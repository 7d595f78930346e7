/**
 * The atlas search: results as the user types, as a list of links under the field. Keyboard: Down from the
 * field moves into the results, Up and Down move between them, Escape (or Up from the first) returns to
 * the field, Enter on the field opens the first result. The number of results is announced politely.
 * The query is kept in the address (`/atlas?q=…`) so that Back returns to the same results.
 */
import type { AtlasHit, AtlasIndex, MatchedField } from "@hemosentinel/core";
import { type KeyboardEvent, useMemo, useRef, useState } from "react";
import { Link, navigate } from "../app/router.js";

const KIND_WORDS: Readonly<Record<AtlasHit["kind"], string>> = {
  disorder: "Disorder",
  drug: "Drug",
  score: "Score",
  lab: "Lab",
};

function matchedText(hit: AtlasHit): string | undefined {
  const field: MatchedField = hit.matched.field;
  if (field === "id" || (field === "name" && hit.matched.text === hit.label) || field === "INN")
    return undefined;
  return `${field} ${hit.matched.text}`;
}

export function AtlasSearch({ index, initial }: { readonly index: AtlasIndex; readonly initial: string }) {
  const [query, setQuery] = useState(initial);
  const hits = useMemo(() => index.search(query, 25), [index, query]);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const links = () => [...(list.current?.querySelectorAll<HTMLAnchorElement>("a") ?? [])];

  const change = (q: string) => {
    setQuery(q);
    navigate(q.trim() === "" ? "/atlas" : `/atlas?q=${encodeURIComponent(q)}`, { replace: true });
  };
  const onFieldKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === "ArrowDown" && hits.length > 0) {
      e.preventDefault();
      links()[0]?.focus();
    } else if (e.key === "Enter" && hits[0] !== undefined) {
      e.preventDefault();
      navigate(hits[0].path);
    }
  };
  const onListKey = (e: KeyboardEvent<HTMLUListElement>) => {
    const all = links();
    const at = all.indexOf(document.activeElement as HTMLAnchorElement);
    if (e.key === "ArrowDown" && at < all.length - 1) {
      e.preventDefault();
      all[at + 1]?.focus();
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      if (at <= 0) input.current?.focus();
      else all[at - 1]?.focus();
    } else if (e.key === "Escape") {
      e.preventDefault();
      input.current?.focus();
    }
  };

  const trimmed = query.trim();
  return (
    <search className="atlas-search">
      <label htmlFor="atlas-query">
        Search disorders, drugs (INN, brand or research code), scores and labs (name or LOINC)
      </label>
      <input
        id="atlas-query"
        ref={input}
        type="search"
        autoComplete="off"
        spellCheck={false}
        value={query}
        aria-describedby="atlas-search-help atlas-search-status"
        aria-controls="atlas-results"
        onChange={(e) => change(e.target.value)}
        onKeyDown={onFieldKey}
      />
      <p id="atlas-search-help" className="help">
        e.g. TTP, Keytruda, MK-3475, PLASMIC, 777-3. Down arrow moves into the results.
      </p>
      <p id="atlas-search-status" role="status" className="meta">
        {trimmed === ""
          ? ""
          : hits.length === 0
            ? `Nothing matches “${trimmed}”.`
            : `${hits.length} result${hits.length === 1 ? "" : "s"} for “${trimmed}”.`}
      </p>
      <ul
        id="atlas-results"
        ref={list}
        className="atlas-results"
        aria-label="Search results"
        onKeyDown={onListKey}
      >
        {hits.map((h) => {
          const matched = matchedText(h);
          return (
            <li key={`${h.kind}/${h.id}`}>
              <Link to={h.path}>
                <span className="kind-tag">{KIND_WORDS[h.kind]}</span> {h.label}
              </Link>
              <span className="meta">
                {matched === undefined ? "" : ` — ${matched}`}
                {h.detail === undefined ? "" : ` · ${h.detail}`}
              </span>
            </li>
          );
        })}
      </ul>
    </search>
  );
}
