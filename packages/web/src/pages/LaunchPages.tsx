/**
 * The SMART on FHIR launch pages: `/launch` starts the authorization with the EHR, `/launch/ready` is where
 * the EHR sends the user back; the patient's records are then fetched and assessed in this browser.
 */
import { useEffect, useRef, useState } from "react";
import { navigate, useLocation } from "../app/router.js";
import { evaluationTime, useSession } from "../app/session.js";
import { authorize, fetchLaunchRecord } from "../smart/smart.js";

export function LaunchPage() {
  const { search } = useLocation();
  const [error, setError] = useState("");
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const params = new URLSearchParams(search);
    const iss = params.get("iss");
    if (iss === null || iss === "") {
      setError("The launch did not name a FHIR server (the iss parameter is missing).");
      return;
    }
    const launch = params.get("launch") ?? undefined;
    const clientId = params.get("client_id") ?? undefined;
    authorize({
      iss,
      ...(launch !== undefined ? { launch } : {}),
      ...(clientId !== undefined ? { clientId } : {}),
    }).catch((e: unknown) =>
      setError(`The EHR authorization could not start: ${e instanceof Error ? e.message : String(e)}`),
    );
  }, [search]);
  return (
    <>
      <h1>EHR launch</h1>
      {error === "" ? <p role="status">Connecting to the EHR…</p> : <p role="alert">{error}</p>}
    </>
  );
}

export function LaunchReadyPage() {
  const { open } = useSession();
  const [step, setStep] = useState("Signing in with the EHR…");
  const [error, setError] = useState("");
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    (async () => {
      const record = await fetchLaunchRecord();
      setStep(`Assessing patient ${record.patientId} from ${record.serverUrl}…`);
      const name = `EHR ${record.serverUrl}`;
      const problems = record.failures.map((f) => ({
        name: `${f.type} search`,
        read: false,
        patients: [],
        problems: [{ source: `${f.type} search`, code: "unreadable-file" as const, detail: f.detail }],
        ignored: {},
      }));
      const result = await open(
        [{ name, text: JSON.stringify(record.bundle) }],
        evaluationTime(undefined),
        name,
        problems,
      );
      const found =
        result?.assessments.find((a) => a.patient.patientId === record.patientId) ?? result?.assessments[0];
      if (found !== undefined)
        navigate(`/session/${encodeURIComponent(found.patient.patientId)}`, { replace: true });
      else setError("The EHR’s records of this patient could not be assessed.");
    })().catch((e: unknown) =>
      setError(`The EHR launch failed: ${e instanceof Error ? e.message : String(e)}`),
    );
  }, [open]);
  return (
    <>
      <h1>EHR launch</h1>
      {error === "" ? <p role="status">{step}</p> : <p role="alert">{error}</p>}
    </>
  );
}
