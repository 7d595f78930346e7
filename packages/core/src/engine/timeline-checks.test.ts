import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../test/support/knowledge.js";
import { event, exposure, lab, record } from "../../../../test/support/record.js";
import { assessPatient } from "./assess.js";
import { timelineConflicts, withTimelineChecks } from "./timeline-checks.js";

const cart = exposure("tisagenlecleucel", "car-t", [0]);

describe("timeline order checks", () => {
  it("reports CRS dated before the CAR-T infusion, naming both records", () => {
    const crs = event("crs", -2, { grade: 3 });
    expect(timelineConflicts(record({ exposures: [cart], events: [crs] }))).toEqual([
      {
        refs: [crs.ref, "MedicationAdministration/tisagenlecleucel-0"],
        kind: "event-before-exposure",
        detail: expect.stringMatching(
          /^Cytokine release syndrome on \d{4}-\d{2}-\d{2} is dated before the first immunotherapy \(tisagenlecleucel on /,
        ),
      },
    ]);
  });

  it("accepts CRS on the infusion day (a date without time is not 'before' a timed infusion)", () => {
    const crs = { ...event("crs", 0), at: cart.first.slice(0, 10) };
    expect(timelineConflicts(record({ exposures: [cart], events: [crs] }))).toEqual([]);
  });

  it("uses the earliest exposure of any class, and ignores other event kinds", () => {
    const nivo = exposure("nivolumab", "ici", [-30]);
    const r = record({ exposures: [cart, nivo], events: [event("crs", -2), event("thrombosis", -40)] });
    expect(timelineConflicts(r)).toEqual([]);
  });

  it("has nothing to say about a record without exposures", () => {
    expect(timelineConflicts(record({ events: [event("icans", 5)] }))).toEqual([]);
  });

  it("leaves the contradicted event out of detection and reports it", () => {
    const crs = event("crs", -3, { grade: 3 });
    const r = record({
      exposures: [cart],
      labs: [lab("fibrinogen", 8, 0.9), lab("pt", 8, 17), lab("platelets", 8, 60)],
      events: [crs],
    });
    expect(withTimelineChecks(r).events).toEqual([]);
    const report = assessPatient(r, "2030-01-01T00:00:00Z", testKnowledge());
    expect(report.conflicts.map((c) => c.refs[0])).toEqual([crs.ref]);
    // Without the contradicted CRS there is no CARAC (every CARAC rule needs CRS or bleeding).
    expect(report.findings.map((f) => f.disorder)).not.toContain("carac");
  });
});
