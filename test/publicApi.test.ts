// flows.publicApi: every operation asks the app's authorize first, with the
// caller's identity; refusals are NOT_AUTHORIZED and write nothing.
import { describe, expect, test } from "vitest";
import type { RunId } from "../src/client/index.js";
import { api } from "./app/_generated/api.js";
import { flows } from "./app/workflows.js";
import {
  expectCode,
  firstPage,
  makeTest,
  untilStatus,
  useFakeTimers,
  type TestApp,
} from "./harness.js";

useFakeTimers();

const alice = { subject: "alice", tokenIdentifier: "test|alice" };
const admin = { subject: "root", tokenIdentifier: "test|admin" };

async function startReview(t: TestApp): Promise<string> {
  return await t.withIdentity(alice).mutation(api.clientApi.start, {
    workflow: "review",
    input: { draft: "Hello", key: "pa", assignees: ["alice"] },
  });
}

describe("publicApi", () => {
  test("anonymous callers are refused by the app's policy, and nothing is written", async () => {
    const t = makeTest();
    await expectCode(
      t.mutation(api.clientApi.start, {
        workflow: "review",
        input: { draft: "Hello", key: "pa" },
      }),
      "NOT_AUTHORIZED",
    );
    await expectCode(
      t.query(api.clientApi.listRuns, { paginationOpts: firstPage }),
      "NOT_AUTHORIZED",
    );
    const runs = await t
      .withIdentity(alice)
      .query(api.clientApi.listRuns, { paginationOpts: firstPage });
    expect(runs.page).toEqual([]);
  });

  test("a signed-in user starts, reads and answers as themselves; only admins cancel", async () => {
    const t = makeTest();
    const runId = await startReview(t);
    const asAlice = t.withIdentity(alice);
    await untilStatus(t, runId as never, "waiting");
    const run = await asAlice.query(api.clientApi.getRun, { runId });
    expect(run).toMatchObject({ status: "waiting", name: "review" });
    const inbox = await asAlice.query(api.clientApi.pendingSignals, {
      assignee: "alice",
      paginationOpts: firstPage,
    });
    expect(inbox.page).toHaveLength(1);

    await expectCode(
      asAlice.mutation(api.clientApi.cancel, { runId }),
      "NOT_AUTHORIZED",
    );
    expect((await asAlice.query(api.clientApi.getRun, { runId }))?.status).toBe(
      "waiting",
    );

    const sent = await asAlice.mutation(api.clientApi.sendSignal, {
      runId,
      signal: "approval",
      value: { approved: true, note: "ok" },
    });
    expect(sent).toMatchObject({ status: "delivered" });
    await untilStatus(t, runId as never, "completed");
    // The sender is the identity, not something the client claims.
    const [request] = await t.run((ctx) =>
      flows.signalHistory(ctx, runId as RunId),
    );
    expect(request?.decisions.map((d) => d.by)).toEqual(["alice"]);

    await expectCode(
      t.withIdentity(admin).mutation(api.clientApi.cancel, { runId }),
      "RUN_FINISHED",
    );
  });

  test("only the listed workflows and signals are reachable", async () => {
    const t = makeTest();
    const asAlice = t.withIdentity(alice);
    await expectCode(
      asAlice.mutation(api.clientApi.start, {
        workflow: "pipeline",
        input: {},
      }),
      "INVALID_ARGUMENT",
    );
    const runId = await startReview(t);
    await expectCode(
      asAlice.mutation(api.clientApi.sendSignal, {
        runId,
        signal: "ping",
        value: null,
      }),
      "WRONG_SIGNAL",
    );
  });
});
