/**
 * The server's configuration file (docs/server.example.yaml): the public base URL the EHR calls (JWT
 * `aud`), the trusted CDS clients, the FHIR request timeout, the feedback store, the assessment cache
 * and the request limits. The CLI reads the YAML; this module validates what it holds.
 */
import { z } from "zod";

/** A JSON Web Key Set (RFC 7517 §5) as written inline in the config file. */
const JwksSchema = z.strictObject({
  keys: z.array(z.looseObject({ kty: z.string() })).min(1, "a JWK Set needs at least one key"),
});

const HttpUrl = z.url({ protocol: /^https?$/ }).refine((u) => !u.endsWith("/"), {
  message: "write the URL without a trailing slash",
});

export const TrustedClientSchema = z
  .strictObject({
    /** The client's `iss`, exactly as its JWTs carry it. */
    iss: z.string().min(1),
    /**
     * The URL of the client's JWK Set; a token's `jku` header, when present, must equal it. Fetched for
     * the keys unless `jwks` gives them.
     */
    jku: z.url().optional(),
    /**
     * The client's JWK Set, given inline (keys exchanged out of band, CDS Hooks "Trusting CDS Clients"). With
     * `jku` too, these keys verify and nothing is fetched, while a token's `jku` header must still equal the
     * configured URL: a client that names its JWK Set URL in every token (the CDS Hooks sandbox does) can be
     * trusted with its keys pinned, or offline.
     */
    jwks: JwksSchema.optional(),
  })
  .refine((c) => c.jku !== undefined || c.jwks !== undefined, {
    message: "give jku (a JWK Set URL), jwks (an inline JWK Set) or both",
  });
/** One CDS client (EHR) whose signed JWTs the service accepts. */
export type TrustedClient = z.infer<typeof TrustedClientSchema>;

export const ServerConfigSchema = z.strictObject({
  /**
   * The base URL the EHR calls this service at, e.g. `https://cds.example.org`. A JWT's `aud` must be the
   * URL of the endpoint invoked under it (CDS Hooks); card links start with it. Default: the listen
   * address.
   */
  publicUrl: HttpUrl.optional(),
  /**
   * The base URL of the clinician web app when another host serves it, e.g. `https://hemosentinel.example.org`;
   * cards then link to its knowledge atlas (`/atlas/disorder/{id}`). Default: `publicUrl` when this server
   * serves the web app (`serve --web`); without either, cards link to the cited source instead.
   */
  webUrl: HttpUrl.optional(),
  /** CDS clients (EHRs) whose JWTs are accepted. None: only `--dev` accepts CDS calls, `/api` is loopback only. */
  clients: z.array(TrustedClientSchema).default([]),
  fhir: z
    .strictObject({
      /** Timeout of one request to the EHR's FHIR server, in milliseconds. */
      timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
      /** Search result pages followed per query (`next` links), at most. */
      maxPages: z.number().int().min(1).max(100).default(20),
    })
    .default({ timeoutMs: 5_000, maxPages: 20 }),
  feedback: z
    .strictObject({
      /** DuckDB database file of the feedback store; created when absent. `:memory:` keeps nothing. */
      path: z.string().min(1).default("hemosentinel-feedback.duckdb"),
    })
    .default({ path: "hemosentinel-feedback.duckdb" }),
  reports: z
    .strictObject({
      /** Last assessments kept in memory (least recently used dropped first) for the report pages. */
      maxPatients: z.number().int().min(1).max(100_000).default(1_000),
    })
    .default({ maxPatients: 1_000 }),
  limits: z
    .strictObject({
      /** Largest request body, in bytes (prefetch, bundles for /api/assess). */
      bodyBytes: z
        .number()
        .int()
        .min(1024)
        .max(512 * 1024 * 1024)
        .default(16 * 1024 * 1024),
      /** Requests per client address per window. */
      rateMax: z.number().int().min(1).default(600),
      /** The rate-limit window, in milliseconds. */
      rateWindowMs: z.number().int().min(1000).default(60_000),
    })
    .default({ bodyBytes: 16 * 1024 * 1024, rateMax: 600, rateWindowMs: 60_000 }),
  /** Site settings file (docs/settings.md), relative to the config file; default: the knowledge base's. */
  siteSettings: z.string().min(1).optional(),
});
/** The validated server configuration, defaults filled in. */
export type ServerConfig = z.infer<typeof ServerConfigSchema>;

/** A configuration file that cannot be used; the message names the field. */
export class ServerConfigError extends Error {
  override readonly name = "ServerConfigError";
}

/**
 * Validates a parsed configuration file (`undefined`, an empty file, means every default).
 * @example
 * parseServerConfig({ publicUrl: "https://cds.example.org", clients: [{ iss: "https://ehr.example.org", jku: "https://ehr.example.org/jwks" }] });
 */
export function parseServerConfig(value: unknown): ServerConfig {
  const parsed = ServerConfigSchema.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (i) => `${i.path.length === 0 ? "(top level)" : i.path.join(".")}: ${i.message}`,
  );
  throw new ServerConfigError(`server configuration: ${problems.join("; ")}`);
}
