/**
 * CDS Hooks 2.0 messages as zod schemas, written from the specification (cds-hooks.org, "Discovery",
 * "Calling a CDS Service", "CDS Service Response", "Feedback"). Requests are read leniently (unknown
 * fields kept, as the spec's extension rules allow); responses are strict and obey the spec's rule that
 * no value is `null` or empty (`""`, `[]`, `{}`): an absent optional field is omitted.
 */
import { z } from "zod";

const Text = z.string().min(1);

/** A FHIR Coding as CDS Hooks uses it (`Coding` section: `code` and `system` required). */
export const CodingSchema = z
  .strictObject({ system: Text, code: Text, display: Text.optional() })
  .meta({ id: "Coding" });
export type Coding = z.infer<typeof CodingSchema>;

/** A FHIR resource: an object with a resourceType; its content is FHIR's business. */
export const ResourceSchema = z.looseObject({ resourceType: Text });
export type Resource = z.infer<typeof ResourceSchema>;

// ---------------------------------------------------------------------------------------------------
// Discovery

export const CdsServiceSchema = z
  .strictObject({
    hook: Text,
    title: Text.optional(),
    description: Text,
    id: Text,
    prefetch: z.record(z.string(), Text).optional(),
    usageRequirements: Text.optional(),
    extension: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ id: "CdsService" });
export type CdsService = z.infer<typeof CdsServiceSchema>;

export const DiscoveryResponseSchema = z
  .strictObject({ services: z.array(CdsServiceSchema) })
  .meta({ id: "DiscoveryResponse" });
export type DiscoveryResponse = z.infer<typeof DiscoveryResponseSchema>;

// ---------------------------------------------------------------------------------------------------
// Request

/**
 * `fhirAuthorization`: what the service needs to call the FHIR server is the bearer token. The spec makes
 * `expires_in`, `scope` and `subject` required of the client, but a client that omits one (a sandbox once
 * sent no `expires_in`) still hands over a usable token: refusing the whole call for it would leave the
 * chart unscreened, so they are read when present and not demanded.
 */
export const FhirAuthorizationSchema = z.looseObject({
  access_token: Text,
  /** Fixed value `Bearer`; RFC 6749 §5.1 makes token types case-insensitive. */
  token_type: z.string().regex(/^bearer$/i, 'token_type is "Bearer"'),
  expires_in: z.number().int().optional(),
  scope: Text.optional(),
  subject: Text.optional(),
  patient: Text.optional(),
});

export const HookRequestSchema = z
  .looseObject({
    hook: Text,
    /** A UUID per call; kept as text (the service does not rely on its format). */
    hookInstance: Text,
    fhirServer: z.url({ protocol: /^https?$/ }).optional(),
    /** `null` (which the spec's own security section contemplates: "a non-null fhirAuthorization") is no token. */
    fhirAuthorization: FhirAuthorizationSchema.nullish(),
    context: z.record(z.string(), z.unknown()),
    /**
     * Prefetched data by key: a resource (a searchset Bundle for searches) or null (no data). Values of
     * keys this service did not ask for are not its business (the spec's own example has a string).
     */
    prefetch: z.record(z.string(), z.unknown()).optional(),
    extension: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((r) => r.fhirAuthorization == null || r.fhirServer !== undefined, {
    message: "fhirAuthorization needs fhirServer",
    path: ["fhirServer"],
  })
  .meta({ id: "HookRequest" });
export type HookRequest = z.infer<typeof HookRequestSchema>;

/** patient-view context (hooks/patient-view). */
export const PatientViewContextSchema = z.looseObject({
  userId: Text.optional(),
  patientId: Text.optional(),
  encounterId: Text.optional(),
});

/** order-sign and order-select context (hooks/order-sign, hooks/order-select): the draft orders as a Bundle. */
export const OrderContextSchema = z.looseObject({
  userId: Text.optional(),
  patientId: Text.optional(),
  encounterId: Text.optional(),
  selections: z.array(Text).optional(),
  draftOrders: z.looseObject({
    resourceType: z.literal("Bundle"),
    entry: z.array(z.looseObject({ resource: ResourceSchema.optional() })).optional(),
  }),
});
export type OrderContext = z.infer<typeof OrderContextSchema>;

// ---------------------------------------------------------------------------------------------------
// Response

export const ActionSchema = z
  .strictObject({
    type: z.enum(["create", "update", "delete"]),
    description: Text,
    resource: ResourceSchema.optional(),
    resourceId: Text.optional(),
  })
  .refine((a) => a.type === "delete" || a.resource !== undefined, {
    message: "create and update actions carry the resource",
  })
  .meta({ id: "Action" });
export type Action = z.infer<typeof ActionSchema>;

export const SuggestionSchema = z
  .strictObject({
    label: Text,
    uuid: Text.optional(),
    isRecommended: z.boolean().optional(),
    actions: z.array(ActionSchema).min(1).optional(),
  })
  .meta({ id: "Suggestion" });
export type Suggestion = z.infer<typeof SuggestionSchema>;

export const LinkSchema = z
  .strictObject({
    label: Text,
    url: z.url(),
    type: z.enum(["absolute", "smart"]),
    appContext: Text.optional(),
    autolaunchable: z.boolean().optional(),
  })
  .refine((l) => l.appContext === undefined || l.type === "smart", {
    message: "appContext is only valid on smart links",
  })
  .meta({ id: "Link" });
export type Link = z.infer<typeof LinkSchema>;

export const SourceSchema = z
  .strictObject({
    label: Text,
    url: z.url().optional(),
    icon: z.url().optional(),
    topic: CodingSchema.optional(),
  })
  .meta({ id: "Source" });
export type Source = z.infer<typeof SourceSchema>;

export const IndicatorSchema = z.enum(["info", "warning", "critical"]).meta({ id: "Indicator" });
/** Urgency of a card, in increasing order. */
export type Indicator = z.infer<typeof IndicatorSchema>;

export const CardSchema = z
  .strictObject({
    uuid: Text.optional(),
    /** One sentence, under 140 characters. */
    summary: Text.max(139, "a card summary is under 140 characters"),
    /** GitHub-flavoured markdown. */
    detail: Text.optional(),
    indicator: IndicatorSchema,
    source: SourceSchema,
    suggestions: z.array(SuggestionSchema).min(1).optional(),
    selectionBehavior: z.enum(["at-most-one", "any"]).optional(),
    overrideReasons: z
      .array(CodingSchema.required({ display: true }))
      .min(1)
      .optional(),
    links: z.array(LinkSchema).min(1).optional(),
  })
  .refine((c) => c.suggestions === undefined || c.selectionBehavior !== undefined, {
    message: "selectionBehavior is required when suggestions are present",
    path: ["selectionBehavior"],
  })
  .meta({ id: "Card" });
export type Card = z.infer<typeof CardSchema>;

/** Paths of `null`, `""`, `[]` and `{}` values in a JSON value (the spec forbids them). */
export function emptyValues(value: unknown, path = "$"): string[] {
  if (value === null) return [path];
  if (value === "") return [path];
  if (Array.isArray(value)) {
    return value.length === 0 ? [path] : value.flatMap((v, i) => emptyValues(v, `${path}[${i}]`));
  }
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length === 0 ? [path] : entries.flatMap(([k, v]) => emptyValues(v, `${path}.${k}`));
  }
  return [];
}

export const CdsResponseSchema = z
  .strictObject({
    /** Empty when there is nothing to say (the one empty array the spec allows). */
    cards: z.array(CardSchema),
    systemActions: z.array(ActionSchema).min(1).optional(),
  })
  .superRefine((r, ctx) => {
    for (const path of emptyValues(r).filter((p) => p !== "$.cards")) {
      ctx.addIssue({ code: "custom", message: `${path} is null or empty: omit it instead` });
    }
  })
  .meta({ id: "CdsResponse" });
export type CdsResponse = z.infer<typeof CdsResponseSchema>;

// ---------------------------------------------------------------------------------------------------
// Feedback

// Feedback is a request: read leniently like a hook call (unknown fields such as `extension`, which the
// spec reserves on every object, are ignored), strict only on what the spec requires.

/** A Coding as a CDS client sends it (the override reason the user chose). */
const RequestCodingSchema = z.looseObject({
  system: Text.optional(),
  code: Text,
  display: Text.optional(),
});

export const FeedbackItemSchema = z
  .looseObject({
    /** The `uuid` of the card the feedback is about. */
    card: Text,
    outcome: z.enum(["accepted", "overridden"]),
    acceptedSuggestions: z
      .array(z.looseObject({ id: Text }))
      .min(1)
      .optional(),
    overrideReason: z
      .looseObject({ reason: RequestCodingSchema.optional(), userComment: Text.optional() })
      .optional(),
    /**
     * When the user acted: an RFC 3339 §5.6 date-time, in UTC (`Z`) as the spec asks; a numeric offset
     * (`+00:00`, or a client's local offset) names the same instant and is stored converted to UTC.
     */
    outcomeTimestamp: z.iso.datetime({ offset: true }),
  })
  .refine((f) => f.outcome !== "accepted" || f.acceptedSuggestions !== undefined, {
    message: "an accepted outcome names the acceptedSuggestions",
    path: ["acceptedSuggestions"],
  })
  .refine((f) => f.outcome !== "accepted" || f.overrideReason === undefined, {
    message: "only an overridden outcome has an overrideReason",
    path: ["overrideReason"],
  })
  .meta({ id: "FeedbackItem" });
export type FeedbackItem = z.infer<typeof FeedbackItemSchema>;

export const FeedbackRequestSchema = z
  .looseObject({ feedback: z.array(FeedbackItemSchema).min(1) })
  .meta({ id: "FeedbackRequest" });
export type FeedbackRequest = z.infer<typeof FeedbackRequestSchema>;
