/**
 * A named unexplained pattern with its own cited plan (a thrombotic microangiopathy with ADAMTS13 > 20 %
 * after ipilimumab: not TTP) on every server surface: the patient-view card's Next steps, the order-sign
 * card (ASCO 2021's HUS row: permanently discontinue the checkpoint inhibitor at grade 3, continue it
 * below), and the FHIR DetectedIssue's mitigations. The CSV is the patient of docs/csv-format.md's form.
 */
import { type AssessmentReport, assessPatient, engineStamp, ingestCsv } from "@hemosentinel/core";
import { describe, expect, it } from "vitest";
import { reportAsFhir } from "../rest/fhir-output.js";
import { bundle, knowledge } from "../test-support/ehr.js";
import { avoidCards, draftAvoidables } from "./avoid-cards.js";
import {
  type CardContext,
  describeFinding,
  findingCard,
  noLabResultsCard,
  patientViewCards,
  unexplainedCard,
} from "./cards.js";
import { inRunningText, namesOf } from "./names.js";
import { orderCards } from "./order-cards.js";
import type { OrderContext } from "./schemas.js";

const AT = "2024-03-03T00:00:00Z";

/**
 * Ipilimumab, then a TMA on day 41; `severe` picks platelets 15, Hb 7.9, creatinine 3.8 or 80, 9.5, 1.0;
 * `extra` CSV rows (another drug, a thrombosis).
 */
function tmaPatient(severe: boolean, extra: readonly string[] = []) {
  const [plt, hb, cr] = severe ? ["15", "7.9", "3.8"] : ["80", "9.5", "1.0"];
  const csv = [
    "patient_id,record_type,date,code_system,code,text,value,unit,ref_high",
    "tma1,dose,2024-01-10,,,ipilimumab,,,",
    "tma1,lab,2024-01-09,lab,platelets,,220,10*9/L,",
    "tma1,lab,2024-01-09,loinc,2160-0,,0.9,mg/dL,",
    `tma1,lab,2024-02-20,lab,platelets,,${plt},10*9/L,`,
    `tma1,lab,2024-02-20,loinc,718-7,,${hb},g/dL,`,
    "tma1,lab,2024-02-20,lab,schistocytes-pct,,5,%,",
    "tma1,lab,2024-02-20,loinc,2532-0,,1200,U/L,250",
    `tma1,lab,2024-02-20,loinc,2160-0,,${cr},mg/dL,`,
    "tma1,lab,2024-02-21,loinc,53622-7,,55,%,",
    ...extra,
  ].join("\n");
  const { patients } = ingestCsv(csv, { vocabulary: knowledge.vocabulary, evaluatedAt: AT, file: "tma.csv" });
  const record = patients[0];
  if (record === undefined) throw new Error("no patient read");
  return assessPatient(record, AT, knowledge);
}

let n = 0;
const ctx: CardContext = {
  names: namesOf(knowledge, bundle),
  knowledgeVersion: "test",
  reportUrl: "https://web.example.org/patients/tma1",
  newId: () => `id-${++n}`,
  fhirTimeoutMs: 5000,
};
/** The FHIR resources of one patient's report. */
function fhirResources(report: AssessmentReport["patients"][number]): Record<string, unknown>[] {
  const full = {
    engine: engineStamp("test", knowledge),
    evaluatedAt: AT,
    patients: [report],
    inputErrors: [],
  } as unknown as AssessmentReport;
  const fhir = reportAsFhir(full, ctx.names, () => undefined) as {
    entry: { resource: Record<string, unknown> }[];
  };
  return fhir.entry.map((e) => e.resource);
}

/** The FHIR DetectedIssue of the report's first unexplained item. */
function unexplainedIssue(report: AssessmentReport["patients"][number]) {
  return fhirResources(report).find((r) => r.id === "unexplained-1");
}

const IPILIMUMAB = [{ ref: "MedicationRequest/rx1", drug: "ipilimumab", class: "ici" as const }];

describe("a TMA that is not TTP, grade 3, after ipilimumab", () => {
  const report = tmaPatient(true);

  it("is one named unexplained item with the grade 3 plan and no finding", () => {
    expect(report.findings).toEqual([]);
    expect(report.unexplained.map((u) => [u.abnormality, u.grade])).toEqual([["tma-not-ttp", 3]]);
    expect(report.unexplained[0]?.management?.map((m) => m.id)).toContain("tma-ici-g3-stop");
  });

  it("patient-view: the unexplained card names the pattern with its acronyms and lists its cited Next steps", () => {
    const issued = unexplainedCard(ctx, report.unexplained, report.patientId);
    const card = issued?.card;
    expect(card?.indicator).toBe("warning");
    expect(card?.summary).toBe(
      "Unexplained grade 3 thrombotic microangiopathy with ADAMTS13 > 20 % — not TTP on 2024-02-20: stop the immunotherapy permanently",
    );
    expect(card?.detail).toContain("consider drug-induced or complement-mediated TMA (HUS)");
    expect(card?.detail).toContain("**Next steps**");
    expect(card?.detail).toContain("Permanently discontinue the checkpoint inhibitor");
    expect(card?.detail).toContain("**Urgent:** Hematology consult now");
    expect(card?.detail).toContain("eculizumab");
    // The plan's sources are named in the card's sources section.
    expect(card?.detail).toMatch(/Schneider|ASCO|10\.1200\/JCO\.21\.01440/);
  });

  it("order-sign of ipilimumab: critical, stop permanently, with ASCO's words and a removal suggestion", () => {
    const [issued, ...rest] = orderCards(ctx, IPILIMUMAB, report, knowledge);
    expect(rest).toEqual([]);
    expect(issued?.type).toBe("order-stop");
    expect(issued?.card.indicator).toBe("critical");
    expect(issued?.card.summary).toBe(
      "Stop ipilimumab permanently: unexplained thrombotic microangiopathy with ADAMTS13 > 20 % — not TTP, grade 3, on record (Schneider 2021)",
    );
    expect(issued?.card.detail).toContain("Permanently discontinue the checkpoint inhibitor");
    expect(issued?.card.suggestions?.[0]?.actions?.[0]?.type).toBe("delete");
  });

  it("order-sign of a bispecific: the HUS row covers checkpoint inhibitors only, so a review card, not silence", () => {
    const [issued] = orderCards(ctx, [{ drug: "teclistamab", class: "bispecific" }], report, knowledge);
    expect(issued?.card.indicator).toBe("warning");
  });

  it("FHIR: the DetectedIssue carries the pattern's plan as mitigations after the work-up, and its reference", () => {
    const issue = unexplainedIssue(report);
    if (issue === undefined) throw new Error("no DetectedIssue for the unexplained item");
    const texts = (issue.mitigation as { action: { text: string } }[]).map((m) => m.action.text);
    expect(texts.some((t) => t.startsWith("work-up: "))).toBe(true);
    // Each line as the report shows it: its kind, its words and the sources it cites.
    const stop = report.unexplained[0]?.management?.find((m) => m.id === "tma-ici-g3-stop");
    const cited = stop?.sourceIds.map((id) => ctx.names.referenceLabel(id)).join(", ");
    expect(cited).toMatch(/\d{4}/);
    expect(texts).toContain(`immunotherapy: ${stop?.action} (${cited})`);
    expect(issue.reference).toMatch(/^https:\/\//);
    expect((issue.code as { text: string }).text).toContain("ADAMTS13");
    // Grade 3 with "hematology consult now": severity follows the grade, as a finding's does.
    expect(issue.severity).toBe("high");
  });
});

describe("a TMA that is not TTP, grade 3, after ipilimumab and teclistamab, with a pulmonary embolism", () => {
  const report = tmaPatient(true, [
    "tma1,dose,2024-01-12,,,teclistamab,,,",
    "tma1,event,2024-02-20,,,pulmonary embolism,,,",
  ]);

  it("the thrombosis plan shows the TMA's permanent stop, for the checkpoint inhibitor only", () => {
    const thrombosis = report.findings.find((f) => f.disorder === "thrombosis");
    expect(thrombosis?.management.map((m) => m.id)).toContain("tma-ici-g3-stop");
    const [ici] = orderCards(ctx, IPILIMUMAB, report, knowledge);
    expect(ici?.type).toBe("order-stop");
    // The stop is ASCO's checkpoint-inhibitor row: a teclistamab order is reviewed, not stopped on it.
    const [bispecific] = orderCards(ctx, [{ drug: "teclistamab", class: "bispecific" }], report, knowledge);
    expect(bispecific?.type).not.toBe("order-stop");
  });

  it("the card and the DetectedIssue name the embolism as charted and grade only its link to the drug", () => {
    const thrombosis = report.findings.find((f) => f.disorder === "thrombosis");
    if (thrombosis === undefined) throw new Error("no thrombosis finding");
    expect(thrombosis.certaintyOf).toBe("attribution");
    const drug = ctx.names.drug(thrombosis.onset?.drug ?? "");
    const link = `link to ${drug} ${thrombosis.certainty}`;
    const card = findingCard(ctx, thrombosis, "tma1").card;
    expect(card.summary).toMatch(new RegExp(`^Thrombosis charted(, grade \\d)?; ${link}`, "i"));
    expect(card.summary).not.toMatch(/^(Definite|Probable|Possible) /);
    expect(describeFinding(ctx, thrombosis)).toMatch(new RegExp(`^charted thrombosis.*\\(${link}\\)$`, "i"));
    const issue = (
      fhirResources(report) as {
        resourceType?: string;
        code?: { text?: string; coding?: { code: string }[] };
      }[]
    ).find((r) => r.resourceType === "DetectedIssue" && r.code?.coding?.[0]?.code === "thrombosis");
    expect(issue?.code?.text).toMatch(new RegExp(`^charted .*\\(${link}\\)$`, "i"));
  });
});

describe("a TMA that is not TTP below grade 3 after ipilimumab", () => {
  const report = tmaPatient(false);

  it("order-sign: the plan lets the checkpoint inhibitor continue, so a warning to review, never a stop", () => {
    expect(report.unexplained[0]?.management?.map((m) => m.id)).toContain("tma-ici-g1-2-continue");
    const [issued, ...rest] = orderCards(ctx, IPILIMUMAB, report, knowledge);
    expect(rest).toEqual([]);
    expect(issued?.type).toBe("order-unexplained");
    expect(issued?.card.indicator).toBe("warning");
    expect(unexplainedCard(ctx, report.unexplained, report.patientId)?.card.summary).toBe(
      "Unexplained thrombotic microangiopathy with ADAMTS13 > 20 % — not TTP on 2024-02-20 after immunotherapy: work it up",
    );
  });

  it("FHIR: the DetectedIssue's severity stays moderate below grade 3", () => {
    expect(unexplainedIssue(report)?.severity).toBe("moderate");
  });
});

describe("inRunningText", () => {
  it("lowers a CTCAE name's first letter and keeps acronyms", () => {
    expect(inRunningText("Platelet count decreased")).toBe("platelet count decreased");
    expect(inRunningText("DIC")).toBe("DIC");
    expect(inRunningText("Thrombotic microangiopathy with ADAMTS13 > 20 %")).toBe(
      "thrombotic microangiopathy with ADAMTS13 > 20 %",
    );
  });
});

describe("patient-view for a record without a laboratory result", () => {
  const ctxView = ctx;
  function noLabs(withLab: boolean) {
    const csv = [
      "patient_id,record_type,date,code_system,code,text,value,unit",
      "nolab1,dose,2024-01-10,,,nivolumab,,",
      ...(withLab ? ["nolab1,lab,2024-02-01,lab,platelets,,230,10*9/L"] : []),
    ].join("\n");
    const { patients } = ingestCsv(csv, { vocabulary: knowledge.vocabulary, evaluatedAt: AT, file: "n.csv" });
    const record = patients[0];
    if (record === undefined) throw new Error("no patient read");
    return assessPatient(record, AT, knowledge);
  }

  it("says no laboratory result could be read, as an info card, rather than no card at all", () => {
    const report = noLabs(false);
    expect(report.noLabResults).toBe(true);
    const cards = patientViewCards(ctxView, report, []);
    expect(cards.map((c) => [c.type, c.card.indicator])).toEqual([["no-lab-results", "info"]]);
    expect(cards[0]?.card.summary).toMatch(/^No laboratory result in the record/);
    expect(cards[0]?.card.detail).toContain("This is not a normal result");
  });

  it("no such card once one result is in the record, nor for a patient without immunotherapy", () => {
    expect(patientViewCards(ctxView, noLabs(true), [])).toEqual([]);
    const report = noLabs(false);
    expect(noLabResultsCard(ctxView, { ...report, exposures: [] })).toBeUndefined();
  });
});

describe("order-sign for a drug the named pattern's plan forbids", () => {
  const bevacizumabDraft = {
    userId: "Practitioner/1",
    patientId: "tma1",
    draftOrders: {
      resourceType: "Bundle",
      entry: [
        {
          resource: {
            resourceType: "MedicationRequest",
            id: "rx1",
            status: "draft",
            medicationCodeableConcept: { text: "bevacizumab 15 mg/kg" },
          },
        },
      ],
    },
  } as OrderContext;
  const cardsFor = (report: ReturnType<typeof tmaPatient>) =>
    avoidCards(ctx, draftAvoidables(bevacizumabDraft, knowledge), report, knowledge).map((c) => c.card);

  it("bevacizumab beside the TMA with an intracranial bleed: critical, quoting the TMA plan's stop line", () => {
    const report = tmaPatient(true, [
      "tma1,dose,2024-02-06,,,bevacizumab,,,",
      "tma1,event,2024-02-20,,,intracranial hemorrhage,,,",
    ]);
    expect(report.findings.flatMap((f) => f.management).some((m) => m.kind === "avoid")).toBe(false);
    const [card] = cardsFor(report);
    expect(card?.indicator).toBe("critical");
    expect(card?.detail).toMatch(/plan of unexplained /);
  });

  it("the same TMA without a bleed: no card", () => {
    expect(cardsFor(tmaPatient(true, ["tma1,dose,2024-02-06,,,bevacizumab,,,"]))).toEqual([]);
  });
});
