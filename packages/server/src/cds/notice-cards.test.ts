/**
 * Orders a plan line must reach (knowledge/order-avoids.yaml `notices`): a draft red-cell transfusion for a
 * patient given an anti-CD38 antibody in the last 184 days brings the blood-bank line as a warning, with or
 * without a finding; outside the window, after another antibody, or for an order that is no red-cell
 * transfusion, no card. A draft rituximab beside a hepatitis B on record brings the prophylaxis line, unless
 * entecavir or tenofovir is taken now; negative or missing markers bring none.
 */
import type { ExposureSummary, PatientReport } from "@hemosentinel/core";
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
import { noticeDrafts } from "./notice-cards.js";
import { orderCards } from "./order-cards.js";
import { type Card, CdsResponseSchema, type OrderContext } from "./schemas.js";
import { ORDER_SIGN_SERVICE } from "./services.js";

type Json = Record<string, unknown>;

const PE = example("examples/thrombosis-nivolumab-pulmonary-embolism-liao-2017.json");
const AT = "2026-11-01T12:00:00Z";

const reportOf = (b: Json): PatientReport => reportAt(b, AT);

const ctx = cardContext();

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

describe("a draft rituximab beside a hepatitis B on record, through the CDS endpoint with prefetch", () => {
  const PATH = `/cds-services/${ORDER_SIGN_SERVICE}`;
  const SCT = "http://snomed.info/sct";
  const POSITIVE = { coding: [{ system: SCT, code: "10828004", display: "Positive" }] };
  const NEGATIVE = { coding: [{ system: SCT, code: "260385009", display: "Negative" }] };
  const ID = "hbv1";
  let t: TestServer;
  beforeAll(async () => {
    t = await testServer();
  });
  afterAll(() => t.server.close());

  const daysAgo = (d: number) => new Date(Date.now() - d * 86_400_000).toISOString();
  /** A qualitative result of a LOINC code, 60 days ago. */
  function marker(id: string, loinc: string, value: Json): Json {
    return {
      resourceType: "Observation",
      id,
      status: "final",
      subject: { reference: `Patient/${ID}` },
      code: { coding: [{ system: "http://loinc.org", code: loinc }] },
      effectiveDateTime: daysAgo(60),
      valueCodeableConcept: value,
    };
  }
  const HBSAG = (value: Json) => marker("hbsag1", "5196-1", value);
  const ANTI_HBC = (value: Json) => marker("hbc1", "16933-4", value);
  /** A course of an antiviral on record: ongoing (no end) or stopped `endedDaysAgo` days ago. */
  function antiviral(text: string, endedDaysAgo?: number): Json {
    return {
      resourceType: "MedicationStatement",
      id: "ms1",
      status: endedDaysAgo === undefined ? "active" : "completed",
      subject: { reference: `Patient/${ID}` },
      medicationCodeableConcept: { text },
      effectivePeriod: {
        start: daysAgo(400),
        ...(endedDaysAgo !== undefined && { end: daysAgo(endedDaysAgo) }),
      },
    };
  }
  function condition(text: string, code?: string): Json {
    return {
      resourceType: "Condition",
      id: "c1",
      subject: { reference: `Patient/${ID}` },
      clinicalStatus: {
        coding: [{ system: "http://terminology.hl7.org/CodeSystem/condition-clinical", code: "active" }],
      },
      code: {
        text,
        ...(code !== undefined && { coding: [{ system: "http://hl7.org/fhir/sid/icd-10-cm", code }] }),
      },
      recordedDate: daysAgo(300),
    };
  }
  /** The patient, one platelet count, and `more`. */
  function patient(more: readonly Json[]): Json {
    return {
      resourceType: "Bundle",
      type: "collection",
      entry: [
        { resource: { resourceType: "Patient", id: ID, birthDate: "1960-05-01", gender: "male" } },
        {
          resource: {
            resourceType: "Observation",
            id: "plt1",
            status: "final",
            subject: { reference: `Patient/${ID}` },
            code: { coding: [{ system: "http://loinc.org", code: "777-3" }] },
            effectiveDateTime: daysAgo(1),
            valueQuantity: {
              value: 210,
              unit: "10*9/L",
              system: "http://unitsofmeasure.org",
              code: "10*9/L",
            },
          },
        },
        ...more.map((resource) => ({ resource })),
      ],
    };
  }
  const RITUXIMAB = {
    resourceType: "MedicationRequest",
    status: "draft",
    intent: "order",
    medicationCodeableConcept: { text: "rituximab 375 mg/m2 IV weekly x4" },
  };
  async function sign(b: Json, order: Json = RITUXIMAB): Promise<Card[]> {
    const context = {
      userId: "Practitioner/1",
      patientId: ID,
      draftOrders: {
        resourceType: "Bundle",
        entry: [{ resource: { id: "draft0", subject: { reference: `Patient/${ID}` }, ...order } }],
      },
    };
    const res = await t.server.app.inject({
      method: "POST",
      url: PATH,
      headers: { authorization: `Bearer ${await t.ehr.token(PATH)}` },
      payload: hookRequest("order-sign", context, { prefetch: prefetchFrom(b, ID) }),
    });
    expect(res.statusCode).toBe(200);
    return CdsResponseSchema.parse(res.json()).cards;
  }

  it("HBsAg positive, no antiviral on record: a warning naming the marker and the prophylaxis, cited as the plan line is", async () => {
    const [card, ...rest] = await sign(patient([HBSAG(POSITIVE)]));
    expect(rest).toEqual([]);
    expect(card?.indicator).toBe("warning");
    expect(card?.source.topic?.code).toBe("order-notice");
    expect(card?.summary).toBe(
      "Start hepatitis B prophylaxis before this rituximab: HBsAg positive on record",
    );
    expect(card?.detail).toContain("Hepatitis B surface antigen (HBsAg) positive (");
    expect(card?.detail).toContain("entecavir or tenofovir");
    expect(card?.detail).toContain("12 months");
    // The liver societies' longer course after a rituximab-based regimen (EASL 2017) is named beside ASCO's 12 months.
    expect(card?.detail).toContain("18 months after a rituximab-based course");
    expect(card?.source.url).toContain("10.1200/JCO.20.01757");
    // Rituximab stays usable: nothing suggests deleting the draft, and the override says the measure is arranged.
    expect(card?.suggestions ?? []).toEqual([]);
    expect(card?.overrideReasons?.map((r) => r.code)).toEqual(["measure-arranged", "line-not-applicable"]);
  });

  it("anti-HBc positive with HBsAg negative (a past infection): the warning names the anti-HBc", async () => {
    const [card, ...rest] = await sign(patient([HBSAG(NEGATIVE), ANTI_HBC(POSITIVE)]));
    expect(rest).toEqual([]);
    expect(card?.indicator).toBe("warning");
    expect(card?.summary).toBe(
      "Start hepatitis B prophylaxis before this rituximab: anti-HBc positive on record",
    );
  });

  it("a chronic hepatitis B charted (ICD-10-CM B18.1): the warning", async () => {
    const [card, ...rest] = await sign(
      patient([condition("Chronic viral hepatitis B without delta-agent", "B18.1")]),
    );
    expect(rest).toEqual([]);
    expect(card?.summary).toContain("hepatitis B charted");
  });

  it("both markers negative, no marker at all, or only a hepatitis B vaccine charted: no card", async () => {
    expect(await sign(patient([HBSAG(NEGATIVE), ANTI_HBC(NEGATIVE)]))).toEqual([]);
    expect(await sign(patient([]))).toEqual([]);
    expect(await sign(patient([condition("Hepatitis B vaccine series completed")]))).toEqual([]);
  });

  it("HBsAg positive and negative at the same instant (a conflict the report lists, which the plan does not use): no card, as the plan has no prophylaxis line", async () => {
    const positive = HBSAG(POSITIVE);
    const conflicting = { ...HBSAG(NEGATIVE), id: "hbsag2", effectiveDateTime: positive.effectiveDateTime };
    expect(await sign(patient([positive, conflicting]))).toEqual([]);
    // Beside a positive anti-HBc, the anti-HBc alone makes the card, as it makes the plan line.
    const [card] = await sign(patient([positive, conflicting, ANTI_HBC(POSITIVE)]));
    expect(card?.summary).toBe(
      "Start hepatitis B prophylaxis before this rituximab: anti-HBc positive on record",
    );
  });

  it("entecavir or tenofovir taken now: no card; a tenofovir course that ended 200 days ago leaves the warning", async () => {
    expect(await sign(patient([HBSAG(POSITIVE), antiviral("entecavir 0.5 mg PO daily")]))).toEqual([]);
    expect(await sign(patient([HBSAG(POSITIVE), antiviral("tenofovir alafenamide 25 mg daily")]))).toEqual(
      [],
    );
    const [card, ...rest] = await sign(
      patient([HBSAG(POSITIVE), antiviral("tenofovir disoproxil 245 mg", 200)]),
    );
    expect(rest).toEqual([]);
    expect(card?.indicator).toBe("warning");
  });

  it("a patient recorded as deceased: the deceased card first, removing the rituximab draft once", async () => {
    const b = patient([HBSAG(POSITIVE)]);
    const entries = b.entry as { resource: Json }[];
    const first = entries[0] as { resource: Json };
    first.resource = { ...first.resource, deceasedDateTime: daysAgo(2) };
    const [deceased, ...rest] = await sign(b);
    expect(deceased?.source.topic?.code).toBe("deceased");
    const removals = (deceased?.suggestions ?? []).flatMap((s) => s.actions ?? []);
    expect(removals.map((a) => a.resourceId)).toEqual(["MedicationRequest/draft0"]);
    expect(rest.every((c) => c.summary.startsWith("[Deceased]"))).toBe(true);
  });

  it("another drug drafted beside the same HBsAg (a checkpoint inhibitor): no hepatitis B card", async () => {
    const nivolumab = { ...RITUXIMAB, medicationCodeableConcept: { text: "nivolumab 240 mg IV" } };
    expect(await sign(patient([HBSAG(POSITIVE)]), nivolumab)).toEqual([]);
  });
});
