/**
 * Principle: the primary finding does not depend on the order of the record. A thrombosis is listed before
 * an ITP of the same certainty (thrombosis `outranks` ITP), even when a third finding of that certainty
 * sits between them by grade and priority — pairwise, that made a cycle and the order followed the input.
 */
import { describe, expect, it } from "vitest";
import { assessWith } from "../../../../../test/support/assess.js";
import { event, lab } from "../../../../../test/support/record.js";

describe("order of findings of equal certainty", () => {
  // Cerebral venous thrombosis with a positive PF4 test, no heparin: ITP (graded), DIC and thrombosis
  // (ungraded) all possible.
  const labs = [
    lab("platelets", -5, 250),
    lab("platelets", 85, 60),
    lab("pf4-heparin-antibody", 85, "positive"),
    lab("d-dimer-feu", 85, 15, { unit: "mg/L" }),
    lab("fibrinogen", 85, 1.2),
  ];
  const cvst = event("thrombosis", 85, { qualifiers: ["venous", "cerebral-venous"] });

  it("lists the thrombosis before the ITP it outranks, whatever the order of the records", () => {
    const a = assessWith({ labs, events: [cvst] });
    const b = assessWith({ labs: [...labs].reverse(), events: [cvst] });
    const order = (p: typeof a) => p.findings.map((f) => f.disorder);
    expect(order(a)).toEqual(order(b));
    const ids = order(a);
    expect(ids).toContain("itp");
    expect(ids.indexOf("thrombosis")).toBeLessThan(ids.indexOf("itp"));
  });
});
