/**
 * Bad and messy prefetch through the patient-view service: a deceased patient, a prefetch missing or
 * holding errors, duplicate resources, resources of another patient, dates with and without time zones,
 * a large bundle. Each answer is a valid CDS Hooks response (or the specification's error status with a
 * specific detail), and no patient data reaches the log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  example,
  hookRequest,
  patientIdOf,
  prefetchFrom,
  resourcesOf,
  signedCall,
  type TestServer,
  testServer,
} from "../test-support/ehr.js";
import { CdsResponseSchema } from "./schemas.js";
import { PATIENT_VIEW_SERVICE } from "./services.js";

type Json = Record<string, unknown>;

const TTP = example("examples/ttp-nivolumab-anal-scc-gergi-2020.json");
const ID = patientIdOf(TTP);

let t: TestServer;
beforeAll(async () => {
  t = await testServer();
});
afterAll(async () => {
  await t.server.close();
});

const view = (prefetch: Json) =>
  signedCall(
    t,
    "POST",
    `/cds-services/${PATIENT_VIEW_SERVICE}`,
    hookRequest("patient-view", { patientId: ID }, { prefetch }),
  );

const cardsOf = (res: { statusCode: number; json(): unknown }) => {
  expect(res.statusCode).toBe(200);
  return CdsResponseSchema.parse(res.json()).cards;
};

/** The prefetch of the TTP case with the Patient replaced by `patient`. */
const withPatient = (patient: Json): Json => ({ ...prefetchFrom(TTP, ID), patient });
const thePatient = () => structuredClone(resourcesOf(TTP).find((r) => r.resourceType === "Patient")) as Json;

describe("a deceased patient", () => {
  it("opens with a warning card naming the death, marks each finding card and offers no test to order", async () => {
    const cards = cardsOf(await view(withPatient({ ...thePatient(), deceasedDateTime: "2020-01-05" })));
    expect(cards[0]?.indicator).toBe("warning");
    expect(cards[0]?.source.topic?.code).toBe("deceased");
    expect(cards[0]?.summary).toBe(
      "Patient recorded as deceased on 2020-01-05: findings describe the record, not a patient to treat",
    );
    const ttp = cards.find((c) => c.source.topic?.code === "ttp");
    expect(ttp?.summary).toMatch(/^\[Deceased\] Definite TTP/);
    expect(ttp?.detail).toMatch(
      /^\*\*Patient recorded as deceased on 2020-01-05\.\*\* This evaluation is after death/,
    );
    expect(cards.every((c) => c.suggestions === undefined)).toBe(true);
  });

  it("reads deceasedBoolean alone as a death without a date", async () => {
    const cards = cardsOf(await view(withPatient({ ...thePatient(), deceasedBoolean: true })));
    expect(cards[0]?.summary).toMatch(/^Patient recorded as deceased \(no date of death in the record\)/);
  });

  it("says nothing of death for a living patient", async () => {
    const cards = cardsOf(await view(withPatient({ ...thePatient(), deceasedBoolean: false })));
    expect(cards.some((c) => c.source.topic?.code === "deceased")).toBe(false);
  });
});
