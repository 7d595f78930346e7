/**
 * Cirrhosis or liver failure charted: the DOAC labels restrict them by the Child-Pugh class — rivaroxaban is
 * contraindicated with hepatic disease with coagulopathy and clinically relevant bleeding risk, including Child-Pugh
 * B and C; apixaban only with caution in A and B and not in C (graff-harder-2013-doac-hepatic) — and the DOAC
 * trials excluded cirrhosis, where LMWH (or a vitamin K antagonist) is the standard treatment (weinberg-2019-doac-
 * cirrhosis). The record seldom carries the class, so no plan offers a DOAC to a patient with charted cirrhosis or
 * liver failure: LMWH, or a non-heparin agent other than a DOAC after HIT, with the class settled first.
 */
import { describe, expect, it } from "vitest";
import type { ClinicalEvent, LabResult } from "../../packages/core/src/contracts/model.js";
import { assessPatientTraced } from "../../packages/core/src/engine/assess.js";
import {
  AT,
  assessDvt,
  carTDvt,
  findingOf as finding,
  planIds as ids,
  knowledge as k,
  lungCancer,
  pembrolizumab,
  reportAndViolations,
} from "../support/assess.js";
import { day, event, lab, record } from "../support/record.js";

const EVAL = 400; // AT is day 400
const cirrhosis = event("liver-disease", EVAL - 300, { qualifiers: ["cirrhosis"] });

const dvt = (extra: ClinicalEvent[], labs: LabResult[] = [], platelets = 240) =>
  assessDvt(labs, extra, platelets);

describe("anticoagulant choice with cirrhosis or liver failure charted", () => {
  it("cirrhosis and a DVT: LMWH, no DOAC offered", () => {
    const { thr, all, violations } = dvt([cirrhosis]);
    expect(all).not.toContain("thr-anticoagulation-full-dose");
    expect(thr).toContain("thr-anticoagulation-full-dose-hepatic");
    expect(thr).toContain("thr-avoid-doac-hepatic");
    expect(violations).toEqual([]);
  });

  it("liver failure charted: the same", () => {
    const { thr, violations } = dvt([event("liver-disease", EVAL - 20, { qualifiers: ["failure"] })]);
    expect(thr).not.toContain("thr-anticoagulation-full-dose");
    expect(thr).toContain("thr-anticoagulation-full-dose-hepatic");
    expect(violations).toEqual([]);
  });

  it("an immune-related hepatitis alone is not read as cirrhosis: the usual item stays", () => {
    const { thr } = dvt([event("liver-disease", EVAL - 20, { qualifiers: ["hepatitis"] })]);
    expect(thr).toContain("thr-anticoagulation-full-dose");
    expect(thr).not.toContain("thr-anticoagulation-full-dose-hepatic");
  });

  it("a liver failure that ended (end charted) no longer bars a DOAC", () => {
    const { thr } = dvt([
      event("liver-disease", EVAL - 200, { qualifiers: ["failure"], end: day(EVAL - 150) }),
    ]);
    expect(thr).toContain("thr-anticoagulation-full-dose");
    expect(thr).not.toContain("thr-avoid-doac-hepatic");
  });

  it("a remote HIT with cirrhosis: fondaparinux, not a DOAC", () => {
    const { thr, violations } = dvt([cirrhosis, event("hit", EVAL - 300)]);
    expect(thr).not.toContain("thr-hit-history-non-heparin");
    expect(thr).toContain("thr-hit-history-non-heparin-hepatic");
    expect(violations).toEqual([]);
  });

  it("HIT suspected with cirrhosis: a non-heparin agent other than a DOAC, argatroban only at a reduced start and not in Child-Pugh C", () => {
    const { all, report, violations } = dvt([cirrhosis, event("hit", EVAL - 2)], [], 90);
    expect(all).not.toContain("thr-hit-non-heparin");
    expect(all).toContain("thr-hit-non-heparin-hepatic");
    const item = finding(report, "thrombosis")?.management.find(
      (m) => m.id === "thr-hit-non-heparin-hepatic",
    );
    // Its EU label contraindicates argatroban in severe hepatic impairment, which a cirrhosis of unstated class may be.
    expect(item?.action).toMatch(
      /argatroban only at a reduced starting dose and not in severe hepatic impairment/,
    );
    expect(all).toContain("thr-avoid-argatroban-hepatic-impairment");
    expect(violations).toEqual([]);
  });

  it("thrombosis after CAR-T with cirrhosis: the coagulopathy plan offers LMWH, no DOAC", () => {
    const { report, violations } = reportAndViolations(
      record({
        exposures: [carTDvt.exposure],
        labs: [...carTDvt.labs],
        events: [lungCancer, cirrhosis, ...carTDvt.events],
      }),
    );
    const all = report.findings.flatMap(ids);
    expect(all).not.toContain("carac-anticoagulation-full-dose");
    expect(all).not.toContain("thr-anticoagulation-full-dose");
    expect(ids(finding(report, "carac"))).toContain("carac-anticoagulation-full-dose-hepatic");
    expect(violations).toEqual([]);
  });

  it("ITP with cirrhosis: the plan says not to start eltrombopag without hepatology (Child-Pugh C contraindication)", () => {
    const { report } = assessPatientTraced(
      record({
        exposures: [pembrolizumab],
        labs: [
          lab("platelets", EVAL - 60, 250),
          lab("platelets", EVAL - 5, 12),
          lab("platelets", EVAL - 1, 10),
        ],
        events: [lungCancer, cirrhosis],
      }),
      AT,
      k,
    );
    const all = report.findings.flatMap((f) => ids(f));
    expect(all).toContain("itp-avoid-eltrombopag-hepatic");
  });
});
