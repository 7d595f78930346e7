/**
 * The knowledge atlas routes: `/atlas` (search, and every disorder, score and drug to browse) and
 * `/atlas/{kind}/{id}` for a disorder, drug, score or lab (by LOINC). Everything is read from the same
 * knowledge bundle the engine runs on in this browser.
 */
import {
  atlasPath,
  createAtlasIndex,
  disorderPage,
  drugPage,
  type Knowledge,
  labPage,
  scorePage,
} from "@hemosentinel/core";
import { useMemo } from "react";
import { useKnowledge } from "../app/knowledge.js";
import { Link, useLocation } from "../app/router.js";
import { AtlasSearch } from "./AtlasSearch.js";
import { DisorderAtlasPage } from "./DisorderPage.js";
import { DrugAtlasPage, LabAtlasPage, ScoreAtlasPage } from "./OtherPages.js";
import { CLASS_NAMES, NotFound } from "./parts.js";

function WithKnowledge({
  title,
  children,
}: {
  readonly title: string;
  readonly children: (k: Knowledge) => React.ReactNode;
}) {
  const state = useKnowledge();
  if (state.status === "ready") return <>{children(state.knowledge)}</>;
  return (
    <>
      <h1>{title}</h1>
      {state.status === "loading" ? (
        <p role="status">Loading the knowledge base…</p>
      ) : (
        <p role="alert" className="error">
          The knowledge base could not be loaded: {state.message}
        </p>
      )}
    </>
  );
}

function Home({ k }: { readonly k: Knowledge }) {
  const { search } = useLocation();
  const index = useMemo(() => createAtlasIndex(k), [k]);
  const initial = new URLSearchParams(search).get("q") ?? "";
  const classes = ["ici", "bispecific", "antibody", "car-t"] as const;
  return (
    <>
      <h1>Knowledge atlas</h1>
      <p className="lead">
        The knowledge behind every rule, as the engine applies it: disorders with their criteria and
        management, drugs, scores and labs, each statement with its source. Knowledge {k.version}.
      </p>
      <AtlasSearch index={index} initial={initial} />
      <div className="atlas-browse">
        <section aria-labelledby="browse-disorders">
          <h2 id="browse-disorders">Disorders</h2>
          <ul>
            {k.disorders.map((d) => (
              <li key={d.id}>
                <Link to={atlasPath("disorder", d.id)}>{d.name}</Link>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="browse-scores">
          <h2 id="browse-scores">Scores</h2>
          <ul>
            {[...k.scores.values()].map((s) => (
              <li key={s.id}>
                <Link to={atlasPath("score", s.id)}>{s.name}</Link>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <section aria-labelledby="browse-drugs">
        <h2 id="browse-drugs">Drugs</h2>
        {classes.map((c) => (
          <section key={c} aria-labelledby={`browse-drugs-${c}`}>
            <h3 id={`browse-drugs-${c}`}>{CLASS_NAMES[c]}</h3>
            <ul className="inline-list">
              {k.drugs.drugs
                .filter((d) => d.class === c)
                .map((d) => (
                  <li key={d.id}>
                    <Link to={atlasPath("drug", d.id)}>{d.inn}</Link>
                  </li>
                ))}
            </ul>
          </section>
        ))}
      </section>
    </>
  );
}

export function AtlasHomePage() {
  return <WithKnowledge title="Knowledge atlas">{(k) => <Home k={k} />}</WithKnowledge>;
}

const KINDS = { disorder: "disorder", drug: "drug", score: "score", lab: "lab (LOINC code)" } as const;

function Entry({ k, kind, id }: { readonly k: Knowledge; readonly kind: string; readonly id: string }) {
  switch (kind) {
    case "disorder": {
      const page = disorderPage(k, id);
      return page ? <DisorderAtlasPage page={page} k={k} /> : <NotFound kind={KINDS.disorder} id={id} />;
    }
    case "drug": {
      const page = drugPage(k, id);
      return page ? <DrugAtlasPage page={page} /> : <NotFound kind={KINDS.drug} id={id} />;
    }
    case "score": {
      const page = scorePage(k, id);
      return page ? <ScoreAtlasPage page={page} k={k} /> : <NotFound kind={KINDS.score} id={id} />;
    }
    case "lab": {
      const page = labPage(k, id);
      return page ? <LabAtlasPage page={page} k={k} /> : <NotFound kind={KINDS.lab} id={id} />;
    }
    default:
      return <NotFound kind="page kind" id={kind} />;
  }
}

/** The name an atlas page shows as its heading, or undefined when there is no such page. */
export function atlasEntryName(k: Knowledge, kind: string, id: string): string | undefined {
  switch (kind) {
    case "disorder":
      return disorderPage(k, id)?.name;
    case "drug":
      return drugPage(k, id)?.entry.inn;
    case "score":
      return scorePage(k, id)?.name;
    case "lab":
      return labPage(k, id)?.lab.name;
    default:
      return undefined;
  }
}

export function AtlasEntryPage({ kind, id }: { readonly kind: string; readonly id: string }) {
  return <WithKnowledge title="Knowledge atlas">{(k) => <Entry k={k} kind={kind} id={id} />}</WithKnowledge>;
}
