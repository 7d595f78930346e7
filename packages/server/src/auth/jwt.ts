/**
 * Verification of the JWT a CDS client (EHR) sends with every call (CDS Hooks 2.0, "Trusting CDS
 * Clients"): `iss` and `jku` against the configured trusted clients, the signature with the client's
 * JWK Set (ES384 or RS384 only: `none` and every symmetric algorithm are refused), the header's `typ`
 * (`JWT`) and `kid`, `aud` equal to the URL of the endpoint invoked, `exp`, `iat` and a `jti` never seen
 * before.
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  errors,
  type JWTVerifyGetKey,
  jwtVerify,
} from "jose";
import type { TrustedClient } from "../config.js";

/** The algorithms CDS Hooks recommends; everything else (HS*, none, …) is refused before any key is read. */
export const ACCEPTED_ALGORITHMS = ["ES384", "RS384"] as const;
/** How old a token may be (from its `iat`); also bounds how long a `jti` is remembered. */
const MAX_TOKEN_AGE_S = 300;
/** Clock skew allowed between the EHR and this server. */
const CLOCK_TOLERANCE_S = 30;
/** Tokens remembered for replay detection at most; beyond it, calls are refused rather than forgotten. */
const MAX_REMEMBERED_JTI = 200_000;

/** Why a token was refused; `detail` names the failed check and never quotes the token. */
export class AuthError extends Error {
  override readonly name = "AuthError";
}

/** The client a valid token came from. */
export interface VerifiedClient {
  readonly iss: string;
  readonly tenant?: string;
}

export interface JwtVerifierOptions {
  readonly clients: readonly TrustedClient[];
  /** The clock (seconds are taken from it). */
  readonly now: () => Date;
}

export interface JwtVerifier {
  /** Verifies `token` for a call whose endpoint URL is one of `audiences`; throws AuthError. */
  verify(token: string, audiences: readonly string[]): Promise<VerifiedClient>;
}

interface Client {
  readonly config: TrustedClient;
  readonly keys: JWTVerifyGetKey;
}

function keySet(client: TrustedClient): JWTVerifyGetKey {
  // Inline keys win over the URL: with both configured, the keys are pinned and the URL only checked.
  if (client.jwks !== undefined)
    return createLocalJWKSet(client.jwks as Parameters<typeof createLocalJWKSet>[0]);
  // Only the configured URL is ever fetched, never a URL a token names.
  return createRemoteJWKSet(new URL(client.jku as string), { timeoutDuration: 5_000 });
}

function describe(e: unknown): string {
  if (e instanceof errors.JWTExpired) return "the token has expired (exp)";
  if (e instanceof errors.JWTClaimValidationFailed) {
    if (e.claim === "aud") return "the token's aud is not the URL of this endpoint";
    if (e.claim === "iat") return "the token is too old or issued in the future (iat)";
    return `the token's ${e.claim} claim is missing or invalid`;
  }
  if (e instanceof errors.JWSSignatureVerificationFailed) return "the signature does not verify";
  if (e instanceof errors.JWKSNoMatchingKey)
    return "no key of the client's JWK Set matches the token (kid, alg)";
  if (e instanceof errors.JOSEAlgNotAllowed) return "the signing algorithm is not ES384 or RS384";
  if (e instanceof errors.JWKSTimeout || e instanceof errors.JWKSInvalid)
    return "the client's JWK Set could not be fetched";
  if (e instanceof errors.JOSEError) return "the token is malformed";
  return "the token could not be verified";
}

/**
 * A verifier over the trusted clients.
 * @example
 * const verifier = createJwtVerifier({ clients: config.clients, now: () => new Date() });
 * await verifier.verify(token, ["https://cds.example.org/cds-services"]); // { iss: "https://ehr.example.org" }
 */
export function createJwtVerifier(options: JwtVerifierOptions): JwtVerifier {
  const clients = new Map<string, Client>(
    options.clients.map((c) => [c.iss, { config: c, keys: keySet(c) }] as const),
  );
  /** `iss`␀`jti` → the second after which the token can no longer be accepted anyway. */
  const seen = new Map<string, number>();
  const forgetExpired = (nowS: number) => {
    for (const [key, until] of seen) if (until < nowS) seen.delete(key);
  };

  return {
    async verify(token, audiences) {
      let header: ReturnType<typeof decodeProtectedHeader>;
      let claims: ReturnType<typeof decodeJwt>;
      try {
        header = decodeProtectedHeader(token);
        claims = decodeJwt(token);
      } catch {
        throw new AuthError("the bearer token is not a JWT");
      }
      if (!ACCEPTED_ALGORITHMS.includes(header.alg as (typeof ACCEPTED_ALGORITHMS)[number])) {
        throw new AuthError(
          `the signing algorithm ${JSON.stringify(header.alg)} is refused (ES384 or RS384)`,
        );
      }
      // CDS Hooks "Trusting CDS Clients": the header's typ is the fixed value JWT (so an access token or
      // another kind of JWT is not taken for a client's assertion) and its kid names the signing key.
      if (typeof header.typ !== "string" || !/^(?:application\/)?jwt$/i.test(header.typ)) {
        throw new AuthError('the token\'s typ header is not "JWT"');
      }
      if (typeof header.kid !== "string" || header.kid === "") {
        throw new AuthError("the token's kid header (the key that signed it) is missing");
      }
      const client = typeof claims.iss === "string" ? clients.get(claims.iss) : undefined;
      if (client === undefined) throw new AuthError("the token's issuer (iss) is not a trusted client");
      if (header.jku !== undefined && header.jku !== client.config.jku) {
        throw new AuthError("the token's jku is not the JWK Set URL configured for its issuer");
      }
      const now = options.now();
      const nowS = Math.floor(now.getTime() / 1000);
      let payload: Awaited<ReturnType<typeof jwtVerify>>["payload"];
      try {
        ({ payload } = await jwtVerify(token, client.keys, {
          algorithms: [...ACCEPTED_ALGORITHMS],
          issuer: client.config.iss,
          audience: [...audiences],
          requiredClaims: ["iss", "aud", "exp", "iat", "jti"],
          maxTokenAge: MAX_TOKEN_AGE_S,
          clockTolerance: CLOCK_TOLERANCE_S,
          currentDate: now,
        }));
      } catch (e) {
        throw new AuthError(describe(e));
      }
      const key = `${client.config.iss}\u0000${String(payload.jti)}`;
      if (seen.has(key)) throw new AuthError("the token's jti was already used (replay)");
      if (seen.size >= MAX_REMEMBERED_JTI) forgetExpired(nowS);
      if (seen.size >= MAX_REMEMBERED_JTI) throw new AuthError("too many recent tokens to check for replay");
      const until =
        Math.min(payload.exp ?? nowS, (payload.iat ?? nowS) + MAX_TOKEN_AGE_S) + CLOCK_TOLERANCE_S;
      seen.set(key, until);
      const tenant = typeof payload.tenant === "string" ? payload.tenant : undefined;
      return tenant === undefined ? { iss: client.config.iss } : { iss: client.config.iss, tenant };
    },
  };
}
