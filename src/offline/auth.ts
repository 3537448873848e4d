// Sign-in for the offline backend: UNSIGNED development tokens. A client
// signs in with `client.setAuth(async () => devToken({ subject: "..." }))`;
// the backend decodes the JWT's payload and runs that connection's functions
// with that identity (ctx.auth.getUserIdentity()).
//
// NO SIGNATURE IS CHECKED: anyone who can reach the offline backend can be
// anyone. That is what a development backend with demo users needs, and why
// it must never face real users. A Convex deployment verifies tokens against
// the providers in convex/auth.config.ts and refuses these.
//
// No Node APIs: the demo UI builds its tokens with this module too.

/** What a development token says about its user (JWT claims, camelCased). */
export type DevIdentityClaims = {
  subject: string;
  issuer?: string;
  name?: string;
  email?: string;
  /** Custom claims are kept as they are. */
  [claim: string]: unknown;
};

/** The identity functions see: Convex's UserIdentity shape. */
export type OfflineIdentity = {
  tokenIdentifier: string;
  subject: string;
  issuer: string;
  name?: string;
  email?: string;
  [claim: string]: unknown;
};

/** The issuer of development tokens that name none. */
export const DEV_ISSUER = "https://offline.invalid/dev-only-unsigned";

/** How long a development token lives (the client refetches it before). */
const LIFETIME_SECONDS = 12 * 60 * 60;

// UserIdentity attributes and their OpenID Connect claim names.
const CLAIM_OF: Record<string, string> = {
  subject: "sub",
  issuer: "iss",
  name: "name",
  givenName: "given_name",
  familyName: "family_name",
  nickname: "nickname",
  preferredUsername: "preferred_username",
  profileUrl: "profile",
  pictureUrl: "picture",
  email: "email",
  emailVerified: "email_verified",
  gender: "gender",
  birthday: "birthdate",
  timezone: "zoneinfo",
  language: "locale",
  phoneNumber: "phone_number",
  phoneNumberVerified: "phone_number_verified",
  address: "address",
  updatedAt: "updated_at",
};
const ATTRIBUTE_OF = Object.fromEntries(
  Object.entries(CLAIM_OF).map(([attribute, claim]) => [claim, attribute]),
);
/** Claims about the token itself, not the user. */
const TOKEN_CLAIMS = new Set(["iat", "exp", "nbf", "aud", "jti", "typ"]);

function base64UrlEncode(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text))
    binary += String.fromCharCode(byte);
  return btoa(binary)
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

function base64UrlDecode(text: string): string {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(base64 + "=".repeat((4 - (base64.length % 4)) % 4));
  return new TextDecoder().decode(
    Uint8Array.from(binary, (char) => char.charCodeAt(0)),
  );
}

/**
 * An UNSIGNED development JWT (`"alg": "none"`, empty signature) for the
 * offline backend. It proves nothing: only the offline backend accepts it.
 */
export function devToken(claims: DevIdentityClaims, now = Date.now()): string {
  const payload: Record<string, unknown> = {};
  for (const [attribute, value] of Object.entries(claims)) {
    if (value !== undefined) payload[CLAIM_OF[attribute] ?? attribute] = value;
  }
  payload.iss ??= DEV_ISSUER;
  const iat = Math.floor(now / 1000);
  payload.iat = iat;
  payload.exp = iat + LIFETIME_SECONDS;
  const header = base64UrlEncode(JSON.stringify({ alg: "none", typ: "JWT" }));
  return `${header}.${base64UrlEncode(JSON.stringify(payload))}.`;
}

/**
 * The identity a token's payload names, WITHOUT verifying any signature
 * (dev only). Throws on a token that is not a JWT, has no `sub`, or has
 * expired.
 */
export function decodeDevToken(token: string, now = Date.now()) {
  const parts = token.split(".");
  if (parts.length !== 3) throw new Error("not a JWT (expected 3 parts)");
  let payload: unknown;
  try {
    payload = JSON.parse(base64UrlDecode(parts[1]!));
  } catch {
    throw new Error("the JWT's payload is not base64url JSON");
  }
  if (typeof payload !== "object" || payload === null || Array.isArray(payload))
    throw new Error("the JWT's payload is not an object");
  const claims = payload as Record<string, unknown>;
  if (typeof claims.sub !== "string" || claims.sub === "")
    throw new Error("the JWT has no subject (sub)");
  if (typeof claims.exp === "number" && claims.exp * 1000 <= now)
    throw new Error("the JWT has expired");
  const identity: Record<string, unknown> = {};
  for (const [claim, value] of Object.entries(claims)) {
    if (!TOKEN_CLAIMS.has(claim))
      identity[ATTRIBUTE_OF[claim] ?? claim] = value;
  }
  const issuer = typeof claims.iss === "string" ? claims.iss : DEV_ISSUER;
  return {
    ...identity,
    subject: claims.sub,
    issuer,
    tokenIdentifier: `${issuer}|${claims.sub}`,
  } as OfflineIdentity;
}
