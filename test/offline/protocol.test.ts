// @vitest-environment node
// The offline backend's frames, read raw: versions that chain, timestamps
// encoded as the Convex client decodes them, and mutations that run once
// even when a reconnecting client sends them again.
import WebSocket from "ws";
import { afterAll, beforeAll, expect, test } from "vitest";
import { api } from "../../convex/_generated/api.js";
import { decodeDevToken, devToken } from "../../src/offline/auth.js";
import {
  startOfflineBackend,
  type OfflineBackend,
} from "../../src/offline/index.js";
import { decodeTs, encodeTs } from "../../src/offline/protocol.js";

type Frame = Record<string, any>;

/** A bare protocol client: send frames, wait for the next one of a type. */
async function rawClient(url: string, sessionId: string, count: number) {
  const socket = new WebSocket(`${url.replace(/^http/, "ws")}/api/1.48.0/sync`);
  const frames: Frame[] = [];
  let notify = () => {};
  socket.on("message", (data) => {
    frames.push(JSON.parse(String(data)) as Frame);
    notify();
  });
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  const send = (frame: Frame) => socket.send(JSON.stringify(frame));
  send({
    type: "Connect",
    sessionId,
    connectionCount: count,
    lastCloseReason: count === 0 ? "InitialConnect" : "test",
    clientTs: Date.now(),
  });
  let read = 0;
  const next = (type: string, timeoutMs = 10_000) =>
    new Promise<Frame>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no ${type} frame`)),
        timeoutMs,
      );
      notify = () => {
        while (read < frames.length) {
          const frame = frames[read++]!;
          if (frame.type === type) {
            clearTimeout(timer);
            // Frames that come later are for the next call to read.
            notify = () => {};
            resolve(frame);
            return;
          }
        }
      };
      notify();
    });
  return { send, next, frames, close: () => socket.close() };
}

let backend: OfflineBackend;

beforeAll(async () => {
  backend = await startOfflineBackend({ log: false });
}, 20_000);

afterAll(async () => {
  await backend?.close();
});

test("timestamps are 8 little-endian bytes in base64", () => {
  expect(encodeTs(0n)).toBe("AAAAAAAAAAA=");
  expect(encodeTs(1n)).toBe("AQAAAAAAAAA=");
  const ts = 1_795_252_524_322_000_001n;
  expect(decodeTs(encodeTs(ts))).toBe(ts);
});

test("dev tokens: unsigned JWTs whose claims become the identity", () => {
  const now = Date.UTC(2026, 0, 1);
  const token = devToken(
    { subject: "customer:ada", name: "Ada Lovelace", team: "blue" },
    now,
  );
  const [header, payload, signature] = token.split(".");
  expect(JSON.parse(Buffer.from(header!, "base64url").toString())).toEqual({
    alg: "none",
    typ: "JWT",
  });
  expect(JSON.parse(Buffer.from(payload!, "base64url").toString())).toEqual({
    sub: "customer:ada",
    name: "Ada Lovelace",
    team: "blue",
    iss: "https://offline.invalid/dev-only-unsigned",
    iat: now / 1000,
    exp: now / 1000 + 12 * 60 * 60,
  });
  expect(signature).toBe("");
  expect(decodeDevToken(token, now)).toEqual({
    subject: "customer:ada",
    issuer: "https://offline.invalid/dev-only-unsigned",
    tokenIdentifier: "https://offline.invalid/dev-only-unsigned|customer:ada",
    name: "Ada Lovelace",
    team: "blue",
  });
  // Claims named as OpenID Connect names them; any signature is ignored.
  const signed = `${header}.${Buffer.from(
    JSON.stringify({ sub: "u1", iss: "https://id.example", given_name: "Ü" }),
  ).toString("base64url")}.c2lnbmF0dXJl`;
  expect(decodeDevToken(signed)).toEqual({
    subject: "u1",
    issuer: "https://id.example",
    tokenIdentifier: "https://id.example|u1",
    givenName: "Ü",
  });
  expect(() => decodeDevToken("not-a-jwt")).toThrow("not a JWT");
  expect(() => decodeDevToken("a.b.c")).toThrow("not base64url JSON");
  expect(() =>
    decodeDevToken(`${header}.${Buffer.from("{}").toString("base64url")}.`),
  ).toThrow("no subject");
  expect(() => decodeDevToken(token, now + 13 * 60 * 60 * 1000)).toThrow(
    "expired",
  );
});

test("Authenticate: a token's user until the next one; a bad token gets an AuthError and changes nothing", async () => {
  const client = await rawClient(backend.url, "session-auth", 0);
  client.send({
    type: "ModifyQuerySet",
    baseVersion: 0,
    newVersion: 1,
    modifications: [
      { type: "Add", queryId: 0, udfPath: "users:me", args: [{}] },
    ],
  });
  const anonymous = await client.next("Transition");
  expect(anonymous.modifications).toMatchObject([
    { type: "QueryUpdated", queryId: 0, value: null },
  ]);

  client.send({
    type: "Authenticate",
    tokenType: "User",
    baseVersion: 0,
    value: devToken({ subject: "support:raj", name: "Raj Patel" }),
  });
  const signedIn = await client.next("Transition");
  expect(signedIn.startVersion).toEqual(anonymous.endVersion);
  expect(signedIn.endVersion.identity).toBe(1);
  expect(signedIn.modifications).toMatchObject([
    {
      queryId: 0,
      value: { subject: "support:raj", name: "Raj Patel", agent: true },
    },
  ]);

  client.send({
    type: "Authenticate",
    tokenType: "User",
    baseVersion: 1,
    value: "not-a-jwt",
  });
  expect(await client.next("AuthError")).toMatchObject({
    baseVersion: 1,
    authUpdateAttempted: true,
    error: expect.stringContaining("not a JWT"),
  });
  client.send({ type: "Authenticate", tokenType: "Admin", baseVersion: 1 });
  expect((await client.next("AuthError")).error).toContain("admin keys");
  // Still Raj: a mutation runs as him.
  client.send({
    type: "Mutation",
    requestId: 0,
    udfPath: "tickets:submitTicket",
    args: [{ subject: "Still signed in?", body: "As Raj." }],
  });
  expect(await client.next("MutationResponse")).toMatchObject({
    requestId: 0,
    success: true,
  });

  client.send({ type: "Authenticate", tokenType: "None", baseVersion: 1 });
  let signedOut = await client.next("Transition");
  while (signedOut.endVersion.identity < 2)
    signedOut = await client.next("Transition");
  expect(signedOut.endVersion.identity).toBe(2);
  expect(signedOut.modifications).toMatchObject([
    { type: "QueryUpdated", queryId: 0, value: null },
  ]);
  client.close();
  const tickets = await backend.t.run(async (ctx) =>
    (await ctx.db.query("tickets").collect()).filter(
      (t) => t.subject === "Still signed in?",
    ),
  );
  expect(tickets.map((t) => t.owner)).toEqual(["support:raj"]);
});

test("Transitions chain their versions; a mutation runs once per session and request", async () => {
  const ticket = {
    subject: `Protocol check ${Date.now()}`,
    body: "Sent twice, stored once.",
  };
  const token = devToken({ subject: "customer:ben", name: "Ben Okafor" });
  const client = await rawClient(backend.url, "session-a", 0);
  client.send({
    type: "ModifyQuerySet",
    baseVersion: 0,
    newVersion: 1,
    modifications: [
      { type: "Add", queryId: 0, udfPath: "tickets:getTicket", args: [{}] },
      { type: "Add", queryId: 1, udfPath: "users:me", args: [{}] },
    ],
  });
  const first = await client.next("Transition");
  expect(first.startVersion).toEqual({
    querySet: 0,
    ts: "AAAAAAAAAAA=",
    identity: 0,
  });
  expect(first.endVersion.querySet).toBe(1);
  const byId = new Map(first.modifications.map((m: Frame) => [m.queryId, m]));
  // Missing argument: the query fails, and says why.
  expect(byId.get(0)).toMatchObject({ type: "QueryFailed", logLines: [] });
  expect(byId.get(1)).toMatchObject({ type: "QueryUpdated", logLines: [] });

  client.send({
    type: "Authenticate",
    tokenType: "User",
    baseVersion: 0,
    value: token,
  });
  const authed = await client.next("Transition");
  expect(authed.startVersion).toEqual(first.endVersion);
  expect(authed.endVersion.identity).toBe(1);

  const mutation = {
    type: "Mutation",
    requestId: 0,
    udfPath: "tickets:submitTicket",
    args: [ticket],
  };
  client.send(mutation);
  const response = await client.next("MutationResponse");
  expect(response).toMatchObject({ requestId: 0, success: true });
  const resolving = await client.next("Transition");
  expect(decodeTs(resolving.endVersion.ts)).toBeGreaterThanOrEqual(
    decodeTs(response.ts),
  );
  client.close();

  // The same session sends the same request again after reconnecting.
  const again = await rawClient(backend.url, "session-a", 1);
  again.send(mutation);
  const repeated = await again.next("MutationResponse");
  expect(repeated).toEqual(response);
  // A new session's request 0 is a different mutation.
  const other = await rawClient(backend.url, "session-b", 0);
  other.send({
    type: "Authenticate",
    tokenType: "User",
    baseVersion: 0,
    value: token,
  });
  other.send({ ...mutation, args: [{ ...ticket, body: "Another one." }] });
  const otherResponse = await other.next("MutationResponse");
  expect(otherResponse.result.ticketId).not.toBe(response.result.ticketId);
  again.close();
  other.close();

  const tickets = await backend.t.run(async (ctx) =>
    (await ctx.db.query("tickets").collect()).filter(
      (t) => t.subject === ticket.subject,
    ),
  );
  expect(tickets.map((t) => t.body).sort()).toEqual([
    "Another one.",
    "Sent twice, stored once.",
  ]);
  // Let both runs reach their approval step before the backend stops.
  await expect
    .poll(
      async () => {
        const runs = await Promise.all(
          tickets.map((t) =>
            backend.t
              .withIdentity({ subject: "customer:ben" })
              .query(api.workflowsApi.getRun, { runId: t.runId! }),
          ),
        );
        return runs.map((run) => run?.status);
      },
      { timeout: 10_000, interval: 100 },
    )
    .toEqual(["waiting", "waiting"]);
}, 20_000);
