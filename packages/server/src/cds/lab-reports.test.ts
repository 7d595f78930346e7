/**
 * Laboratory results sent as DiagnosticReports: a panel whose results are contained in the report, or
 * named by its `result` and included beside it (`_include=DiagnosticReport:result`), is read by the
 * core's FHIR adapter as the CLI reads it, from the prefetch or from the FHIR server; a report entered in
 * error takes its results with it (the core's withdrawn-report rule), whichever key carried them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  example,
  hookRequest,
  patientIdOf,
  prefetchFrom,
  resourcesOf,
  searchset,
  signedCall,
  startMockFhir,
  type TestServer,
  templates,
  testServer,
} from "../test-support/ehr.js";
import { CdsResponseSchema } from "./schemas.js";
import { PATIENT_VIEW_SERVICE } from "./services.js";

type Json = Record<string, unknown>;

const TTP = example("examples/ttp-nivolumab-anal-scc-gergi-2020.json");
const ID = patientIdOf(TTP);
const labs = () => resourcesOf(TTP).filter((r) => r.resourceType === "Observation");

let t: TestServer;
beforeAll(async () => {
  t = await testServer();
});
afterAll(async () => {
  await t.server.close();
});

const view = (prefetch: Json, extra: Json = {}) =>
  signedCall(
    t,
    "POST",
    `/cds-services/${PATIENT_VIEW_SERVICE}`,
    hookRequest("patient-view", { patientId: ID }, { prefetch, ...extra }),
  );

const topics = async (prefetch: Json, extra: Json = {}) => {
  const res = await view(prefetch, extra);
  expect(res.statusCode).toBe(200);
  return CdsResponseSchema.parse(res.json()).cards.map((c) => `${c.indicator} ${c.source.topic?.code}`);
};

/** The TTP case's labs as one DiagnosticReport: contained (`#lab0`) or named by reference. */
function panel(how: "contained" | "referenced", status = "final"): Json {
  const results = labs();
  return {
    resourceType: "DiagnosticReport",
    id: "panel1",
    status,
    subject: { reference: `Patient/${ID}` },
    code: { coding: [{ system: "http://loinc.org", code: "58410-2" }] },
    effectiveDateTime: "2019-08-26",
    ...(how === "contained" && { contained: results.map((r) => ({ ...r, subject: undefined })) }),
    result: results.map((r) => ({ reference: how === "contained" ? `#${r.id}` : `Observation/${r.id}` })),
  };
}

describe("laboratory results sent as a DiagnosticReport", () => {
  it("has a prefetch template of its own, with the report's results included", () => {
    expect(templates.reports).toBe(
      "DiagnosticReport?patient={{context.patientId}}&_include=DiagnosticReport:result",
    );
  });

  it("finds the TTP from a report whose results are contained, as from the same results sent as Observations", async () => {
    const asObservations = await topics(prefetchFrom(TTP, ID));
    expect(asObservations).toContain("critical ttp");
    const asReport = await topics({
      ...prefetchFrom(TTP, ID),
      labs: searchset([]),
      reports: searchset([panel("contained")]),
    });
    expect(asReport).toEqual(asObservations);
    // Without the report the labs are gone: the finding rests on them.
    const none = await topics({ ...prefetchFrom(TTP, ID), labs: searchset([]), reports: searchset([]) });
    expect(none).not.toContain("critical ttp");
  });

  it("reads the results a report names and the FHIR server includes beside it", async () => {
    const fhir = await startMockFhir({
      resourceType: "Bundle",
      entry: [...resourcesOf(TTP), panel("referenced")].map((resource) => ({ resource })),
    });
    try {
      const prefetch: Json = { ...prefetchFrom(TTP, ID), labs: searchset([]) };
      delete prefetch.reports;
      const cards = await topics(prefetch, { fhirServer: fhir.url });
      expect(cards).toContain("critical ttp");
      expect(fhir.requests).toEqual([
        `/fhir/DiagnosticReport?patient=${ID}&_include=DiagnosticReport:result`,
      ]);
    } finally {
      await fhir.close();
    }
  });

  it("does not read results withdrawn with their report (entered in error), though the labs key sent them", async () => {
    const cards = await topics({
      ...prefetchFrom(TTP, ID),
      reports: searchset([panel("referenced", "entered-in-error")]),
    });
    expect(cards).not.toContain("critical ttp");
  });

  it("names the reports among the data not read when there is neither prefetch nor FHIR server for them", async () => {
    const prefetch = prefetchFrom(TTP, ID);
    delete prefetch.reports;
    const res = await view(prefetch);
    const gap = CdsResponseSchema.parse(res.json()).cards.find((c) => c.source.topic?.code === "data-gaps");
    expect(gap?.detail).toContain("Laboratory reports: not in the prefetch");
  });
});
