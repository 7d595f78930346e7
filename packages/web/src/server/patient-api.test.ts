/** The server's answer for `/patients/{id}`: shown only when it follows the contract, else said why. */

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../test/support/knowledge.js";
import { assessDocuments } from "../engine/assess-documents.js";
import { fetchPatientAssessment, patientPath } from "./patient-api.js";

const example = readFileSync(new URL("../../../../examples/demo-dic-cart.json", import.meta.url), "utf8");
const assessment = assessDocuments(testKnowledge(), [{ name: "demo-dic-cart.json", text: example }], {
  evaluatedAt: "2026-11-01T23:59:59Z",
  version: "0.1.0",
}).assessments[0];

/** A fetch that answers every request with `status`, `body` and `type`, and records the URLs asked. */
function answering(status: number, body: string, type = "application/json") {
  const asked: string[] = [];
  const fetcher = (async (url: string) => {
    asked.push(url);
    return new Response(body, { status, headers: { "content-type": type } });
  }) as unknown as typeof fetch;
  return { fetcher, asked };
}

describe("fetchPatientAssessment", () => {
  it("asks for the patient by its escaped id and returns the assessment that follows the contract", async () => {
    const { fetcher, asked } = answering(200, JSON.stringify(assessment));
    const answer = await fetchPatientAssessment("demo-dic-cart", fetcher);
    expect(asked).toEqual(["/api/patients/demo-dic-cart"]);
    expect(patientPath("a/b c")).toBe("/api/patients/a%2Fb%20c");
    expect(patientPath("p1", "t/k+n")).toBe("/api/patients/p1?access=t%2Fk%2Bn");
    expect(answer.ok).toBe(true);
    if (answer.ok) expect(answer.assessment.patient.findings[0]?.disorder).toBe("dic");
  });

  it("passes a CDS card link's access token on to the server", async () => {
    const { fetcher, asked } = answering(200, JSON.stringify(assessment));
    await fetchPatientAssessment("demo-dic-cart", fetcher, "tok");
    expect(asked).toEqual(["/api/patients/demo-dic-cart?access=tok"]);
  });

  it("shows the server's problem document as it is", async () => {
    const problem = { title: "No assessment of this patient", status: 404, detail: "Nothing for p1." };
    const { fetcher } = answering(404, JSON.stringify(problem), "application/problem+json");
    await expect(fetchPatientAssessment("p1", fetcher)).resolves.toEqual({
      ok: false,
      status: 404,
      title: "No assessment of this patient",
      detail: "Nothing for p1.",
    });
  });

  it("names an error without a problem document by its HTTP status", async () => {
    const { fetcher } = answering(502, "bad gateway", "text/plain");
    await expect(fetchPatientAssessment("p1", fetcher)).resolves.toEqual({
      ok: false,
      status: 502,
      title: "The server answered HTTP 502",
    });
  });

  it("refuses an answer that does not follow the contract, naming the first field wrong", async () => {
    const broken = { ...assessment, patient: { ...assessment?.patient, findings: "none" } };
    const { fetcher } = answering(200, JSON.stringify(broken));
    const answer = await fetchPatientAssessment("p1", fetcher);
    expect(answer).toMatchObject({
      ok: false,
      status: 200,
      title: "The server's answer does not follow the assessment contract",
    });
    expect(answer.ok ? "" : answer.detail).toMatch(/at patient\.findings$/);
  });

  it("says so when the answer is not JSON or the server cannot be reached", async () => {
    const { fetcher } = answering(200, "<html></html>", "text/html");
    await expect(fetchPatientAssessment("p1", fetcher)).resolves.toMatchObject({
      ok: false,
      title: "The server's answer is not JSON",
    });
    const offline = (async () => {
      throw new TypeError("Failed to fetch");
    }) as unknown as typeof fetch;
    await expect(fetchPatientAssessment("p1", offline)).resolves.toEqual({
      ok: false,
      title: "The server could not be reached",
      detail: "Failed to fetch",
    });
  });
});
