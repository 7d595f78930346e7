/** Print (and save as PDF through the browser's print dialog), download HTML or JSON, copy text for the EHR note. */
import type { InputError } from "@hemosentinel/core";
import { useRef, useState } from "react";
import type { PatientAssessment } from "../engine/assess-documents.js";
import { useWords } from "../patient/words.js";
import { exportName, reportHtml, reportJson, reportOf, reportText } from "./report.js";

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function ExportBar(props: {
  readonly assessment: PatientAssessment;
  readonly inputErrors: readonly InputError[];
}) {
  const { ctx } = useWords();
  const [status, setStatus] = useState("");
  const [manual, setManual] = useState<string | undefined>(undefined);
  const manualRef = useRef<HTMLTextAreaElement>(null);
  const report = () => reportOf(props.assessment, props.inputErrors);
  const name = exportName(props.assessment);
  const copy = async () => {
    const text = reportText(report(), ctx);
    try {
      await navigator.clipboard.writeText(text);
      setManual(undefined);
      setStatus(
        `Copied the report as text (${text.length.toLocaleString("en")} characters) for the EHR note.`,
      );
    } catch {
      // No clipboard access (permission, insecure context): the text is offered for copying by hand.
      setManual(text);
      setStatus("The browser did not allow copying: the text is below, selected, for Ctrl+C.");
      setTimeout(() => manualRef.current?.select(), 0);
    }
  };
  return (
    <div className="export-bar no-print">
      <fieldset className="export-actions">
        <legend className="visually-hidden">Print and export</legend>
        <button type="button" onClick={() => window.print()}>
          Print / save as PDF
        </button>
        <button type="button" onClick={() => void copy()}>
          Copy as text for the EHR note
        </button>
        <button
          type="button"
          onClick={() => download(`${name}.html`, "text/html", reportHtml(report(), ctx))}
        >
          Download HTML report
        </button>
        <button
          type="button"
          onClick={() => download(`${name}.json`, "application/json", reportJson(report()))}
        >
          Download JSON
        </button>
      </fieldset>
      <p role="status" className="status-line">
        {status}
      </p>
      {manual === undefined ? null : (
        <label className="manual-copy">
          Report as text
          <textarea ref={manualRef} readOnly value={manual} rows={8} />
        </label>
      )}
    </div>
  );
}
