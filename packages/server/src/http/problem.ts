/**
 * RFC 9457 problem details: every 4xx answer says what was wrong in a `application/problem+json`
 * document; a 5xx is only ever our own bug and says nothing about the request.
 */
import type { FastifyReply } from "fastify";
import { z } from "zod";

export const ProblemSchema = z
  .looseObject({
    /** A URI naming the problem type; `about:blank` when the status says it all. */
    type: z.string(),
    /** Short summary of the problem type. */
    title: z.string(),
    status: z.number().int().min(400).max(599),
    /** What was wrong with this request, in words. */
    detail: z.string().optional(),
    /** The request path. */
    instance: z.string().optional(),
  })
  .meta({ id: "Problem" });
/** An RFC 9457 problem document. */
export type Problem = z.infer<typeof ProblemSchema>;

/** Problem type URIs of this service (relative to the docs page, RFC 9457 §3.1.1). */
export const PROBLEM_TYPES = {
  badRequest: "/api/docs#problem-bad-request",
  methodNotAllowed: "/api/docs#problem-method-not-allowed",
  unauthorized: "/api/docs#problem-unauthorized",
  forbidden: "/api/docs#problem-forbidden",
  notFound: "/api/docs#problem-not-found",
  unsupportedMedia: "/api/docs#problem-unsupported-media-type",
  tooLarge: "/api/docs#problem-too-large",
  rateLimited: "/api/docs#problem-rate-limited",
  precondition: "/api/docs#problem-precondition-failed",
  internal: "/api/docs#problem-internal",
  busy: "/api/docs#problem-busy",
  cohortStoreVersion: "/api/docs#problem-cohort-store-version",
} as const;

const TITLES: Readonly<Record<number, string>> = {
  400: "Bad request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  406: "Not acceptable",
  409: "Conflict",
  412: "Precondition failed",
  413: "Request body too large",
  415: "Unsupported media type",
  429: "Too many requests",
  500: "Internal server error",
  503: "Service unavailable",
};

/** A problem document for `status` with `detail`. */
export function problem(status: number, type: string, detail: string, instance?: string): Problem {
  return {
    type,
    title: TITLES[status] ?? "Error",
    status,
    detail,
    ...(instance !== undefined && { instance }),
  };
}

/** Sends `p` as `application/problem+json`. */
export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).type("application/problem+json; charset=utf-8").send(p);
}

/** An error a route throws to answer with a problem document (and, when given, response headers). */
export class HttpProblem extends Error {
  override readonly name = "HttpProblem";
  constructor(
    readonly status: number,
    readonly type: string,
    detail: string,
    /** Headers the status calls for: `WWW-Authenticate` on a 401, `Allow` on a 405. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
  }
}
