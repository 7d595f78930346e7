/**
 * A TTP or an acquired haemophilia A the care team charts hours after the first immunotherapy dose, on its calendar
 * day, with no result after it. Before, both were read only from the next day and such a record was silent. No
 * drug-induced immune TTP or FVIII inhibitor is reported within hours of a first dose, so the finding is possible,
 * its timing named, never more; charted that morning, before the dose, the problem predates the drug and is read
 * as before (no finding attributed to it). A thrombosis on the day of a CAR-T infusion is found, but its link to the
 * infusion is possible only (after CAR-T the cohorts' thromboses arose from day 2); the next day it is probable.
 * Doses and problems carry a +08:00 offset; the file runs in every time zone of the suite, through the FHIR and the
 * CSV reader alike.
 */
import { describe, expect, it } from "vitest";
import type { PatientReport } from "../../packages/core/src/contracts/report.js";
import { findingOf } from "../support/assess.js";
import { csvCharted, fhirCharted } from "../support/charted-words.js";

const DOSE = "2026-03-10T10:00:00+08:00";
const READERS = [
  ["FHIR", fhirCharted],
  ["CSV", csvCharted],
] as const;
const CHARTED = [
  ["ttp", "Thrombotic thrombocytopenic purpura"],
  ["aha", "Acquired hemophilia A"],
] as const;

/** `drug` at 10:00 on 10 March (+08:00) and `words` charted at `time` on 10 March or on `date`. */
function charted(
  read: (c: Parameters<typeof fhirCharted>[0]) => PatientReport,
  words: string,
  time: string,
  drug = "pembrolizumab",
  date = "2026-03-10",
) {
  return read({
    doses: [[drug, DOSE]],
    problems: [
      ["Metastatic melanoma", "2026-01-10"],
      [words, `${date}T${time}+08:00`],
    ],
  });
}

describe.each(READERS)("a TTP or AHA charted on the day of the first dose (%s)", (_, read) => {
  it.each(CHARTED)(
    "%s charted at 14:00, after the 10:00 dose: possible, onset day 0, its timing named",
    (id, words) => {
      const f = findingOf(charted(read, words, "14:00:00"), id);
      expect(f?.certainty).toBe("possible");
      expect(f?.onset?.daysFromFirstDose).toBe(0);
      const status = (c: string) => f?.criteria.find((x) => x.id === c)?.status;
      expect(status("charted-first-dose-day")).toBe("met");
      expect(status("latency")).toBe("unmet");
    },
  );

  it.each(CHARTED)(
    "%s charted at 08:00, before the 10:00 dose, with no end: not attributed to the drug, but pre-existing and active",
    (id, words) => {
      const f = findingOf(charted(read, words, "08:00:00"), id);
      expect(f?.certainty).toBe("possible");
      const status = (c: string) => f?.criteria.find((x) => x.id === c)?.status;
      expect(status("charted-first-dose-day")).toBe("unmet");
      expect(status("active-at-first-dose")).toBe("met");
      expect(status("latency")).toBe("unmet");
    },
  );
});

describe.each(READERS)("a thrombosis charted on the day of a CAR-T infusion (%s)", (_, read) => {
  const dvt = (date: string) =>
    findingOf(
      charted(read, "Deep vein thrombosis", "18:00:00", "axicabtagene ciloleucel", date),
      "thrombosis",
    );

  it("at 18:00 after the 10:00 infusion: found, onset day 0, its link to the infusion possible", () => {
    const f = dvt("2026-03-10");
    expect(f?.certainty).toBe("possible");
    expect(f?.onset?.daysFromFirstDose).toBe(0);
    expect(f?.criteria.find((c) => c.id === "latency")?.status).toBe("unmet");
  });

  it("the next day: in the cohorts' window, probable", () => {
    const f = dvt("2026-03-11");
    expect(f?.certainty).toBe("probable");
    expect(f?.onset?.daysFromFirstDose).toBe(1);
  });
});
