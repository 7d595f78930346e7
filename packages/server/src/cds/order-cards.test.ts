/**
 * order-sign / order-select: the stop/hold card appears for the right cases only — a draft of the
 * drug whose plan says hold, stop or withhold it; not for another drug, not for a drug the plan lets
 * continue, not for a drug that is not selected; a review card where the plan leaves it to the team.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  example,
  hookRequest,
  patientIdOf,
  prefetchFrom,
  type TestServer,
  testServer,
} from "../test-support/ehr.js";
import { OVERRIDE_REASON_SYSTEM } from "./policy.js";
import { type Card, CdsResponseSchema } from "./schemas.js";
import { ORDER_SIGN_SERVICE } from "./services.js";

const PATH = `/cds-services/${ORDER_SIGN_SERVICE}`;
const TTP = example("examples/ttp-nivolumab-anal-scc-gergi-2020.json");
const EVANS = example("examples/demo-evans-nivolumab.json");
const THROMBOSIS = example("examples/thrombosis-nivolumab-pulmonary-embolism-liao-2017.json");
const DIC_CART = example("examples/demo-dic-cart.json");
/** Teclistamab with CRS and a grade 3 neutropenia no disorder explains. */
const TECLISTAMAB = example("examples/control-teclistamab-crs-normal-coagulation.json");

let t: TestServer;
beforeAll(async () => {
  t = await testServer();
});
afterAll(() => t.server.close());

type Json = Record<string, unknown>;

function draft(id: string, medication: Json, patientId: string): Json {
  return {
    resource: {
      resourceType: "MedicationRequest",
      id,
      status: "draft",
      intent: "order",
      ...medication,
      subject: { reference: `Patient/${patientId}` },
    },
  };
}

const byText = (text: string) => ({ medicationCodeableConcept: { text } });

async function sign(
  b: Json,
  drafts: Json[],
  options: { hook?: string; selections?: string[]; patientId?: string | null } = {},
): Promise<Card[]> {
  const id = patientIdOf(b);
  const context: Json = { userId: "Practitioner/1", draftOrders: { resourceType: "Bundle", entry: drafts } };
  if (options.patientId !== null) context.patientId = options.patientId ?? id;
  if (options.selections !== undefined) context.selections = options.selections;
  const res = await t.server.app.inject({
    method: "POST",
    url: PATH,
    headers: { authorization: `Bearer ${await t.ehr.token(PATH)}` },
    payload: hookRequest(options.hook ?? "order-sign", context, { prefetch: prefetchFrom(b, id) }),
  });
  expect(res.statusCode).toBe(200);
  return CdsResponseSchema.parse(res.json()).cards;
}

describe("order-sign", () => {
  it("a draft nivolumab order for a patient with definite TTP on nivolumab: critical, hold, with the source", async () => {
    const id = patientIdOf(TTP);
    const [card, ...rest] = await sign(TTP, [draft("rx1", byText("Nivolumab 240 mg IV"), id)]);
    expect(rest).toEqual([]);
    expect(card?.indicator).toBe("critical");
    expect(card?.summary).toBe("Hold nivolumab: definite TTP, grade 2, on record (Schneider 2021)");
    expect(card?.detail).toContain("Hold the checkpoint inhibitor");
    expect(card?.source.url).toBe("https://doi.org/10.1200/JCO.21.01440");
    expect(
      card?.overrideReasons?.every((r) => r.system === OVERRIDE_REASON_SYSTEM && r.display.length > 0),
    ).toBe(true);
    expect(card?.selectionBehavior).toBe("at-most-one");
    expect(card?.suggestions?.[0]?.actions?.[0]).toEqual({
      type: "delete",
      description: "Remove the draft order of nivolumab",
      resourceId: "MedicationRequest/rx1",
    });
  });

  it("recognises the drug by its RxNorm code and in a contained Medication", async () => {
    const id = patientIdOf(TTP);
    const contained = {
      contained: [
        {
          resourceType: "Medication",
          id: "m",
          code: { coding: [{ system: "http://www.whocc.no/atc", code: "L01FF01" }] },
        },
      ],
      medicationReference: { reference: "#m" },
    };
    const cards = await sign(TTP, [draft("rx2", contained, id)]);
    expect(cards.map((c) => c.indicator)).toEqual(["critical"]);
  });

  it("a regimen drafted on one line (nivolumab + ipilimumab) is checked for each agent, not passed as no immunotherapy", async () => {
    const id = patientIdOf(TTP);
    const cards = await sign(TTP, [draft("rx9", byText("nivolumab 1 mg/kg + ipilimumab 3 mg/kg IV"), id)]);
    expect(cards.map((c) => c.summary)).toEqual([
      "Hold nivolumab: definite TTP, grade 2, on record (Schneider 2021)",
      "Hold ipilimumab: definite TTP, grade 2, on record (Schneider 2021)",
    ]);
    expect(cards.every((c) => c.indicator === "critical")).toBe(true);
  });

  it("no card for a draft of a drug that is no immunotherapy, and nothing is read", async () => {
    const id = patientIdOf(TTP);
    expect(await sign(TTP, [draft("rx3", byText("Amoxicillin 500 mg"), id)])).toEqual([]);
  });

  it("a permanent stop where the plan says so (Evans syndrome, haemolysis grade 4)", async () => {
    const id = patientIdOf(EVANS);
    const [card] = await sign(EVANS, [draft("rx4", byText("nivolumab"), id)]);
    expect(card?.summary).toMatch(/^Stop nivolumab permanently: definite Evans syndrome, grade 4, on record/);
  });

  it("no card when the plan lets the drug continue (thrombosis grade 3 on nivolumab)", async () => {
    const id = patientIdOf(THROMBOSIS);
    expect(await sign(THROMBOSIS, [draft("rx5", byText("nivolumab"), id)])).toEqual([]);
  });

  it("no card for the CAR-T product after its single infusion (nothing to hold)", async () => {
    const id = patientIdOf(DIC_CART);
    expect(await sign(DIC_CART, [draft("rx6", byText("axicabtagene ciloleucel"), id)])).toEqual([]);
  });

  it("a warning, not a stop, for another class the plan has no decision for (teclistamab after nivolumab TTP)", async () => {
    const id = patientIdOf(TTP);
    const [card] = await sign(TTP, [draft("rx7", byText("teclistamab"), id)]);
    expect(card?.indicator).toBe("warning");
    expect(card?.summary).toBe("Review before signing teclistamab: definite TTP, grade 2, on record");
    expect(card?.overrideReasons).toBeDefined();
    expect(card?.suggestions).toBeUndefined();
  });

  it("a warning before the next dose when a serious abnormality is unexplained and no finding bears on the drug", async () => {
    const id = patientIdOf(TECLISTAMAB);
    const [card, ...rest] = await sign(TECLISTAMAB, [draft("rx9", byText("teclistamab"), id)]);
    expect(rest).toEqual([]);
    expect(card?.indicator).toBe("warning");
    expect(card?.summary).toBe(
      "Review before signing teclistamab: a serious abnormality no disorder explains",
    );
    expect(card?.detail).toContain("Neutrophil count decreased, grade 3");
  });

  it("order-select: only the selected orders are checked", async () => {
    const id = patientIdOf(TTP);
    const drafts = [draft("a", byText("nivolumab"), id), draft("b", byText("paracetamol"), id)];
    expect(await sign(TTP, drafts, { hook: "order-select", selections: ["MedicationRequest/b"] })).toEqual(
      [],
    );
    const cards = await sign(TTP, drafts, { hook: "order-select", selections: ["MedicationRequest/a"] });
    expect(cards.map((c) => c.indicator)).toEqual(["critical"]);
  });

  it("takes the patient from the draft orders when the context names none", async () => {
    const id = patientIdOf(TTP);
    const cards = await sign(TTP, [draft("rx8", byText("nivolumab"), id)], { patientId: null });
    expect(cards.map((c) => c.indicator)).toEqual(["critical"]);
  });
});

/** `b` with its Patient recorded as deceased (`deceased` holds `deceasedDateTime` or `deceasedBoolean`). */
function withDeath(b: Json, deceased: Json): Json {
  const entry = (b.entry as { resource: Json }[]).map((e) =>
    e.resource.resourceType === "Patient" ? { ...e, resource: { ...e.resource, ...deceased } } : e,
  );
  return { ...b, entry };
}

describe("order-sign and order-select for a patient the record says has died", () => {
  // The TTP case's records end on 30 August 2019: a death after them leaves its findings whole.
  const DEAD = withDeath(TTP, { deceasedDateTime: "2019-09-15" });

  it("order-sign: a warning card naming the death, with the removal of the draft; no plan-based hold card after death", async () => {
    const id = patientIdOf(TTP);
    const [death, review, ...rest] = await sign(DEAD, [draft("rx1", byText("Nivolumab 240 mg IV"), id)]);
    expect(rest).toEqual([]);
    // The report of a deceased patient holds no plan (nothing is ordered after death): the finding still shows,
    // as a review marked [Deceased], and no hold card rests on a plan.
    expect(review?.summary).toBe(
      "[Deceased] Review before signing nivolumab: definite TTP, grade 2, on record",
    );
    expect(review?.suggestions).toBeUndefined();
    expect(death?.indicator).toBe("warning");
    expect(death?.source.topic?.code).toBe("deceased");
    expect(death?.summary).toBe(
      "Patient recorded as deceased on 2019-09-15: check the patient before signing nivolumab",
    );
    expect(death?.detail).toMatch(
      /^\*\*Patient recorded as deceased on 2019-09-15\.\*\* An order of nivolumab/,
    );
    expect(death?.detail).toContain("If the patient is alive, the record's death entry is wrong");
    expect(death?.detail).toContain("no plan is given after death");
    expect(death?.suggestions?.map((s) => s.label)).toEqual(["Remove the draft nivolumab order"]);
    expect(death?.suggestions?.[0]?.actions?.[0]).toMatchObject({
      type: "delete",
      resourceId: "MedicationRequest/rx1",
    });
  });

  it("order-select: the selected immunotherapy order of a deceased patient gets the warning; an unselected one nothing", async () => {
    const id = patientIdOf(TTP);
    const drafts = [draft("a", byText("nivolumab"), id), draft("b", byText("paracetamol"), id)];
    expect(await sign(DEAD, drafts, { hook: "order-select", selections: ["MedicationRequest/b"] })).toEqual(
      [],
    );
    const cards = await sign(DEAD, drafts, { hook: "order-select", selections: ["MedicationRequest/a"] });
    expect(cards.map((c) => [c.indicator, c.source.topic?.code])).toEqual([
      ["warning", "deceased"],
      ["warning", "immunotherapy-order"],
    ]);
  });

  it("warns even when nothing on record bears on the order, and for a death without a date", async () => {
    const id = patientIdOf(TTP);
    const cards = await sign(withDeath(TTP, { deceasedBoolean: true }), [
      draft("rx2", byText("pembrolizumab"), id),
    ]);
    expect(cards[0]?.summary).toBe(
      "Patient recorded as deceased (no date of death in the record): check the patient before signing pembrolizumab",
    );
    expect(cards.slice(1).every((c) => c.summary.startsWith("[Deceased] "))).toBe(true);
  });

  it("says nothing of death for a living patient's order", async () => {
    const id = patientIdOf(TTP);
    const cards = await sign(withDeath(TTP, { deceasedBoolean: false }), [
      draft("rx3", byText("nivolumab"), id),
    ]);
    expect(cards.some((c) => c.source.topic?.code === "deceased" || c.summary.startsWith("[Deceased]"))).toBe(
      false,
    );
  });
});
