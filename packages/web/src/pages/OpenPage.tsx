/**
 * Opening a patient: files (drop or choose, several at once), pasted text, a bundled example, or a FHIR
 * server through SMART on FHIR. Everything is assessed in this browser at the chosen evaluation date.
 * `?example=<name>` opens an example directly and `?at=YYYY-MM-DD` sets the evaluation date (links,
 * demonstrations, tests).
 */
import { type DragEvent, type FormEvent, useEffect, useId, useRef, useState } from "react";
import { navigate, useLocation } from "../app/router.js";
import { evaluationTime, useSession } from "../app/session.js";
import type { SessionResult } from "../engine/assess-documents.js";
import type { SourceText } from "../engine/documents.js";
import { authorize } from "../smart/smart.js";
import { EXAMPLES, type Example, exampleText } from "./examples.js";
import { FilesReport } from "./FilesReport.js";

const GROUPS: readonly Example["group"][] = ["Published cases", "Controls", "Constructed demonstrations"];

/** Where to go once sources are assessed: the patient when there is one, the list when several. */
function goToResult(result: SessionResult): void {
  const ids = result.assessments.map((a) => a.patient.patientId);
  if (ids.length === 1) navigate(`/session/${encodeURIComponent(ids[0] as string)}`);
  else if (ids.length > 1) navigate("/session");
}

async function readFiles(files: readonly File[]): Promise<SourceText[]> {
  return Promise.all(
    files.map(async (f) => {
      try {
        return { name: f.name, text: await f.text() };
      } catch {
        // An unreadable file reaches the engine as empty and is reported under its name.
        return { name: f.name, text: "" };
      }
    }),
  );
}

export function OpenPage() {
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const { state, open } = useSession();
  const [date, setDate] = useState(params.get("at") ?? new Date().toISOString().slice(0, 10));
  const [pasted, setPasted] = useState("");
  const [dragging, setDragging] = useState(false);
  const [iss, setIss] = useState("");
  const [smartError, setSmartError] = useState("");
  const [last, setLast] = useState<SessionResult | undefined>(undefined);
  const input = useRef<HTMLInputElement>(null);
  const ids = useId();

  const assess = async (sources: readonly SourceText[], what: string) => {
    const result = await open(sources, evaluationTime(date), what);
    setLast(result);
    if (result !== undefined) goToResult(result);
  };
  const openFiles = async (list: FileList | null) => {
    const files = [...(list ?? [])];
    if (files.length === 0) return;
    await assess(
      await readFiles(files),
      files.length === 1 ? (files[0] as File).name : `${files.length} files`,
    );
  };
  const openExample = async (example: Example) => {
    try {
      await assess([{ name: `${example.name}.json`, text: await exampleText(example) }], example.name);
    } catch (e) {
      setSmartError(e instanceof Error ? e.message : String(e));
    }
  };
  // ?example=<name>: open that example once, on arrival.
  const wanted = params.get("example");
  const opened = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on arrival
  useEffect(() => {
    if (wanted === null || opened.current) return;
    opened.current = true;
    const example = EXAMPLES.find((e) => e.name === wanted);
    if (example !== undefined) void openExample(example);
    else setSmartError(`There is no example named “${wanted}”.`);
  }, [wanted]);

  const onDrop = (event: DragEvent<HTMLElement>) => {
    event.preventDefault();
    setDragging(false);
    void openFiles(event.dataTransfer.files);
  };
  const onPaste = (event: FormEvent) => {
    event.preventDefault();
    if (pasted.trim() !== "") void assess([{ name: "pasted text", text: pasted }], "pasted text");
  };
  const onSmart = (event: FormEvent) => {
    event.preventDefault();
    setSmartError("");
    authorize({ iss: iss.trim() }).catch((e: unknown) =>
      setSmartError(e instanceof Error ? e.message : String(e)),
    );
  };
  const working = state.status === "working";
  const failedAll = last !== undefined && last.assessments.length === 0;

  return (
    <div className="open-page">
      <h1>Open a patient</h1>
      <p className="lead">
        Files are read and assessed in this browser; nothing is uploaded. HemoSentinel reads FHIR R4 JSON (a
        Bundle or a resource), NDJSON bulk exports and its CSV format; several files of one patient are
        joined.
      </p>
      <div className="field">
        <label htmlFor={`${ids}-date`}>Evaluation date</label>
        <input
          id={`${ids}-date`}
          type="date"
          value={date}
          onChange={(e) => setDate(e.target.value)}
          aria-describedby={`${ids}-date-help`}
        />
        <p id={`${ids}-date-help`} className="help">
          The assessment is made as at the end of this day (UTC); results dated after it are rejected.
        </p>
      </div>
      <div role="status" className="status-line">
        {state.status === "working" ? `Assessing ${state.what}…` : ""}
      </div>
      {state.status === "failed" ? (
        <p role="alert" className="error">
          {state.what} could not be assessed: {state.message}
        </p>
      ) : null}
      {smartError !== "" ? (
        <p role="alert" className="error">
          {smartError}
        </p>
      ) : null}
      {failedAll ? (
        <div role="alert" className="error-box">
          <FilesReport sources={last.sources} />
          <p>
            No patient was opened. HemoSentinel reads FHIR R4 JSON (a Bundle or a resource), NDJSON and its
            CSV format (one row per patient, lab result, dose or event).
          </p>
        </div>
      ) : null}
      <div className="open-grid">
        <section aria-labelledby={`${ids}-files`} className="card">
          <h2 id={`${ids}-files`}>Files</h2>
          {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop target; the file input inside is the keyboard way */}
          <div
            className={`drop-zone${dragging ? " dragging" : ""}`}
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            data-testid="drop-zone"
          >
            <p>Drop FHIR, NDJSON or CSV files here, or</p>
            <label htmlFor={`${ids}-input`} className="button">
              Choose files…
            </label>
            <input
              id={`${ids}-input`}
              ref={input}
              className="visually-hidden"
              type="file"
              multiple
              accept=".json,.ndjson,.jsonl,.csv,.txt,application/json,application/fhir+json,text/csv"
              disabled={working}
              onChange={(e) => {
                void openFiles(e.target.files);
                e.target.value = "";
              }}
            />
          </div>
        </section>
        <section aria-labelledby={`${ids}-paste`} className="card">
          <h2 id={`${ids}-paste`}>Paste</h2>
          <form onSubmit={onPaste}>
            <label htmlFor={`${ids}-text`}>FHIR JSON, NDJSON or CSV text</label>
            <textarea
              id={`${ids}-text`}
              rows={6}
              value={pasted}
              onChange={(e) => setPasted(e.target.value)}
            />
            <button type="submit" disabled={working || pasted.trim() === ""}>
              Assess pasted text
            </button>
          </form>
        </section>
        <section aria-labelledby={`${ids}-smart`} className="card">
          <h2 id={`${ids}-smart`}>From an EHR (SMART on FHIR)</h2>
          <form onSubmit={onSmart}>
            <label htmlFor={`${ids}-iss`}>FHIR server address</label>
            <input
              id={`${ids}-iss`}
              type="url"
              required
              placeholder="https://ehr.example.org/fhir"
              value={iss}
              onChange={(e) => setIss(e.target.value)}
            />
            <button type="submit">Sign in and choose a patient</button>
          </form>
          <p className="help">
            An EHR launches HemoSentinel at <code>/launch?iss=…&amp;launch=…</code>. The patient’s records are
            fetched from the FHIR server into this browser and assessed here.
          </p>
        </section>
      </div>
      <section aria-labelledby={`${ids}-examples`}>
        <h2 id={`${ids}-examples`}>Example patients</h2>
        <div className="examples">
          {GROUPS.map((group) => (
            <div key={group}>
              <h3>{group}</h3>
              <ul>
                {EXAMPLES.filter((e) => e.group === group).map((e) => (
                  <li key={e.name}>
                    <button
                      type="button"
                      className="link-button"
                      disabled={working}
                      onClick={() => void openExample(e)}
                    >
                      {e.title}
                    </button>{" "}
                    <span className="example-file">{e.name}.json</span>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      </section>
    </div>
  );
}
