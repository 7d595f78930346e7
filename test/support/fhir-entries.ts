/** FHIR bundle entries the end-to-end tests build patients from (R4 shapes, as an EHR export sends them). */

/** A completed pembrolizumab administration of `Patient/p1` on `on`, as a bundle entry. */
export function pembrolizumabDose(id: string, on: string) {
  return {
    resource: {
      resourceType: "MedicationAdministration",
      id,
      status: "completed",
      medicationCodeableConcept: { text: "pembrolizumab" },
      subject: { reference: "Patient/p1" },
      effectiveDateTime: on,
    },
  };
}
