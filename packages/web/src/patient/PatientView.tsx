/**
 * One patient: the summary, the timeline at the centre, the unexplained abnormalities and the findings
 * beside it, then grades and scores, data quality and sources. The same view shows a patient assessed in
 * this browser and one the server assessed (`/patients/{id}`).
 */
import {
  absentPatientLine,
  ageAt,
  calculatorForms,
  citedSourceIds,
  DISCLAIMER,
  deathLine,
  findingTitle,
  type InputError,
  type Knowledge,
  type PatientReport,
  patientStatus,
  valueWithUnit,
  withWholePlans,
} from "@hemosentinel/core";
import { useCallback, useContext, useMemo, useRef, useState } from "react";
import type { PatientAssessment } from "../engine/assess-documents.js";
import { ExportBar } from "../export/ExportBar.js";
import { type TimelineModel, timelineModel } from "../timeline/model.js";
import { Timeline } from "../timeline/Timeline.js";
import { ActFirst, ageItemIds, hitSuspectedItemIds } from "./ActFirst.js";
import { bleedEndedItemIds, drugDecisionKeys } from "./act-first.js";
import { DataQuality } from "./DataQuality.js";
import { Badges, FindingCard } from "./FindingCard.js";
import { readableInstant } from "./notation.js";
import { NoBreakDates, PrescribingLine } from "./PrescribingLine.js";
import { Procedures } from "./Procedures.js";
import { PROCEDURES_ANCHOR, procedurePointer } from "./procedure-plan.js";
import { Exposures, GradesAndScores, Sources } from "./Record.js";
import { referenceLabels } from "./reference-labels.js";
import { Unexplained } from "./Unexplained.js";
import { usePinned } from "./usePinned.js";
import { EvidenceContext, EvidenceLinks, ReferenceLabelsContext, WordsContext, wordsOf } from "./words.js";

/** What a highlighted record is, and where it shows on the timeline. */
function describeRef(ref: string, a: PatientAssessment, model: TimelineModel, k: Knowledge): string {
  for (const panel of model.panels) {
    const p = panel.points.find((x) => x.ref === ref);
    if (p !== undefined)
      return `${ref} highlighted on the ${panel.title} panel: ${p.text}, day ${p.day} (${p.at.slice(0, 10)}).`;
  }
  const marker = model.markers.find((m) => m.ref === ref);
  if (marker !== undefined)
    return `${ref} highlighted among the doses and events: ${marker.text}, day ${(marker.since ?? marker).day}.`;
  const lab = a.record.labs.find((l) => l.ref === ref);
  if (lab !== undefined) {
    const name = k.vocabulary.labById(lab.lab)?.name ?? lab.lab;
    const value = lab.value !== undefined ? valueWithUnit(lab.value, lab.unit) : (lab.qualitative ?? "");
    return `${ref} (${name} ${value} on ${lab.at.slice(0, 10)}) is not on a timeline panel.`;
  }
  const event = a.record.events.find((e) => e.ref === ref);
  if (event !== undefined)
    return `${ref} (${event.text ?? event.kind} on ${event.at.slice(0, 10)}) is not on a timeline panel.`;
  return `${ref} is not on the timeline.`;
}

/** The timeline panel a record is drawn on: a lab panel's id, or "events" for a dose or event marker. */
function panelOf(ref: string, model: TimelineModel): string | undefined {
  const panel = model.panels.find((p) => p.points.some((x) => x.ref === ref));
  if (panel !== undefined) return panel.id;
  return model.markers.some((m) => m.ref === ref) ? "events" : undefined;
}

/**
 * The records this assessment could not use, for the summary: they may hide a finding. Conflicting
 * results (two platelet counts at one instant) are left out of detection and grading, so they are named too.
 */
function dataProblemsText(rejected: number, inputErrors: number, conflicts: number, cautions = 0): string {
  const parts = [
    rejected === 0 ? "" : `${rejected} ${rejected === 1 ? "record" : "records"} rejected`,
    conflicts === 0 ? "" : `${conflicts} ${conflicts === 1 ? "conflict" : "conflicts"} left out`,
    cautions === 0
      ? ""
      : `${cautions} ${cautions === 1 ? "result" : "results"} whose laboratory flag contradicts its range`,
    inputErrors === 0 ? "" : `${inputErrors} input ${inputErrors === 1 ? "problem" : "problems"}`,
  ].filter((x) => x !== "");
  const joined = parts.length < 2 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts.at(-1)}`;
  return `${joined} — see Data quality before relying on this summary`;
}

/**
 * The banner a deceased patient's view opens with, above everything else: the date of death, and that the
 * findings and plans are retrospective — what the record shows, with nothing to order or give.
 */
function Deceased({ death }: { readonly death: NonNullable<PatientAssessment["patient"]["deceased"]> }) {
  return (
    <div className="deceased-banner" role="alert" data-deceased={death.at ?? ""}>
      <p className="deceased-line">
        <strong>{deathLine(death)}</strong>
      </p>
      <p>
        Findings are retrospective: they describe the record up to the death. Nothing on this page is to be
        ordered or given — no test, dose or treatment, and no "Act first" list. Results, doses and events
        dated after the death are not used (see <a href="#quality-title">Data quality</a>). Source:{" "}
        <code>{death.ref}</code>; if the patient is alive, the record's death entry is wrong.
      </p>
    </div>
  );
}

/**
 * The notice a patient's view opens with when the input did not hold the Patient its records name (a search
 * of the doses and labs without the Patient, a bulk export without Patient.ndjson): the records are read as
 * that patient's, but no birth date, sex or death was, so what depends on age or sex is unknown here — said
 * where the clinician looks first, not only in Data quality.
 */
function AbsentPatient({ absent }: { readonly absent: NonNullable<PatientReport["absentPatient"]> }) {
  return (
    <div className="absent-patient-banner" role="note" data-absent-patient={absent.ref}>
      <p className="absent-patient-line">
        <strong>{absentPatientLine(absent)}</strong>
      </p>
      <p>
        The Patient resource was not in the files opened, so age and sex are unknown, not assumed: lines by
        age (doses, a child's plan), the kidney function the anticoagulant lines read and the cautions for a
        woman of childbearing age are treated as unknown. If the chart holds them, open the Patient resource
        with these files (Patient.ndjson in a bulk export); see <a href="#quality-title">Data quality</a>.
      </p>
    </div>
  );
}

export function PatientView(props: {
  readonly assessment: PatientAssessment;
  readonly knowledge: Knowledge;
  readonly inputErrors?: readonly InputError[];
  /** Where the assessment was made, for the header. */
  readonly origin: "browser" | "server";
}) {
  const { assessment: a, knowledge } = props;
  const p = a.patient;
  // Act first arranges each line once itself and names every plan it serves: it reads each plan whole.
  const whole = useMemo(() => withWholePlans(p), [p]);
  const words = useMemo(() => wordsOf(knowledge), [knowledge]);
  const hitItems = useMemo(() => hitSuspectedItemIds(knowledge), [knowledge]);
  const ageItems = useMemo(() => ageItemIds(knowledge), [knowledge]);
  const withholdItems = useMemo(() => bleedEndedItemIds(knowledge), [knowledge]);
  const drugDecisions = useMemo(() => drugDecisionKeys(knowledge), [knowledge]);
  const calculators = useMemo(() => new Set(calculatorForms(knowledge).map((f) => f.id)), [knowledge]);
  const { ctx, w } = words;
  // The references this page cites are told apart among themselves: a letter only when two of them share a
  // label ("Rejeski 2023a", "Rejeski 2023b"), not "CYKLOKAPRON (a)" for the one drug label cited here because
  // the knowledge base holds three.
  const appLabels = useContext(ReferenceLabelsContext);
  const labels = useMemo(() => {
    const cited = citedSourceIds(p).flatMap((id) => {
      const ref = knowledge.references.get(id);
      return ref === undefined ? [] : [ref];
    });
    return new Map([...appLabels, ...referenceLabels(cited)]);
  }, [p, knowledge, appLabels]);
  const model = useMemo(
    () =>
      timelineModel(p, a.record, knowledge, {
        drug: w.drug,
        finding: (f) => findingTitle(ctx, f),
        prose: w.prose,
      }),
    [p, a.record, knowledge, w, ctx],
  );
  const [highlight, setHighlight] = useState<string | undefined>(undefined);
  const [announcement, setAnnouncement] = useState("");
  const timelineRef = useRef<HTMLElement>(null);
  const sideRef = useRef<HTMLDivElement>(null);
  const pinned = usePinned(timelineRef, sideRef);
  const show = useCallback(
    (ref: string) => {
      setHighlight(ref);
      setAnnouncement(describeRef(ref, a, model, knowledge));
      const timeline = timelineRef.current;
      if (timeline === null) return;
      // Pinned beside the findings, the timeline is in view: it scrolls itself to the panel and the
      // reader keeps their place. Otherwise the page goes to the timeline.
      const panel = panelOf(ref, model);
      const target = pinned && panel !== undefined ? timeline.querySelector(`[data-panel="${panel}"]`) : null;
      if (target !== null) {
        const box = timeline.getBoundingClientRect();
        const at = target.getBoundingClientRect();
        if (at.top < box.top || at.bottom > box.bottom)
          timeline.scrollTo({
            top: timeline.scrollTop + at.top - box.top - box.height / 3,
            behavior: "smooth",
          });
      } else if (!pinned) timeline.scrollIntoView({ behavior: "smooth", block: "start" });
    },
    [a, model, knowledge, pinned],
  );
  const status = patientStatus(ctx, p);
  const primary = p.findings[0];
  const procedureNote = procedurePointer(p);
  const stale = a.engine.knowledgeHash !== knowledge.hash;
  const inputErrors = props.inputErrors ?? [];
  const age = ageAt(a.record.birthDate, a.evaluatedAt);
  return (
    <ReferenceLabelsContext.Provider value={labels}>
      <WordsContext.Provider value={words}>
        <EvidenceContext.Provider value={show}>
          <article className="patient" aria-labelledby="patient-title">
            <header className="patient-header">
              <h1 id="patient-title">Patient {p.patientId}</h1>
              {p.deceased === undefined ? null : <Deceased death={p.deceased} />}
              {p.absentPatient === undefined ? null : <AbsentPatient absent={p.absentPatient} />}
              <p className="meta">
                {p.absentPatient === undefined ? null : (
                  <span className="warn">sex and birth date not read (no Patient resource) · </span>
                )}
                {a.record.sex === undefined ? "" : `${a.record.sex} · `}
                {a.record.birthDate === undefined ? null : (
                  <>
                    born {a.record.birthDate}
                    {age === undefined ? null : (
                      <>
                        {" "}
                        (<span className="age">age {age}</span> at the evaluation)
                      </>
                    )}{" "}
                    ·{" "}
                  </>
                )}
                evaluated at <time dateTime={a.evaluatedAt}>{readableInstant(a.evaluatedAt)}</time> · engine{" "}
                {a.engine.version} · knowledge {a.engine.knowledgeVersion} ({a.engine.knowledgeHash}) ·
                settings: {a.settings.source} ·{" "}
                {props.origin === "browser" ? "assessed in this browser" : "assessed by the server"}
              </p>
              <PrescribingLine record={a.record} />
              {/* The clearance (or a child's eGFR) the anticoagulant lines read, with the inputs of a computed one
                and their records, under what the record holds for prescribing: where the pharmacist checks the
                renal avoid lines, not below the timeline. Its formula's papers are in Sources. */}
              {p.kidneyFunction === undefined ? null : (
                <p className="kidney-function">
                  <strong>Kidney function the plans read:</strong>{" "}
                  <NoBreakDates text={w.prose(p.kidneyFunction.detail)} />{" "}
                  <EvidenceLinks refs={p.kidneyFunction.evidence} />
                </p>
              )}
              {stale ? (
                <p className="warn">
                  This assessment used knowledge {a.engine.knowledgeVersion} ({a.engine.knowledgeHash}); the
                  names and grade bands shown come from this app's knowledge {knowledge.version} (
                  {knowledge.hash}).
                </p>
              ) : null}
              <p className="disclaimer">{DISCLAIMER}</p>
            </header>
            <section className={`summary ${status.outcome}`} aria-labelledby="summary-title">
              <h2 id="summary-title">Summary</h2>
              <p className="primary-line">{status.text}</p>
              {primary === undefined ? null : <Badges finding={primary} />}
              {/* The primary finding's sentence: its onset, and a competing explanation that lowered it (an
                HScore of 169 or more beside a CAR-T coagulopathy) where the reader decides what to do. */}
              {primary === undefined || primary.summary === "" ? null : (
                <p className="primary-summary">{w.prose(primary.summary)}</p>
              )}
              {p.unexplained.length > 0 ? (
                <p className="alert">
                  <span aria-hidden="true">⚠ </span>
                  <a href="#unexplained-title">
                    {p.unexplained.length === 1
                      ? "1 serious abnormality"
                      : `${p.unexplained.length} serious abnormalities`}{" "}
                    not attributed to any disorder
                  </a>
                </p>
              ) : null}
              {/* With no finding the procedure plan is the patient's only plan: "nothing detected" points to it. */}
              {procedureNote === undefined ? null : (
                <p className="alert procedure-note">
                  <span aria-hidden="true">⚠ </span>
                  <a href={`#${PROCEDURES_ANCHOR}`}>{procedureNote}</a>
                </p>
              )}
              {/* Without a finding the status line already names the rejected records. */}
              {inputErrors.length > 0 ||
              p.conflicts.length > 0 ||
              (p.cautions ?? []).length > 0 ||
              (p.rejected.length > 0 && status.outcome === "finding") ? (
                <p className="notice">
                  <span aria-hidden="true">⚠ </span>
                  <a href="#quality-title">
                    {dataProblemsText(
                      p.rejected.length,
                      inputErrors.length,
                      p.conflicts.length,
                      (p.cautions ?? []).length,
                    )}
                  </a>
                </p>
              ) : null}
              {/* After death nothing is to be done first, and the finding cards carry no plan (nothing is ordered). */}
              {p.deceased === undefined ? (
                <ActFirst
                  findings={whole.findings}
                  unexplained={whole.unexplained}
                  procedures={p.procedures}
                  scores={p.scores}
                  hitItems={hitItems}
                  ageItems={ageItems}
                  withholdItems={withholdItems}
                  drugDecisions={drugDecisions}
                />
              ) : null}
            </section>
            {/* After the summary: on a phone the four buttons would otherwise push it below the fold. */}
            <ExportBar assessment={a} inputErrors={inputErrors} />
            <div className="patient-grid">
              <section
                className={pinned ? "timeline-section pinned" : "timeline-section"}
                aria-labelledby="timeline-title"
                ref={timelineRef}
                // Pinned beside the findings on wide screens it scrolls on its own: reachable by keyboard.
                tabIndex={pinned ? 0 : undefined}
              >
                <h2 id="timeline-title">Timeline</h2>
                <p role="status" className="status-line highlight-status">
                  {announcement}
                </p>
                <Timeline model={model} highlight={highlight} />
                <Exposures patient={p} record={a.record.exposures} evaluatedAt={a.evaluatedAt} />
              </section>
              <div className="side" ref={sideRef}>
                <Unexplained patient={p} leading={ageItems} />
                <Procedures patient={p} leading={ageItems} />
                <section className="findings" aria-labelledby="findings-title">
                  <h2 id="findings-title">Findings ({p.findings.length})</h2>
                  {p.findings.length === 0 ? (
                    <p>
                      {status.text}.
                      {procedureNote === undefined ? null : (
                        <>
                          {" "}
                          <a href={`#${PROCEDURES_ANCHOR}`}>{procedureNote}</a>.
                        </>
                      )}
                    </p>
                  ) : null}
                  {p.findings.map((f, i) => (
                    <FindingCard
                      key={f.disorder}
                      finding={f}
                      primary={i === 0}
                      exposures={p.exposures}
                      scores={p.scores}
                      deceased={p.deceased}
                      leading={ageItems}
                    />
                  ))}
                </section>
              </div>
            </div>
            <GradesAndScores patient={p} calculators={calculators} />
            <DataQuality patient={p} inputErrors={inputErrors} />
            <Sources patient={p} />
          </article>
        </EvidenceContext.Provider>
      </WordsContext.Provider>
    </ReferenceLabelsContext.Provider>
  );
}
