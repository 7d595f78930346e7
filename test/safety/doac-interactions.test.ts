/**
 * A DOAC offered beside a drug that strongly inhibits or induces both CYP3A4 and P-gp is a plan item its label
 * and the EHRA 2021 guide advise against (ISTH SSC 2018 keeps DOACs for patients without drug interactions).
 * The interacting drug is charted by name and read through the real context-drug catalogue, so these cases
 * also hold the catalogue's roles; each is tested with the drug on board and stopped beyond its window. A moderate
 * CYP3A inducer (efavirenz) bars no DOAC — no DOAC label or guideline read names one — but draws a caution beside it.
 */
import { describe, expect, it } from "vitest";
import type { ClinicalEvent, ContextDrug, LabResult } from "../../packages/core/src/contracts/model.js";
import { assessPatientTraced } from "../../packages/core/src/engine/assess.js";
import { checkPlans } from "../../packages/core/src/engine/manage/invariants.js";
import {
  AT,
  carTDvt,
  chartedDrug,
  findingOf as finding,
  planIds as ids,
  knowledge as k,
  lungCancer,
  pembrolizumab,
  reportAndViolations,
} from "../support/assess.js";
import { event, exposure, lab, record } from "../support/record.js";

const charted = chartedDrug;

const EVAL = 400; // AT is day 400

/** Assesses the record and checks the plan invariants (knowledge/safety.yaml) on it. */
function assess(parts: { labs: LabResult[]; events: ClinicalEvent[]; drugs: ContextDrug[] }, car = false) {
  const { report, violations } = reportAndViolations(
    record({
      exposures: car ? [exposure("axicabtagene-ciloleucel", "car-t", [EVAL - 10])] : [pembrolizumab],
      labs: parts.labs,
      events: [lungCancer, ...parts.events],
      contextDrugs: parts.drugs,
    }),
  );
  return { report, violations };
}

/** A proximal DVT charted 5 days before the evaluation, platelets `platelets` ×10⁹/L. */
const dvt = (drugs: ContextDrug[], platelets = 240, extra: ClinicalEvent[] = []) =>
  assess({
    labs: [lab("platelets", EVAL - 60, 250), lab("platelets", EVAL - 5, platelets)],
    events: [event("thrombosis", EVAL - 5, { qualifiers: ["venous", "dvt"] }), ...extra],
    drugs,
  });

describe("DOACs and strong CYP3A4/P-gp inhibitors (azole prophylaxis, ritonavir, cobicistat)", () => {
  it("the catalogue reads the azoles, the ritonavir combinations and cobicistat as strong inhibitors", () => {
    for (const name of [
      "posaconazole",
      "Noxafil",
      "voriconazole",
      "itraconazole",
      "ketoconazole",
      "Paxlovid",
      "ritonavir",
      "cobicistat",
    ])
      expect(charted(name, 0).roles, name).toContain("cyp3a4-pgp-inhibitor");
  });

  it("DVT on posaconazole prophylaxis: LMWH, no DOAC, and the interaction named", () => {
    const { report, violations } = dvt([charted("posaconazole 300 mg daily", EVAL - 30)]);
    const thr = ids(finding(report, "thrombosis"));
    expect(thr).not.toContain("thr-anticoagulation-full-dose");
    expect(thr).toContain("thr-anticoagulation-full-dose-interaction");
    expect(thr).toContain("thr-avoid-doac-strong-inhibitor");
    // The plan names the drug in the record, not only the class.
    const avoid = finding(report, "thrombosis")?.management.find(
      (m) => m.id === "thr-avoid-doac-strong-inhibitor",
    );
    expect(avoid?.action).toMatch(/In this patient's record: posaconazole\.$/);
    expect(violations).toEqual([]);
  });

  it("posaconazole stopped 3 days before the evaluation still bars a DOAC (7-day window)", () => {
    const thr = ids(finding(dvt([charted("posaconazole", EVAL - 60, EVAL - 3)]).report, "thrombosis"));
    expect(thr).not.toContain("thr-anticoagulation-full-dose");
    expect(thr).toContain("thr-avoid-doac-strong-inhibitor");
  });

  it("posaconazole stopped 10 days before the evaluation: LMWH or a DOAC again, no avoid item", () => {
    const thr = ids(finding(dvt([charted("posaconazole", EVAL - 60, EVAL - 10)]).report, "thrombosis"));
    expect(thr).toContain("thr-anticoagulation-full-dose");
    expect(thr).not.toContain("thr-anticoagulation-full-dose-interaction");
    expect(thr).not.toContain("thr-avoid-doac-strong-inhibitor");
  });

  it("ketoconazole cream is not systemic and does not bar a DOAC", () => {
    expect(() => charted("ketoconazole 2% cream", EVAL - 30)).toThrow();
  });

  it("platelets 40 with voriconazole: the reduced LMWH dose stays available, no DOAC anywhere", () => {
    const { report, violations } = dvt([charted("Vfend 200 mg bid", EVAL - 30)], 40);
    const thr = ids(finding(report, "thrombosis"));
    expect(
      thr.some((id) => id === "thr-anticoagulation-below-50-high-risk" || id === "thr-anticoagulation-25-50"),
    ).toBe(true);
    expect(thr).toContain("thr-avoid-doac-strong-inhibitor");
    expect(violations).toEqual([]);
  });

  it("a remote HIT and itraconazole: fondaparinux, neither heparin nor a DOAC", () => {
    const { report, violations } = dvt([charted("itraconazole", EVAL - 30)], 240, [event("hit", EVAL - 300)]);
    const thr = ids(finding(report, "thrombosis"));
    expect(thr).not.toContain("thr-hit-history-non-heparin");
    expect(thr).toContain("thr-hit-history-non-heparin-interaction");
    expect(thr).not.toContain("thr-anticoagulation-full-dose-interaction"); // LMWH: heparin after HIT
    expect(thr).toContain("thr-avoid-heparin-hit-history");
    expect(violations).toEqual([]);
  });

  it("HIT suspected on ritonavir-boosted nirmatrelvir: a non-heparin anticoagulant other than a DOAC", () => {
    const { report, violations } = dvt(
      [charted("Paxlovid", EVAL - 3), charted("enoxaparin 40 mg daily", EVAL - 12, EVAL - 2)],
      90,
      [event("hit", EVAL - 2)],
    );
    const all = report.findings.flatMap(ids);
    expect(all).not.toContain("thr-hit-non-heparin");
    expect(all).toContain("thr-hit-non-heparin-interaction");
    expect(violations).toEqual([]);
  });

  it("thrombosis after CAR-T on posaconazole: the coagulopathy plan offers LMWH, not a DOAC", () => {
    const { report, violations } = assess(
      {
        labs: [...carTDvt.labs],
        events: [...carTDvt.events],
        drugs: [charted("posaconazole", EVAL - 10)],
      },
      true,
    );
    const all = report.findings.flatMap(ids);
    expect(all).not.toContain("carac-anticoagulation-full-dose");
    expect(all).not.toContain("thr-anticoagulation-full-dose");
    expect(ids(finding(report, "carac"))).toContain("carac-anticoagulation-full-dose-interaction");
    expect(violations).toEqual([]);
  });
});

describe("DOACs and strong CYP3A4/P-gp inducers (rifampicin, carbamazepine, phenytoin, phenobarbital, St John's wort)", () => {
  it("the catalogue reads them as strong inducers", () => {
    for (const name of ["rifampicin", "rifampin", "Tegretol", "phenytoin", "phenobarbital", "St John's wort"])
      expect(charted(name, 0).roles, name).toContain("cyp3a4-pgp-inducer");
  });

  it("DVT on St John's wort (an inducer added by role only): the invariant and the plan follow the role", () => {
    const { report, violations } = dvt([charted("St. John's wort extract 300 mg tid", EVAL - 60)]);
    const f = finding(report, "thrombosis");
    expect(ids(f)).not.toContain("thr-anticoagulation-full-dose");
    expect(ids(f)).toEqual(
      expect.arrayContaining(["thr-anticoagulation-full-dose-interaction", "thr-avoid-doac-strong-inducer"]),
    );
    const avoid = f?.management.find((m) => m.id === "thr-avoid-doac-strong-inducer");
    expect(avoid?.action).toMatch(/In this patient's record: St John's wort\.$/);
    expect(violations).toEqual([]);
  });

  it("the DOAC invariants read the role, not a drug list: a DOAC item planned beside St John's wort breaks one", () => {
    const { planned } = assessPatientTraced(
      record({
        exposures: [pembrolizumab],
        labs: [lab("platelets", EVAL - 60, 250), lab("platelets", EVAL - 5, 240)],
        events: [lungCancer, event("thrombosis", EVAL - 5, { qualifiers: ["venous", "dvt"] })],
        contextDrugs: [charted("St John's wort", EVAL - 60)],
      }),
      AT,
      k,
    );
    const doac = k.management.thrombosis.find((r) => r.id === "thr-anticoagulation-full-dose");
    if (!doac) throw new Error("thr-anticoagulation-full-dose missing");
    const item = { id: doac.id, kind: doac.kind, action: doac.action, sourceIds: doac.sourceIds };
    const tampered = planned.map((p) =>
      p.disorder === "thrombosis" ? { ...p, management: [...p.management, item] } : p,
    );
    const broken = checkPlans(tampered, k.safety, k.management).flatMap((c) => c.violations);
    expect(broken.map((v) => v.invariant)).toContain("no-doac-with-strong-inducer");
  });

  it("dexamethasone (CAR-T or ICI toxicity) does not bar a DOAC: no source read advises against it", () => {
    const thr = ids(finding(dvt([charted("dexamethasone 10 mg IV q6h", EVAL - 3)]).report, "thrombosis"));
    expect(thr).toContain("thr-anticoagulation-full-dose");
    expect(thr).not.toContain("thr-avoid-doac-strong-inducer");
  });

  it("DVT on carbamazepine: LMWH, no DOAC, and the interaction named", () => {
    const { report, violations } = dvt([charted("carbamazepine 200 mg bid", EVAL - 200)]);
    const thr = ids(finding(report, "thrombosis"));
    expect(thr).not.toContain("thr-anticoagulation-full-dose");
    expect(thr).toContain("thr-anticoagulation-full-dose-interaction");
    expect(thr).toContain("thr-avoid-doac-strong-inducer");
    const lmwh = finding(report, "thrombosis")?.management.find(
      (m) => m.id === "thr-anticoagulation-full-dose-interaction",
    );
    expect(lmwh?.action).toMatch(/In this patient's record: carbamazepine\.$/);
    expect(violations).toEqual([]);
  });

  it("rifampicin stopped 10 days before the evaluation still bars a DOAC (14-day window)", () => {
    const thr = ids(finding(dvt([charted("rifampicin", EVAL - 90, EVAL - 10)]).report, "thrombosis"));
    expect(thr).not.toContain("thr-anticoagulation-full-dose");
    expect(thr).toContain("thr-avoid-doac-strong-inducer");
  });

  it("rifampicin stopped 20 days before the evaluation: LMWH or a DOAC again", () => {
    const thr = ids(finding(dvt([charted("rifampicin", EVAL - 90, EVAL - 20)]).report, "thrombosis"));
    expect(thr).toContain("thr-anticoagulation-full-dose");
    expect(thr).not.toContain("thr-avoid-doac-strong-inducer");
  });

  it("an inhibitor and an inducer together: one LMWH item, both avoid items", () => {
    const { report, violations } = dvt([
      charted("voriconazole", EVAL - 20),
      charted("phenytoin", EVAL - 100),
    ]);
    const f = finding(report, "thrombosis");
    const lmwh =
      f?.management.filter((m) => m.id.startsWith("thr-anticoagulation-full-dose-interaction")) ?? [];
    expect(lmwh.map((m) => m.id)).toEqual(["thr-anticoagulation-full-dose-interaction"]);
    expect(lmwh[0]?.action).toMatch(/In this patient's record: voriconazole, phenytoin\.$/);
    expect(ids(f)).toEqual(
      expect.arrayContaining(["thr-avoid-doac-strong-inhibitor", "thr-avoid-doac-strong-inducer"]),
    );
    expect(violations).toEqual([]);
  });
});

describe("DOACs and moderate CYP3A inducers (efavirenz, etravirine, bosentan, modafinil, nafcillin): a caution, not a bar", () => {
  it("the catalogue reads them as moderate inducers, not as the strong inducers that bar a DOAC", () => {
    for (const name of [
      "efavirenz",
      "Atripla",
      "etravirine",
      "bosentan",
      "modafinil",
      "Provigil",
      "nafcillin",
    ]) {
      expect(charted(name, 0).roles, name).toContain("moderate-cyp3a-inducer");
      expect(charted(name, 0).roles, name).not.toContain("cyp3a4-pgp-inducer");
    }
  });

  it("DVT on efavirenz: LMWH or a DOAC stays offered, with the caution naming efavirenz", () => {
    const { report, violations } = dvt([charted("efavirenz 600 mg at night", EVAL - 100)]);
    const f = finding(report, "thrombosis");
    expect(ids(f)).toContain("thr-anticoagulation-full-dose");
    expect(ids(f)).not.toContain("thr-avoid-doac-strong-inducer");
    const caution = f?.management.find((m) => m.id === "thr-doac-moderate-cyp3a-inducer");
    expect(caution?.action).toMatch(/In this patient's record: efavirenz\.$/);
    expect(caution?.caveat).toMatch(/not a guideline's rule/);
    expect(violations).toEqual([]);
  });

  it("DVT on tenofovir, an antiviral that induces no CYP3A: no caution", () => {
    const thr = ids(finding(dvt([charted("Viread 245 mg daily", EVAL - 100)]).report, "thrombosis"));
    expect(thr).toContain("thr-anticoagulation-full-dose");
    expect(thr).not.toContain("thr-doac-moderate-cyp3a-inducer");
  });

  it("modafinil stopped 20 days before the evaluation: no caution (14-day window)", () => {
    const thr = ids(finding(dvt([charted("modafinil", EVAL - 100, EVAL - 20)]).report, "thrombosis"));
    expect(thr).toContain("thr-anticoagulation-full-dose");
    expect(thr).not.toContain("thr-doac-moderate-cyp3a-inducer");
  });

  it("thrombosis after CAR-T on efavirenz: the coagulopathy plan offers LMWH or a DOAC with the same caution", () => {
    const { report, violations } = assess(
      {
        labs: [...carTDvt.labs],
        events: [...carTDvt.events],
        drugs: [charted("efavirenz 600 mg at night", EVAL - 100)],
      },
      true,
    );
    const carac = ids(finding(report, "carac"));
    expect(carac).toContain("carac-anticoagulation-full-dose");
    expect(carac).toContain("carac-doac-moderate-cyp3a-inducer");
    expect(violations).toEqual([]);
  });

  it("efavirenz with rifampicin: the strong inducer bars the DOAC, and the moderate caution gives way", () => {
    const { report, violations } = dvt([
      charted("efavirenz 600 mg at night", EVAL - 100),
      charted("rifampicin 600 mg daily", EVAL - 30),
    ]);
    const thr = ids(finding(report, "thrombosis"));
    expect(thr).toContain("thr-avoid-doac-strong-inducer");
    expect(thr).not.toContain("thr-anticoagulation-full-dose");
    expect(thr).not.toContain("thr-doac-moderate-cyp3a-inducer");
    expect(violations).toEqual([]);
  });
});
