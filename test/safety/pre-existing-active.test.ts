/**
 * A TTP or an acquired haemophilia A charted before the first immunotherapy dose and still open after it (its end
 * recorded after the dose). Before, the record produced no finding: the disorder predates the drug, so no
 * drug-induced onset was read, and a patient with an active TTP or AHA started on a checkpoint inhibitor was silent.
 * Now it is a finding, possible at most, named pre-existing and active during immunotherapy (never attributed to the
 * drug), and its plan treats the disorder with a caution that immunotherapy may worsen it (Abdel-Wahab 2018). One that
 * ended before the dose is history, not a finding; one that begins after the dose is read as before, without the
 * caution. Through the FHIR reader (onset and abatement) and the CSV reader (date and end date) alike.
 *
 * The commonest record of an active disease is an open problem: no end recorded and not marked over (a Condition
 * active, recurrence, relapse or of no status without abatement; a CSV row without end_date). It is active at the
 * dose too, and the finding says its end is not recorded. One marked resolved, inactive or in remission without an
 * end date is over: no finding.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { withWholePlans } from "../../packages/core/src/engine/manage/shared-lines.js";
import { findingOf } from "../support/assess.js";
import { assessChecked, CSV_HEADER } from "../support/charted-words.js";
import { administration } from "../support/fhir-entries.js";

const DOSE = "2026-03-01T10:00:00Z";

/**
 * Pembrolizumab on 1 March; `words` charted from `from` to `to` (its abatement, or the CSV end date; none when
 * undefined), with `status` (the Condition's clinicalStatus code, or the CSV qualifier) when given.
 */
function fhir(words: string, from: string, to?: string, status?: string): PatientReport {
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
        ...(to !== undefined && { abatementDateTime: to }),
        ...(status !== undefined && {
          clinicalStatus: {
            coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-clinical", code: status }],
          },
        }),
      },
    },
  ];
  return assessChecked({ kind: "fhir", value: { resourceType: "Bundle", type: "collection", entry } });
}

function csv(words: string, from: string, to?: string, status?: string): PatientReport {
  const rows = [
    CSV_HEADER,
    `p1,dose,${DOSE},,text,,pembrolizumab,,,,,,administration,,,`,
    `p1,event,${from},${to ?? ""},text,,"${words}",,,,,,,${status ?? ""},,`,
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
    endNotRecorded: f.summary.includes("its end is not recorded and it is not marked resolved"),
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
        endNotRecorded: false,
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
        endNotRecorded: false,
        active: "unmet",
        latency: "met",
        caution: false,
      });
    },
  );

  it.each(CHARTED)(
    "%s charted 20 Feb with no end and no status (an open problem): pre-existing, its end named as not recorded",
    (id, words, caution) => {
      expect(seen(read(words, "2026-02-20"), id, caution)).toEqual({
        certainty: "possible",
        preExisting: true,
        endNotRecorded: true,
        active: "met",
        latency: "unmet",
        caution: true,
      });
    },
  );

  it.each(CHARTED)(
    "%s charted in 2023 with no end: still an open problem, read as active with the caution",
    (id, words, caution) => {
      expect(seen(read(words, "2023-02-20"), id, caution)).toMatchObject({
        preExisting: true,
        endNotRecorded: true,
        active: "met",
        caution: true,
      });
    },
  );

  it.each(
    CHARTED.flatMap(([id, words]) =>
      ["resolved", "inactive", "remission"].map((status) => [id, words, status] as const),
    ),
  )("%s charted 20 Feb with no end but marked %s: over, no finding", (id, words, status) => {
    expect(findingOf(read(words, "2026-02-20", undefined, status), id)).toBeUndefined();
  });
});

describe("an open TTP or AHA under a FHIR clinicalStatus that says it is under way", () => {
  it.each(
    CHARTED.flatMap(([id, words, caution]) =>
      ["active", "recurrence", "relapse"].map((status) => [id, words, caution, status] as const),
    ),
  )("%s charted 20 Feb, no abatement, %s: pre-existing with the caution", (id, words, caution, status) => {
    expect(seen(fhir(words, "2026-02-20", undefined, status), id, caution)).toMatchObject({
      preExisting: true,
      endNotRecorded: true,
      caution: true,
    });
  });
});

describe("the caution is for an immune-activating therapy only", () => {
  /** Rituximab (an antibody given to treat an AHA or a TTP), then `also` if given, beside `words` charted open. */
  function withRituximab(words: string, also?: string): PatientReport {
    const rows = [
      CSV_HEADER,
      `p1,dose,${DOSE},,text,,rituximab,,,,,,administration,,,`,
      ...(also === undefined ? [] : [`p1,dose,2026-03-08T10:00:00Z,,text,,${also},,,,,,administration,,,`]),
      `p1,event,2026-02-20,,text,,"${words}",,,,,,,,,`,
    ];
    return assessChecked({ kind: "csv", text: `${rows.join("\n")}\n` });
  }
  const cautions = (p: PatientReport) =>
    withWholePlans(p).findings.flatMap((f) =>
      f.management.map((m) => m.id).filter((id) => id.includes("pre-existing")),
    );

  it.each(CHARTED)("%s open beside rituximab alone: no caution that the drug may worsen it", (_, words) => {
    expect(cautions(withRituximab(words))).toEqual([]);
  });

  it.each(CHARTED)("%s open beside rituximab and then pembrolizumab: the caution", (_, words, caution) => {
    expect(cautions(withRituximab(words, "pembrolizumab"))).toContain(caution);
  });
});
