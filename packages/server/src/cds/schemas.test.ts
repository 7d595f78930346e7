/**
 * The CDS Hooks schemas against the specification's own examples (../shared/reference/cds-hooks): the
 * discovery and response examples validate; what the specification forbids fails.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { specExample } from "../test-support/ehr.js";
import {
  CardSchema,
  CdsResponseSchema,
  DiscoveryResponseSchema,
  FeedbackRequestSchema,
  HookRequestSchema,
  PatientViewContextSchema,
} from "./schemas.js";
import { nullsDropped } from "./services.js";

const card = { summary: "A card", indicator: "info", source: { label: "HemoSentinel" } };

describe("schemas written from the specification", () => {
  it.each(["current-01.json", "current-22.json"])("validate the discovery example %s", (file) => {
    expect(DiscoveryResponseSchema.safeParse(specExample(file)).success).toBe(true);
  });

  it.each(["current-12.json", "current-19.json"])("validate the response example %s", (file) => {
    expect(CdsResponseSchema.safeParse(specExample(file)).success).toBe(true);
  });

  // Two examples break the specification's own tables; the schema follows the tables, and these
  // tests check that exactly the missing required field is what fails.
  it.each([
    ["current-18.json", "systemActions.0.description"],
    ["current-20.json", "cards.0.indicator"],
  ])("refuse %s for the required field it omits (%s)", (file, path) => {
    const parsed = CdsResponseSchema.safeParse(specExample(file));
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual([path]);
  });

  it("validate the source, action and override-reason fragments", () => {
    const source = specExample("current-13.json").source;
    expect(CardSchema.safeParse({ ...card, source }).success).toBe(true);
    for (const file of ["current-14.json", "current-15.json", "current-16.json"]) {
      const suggestions = [{ label: "Do it", actions: [specExample(file)] }];
      expect(CardSchema.safeParse({ ...card, suggestions, selectionBehavior: "any" }).success, file).toBe(
        true,
      );
    }
    expect(CardSchema.safeParse({ ...card, ...specExample("current-17.json") }).success).toBe(true);
  });

  it("refuse a summary of 140 characters or more", () => {
    expect(CardSchema.safeParse({ ...card, summary: "x".repeat(139) }).success).toBe(true);
    expect(CardSchema.safeParse({ ...card, summary: "x".repeat(140) }).success).toBe(false);
  });

  it("refuse suggestions without selectionBehavior", () => {
    const suggestions = [{ label: "Order a test" }];
    expect(CardSchema.safeParse({ ...card, suggestions }).success).toBe(false);
    expect(CardSchema.safeParse({ ...card, suggestions, selectionBehavior: "at-most-one" }).success).toBe(
      true,
    );
  });

  it("refuse null and empty values anywhere in a response", () => {
    expect(CdsResponseSchema.safeParse({ cards: [] }).success).toBe(true);
    expect(CdsResponseSchema.safeParse({ cards: [{ ...card, detail: "" }] }).success).toBe(false);
    expect(CdsResponseSchema.safeParse({ cards: [{ ...card, links: [] }] }).success).toBe(false);
    const withNull = {
      ...card,
      suggestions: [
        {
          label: "x",
          actions: [
            { type: "create", description: "d", resource: { resourceType: "ServiceRequest", note: null } },
          ],
        },
      ],
      selectionBehavior: "any",
    };
    expect(CdsResponseSchema.safeParse({ cards: [withNull] }).success).toBe(false);
  });

  it("refuse override reasons without a display", () => {
    expect(CardSchema.safeParse({ ...card, overrideReasons: [{ code: "x", system: "urn:x" }] }).success).toBe(
      false,
    );
  });

  it("refuse a Coding without its system (a topic or an override reason), as the Coding table requires", () => {
    const topic = { code: "ttp", display: "TTP" };
    expect(CardSchema.safeParse({ ...card, source: { label: "HemoSentinel", topic } }).success).toBe(false);
    expect(
      CardSchema.safeParse({
        ...card,
        source: { label: "HemoSentinel", topic: { ...topic, system: "urn:x" } },
      }).success,
    ).toBe(true);
    expect(CardSchema.safeParse({ ...card, overrideReasons: [{ code: "x", display: "X" }] }).success).toBe(
      false,
    );
  });

  it("read feedback: accepted names its suggestions, only an override has a reason", () => {
    const at = "2021-12-11T10:05:31Z";
    const ok = {
      feedback: [
        { card: "c", outcome: "accepted", acceptedSuggestions: [{ id: "s" }], outcomeTimestamp: at },
      ],
    };
    expect(FeedbackRequestSchema.safeParse(ok).success).toBe(true);
    const noSuggestion = { feedback: [{ card: "c", outcome: "accepted", outcomeTimestamp: at }] };
    expect(FeedbackRequestSchema.safeParse(noSuggestion).success).toBe(false);
    const overridden = {
      feedback: [
        {
          card: "c",
          outcome: "overridden",
          overrideReason: { reason: { code: "r", system: "urn:x" }, userComment: "why" },
          outcomeTimestamp: at,
        },
      ],
    };
    expect(FeedbackRequestSchema.safeParse(overridden).success).toBe(true);
    const local = {
      feedback: [{ card: "c", outcome: "overridden", outcomeTimestamp: "2021-12-11T10:05:31" }],
    };
    expect(FeedbackRequestSchema.safeParse(local).success).toBe(false);
  });

  it("read feedback leniently: unknown fields and extensions are ignored, an RFC 3339 offset is an instant", () => {
    const item = {
      card: "c",
      outcome: "overridden",
      overrideReason: {
        reason: { code: "r", system: "urn:x", extension: { "com.example.r": 1 } },
        userComment: "why",
        extension: { "com.example.o": true },
      },
      outcomeTimestamp: "2021-12-11T10:05:31.52Z",
      extension: { "com.example.timestamp": "2021-12-11T10:05:31Z" },
      somethingNew: 1,
    };
    const doc = { feedback: [item], extension: { "com.example.client": "ehr" } };
    expect(FeedbackRequestSchema.safeParse(doc).success).toBe(true);
    const accepted = {
      feedback: [
        {
          card: "c",
          outcome: "accepted",
          acceptedSuggestions: [{ id: "s", extension: { "com.example.s": 1 } }],
          outcomeTimestamp: "2021-12-11T10:05:31+00:00",
        },
      ],
    };
    expect(FeedbackRequestSchema.safeParse(accepted).success).toBe(true);
    // What the spec requires still holds: a card, an outcome of the two, a timestamp.
    const { card: _card, ...noCard } = item;
    expect(FeedbackRequestSchema.safeParse({ feedback: [noCard] }).success).toBe(false);
    expect(FeedbackRequestSchema.safeParse({ feedback: [{ ...item, outcome: "ignored" }] }).success).toBe(
      false,
    );
  });
});

describe("requests with optional fields sent as null (nullsDropped before the schema)", () => {
  const base = specExample("current-02.json") as Record<string, unknown>;
  const OPTIONAL_TOP = ["fhirServer", "fhirAuthorization", "prefetch", "extension"] as const;
  const CONTEXT = ["userId", "patientId", "encounterId"] as const;

  it("property: nulling any optional field reads as leaving it out; the prefetch's own nulls are kept", () => {
    fc.assert(
      fc.property(
        fc.subarray([...OPTIONAL_TOP]),
        fc.subarray([...CONTEXT]),
        fc.boolean(),
        (top, context, prefetchNull) => {
          const sent: Record<string, unknown> = structuredClone(base);
          const omitted: Record<string, unknown> = structuredClone(base);
          for (const f of top) {
            sent[f] = null;
            delete omitted[f];
          }
          for (const f of context) {
            (sent.context as Record<string, unknown>)[f] = null;
            delete (omitted.context as Record<string, unknown>)[f];
          }
          if (prefetchNull && !top.includes("prefetch")) {
            (sent.prefetch as Record<string, unknown>).labs = null;
            (omitted.prefetch as Record<string, unknown>).labs = null;
          }
          // fhirAuthorization needs fhirServer: a call that nulls only the server is refused either way.
          const a = HookRequestSchema.safeParse(nullsDropped(sent));
          const b = HookRequestSchema.safeParse(omitted);
          expect(a.success).toBe(b.success);
          if (a.success && b.success) {
            expect(a.data).toEqual(b.data);
            expect(PatientViewContextSchema.safeParse(a.data.context).success).toBe(true);
          }
        },
      ),
    );
  });

  it("keeps a required field sent as null, so that it is refused as missing", () => {
    for (const f of ["hook", "hookInstance", "context"]) {
      const parsed = HookRequestSchema.safeParse(nullsDropped({ ...base, [f]: null }));
      expect(
        parsed.error?.issues.map((i) => i.path.join(".")),
        f,
      ).toEqual([f]);
    }
  });
});
