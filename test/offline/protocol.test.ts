// @vitest-environment node
// The offline backend's frames, read raw: versions that chain, timestamps
// encoded as the Convex client decodes them, and mutations that run once
// even when a reconnecting client sends them again.
import WebSocket from "ws";
import { afterAll, beforeAll, expect, test } from "vitest";
import { api } from "../../convex/_generated/api.js";
import {
  startOfflineBackend,
  type OfflineBackend,
} from "../../dev/offline/index.js";
import { decodeTs, encodeTs } from "../../dev/offline/protocol.js";

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

test("Transitions chain their versions; a mutation runs once per session and request", async () => {
  const ticket = {
    customer: "Raw Client",
    subject: `Protocol check ${Date.now()}`,
    body: "Sent twice, stored once.",
  };
  const client = await rawClient(backend.url, "session-a", 0);
  client.send({
    type: "ModifyQuerySet",
    baseVersion: 0,
    newVersion: 1,
    modifications: [
      { type: "Add", queryId: 0, udfPath: "tickets:getTicket", args: [{}] },
      {
        type: "Add",
        queryId: 1,
        udfPath: "approvals:inbox",
        args: [
          {
            assignee: "team:support",
            paginationOpts: { numItems: 10, cursor: null },
          },
        ],
      },
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

  client.send({ type: "Authenticate", tokenType: "None", baseVersion: 0 });
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
            backend.t.query(api.tickets.getRun, { runId: t.runId! }),
          ),
        );
        return runs.map((run) => run?.status);
      },
      { timeout: 10_000, interval: 100 },
    )
    .toEqual(["waiting", "waiting"]);
}, 20_000);
