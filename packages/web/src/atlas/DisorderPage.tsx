/**
 * A disorder in the atlas: what it is, how it presents and why, how often it follows each therapy class,
 * then the engine's own criteria, certainty rules, differentials and grading written as sentences, the
 * work-up, the management by therapy class and grade with the evidence of each line, the drugs it was
 * reported with, and the references.
 */
import {
  atlasPath,
  type Knowledge,
  type ManagementGroup,
  managementGroups,
  type DisorderPage as Page,
  type Recommendation,
  type Reference,
} from "@hemosentinel/core";
import { Link } from "../app/router.js";
import { Cites, useReferenceLabel } from "../patient/words.js";
import { type CriteriaNames, criteriaNamesOf, testSentence, whenText } from "./criteria-text.js";
import { CLASS_NAMES, ClassTags, LinkList, References, SentenceView, Statements } from "./parts.js";

const CERTAINTY_WORDS: Readonly<Record<string, string>> = {
  definite: "Definite",
  probable: "Probable",
  possible: "Possible",
};

const EFFECT_WORDS: Readonly<Record<string, string>> = {
  exclude: "excludes the finding",
  lower: "lowers the certainty by one level",
};

function groupTitle(g: ManagementGroup): string {
  const classes =
    g.classes.length === 0 ? "Every therapy class" : g.classes.map((c) => CLASS_NAMES[c]).join(", ");
  const grades =
    g.grades === undefined
      ? "any grade"
      : g.grades === "unknown"
        ? "grade not known"
        : g.grades.min !== undefined && g.grades.max !== undefined
          ? g.grades.min === g.grades.max
            ? `grade ${g.grades.min}`
            : `grades ${g.grades.min}–${g.grades.max}`
          : g.grades.min !== undefined
            ? `grade ≥ ${g.grades.min}`
            : `grade ≤ ${g.grades.max}`;
  return `${classes} · ${grades}`;
}

/** The kinds of evidence a line rests on: `guideline`, `case report`… from its references. */
function Evidence({
  ids,
  refs,
}: {
  readonly ids: readonly string[];
  readonly refs: ReadonlyMap<string, Reference>;
}) {
  const label = useReferenceLabel();
  return (
    <p className="evidence-line">
      Evidence:{" "}
      {ids.map((id, i) => {
        const r = refs.get(id);
        return (
          <span key={id}>
            {i > 0 ? "; " : ""}
            <a href={`#src-${id}`} data-ref={id}>
              {label(id)}
            </a>
            {r === undefined ? "" : ` (${r.kind.replace("-", " ")})`}
          </span>
        );
      })}
    </p>
  );
}

function Management({
  page,
  names,
  refs,
}: {
  readonly page: Page;
  readonly names: CriteriaNames;
  readonly refs: ReadonlyMap<string, Reference>;
}) {
  return (
    <section aria-labelledby="management-title">
      <h2 id="management-title">Management by therapy class and grade</h2>
      {page.management.map((g) => {
        const byId = new Map<string, Recommendation>(g.items.map((r) => [r.id, r]));
        const title = groupTitle(g);
        return (
          <section key={title} className="card management-group" aria-label={title}>
            <h3>{title}</h3>
            {managementGroups(g.items).map((k) => (
              <div key={k.kind} className={`kind ${k.kind}`}>
                <h4>
                  {k.kind === "avoid" ? <span aria-hidden="true">⚠ </span> : null}
                  {k.label}
                </h4>
                <ul>
                  {k.items.map((m) => {
                    const rec = byId.get(m.id);
                    const when = rec === undefined ? [] : whenText(rec.when, names);
                    return (
                      <li key={m.id}>
                        {names.words(m.action)}
                        {when.length === 0 ? null : (
                          <span className="meta"> — only when {when.join("; ")}</span>
                        )}
                        {m.caveat === undefined ? null : <p className="caveat">Caveat: {m.caveat}</p>}
                        <Evidence ids={m.sourceIds} refs={refs} />
                      </li>
                    );
                  })}
                </ul>
              </div>
            ))}
          </section>
        );
      })}
    </section>
  );
}

function Epidemiology({ page }: { readonly page: Page }) {
  return (
    <section aria-labelledby="epidemiology-title">
      <h2 id="epidemiology-title">Epidemiology by therapy class</h2>
      {page.epidemiology.length === 0 ? (
        <p>No incidence figure is recorded for this disorder.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Therapy class</th>
              <th scope="col">Incidence</th>
              <th scope="col">Onset (days)</th>
              <th scope="col">What the source reports</th>
            </tr>
          </thead>
          <tbody>
            {page.epidemiology.map((r) => (
              <tr key={r.class}>
                <td data-label="Therapy class">{CLASS_NAMES[r.class]}</td>
                <td data-label="Incidence">
                  {r.basis === "reported"
                    ? `${r.percent} % over ${r.overDays} days`
                    : "Not published (HemoSentinel's stand-in, used only for synthetic cohorts)"}
                </td>
                <td data-label="Onset (days)">
                  {r.onset.minDays}–{r.onset.maxDays}
                </td>
                <td data-label="What the source reports">
                  {r.detail}
                  <Cites ids={r.sourceIds} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** An onset window, a class's or a drug's own. */
type Window = Omit<Page["latency"][number], "therapyClass">;

/** The days of one onset window, with its latest-dose extension. */
function windowDays(l: Window): string {
  return `${l.minDays}–${l.maxDays}${
    l.afterLatestDose
      ? `, or from day ${l.minDays} within ${l.afterLatestDose.maxDays} days of the latest dose`
      : ""
  }`;
}

/** One window's note with its sources, and its latest-dose note with theirs. */
function WindowNote({ l }: { readonly l: Window }) {
  return (
    <>
      {l.note ?? ""}
      <Cites ids={l.sourceIds} />
      {l.afterLatestDose ? (
        <>
          {" "}
          Latest dose: {l.afterLatestDose.note ?? ""}
          <Cites ids={l.afterLatestDose.sourceIds} />
        </>
      ) : null}
    </>
  );
}

function Onset({ page }: { readonly page: Page }) {
  return (
    <section aria-labelledby="onset-title">
      <h2 id="onset-title">Time to onset</h2>
      {page.onset.length > 0 ? <Statements items={page.onset} /> : null}
      <table>
        <caption>Onset windows the engine looks in</caption>
        <thead>
          <tr>
            <th scope="col">Therapy class or drug</th>
            <th scope="col">Days after first dose (CAR-T: infusion)</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {page.latency.map((l) => (
            <tr key={l.therapyClass}>
              <td data-label="Therapy class">{CLASS_NAMES[l.therapyClass]}</td>
              <td data-label="Days">{windowDays(l)}</td>
              <td data-label="Note">
                <WindowNote l={l} />
              </td>
            </tr>
          ))}
          {page.latencyByDrug.map((l) => (
            <tr key={l.drug} className="drug-window" data-drug={l.drug}>
              <td data-label="Drug">
                <Link to={atlasPath("drug", l.drug)}>{l.inn}</Link>
                {l.therapyClass === undefined ? null : (
                  <> ({CLASS_NAMES[l.therapyClass].toLowerCase()}: its own window, in place of the class's)</>
                )}
              </td>
              <td data-label="Days">{windowDays(l)}</td>
              <td data-label="Note">
                <WindowNote l={l} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Criteria({ page, names }: { readonly page: Page; readonly names: CriteriaNames }) {
  return (
    <section aria-labelledby="criteria-title">
      <h2 id="criteria-title">Diagnostic criteria</h2>
      <p className="help">
        Each criterion as the engine tests it, with the thresholds of the knowledge base.
      </p>
      <ul className="criteria-list">
        {page.criteria.map((c) => (
          <li key={c.id} id={`criterion-${c.id}`}>
            <strong>{c.label}</strong>
            <Cites ids={c.sourceIds} />
            <div className="test">
              <SentenceView sentence={testSentence(c.test, names)} />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Certainty({ page }: { readonly page: Page }) {
  return (
    <section aria-labelledby="certainty-title">
      <h2 id="certainty-title">Certainty rules</h2>
      <p className="help">The first rule that holds gives the certainty; differentials may then lower it.</p>
      <ol className="certainty-rules">
        {page.certainty.map((r, i) => (
          // Rules have no id; their order is the knowledge's.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <li key={i}>
            <strong>{CERTAINTY_WORDS[r.level] ?? r.level}</strong> when
            <ul>
              {r.allOf.length > 0 ? <li>all of: {r.allOf.join("; ")}</li> : null}
              {r.anyOf ? <li>at least one of: {r.anyOf.join("; ")}</li> : null}
              {r.atLeast ? (
                <li>
                  at least {r.atLeast.min} of: {r.atLeast.of.join("; ")}
                </li>
              ) : null}
              {r.floor ? <li>differentials lower it no further than {r.floor}</li> : null}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}

function Differentials({ page, names }: { readonly page: Page; readonly names: CriteriaNames }) {
  return (
    <section aria-labelledby="differentials-title">
      <h2 id="differentials-title">Differentials</h2>
      {page.differentials.length === 0 ? <p>None recorded.</p> : null}
      <ul className="criteria-list">
        {page.differentials.map((d) => (
          <li key={d.id}>
            <strong>{d.label}</strong> — {EFFECT_WORDS[d.effect] ?? d.effect}
            <Cites ids={d.sourceIds} />
            <div className="test">
              <SentenceView sentence={testSentence(d.test, names)} />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Grading({ page, names }: { readonly page: Page; readonly names: CriteriaNames }) {
  const g = page.grading;
  return (
    <section aria-labelledby="grading-title">
      <h2 id="grading-title">Grading</h2>
      <ul>
        {g.rules.map((r) => (
          <li key={`${r.grade}-${r.basis}`}>
            <strong>Grade {r.grade}</strong>: {names.words(r.basis)}
          </li>
        ))}
        {g.ctcaeTerm ? <li>Otherwise the CTCAE v5.0 grade of {names.term(g.ctcaeTerm)}.</li> : null}
      </ul>
      {g.note ? <p className="note">{g.note}</p> : null}
      <p>
        Sources: <Cites ids={g.sourceIds} />
      </p>
    </section>
  );
}

function Workup({ page, k }: { readonly page: Page; readonly k: Knowledge }) {
  return (
    <section aria-labelledby="workup-title">
      <h2 id="workup-title">Work-up</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">Test</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {page.workup.map((w) => (
            <tr key={w.id}>
              <td data-label="Test">
                {w.loinc !== undefined && k.labCatalogue.byLoinc.has(w.loinc) ? (
                  <Link to={atlasPath("lab", w.loinc)}>{w.test}</Link>
                ) : (
                  w.test
                )}
                {w.loinc === undefined ? null : <span className="meta"> LOINC {w.loinc}</span>}
              </td>
              <td data-label="Why">
                {w.why}
                {w.guidesTreatment ? " Still requested when the diagnosis is definite." : ""}
                <Cites ids={w.sourceIds} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function DrugReports({ page }: { readonly page: Page }) {
  return (
    <section aria-labelledby="reports-title">
      <h2 id="reports-title">Reported with</h2>
      {page.drugReports.length === 0 ? (
        <p>No drug report is recorded for this disorder.</p>
      ) : (
        <ul>
          {page.drugReports.map((r) => (
            <li key={`${r.drug}-${r.sourceIds.join()}`}>
              <Link to={r.drugLink.path}>{r.drugLink.label}</Link> ({r.kind.replace("-", " ")}): {r.summary}
              <Cites ids={r.sourceIds} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function DisorderAtlasPage({ page, k }: { readonly page: Page; readonly k: Knowledge }) {
  const names = criteriaNamesOf(k);
  const refs = new Map(page.references.map((r) => [r.id, r]));
  return (
    <article className="atlas-page">
      <p className="meta">
        <Link to="/atlas">Knowledge atlas</Link> · Disorder
      </p>
      <h1>{page.name}</h1>
      <p className="lead">{page.summary}</p>
      <section aria-labelledby="definition-title">
        <h2 id="definition-title">Definition</h2>
        <p>
          <ClassTags {...(page.definition.therapyClasses && { classes: page.definition.therapyClasses })} />
          {page.definition.text}
          <Cites ids={page.definition.sourceIds} />
        </p>
      </section>
      <section aria-labelledby="manifestations-title">
        <h2 id="manifestations-title">Clinical manifestations</h2>
        <Statements items={page.manifestations} />
      </section>
      <section aria-labelledby="mechanisms-title">
        <h2 id="mechanisms-title">Mechanisms</h2>
        <Statements items={page.mechanisms} />
      </section>
      <Epidemiology page={page} />
      <Onset page={page} />
      <Criteria page={page} names={names} />
      <Certainty page={page} />
      <Differentials page={page} names={names} />
      <Grading page={page} names={names} />
      <Workup page={page} k={k} />
      <Management page={page} names={names} refs={refs} />
      <section aria-labelledby="scores-title">
        <h2 id="scores-title">Scores reported with a finding</h2>
        <p>
          <LinkList links={page.scores} />
        </p>
      </section>
      <DrugReports page={page} />
      <References refs={page.references} />
    </article>
  );
}
