/**
 * The draft MedicationRequests of an order-sign or order-select context and the catalogue drug each names,
 * matched as the FHIR adapter matches the record's drugs (RxNorm, ATC, then names in the text).
 */
import { type Knowledge, type MedicationMatch, toConcept } from "@hemosentinel/core";
import type { CodeableConcept } from "@medplum/fhirtypes";
import { isRecord } from "./fhir-client.js";
import type { OrderContext, Resource } from "./schemas.js";

/** The medication a draft order names: inline, or a contained Medication, or the reference's display. */
export function medicationOf(order: Resource): CodeableConcept | undefined {
  if (isRecord(order.medicationCodeableConcept)) return order.medicationCodeableConcept as CodeableConcept;
  const reference = isRecord(order.medicationReference) ? order.medicationReference : undefined;
  if (reference === undefined) return undefined;
  const target = typeof reference.reference === "string" ? reference.reference : undefined;
  if (target?.startsWith("#")) {
    const contained = Array.isArray(order.contained) ? order.contained : [];
    const medication = contained.find((c) => isRecord(c) && `#${String(c.id)}` === target);
    if (isRecord(medication) && isRecord(medication.code)) return medication.code as CodeableConcept;
  }
  return typeof reference.display === "string" ? { text: reference.display } : undefined;
}

/**
 * The catalogue drug of each draft MedicationRequest of the context (for order-select, only the selected
 * ones), matched as the FHIR adapter matches the record's drugs; drafts of no catalogue drug are left out.
 */
export function draftMedications(
  context: OrderContext,
  knowledge: Knowledge,
): { readonly ref?: string; readonly match: MedicationMatch }[] {
  const selected = context.selections === undefined ? undefined : new Set(context.selections);
  const out: { ref?: string; match: MedicationMatch }[] = [];
  for (const entry of context.draftOrders.entry ?? []) {
    const order = entry.resource;
    if (order?.resourceType !== "MedicationRequest") continue;
    const ref = typeof order.id === "string" ? `MedicationRequest/${order.id}` : undefined;
    if (selected !== undefined && (ref === undefined || !selected.has(ref))) continue;
    const match = knowledge.vocabulary.medication(toConcept(medicationOf(order)));
    if (match !== undefined) out.push({ ...(ref !== undefined && { ref }), match });
  }
  return out;
}
