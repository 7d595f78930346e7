/**
 * Principle: specific markers outrank patterns. ADAMTS13 < 10 %, a FVIII inhibitor, a positive DAT and an
 * imaging-confirmed thrombosis outrank the score patterns (DIC, CARAC) they explain; a decisive result
 * stands on its own; DIC needs an underlying condition known to cause it, recorded in the data (a charted cancer,
 * or the checkpoint inhibitor, T-cell engager or CAR-T that is given only for one).
 */
import { describe, expect, it } from "vitest";
import { AT, assessWith, findingOf, knowledge, pembrolizumab } from "../../../../../test/support/assess.js";
import { event, exposure, lab, record } from "../../../../../test/support/record.js";
import { assessPatient } from "../assess.js";

describe("specific markers outrank patterns", () => {
  it("ADAMTS13 < 10 % with thrombocytopenia is TTP at least probable, even with competing explanations", () => {
    const p = assessWith({
      labs: [lab("platelets", 40, 20), lab("adamts13-activity", 40, 4)],
      events: [event("sepsis", 40)],
    });
    const ttp = findingOf(p, "ttp");
    expect(ttp?.certainty).toBe("probable");
    expect(p.findings[0]?.disorder).toBe("ttp");
    // The sepsis was weighed but did not lower it: the trace names the floor that held it.
    const sepsis = ttp?.differentials.find((d) => d.status === "met" && d.effect === "lower");
    expect(sepsis?.held?.at).toBe("probable");
    expect(sepsis?.held?.by).toMatch(/^the decisive rule .*ADAMTS13 activity < 10 %/);
  });

  it("ADAMTS13 < 10 % with microangiopathy stays definite beside sepsis: the sepsis is weighed, held at definite", () => {
    const p = assessWith({
      labs: [
        lab("platelets", 40, 20),
        lab("schistocytes", 40, "positive"),
        lab("haptoglobin", 40, 5),
        lab("ldh", 40, 900),
        lab("adamts13-activity", 40, 4),
      ],
      events: [event("sepsis", 40)],
    });
    const ttp = findingOf(p, "ttp");
    expect(ttp?.certainty).toBe("definite");
    const held = ttp?.differentials.filter((d) => d.status === "met" && d.effect === "lower") ?? [];
    expect(held.length).toBeGreaterThan(0);
    for (const d of held) {
      expect(d.held?.at).toBe("definite");
      expect(d.held?.by).toMatch(/^the decisive rule Platelets < 150 .* \+ ADAMTS13 activity < 10 % \+ /);
    }
  });

  it("a FVIII inhibitor with low FVIII is AHA, and a DIC score without consumption does not stand beside it", () => {
    const p = assessWith({
      labs: [
        lab("fviii-activity", 60, 3, { refLow: 50, refHigh: 150 }),
        lab("fviii-inhibitor", 60, 12),
        lab("aptt", 60, 70, { refHigh: 36 }),
        lab("platelets", 60, 40),
        lab("d-dimer-feu", 60, 6, { refHigh: 0.5 }),
        lab("pt", 60, 12.5, { refLow: 10, refHigh: 13.5 }),
        lab("fibrinogen", 60, 3.1),
      ],
    });
    expect(findingOf(p, "aha")?.certainty).toBe("definite");
    expect(findingOf(p, "dic")).toBeUndefined();
  });

  it("DIC needs an underlying condition in the record: the score alone is possible, with cancer charted or implied by a checkpoint inhibitor definite", () => {
    const labs = [
      lab("platelets", 60, 40),
      lab("pt", 60, 21, { refLow: 10, refHigh: 13.5 }),
      lab("fibrinogen", 60, 0.8),
      lab("d-dimer-feu", 60, 9, { refHigh: 0.5 }),
    ];
    // Rituximab is also given outside cancer: it implies no malignancy.
    const rituximab = exposure("rituximab", "antibody", [0, 7, 14, 21]);
    const bare = assessPatient(record({ exposures: [rituximab], labs }), AT, knowledge);
    const dic = findingOf(bare, "dic");
    expect(dic?.certainty).toBe("possible");
    expect(dic?.criteria.find((c) => c.id === "underlying-condition")?.status).toBe("unmet");
    // Pembrolizumab is given only for a cancer: no cancer row is needed for the malignancy the score asks for.
    const onIci = findingOf(
      assessPatient(record({ exposures: [pembrolizumab], labs }), AT, knowledge),
      "dic",
    );
    expect(onIci?.criteria.find((c) => c.id === "underlying-condition")?.status).toBe("met");
    expect(onIci?.certainty).toBe("definite");
    expect(findingOf(assessWith({ labs }), "dic")?.certainty).toBe("definite");
  });

  it("an imaging-confirmed thrombosis explains the D-dimer points: the DIC pattern is weighed", () => {
    const p = assessWith({
      labs: [
        lab("platelets", 60, 45),
        lab("pt", 60, 17.5, { refLow: 10, refHigh: 13.5 }),
        lab("fibrinogen", 60, 2.5),
        lab("d-dimer-feu", 60, 9, { refHigh: 0.5 }),
      ],
      events: [event("thrombosis", 59, { qualifiers: ["venous", "pulmonary-embolism"] })],
    });
    const dic = findingOf(p, "dic");
    expect(dic?.differentials.find((d) => d.id === "thrombosis-explains-fibrin")?.status).toBe("met");
  });
});

describe("a score without some components is below a threshold only when the rest are known", () => {
  it("platelets and D-dimer reach ISTH 5 with no PT measured: 'no consumption' is not met, DIC is not lowered", () => {
    const labs = [
      lab("platelets", 60, 30),
      lab("d-dimer-feu", 60, 8, { refHigh: 0.5 }),
      lab("fibrinogen", 60, 3.0),
      lab("platelets", -7, 250),
    ];
    const unmeasured = assessWith({ labs, events: [event("active-cancer", -60)] });
    const dic = findingOf(unmeasured, "dic");
    expect(dic?.differentials.find((d) => d.id === "no-consumption")?.status).toBe("missing");
    expect(dic?.certainty).toBe("definite");
    // The same score with a normal PT measured is lowered: consumption is then shown absent.
    const normalPt = assessWith({
      labs: [...labs, lab("pt", 60, 12.0, { refLow: 10, refHigh: 13.5 })],
      events: [event("active-cancer", -60)],
    });
    expect(findingOf(normalPt, "dic")?.differentials.find((d) => d.id === "no-consumption")?.status).toBe(
      "met",
    );
    expect(findingOf(normalPt, "dic")?.certainty).not.toBe("definite");
  });
});
