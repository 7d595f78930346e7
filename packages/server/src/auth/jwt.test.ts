/**
 * The client JWT checks of CDS Hooks ("Trusting CDS Clients"), each accepted or refused as the spec
 * says: valid, expired, wrong audience, unknown issuer, replayed jti, alg none, HMAC, a jku that is not
 * the configured one, a typ other than JWT, no kid; RS384 accepted; a JWK Set fetched from the client's URL over loopback.
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { base64url, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseServerConfig } from "../config.js";
import { createEhr, EHR_ISS, type Ehr, PUBLIC_URL } from "../test-support/ehr.js";
import { AuthError, createJwtVerifier, type JwtVerifier } from "./jwt.js";

const PATH = "/cds-services/hemosentinel-patient-view";
const AUD = [`${PUBLIC_URL}${PATH}`];

let ehr: Ehr;
let verifier: JwtVerifier;
beforeAll(async () => {
  ehr = await createEhr();
  verifier = createJwtVerifier({ clients: [{ iss: ehr.iss, jwks: ehr.jwks }], now: () => new Date() });
});

async function refusal(token: string, v = verifier): Promise<string> {
  try {
    await v.verify(token, AUD);
  } catch (e) {
    expect(e).toBeInstanceOf(AuthError);
    return (e as Error).message;
  }
  throw new Error("the token was accepted");
}

describe("client JWT", () => {
  it("accepts a valid ES384 token of a trusted client and names the client", async () => {
    await expect(verifier.verify(await ehr.token(PATH), AUD)).resolves.toEqual({ iss: EHR_ISS });
  });

  it("accepts an audience given as an array, and keeps the tenant", async () => {
    const token = await ehr.token(PATH, { claims: { aud: AUD, tenant: "hospital-1" } });
    await expect(verifier.verify(token, AUD)).resolves.toEqual({ iss: EHR_ISS, tenant: "hospital-1" });
  });

  it("refuses an expired token", async () => {
    const past = Math.floor(Date.now() / 1000) - 600;
    const token = await ehr.token(PATH, { claims: { exp: past, iat: past - 60 } });
    expect(await refusal(token)).toMatch(/expired|too old/);
  });

  it("refuses a token issued for another endpoint (aud)", async () => {
    expect(await refusal(await ehr.token("/cds-services/other"))).toMatch(/aud/);
  });

  it("refuses a token of an unknown issuer, even well signed", async () => {
    const stranger = await createEhr("https://stranger.example.org");
    expect(await refusal(await stranger.token(PATH))).toMatch(/issuer/);
  });

  it("refuses a token signed with a key the client's JWK Set does not hold", async () => {
    const impostor = await createEhr(EHR_ISS);
    expect(await refusal(await impostor.token(PATH))).toMatch(/no key|signature/);
  });

  it("refuses a replayed jti", async () => {
    const token = await ehr.token(PATH, { claims: { jti: randomUUID() } });
    await verifier.verify(token, AUD);
    expect(await refusal(token)).toMatch(/replay/);
  });

  it("refuses a token without jti", async () => {
    const token = await ehr.token(PATH, { claims: { jti: undefined } });
    expect(await refusal(token)).toMatch(/jti/);
  });

  it("refuses alg none", async () => {
    const now = Math.floor(Date.now() / 1000);
    const header = base64url.encode(JSON.stringify({ alg: "none", typ: "JWT" }));
    const payload = base64url.encode(
      JSON.stringify({ iss: EHR_ISS, aud: AUD[0], iat: now, exp: now + 300, jti: randomUUID() }),
    );
    expect(await refusal(`${header}.${payload}.`)).toMatch(/algorithm "none" is refused/);
  });

  it("refuses an HMAC-signed token, whatever key it was signed with", async () => {
    const token = await new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: "HS384" })
      .setIssuer(EHR_ISS)
      .setAudience(AUD[0] as string)
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode("a shared secret of at least forty-eight bytes...."));
    expect(await refusal(token)).toMatch(/algorithm "HS384" is refused/);
  });

  it("refuses a jku header that is not the client's configured JWK Set URL", async () => {
    const token = await ehr.token(PATH, { header: { jku: "https://attacker.example/jwks" } });
    expect(await refusal(token)).toMatch(/jku/);
  });

  it("trusts a client whose every token names its JWK Set URL (as the CDS Hooks sandbox signs) with its keys pinned inline: nothing fetched, the jku still checked", async () => {
    const SANDBOX = "https://sandbox.cds-hooks.org";
    const jku = `${SANDBOX}/.well-known/jwks.json`;
    const sandbox = await createEhr(SANDBOX);
    const config = parseServerConfig({ clients: [{ iss: SANDBOX, jku, jwks: sandbox.jwks }] });
    let fetched = 0;
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (...args: Parameters<typeof fetch>) => {
      fetched++;
      return realFetch(...args);
    }) as typeof fetch;
    try {
      const v = createJwtVerifier({ clients: config.clients, now: () => new Date() });
      // The sandbox's header: alg ES384, typ JWT, its kid and its jku; the claims iss, aud, exp, iat, jti.
      await expect(v.verify(await sandbox.token(PATH, { header: { jku } }), AUD)).resolves.toEqual({
        iss: SANDBOX,
      });
      expect(
        await refusal(await sandbox.token(PATH, { header: { jku: "https://attacker.example/jwks" } }), v),
      ).toMatch(/jku/);
      expect(fetched).toBe(0);
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(() => parseServerConfig({ clients: [{ iss: SANDBOX }] })).toThrow(/jku.*jwks.*or both/);
  });

  it("refuses a header whose typ is not JWT (an access token is no client assertion), or that has none", async () => {
    const accessToken = await ehr.token(PATH, { header: { typ: "at+jwt" } });
    expect(await refusal(accessToken)).toMatch(/typ header is not "JWT"/);
    expect(await refusal(await ehr.token(PATH, { header: { typ: undefined } }))).toMatch(/typ/);
    // Media type names are case-insensitive (RFC 7515 §4.1.9): "jwt" and "application/jwt" are JWT.
    await expect(verifier.verify(await ehr.token(PATH, { header: { typ: "jwt" } }), AUD)).resolves.toEqual({
      iss: EHR_ISS,
    });
    await expect(
      verifier.verify(await ehr.token(PATH, { header: { typ: "application/jwt" } }), AUD),
    ).resolves.toEqual({ iss: EHR_ISS });
  });

  it("refuses a header without kid, even when the client's JWK Set holds a single key", async () => {
    expect(await refusal(await ehr.token(PATH, { header: { kid: undefined } }))).toMatch(/kid header/);
  });

  it("refuses what is not a JWT", async () => {
    expect(await refusal("not-a-token")).toMatch(/not a JWT/);
  });

  it("accepts RS384", async () => {
    const rsa = await createEhr("https://rsa-ehr.example.org", "RS384");
    const v = createJwtVerifier({ clients: [{ iss: rsa.iss, jwks: rsa.jwks }], now: () => new Date() });
    await expect(v.verify(await rsa.token(PATH), AUD)).resolves.toEqual({ iss: rsa.iss });
  });
});

describe("a client's JWK Set by URL", () => {
  let url: string;
  let fetched = 0;
  const jwksServer = createServer((_req, res) => {
    fetched++;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(ehr.jwks));
  });
  beforeAll(async () => {
    await new Promise<void>((r) => jwksServer.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise<void>((r) => jwksServer.close(() => r())));

  it("is fetched from the configured URL, which the token's jku may name", async () => {
    const v = createJwtVerifier({ clients: [{ iss: ehr.iss, jku: url }], now: () => new Date() });
    await expect(v.verify(await ehr.token(PATH, { header: { jku: url } }), AUD)).resolves.toEqual({
      iss: EHR_ISS,
    });
    await expect(v.verify(await ehr.token(PATH), AUD)).resolves.toEqual({ iss: EHR_ISS });
    expect(fetched).toBe(1);
  });
});
