/**
 * A patient the HemoSentinel server assessed (the page CDS Hooks cards link to), or with `cohort` a person
 * of the server's cohort database assessed as of its last screening run (the cohort page links to it).
 */
import { useEffect, useState } from "react";
import { useKnowledge } from "../app/knowledge.js";
import { Link } from "../app/router.js";
import { cohortListPage, cohortPatientPath } from "../cohort/paths.js";
import { PatientView } from "../patient/PatientView.js";
import { ProblemBox } from "../server/ProblemBox.js";
import type { ServerAnswer } from "../server/patient-api.js";

export function ServerPatientPage({
  id,
  cohort = false,
}: {
  readonly id: string;
  readonly cohort?: boolean;
}) {
  const knowledge = useKnowledge();
  const [answer, setAnswer] = useState<ServerAnswer | undefined>(undefined);
  useEffect(() => {
    let live = true;
    setAnswer(undefined);
    // Loaded on this page only: its contract check brings the schemas, which no other page needs.
    void import("../server/patient-api.js")
      .then((api) =>
        cohort
          ? api.fetchPatientAssessment(id, fetch, undefined, cohortPatientPath(id))
          : api.fetchPatientAssessment(
              id,
              fetch,
              new URLSearchParams(window.location.search).get("access") ?? undefined,
            ),
      )
      .then((a) => live && setAnswer(a));
    return () => {
      live = false;
    };
  }, [id, cohort]);
  const back = cohort ? (
    <p className="no-print">
      <Link to={cohortListPage()}>Back to the cohort</Link>
    </p>
  ) : null;
  if (answer === undefined || knowledge.status === "loading")
    return (
      <>
        <h1>Patient {id}</h1>
        <p role="status">Loading the server’s assessment…</p>
      </>
    );
  if (!answer.ok)
    return (
      <>
        <h1>Patient {id}</h1>
        <ProblemBox answer={answer} />
        {back ?? (
          <p>
            <Link to="/">Open a patient from files instead</Link>
          </p>
        )}
      </>
    );
  if (knowledge.status === "failed")
    return (
      <>
        <h1>Patient {id}</h1>
        <p role="alert">{knowledge.message}</p>
      </>
    );
  return (
    <>
      {back}
      <PatientView assessment={answer.assessment} knowledge={knowledge.knowledge} origin="server" />
    </>
  );
}
