/**
 * The reading of the record that both the planner's facts and the CDS order cards use (engine/on-record.ts):
 * hepatitis B on record (a positive HBsAg or total anti-HBc, or a hepatitis B charted, by the evaluation) and an
 * anti-CD38 antibody given within the blood bank's window.
 */
import { describe, expect, it } from "vitest";
import { knowledge } from "../../../../test/support/assess.js";
import { day, event, exposure, lab, record } from "../../../../test/support/record.js";
import { antiCd38Recent, hepatitisBEvidence, hepatitisBOnRecord } from "./on-record.js";

const AT = day(100);

describe("hepatitis B on record", () => {
  it("a positive HBsAg or total anti-HBc by the evaluation, or a hepatitis B charted: the fact holds, with its evidence", () => {
    const hbsag = lab("hbsag", 40, "positive");
    const evidence = hepatitisBEvidence(record({ labs: [hbsag] }), knowledge, AT);
    expect(evidence.labs).toEqual([hbsag]);
    expect(hepatitisBOnRecord(evidence)).toBe(true);
    const hbc = lab("anti-hbc-total", -300, "positive");
    expect(hepatitisBOnRecord(hepatitisBEvidence(record({ labs: [hbc] }), knowledge, AT))).toBe(true);
    const charted = event("hepatitis-b", -900);
    const onlyEvent = hepatitisBEvidence(record({ events: [charted] }), knowledge, AT);
    expect(onlyEvent.events).toEqual([charted]);
    expect(hepatitisBOnRecord(onlyEvent)).toBe(true);
  });

  it("negative markers, a positive marker dated after the evaluation, or another positive result: the fact does not hold", () => {
    const none = (r: Parameters<typeof hepatitisBEvidence>[0]) =>
      hepatitisBOnRecord(hepatitisBEvidence(r, knowledge, AT));
    expect(
      none(record({ labs: [lab("hbsag", 40, "negative"), lab("anti-hbc-total", 40, "negative")] })),
    ).toBe(false);
    expect(none(record({ labs: [lab("hbsag", 101, "positive")] }))).toBe(false);
    expect(none(record({ labs: [lab("direct-antiglobulin-test", 40, "positive")] }))).toBe(false);
    expect(none(record({}))).toBe(false);
  });

  it("a positive HBsAg with a later negative one still holds (no later negative result read: anti-HBc may remain)", () => {
    const r = record({ labs: [lab("hbsag", 10, "positive"), lab("hbsag", 80, "negative")] });
    expect(hepatitisBOnRecord(hepatitisBEvidence(r, knowledge, AT))).toBe(true);
  });

  it("a positive HBsAg in a same-instant conflict is left out, as every reading of the record leaves it out", () => {
    const positive = lab("hbsag", 40, "positive");
    const negative = lab("hbsag", 40, "negative");
    const r = record({
      labs: [positive, negative],
      conflicts: [{ kind: "same-instant-values", refs: [positive.ref, negative.ref], detail: "two results" }],
    });
    expect(hepatitisBEvidence(r, knowledge, AT).labs).toEqual([]);
  });
});

describe("an anti-CD38 antibody given recently", () => {
  it("daratumumab last given 184 days before the evaluation: held; 185 days before: not", () => {
    const at = (d: number) => day(d, 10);
    const given = [exposure("daratumumab", "antibody", [0, 7])];
    expect(antiCd38Recent(given, knowledge, at(7 + 184))).toHaveLength(1);
    expect(antiCd38Recent(given, knowledge, at(7 + 185))).toEqual([]);
  });

  it("first given after the evaluation, or an antibody of another target (rituximab): not held", () => {
    expect(antiCd38Recent([exposure("daratumumab", "antibody", [50])], knowledge, AT)).toHaveLength(1);
    expect(antiCd38Recent([exposure("daratumumab", "antibody", [150])], knowledge, AT)).toEqual([]);
    expect(antiCd38Recent([exposure("rituximab", "antibody", [50])], knowledge, AT)).toEqual([]);
  });
});
