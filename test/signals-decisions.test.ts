// Signals, the answered side: a waiting run's state, approve, reject, an
// edited draft, and a plain signal sent before its wait.
import { describe, expect, test } from "vitest";
import type { RunId } from "../src/client/index.js";
import { internal } from "./app/_generated/api.js";
import { approval, ping } from "./app/approvals.js";
import { flows } from "./app/workflows.js";
import {
  count,
  drainNow,
  CLOCK_SLACK_MS,
  eventTypes,
  expectCode,
  firstPage,
  getRun,
  history,
  inbox,
  makeTest,
  settle,
  signalState,
  type TestApp,
  untilStatus,
  useFakeTimers,
} from "./harness.js";

useFakeTimers();

/** Start a `review` of `draft` for `assignees`; it is waiting once this returns. */
async function startReview(
  t: TestApp,
  key: string,
  options: { assignees?: string[]; draft?: string } = {},
): Promise<RunId> {
  const runId = await t.run((ctx) =>
    flows.start(ctx, internal.approvals.review, {
      draft: options.draft ?? "Thanks, fixed!",
      key,
      assignees: options.assignees,
    }),
  );
  expect((await getRun(t, runId))?.status).toBe("waiting");
  return runId;
}

describe("signals: waiting and deciding", () => {
  test("while waiting: status, pendingSignals, the inbox (newest first) and listSteps show the wait", async () => {
    const t = makeTest();
    const first = await startReview(t, "w1", {
      assignees: ["alice", "bob"],
      draft: "first draft",
    });
    const second = await startReview(t, "w1", {
      assignees: ["alice"],
      draft: "second draft",
    });
    await drainNow(t);

    const run = await getRun(t, first);
    expect(run?.status).toBe("waiting");
    expect(run?.pendingSignals).toHaveLength(1);
    const request = run!.pendingSignals[0]!;
    expect(request).toMatchObject({
      runId: first,
      runName: "review",
      signal: "approval",
      status: "pending",
      title: 'Publish "first draft"?',
      details: { draft: "first draft" },
      assignees: ["alice", "bob"],
      quorum: 1,
      approvals: 0,
    });
    expect(request.outcome).toBeUndefined();
    expect(request.expiresAt).toBeUndefined();
    expect(run?.currentSteps.map((s) => [s.name, s.kind])).toEqual([
      ["approval", "signal"],
    ]);

    // Every assignee sees it; alice sees the newer request first.
    const secondRequest = (await getRun(t, second))!.pendingSignals[0]!;
    expect((await inbox(t, "alice")).map((r) => r.requestId)).toEqual([
      secondRequest.requestId,
      request.requestId,
    ]);
    expect(await inbox(t, "bob")).toEqual([request]);
    expect(await inbox(t, "carol")).toEqual([]);
    const byRun = await t.run((ctx) =>
      flows.pendingSignals(ctx, { runId: first, paginationOpts: firstPage }),
    );
    expect(byRun.page).toEqual([request]);

    const steps = await t.run((ctx) => flows.listSteps(ctx, first, firstPage));
    expect(steps.page.map((s) => [s.name, s.kind, s.status])).toEqual([
      ["approval", "signal", "waiting"],
    ]);
    // Nothing ran past the wait.
    expect(await count(t, "w1")).toBe(0);
  });

  test("approve: the value resumes the run, which completes; history records the decision", async () => {
    const t = makeTest();
    const runId = await startReview(t, "a1", { assignees: ["alice"] });
    const { requestId } = (await getRun(t, runId))!.pendingSignals[0]!;
    const sentAt = Date.now();

    const result = await t.run((ctx) =>
      flows.signal(ctx, {
        runId,
        signal: approval,
        value: { approved: true, note: "lgtm" },
        by: "alice",
      }),
    );
    expect(result).toEqual({ status: "delivered", requestId });
    // Settled in the sender's transaction: out of the inbox at once.
    expect(await inbox(t, "alice")).toEqual([]);
    expect((await getRun(t, runId))?.pendingSignals).toEqual([]);

    await untilStatus(t, runId, "completed");
    expect(await getRun(t, runId)).toMatchObject({
      status: "completed",
      output: { approved: true, text: "Thanks, fixed!", note: "lgtm" },
    });
    expect(await count(t, "a1")).toBe(1);
    const [entry, ...older] = await history(t, runId);
    expect(older).toEqual([]);
    expect(entry).toMatchObject({
      requestId,
      status: "decided",
      outcome: "approved",
      approvals: 1,
      decisions: [
        {
          by: "alice",
          value: { approved: true, note: "lgtm" },
          approve: true,
        },
      ],
    });
    // Closed when decided, in the sender's transaction.
    expect(entry!.closedAt).toBe(entry!.decisions[0]!.at);
    expect(entry!.closedAt! - sentAt).toBeGreaterThanOrEqual(0);
    expect(entry!.closedAt! - sentAt).toBeLessThanOrEqual(CLOCK_SLACK_MS);
    expect(await eventTypes(t, runId)).toEqual([
      "run.created",
      "run.signal.requested",
      "run.signal.decided",
      "run.completed",
    ]);
    const steps = await t.run((ctx) => flows.listSteps(ctx, runId, firstPage));
    expect(steps.page.map((s) => [s.name, s.kind, s.status])).toEqual([
      ["approval", "signal", "completed"],
      ["afterDecision", "mutation", "completed"],
    ]);
  });

  test("reject: waitForSignal returns the rejecting value and the request ends rejected", async () => {
    const t = makeTest();
    const runId = await startReview(t, "j1", { assignees: ["alice"] });
    const result = await t.run((ctx) =>
      flows.signal(ctx, {
        runId,
        signal: approval,
        value: { approved: false, note: "too curt" },
        by: "alice",
      }),
    );
    expect(result.status).toBe("delivered");
    await untilStatus(t, runId, "completed");
    expect(await getRun(t, runId)).toMatchObject({
      status: "completed",
      output: { approved: false, text: "Thanks, fixed!", note: "too curt" },
    });
    const [entry] = await history(t, runId);
    expect(entry).toMatchObject({
      status: "decided",
      outcome: "rejected",
      approvals: 0,
      decisions: [
        { by: "alice", value: { approved: false, note: "too curt" } },
      ],
    });
    expect(entry!.decisions[0]!.approve).toBe(false);
  });

  test("edit before approve: the edited draft is validated; an invalid edit writes nothing, a valid one is what the run uses", async () => {
    const t = makeTest();
    const runId = await startReview(t, "e1", { assignees: ["alice"] });
    const before = await signalState(t, runId, ["alice"]);

    const error = await expectCode(
      t.run((ctx) =>
        flows.signal(ctx, {
          runId,
          signal: approval,
          value: { approved: true, draft: "" },
          by: "alice",
        }),
      ),
      "INVALID_SIGNAL_VALUE",
    );
    expect(error.path).toEqual(["draft"]);
    expect(error.runId).toBe(runId);
    await drainNow(t);
    expect(await signalState(t, runId, ["alice"])).toEqual(before);

    const edited = "Thanks for the report: fixed in 2.1, out today.";
    await t.run((ctx) =>
      flows.signal(ctx, {
        runId,
        signal: approval,
        value: { approved: true, draft: edited },
        by: "alice",
      }),
    );
    await untilStatus(t, runId, "completed");
    expect(await getRun(t, runId)).toMatchObject({
      status: "completed",
      output: { approved: true, text: edited, note: null },
    });
    const [entry] = await history(t, runId);
    expect(entry?.decisions).toMatchObject([
      { by: "alice", value: { approved: true, draft: edited }, approve: true },
    ]);
  });

  test("a plain signal sent before the run reaches its wait is kept and delivered to that wait", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.approvals.pingAfterSleep, { sleepMs: 1000 }),
    );
    // Still sleeping: no request yet.
    expect((await getRun(t, runId))?.pendingSignals).toEqual([]);
    const sentAt = Date.now();
    const result = await t.run((ctx) =>
      flows.signal(ctx, { runId, signal: ping, value: { n: 7 }, by: "system" }),
    );
    expect(result).toEqual({ status: "buffered" });
    expect(await history(t, runId)).toEqual([]);
    expect(await eventTypes(t, runId)).toContain("run.signal.buffered");

    await settle(t);
    expect(await getRun(t, runId)).toMatchObject({
      status: "completed",
      output: { n: 7 },
      pendingSignals: [],
    });
    const entries = await history(t, runId);
    expect(entries).toHaveLength(1);
    // Opened after the sleep, it took the signal sent during the sleep.
    expect(entries[0]!.requestedAt).toBeGreaterThanOrEqual(sentAt + 1000);
    expect(entries[0]).toMatchObject({
      signal: "ping",
      status: "decided",
      outcome: "delivered",
      decisions: [{ by: "system", value: { n: 7 }, approve: true }],
    });
    // Decided when sent, not when delivered after the sleep.
    expect(entries[0]!.decisions[0]!.at - sentAt).toBeLessThanOrEqual(
      CLOCK_SLACK_MS,
    );

    // A buffered rejection is recorded as one, as a direct send would be.
    const rejected = await t.run((ctx) =>
      flows.start(ctx, internal.approvals.approvalAfterSleep, {
        sleepMs: 1000,
      }),
    );
    const buffered = await t.run((ctx) =>
      flows.signal(ctx, {
        runId: rejected,
        signal: approval,
        value: { approved: false, note: "no" },
        by: "alice",
      }),
    );
    expect(buffered).toEqual({ status: "buffered" });
    await settle(t);
    expect(await getRun(t, rejected)).toMatchObject({
      status: "completed",
      output: { approved: false },
    });
    expect(await history(t, rejected)).toMatchObject([
      {
        outcome: "delivered",
        decisions: [
          {
            by: "alice",
            value: { approved: false, note: "no" },
            approve: false,
          },
        ],
      },
    ]);
  });
});
