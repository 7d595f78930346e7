/**
 * Bad and messy prefetch through the patient-view service: a deceased patient, a prefetch missing or
 * holding errors, duplicate resources, resources of another patient, dates with and without time zones,
 * a large bundle. Each answer is a valid CDS Hooks response (or the specification's error status with a
 * specific detail), and no patient data reaches the log.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hostileJson, mutate } from "../../../../test/support/mutate.js";
import {
  example,
  hookRequest,
  patientIdOf,
  patientViewRequest,
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

describe("messy prefetch", () => {
  it("without any prefetch or FHIR server answers 412 naming what could not be read", async () => {
    const res = await signedCall(
      t,
      "POST",
      `/cds-services/${PATIENT_VIEW_SERVICE}`,
      hookRequest("patient-view", { patientId: ID }),
    );
    expect(res.statusCode).toBe(412);
    expect(res.json().detail).toMatch(/^the patient's medication history could not be read/);
  });

  it("reads an OperationOutcome in place of a key, or inside its Bundle, as a gap card, never as 'nothing found'", async () => {
    const outcome = { resourceType: "OperationOutcome", issue: [{ severity: "error", code: "timeout" }] };
    const base = prefetchFrom(TTP, ID);
    const labs = base.labs as Json;
    const cards = cardsOf(
      await view({
        ...base,
        conditions: outcome,
        labs: { ...labs, entry: [...(labs.entry as unknown[]), { resource: outcome }] },
      }),
    );
    const gap = cards.find((c) => c.source.topic?.code === "data-gaps");
    expect(gap?.indicator).toBe("info");
    expect(gap?.detail).toMatch(/the EHR sent an error \(OperationOutcome\) instead of the data/);
    expect(gap?.summary).toMatch(/\(in part\)/);
  });

  it("reads optional fields sent as null (encounterId, userId, fhirServer, extension) as absent, not as a bad request", async () => {
    const call = (context: Json, extra: Json) =>
      signedCall(
        t,
        "POST",
        `/cds-services/${PATIENT_VIEW_SERVICE}`,
        hookRequest("patient-view", context, { prefetch: prefetchFrom(TTP, ID), ...extra }),
      );
    const plain = cardsOf(await call({ patientId: ID }, {}));
    const nulls = cardsOf(
      await call(
        { patientId: ID, userId: null, encounterId: null },
        { fhirServer: null, fhirAuthorization: null, extension: null },
      ),
    );
    expect(nulls.map((c) => [c.indicator, c.summary])).toEqual(plain.map((c) => [c.indicator, c.summary]));
    expect(plain[0]?.source.topic?.code).toBe("ttp");
  });

  it("answers a patientId sent as null as one that is missing: the card saying the request names no patient", async () => {
    const nulled = await signedCall(
      t,
      "POST",
      `/cds-services/${PATIENT_VIEW_SERVICE}`,
      hookRequest("patient-view", { userId: "Practitioner/1", patientId: null }, { prefetch: null }),
    );
    const cards = cardsOf(nulled);
    expect(cards.map((c) => [c.indicator, c.source.topic?.code])).toEqual([["info", "no-patient"]]);
    // A required field sent as null is still refused, as a missing one.
    const noContext = await signedCall(t, "POST", `/cds-services/${PATIENT_VIEW_SERVICE}`, {
      hook: "patient-view",
      hookInstance: "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
      context: null,
    });
    expect(noContext.statusCode).toBe(400);
    expect(noContext.json().detail).toMatch(/context/);
  });

  it("assesses the context's patient when the EHR left the Patient template unanswered and names no FHIR server", async () => {
    const { patient: _left, ...rest } = prefetchFrom(TTP, ID);
    const cards = cardsOf(await view(rest));
    // The records name Patient/{patientId}: they are this patient's, not another's.
    expect(cards.some((c) => c.source.topic?.code === "other-patient-data")).toBe(false);
    const ttp = cards.find((c) => c.source.topic?.code === "ttp");
    expect(ttp?.indicator).toBe("critical");
    expect(ttp?.summary).toMatch(/^Definite TTP/);
    const gap = cards.find((c) => c.source.topic?.code === "data-gaps");
    expect(gap?.detail).toMatch(/Patient demographics: not in the prefetch/);
  });

  it("gives the same cards for a prefetch whose resources are all sent twice", async () => {
    const base = prefetchFrom(TTP, ID);
    const twice = Object.fromEntries(
      Object.entries(base).map(([k, v]) => {
        const b = v as Json | null;
        return [
          k,
          b?.resourceType === "Bundle"
            ? { ...b, entry: [...((b.entry as []) ?? []), ...((b.entry as []) ?? [])] }
            : b,
        ];
      }),
    );
    const summaries = (cs: { summary: string; indicator: string }[]) =>
      cs.map((c) => [c.indicator, c.summary]);
    expect(summaries(cardsOf(await view(twice)))).toEqual(summaries(cardsOf(await view(base))));
  });

  it("does not read another patient's resources into this patient's cards, and says they were left out", async () => {
    const base = prefetchFrom(TTP, ID);
    const labs = base.labs as Json;
    const stranger = {
      resourceType: "Observation",
      id: "stranger-platelets",
      status: "final",
      code: { coding: [{ system: "http://loinc.org", code: "777-3" }] },
      subject: { reference: "Patient/someone-else" },
      effectiveDateTime: "2019-01-01T08:00:00Z",
      valueQuantity: { value: 3, unit: "10*9/L", system: "http://unitsofmeasure.org", code: "10*9/L" },
    };
    const res = await view({
      ...base,
      labs: { ...labs, entry: [...(labs.entry as []), { resource: stranger }] },
    });
    const cards = cardsOf(res);
    expect(cards.map((c) => [c.indicator, c.source.topic?.code])).toEqual([
      ["warning", "other-patient-data"],
      ["critical", "ttp"],
    ]);
    expect(cards[0]?.summary).toBe(
      "1 record sent for this patient names another patient or none, and was not read",
    );
    // The TTP card is the same as without the stranger's count of 3.
    const plain = cardsOf(await view(base));
    expect(cards[1]?.detail).toBe(plain[0]?.detail);
    // The log says how many, never whose.
    expect(t.log.text()).not.toContain("someone-else");
    expect(t.log.text()).not.toContain("stranger-platelets");
    expect(t.log.lines.some((l) => l.otherPatientRecords === 1)).toBe(true);
  });

  it("answers a large prefetch (20 000 lab results) or refuses it with a specific status, never a 500", async () => {
    const base = prefetchFrom(TTP, ID);
    const labs = base.labs as Json;
    const many = Array.from({ length: 20_000 }, (_, i) => ({
      resource: {
        resourceType: "Observation",
        id: `bulk-${i}`,
        status: "final",
        code: { coding: [{ system: "http://loinc.org", code: "777-3" }] },
        subject: { reference: `Patient/${ID}` },
        effectiveDateTime: new Date(Date.UTC(2015, 0, 1) + i * 3_600_000).toISOString(),
        valueQuantity: { value: 250, unit: "10*9/L", system: "http://unitsofmeasure.org", code: "10*9/L" },
      },
    }));
    const res = await view({ ...base, labs: { ...labs, entry: [...(labs.entry as []), ...many] } });
    expect([200, 413]).toContain(res.statusCode);
    if (res.statusCode === 200) CdsResponseSchema.parse(res.json());
    else expect(res.json().detail).toBeTruthy();
  }, 60_000);

  it("property: any node of the request replaced by a value of the wrong shape, or removed, is answered with a valid response or a 4xx naming why, never a 500", async () => {
    const request = patientViewRequest(TTP);
    await fc.assert(
      fc.asyncProperty(
        fc.nat(1500),
        fc.option(hostileJson, { nil: undefined }),
        async (pick, replacement) => {
          const body = JSON.stringify(mutate(request, pick, replacement) ?? null);
          const res = await signedCall(t, "POST", `/cds-services/${PATIENT_VIEW_SERVICE}`, body, {
            "content-type": "application/json",
          });
          expect([200, 400, 412]).toContain(res.statusCode);
          if (res.statusCode === 200) CdsResponseSchema.parse(res.json());
          else expect(res.json().detail).toBeTruthy();
        },
      ),
      { numRuns: 25 },
    );
  }, 60_000);
});
