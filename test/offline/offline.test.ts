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
  startOfflineBackend,
  type OfflineBackend,
} from "../../dev/offline/index.js";

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
  customer: "Maria Lopez",
  subject: "Charged twice for my March invoice",
  body: "My card was charged twice for invoice INV-2041. Please refund one.",
};

let backend: OfflineBackend;
let client: ConvexClient;
const logs: string[] = [];

beforeAll(async () => {
  backend = await startOfflineBackend({ log: (line) => logs.push(line) });
  client = new ConvexClient(backend.url, {
    webSocketConstructor: WebSocket as unknown as typeof globalThis.WebSocket,
    logger: false,
  });
}, 20_000);

afterAll(async () => {
  await client?.close();
  await backend?.close();
});

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

    const sent = await client.mutation(api.workflowsApi.sendSignal, {
      runId,
      signal: "reply-approval",
      value: { approved: true },
      by: "support:ana",
    });
    expect(sent.status).toBe("delivered");
    const done = await run.until((r) => r?.status === "completed", "completed");
    expect(done?.output).toMatchObject({ status: "answered" });
    expect(done?.progress).toMatchObject({ completed: 5, total: 5 });
    run.unsubscribe();

    // One-shot reads go through the same protocol.
    const ticket = await client.query(api.tickets.getTicket, { ticketId });
    expect(ticket).toMatchObject({ status: "answered", runId });
  }, 20_000);

  test("a ConvexError reaches the client with its data; other errors as messages", async () => {
    const rejected = async (promise: Promise<unknown>) => {
      try {
        await promise;
      } catch (error) {
        return error;
      }
      throw new Error("expected a rejection");
    };
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
        by: "nobody",
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
    const runs = watch(client, api.tickets.listRuns, { paginationOpts: page });
    const before = await runs.until(() => true, "a first page");
    expect(before.page).toHaveLength(1);

    expect(backend.dropConnections()).toBe(1);
    // Written while the client is away: only a fresh subscription sees it.
    const { runId } = await backend.t.mutation(api.tickets.submitTicket, {
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
    expect(backend.connectionCount()).toBe(1);
    expect(client.connectionState().connectionCount).toBeGreaterThanOrEqual(2);

    // And it stays live: the new run reaches its approval step.
    const run = watch(client, api.workflowsApi.getRun, { runId });
    await run.until((r) => r?.status === "waiting", "second run waiting");
    run.unsubscribe();
    runs.unsubscribe();
  }, 20_000);

  test("every log line says it is offline and in memory, not a deployment", () => {
    const said = logs.join("\n");
    for (const event of ["serving", "client connected", "failed", "dropped"])
      expect(said).toContain(event);
    for (const line of logs) {
      expect(line).toContain("in-memory convex-test");
      expect(line).toContain("NOT a Convex deployment");
      expect(line).toContain("nothing is saved");
    }
  });
});
