/**
 * What became of every record: the tally (read = used + merged + rejected + not used + ignored), the
 * rejected records by reason, the records outside scope, the conflicts and the input problems.
 */
import {
  conflictGroups,
  type InputError,
  ignoredCounts,
  notUsedRows,
  type PatientReport,
  recordTally,
  recordTallyText,
  rejectionGroups,
  systemsText,
} from "@hemosentinel/core";
import { EvidenceLinks, useWords } from "./words.js";

export function DataQuality(props: {
  readonly patient: PatientReport;
  readonly inputErrors: readonly InputError[];
}) {
  const { patient: p, inputErrors } = props;
  const { w } = useWords();
  const tally = recordTally(p);
  const notUsed = notUsedRows(p.notUsed, w);
  const ignored = ignoredCounts(p.ignored);
  return (
    <section className="quality" aria-labelledby="quality-title">
      <h2 id="quality-title">Data quality</h2>
      <p className={tally.adds || !tally.available ? "tally" : "tally warn"}>{recordTallyText(tally)}</p>
      {p.absentPatient === undefined ? null : (
        <p className="warn absent-patient-detail">
          <strong>Patient not in the input:</strong> {w.prose(p.absentPatient.detail)}
        </p>
      )}
      {p.rejected.length === 0 ? (
        <p>Rejected: none.</p>
      ) : (
        <table className="rejected">
          <caption>Rejected records: {p.rejected.length}</caption>
          <thead>
            <tr>
              <th scope="col">Reason</th>
              <th scope="col">Count</th>
              <th scope="col">Records</th>
            </tr>
          </thead>
          <tbody>
            {rejectionGroups(p.rejected).map((g) => (
              <tr key={g.code}>
                <td data-label="Reason">{w.rejection(g.code)}</td>
                <td data-label="Count" className="num">
                  {g.count}
                </td>
                <td data-label="Records">
                  <ul>
                    {g.examples.map((r) => (
                      <li key={r.ref}>
                        <code>{r.ref}</code>: {w.prose(r.reason)}
                      </li>
                    ))}
                    {g.count > g.examples.length ? (
                      <li>… and {g.count - g.examples.length} more, all listed in the JSON report</li>
                    ) : null}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {notUsed.length > 0 ? (
        <table className="not-used">
          <caption>Not used (codes outside scope)</caption>
          <thead>
            <tr>
              <th scope="col">Resource type</th>
              <th scope="col">Records</th>
              <th scope="col">By code system</th>
            </tr>
          </thead>
          <tbody>
            {notUsed.map((row) => (
              <tr key={row.type}>
                <td data-label="Resource type">{row.type}</td>
                <td data-label="Records" className="num">
                  {row.total}
                </td>
                <td data-label="By code system">{systemsText(row)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {ignored.length > 0 ? (
        <p>Ignored resource types: {ignored.map(([t, n]) => `${t} ${n}`).join(", ")}</p>
      ) : null}
      {p.conflicts.length === 0 ? (
        <p>Conflicts: none.</p>
      ) : (
        <>
          <h3>Conflicts: {p.conflicts.length}, left out of grades, scores and detection</h3>
          {conflictGroups(p.conflicts).map((g) => (
            <div key={g.kind}>
              <h4>{w.conflict(g.kind)}</h4>
              <ul className="conflicts">
                {g.conflicts.map((k) => (
                  <li key={k.refs.join()}>
                    {w.prose(k.detail)} <EvidenceLinks refs={k.refs} />
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </>
      )}
      {(p.cautions ?? []).length > 0 ? (
        <>
          <h3>Used, with a caution: {(p.cautions ?? []).length}, a laboratory flag against its own range</h3>
          <ul className="cautions">
            {(p.cautions ?? []).map((k) => (
              <li key={k.ref}>
                {w.prose(k.detail)} <EvidenceLinks refs={[k.ref]} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {inputErrors.length > 0 ? (
        <>
          <h3>Input problems ({inputErrors.length})</h3>
          <ul className="input-problems">
            {inputErrors.map((e) => (
              <li key={`${e.source}-${e.code}-${e.detail}`}>
                <code>{e.source}</code>: {w.prose(e.detail)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
