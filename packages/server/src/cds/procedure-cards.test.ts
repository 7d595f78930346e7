/**
 * A draft ServiceRequest for a bedside procedure, signed through the CDS endpoint: the draft joins the record as a
 * planned procedure of the patient, and a warning quotes the plan's line when the platelet count is below the count
 * the procedure needs (a lumbar puncture or a central line below 20 ×10⁹/L: AABB/ICTMG 2025, AABB 2015, BSH 2017; an
 * epidural below 80: BSH 2017) or an anticoagulant's last dose is within ASRA 2018's interval (apixaban 72 hours).
 * The count reached and no anticoagulant on record: no card. Each threshold is tested on both sides.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  hookRequest,
  knowledge,
  patientViewRequest,
  prefetchFrom,
  signedCall,
  type TestServer,
  testServer,
} from "../test-support/ehr.js";
import { draftProcedures } from "./drafts.js";
import { type Card, CdsResponseSchema, type OrderContext } from "./schemas.js";
import { ORDER_SIGN_SERVICE, PATIENT_VIEW_SERVICE } from "./services.js";

type Json = Record<string, unknown>;

const ID = "proc1";
const subject = { reference: `Patient/${ID}` };
const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

/**
 * A patient given pembrolizumab 40 days ago, with a deep vein thrombosis charted 3 days ago (a finding whose plan
 * carries the shared procedure lines) unless `dvt` is false (no finding: the report's procedure plan carries them),
 * platelets of `platelets` ×10⁹/L a day ago, apixaban last given `apixabanHours` hours ago when given, and `more`.
 */
function patient(platelets: number, apixabanHours?: number, dvt = true, ...more: Json[]): Json {
  const resources: Json[] = [
    { resourceType: "Patient", id: ID, birthDate: "1958-05-01", gender: "male" },
    {
      resourceType: "MedicationAdministration",
      id: "pembro",
      status: "completed",
      subject,
      medicationCodeableConcept: { text: "pembrolizumab 200 mg IV" },
      effectiveDateTime: ago(40 * 24),
    },
    ...(dvt
      ? [
          {
            resourceType: "Condition",
            id: "dvt",
            subject,
            code: { text: "Deep vein thrombosis of the left popliteal vein" },
            onsetDateTime: ago(3 * 24),
          },
        ]
      : []),
    ...more,
    {
      resourceType: "Observation",
      id: "plt",
      status: "final",
      subject,
      code: { coding: [{ system: "http://loinc.org", code: "777-3", display: "Platelets" }] },
      effectiveDateTime: ago(24),
      valueQuantity: {
        value: platelets,
        unit: "10*9/L",
        system: "http://unitsofmeasure.org",
        code: "10*9/L",
      },
    },
  ];
  if (apixabanHours !== undefined)
    resources.push({
      resourceType: "MedicationAdministration",
      id: "apix",
      status: "completed",
      subject,
      medicationCodeableConcept: { text: "apixaban 5 mg" },
      effectiveDateTime: ago(apixabanHours),
    });
  return { resourceType: "Bundle", type: "collection", entry: resources.map((resource) => ({ resource })) };
}

/** A draft ServiceRequest named in words. */
const draft = (text: string, extra: Json = {}): Json => ({
  resourceType: "ServiceRequest",
  id: "sr1",
  status: "draft",
  intent: "order",
  subject,
  code: { text },
  ...extra,
});

function contextOf(orders: readonly Json[], extra: Json = {}): Json {
  return {
    userId: "Practitioner/1",
    patientId: ID,
    draftOrders: { resourceType: "Bundle", entry: orders.map((resource) => ({ resource })) },
    ...extra,
  };
}

describe("the draft procedures of an order context", () => {
  const named = (orders: readonly Json[], extra: Json = {}) =>
    draftProcedures(contextOf(orders, extra) as unknown as OrderContext, knowledge).map((d) => [
      d.ref,
      d.kind,
    ]);

  it("reads a lumbar puncture or a central line as a planned procedure", () => {
    expect(named([draft("Lumbar puncture")])).toEqual([["ServiceRequest/sr1", "procedure-planned"]]);
    expect(named([draft("Central venous catheter insertion")])).toEqual([
      ["ServiceRequest/sr1", "procedure-planned"],
    ]);
  });

  it.each(["Cataract surgery", "Bone marrow biopsy", "Colonoscopy with biopsies", "Polypectomy"])(
    "reads %j by its bleed-risk tier as a planned procedure",
    (text) => {
      expect(named([draft(text)])).toEqual([["ServiceRequest/sr1", "procedure-planned"]]);
    },
  );

  it("reads no blood count, no transfusion and no medication as a procedure", () => {
    expect(named([draft("Complete blood count")])).toEqual([]);
    expect(named([draft("Platelet transfusion")])).toEqual([]);
    expect(
      named([
        { resourceType: "MedicationRequest", id: "m1", medicationCodeableConcept: { text: "apixaban" } },
      ]),
    ).toEqual([]);
  });

  it("for order-select, only the selected draft", () => {
    expect(named([draft("Lumbar puncture")], { selections: ["ServiceRequest/other"] })).toEqual([]);
    expect(named([draft("Lumbar puncture")], { selections: ["ServiceRequest/sr1"] })).toHaveLength(1);
  });
});

describe("a draft procedure signed through the CDS endpoint, with prefetch", () => {
  const PATH = `/cds-services/${ORDER_SIGN_SERVICE}`;
  let t: TestServer;
  beforeAll(async () => {
    t = await testServer();
  });
  afterAll(() => t.server.close());

  async function sign(b: Json, order: Json): Promise<Card[]> {
    const res = await signedCall(
      t,
      "POST",
      PATH,
      hookRequest("order-sign", contextOf([order]), { prefetch: prefetchFrom(b, ID) }),
    );
    expect(res.statusCode).toBe(200);
    return CdsResponseSchema.parse(res.json()).cards;
  }
  const procedureCards = (cards: readonly Card[]) =>
    cards.filter((c) => c.source.topic?.code === "order-procedure");

  it.each([
    [19, true],
    [20, false],
  ])("threshold: a lumbar puncture with platelets %s → a warning: %s", async (count, warned) => {
    const cards = procedureCards(await sign(patient(count), draft("Lumbar puncture")));
    expect(cards.length > 0).toBe(warned);
    if (!warned) return;
    const [card] = cards;
    expect(card?.indicator).toBe("warning");
    expect(card?.summary).toBe("Before this lumbar puncture: platelets below the count it needs");
    expect(card?.detail).toContain("20 ×10⁹/L");
    expect(card?.source.label).toContain("Metcalf 2025"); // AABB/ICTMG 2025
  });

  it.each([
    [19, true],
    [20, false],
  ])("threshold: a central line with platelets %s → a warning: %s", async (count, warned) => {
    const cards = procedureCards(await sign(patient(count), draft("Central venous catheter insertion")));
    expect(cards.length > 0).toBe(warned);
  });

  it.each([
    [79, true],
    [80, false],
  ])("threshold: an epidural with platelets %s → a warning: %s", async (count, warned) => {
    const cards = procedureCards(await sign(patient(count), draft("Epidural catheter insertion")));
    expect(cards.length > 0).toBe(warned);
  });

  it.each([
    [71, true],
    [73, false],
  ])(
    "threshold: a lumbar puncture with apixaban last given %s h before → a warning: %s",
    async (hours, warned) => {
      const cards = procedureCards(await sign(patient(230, hours), draft("Lumbar puncture")));
      expect(cards.length > 0).toBe(warned);
      if (!warned) return;
      const [card] = cards;
      expect(card?.summary).toContain("anticoagulant");
      expect(card?.summary).not.toContain("platelets");
      expect(card?.detail).toContain("72 hours");
      expect(card?.source.label).toContain("Horlocker 2018"); // ASRA 2018
    },
  );

  it.each([
    [23, true],
    [25, false],
  ])(
    "threshold: an endoscopy with biopsies with apixaban last given %s h before → a warning: %s",
    async (hours, warned) => {
      const cards = procedureCards(await sign(patient(230, hours), draft("Colonoscopy with biopsies")));
      expect(cards.length > 0).toBe(warned);
      if (!warned) return;
      const [card] = cards;
      expect(card?.summary).toContain("an anticoagulant within the interval before it");
      expect(card?.detail).toContain("omit apixaban, edoxaban or rivaroxaban 1 day before");
    },
  );

  it.each([
    [49, true],
    [50, false],
  ])("threshold: a laparotomy with platelets %s → a warning: %s", async (count, warned) => {
    const cards = procedureCards(await sign(patient(count), draft("Laparotomy")));
    expect(cards.length > 0).toBe(warned);
    if (warned) expect(cards[0]?.detail).toContain("at least 50 ×10⁹/L");
  });

  it.each([
    [
      "a cataract operation with apixaban given 2 h before (no interruption needed)",
      230,
      2,
      "Cataract surgery",
    ],
    ["a bone-marrow biopsy with platelets 30 (no platelets needed)", 30, undefined, "Bone marrow biopsy"],
  ])("%s: a line that only reassures gives no card", async (_what, count, hours, text) => {
    expect(procedureCards(await sign(patient(count, hours), draft(text)))).toEqual([]);
  });

  it("the count reached and no anticoagulant on record: no card at all", async () => {
    expect(await sign(patient(230), draft("Lumbar puncture"))).toEqual([]);
  });

  it("a central line beside apixaban given yesterday names no neuraxial interval (ASRA's intervals are the puncture's)", async () => {
    const cards = procedureCards(await sign(patient(230, 24), draft("Central venous catheter insertion")));
    expect(cards).toEqual([]);
  });

  it("two drafts sent without an id are two procedures: the epidural's count is weighed beside the central line's", async () => {
    const { id: _lp, ...line } = draft("Central venous catheter insertion");
    const { id: _ep, ...epidural } = draft("Epidural catheter insertion");
    const res = await signedCall(
      t,
      "POST",
      PATH,
      hookRequest("order-sign", contextOf([line, epidural]), {
        prefetch: prefetchFrom(patient(50), ID),
      }),
    );
    const cards = procedureCards(CdsResponseSchema.parse(res.json()).cards);
    expect(cards.map((c) => c.summary)).toEqual([
      "Before this epidural catheter insertion: platelets below the count it needs",
    ]);
  });

  it.each([
    [24, true],
    [71, true],
    [73, false],
  ])(
    "threshold: no finding, apixaban last given %s h before a drafted spinal anaesthetic → a warning from the procedure plan: %s",
    async (hours, warned) => {
      const cards = procedureCards(await sign(patient(230, hours, false), draft("Spinal anaesthesia")));
      expect(cards.length > 0).toBe(warned);
      if (!warned) return;
      const [card] = cards;
      expect(card?.indicator).toBe("warning");
      expect(card?.summary).toBe(
        "Before this spinal anaesthesia: an anticoagulant within the interval before it",
      );
      expect(card?.detail).toContain("72 hours");
      expect(card?.detail).toContain("apixaban");
      expect(card?.source.label).toContain("Horlocker 2018"); // ASRA 2018
    },
  );

  it("no finding, no anticoagulant and the count reached: no card for a drafted spinal anaesthetic", async () => {
    expect(await sign(patient(230, undefined, false), draft("Spinal anaesthesia"))).toEqual([]);
  });

  it("no finding: bevacizumab drafted beside a drafted operation is barred by the procedure plan's avoid line", async () => {
    const bevacizumab = {
      resourceType: "MedicationRequest",
      id: "bev",
      status: "draft",
      intent: "order",
      subject,
      medicationCodeableConcept: { text: "bevacizumab 15 mg/kg" },
    };
    const given = {
      resourceType: "MedicationAdministration",
      id: "bev-given",
      status: "completed",
      subject,
      medicationCodeableConcept: { text: "bevacizumab 15 mg/kg" },
      effectiveDateTime: ago(7 * 24),
    };
    const res = await signedCall(
      t,
      "POST",
      PATH,
      hookRequest("order-sign", contextOf([draft("Right hemicolectomy"), bevacizumab]), {
        prefetch: prefetchFrom(patient(230, undefined, false, given), ID),
      }),
    );
    const cards = CdsResponseSchema.parse(res.json()).cards;
    const barred = cards.filter((c) => c.source.topic?.code === "avoided-order");
    expect(barred.map((c) => c.indicator)).toEqual(["critical"]);
    expect(barred[0]?.detail).toContain("plan of the procedure planned");
  });

  it("a draft whose request says it is not to be done is no plan: no card", async () => {
    const cards = procedureCards(await sign(patient(15), draft("Lumbar puncture", { doNotPerform: true })));
    expect(cards).toEqual([]);
  });
});

/** A procedure in preparation in the chart (R4 EventStatus `preparation`): planned, not yet done. */
const plannedProcedure = (text: string): Json => ({
  resourceType: "Procedure",
  id: "planned",
  status: "preparation",
  subject,
  code: { text },
});

describe("the patient-view hook: the plan before a procedure planned in the chart, with or without a finding", () => {
  const PATH = `/cds-services/${PATIENT_VIEW_SERVICE}`;
  let t: TestServer;
  beforeAll(async () => {
    t = await testServer();
  });
  afterAll(() => t.server.close());

  async function view(b: Json): Promise<Card[]> {
    const res = await signedCall(t, "POST", PATH, patientViewRequest(b));
    expect(res.statusCode).toBe(200);
    return CdsResponseSchema.parse(res.json()).cards;
  }
  const planCards = (cards: readonly Card[]) =>
    cards.filter((c) => c.source.topic?.code === "procedure-plan");

  it.each([
    [24, true],
    [71, true],
    [73, false],
  ])(
    "threshold: no finding, apixaban last given %s h before a spinal anaesthetic planned in the chart → a warning card: %s",
    async (hours, warned) => {
      const cards = await view(patient(230, hours, false, plannedProcedure("Spinal anaesthesia")));
      const plan = planCards(cards);
      expect(plan.length > 0).toBe(warned);
      if (!warned) {
        // Past the interval the patient has nothing to see: no card at all.
        expect(cards).toEqual([]);
        return;
      }
      const [card] = plan;
      expect(card?.indicator).toBe("warning");
      // The summary names the procedure and what stands in its way; its day is not on record.
      expect(card?.summary).toBe(
        "Before the spinal anaesthesia: apixaban within the interval asked before it",
      );
      expect(card?.detail).toContain("with no date on record: confirm when it is to be done");
      expect(card?.detail).toContain("**Before a planned procedure");
      expect(card?.detail).toContain("no finding is needed for them");
      expect(card?.detail).toMatch(/- \*Supportive\*: .*72 hours.*apixaban/);
      expect(card?.detail).toContain("**Sources**");
      expect(card?.detail).toContain("doi.org/10.1097/AAP.0000000000000763");
      expect(card?.source.label).toContain("Horlocker 2018"); // ASRA 2018
      expect(card?.links?.length).toBeGreaterThan(0);
    },
  );

  it("apixaban given yesterday but no procedure planned: no card", async () => {
    expect(await view(patient(230, 24, false))).toEqual([]);
  });

  it("a lumbar puncture planned beside a DVT and platelets of 15: the thrombosis card quotes the count, the plan card names the procedure without repeating the line", async () => {
    const cards = await view(patient(15, undefined, true, plannedProcedure("Lumbar puncture")));
    const thrombosis = cards.find((c) => c.source.topic?.code === "thrombosis");
    expect(thrombosis?.detail).toContain("20 ×10⁹/L");
    const [plan, ...more] = planCards(cards);
    expect(more).toEqual([]);
    expect(plan?.summary).toBe("Before the lumbar puncture: platelets 15 ×10⁹/L below 20");
    expect(plan?.detail).not.toContain("*Supportive*");
    expect(plan?.detail).toContain("a line a finding's plan carries is in that finding's card");
  });

  /** A liver biopsy in preparation, to be done `days` days from now. */
  const biopsyOrder = (days: number): Json => ({
    ...plannedProcedure("Liver biopsy"),
    performedDateTime: ago(-days * 24).slice(0, 10),
  });

  it.each([
    [12, "in 12 days", false],
    [1, "tomorrow", true],
  ])(
    "a liver biopsy ordered %i days ahead with platelets of 42: the summary names it, its day and the count (urgent: %s)",
    async (days, far, urgent) => {
      const [card] = planCards(await view(patient(42, undefined, false, biopsyOrder(days))));
      const named = new RegExp(
        `^${urgent ? "Urgent: " : ""}Before the liver biopsy on \\d+ \\w+ \\d{4} \\(${far}\\): platelets 42 ×10⁹/L below 50`,
      );
      expect(card?.summary).toMatch(named);
    },
  );
});
