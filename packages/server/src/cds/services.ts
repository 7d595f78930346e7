/**
 * The two CDS services (docs/cds-hooks.md): `hemosentinel-patient-view` (hook `patient-view`) and
 * `hemosentinel-order-sign` (hooks `order-sign` and `order-select`). A call is read, the patient's data
 * gathered (prefetch, then the FHIR server), assessed by the engine, and answered with cards; what could
 * not be read is named in an `info` card, or answered with 412 when no disorder can be sought at all.
 */

import type { PatientAssessment } from "@hemosentinel/core";
import {
  createEngine,
  engineStamp,
  type Knowledge,
  type PatientRecord,
  type PatientReport,
  type SettingsInForce,
  withWholePlans,
} from "@hemosentinel/core";
import { draftAvoidables } from "./avoid-cards.js";
import {
  type CardContext,
  gapCard,
  type IssuedCard,
  patientViewCards,
  sourceOf,
  strayCard,
  TOPIC_SYSTEM,
} from "./cards.js";
import { type DraftProcedure, draftProcedures } from "./drafts.js";
import { createFhirReader, isRecord } from "./fhir-client.js";
import { noticeDrafts } from "./notice-cards.js";
import { draftImmunotherapies, orderCards, patientOfOrders } from "./order-cards.js";
import {
  type Gap,
  gather,
  PREFETCH_LABELS,
  type PrefetchKey,
  prefetchTemplates,
  verdictOf,
} from "./prefetch.js";
import { procedureCards } from "./procedure-cards.js";
import {
  type CdsResponse,
  type DiscoveryResponse,
  type HookRequest,
  HookRequestSchema,
  type OrderContext,
  OrderContextSchema,
  PatientViewContextSchema,
  type Resource,
} from "./schemas.js";

export const PATIENT_VIEW_SERVICE = "hemosentinel-patient-view";
export const ORDER_SIGN_SERVICE = "hemosentinel-order-sign";

/** The hooks each service answers. */
export const SERVICE_HOOKS: Readonly<Record<string, readonly string[]>> = {
  [PATIENT_VIEW_SERVICE]: ["patient-view"],
  [ORDER_SIGN_SERVICE]: ["order-sign", "order-select"],
};

const DESCRIPTIONS = {
  patientView:
    "Detects immunotherapy-associated bleeding and clotting disorders (ITP, Evans, TTP, acquired haemophilia A, thrombosis, DIC, CAR-T coagulopathy) in the chart: certainty, grade, the criteria trace, the tests that would settle it and the cited plan. Serious abnormalities no disorder explains are shown too.",
  orderSign:
    "Checks a draft order of a checkpoint inhibitor, T-cell engager, therapeutic antibody or CAR-T product against the patient's findings: a critical card when the cited plan says to stop, hold or withhold that drug. Checks a draft order of any drug or blood product the patient's plan forbids (heparin with HIT suspected, an antifibrinolytic beside an acute thrombosis, desmopressin, human FVIII or plasma in acquired haemophilia A, a VEGF antibody after a major bleed, …; MedicationRequest and ServiceRequest drafts): a critical card quoting the plan, or a warning when the plan forbids only some doses and the draft's dose cannot be read, or when the plan line carries the guideline's exception (platelets in TTP for serious bleeding or a high-risk procedure). Weighs a draft ServiceRequest for a lumbar puncture, central line, epidural or spinal block or operation as a planned procedure: a warning quoting the plan's line when the platelet count is below the count the procedure needs or an anticoagulant's interval before it is not yet met.",
  usage:
    "Prefetch or FHIR access (read) to the patient, laboratory Observations, medication records, Conditions and Procedures. Without the medication history the service answers 412.",
};

/**
 * The discovery document (`GET /cds-services`).
 * @example
 * discovery(knowledge).services.map((s) => s.id); // ["hemosentinel-patient-view", "hemosentinel-order-sign", "hemosentinel-order-sign"]
 */
export function discovery(knowledge: Knowledge): DiscoveryResponse {
  const prefetch = { ...prefetchTemplates(knowledge) };
  const order = (hook: string) => ({
    hook,
    title: "HemoSentinel: immunotherapy order check",
    description: DESCRIPTIONS.orderSign,
    id: ORDER_SIGN_SERVICE,
    prefetch,
    usageRequirements: DESCRIPTIONS.usage,
  });
  return {
    services: [
      {
        hook: "patient-view",
        title: "HemoSentinel: immunotherapy bleeding and clotting complications",
        description: DESCRIPTIONS.patientView,
        id: PATIENT_VIEW_SERVICE,
        prefetch,
        usageRequirements: DESCRIPTIONS.usage,
      },
      order("order-sign"),
      order("order-select"),
    ],
  };
}

/** What the server gives a hook call. */
export interface HookEnvironment {
  readonly knowledge: Knowledge;
  readonly settings: SettingsInForce;
  readonly version: string;
  /** Card context for one patient. */
  readonly cardContext: (patientId: string) => Promise<CardContext>;
  readonly templates: Readonly<Record<PrefetchKey, string>>;
  readonly fhirTimeoutMs: number;
  readonly fhirMaxPages: number;
  readonly fetch: typeof fetch;
  /** The evaluation time, `YYYY-MM-DDTHH:mm:ssZ`. */
  readonly evaluatedAt: () => string;
}

/** The outcome of a call, for the route and its log line (counts and codes only: no patient data). */
export type HookOutcome =
  | {
      readonly status: 200;
      readonly response: CdsResponse;
      readonly issued: readonly IssuedCard[];
      readonly log: HookLog;
      readonly assessment?: PatientAssessment;
    }
  | { readonly status: 400 | 404 | 412; readonly detail: string; readonly log: HookLog };

export interface HookLog {
  readonly hook?: string;
  readonly fromPrefetch?: number;
  readonly fromServer?: number;
  readonly gaps?: readonly string[];
  readonly cards?: Readonly<Record<string, number>>;
}

/** Input errors of records that belong to no patient of the request (a subject elsewhere, or none). */
const STRAY_CODES: ReadonlySet<string> = new Set(["broken-reference", "unattributed", "missing-subject"]);

function issues(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length === 0 ? "body" : i.path.map(String).join(".")}: ${i.message}`)
    .join("; ");
}

function gapWords(gaps: readonly Gap[]): string {
  return gaps.map((g) => `${PREFETCH_LABELS[g.key]} (${g.reason})`).join(", ");
}

function response(issued: readonly IssuedCard[]): CdsResponse {
  return { cards: issued.map((i) => i.card) };
}

function countByIndicator(issued: readonly IssuedCard[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { card } of issued) counts[card.indicator] = (counts[card.indicator] ?? 0) + 1;
  return counts;
}

/** The card when a call names no patient: nothing was assessed, and the card says so. */
function noPatientCard(ctx: CardContext): IssuedCard {
  return {
    type: "no-patient",
    card: {
      uuid: ctx.newId(),
      summary: "HemoSentinel could not assess: the request names no patient",
      detail:
        "The hook context has no `patientId` (and no draft order names one), so no record was read and no disorder was sought. This is an integration problem of the calling system.",
      indicator: "info",
      source: sourceOf(ctx, [], {
        system: TOPIC_SYSTEM,
        code: "no-patient",
        display: "No patient in context",
      }),
    },
  };
}

/**
 * The data with the context's patient in it. The hook's `context.patientId` names the patient; the Patient
 * resource only adds demographics, and a client may leave the `patient` template unanswered (the spec lets
 * it satisfy none, some or all) with no FHIR server to read it from. Without a Patient of that id, every
 * record naming `Patient/{patientId}` was taken for another patient's and left out — a grade 4
 * thrombocytopenia after nivolumab answered only with "records of another patient" — so a Patient with the
 * id alone stands in for it (no birth date or sex: what needs them says so, and the gap card names the
 * demographics as not read).
 * @example
 * withContextPatient([labs], "123"); // [labs, { resourceType: "Patient", id: "123" }]
 */
export function withContextPatient(resources: readonly Resource[], patientId: string): readonly Resource[] {
  if (resources.some((r) => r.resourceType === "Patient" && r.id === patientId)) return resources;
  return [...resources, { resourceType: "Patient", id: patientId }];
}

/**
 * A draft procedure as the record's planned procedure of this patient: the order as sent, its subject the
 * context's patient (a draft may name none, or name it only in the context) and an id of its own, so that it is
 * never merged with a record of the chart. A draft's status is `draft`, which the core reads as a request still to
 * be carried out; its occurrence, if any, is the day it is planned for.
 * @example
 * asPlanned({ order: { resourceType: "ServiceRequest", id: "lp", … }, … }, "123"); // { …, id: "draft-order-0-lp", subject: { reference: "Patient/123" } }
 */
export function asPlanned(draft: DraftProcedure, patientId: string, index = 0): Resource {
  // Numbered too, so that two drafts sent without an id are two procedures, not one merged.
  const id = typeof draft.order.id === "string" ? draft.order.id : "procedure";
  return {
    ...draft.order,
    resourceType: "ServiceRequest",
    id: `draft-order-${index}-${id}`,
    subject: { reference: `Patient/${patientId}` },
  };
}

/** Request fields whose null is read as absent: the optional ones of the request and of its context. */
const NULLABLE_REQUEST_FIELDS = ["fhirServer", "fhirAuthorization", "prefetch", "extension"] as const;

/**
 * The request with its optional fields sent as `null` left out. The specification forbids null ("JSON
 * elements SHALL NOT be null") and asks for the field to be omitted, but clients send `"encounterId": null`
 * or `"patientId": null` for a value they lack: refusing the whole call (400) for a field the service may
 * not even use left the chart unscreened, and a `patientId` of null now gets the same answer as a missing
 * one (the card saying the request names no patient). A prefetch key's null keeps its own meaning
 * ("no data", kept); a required field sent as null is refused as missing.
 * @example
 * nullsDropped({ hook: "patient-view", context: { patientId: "1", encounterId: null }, prefetch: { labs: null } });
 * // { hook: "patient-view", context: { patientId: "1" }, prefetch: { labs: null } }
 */
export function nullsDropped(body: unknown): unknown {
  if (!isRecord(body)) return body;
  const out: Record<string, unknown> = { ...body };
  for (const field of NULLABLE_REQUEST_FIELDS) if (out[field] === null) delete out[field];
  if (isRecord(out.context))
    out.context = Object.fromEntries(Object.entries(out.context).filter(([, v]) => v !== null));
  return out;
}

/**
 * Answers one call of service `serviceId` with body `body`.
 * @example
 * const outcome = await handleHook(env, "hemosentinel-patient-view", requestBody);
 * if (outcome.status === 200) reply.send(outcome.response);
 */
export async function handleHook(
  env: HookEnvironment,
  serviceId: string,
  body: unknown,
): Promise<HookOutcome> {
  const hooks = SERVICE_HOOKS[serviceId];
  if (hooks === undefined) return { status: 404, detail: `no CDS service ${serviceId}`, log: {} };
  const parsed = HookRequestSchema.safeParse(nullsDropped(body));
  if (!parsed.success)
    return { status: 400, detail: `not a CDS Hooks request: ${issues(parsed.error)}`, log: {} };
  const request: HookRequest = parsed.data;
  const log = { hook: request.hook };
  if (!hooks.includes(request.hook)) {
    return { status: 400, detail: `${serviceId} answers ${hooks.join(", ")}, not ${request.hook}`, log };
  }
  const isOrder = request.hook !== "patient-view";
  const context = (isOrder ? OrderContextSchema : PatientViewContextSchema).safeParse(request.context);
  if (!context.success) return { status: 400, detail: `context: ${issues(context.error)}`, log };
  const orderContext = isOrder ? (context.data as OrderContext) : undefined;
  const patientId =
    context.data.patientId ?? (orderContext === undefined ? undefined : patientOfOrders(orderContext));
  if (patientId === undefined) {
    const issued = [noPatientCard(await env.cardContext(""))];
    return {
      status: 200,
      response: response(issued),
      issued,
      log: { ...log, cards: countByIndicator(issued) },
    };
  }
  const drafts = orderContext === undefined ? [] : draftImmunotherapies(orderContext, env.knowledge);
  const avoidables = orderContext === undefined ? [] : draftAvoidables(orderContext, env.knowledge);
  const notices = orderContext === undefined ? [] : noticeDrafts(orderContext, env.knowledge);
  const procedures = orderContext === undefined ? [] : draftProcedures(orderContext, env.knowledge);
  // An order of no immunotherapy, of no drug a plan can forbid, that no plan line must reach and of no procedure
  // the plan weighs needs no record: nothing is read.
  if (
    isOrder &&
    drafts.length === 0 &&
    avoidables.length === 0 &&
    notices.length === 0 &&
    procedures.length === 0
  )
    return { status: 200, response: { cards: [] }, issued: [], log: { ...log, cards: {} } };

  const read =
    request.fhirServer === undefined
      ? undefined
      : createFhirReader({
          baseUrl: request.fhirServer,
          ...(request.fhirAuthorization != null && { token: request.fhirAuthorization.access_token }),
          timeoutMs: env.fhirTimeoutMs,
          maxPages: env.fhirMaxPages,
          fetch: env.fetch,
        });
  const gathered = await gather(request, patientId, env.templates, read);
  const gapLog = gathered.gaps.map((g) => `${g.key}:${g.reason}${g.partial ? ":partial" : ""}`);
  const readLog = {
    ...log,
    fromPrefetch: gathered.fromPrefetch,
    fromServer: gathered.fromServer,
    gaps: gapLog,
  };
  if (verdictOf(gathered.gaps) === "precondition-failed") {
    return {
      status: 412,
      detail: `the patient's medication history could not be read, so no disorder can be sought: ${gapWords(gathered.gaps)}`,
      log: readLog,
    };
  }

  const evaluatedAt = env.evaluatedAt();
  const engine = createEngine(env.knowledge, { evaluatedAt, version: env.version, settings: env.settings });
  const added = engine.add(
    {
      kind: "fhir",
      value: {
        resourceType: "Bundle",
        type: "collection",
        entry: [
          ...withContextPatient(gathered.resources, patientId),
          ...procedures.map((p, i) => asPlanned(p, patientId, i)),
        ].map((resource) => ({ resource })),
      },
    },
    "prefetch",
  );
  const ctx = await env.cardContext(patientId);
  const record: PatientRecord | undefined = added.patients.find((p) => p.patientId === patientId);
  // Records that are not this patient's: another patient's, or naming a subject the data does not hold.
  const stray =
    added.patients.reduce((n, p) => (p.patientId === patientId ? n : n + p.counts.read), 0) +
    added.inputErrors.filter((e) => STRAY_CODES.has(e.code)).length;
  const strayIssued = strayCard(ctx, stray);
  let issued: IssuedCard[];
  let assessment: PatientAssessment | undefined;
  if (record === undefined) {
    // No record of this patient at all (every key empty): nothing to assess, only what could not be read.
    const gap = gapCard(ctx, gathered.gaps);
    issued = gap === undefined ? [] : [gap];
  } else {
    const report: PatientReport = engine.assess(patientId);
    assessment = {
      engine: engineStamp(env.version, env.knowledge),
      evaluatedAt,
      settings: env.settings,
      patient: report,
      record,
    };
    // Each card reads its plan whole: a line the report shows once under another plan is still this card's.
    const whole = withWholePlans(report);
    if (orderContext === undefined) issued = patientViewCards(ctx, whole, gathered.gaps);
    else {
      issued = orderCards(ctx, drafts, whole, env.knowledge, avoidables, {
        drafts: notices,
        evaluatedAt,
        record,
      });
      issued.push(...procedureCards(ctx, procedures, whole, env.knowledge));
      const gap = gapCard(ctx, gathered.gaps);
      if (gap !== undefined) issued.push(gap);
    }
  }
  if (strayIssued !== undefined) issued.unshift(strayIssued);
  return {
    status: 200,
    response: response(issued),
    issued,
    log: { ...readLog, ...(stray > 0 && { otherPatientRecords: stray }), cards: countByIndicator(issued) },
    ...(assessment !== undefined && { assessment }),
  };
}
