/**
 * A TTP or an acquired haemophilia A charted before the first immunotherapy dose and still open after it (its end
 * recorded after the dose). Before, the record produced no finding: the disorder predates the drug, so no
 * drug-induced onset was read, and a patient with an active TTP or AHA started on a checkpoint inhibitor was silent.
 * Now it is a finding, possible at most, named pre-existing and active during immunotherapy (never attributed to the
 * drug), and its plan treats the disorder with a caution that immunotherapy may worsen it (Abdel-Wahab 2018). One that
 * ended before the dose is history, not a finding; one that begins after the dose is read as before, without the
 * caution. Through the FHIR reader (onset and abatement) and the CSV reader (date and end date) alike.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { withWholePlans } from "../../packages/core/src/engine/manage/shared-lines.js";
import { findingOf } from "../support/assess.js";
import { assessChecked, CSV_HEADER } from "../support/charted-words.js";
import { administration } from "../support/fhir-entries.js";

const DOSE = "2026-03-01T10:00:00Z";

/** Pembrolizumab on 1 March; `words` charted from `from` to `to` (its abatement, or the CSV end date). */
function fhir(words: string, from: string, to: string): PatientReport {
  const entry = [
    { resource: { resourceType: "Patient", id: "p1" } },
    { resource: administration("d1", "pembrolizumab", DOSE) },
    {
      resource: {
        resourceType: "Condition",
        id: "c1",
        subject: { reference: "Patient/p1" },
        code: { text: words },
        onsetDateTime: from,
        abatementDateTime: to,
      },
    },
  ];
  return assessChecked({ kind: "fhir", value: { resourceType: "Bundle", type: "collection", entry } });
}

function csv(words: string, from: string, to: string): PatientReport {
  const rows = [
    CSV_HEADER,
    `p1,dose,${DOSE},,text,,pembrolizumab,,,,,,administration,,,`,
    `p1,event,${from},${to},text,,"${words}",,,,,,,,,`,
  ];
  return assessChecked({ kind: "csv", text: `${rows.join("\n")}\n` });
}

const READERS = [
  ["FHIR", fhir],
  ["CSV", csv],
] as const;
const CHARTED = [
  ["ttp", "Thrombotic thrombocytopenic purpura", "ttp-pre-existing-active-caution"],
  ["aha", "Acquired hemophilia A", "aha-pre-existing-active-caution"],
] as const;

/** What a reader sees: certainty, whether it is named pre-existing, its timing criteria, and the caution line. */
function seen(p: PatientReport, id: string, caution: string) {
  const f = withWholePlans(p).findings.find((x) => x.disorder === id);
  if (!f) return undefined;
  const status = (c: string) => f.criteria.find((x) => x.id === c)?.status;
  return {
    certainty: f.certainty,
    preExisting: f.summary.includes(
      "Pre-existing: present before the first pembrolizumab dose and still open",
    ),
    active: status("active-at-first-dose"),
    latency: status("latency"),
    caution: f.management.some((m) => m.id === caution),
  };
}

describe.each(READERS)("a TTP or AHA present before the first dose (%s)", (_, read) => {
  it.each(CHARTED)(
    "%s charted 20 Feb, still open 11 March: possible, pre-existing, with the caution",
    (id, words, caution) => {
      expect(seen(read(words, "2026-02-20", "2026-03-11"), id, caution)).toEqual({
        certainty: "possible",
        preExisting: true,
        active: "met",
        latency: "unmet",
        caution: true,
      });
    },
  );

  it.each(CHARTED)("%s charted in January, over 20 February: history, no finding", (id, words) => {
    const p = read(words, "2026-01-10", "2026-02-20");
    expect(findingOf(p, id)).toBeUndefined();
  });

  it.each(CHARTED)(
    "%s charted 5 March, after the dose: read as before, not pre-existing, no caution",
    (id, words, caution) => {
      expect(seen(read(words, "2026-03-05", "2026-03-11"), id, caution)).toEqual({
        certainty: "possible",
        preExisting: false,
        active: "unmet",
        latency: "met",
        caution: false,
      });
    },
  );
});
