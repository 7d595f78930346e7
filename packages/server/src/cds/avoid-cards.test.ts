/**
 * Drafts the plan forbids (knowledge/order-avoids.yaml): for each avoid tag a drug can breach, a draft of
 * such a drug gets a card when the patient's plan has an avoid item with the tag, and none when it does
 * not. The unit tests put one avoid item of the knowledge base in the plan of a real finding; the HTTP tests
 * send real patients of examples/ through the CDS endpoint with prefetch.
 */
import type { ManagementItem, PatientReport } from "@hemosentinel/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cardContext,
  example,
  hookRequest,
  knowledge,
  patientIdOf,
  prefetchFrom,
  reportOf as reportAt,
  type TestServer,
  testServer,
} from "../test-support/ehr.js";
import { avoidCards, draftAvoidables } from "./avoid-cards.js";
import { md } from "./cards.js";
import { orderCards } from "./order-cards.js";
import { AVOID_OVERRIDE_REASONS, OVERRIDE_REASON_SYSTEM } from "./policy.js";
import { type Card, CdsResponseSchema, type OrderContext } from "./schemas.js";
import { ORDER_SIGN_SERVICE } from "./services.js";

type Json = Record<string, unknown>;

const HIT = example("examples/control-pembrolizumab-heparin-induced-thrombocytopenia.json");
const PE = example("examples/thrombosis-nivolumab-pulmonary-embolism-liao-2017.json");
const AHA = example("examples/aha-nivolumab-nsclc-kato-2018.json");
const TTP = example("examples/ttp-nivolumab-anal-scc-gergi-2020.json");
const DIC = example("examples/dic-nivolumab-melanoma-ejhp-2021.json");

const reportOf = (b: Json): PatientReport => reportAt(b, "2026-11-01T23:59:59Z");

const ctx = cardContext();

/** The plan item of recommendation `id` as the planner writes it. */
function item(id: string): ManagementItem {
  for (const recs of Object.values(knowledge.management)) {
    const r = recs.find((x) => x.id === id);
    if (r !== undefined) return { id: r.id, kind: r.kind, action: r.action, sourceIds: r.sourceIds };
  }
  throw new Error(`no recommendation ${id}`);
}

/** The probable pulmonary embolism of Liao 2017 with a plan of exactly these avoid items. */
const base = reportOf(PE);
function withPlan(ids: readonly string[]): PatientReport {
  const finding = base.findings[0];
  if (finding === undefined) throw new Error("no finding");
  return { ...base, findings: [{ ...finding, management: ids.map(item) }] };
}

function context(medications: readonly Json[]): OrderContext {
  return {
    userId: "Practitioner/1",
    patientId: "p1",
    draftOrders: {
      resourceType: "Bundle",
      entry: medications.map((m, i) => ({
        resource: { resourceType: "MedicationRequest", id: `rx${i}`, status: "draft", ...m },
      })),
    },
  } as OrderContext;
}
const text = (t: string): Json => ({ medicationCodeableConcept: { text: t } });

function cardsFor(medication: Json, plan: readonly string[]): Card[] {
  const drafts = draftAvoidables(context([medication]), knowledge);
  return avoidCards(ctx, drafts, withPlan(plan), knowledge).map((i) => i.card);
}

describe("which drafts are checked", () => {
  it("a drug no avoid tag covers, or no catalogue drug, is not a draft to check", () => {
    expect(draftAvoidables(context([text("Amoxicillin 500 mg"), text("paracetamol")]), knowledge)).toEqual(
      [],
    );
    expect(draftAvoidables(context([text("nivolumab 240 mg")]), knowledge)).toEqual([]);
  });

  it("matches by code as the FHIR adapter does (ATC for tranexamic acid, RxNorm for warfarin)", () => {
    const drafts = draftAvoidables(
      context([
        { medicationCodeableConcept: { coding: [{ system: "http://www.whocc.no/atc", code: "B02AA02" }] } },
        {
          medicationCodeableConcept: {
            coding: [{ system: "http://www.nlm.nih.gov/research/umls/rxnorm", code: "11289" }],
          },
        },
      ]),
      knowledge,
    );
    expect(drafts.map((d) => [d.ref, d.drug])).toEqual([
      ["MedicationRequest/rx0", "tranexamic-acid"],
      ["MedicationRequest/rx1", "warfarin"],
    ]);
  });

  it("recombinant porcine FVIII and the bypassing agent are not human FVIII", () => {
    const drugs = (t: string) => draftAvoidables(context([text(t)]), knowledge).map((d) => d.drug);
    expect(drugs("Obizur (antihemophilic factor, recombinant, porcine sequence) 200 U/kg")).toEqual([]);
    expect(drugs("susoctocog alfa")).toEqual([]);
    expect(drugs("FEIBA (factor VIII inhibitor bypassing activity) 50 U/kg")).toEqual([
      "factor-viii-inhibitor-bypassing-activity",
    ]);
    expect(drugs("Advate 2000 IU")).toEqual(["coagulation-factor-viii"]);
  });
});

/** Per tag: a drug it covers, a plan item that avoids the tag, and the indicator of the card. */
const CASES: readonly {
  readonly tag: string;
  readonly drug: string;
  readonly avoid: string;
  readonly indicator: "critical" | "warning";
}[] = [
  {
    tag: "heparin",
    drug: "enoxaparin 40 mg SC daily",
    avoid: "thr-avoid-heparin-hit",
    indicator: "critical",
  },
  {
    tag: "heparin (UFH flush)",
    drug: "heparin 100 units/mL flush",
    avoid: "itp-avoid-heparin-hit",
    indicator: "critical",
  },
  { tag: "doac", drug: "apixaban 5 mg", avoid: "thr-avoid-doac-renal", indicator: "critical" },
  { tag: "doac (by class)", drug: "DOAC", avoid: "thr-avoid-doac-hepatic", indicator: "critical" },
  {
    tag: "doac (lupus anticoagulant)",
    drug: "rivaroxaban 20 mg",
    avoid: "thr-avoid-doac-antiphospholipid",
    indicator: "critical",
  },
  { tag: "fondaparinux", drug: "fondaparinux 7.5 mg", avoid: "thr-avoid-doac-renal", indicator: "critical" },
  // A cirrhosis beside a HIT: argatroban is contraindicated in severe hepatic impairment (EU label) and starts lower
  // in moderate; the order does not show the Child-Pugh class, so the card asks to check it.
  {
    tag: "argatroban",
    drug: "argatroban 2 mcg/kg/min",
    avoid: "thr-avoid-argatroban-hepatic-impairment",
    indicator: "warning",
  },
  {
    tag: "doac (pregnancy)",
    drug: "apixaban 5 mg",
    avoid: "thr-avoid-doac-vka-pregnancy",
    indicator: "critical",
  },
  {
    tag: "vka (pregnancy)",
    drug: "warfarin 5 mg",
    avoid: "thr-avoid-doac-vka-pregnancy",
    indicator: "critical",
  },
  // A pregnancy with a mechanical heart valve: the valve guidelines keep warfarin in the second and third trimesters and
  // allow it in the first at 5 mg a day or less, so the order is checked against the trimester and dose, not forbidden.
  // Cabozantinib after a serious venous thromboembolism: its label discontinues it.
  {
    tag: "vte-stopping-drug",
    drug: "cabozantinib 40 mg",
    avoid: "thr-avoid-vte-stopping-drug",
    indicator: "critical",
  },
  {
    tag: "vka (pregnancy, mechanical valve)",
    drug: "warfarin 5 mg",
    avoid: "thr-avoid-vka-pregnancy-mechanical-valve",
    indicator: "warning",
  },
  { tag: "doac (child)", drug: "edoxaban 60 mg", avoid: "thr-avoid-adult-doac-child", indicator: "critical" },
  // A prosthetic heart valve: dabigatran is contraindicated with a mechanical valve, apixaban not recommended.
  {
    tag: "doac (prosthetic valve)",
    drug: "dabigatran 150 mg",
    avoid: "thr-avoid-doac-prosthetic-valve",
    indicator: "critical",
  },
  {
    tag: "doac (prosthetic valve, apixaban)",
    drug: "apixaban 5 mg",
    avoid: "thr-avoid-doac-prosthetic-valve",
    indicator: "critical",
  },
  // Rivaroxaban's label does not recommend it with a prosthetic valve (GALILEO after TAVR); the UK regulator bars
  // every DOAC, edoxaban included, with a mechanical valve.
  {
    tag: "doac (prosthetic valve, rivaroxaban)",
    drug: "rivaroxaban 20 mg",
    avoid: "thr-avoid-doac-prosthetic-valve",
    indicator: "critical",
  },
  {
    tag: "doac (prosthetic valve, edoxaban)",
    drug: "edoxaban 60 mg",
    avoid: "thr-avoid-doac-prosthetic-valve",
    indicator: "critical",
  },
  // Rivaroxaban and dabigatran are licensed for children at body-weight-based doses: forbidden only at an adult dose,
  // which the draft does not show, so a card that asks to check it, not a critical one.
  {
    tag: "doac (child, licensed paediatric dose)",
    drug: "rivaroxaban 15 mg",
    avoid: "thr-avoid-adult-doac-child",
    indicator: "warning",
  },
  // End-stage kidney disease: one avoid line bars every LMWH (enoxaparin's SmPC), so an enoxaparin or a dalteparin
  // order in the thrombosis or CARAC plan still gets the critical card, whatever its dose.
  {
    tag: "lmwh (end-stage kidney, enoxaparin)",
    drug: "enoxaparin 40 mg SC daily",
    avoid: "thr-avoid-lmwh-end-stage-kidney",
    indicator: "critical",
  },
  {
    tag: "lmwh (end-stage kidney, dalteparin)",
    drug: "dalteparin 5000 units",
    avoid: "carac-avoid-lmwh-end-stage-kidney",
    indicator: "critical",
  },
  {
    tag: "non-heparin-anticoagulant + every dose",
    drug: "argatroban infusion",
    avoid: "thr-avoid-anticoagulation-major-bleeding",
    indicator: "critical",
  },
  {
    tag: "full, reduced and prophylactic dose together",
    drug: "dalteparin 5000 units",
    avoid: "itp-avoid-antithrombotic-below-25",
    indicator: "critical",
  },
  {
    tag: "full-dose-anticoagulation",
    drug: "enoxaparin 1 mg/kg",
    avoid: "thr-avoid-full-dose-below-50",
    indicator: "warning",
  },
  {
    tag: "full and reduced dose, course",
    drug: "rivaroxaban",
    avoid: "thr-avoid-anticoagulation-recent-ich",
    indicator: "warning",
  },
  {
    tag: "antiplatelet",
    drug: "aspirin 81 mg",
    avoid: "dic-avoid-anticoagulation-major-bleeding",
    indicator: "critical",
  },
  // A BTK inhibitor and an oral NSAID carry the antiplatelet role (labels: haemorrhage; platelet COX inhibition).
  {
    tag: "antiplatelet (BTK inhibitor)",
    drug: "ibrutinib 420 mg",
    avoid: "dic-avoid-anticoagulation-major-bleeding",
    indicator: "critical",
  },
  {
    tag: "antiplatelet (NSAID)",
    drug: "ibuprofen 400 mg",
    avoid: "dic-avoid-anticoagulation-major-bleeding",
    indicator: "critical",
  },
  {
    tag: "dual-antiplatelet",
    drug: "clopidogrel 75 mg",
    avoid: "thr-avoid-dual-antiplatelet-below-30",
    indicator: "warning",
  },
  {
    tag: "antifibrinolytic",
    drug: "tranexamic acid 1 g IV",
    avoid: "thr-avoid-antifibrinolytic",
    indicator: "critical",
  },
  {
    tag: "antifibrinolytic (EACA)",
    drug: "aminocaproic acid",
    avoid: "dic-avoid-antifibrinolytics",
    indicator: "critical",
  },
  {
    tag: "desmopressin",
    drug: "desmopressin 0.3 mcg/kg IV",
    avoid: "aha-avoid-human-fviii",
    indicator: "critical",
  },
  { tag: "human-fviii", drug: "Advate 2000 IU", avoid: "aha-avoid-human-fviii", indicator: "critical" },
  { tag: "apcc", drug: "FEIBA 50 U/kg", avoid: "aha-avoid-apcc-thrombosis", indicator: "critical" },
  {
    tag: "eltrombopag",
    drug: "eltrombopag 50 mg",
    avoid: "itp-avoid-eltrombopag-hepatic",
    indicator: "critical",
  },
  {
    tag: "vegf-antibody",
    drug: "bevacizumab 15 mg/kg",
    avoid: "thr-avoid-vegf-antibody-arterial",
    indicator: "critical",
  },
  {
    tag: "caplacizumab",
    drug: "caplacizumab 11 mg",
    avoid: "ttp-avoid-caplacizumab-major-bleeding",
    indicator: "critical",
  },
  // An immunotherapy catalogue drug, named by id (EU label: no rituximab in an active severe infection).
  {
    tag: "rituximab",
    drug: "rituximab 375 mg/m2",
    avoid: "ttp-avoid-rituximab-severe-infection",
    indicator: "critical",
  },
  // Acute HIT: no vitamin K antagonist before the platelets recover (ACCP 2012).
  { tag: "vka", drug: "warfarin 5 mg", avoid: "thr-avoid-vka-start-acute-hit", indicator: "critical" },
];

describe("a draft the plan forbids, tag by tag", () => {
  for (const c of CASES) {
    it(`${c.tag}: "${c.drug}" with ${c.avoid} in the plan → ${c.indicator}; without it, no card`, () => {
      const [card, ...rest] = cardsFor(text(c.drug), [c.avoid]);
      expect(rest).toEqual([]);
      expect(card?.indicator).toBe(c.indicator);
      expect(card?.detail).toContain(md(item(c.avoid).action).slice(0, 40));
      // The embolism is charted; its certainty grades only the link to nivolumab, and the card says so.
      expect(card?.detail).toContain("plan of charted thrombosis, grade 3 (link to nivolumab probable)");
      // The other avoid items of the knowledge base that do not cover the drug leave it alone.
      expect(cardsFor(text(c.drug), ["thr-avoid-platelets-hit", "aha-avoid-invasive-procedures"])).toEqual(
        [],
      );
      expect(cardsFor(text(c.drug), [])).toEqual([]);
    });
  }

  it("a prosthetic valve bars the DOACs, not the valve's own vitamin K antagonist or heparin", () => {
    for (const drug of ["warfarin 5 mg", "enoxaparin 80 mg SC twice daily"])
      expect(cardsFor(text(drug), ["thr-avoid-doac-prosthetic-valve"])).toEqual([]);
  });

  it("the prosthetic-valve card for rivaroxaban or edoxaban cites the rivaroxaban label and the regulator's class warning", () => {
    for (const drug of ["rivaroxaban 20 mg", "edoxaban 60 mg"]) {
      const [card] = cardsFor(text(drug), ["thr-avoid-doac-prosthetic-valve"]);
      expect(card?.detail).toContain("Xarelto");
      expect(card?.detail).toContain("MHRA");
      expect(card?.detail).toContain("GALILEO");
    }
  });

  it("a draft of enoxaparin or heparin beside a HIT on record (a past fall with a 4Ts of 4 or more) is a critical card", () => {
    for (const drug of ["enoxaparin 40 mg SC daily", "heparin 5000 units SC every 12 hours"]) {
      const [card] = cardsFor(text(drug), ["thr-avoid-heparin-hit-history"]);
      expect(card?.indicator).toBe("critical");
      expect(card?.summary).toContain("History of heparin-induced thrombocytopenia on record");
    }
    expect(cardsFor(text("fondaparinux 7.5 mg"), ["thr-avoid-heparin-hit-history"])).toEqual([]);
  });

  it("the critical card quotes the item, names its source, removes the draft and offers override reasons", () => {
    const [card] = cardsFor(text("enoxaparin 40 mg SC daily"), ["thr-avoid-heparin-hit"]);
    expect(card?.summary).toBe(
      "Do not give enoxaparin: HIT suspected: stop all heparin, including LMWH and heparin flushes.",
    );
    expect(card?.detail).toContain("stop all heparin, including LMWH and heparin flushes");
    expect(card?.detail).toContain("Cuker 2018");
    expect(card?.source.topic?.code).toBe("avoided-order");
    expect(card?.suggestions?.[0]?.actions?.[0]).toEqual({
      type: "delete",
      description: "Remove the draft order of enoxaparin",
      resourceId: "MedicationRequest/rx0",
    });
    expect(card?.overrideReasons?.map((r) => r.code)).toEqual([
      "benefit-outweighs-risk",
      "hematology-cleared",
      "finding-resolved",
      "finding-not-applicable",
    ]);
    expect(card?.overrideReasons?.every((r) => r.system === OVERRIDE_REASON_SYSTEM)).toBe(true);
  });

  it("the warning asks to check the dose and offers 'the dose ordered is allowed'", () => {
    const [card] = cardsFor(text("enoxaparin 1 mg/kg"), ["thr-avoid-full-dose-below-50"]);
    expect(card?.summary).toBe("Check the enoxaparin order: the plan forbids it at a full dose");
    expect(card?.suggestions).toBeUndefined();
    expect(card?.overrideReasons?.map((r) => r.code)).toEqual(AVOID_OVERRIDE_REASONS.map((r) => r.code));
  });

  it("an outright ban wins over a dose-only one in the same plan, and each item is quoted once", () => {
    const cards = cardsFor(text("enoxaparin"), [
      "thr-avoid-full-dose-below-50",
      "thr-avoid-heparin-hit",
      "thr-avoid-heparin-hit",
    ]);
    expect(cards.map((c) => c.indicator)).toEqual(["critical"]);
    expect(cards[0]?.detail?.match(/stop all heparin/g)).toHaveLength(1);
  });

  it("fondaparinux, the alternative after HIT and with liver disease, is not a heparin nor a DOAC; romiplostim is not eltrombopag", () => {
    expect(cardsFor(text("fondaparinux 7.5 mg"), ["thr-avoid-heparin-hit"])).toEqual([]);
    expect(cardsFor(text("fondaparinux 7.5 mg"), ["thr-avoid-doac-hepatic"])).toEqual([]);
    expect(cardsFor(text("romiplostim"), ["itp-avoid-eltrombopag-hepatic"])).toEqual([]);
    expect(cardsFor(text("recombinant porcine factor VIII"), ["aha-avoid-human-fviii"])).toEqual([]);
  });

  it("with an immunotherapy draft, both cards come; for a deceased patient both are marked", () => {
    const drafts = draftAvoidables(context([text("enoxaparin")]), knowledge);
    const report = {
      ...withPlan(["thr-avoid-heparin-hit"]),
      deceased: { ref: "Patient/p1" },
    } as PatientReport;
    const issued = orderCards(ctx, [{ drug: "nivolumab", class: "ici" }], report, knowledge, drafts);
    expect(issued.map((i) => i.type)).toContain("order-avoid");
    expect(issued[0]?.card.summary).toMatch(/check the patient before signing nivolumab, enoxaparin$/);
  });
});

/** A MedicationRequest of `drug` at `value` `unit` per administration, `times` a day. */
function dosed(drug: string, value: number, unit: string, times = 1): Json {
  return {
    medicationCodeableConcept: { text: drug },
    dosageInstruction: [
      {
        timing: { repeat: { frequency: times, period: 1, periodUnit: "d" } },
        doseAndRate: [{ doseQuantity: { value, unit, system: "http://unitsofmeasure.org", code: unit } }],
      },
    ],
  };
}

/**
 * Each anticoagulant with a prophylactic dose in order-avoids.yaml, at that daily dose and just above it.
 * The bound is the usual prophylactic regimen (enoxaparin 40 mg once daily, UFH 5000 units every 8 h).
 */
const DOSES: readonly { drug: string; at: Json; above: Json }[] = [
  { drug: "enoxaparin", at: dosed("enoxaparin", 40, "mg"), above: dosed("enoxaparin", 40, "mg", 2) },
  { drug: "dalteparin", at: dosed("dalteparin", 5000, "[iU]"), above: dosed("dalteparin", 7500, "[iU]") },
  { drug: "heparin", at: dosed("heparin", 5000, "U", 3), above: dosed("heparin", 7500, "U", 3) },
  { drug: "fondaparinux", at: dosed("fondaparinux", 2.5, "mg"), above: dosed("fondaparinux", 7.5, "mg") },
  { drug: "apixaban", at: dosed("apixaban", 2.5, "mg", 2), above: dosed("apixaban", 5, "mg", 2) },
  { drug: "rivaroxaban", at: dosed("rivaroxaban", 10, "mg"), above: dosed("rivaroxaban", 15, "mg") },
  { drug: "tinzaparin", at: dosed("tinzaparin", 4500, "[iU]"), above: dosed("tinzaparin", 10500, "[iU]") },
  { drug: "dabigatran", at: dosed("dabigatran", 220, "mg"), above: dosed("dabigatran", 150, "mg", 2) },
];

describe("an item that forbids some doses, against the draft's dose", () => {
  it("the knowledge gives each of these drugs the prophylactic daily dose the test sends at the cut-off", () => {
    const bounds = Object.fromEntries(
      knowledge.orderAvoids.prophylacticDoses.map((d) => [d.drug, d.dailyAmount]),
    );
    expect(bounds).toEqual({
      enoxaparin: 40,
      dalteparin: 5000,
      heparin: 15000,
      fondaparinux: 2.5,
      apixaban: 5,
      rivaroxaban: 10,
      tinzaparin: 4500,
      dabigatran: 220,
      edoxaban: 0,
    });
  });

  /** The pinned daily bounds, sent as one daily dose at the bound and one tenth of a unit above it. */
  const PINNED: readonly [string, number, string][] = [
    ["enoxaparin", 40, "mg"],
    ["dalteparin", 5000, "[iU]"],
    ["heparin", 15000, "[iU]"],
    ["fondaparinux", 2.5, "mg"],
    ["apixaban", 5, "mg"],
    ["rivaroxaban", 10, "mg"],
    ["tinzaparin", 4500, "[iU]"],
    ["dabigatran", 220, "mg"],
  ];
  for (const [drug, bound, unit] of PINNED) {
    it(`${drug}: ${bound} ${unit} a day → no card; ${bound + 0.1} → critical (AHA, full and reduced doses forbidden)`, () => {
      expect(cardsFor(dosed(drug, bound, unit), ["aha-avoid-anticoagulation"])).toEqual([]);
      expect(
        cardsFor(dosed(drug, bound + 0.1, unit), ["aha-avoid-anticoagulation"]).map((c) => c.indicator),
      ).toEqual(["critical"]);
    });
  }

  for (const d of DOSES) {
    it(`${d.drug}: full and reduced doses forbidden (AHA) — prophylactic dose no card, above it critical`, () => {
      expect(cardsFor(d.at, ["aha-avoid-anticoagulation"])).toEqual([]);
      const [card, ...rest] = cardsFor(d.above, ["aha-avoid-anticoagulation"]);
      expect(rest).toEqual([]);
      expect(card?.indicator).toBe("critical");
      expect(card?.detail).toMatch(/Dose: .* a day, above the prophylactic/);
    });

    it(`${d.drug}: only full doses forbidden (platelets <50) — prophylactic dose no card, above it a warning`, () => {
      expect(cardsFor(d.at, ["thr-avoid-full-dose-below-50"])).toEqual([]);
      const [card] = cardsFor(d.above, ["thr-avoid-full-dose-below-50"]);
      expect(card?.indicator).toBe("warning");
      expect(card?.detail).toContain("depends on body weight");
    });

    it(`${d.drug}: every dose forbidden (major bleeding) — critical at the prophylactic dose too`, () => {
      const [card] = cardsFor(d.at, ["carac-avoid-anticoagulation-major-bleeding"]);
      expect(card?.indicator).toBe("critical");
    });
  }

  it("dabigatran: 220 mg once daily is its prophylactic regimen, 110 mg twice daily (the same 220 mg) treats", () => {
    expect(cardsFor(dosed("dabigatran", 220, "mg"), ["aha-avoid-anticoagulation"])).toEqual([]);
    expect(cardsFor(dosed("dabigatran", 150, "mg"), ["aha-avoid-anticoagulation"])).toEqual([]);
    const [card] = cardsFor(dosed("dabigatran", 110, "mg", 2), ["aha-avoid-anticoagulation"]);
    expect(card?.indicator).toBe("critical");
    expect(card?.detail).toContain(
      "Dose: 220 mg a day, given 2 times a day, above the prophylactic 220 mg once daily (",
    );
    const [check] = cardsFor(dosed("dabigatran", 110, "mg", 2), ["thr-avoid-full-dose-below-50"]);
    expect(check?.indicator).toBe("warning");
  });

  it("edoxaban has no prophylactic regimen: its lowest dose, 30 mg once daily, is a reduced or full dose", () => {
    for (const mg of [15, 30, 60]) {
      const [card, ...rest] = cardsFor(dosed("edoxaban", mg, "mg"), ["aha-avoid-anticoagulation"]);
      expect(rest).toEqual([]);
      expect(card?.indicator).toBe("critical");
      expect(card?.detail).toContain(`Dose: ${mg} mg a day; edoxaban has no prophylactic regimen (`);
    }
    const [check] = cardsFor(dosed("edoxaban", 30, "mg"), ["thr-avoid-full-dose-below-50"]);
    expect(check?.indicator).toBe("warning");
    // Every dose forbidden: critical, as for any anticoagulant.
    const [bleeding] = cardsFor(dosed("edoxaban", 30, "mg"), ["carac-avoid-anticoagulation-major-bleeding"]);
    expect(bleeding?.indicator).toBe("critical");
  });

  it("tinzaparin: 3500 and 4500 units once daily prevent; a treatment dose (175 units/kg, 10 500 at 60 kg) is critical in AHA", () => {
    expect(cardsFor(dosed("tinzaparin", 3500, "IU"), ["aha-avoid-anticoagulation"])).toEqual([]);
    const [card] = cardsFor(dosed("tinzaparin", 10500, "IU"), ["aha-avoid-anticoagulation"]);
    expect(card?.detail).toContain("Dose: 10500 units a day, above the prophylactic 4500 units once daily (");
  });

  it("the critical card says the dose read and the prophylactic regimen with its sources", () => {
    const [card] = cardsFor(dosed("enoxaparin", 80, "mg", 2), ["aha-avoid-anticoagulation"]);
    expect(card?.summary).toMatch(/^Do not give enoxaparin: Acquired haemophilia A/);
    expect(card?.detail).toContain("Dose: 160 mg a day, above the prophylactic 40 mg once daily (");
    expect(card?.suggestions?.[0]?.actions?.[0]?.resourceId).toBe("MedicationRequest/rx0");
  });

  it("a dose that cannot be read (per kg, a rate, no frequency, no bound for the drug) is a warning with the reason", () => {
    const unread: [Json, RegExp][] = [
      [dosed("enoxaparin", 1, "mg/kg", 2), /a dose in mg\/kg, not in mg/],
      [
        {
          ...dosed("enoxaparin", 40, "mg"),
          dosageInstruction: [{ doseAndRate: [{ doseQuantity: { value: 40, unit: "mg" } }] }],
        },
        /no timing/,
      ],
      [
        {
          medicationCodeableConcept: { text: "heparin infusion" },
          dosageInstruction: [{ doseAndRate: [{ rateQuantity: { value: 1000, unit: "U/h" } }], timing: {} }],
        },
        /a rate, not a dose/,
      ],
      [dosed("warfarin", 5, "mg"), /holds no prophylactic dose/],
      [text("enoxaparin"), /the draft gives no dose/],
    ];
    for (const [order, reason] of unread) {
      const [card, ...rest] = cardsFor(order, ["aha-avoid-anticoagulation"]);
      expect(rest).toEqual([]);
      expect(card?.indicator).toBe("warning");
      expect(card?.detail).toMatch(reason);
    }
  });

  it("an outright ban of the drug is critical whatever the dose", () => {
    const [card] = cardsFor(dosed("enoxaparin", 40, "mg"), [
      "thr-avoid-heparin-hit",
      "aha-avoid-anticoagulation",
    ]);
    expect(card?.indicator).toBe("critical");
    expect(card?.detail).toContain("stop all heparin");
    expect(card?.detail).not.toContain("Acquired haemophilia A");
  });
});

/** A draft ServiceRequest of `code` (a CodeableConcept). */
function service(code: Json, extra: Json = {}): Json {
  return { resourceType: "ServiceRequest", status: "draft", intent: "order", code, ...extra };
}
const PLATELETS = service({
  coding: [
    { system: "http://snomed.info/sct", code: "12719002", display: "Platelet transfusion (procedure)" },
  ],
});
const FFP = service({
  coding: [
    {
      system: "http://snomed.info/sct",
      code: "116861002",
      display: "Transfusion of fresh frozen plasma (procedure)",
    },
  ],
});

function ordersContext(orders: readonly Json[], selections?: string[]): OrderContext {
  return {
    userId: "Practitioner/1",
    patientId: "p1",
    ...(selections !== undefined && { selections }),
    draftOrders: {
      resourceType: "Bundle",
      entry: orders.map((o, i) => ({ resource: { id: `o${i}`, ...o } })),
    },
  } as unknown as OrderContext;
}
function productCards(order: Json, plan: readonly string[]): Card[] {
  const drafts = draftAvoidables(ordersContext([order]), knowledge);
  return avoidCards(ctx, drafts, withPlan(plan), knowledge).map((i) => i.card);
}
const products = (orders: readonly Json[]) =>
  draftAvoidables(ordersContext(orders), knowledge).map((d) => [d.ref, d.drug]);

describe("blood-product drafts (ServiceRequest)", () => {
  it("names the product by SNOMED CT code or by words; plasma exchange, a blood count and PRP are not transfusions", () => {
    expect(
      products([
        PLATELETS,
        FFP,
        service({ text: "Transfuse 1 adult dose apheresis platelets" }),
        service({ text: "FFP 15 mL/kg" }),
        service({ text: "Transfuse platelets if the platelet count is below 10" }),
        service({
          coding: [{ system: "http://snomed.info/sct", code: "13569004", display: "Transfusion of plasma" }],
        }),
        {
          resourceType: "MedicationRequest",
          status: "draft",
          medicationCodeableConcept: { text: "Octaplas 1000 mL" },
        },
      ]),
    ).toEqual([
      ["ServiceRequest/o0", "platelets"],
      ["ServiceRequest/o1", "plasma"],
      ["ServiceRequest/o2", "platelets"],
      ["ServiceRequest/o3", "plasma"],
      ["ServiceRequest/o4", "platelets"],
      ["ServiceRequest/o5", "plasma"],
      ["MedicationRequest/o6", "plasma"],
    ]);
    expect(
      products([
        service({ text: "Therapeutic plasma exchange, 1.5 plasma volumes, FFP replacement" }),
        service({ text: "Plasmapheresis" }),
        service({ text: "Platelet count" }),
        service({ text: "Platelet function assay (PFA-100)" }),
        service({
          coding: [{ system: "http://loinc.org", code: "777-3", display: "Platelets [#/volume] in Blood" }],
        }),
        service({ text: "CBC with platelets" }),
        service(
          { text: "Platelets" },
          { category: [{ coding: [{ system: "http://snomed.info/sct", code: "108252007" }] }] },
        ),
        service({ text: "Platelet-rich plasma injection" }),
        service({ text: "Cryoprecipitate 10 units" }),
        service({ text: "Red cell transfusion" }),
      ]),
    ).toEqual([]);
  });

  it("order-select: only the selected ServiceRequest is read", () => {
    const ctxSel = ordersContext([PLATELETS, FFP], ["ServiceRequest/o1"]);
    expect(draftAvoidables(ctxSel, knowledge).map((d) => d.drug)).toEqual(["plasma"]);
  });

  it("plasma in acquired haemophilia A: critical, quoting the item and its sources, with the draft to remove", () => {
    const [card, ...rest] = productCards(FFP, ["aha-avoid-human-fviii"]);
    expect(rest).toEqual([]);
    expect(card?.indicator).toBe("critical");
    expect(card?.summary).toMatch(/^Do not give a plasma transfusion: Do not use human FVIII concentrate/);
    expect(card?.detail).toContain("Tiede");
    expect(card?.suggestions?.[0]?.actions?.[0]).toEqual({
      type: "delete",
      description: "Remove the draft order of plasma transfusion",
      resourceId: "ServiceRequest/o0",
    });
  });

  it("platelets in TTP: a warning — the line's exception (serious bleeding, a high-risk procedure) is not shown by the order", () => {
    const [card, ...rest] = productCards(PLATELETS, ["ttp-avoid-platelet-transfusion"]);
    expect(rest).toEqual([]);
    expect(card?.indicator).toBe("warning");
    expect(card?.summary).toBe(
      "Check the platelet transfusion order: the plan allows it only in the circumstances it names",
    );
    expect(card?.detail).toContain(
      "forbids a platelet transfusion unless bleeding is serious or life-threatening, or an invasive procedure with a high risk of bleeding is planned",
    );
    expect(card?.detail).toContain("Do not give prophylactic platelet transfusions");
    expect(card?.suggestions).toBeUndefined();
  });

  it("each transfusion line with an exception is a warning; a plan with no such line, no card", () => {
    const lines: [Json, string][] = [
      [PLATELETS, "thr-avoid-platelets-hit"],
      // Every plan carries the HIT line now: a DIC or CARAC patient with a HIT charted is warned of a platelet order too.
      [PLATELETS, "dic-avoid-platelets-hit"],
      [PLATELETS, "carac-avoid-platelets-hit"],
      [PLATELETS, "dic-avoid-lab-driven-transfusion"],
      [FFP, "dic-avoid-lab-driven-transfusion"],
      [FFP, "carac-avoid-lab-driven-plasma-thrombus"],
    ];
    for (const [order, line] of lines)
      expect(productCards(order, [line]).map((c) => c.indicator)).toEqual(["warning"]);
    expect(productCards(PLATELETS, ["aha-avoid-human-fviii", "thr-avoid-heparin-hit"])).toEqual([]);
    expect(productCards(FFP, ["ttp-avoid-platelet-transfusion"])).toEqual([]);
  });

  it("platelets in TTP for a life-threatening bleed (reasonCode): the ISTH exception — no card; for a count, prophylaxis or a central line: the warning, quoting the reason", () => {
    const TTP = ["ttp-avoid-platelet-transfusion"];
    const because = (reasonCode: Json[]) => ({ ...PLATELETS, reasonCode });
    const exception = [
      [{ text: "Life-threatening bleeding" }],
      [
        {
          coding: [{ system: "http://snomed.info/sct", code: "1386000", display: "Intracranial hemorrhage" }],
        },
      ],
      [{ text: "Major haemorrhage (GI)" }],
    ];
    for (const reason of exception) expect(productCards(because(reason), TTP)).toEqual([]);
    const notException: Json[][] = [
      [{ text: "Thrombocytopenia, platelets 8" }],
      [{ text: "Prophylaxis before central line placement" }],
      [{ text: "Epistaxis" }],
      [{ text: "No bleeding; high bleeding risk" }],
      [{ text: "Prevention of life-threatening bleeding" }],
    ];
    for (const reason of notException) {
      const [card, ...rest] = productCards(because(reason), TTP);
      expect(rest).toEqual([]);
      expect(card?.indicator).toBe("warning");
      expect(card?.detail).toContain(
        `The order's reason, “${String(reason[0]?.text)}”, is not one these lines allow it for`,
      );
    }
    // No reason at all: the warning says the order gives none.
    const [none] = productCards(PLATELETS, TTP);
    expect(none?.detail).toContain("The order gives no reason that shows whether that is so");
  });

  it("reads the reason a reasonReference names: its display, a contained Condition or one among the draft orders", () => {
    const TTP = ["ttp-avoid-platelet-transfusion"];
    const bleed = { resourceType: "Condition", id: "ich", code: { text: "Intracerebral haemorrhage" } };
    const viaDisplay = { ...PLATELETS, reasonReference: [{ display: "Massive bleeding" }] };
    const viaContained = { ...PLATELETS, contained: [bleed], reasonReference: [{ reference: "#ich" }] };
    expect(productCards(viaDisplay, TTP)).toEqual([]);
    expect(productCards(viaContained, TTP)).toEqual([]);
    const drafts = draftAvoidables(
      ordersContext([{ ...PLATELETS, reasonReference: [{ reference: "Condition/ich" }] }, bleed]),
      knowledge,
    );
    expect(avoidCards(ctx, drafts, withPlan(TTP), knowledge)).toEqual([]);
    // A reference to nothing the request holds gives no reason: the warning stays.
    const lost = { ...PLATELETS, reasonReference: [{ reference: "Condition/elsewhere" }] };
    expect(productCards(lost, TTP).map((c) => c.indicator)).toEqual(["warning"]);
  });

  it("each line's exception as it words it: any bleeding or a procedure for DIC, a major bleed or a procedure for HIT, only serious bleeding for TTP", () => {
    const because = (order: Json, text: string) => ({ ...order, reasonCode: [{ text }] });
    expect(productCards(because(PLATELETS, "Haematuria"), ["dic-avoid-lab-driven-transfusion"])).toEqual([]);
    expect(productCards(because(FFP, "Liver biopsy"), ["dic-avoid-lab-driven-plasma-thrombus"])).toEqual([]);
    expect(productCards(because(FFP, "Liver biopsy"), ["carac-avoid-lab-driven-transfusion"])).toEqual([]);
    expect(productCards(because(PLATELETS, "Surgery"), ["thr-avoid-platelets-hit"])).toEqual([]);
    expect(productCards(because(PLATELETS, "Major bleeding"), ["thr-avoid-platelets-hit"])).toEqual([]);
    const warned = (order: Json, text: string, line: string) =>
      productCards(because(order, text), [line]).map((c) => c.indicator);
    // A minor bleed is no reason for platelets in HIT (ASH 2018: not routinely).
    expect(warned(PLATELETS, "Gum bleeding", "thr-avoid-platelets-hit")).toEqual(["warning"]);
    expect(warned(PLATELETS, "Haematuria", "ttp-avoid-platelet-transfusion")).toEqual(["warning"]);
    expect(warned(PLATELETS, "Surgery", "ttp-avoid-platelet-transfusion")).toEqual(["warning"]);
    expect(warned(FFP, "Fibrinogen 0.9 g/L", "dic-avoid-lab-driven-transfusion")).toEqual(["warning"]);
  });

  it("quotes a long or multi-line reason on one line, clipped to 120 characters", () => {
    const text = `Thrombocytopenia\n${"platelets low ".repeat(20)}`;
    const [card] = productCards({ ...PLATELETS, reasonCode: [{ text }] }, ["ttp-avoid-platelet-transfusion"]);
    const quoted = /The order's reason, “([^”]*)”/.exec(card?.detail ?? "")?.[1] ?? "";
    expect(quoted).toHaveLength(120);
    expect(quoted).toMatch(/^Thrombocytopenia platelets low .*…$/);
  });

  it("a reason never lifts a ban with no exception: plasma in acquired haemophilia A for a major bleed is critical", () => {
    const [card] = productCards({ ...FFP, reasonCode: [{ text: "Major bleeding" }] }, [
      "aha-avoid-human-fviii",
    ]);
    expect(card?.indicator).toBe("critical");
  });

  it("red cells, cryoprecipitate and fibrinogen concentrate: no avoid line names them, so no card — red cells in TTP are fine, platelets are not", () => {
    const RED_CELLS = service({ text: "Transfuse 2 units of red blood cells" });
    const CRYO = service({ text: "Cryoprecipitate, 2 pools" });
    const FIBRINOGEN = { medicationCodeableConcept: { text: "Fibrinogen concentrate (human) 4 g" } };
    const TTP = ["ttp-avoid-platelet-transfusion"];
    expect(productCards(RED_CELLS, TTP)).toEqual([]);
    expect(productCards(PLATELETS, TTP).map((c) => c.indicator)).toEqual(["warning"]);
    for (const order of [RED_CELLS, CRYO, FIBRINOGEN])
      for (const plan of [TTP, ["aha-avoid-human-fviii"], ["dic-avoid-lab-driven-transfusion"]])
        expect(productCards(order, plan)).toEqual([]);
  });

  it("cryo-poor (cryosupernatant) plasma is plasma: critical in acquired haemophilia A, where plasma does not help", () => {
    for (const text of [
      "Cryo-poor plasma 15 mL/kg",
      "Cryosupernatant plasma, 4 units",
      "Cryoprecipitate-reduced plasma",
    ]) {
      const [card] = productCards(service({ text }), ["aha-avoid-human-fviii"]);
      expect(card?.indicator).toBe("critical");
    }
  });

  it("an exception-free ban wins over a line with an exception", () => {
    const [card] = productCards(FFP, ["dic-avoid-lab-driven-transfusion", "aha-avoid-human-fviii"]);
    expect(card?.indicator).toBe("critical");
  });
});

describe("through the CDS endpoint, with prefetch", () => {
  const PATH = `/cds-services/${ORDER_SIGN_SERVICE}`;
  let t: TestServer;
  beforeAll(async () => {
    t = await testServer();
  });
  afterAll(() => t.server.close());

  async function sign(b: Json, drug: string, prefetch = true, selections?: string[]) {
    const id = patientIdOf(b);
    const context = {
      ...(selections !== undefined && { selections }),
      userId: "Practitioner/1",
      patientId: id,
      draftOrders: {
        resourceType: "Bundle",
        entry: [
          {
            resource: {
              resourceType: "MedicationRequest",
              id: "draft1",
              status: "draft",
              intent: "order",
              medicationCodeableConcept: { text: drug },
              subject: { reference: `Patient/${id}` },
            },
          },
        ],
      },
    };
    return t.server.app.inject({
      method: "POST",
      url: PATH,
      headers: { authorization: `Bearer ${await t.ehr.token(PATH)}` },
      payload: hookRequest(
        selections === undefined ? "order-sign" : "order-select",
        context,
        prefetch ? { prefetch: prefetchFrom(b, id) } : {},
      ),
    });
  }
  async function cards(b: Json, drug: string): Promise<Card[]> {
    const res = await sign(b, drug);
    expect(res.statusCode).toBe(200);
    return CdsResponseSchema.parse(res.json()).cards;
  }

  async function signOrders(b: Json, orders: readonly Json[]): Promise<Card[]> {
    const id = patientIdOf(b);
    const context = {
      userId: "Practitioner/1",
      patientId: id,
      draftOrders: {
        resourceType: "Bundle",
        entry: orders.map((o, i) => ({
          resource: { id: `draft${i}`, subject: { reference: `Patient/${id}` }, ...o },
        })),
      },
    };
    const res = await t.server.app.inject({
      method: "POST",
      url: PATH,
      headers: { authorization: `Bearer ${await t.ehr.token(PATH)}` },
      payload: hookRequest("order-sign", context, { prefetch: prefetchFrom(b, id) }),
    });
    expect(res.statusCode).toBe(200);
    return CdsResponseSchema.parse(res.json()).cards;
  }
  const med = (m: Json): Json => ({
    resourceType: "MedicationRequest",
    status: "draft",
    intent: "order",
    ...m,
  });

  it("a platelet transfusion ServiceRequest for the TTP patient: a warning quoting ISTH and its exception", async () => {
    const [card, ...rest] = await signOrders(TTP, [PLATELETS]);
    expect(rest).toEqual([]);
    expect(card?.indicator).toBe("warning");
    expect(card?.detail).toContain("Do not give prophylactic platelet transfusions");
    expect(card?.detail).toContain("unless bleeding is serious or life-threatening");
    expect(card?.source.topic?.code).toBe("avoided-order");
  });

  it("fresh frozen plasma for the AHA patient: critical; plasma exchange for the TTP patient: nothing", async () => {
    const [card] = await signOrders(AHA, [FFP]);
    expect(card?.indicator).toBe("critical");
    expect(card?.suggestions?.[0]?.actions?.[0]?.resourceId).toBe("ServiceRequest/draft0");
    expect(await signOrders(TTP, [service({ text: "Therapeutic plasma exchange" })])).toEqual([]);
    expect(await signOrders(PE, [PLATELETS])).toEqual([]);
  });

  // AICE 2022: no pharmacological thromboprophylaxis in AHA while FVIII is low (the AHA plan's patient-wide avoid),
  // so with FVIII 3 % the prophylactic dose is forbidden as well.
  it("enoxaparin for the AHA patient with FVIII 3 %: 40 mg a day critical (no prophylaxis while FVIII is low), 80 mg twice a day critical, per kg a warning", async () => {
    const [prophylactic, ...more] = await signOrders(AHA, [med(dosed("enoxaparin", 40, "mg"))]);
    expect(more).toEqual([]);
    expect(prophylactic?.indicator).toBe("critical");
    expect(prophylactic?.detail).toContain("no pharmacological thromboprophylaxis");
    const [full] = await signOrders(AHA, [med(dosed("enoxaparin", 80, "mg", 2))]);
    expect(full?.indicator).toBe("critical");
    expect(full?.detail).toContain("Dose: 160 mg a day");
    const [perKg] = await signOrders(AHA, [med(dosed("enoxaparin", 1, "mg/kg", 2))]);
    expect(perKg?.indicator).toBe("warning");
  });

  it("enoxaparin for the patient whose HIT after pembrolizumab (2022) is on record: critical, no re-exposure, with the HIT's date", async () => {
    const [card, ...rest] = await cards(HIT, "Enoxaparin 40 mg SC once daily");
    expect(rest).toEqual([]);
    expect(card?.indicator).toBe("critical");
    expect(card?.summary).toMatch(
      /^Do not give enoxaparin: History of heparin-induced thrombocytopenia on record/,
    );
    expect(card?.detail).toContain("do not re-expose to heparin");
    expect(card?.detail).toContain("HIT charted 2022-07-20");
    expect(card?.suggestions?.[0]?.actions?.[0]?.resourceId).toBe("MedicationRequest/draft1");
  });

  it("enoxaparin for the pulmonary embolism without HIT: no card", async () => {
    expect(await cards(PE, "Enoxaparin 1 mg/kg SC twice daily")).toEqual([]);
  });

  it("tranexamic acid beside the acute pulmonary embolism: critical; for TTP with no thrombosis, none", async () => {
    const [card] = await cards(PE, "tranexamic acid 1 g IV");
    expect(card?.indicator).toBe("critical");
    expect(card?.detail).toContain("Acute thrombosis in this episode");
    expect(await cards(TTP, "tranexamic acid 1 g IV")).toEqual([]);
  });

  it("tranexamic acid in DIC: critical", async () => {
    const [card] = await cards(DIC, "Cyklokapron 1 g");
    expect(card?.indicator).toBe("critical");
    expect(card?.detail).toContain("antifibrinolytics");
  });

  it("acquired haemophilia A: desmopressin critical, enoxaparin a dose check, porcine FVIII nothing", async () => {
    const [ddavp] = await cards(AHA, "DDAVP 0.3 mcg/kg IV");
    expect(ddavp?.indicator).toBe("critical");
    expect(ddavp?.detail).toContain("desmopressin");
    const [enox] = await cards(AHA, "enoxaparin");
    expect(enox?.indicator).toBe("warning");
    expect(await cards(AHA, "Obizur (recombinant porcine factor VIII) 200 U/kg")).toEqual([]);
  });

  it("order-select: the selected enoxaparin draft is checked; unselected, nothing is read or said", async () => {
    const selected = await sign(HIT, "enoxaparin", true, ["MedicationRequest/draft1"]);
    expect(CdsResponseSchema.parse(selected.json()).cards.map((c) => c.indicator)).toEqual(["critical"]);
    const other = await sign(HIT, "enoxaparin", false, ["MedicationRequest/other"]);
    expect(other.statusCode).toBe(200);
    expect(other.json()).toEqual({ cards: [] });
  });

  it("fast path: a draft of no catalogue drug answers no cards without any record; a covered drug needs the record", async () => {
    const none = await sign(HIT, "Amoxicillin 500 mg", false);
    expect(none.statusCode).toBe(200);
    expect(none.json()).toEqual({ cards: [] });
    // Enoxaparin is checked against the record: without prefetch or FHIR server it cannot be.
    expect((await sign(HIT, "enoxaparin", false)).statusCode).toBe(412);
  });
  /** The PE patient with an AllergyIntolerance to `text` (its reaction, and its clinical status when given). */
  const withAllergy = (text: string, reaction: string, status?: string): Json => ({
    ...PE,
    entry: [
      ...(PE.entry as Json[]),
      {
        resource: {
          resourceType: "AllergyIntolerance",
          id: "allergy1",
          patient: { reference: `Patient/${patientIdOf(PE)}` },
          ...(status !== undefined && {
            clinicalStatus: {
              coding: [
                { system: "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", code: status },
              ],
            },
          }),
          code: { text },
          reaction: [{ manifestation: [{ text: reaction }] }],
          recordedDate: "2015-01-01",
        },
      },
    ],
  });
  it("a charted drug allergy (AllergyIntolerance in the allergies prefetch): a draft of the drug is critical, quoting the allergy line; without it, no card", async () => {
    const [card, ...rest] = await cards(withAllergy("enoxaparin", "urticaria"), "enoxaparin");
    expect(rest).toEqual([]);
    expect(card?.indicator).toBe("critical");
    expect(card?.detail).toContain("Allergy or hypersensitivity to a heparin");
    expect(await cards(PE, "enoxaparin")).toEqual([]);
  });
  it("an allergy charted resolved (reassessed by testing or re-exposure) gives no card; one charted inactive still does", async () => {
    expect(await cards(withAllergy("enoxaparin", "urticaria", "resolved"), "enoxaparin")).toEqual([]);
    const [card] = await cards(withAllergy("enoxaparin", "urticaria", "inactive"), "enoxaparin");
    expect(card?.indicator).toBe("critical");
  });
});
