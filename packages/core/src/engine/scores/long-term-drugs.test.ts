/**
 * The HScore's "known underlying immunosuppression" read from drug records (hscore.yaml longTermDrugs): a
 * ciclosporin, tacrolimus, azathioprine or mycophenolate course first charted 28 days or more before the
 * scoring time and still taken in the 7 days before it, from each FHIR medication resource as from CSV rows.
 */
import { describe, expect, it } from "vitest";
import { testKnowledge } from "../../../../../test/support/knowledge.js";
import { ingestFhir } from "../../adapters/fhir/ingest.js";
import { longTermCourses } from "./inputs.js";

const RULE = {
  contextRoles: ["immunosuppressant" as const],
  minDays: 28,
  currentDays: 7,
  note: "engine choice",
};
const AT = "2024-03-01T08:00:00Z";
const t = Date.parse(AT);
const { vocabulary } = testKnowledge();

function read(resource: Record<string, unknown>) {
  const r = ingestFhir(
    {
      resourceType: "Bundle",
      type: "collection",
      entry: [
        { resourceType: "Patient", id: "p1" },
        { subject: { reference: "Patient/p1" }, ...resource },
      ].map((x) => ({ resource: x })),
    },
    { vocabulary, evaluatedAt: "2024-04-01T00:00:00Z" },
  );
  const record = r.patients[0];
  if (record === undefined) throw new Error("no patient");
  return record;
}

describe("long-term immunosuppressant courses from FHIR medication records", () => {
  it("reads a MedicationStatement taken since 60 days before, a MedicationRequest ordered 30 days before and still active", () => {
    const statement = read({
      resourceType: "MedicationStatement",
      id: "s",
      status: "active",
      medicationCodeableConcept: { text: "tacrolimus 2 mg twice daily" },
      effectivePeriod: { start: "2024-01-01" },
    });
    expect(longTermCourses(statement, RULE, t)).toEqual(["MedicationStatement/s"]);
    const request = read({
      resourceType: "MedicationRequest",
      id: "r",
      status: "active",
      intent: "order",
      medicationCodeableConcept: { text: "mycophenolate mofetil" },
      authoredOn: "2024-01-31",
    });
    expect(longTermCourses(request, RULE, t)).toEqual(["MedicationRequest/r"]);
  });

  it("does not read a course begun 27 days before, nor one ended 8 days before, nor a corticosteroid", () => {
    const recent = read({
      resourceType: "MedicationStatement",
      id: "s",
      status: "active",
      medicationCodeableConcept: { text: "azathioprine" },
      effectivePeriod: { start: "2024-02-03T08:00:00Z" },
    });
    expect(longTermCourses(recent, RULE, t)).toEqual([]);
    const stopped = read({
      resourceType: "MedicationAdministration",
      id: "a",
      status: "completed",
      medicationCodeableConcept: { text: "ciclosporin" },
      effectivePeriod: { start: "2023-06-01", end: "2024-02-22T08:00:00Z" },
    });
    expect(longTermCourses(stopped, RULE, t)).toEqual([]);
    const steroid = read({
      resourceType: "MedicationStatement",
      id: "d",
      status: "active",
      medicationCodeableConcept: { text: "prednisone 20 mg daily" },
      effectivePeriod: { start: "2023-06-01" },
    });
    expect(longTermCourses(steroid, RULE, t)).toEqual([]);
  });

  it("reads an administration course ended within 7 days (an OMOP drug_exposure's start and end) as current", () => {
    const course = read({
      resourceType: "MedicationAdministration",
      id: "a",
      status: "completed",
      medicationCodeableConcept: { text: "ciclosporin" },
      effectivePeriod: { start: "2023-06-01", end: "2024-02-23T08:00:00Z" },
    });
    expect(longTermCourses(course, RULE, t)).toEqual(["MedicationAdministration/a"]);
  });
});

describe("long-term glucocorticoid courses (hscore.yaml: daily, hydrocortisone not read)", () => {
  const STEROID = {
    contextRoles: ["corticosteroid" as const],
    exceptDrugs: ["hydrocortisone"],
    minDays: 28,
    currentDays: 7,
    maxGapDays: 2,
    note: "engine choice",
  };
  const statement = (text: string) =>
    read({
      resourceType: "MedicationStatement",
      id: "s",
      status: "active",
      medicationCodeableConcept: { text },
      effectivePeriod: { start: "2023-12-01" },
    });

  it("reads prednisone taken since three months before, with or without a dose in the text", () => {
    expect(longTermCourses(statement("prednisone 20 mg daily"), STEROID, t)).toEqual([
      "MedicationStatement/s",
    ]);
    expect(longTermCourses(statement("prednisone"), STEROID, t)).toEqual(["MedicationStatement/s"]);
  });

  it("does not read hydrocortisone taken as long (a replacement)", () => {
    expect(longTermCourses(statement("hydrocortisone 10 mg twice daily"), STEROID, t)).toEqual([]);
  });

  it("joins records two days apart into one course and breaks it at a three-day gap", () => {
    const doses = (days: readonly number[]) => ({
      contextDrugs: days.map((d, i) => {
        const at = new Date(t + d * 86_400_000).toISOString();
        return {
          ref: `MedicationAdministration/${i}`,
          drug: "prednisolone",
          roles: ["corticosteroid" as const],
          start: at,
          end: at,
        };
      }),
    });
    const every2 = [-30, -28, -26, -24, -22, -20, -18, -16, -14, -12, -10, -8, -6, -4, -2];
    expect(longTermCourses(doses(every2), STEROID, t)).toHaveLength(every2.length);
    expect(longTermCourses(doses([-32, -29, -26, -23, -20, -17, -14, -11, -8, -5, -2]), STEROID, t)).toEqual(
      [],
    );
  });
});
