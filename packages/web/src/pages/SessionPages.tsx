/** The patients opened in this tab, and one of them. */
import { patientStatus, renderContextOf } from "@hemosentinel/core";
import { useKnowledge } from "../app/knowledge.js";
import { Link } from "../app/router.js";
import { useSession } from "../app/session.js";
import { readableInstant } from "../patient/notation.js";
import { PatientView } from "../patient/PatientView.js";
import { statusWithProcedures } from "../patient/procedure-plan.js";
import { FilesReport } from "./FilesReport.js";

function NothingOpen() {
  return (
    <>
      <p>
        No patient is open in this tab. What you open stays in this tab’s memory only, so it is gone after a
        reload.
      </p>
      <p>
        <Link to="/">Open a patient</Link>
      </p>
    </>
  );
}

export function SessionPage() {
  const { state } = useSession();
  const knowledge = useKnowledge();
  if (state.status !== "ready")
    return (
      <>
        <h1>Opened patients</h1>
        {state.status === "working" ? <p role="status">Assessing {state.what}…</p> : <NothingOpen />}
      </>
    );
  const { result } = state;
  const ctx = knowledge.status === "ready" ? renderContextOf(knowledge.knowledge) : undefined;
  return (
    <>
      <h1>Opened patients</h1>
      <p className="meta">
        {state.what} · evaluated at{" "}
        <time dateTime={result.evaluatedAt}>{readableInstant(result.evaluatedAt)}</time>
      </p>
      <FilesReport sources={result.sources} />
      <section aria-labelledby="patients-title">
        <h2 id="patients-title">Patients ({result.assessments.length})</h2>
        {result.assessments.length === 0 ? <p>No patient could be read.</p> : null}
        <ul className="patient-list">
          {result.assessments.map((a) => (
            <li key={a.patient.patientId}>
              <Link to={`/session/${encodeURIComponent(a.patient.patientId)}`}>
                Patient {a.patient.patientId}
              </Link>
              {ctx === undefined
                ? ""
                : ` — ${statusWithProcedures(patientStatus(ctx, a.patient).text, a.patient)}`}
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}

export function SessionPatientPage({ id }: { readonly id: string }) {
  const { state } = useSession();
  const knowledge = useKnowledge();
  const assessment =
    state.status === "ready" ? state.result.assessments.find((a) => a.patient.patientId === id) : undefined;
  if (state.status !== "ready" || assessment === undefined)
    return (
      <>
        <h1>Patient {id}</h1>
        {state.status === "working" ? <p role="status">Assessing {state.what}…</p> : <NothingOpen />}
      </>
    );
  if (knowledge.status !== "ready")
    return (
      <>
        <h1>Patient {id}</h1>
        <p role={knowledge.status === "failed" ? "alert" : "status"}>
          {knowledge.status === "failed" ? knowledge.message : "Loading the knowledge base…"}
        </p>
      </>
    );
  const { result } = state;
  const inputErrors = result.sources.flatMap((s) => s.problems);
  return (
    <>
      {result.assessments.length > 1 ? (
        <p className="no-print">
          <Link to="/session">All {result.assessments.length} opened patients</Link>
        </p>
      ) : null}
      <FilesReport sources={result.sources} onlyProblems />
      <PatientView
        assessment={assessment}
        knowledge={knowledge.knowledge}
        inputErrors={inputErrors}
        origin="browser"
      />
    </>
  );
}
