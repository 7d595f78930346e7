/** What the server answered instead of the data a page asked for (its problem document, or why none). */
import type { Checked } from "./api.js";

export function ProblemBox({ answer }: { readonly answer: Checked<unknown> & { readonly ok: false } }) {
  return (
    <div role="alert" className="error-box">
      <p>
        <strong>{answer.title}</strong>
        {answer.status === undefined ? "" : ` (HTTP ${answer.status})`}
      </p>
      {answer.detail === undefined ? null : <p>{answer.detail}</p>}
    </div>
  );
}
