/**
 * The draft orders of an order-sign or order-select context: the MedicationRequests and the catalogue drug
 * each names, matched as the FHIR adapter matches the record's drugs (RxNorm, ATC, then names in the
 * text); and the blood products a draft ServiceRequest (or a MedicationRequest of no catalogue drug) orders,
 * named by a SNOMED CT code or by words (knowledge/order-avoids.yaml `products`).
 */
import {
  type Knowledge,
  type MedicationMatch,
  type OrderAvoidProduct,
  type OrderNotice,
  type OrderReason,
  plannedProcedureEvent,
  toConcept,
} from "@hemosentinel/core";
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

/** The draft orders of `type` of the context: for order-select, only the selected ones. */
function draftsOf(
  context: OrderContext,
  type: string,
): { readonly ref?: string; readonly order: Resource }[] {
  const selected = context.selections === undefined ? undefined : new Set(context.selections);
  const out: { ref?: string; order: Resource }[] = [];
  for (const entry of context.draftOrders.entry ?? []) {
    const order = entry.resource;
    if (order?.resourceType !== type) continue;
    const ref = typeof order.id === "string" ? `${type}/${order.id}` : undefined;
    if (selected !== undefined && (ref === undefined || !selected.has(ref))) continue;
    out.push({ ...(ref !== undefined && { ref }), order });
  }
  return out;
}

/**
 * The catalogue drugs of each draft MedicationRequest of the context (for order-select, only the selected
 * ones), matched as the FHIR adapter matches the record's drugs: one entry per drug, so that a regimen
 * drafted on one line ("nivolumab + ipilimumab") is checked for each agent; drafts of no catalogue drug
 * are left out.
 */
export function draftMedications(
  context: OrderContext,
  knowledge: Knowledge,
): { readonly ref?: string; readonly order: Resource; readonly match: MedicationMatch }[] {
  return draftsOf(context, "MedicationRequest").flatMap(({ ref, order }) => {
    const matches = knowledge.vocabulary.medications(toConcept(medicationOf(order)));
    return matches.map((match) => ({ ...(ref !== undefined && { ref }), order, match }));
  });
}

/** Lower case, every run of other characters one space, padded: whole-word search by `includes`. */
function words(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()} `;
}

/** SNOMED CT's laboratory procedure: a blood count ServiceRequest is not a transfusion. */
const LABORATORY = "108252007";
const LOINC = "http://loinc.org";

function isLaboratory(order: Resource): boolean {
  const categories = Array.isArray(order.category) ? order.category : [];
  return categories.some(
    (c) =>
      isRecord(c) && Array.isArray(c.coding) && c.coding.some((x) => isRecord(x) && x.code === LABORATORY),
  );
}

/** The product a concept names: by code first, then by words that no `exclude` phrase overrides. */
function productOf<P extends Pick<OrderAvoidProduct, "codes" | "text" | "exclude" | "ignore">>(
  concept: CodeableConcept | undefined,
  products: readonly P[],
): P | undefined {
  if (concept === undefined) return undefined;
  const codings = (Array.isArray(concept.coding) ? concept.coding : []).filter(isRecord);
  const byCode = products.find((p) =>
    p.codes.some((c) => codings.some((x) => x.system === c.system && x.code === c.code)),
  );
  if (byCode !== undefined) return byCode;
  // A laboratory test (a LOINC code) is no transfusion, whatever words it holds.
  if (codings.some((c) => c.system === LOINC)) return undefined;
  const text = words(
    [concept.text, ...codings.map((c) => c.display)].filter((t) => typeof t === "string").join(" . "),
  );
  return products.find((p) => {
    if (p.exclude.some((t) => text.includes(words(t)))) return false;
    const rest = p.ignore.reduce((left, t) => left.replaceAll(words(t), " "), text);
    return p.text.some((t) => rest.includes(words(t)));
  });
}

/** The reasons a draft names (`reasonCode`, `reasonReference`), and the words they were read from. */
export interface DraftReasons {
  /** Reason ids of knowledge/order-avoids.yaml `reasons`. */
  readonly ids: readonly string[];
  /** The reason as the order gives it, in words (texts and displays joined), for the card. */
  readonly text: string;
}

/** The texts of a CodeableConcept: its text and its codings' displays. */
function textsOf(concept: unknown): string[] {
  if (!isRecord(concept)) return [];
  const codings = Array.isArray(concept.coding) ? concept.coding.filter(isRecord) : [];
  return [concept.text, ...codings.map((c) => c.display)].filter(
    (t): t is string => typeof t === "string" && t.trim() !== "",
  );
}

/**
 * What a draft's `reasonCode` and `reasonReference` say: each code's text and displays, each reference's
 * display, and the code of the resource it names when the draft contains it (`#id`) or the draft orders
 * hold it (`Condition/id`). Undefined when the draft gives no reason in words.
 */
function reasonsOf(
  order: Resource,
  context: OrderContext,
  reasons: readonly OrderReason[],
): DraftReasons | undefined {
  const texts = (Array.isArray(order.reasonCode) ? order.reasonCode : []).flatMap(textsOf);
  const entries = (context.draftOrders.entry ?? []).flatMap((e) =>
    e.resource === undefined ? [] : [e.resource],
  );
  const contained = Array.isArray(order.contained) ? order.contained.filter(isRecord) : [];
  for (const ref of Array.isArray(order.reasonReference) ? order.reasonReference.filter(isRecord) : []) {
    if (typeof ref.display === "string" && ref.display.trim() !== "") texts.push(ref.display);
    const target = typeof ref.reference === "string" ? ref.reference : undefined;
    if (target === undefined) continue;
    const named = target.startsWith("#")
      ? contained.find((c) => `#${String(c.id)}` === target)
      : entries.find(
          (r) =>
            target === `${r.resourceType}/${String(r.id)}` ||
            target.endsWith(`/${r.resourceType}/${String(r.id)}`),
        );
    if (named !== undefined) texts.push(...textsOf(named.code));
  }
  if (texts.length === 0) return undefined;
  const text = words(texts.join(" . "));
  const ids = reasons
    .filter(
      (r) => !r.exclude.some((t) => text.includes(words(t))) && r.text.some((t) => text.includes(words(t))),
    )
    .map((r) => r.id);
  // Shown in the card: one line, at most 120 characters of what the EHR sent.
  const shown = texts.join("; ").replace(/\s+/g, " ").trim();
  return { ids, text: shown.length > 120 ? `${shown.slice(0, 119)}…` : shown };
}

/**
 * The blood product each draft ServiceRequest orders (its `code`), and each draft MedicationRequest of
 * no catalogue drug (fresh frozen plasma ordered as a medication); for order-select only the selected
 * ones, with the reasons the draft gives (reasonCode, reasonReference). Laboratory ServiceRequests (a blood
 * count) and drafts of no listed product are left out.
 * @example
 * draftProducts(context, knowledge); // [{ ref: "ServiceRequest/sr1", product: { id: "platelets", … } }]
 */
export function draftProducts(
  context: OrderContext,
  knowledge: Knowledge,
): { readonly ref?: string; readonly product: OrderAvoidProduct; readonly reasons?: DraftReasons }[] {
  const products = knowledge.orderAvoids.products;
  return productDrafts(context, knowledge).flatMap(({ ref, order, concept }) => {
    const product = productOf(concept, products);
    if (product === undefined) return [];
    const reasons = reasonsOf(order, context, knowledge.orderAvoids.reasons);
    return [{ ...(ref !== undefined && { ref }), product, ...(reasons !== undefined && { reasons }) }];
  });
}

/**
 * The orders no plan forbids but a plan line must reach (knowledge/order-avoids.yaml `notices`: red cells),
 * among the same drafts as {@link draftProducts}, and the draft MedicationRequests of a catalogue drug a notice
 * names (rituximab).
 * @example
 * draftNotices(context, knowledge); // [{ ref: "ServiceRequest/sr1", notice: { id: "red-cells", … } }]
 */
export function draftNotices(
  context: OrderContext,
  knowledge: Knowledge,
): { readonly ref?: string; readonly notice: OrderNotice }[] {
  const products = productDrafts(context, knowledge).flatMap(({ ref, concept }) => {
    const notice = productOf(concept, knowledge.orderAvoids.notices);
    return notice === undefined ? [] : [{ ...(ref !== undefined && { ref }), notice }];
  });
  // A draft of a catalogue drug a notice names (rituximab), matched as the record's drugs are: once per draft.
  const seen = new Map<string, Set<Resource>>();
  const drugs = draftMedications(context, knowledge).flatMap(({ ref, order, match }) =>
    knowledge.orderAvoids.notices
      .filter((n) => n.drugs.includes(match.drug))
      .flatMap((notice) => {
        const orders = seen.get(notice.id) ?? new Set<Resource>();
        if (orders.has(order)) return [];
        seen.set(notice.id, orders.add(order));
        return [{ ...(ref !== undefined && { ref }), notice }];
      }),
  );
  return [...products, ...drugs];
}

/** Each draft ServiceRequest that is no laboratory test, and each draft MedicationRequest of no catalogue drug. */
function productDrafts(context: OrderContext, knowledge: Knowledge) {
  const services = draftsOf(context, "ServiceRequest")
    .filter(({ order }) => !isLaboratory(order))
    .map(({ ref, order }) => ({
      ref,
      order,
      concept: isRecord(order.code) ? (order.code as CodeableConcept) : undefined,
    }));
  const medications = draftsOf(context, "MedicationRequest")
    .map(({ ref, order }) => ({ ref, order, concept: medicationOf(order) }))
    .filter(({ concept }) => knowledge.vocabulary.medications(toConcept(concept)).length === 0);
  return [...services, ...medications];
}

/** A draft ServiceRequest for an operation or a bedside procedure the core reads as planned. */
export interface DraftProcedure {
  /** `ServiceRequest/id`, when the draft has an id. */
  readonly ref?: string;
  /** The draft as sent: it joins the record the engine evaluates, as a planned procedure of the patient. */
  readonly order: Resource;
  /** The planned event it names (`procedure-planned` with `lumbar-puncture`, `surgery-planned`, …). */
  readonly kind: string;
  readonly qualifiers: readonly string[];
  /** How the order names itself (its code's text or first display), for the card. */
  readonly name: string;
}

/**
 * The draft ServiceRequests (for order-select, the selected ones) for an operation or a bedside procedure the core
 * reads as planned (core `plannedProcedureEvent`, as the FHIR adapter reads an active or draft ServiceRequest): a
 * lumbar puncture, a central line, an epidural or spinal block, an operation. Laboratory requests are left out.
 * @example
 * draftProcedures(context, knowledge); // [{ ref: "ServiceRequest/lp", kind: "procedure-planned", qualifiers: ["lumbar-puncture"], … }]
 */
export function draftProcedures(context: OrderContext, knowledge: Knowledge): DraftProcedure[] {
  return draftsOf(context, "ServiceRequest")
    .filter(({ order }) => !isLaboratory(order))
    .flatMap(({ ref, order }) => {
      const code = isRecord(order.code) ? (order.code as CodeableConcept) : undefined;
      if (code === undefined) return [];
      const event = plannedProcedureEvent(knowledge.vocabulary, toConcept(code));
      if (event === undefined) return [];
      const name = textsOf(code)[0] ?? "procedure";
      return [
        {
          ...(ref !== undefined && { ref }),
          order,
          kind: event.kind,
          qualifiers: event.qualifiers,
          name: name.length > 80 ? `${name.slice(0, 79)}…` : name,
        },
      ];
    });
}
