/**
 * Orders a plan line must reach (knowledge/order-avoids.yaml `notices`): a draft red-cell transfusion for a
 * patient given an anti-CD38 antibody in the last 184 days brings the blood-bank line as a warning, with or
 * without a finding; outside the window, after another antibody, or for an order that is no red-cell
 * transfusion, no card.
 */
import { createEngine, type ExposureSummary, type PatientReport } from "@hemosentinel/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bundle,
  example,
  hookRequest,
  knowledge,
  patientIdOf,
  prefetchFrom,
  type TestServer,
  testServer,
} from "../test-support/ehr.js";
import type { CardContext } from "./cards.js";
import { namesOf } from "./names.js";
import { noticeDrafts } from "./notice-cards.js";
import { orderCards } from "./order-cards.js";
import { type Card, CdsResponseSchema, type OrderContext } from "./schemas.js";
import { ORDER_SIGN_SERVICE } from "./services.js";

type Json = Record<string, unknown>;

const PE = example("examples/thrombosis-nivolumab-pulmonary-embolism-liao-2017.json");
const AT = "2026-11-01T12:00:00Z";

function reportOf(b: Json): PatientReport {
  const engine = createEngine(knowledge, { evaluatedAt: AT, version: "test" });
  engine.add({ kind: "fhir", value: b }, "test");
  return engine.assess(patientIdOf(b));
}

let n = 0;
const ctx: CardContext = {
  names: namesOf(knowledge, bundle),
  knowledgeVersion: "test",
  reportUrl: "https://web.example.org/patients/p1",
  newId: () => `id-${++n}`,
  fhirTimeoutMs: 5000,
};

/** A draft ServiceRequest of `code` (a CodeableConcept). */
function service(code: Json, extra: Json = {}): Json {
  return { resourceType: "ServiceRequest", status: "draft", intent: "order", code, ...extra };
}
const RBC = service({
  coding: [
    {
      system: "http://snomed.info/sct",
      code: "116863004",
      display: "Transfusion of red blood cells (procedure)",
    },
  ],
});

function ordersContext(orders: readonly Json[]): OrderContext {
  return {
    userId: "Practitioner/1",
    patientId: "p1",
    draftOrders: {
      resourceType: "Bundle",
      entry: orders.map((o, i) => ({ resource: { id: `o${i}`, ...o } })),
    },
  } as unknown as OrderContext;
}
const named = (orders: readonly Json[]) =>
  noticeDrafts(ordersContext(orders), knowledge).map((d) => [d.ref, d.drug]);

/** The Liao 2017 PE report (a finding) or the same patient without one, with these exposures. */
const base = reportOf(PE);
function withExposures(exposures: readonly ExposureSummary[], findings = true): PatientReport {
  return { ...base, exposures, ...(findings ? {} : { findings: [] }) };
}
/** One exposure of `drug` whose last dose lies `daysBefore` calendar days before the evaluation. */
function given(
  drug: string,
  daysBefore: number,
  cls: ExposureSummary["class"] = "antibody",
): ExposureSummary {
  const last = new Date(Date.parse(AT) - daysBefore * 86_400_000).toISOString();
  return { drug, class: cls, first: "2026-01-05T10:00:00Z", last, doses: 8 };
}
function cards(order: Json, report: PatientReport): Card[] {
  const drafts = noticeDrafts(ordersContext([order]), knowledge);
  return orderCards(ctx, [], report, knowledge, [], { drafts, evaluatedAt: AT }).map((i) => i.card);
}

describe("which drafts are red-cell transfusions", () => {
  it("by SNOMED CT code (red cells, packed red cells) or by words, as a ServiceRequest or a MedicationRequest of no catalogue drug", () => {
    expect(
      named([
        RBC,
        service({
          coding: [
            {
              system: "http://snomed.info/sct",
              code: "71493000",
              display: "Transfusion of packed red blood cells",
            },
          ],
        }),
        service({ text: "Transfuse 2 units of packed red blood cells" }),
        service({ text: "PRBC 1 unit over 2 hours" }),
        {
          resourceType: "MedicationRequest",
          status: "draft",
          medicationCodeableConcept: { text: "Red blood cells, leukoreduced, irradiated" },
        },
        service({ text: "Red cell exchange transfusion" }),
      ]),
    ).toEqual([
      ["ServiceRequest/o0", "red-cells"],
      ["ServiceRequest/o1", "red-cells"],
      ["ServiceRequest/o2", "red-cells"],
      ["ServiceRequest/o3", "red-cells"],
      ["ServiceRequest/o5", "red-cells"],
      ["MedicationRequest/o4", "red-cells"],
    ]);
  });
  it("a blood count, a red-cell count or antibody test, a laboratory order, platelets or plasma are not", () => {
    expect(
      named([
        service({ text: "CBC" }),
        service({ text: "Red blood cell count" }),
        service({ text: "Red cell antibody screen" }),
        service({ text: "Red blood cells, urine" }),
        service({
          coding: [
            { system: "http://loinc.org", code: "789-8", display: "Erythrocytes [#/volume] in Blood" },
          ],
        }),
        service(
          { text: "Red blood cells" },
          { category: [{ coding: [{ system: "http://snomed.info/sct", code: "108252007" }] }] },
        ),
        service({ text: "Platelet transfusion" }),
        service({ text: "Fresh frozen plasma 15 mL/kg" }),
      ]),
    ).toEqual([]);
  });
});

describe("the blood-bank card of a red-cell transfusion after an anti-CD38 antibody", () => {
  it("daratumumab 30 days before: a warning quoting the blood-bank line and its sources, no draft removed", () => {
    const [card, ...rest] = cards(RBC, withExposures([given("daratumumab", 30)]));
    expect(rest).toEqual([]);
    expect(card?.indicator).toBe("warning");
    expect(card?.summary).toContain("Tell the blood bank before this red-cell transfusion");
    expect(card?.detail).toContain("daratumumab (last dose 2026-10-02)");
    expect(card?.detail).toContain("tell the blood bank before any red-cell transfusion");
    expect(card?.detail).toContain("The order itself is not forbidden");
    expect(card?.source.topic?.code).toBe("order-notice");
    expect(card?.suggestions).toBeUndefined();
    expect(card?.overrideReasons?.map((r) => r.code)).toEqual(["blood-bank-informed", "line-not-applicable"]);
  });
  it("the window is 184 days from the last dose: 184 days before, the card; 185 days before, none", () => {
    expect(cards(RBC, withExposures([given("daratumumab", 184)])).map((c) => c.indicator)).toEqual([
      "warning",
    ]);
    expect(cards(RBC, withExposures([given("daratumumab", 185)]))).toEqual([]);
  });
  it("isatuximab too, and with no finding at all (the line is every plan's, the order check needs none)", () => {
    expect(cards(RBC, withExposures([given("isatuximab", 10)], false)).map((c) => c.indicator)).toEqual([
      "warning",
    ]);
  });
  it("another antibody (rituximab), a checkpoint inhibitor, or daratumumab first given after the evaluation: no card", () => {
    expect(cards(RBC, withExposures([given("rituximab", 10)]))).toEqual([]);
    expect(cards(RBC, withExposures([given("nivolumab", 10, "ici")]))).toEqual([]);
    const later = { ...given("daratumumab", 0), first: "2026-11-05T10:00:00Z", last: "2026-11-05T10:00:00Z" };
    expect(cards(RBC, withExposures([later]))).toEqual([]);
  });
  it("a platelet transfusion after daratumumab brings no blood-bank card (its plans' own lines decide)", () => {
    expect(
      cards(service({ text: "Platelet transfusion" }), withExposures([given("daratumumab", 30)])),
    ).toEqual([]);
  });
});

describe("through the CDS endpoint, with prefetch", () => {
  const PATH = `/cds-services/${ORDER_SIGN_SERVICE}`;
  let t: TestServer;
  beforeAll(async () => {
    t = await testServer();
  });
  afterAll(() => t.server.close());

  /** A patient given daratumumab `daysAgo` days before now, with one haemoglobin. */
  function patient(daysAgo: number): Json {
    const at = new Date(Date.now() - daysAgo * 86_400_000).toISOString();
    const id = "dara1";
    return {
      resourceType: "Bundle",
      type: "collection",
      entry: [
        { resource: { resourceType: "Patient", id, birthDate: "1955-03-01", gender: "female" } },
        {
          resource: {
            resourceType: "MedicationAdministration",
            id: "ma1",
            status: "completed",
            subject: { reference: `Patient/${id}` },
            medicationCodeableConcept: { text: "daratumumab 16 mg/kg IV" },
            effectiveDateTime: at,
          },
        },
        {
          resource: {
            resourceType: "Observation",
            id: "hb1",
            status: "final",
            subject: { reference: `Patient/${id}` },
            code: {
              coding: [
                { system: "http://loinc.org", code: "718-7", display: "Hemoglobin [Mass/volume] in Blood" },
              ],
            },
            effectiveDateTime: at,
            valueQuantity: { value: 7.1, unit: "g/dL", system: "http://unitsofmeasure.org", code: "g/dL" },
          },
        },
      ],
    };
  }
  async function sign(b: Json, order: Json): Promise<Card[]> {
    const id = patientIdOf(b);
    const context = {
      userId: "Practitioner/1",
      patientId: id,
      draftOrders: {
        resourceType: "Bundle",
        entry: [{ resource: { id: "draft0", subject: { reference: `Patient/${id}` }, ...order } }],
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

  it("red cells 40 days after daratumumab: the blood-bank warning; 300 days after: no card", async () => {
    const [card, ...rest] = await sign(patient(40), RBC);
    expect(rest).toEqual([]);
    expect(card?.indicator).toBe("warning");
    expect(card?.source.topic?.code).toBe("order-notice");
    expect(await sign(patient(300), RBC)).toEqual([]);
  });
});
