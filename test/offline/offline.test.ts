// @vitest-environment node
// The offline backend end to end: the real ConvexClient (over `ws`) against
// the demo app on convex-test, with live updates pushed by the workflows'
// scheduled functions.
import { ConvexClient } from "convex/browser";
import {
  makeFunctionReference,
  type FunctionArgs,
  type FunctionReference,
  type FunctionReturnType,
} from "convex/server";
import { ConvexError } from "convex/values";
import WebSocket from "ws";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { api } from "../../convex/_generated/api.js";
import {
  devToken,
  startOfflineBackend,
  type DevIdentityClaims,
  type OfflineBackend,
} from "../../src/offline/index.js";

type Query = FunctionReference<"query">;

/** Every value a subscription delivers, and a way to wait for one. */
function watch<Q extends Query>(
  client: ConvexClient,
  query: Q,
  args: FunctionArgs<Q>,
) {
  const values: FunctionReturnType<Q>[] = [];
  let check = () => {};
  const unsubscribe = client.onUpdate(query, args, (value) => {
    values.push(value);
    check();
  });
  const until = (
    predicate: (value: FunctionReturnType<Q>) => boolean,
    what: string,
    timeoutMs = 10_000,
  ) =>
    new Promise<FunctionReturnType<Q>>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `timed out waiting for ${what}; last: ${JSON.stringify(values.at(-1))}`,
            ),
          ),
        timeoutMs,
      );
      check = () => {
        const found = values.find(predicate);
        if (found === undefined) return;
        clearTimeout(timer);
        resolve(found);
      };
      check();
    });
  return { values, until, unsubscribe };
}

const TICKET = {
  subject: "Charged twice for my March invoice",
  body: "My card was charged twice for invoice INV-2041. Please refund one.",
};
const ADA = { subject: "customer:ada", name: "Ada Lovelace" };
const BEN = { subject: "customer:ben", name: "Ben Okafor" };
const ANA = { subject: "support:ana", name: "Ana Silva" };
const PAGE = { numItems: 50, cursor: null };

let backend: OfflineBackend;
/** Signed in as the customer Ada. */
let client: ConvexClient;
/** Signed in as the support agent Ana. */
let agent: ConvexClient;
const clients: ConvexClient[] = [];
const logs: string[] = [];

/** A client of the backend, signed in as `user` (anonymous without one). */
function connect(user?: DevIdentityClaims): ConvexClient {
  const connected = new ConvexClient(backend.url, {
    webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
    logger: false,
  });
  if (user) connected.setAuth(async () => devToken(user));
  clients.push(connected);
  return connected;
}

beforeAll(async () => {
  backend = await startOfflineBackend({ log: (line) => logs.push(line) });
  client = connect(ADA);
  agent = connect(ANA);
}, 20_000);

afterAll(async () => {
  for (const connected of clients) await connected.close();
  await backend?.close();
});

const rejected = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
};
const codeOf = (error: unknown) =>
  error instanceof ConvexError
    ? (error.data as { code?: string }).code
    : `not a ConvexError: ${String(error)}`;

describe("offline backend", () => {
  test("GET /health says it is the offline backend", async () => {
    const response = await fetch(`${backend.url}/health`);
    expect(await response.json()).toEqual({ ok: true, offline: true });
  });

  test("a ticket's run is live through a subscription, approval to completion", async () => {
    expect(await client.mutation(api.tickets.seedKnowledgeBase, {})).toBe(4);
    const { runId, ticketId } = await client.mutation(
      api.tickets.submitTicket,
      TICKET,
    );
    const run = watch(client, api.workflowsApi.getRun, { runId });

    const running = await run.until(
      (r) => r?.status === "running" && r.progress !== undefined,
      "running with progress",
    );
    expect(running?.progress?.total).toBe(5);
    const waiting = await run.until(
      (r) => r?.status === "waiting",
      "waiting for approval",
    );
    expect(waiting?.pendingSignals.map((s) => s.signal)).toEqual([
      "reply-approval",
    ]);
    expect(waiting?.progress?.message).toBe("Waiting for approval");
    // Progress only moves forward, and was seen at more than one point.
    const completed = run.values.map((r) => r?.progress?.completed ?? 0);
    expect([...completed].sort((a, b) => a - b)).toEqual(completed);
    expect(new Set(run.values.map((r) => r?.status)).size).toBeGreaterThan(1);

    // The customer's run, approved by a support agent (as who they signed in as).
    const sent = await agent.mutation(api.workflowsApi.sendSignal, {
      runId,
      signal: "reply-approval",
      value: { approved: true },
    });
    expect(sent.status).toBe("delivered");
    const done = await run.until((r) => r?.status === "completed", "completed");
    expect(done?.output).toMatchObject({ status: "answered" });
    expect(done?.progress).toMatchObject({ completed: 5, total: 5 });
    run.unsubscribe();

    // One-shot reads go through the same protocol.
    const ticket = await client.query(api.tickets.getTicket, { ticketId });
    expect(ticket).toMatchObject({
      status: "answered",
      runId,
      owner: ADA.subject,
      customer: ADA.name,
    });
    const history = await client.query(api.approvals.history, { runId });
    expect(history[0]?.decisions.map((d) => d.by)).toEqual([ANA.subject]);
  }, 20_000);

  test("a ConvexError reaches the client with its data; other errors as messages", async () => {
    const invalid = await rejected(
      client.mutation(api.tickets.submitTicket, { ...TICKET, subject: " " }),
    );
    expect(invalid).toBeInstanceOf(ConvexError);
    expect((invalid as ConvexError<{ code: string }>).data).toMatchObject({
      code: "INVALID_INPUT",
      path: ["subject"],
    });

    const notAllowed = await rejected(
      client.mutation(api.workflowsApi.sendSignal, {
        runId: "no-such-run",
        signal: "reply-approval",
        value: { approved: true },
      }),
    );
    expect(notAllowed).toBeInstanceOf(ConvexError);
    expect((notAllowed as ConvexError<{ code: string }>).data.code).toBe(
      "NOT_AUTHORIZED",
    );

    // Internal functions are not callable from clients, as on Convex.
    const internalCall = await rejected(
      client.query(makeFunctionReference<"query">("supportSteps:loadTicket"), {
        ticketId: "x",
      }),
    );
    expect(internalCall).not.toBeInstanceOf(ConvexError);
    expect(String(internalCall)).toContain("Could not find public function");
  });

  test("after the socket drops, the client reconnects, re-subscribes and catches up", async () => {
    // One run per page: the page's end is pinned by its first result (the
    // query journal), so newer runs join the page instead of pushing the
    // first one out, and the client hands the journal back on reconnect.
    const page = { numItems: 1, cursor: null };
    const runs = watch(client, api.workflowsApi.listRuns, {
      paginationOpts: page,
    });
    const before = await runs.until(() => true, "a first page");
    expect(before.page).toHaveLength(1);

    expect(backend.dropConnections()).toBe(clients.length);
    // Written while the client is away: only a fresh subscription sees it.
    const { runId } = await backend.t
      .withIdentity(ADA)
      .mutation(api.tickets.submitTicket, {
        ...TICKET,
        subject: "Password reset link expired",
      });
    // Sent while disconnected: queued by the client, run after reconnecting.
    const seeded = client.mutation(api.tickets.seedKnowledgeBase, {});

    const after = await runs.until(
      (r) => r.page.some((run) => run.runId === runId),
      "the new run after reconnecting",
    );
    expect(after.page.map((run) => run.runId)).toContain(before.page[0]!.runId);
    expect(await seeded).toBe(0);
    expect(backend.connectionCount()).toBeGreaterThanOrEqual(1);
    expect(client.connectionState().connectionCount).toBeGreaterThanOrEqual(2);

    // And it stays live: the new run reaches its approval step.
    const run = watch(client, api.workflowsApi.getRun, { runId });
    await run.until((r) => r?.status === "waiting", "second run waiting");
    run.unsubscribe();
    runs.unsubscribe();
  }, 20_000);

  test("each connection runs as the user its token names, and the cache keeps users apart", async () => {
    const anonymous = connect();
    expect(await anonymous.query(api.users.me, {})).toBeNull();
    expect(
      codeOf(
        await rejected(anonymous.mutation(api.tickets.submitTicket, TICKET)),
      ),
    ).toBe("NOT_AUTHORIZED");
    // Who they are is the token's claims; what they may do, the app's list.
    expect(await client.query(api.users.me, {})).toEqual({
      ...ADA,
      agent: false,
    });
    expect(await agent.query(api.users.me, {})).toEqual({
      ...ANA,
      agent: true,
    });

    const ben = connect(BEN);
    const { runId, ticketId } = await client.mutation(
      api.tickets.submitTicket,
      {
        subject: "Refund for order 1001",
        body: "Please refund my duplicate payment.",
      },
    );
    // The same query, the same arguments: each user gets their own answer.
    const args = { paginationOpts: PAGE };
    const adas = watch(client, api.workflowsApi.listRuns, args);
    const bens = watch(ben, api.workflowsApi.listRuns, args);
    const ada = await adas.until(
      (r) => r.page.some((run) => run.runId === runId),
      "Ada's run in her list",
    );
    expect(new Set(ada.page.map((run) => run.owner))).toEqual(
      new Set([ADA.subject]),
    );
    const bensList = await bens.until(() => true, "Ben's list");
    expect(bensList.page).toEqual([]);
    adas.unsubscribe();
    bens.unsubscribe();
    expect(
      codeOf(await rejected(ben.query(api.workflowsApi.getRun, { runId }))),
    ).toBe("NOT_AUTHORIZED");
    expect(
      codeOf(
        await rejected(
          ben.query(api.workflowsApi.listRuns, { ...args, owner: null }),
        ),
      ),
    ).toBe("NOT_AUTHORIZED");
    expect(await ben.query(api.tickets.getTicket, { ticketId })).toBeNull();
    // A support agent sees every owner's runs.
    const all = await agent.query(api.workflowsApi.listRuns, {
      ...args,
      owner: null,
    });
    expect(all.page.find((run) => run.runId === runId)?.owner).toBe(
      ADA.subject,
    );
  }, 20_000);

  test("signing in as someone else re-runs subscriptions as them; clearAuth signs out", async () => {
    const switching = connect(BEN);
    const me = watch(switching, api.users.me, {});
    await me.until((user) => user?.subject === BEN.subject, "signed in as Ben");
    switching.setAuth(async () => devToken(ADA));
    await me.until((user) => user?.subject === ADA.subject, "signed in as Ada");
    // Ada's runs, through the same connection.
    const runs = await switching.query(api.workflowsApi.listRuns, {
      paginationOpts: PAGE,
    });
    expect(runs.page.length).toBeGreaterThan(0);
    switching.client.clearAuth();
    await expect
      .poll(() => me.values.at(-1), { timeout: 10_000, interval: 50 })
      .toBeNull();
    me.unsubscribe();
  }, 20_000);

  test("a token it cannot read gets an AuthError: the client ends up signed out", async () => {
    const changes: boolean[] = [];
    const refused = connect();
    refused.setAuth(
      async () => devToken(ADA, Date.now() - 24 * 60 * 60 * 1000),
      (signedIn) => changes.push(signedIn),
    );
    await expect
      .poll(() => changes, { timeout: 10_000, interval: 50 })
      .toEqual([false]);
    expect(await refused.query(api.users.me, {})).toBeNull();
  }, 20_000);

  test("every log line says it is offline and in memory, not a deployment", () => {
    const said = logs.join("\n");
    for (const event of [
      "serving",
      "client connected",
      "failed",
      "dropped",
      "WITHOUT any signature check",
      "signed in as customer:ada (unsigned dev token, signature NOT checked: dev only)",
      "sign-in refused",
    ])
      expect(said).toContain(event);
    for (const line of logs) {
      expect(line).toContain("in-memory convex-test");
      expect(line).toContain("NOT a Convex deployment");
      expect(line).toContain("nothing is saved");
    }
  });
});
