/**
 * The feedback store: the cards the service issued (type and urgency, no patient data) and the
 * feedback CDS clients send about them (CDS Hooks "Feedback"), in an embedded DuckDB file that
 * survives a restart. Override rates per card type tell which cards clinicians find wrong or noisy.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { z } from "zod";
import type { FeedbackItem } from "../cds/schemas.js";

/** One issued card, as the store keeps it. */
export interface IssuedCardRow {
  readonly uuid: string;
  readonly service: string;
  readonly type: string;
  readonly indicator: string;
  /** ISO 8601 instant. */
  readonly issuedAt: string;
}

export const CardTypeSummarySchema = z
  .strictObject({
    /** `finding-ttp`, `unexplained`, `data-gaps`, `order-hold`, …; `unknown` for cards this store never issued. */
    cardType: z.string(),
    issued: z.number().int(),
    /** Cards of this type with feedback, by their latest outcome. */
    accepted: z.number().int(),
    overridden: z.number().int(),
    /** overridden / (accepted + overridden); absent without feedback. */
    overrideRate: z.number().min(0).max(1).optional(),
    /** Override reasons given, most frequent first. */
    reasons: z.array(
      z.strictObject({ code: z.string(), display: z.string().optional(), count: z.number().int() }),
    ),
  })
  .meta({ id: "CardTypeSummary" });
export type CardTypeSummary = z.infer<typeof CardTypeSummarySchema>;

export const FeedbackSummarySchema = z
  .strictObject({ cardTypes: z.array(CardTypeSummarySchema) })
  .meta({ id: "FeedbackSummary" });
export type FeedbackSummary = z.infer<typeof FeedbackSummarySchema>;

export interface FeedbackStore {
  /** Remembers issued cards (written in batches; `flush` forces it). */
  recordCards(rows: readonly IssuedCardRow[]): void;
  /** Stores feedback items received for `service` at `receivedAt`. */
  addFeedback(service: string, items: readonly FeedbackItem[], receivedAt: string): Promise<void>;
  /** Override rates per card type. */
  summary(): Promise<FeedbackSummary>;
  flush(): Promise<void>;
  close(): Promise<void>;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS cards (
  uuid VARCHAR PRIMARY KEY, service VARCHAR NOT NULL, card_type VARCHAR NOT NULL,
  indicator VARCHAR NOT NULL, issued_at VARCHAR NOT NULL);
CREATE SEQUENCE IF NOT EXISTS feedback_seq;
CREATE TABLE IF NOT EXISTS feedback (
  seq BIGINT DEFAULT nextval('feedback_seq'), card VARCHAR NOT NULL, service VARCHAR NOT NULL,
  outcome VARCHAR NOT NULL, accepted_suggestions INTEGER NOT NULL, reason_system VARCHAR,
  reason_code VARCHAR, reason_display VARCHAR, user_comment VARCHAR, outcome_at VARCHAR NOT NULL,
  received_at VARCHAR NOT NULL);
`;

const SUMMARY = `
WITH latest AS (
  SELECT card, arg_max(outcome, seq) AS outcome FROM feedback GROUP BY card
), outcomes AS (
  SELECT coalesce(c.card_type, 'unknown') AS card_type,
         count(*) FILTER (WHERE l.outcome = 'accepted') AS accepted,
         count(*) FILTER (WHERE l.outcome = 'overridden') AS overridden
  FROM latest l LEFT JOIN cards c ON c.uuid = l.card GROUP BY 1
), issued AS (
  SELECT card_type, count(*) AS issued FROM cards GROUP BY 1
)
SELECT coalesce(i.card_type, o.card_type) AS card_type, coalesce(i.issued, 0) AS issued,
       coalesce(o.accepted, 0) AS accepted, coalesce(o.overridden, 0) AS overridden
FROM issued i FULL OUTER JOIN outcomes o ON i.card_type = o.card_type
ORDER BY card_type`;

const REASONS = `
SELECT coalesce(c.card_type, 'unknown') AS card_type, f.reason_code AS code,
       any_value(f.reason_display) AS display, count(*) AS n
FROM feedback f LEFT JOIN cards c ON c.uuid = f.card
WHERE f.outcome = 'overridden' AND f.reason_code IS NOT NULL
GROUP BY 1, 2 ORDER BY 1, n DESC, 2`;

/** Cards are written at most this long after they were issued. */
const FLUSH_AFTER_MS = 250;

/**
 * Opens (or creates) the store at `path` (`:memory:` keeps nothing).
 * @example
 * const store = await openFeedbackStore("hemosentinel-feedback.duckdb");
 * await store.summary(); // { cardTypes: [...] }
 */
export async function openFeedbackStore(path: string): Promise<FeedbackStore> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  await connection.run(SCHEMA);
  let pending: IssuedCardRow[] = [];
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const write = async (rows: readonly IssuedCardRow[]) => {
    if (rows.length === 0) return;
    const values = rows.map(
      (_, i) => `($${i * 5 + 1}, $${i * 5 + 2}, $${i * 5 + 3}, $${i * 5 + 4}, $${i * 5 + 5})`,
    );
    await connection.run(
      `INSERT OR IGNORE INTO cards VALUES ${values.join(", ")}`,
      rows.flatMap((r) => [r.uuid, r.service, r.type, r.indicator, r.issuedAt]),
    );
  };
  const flush = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const rows = pending;
    pending = [];
    // Writes are chained so that a summary never overtakes cards issued before it.
    writing = writing.then(() => write(rows));
    return writing;
  };

  return {
    recordCards(rows) {
      pending.push(...rows);
      timer ??= setTimeout(() => void flush().catch(() => undefined), FLUSH_AFTER_MS).unref();
    },
    async addFeedback(service, items, receivedAt) {
      await flush();
      for (const f of items) {
        const reason = f.overrideReason?.reason;
        await connection.run(
          `INSERT INTO feedback (card, service, outcome, accepted_suggestions, reason_system, reason_code,
             reason_display, user_comment, outcome_at, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            f.card,
            service,
            f.outcome,
            f.acceptedSuggestions?.length ?? 0,
            reason?.system ?? null,
            reason?.code ?? null,
            reason?.display ?? null,
            f.overrideReason?.userComment ?? null,
            // One instant, one form: a timestamp sent with an offset is kept in UTC.
            new Date(f.outcomeTimestamp).toISOString(),
            receivedAt,
          ],
        );
      }
    },
    async summary() {
      await flush();
      const rows = (await connection.runAndReadAll(SUMMARY)).getRowObjectsJS();
      const reasons = (await connection.runAndReadAll(REASONS)).getRowObjectsJS();
      return {
        cardTypes: rows.map((r) => {
          const accepted = Number(r.accepted);
          const overridden = Number(r.overridden);
          const judged = accepted + overridden;
          return {
            cardType: String(r.card_type),
            issued: Number(r.issued),
            accepted,
            overridden,
            ...(judged > 0 && { overrideRate: overridden / judged }),
            reasons: reasons
              .filter((x) => x.card_type === r.card_type)
              .map((x) => ({
                code: String(x.code),
                ...(typeof x.display === "string" && { display: x.display }),
                count: Number(x.n),
              })),
          };
        }),
      };
    },
    flush,
    async close() {
      await flush();
      connection.closeSync();
      instance.closeSync();
    },
  };
}
