/**
 * Report links that open without the EHR's JWT: a card's link carries `?access=<token>`, a short-lived
 * token this server signs for one patient's report (HS256 with a key drawn at start, so a restart,
 * which also forgets the assessments, invalidates every link). It grants reading that patient's last
 * assessment and nothing else.
 */
import { randomBytes } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";

/** How long a card's report link stays valid. */
export const LINK_TTL_S = 12 * 60 * 60;
const AUDIENCE = "hemosentinel-report";

export interface LinkTokens {
  /** A token granting `patientId`'s report. */
  issue(patientId: string): Promise<string>;
  /** Whether `token` grants `patientId`'s report now. */
  grants(token: string, patientId: string): Promise<boolean>;
}

/**
 * Link tokens signed with a fresh random key.
 * @example
 * const links = createLinkTokens(() => new Date());
 * await links.grants(await links.issue("p1"), "p1"); // true
 */
export function createLinkTokens(now: () => Date): LinkTokens {
  const key = randomBytes(32);
  return {
    issue: (patientId) => {
      const iat = Math.floor(now().getTime() / 1000);
      return new SignJWT({})
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(patientId)
        .setAudience(AUDIENCE)
        .setIssuedAt(iat)
        .setExpirationTime(iat + LINK_TTL_S)
        .sign(key);
    },
    grants: async (token, patientId) => {
      try {
        const { payload } = await jwtVerify(token, key, {
          algorithms: ["HS256"],
          audience: AUDIENCE,
          subject: patientId,
          currentDate: now(),
        });
        return payload.sub === patientId;
      } catch {
        return false;
      }
    },
  };
}
