/**
 * Feedback as an EHR sends it (CDS Hooks "Feedback"): accepted and overridden outcomes with override
 * reasons, stored in the DuckDB file, still there after a restart, and summarised as override rates per
 * card type; a document that is not feedback is refused, naming the field.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../../../../test/support/temp.js";
import { OVERRIDE_REASONS } from "../cds/policy.js";
import { type Card, CdsResponseSchema } from "../cds/schemas.js";
import { ORDER_SIGN_SERVICE, PATIENT_VIEW_SERVICE } from "../cds/services.js";
import {
  createEhr,
  type Ehr,
  example,
  orderSignRequest,
  patientViewRequest,
  signedCall,
  type TestServer,
  testServer,
} from "../test-support/ehr.js";
import { FeedbackSummarySchema } from "./store.js";

const TTP = example("examples/ttp-nivolumab-anal-scc-gergi-2020.json");
/** A possible ITP whose card suggests work-up orders. */
const ITP = example("examples/itp-pembrolizumab-nsclc-mouri-2020.json");
const AT = "2026-11-01T10:00:00Z";
const dir = tempDir("feedback-");
const STORE = join(dir, "feedback.duckdb");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Json = Record<string, unknown>;

const post = (t: TestServer, path: string, payload: Json) => signedCall(t, "POST", path, payload);

async function summary(t: TestServer) {
  const res = await signedCall(t, "GET", "/api/feedback/summary");
  expect(res.statusCode).toBe(200);
  return FeedbackSummarySchema.parse(res.json());
}

async function patientView(t: TestServer): Promise<Card[]> {
  const res = await post(t, `/cds-services/${PATIENT_VIEW_SERVICE}`, patientViewRequest(ITP));
  return CdsResponseSchema.parse(res.json()).cards;
}

async function orderSign(t: TestServer): Promise<Card[]> {
  const res = await post(
    t,
    `/cds-services/${ORDER_SIGN_SERVICE}`,
    orderSignRequest(TTP, { rx1: "nivolumab" }),
  );
  return CdsResponseSchema.parse(res.json()).cards;
}

const reason = OVERRIDE_REASONS[1] as (typeof OVERRIDE_REASONS)[number];

describe("feedback", () => {
  let ehr: Ehr;
  let overriddenCard = "";

  it("stores accepted and overridden outcomes and reports override rates per card type", async () => {
    ehr = await createEhr();
    const t = await testServer({ ehr, config: { feedback: { path: STORE } } });
    try {
      const [itp] = await patientView(t);
      const [hold] = await orderSign(t);
      const [hold2] = await orderSign(t);
      expect(hold?.indicator).toBe("critical");
      overriddenCard = String(hold?.uuid);
      const suggestion = itp?.suggestions?.[0]?.uuid;
      expect(suggestion).toBeDefined();
      const accepted = await post(t, `/cds-services/${PATIENT_VIEW_SERVICE}/feedback`, {
        feedback: [
          {
            card: itp?.uuid,
            outcome: "accepted",
            acceptedSuggestions: [{ id: suggestion }],
            outcomeTimestamp: AT,
          },
        ],
      });
      expect(accepted.json()).toEqual({ stored: 1 });
      const overridden = await post(t, `/cds-services/${ORDER_SIGN_SERVICE}/feedback`, {
        feedback: [
          {
            card: hold?.uuid,
            outcome: "overridden",
            overrideReason: {
              reason: { code: reason.code, system: reason.system },
              userComment: "discussed at the tumour board",
            },
            outcomeTimestamp: AT,
          },
          {
            card: hold2?.uuid,
            outcome: "accepted",
            acceptedSuggestions: [{ id: hold2?.suggestions?.[0]?.uuid }],
            outcomeTimestamp: AT,
          },
        ],
      });
      expect(overridden.json()).toEqual({ stored: 2 });
      const byType = Object.fromEntries((await summary(t)).cardTypes.map((c) => [c.cardType, c]));
      expect(byType["finding-itp"]).toMatchObject({ issued: 1, accepted: 1, overridden: 0, overrideRate: 0 });
      expect(byType["order-hold"]).toEqual({
        cardType: "order-hold",
        issued: 2,
        accepted: 1,
        overridden: 1,
        overrideRate: 0.5,
        reasons: [{ code: reason.code, count: 1 }],
      });
    } finally {
      await t.server.close();
    }
  });

  it("survives a restart: the same file, the same summary; the latest outcome of a card counts", async () => {
    const t = await testServer({ ehr, config: { feedback: { path: STORE } } });
    try {
      const before = Object.fromEntries((await summary(t)).cardTypes.map((c) => [c.cardType, c]));
      expect(before["order-hold"]?.overrideRate).toBe(0.5);
      expect(before["order-hold"]?.reasons).toEqual([{ code: reason.code, count: 1 }]);
      // A second outcome for a card reported before: the latest one counts.
      await post(t, `/cds-services/${ORDER_SIGN_SERVICE}/feedback`, {
        feedback: [
          {
            card: overriddenCard,
            outcome: "accepted",
            acceptedSuggestions: [{ id: "s" }],
            outcomeTimestamp: AT,
          },
        ],
      });
      const after = Object.fromEntries((await summary(t)).cardTypes.map((c) => [c.cardType, c]));
      expect(after["order-hold"]).toMatchObject({ issued: 2, accepted: 2, overridden: 0, overrideRate: 0 });
    } finally {
      await t.server.close();
    }
  });

  it("counts feedback on cards the store never issued under `unknown`", async () => {
    const t = await testServer({ config: { feedback: { path: ":memory:" } } });
    try {
      await post(t, `/cds-services/${PATIENT_VIEW_SERVICE}/feedback`, {
        feedback: [{ card: "not-ours", outcome: "overridden", outcomeTimestamp: AT }],
      });
      expect((await summary(t)).cardTypes).toEqual([
        { cardType: "unknown", issued: 0, accepted: 0, overridden: 1, overrideRate: 1, reasons: [] },
      ]);
    } finally {
      await t.server.close();
    }
  });

  it("stores feedback carrying extensions and unknown fields, and a timestamp with an offset, as the spec's examples send it", async () => {
    const t = await testServer({ config: { feedback: { path: ":memory:" } } });
    try {
      const [card] = await patientView(t);
      const res = await post(t, `/cds-services/${PATIENT_VIEW_SERVICE}/feedback`, {
        feedback: [
          {
            card: card?.uuid,
            outcome: "overridden",
            overrideReason: {
              reason: { code: "d7ecf885", system: "https://example.com/cds-hooks/override-reason-system" },
            },
            outcomeTimestamp: "2020-12-11T00:00:00.52+00:00",
            extension: { "com.example.ui": "banner" },
          },
        ],
        extension: { "com.example.client": "ehr-7" },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ stored: 1 });
      expect((await summary(t)).cardTypes.find((c) => c.cardType.startsWith("finding-"))).toMatchObject({
        overridden: 1,
        reasons: [{ code: "d7ecf885", count: 1 }],
      });
      // Feedback is JSON: a text body is refused before it is read (415), not answered as a bad document.
      const text = await signedCall(
        t,
        "POST",
        `/cds-services/${PATIENT_VIEW_SERVICE}/feedback`,
        JSON.stringify({ feedback: [{ card: "c", outcome: "overridden", outcomeTimestamp: AT }] }),
        { "content-type": "text/plain" },
      );
      expect(text.statusCode).toBe(415);
    } finally {
      await t.server.close();
    }
  });

  it("refuses what is not a feedback document (400, naming the field) and an unknown service (404)", async () => {
    const t = await testServer({ config: { feedback: { path: ":memory:" } } });
    try {
      const bad = await post(t, `/cds-services/${PATIENT_VIEW_SERVICE}/feedback`, {
        feedback: [{ card: "c", outcome: "maybe", outcomeTimestamp: AT }],
      });
      expect(bad.statusCode).toBe(400);
      expect((bad.json() as Json).detail).toMatch(/^not a feedback document: feedback\.0\.outcome/);
      const unknown = await post(t, "/cds-services/nothing/feedback", {
        feedback: [{ card: "c", outcome: "overridden", outcomeTimestamp: AT }],
      });
      expect(unknown.statusCode).toBe(404);
    } finally {
      await t.server.close();
    }
  });
});
