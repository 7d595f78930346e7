/**
 * The cohort page of a drug-safety team: what the server's last screening run flagged (sortable, filtered
 * by disorder or abnormality, drug or therapy class, certainty and onset dates; each row opens the person
 * in the patient view), cases by disorder × therapy class, and the cumulative-incidence curves. Filters and
 * sort live in the query string, so going back from a patient restores the list.
 */
import {
  attributionLead,
  CLASS_LABELS,
  type CohortFlagged,
  type CohortStatsAnswer,
  type FlaggedItem,
} from "@hemosentinel/core";
import { type ReactNode, useEffect, useMemo, useState } from "react";
import { useKnowledge } from "../app/knowledge.js";
import { Link, navigate, useLocation } from "../app/router.js";
import { wordsOf } from "../patient/words.js";
import type { Checked } from "../server/api.js";
import { ProblemBox } from "../server/ProblemBox.js";
import { IncidenceCurves } from "./IncidenceCurves.js";
import {
  caseCounts,
  DEFAULT_SORT,
  type Direction,
  type Filters,
  filterItems,
  filterOptions,
  NO_FILTERS,
  type Sort,
  type SortKey,
  searchOf,
  sortItems,
  stateOf,
} from "./model.js";
import { cohortPatientPage, rememberCohortList } from "./paths.js";
import "./cohort.css";

/** Rows drawn before "Show all" (a large cohort's list stays quick to draw and to tab through). */
const PAGE = 500;

interface Loaded {
  readonly flagged: Checked<CohortFlagged>;
  readonly stats: Checked<CohortStatsAnswer>;
}

/**
 * Names of disorders, abnormalities and drugs in the report's words once the knowledge base is in, and the
 * words the patient view and the reports put before a finding's certainty when it grades only its link to the
 * drug (`certaintyOf: attribution`, a charted thrombosis): "Charted; link to pembrolizumab:" before "possible",
 * so that the column never reads as a doubt that the event happened. The list's rows carry the
 * disorder, not the finding's `certaintyOf`: it is read from the disorder's definition, which is what sets it.
 */
/** A therapy class as people name it (`car-t` → `CAR-T cell therapy`), the id for a class not known. */
function className(id: string): string {
  return (CLASS_LABELS as Readonly<Record<string, string>>)[id] ?? id;
}

function useNames() {
  const knowledge = useKnowledge();
  return useMemo(() => {
    if (knowledge.status !== "ready")
      return {
        drugClass: className,
        disorder: (id: string) => id,
        abnormality: (id: string) => id,
        drug: (id: string) => id,
        linkLead: (_: FlaggedItem): string | undefined => undefined,
      };
    const { ctx, w } = wordsOf(knowledge.knowledge);
    const attribution = new Set<string>(
      knowledge.knowledge.disorders.filter((d) => d.certaintyOf === "attribution").map((d) => d.id),
    );
    return {
      drugClass: className,
      disorder: (id: string) => w.disorder(id as Parameters<typeof w.disorder>[0]),
      abnormality: (id: string) => w.abnormality(id),
      drug: (id: string) => w.drug(id),
      linkLead: (i: FlaggedItem): string | undefined =>
        i.kind === "finding" && attribution.has(i.item) ? attributionLead(ctx, i.drug) : undefined,
    };
  }, [knowledge]);
}

type Names = ReturnType<typeof useNames>;

const COLUMNS: readonly { readonly key: SortKey; readonly label: string; readonly first: Direction }[] = [
  { key: "person", label: "Person", first: "ascending" },
  { key: "item", label: "Finding", first: "ascending" },
  { key: "certainty", label: "Certainty", first: "descending" },
  { key: "grade", label: "Grade", first: "descending" },
  { key: "drug", label: "Drug (class)", first: "ascending" },
  { key: "at", label: "Onset", first: "ascending" },
  { key: "days", label: "Days from first dose", first: "ascending" },
  { key: "status", label: "Since the last run", first: "descending" },
];

const STATUS_TEXT: Readonly<Record<FlaggedItem["status"], string>> = {
  new: "New",
  changed: "Changed",
  unchanged: "Unchanged",
};

function FilterForm(props: {
  readonly items: readonly FlaggedItem[];
  readonly filters: Filters;
  readonly names: Names;
  readonly onChange: (f: Filters) => void;
}) {
  const { filters: f, names, onChange } = props;
  const options = useMemo(() => filterOptions(props.items), [props.items]);
  const set = (k: keyof Filters) => (e: { target: { value: string } }) =>
    onChange({ ...f, [k]: e.target.value });
  return (
    <form
      className="cohort-filters"
      aria-label="Filter the flagged patients"
      onSubmit={(e) => e.preventDefault()}
    >
      <div>
        <label htmlFor="filter-item">Disorder or abnormality</label>
        <select id="filter-item" value={f.item} onChange={set("item")}>
          <option value="">All</option>
          <optgroup label="Disorders">
            {options.disorders.map((d) => (
              <option key={d} value={d}>
                {names.disorder(d)}
              </option>
            ))}
          </optgroup>
          {options.abnormalities.length === 0 ? null : (
            <optgroup label="Unexplained abnormalities">
              {options.abnormalities.map((a) => (
                <option key={a} value={a}>
                  {names.abnormality(a)}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </div>
      <div>
        <label htmlFor="filter-drug">Drug or therapy class</label>
        <select id="filter-drug" value={f.drug} onChange={set("drug")}>
          <option value="">All</option>
          {options.classes.map((c) => (
            <optgroup key={c.drugClass} label={names.drugClass(c.drugClass)}>
              <option value={`class:${c.drugClass}`}>Any {names.drugClass(c.drugClass)}</option>
              {c.drugs.map((d) => (
                <option key={d} value={`drug:${d}`}>
                  {names.drug(d)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="filter-certainty">Certainty</label>
        <select id="filter-certainty" value={f.certainty} onChange={set("certainty")}>
          <option value="">All items</option>
          <option value="possible">Findings (possible or more certain)</option>
          <option value="probable">Probable or definite</option>
          <option value="definite">Definite</option>
        </select>
      </div>
      <fieldset>
        <legend>Onset between</legend>
        <label htmlFor="filter-from">
          <span className="visually-hidden">Onset </span>from
        </label>
        <input id="filter-from" type="date" value={f.from} max={f.to || undefined} onChange={set("from")} />
        <label htmlFor="filter-to">
          <span className="visually-hidden">Onset </span>to
        </label>
        <input id="filter-to" type="date" value={f.to} min={f.from || undefined} onChange={set("to")} />
      </fieldset>
      <div>
        <button
          type="button"
          onClick={() => onChange(NO_FILTERS)}
          disabled={searchOf(f, DEFAULT_SORT) === ""}
        >
          Clear filters
        </button>
      </div>
    </form>
  );
}

function itemCell(i: FlaggedItem, names: Names): ReactNode {
  return i.kind === "finding" ? (
    names.disorder(i.item)
  ) : (
    <>
      <span className="unexplained-tag">Unexplained:</span> {names.abnormality(i.item)}
    </>
  );
}

function FlaggedTable(props: {
  readonly items: readonly FlaggedItem[];
  readonly sort: Sort;
  readonly names: Names;
  readonly runId: number;
  readonly onSort: (s: Sort) => void;
}) {
  const { sort, names } = props;
  const [all, setAll] = useState(false);
  const shown = all ? props.items : props.items.slice(0, PAGE);
  return (
    <>
      <table className="flagged">
        <caption className="visually-hidden">Flagged patients of screening run {props.runId}</caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => {
              const active = sort.key === c.key;
              const next: Direction = active
                ? sort.direction === "ascending"
                  ? "descending"
                  : "ascending"
                : c.first;
              return (
                <th key={c.key} scope="col" aria-sort={active ? sort.direction : undefined}>
                  <button
                    type="button"
                    className="sort-button"
                    onClick={() => props.onSort({ key: c.key, direction: next })}
                  >
                    {c.label}
                    <span aria-hidden="true" className="sort-mark">
                      {active ? (sort.direction === "ascending" ? " ▲" : " ▼") : " ↕"}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {shown.map((i) => (
            <tr key={`${i.personId}|${i.kind}|${i.item}|${i.at}`}>
              <th scope="row">
                <Link to={cohortPatientPage(i.personId)}>Person {i.personId}</Link>
                {i.deceased === undefined ? null : (
                  <span className="deceased-mark">
                    {" "}
                    · deceased {i.deceased === "undated" ? "(no date)" : i.deceased}
                  </span>
                )}
              </th>
              <td>{itemCell(i, names)}</td>
              <td>
                {i.certainty === undefined ? (
                  "–"
                ) : (
                  <>
                    {names.linkLead(i) === undefined ? null : (
                      <span className="link-lead">{names.linkLead(i)} </span>
                    )}
                    <span className={`badge certainty-${i.certainty}`}>{i.certainty}</span>
                  </>
                )}
              </td>
              <td className="num">{i.grade ?? "–"}</td>
              <td>
                {i.drug === undefined ? "–" : names.drug(i.drug)}
                {i.drugClass === undefined ? (
                  ""
                ) : (
                  <span className="drug-class"> ({names.drugClass(i.drugClass)})</span>
                )}
              </td>
              <td className="nowrap">{i.at === "" ? "–" : i.at.slice(0, 10)}</td>
              <td className="num">{i.daysFromFirstDose ?? "–"}</td>
              <td>
                <span className={`status-${i.status}`}>{STATUS_TEXT[i.status]}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {shown.length < props.items.length ? (
        <button type="button" onClick={() => setAll(true)}>
          Show all {props.items.length} items
        </button>
      ) : null}
    </>
  );
}

function CaseCountsTable({ stats, names }: { readonly stats: CohortStatsAnswer; readonly names: Names }) {
  const counts = caseCounts(stats);
  if (counts.rows.length === 0) return <p>No cases in this run.</p>;
  return (
    <table className="case-counts">
      <caption>
        Persons with a finding of certainty {stats.minCertainty} or higher within follow-up, by disorder and
        therapy class (exposed persons in brackets)
      </caption>
      <thead>
        <tr>
          <th scope="col">Disorder</th>
          {counts.classes.map((c) => (
            <th scope="col" key={c.drugClass}>
              {names.drugClass(c.drugClass)} (n = {c.persons})
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {counts.rows.map((r) => (
          <tr key={r.disorder}>
            <th scope="row">{names.disorder(r.disorder)}</th>
            {r.cases.map((n, i) => (
              <td className="num" key={counts.classes[i]?.drugClass}>
                {n}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RunLine({ flagged }: { readonly flagged: CohortFlagged }) {
  const r = flagged.run;
  const changed = flagged.items.filter((i) => i.status !== "unchanged").length;
  return (
    <p className="meta">
      Screening run {r.runId}, evaluated {r.evaluatedAt} · knowledge {r.knowledgeVersion} · {r.exposed}{" "}
      exposed, {r.candidates} candidates, {r.flagged} persons flagged ·{" "}
      {flagged.previous === null
        ? "first run: every item is new"
        : `${changed} items new or changed since run ${flagged.previous.runId} (${flagged.previous.evaluatedAt}), ${flagged.resolved} no longer flagged`}
    </p>
  );
}

export function CohortPage() {
  const [loaded, setLoaded] = useState<Loaded | undefined>(undefined);
  const { search } = useLocation();
  const { filters, sort } = useMemo(() => stateOf(search), [search]);
  const names = useNames();
  useEffect(() => rememberCohortList(search), [search]);
  useEffect(() => {
    let live = true;
    void import("./api.js")
      .then(async (api) => ({ flagged: await api.fetchFlagged(), stats: await api.fetchStatsByClass() }))
      .then((l) => live && setLoaded(l));
    return () => {
      live = false;
    };
  }, []);
  const items = loaded?.flagged.ok ? loaded.flagged.value.items : [];
  const shown = useMemo(() => sortItems(filterItems(items, filters), sort), [items, filters, sort]);
  const update = (f: Filters, s: Sort) => navigate(`/cohort${searchOf(f, s)}`, { replace: true });
  if (loaded === undefined)
    return (
      <>
        <h1>Cohort</h1>
        <p role="status">Loading the last screening run…</p>
      </>
    );
  if (!loaded.flagged.ok)
    return (
      <>
        <h1>Cohort</h1>
        <ProblemBox answer={loaded.flagged} />
        <p>
          The cohort page shows the last run of <code>hemosentinel cohort screen</code> on the database the
          server was started with (<code>hemosentinel serve --cohort-db FILE</code>).
        </p>
      </>
    );
  const flagged = loaded.flagged.value;
  const persons = new Set(shown.map((i) => i.personId)).size;
  return (
    <>
      <h1>Cohort</h1>
      <RunLine flagged={flagged} />
      <p className="disclaimer">
        Decision support, not a diagnosis: every item is a screening finding for review.
      </p>
      <section aria-labelledby="flagged-title">
        <h2 id="flagged-title">Flagged patients</h2>
        {flagged.items.length === 0 ? (
          <p>The last run flagged no patient.</p>
        ) : (
          <>
            <FilterForm
              items={flagged.items}
              filters={filters}
              names={names}
              onChange={(f) => update(f, sort)}
            />
            <p role="status" className="filter-status">
              {shown.length} of {flagged.items.length} items ({persons} persons)
            </p>
            {shown.length === 0 ? (
              <p>No item matches these filters.</p>
            ) : (
              <FlaggedTable
                items={shown}
                sort={sort}
                names={names}
                runId={flagged.run.runId}
                onSort={(s) => update(filters, s)}
              />
            )}
          </>
        )}
      </section>
      <section aria-labelledby="counts-title">
        <h2 id="counts-title">Cases by disorder and therapy class</h2>
        {loaded.stats.ok ? (
          <CaseCountsTable stats={loaded.stats.value} names={names} />
        ) : (
          <ProblemBox answer={loaded.stats} />
        )}
      </section>
      <section aria-labelledby="curves-title">
        <h2 id="curves-title">Cumulative incidence by therapy class</h2>
        {loaded.stats.ok ? (
          <IncidenceCurves stats={loaded.stats.value} name={names.disorder} group={names.drugClass} />
        ) : null}
      </section>
    </>
  );
}
