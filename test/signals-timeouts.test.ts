// Signals against the clock: timeouts (caught, onTimeout, uncaught then
// restarted), a decision racing the timeout, and cancel while waiting. The
// clock moves only through `elapse` and `elapseUntil` (`settle` would jump
// it through the timeouts).
import { describe, expect, test, vi } from "vitest";
import type { RunId } from "../src/client/index.js";
import { internal } from "./app/_generated/api.js";
import { approval } from "./app/approvals.js";
import { flows } from "./app/workflows.js";
import {
  CLOCK_SLACK_MS,
  count,
  expectAround,
  elapse,
  eventTypes,
  expectCode,
  firstPage,
  getRun,
  history,
  inbox,
  makeTest,
  signalState,
  signalTimers,
  type TestApp,
  untilStatus,
  useFakeTimers,
} from "./harness.js";
import { expectLogs } from "./quietLogs.js";

useFakeTimers();

const MINUTE = 60_000;

async function startTimedReview(
  t: TestApp,
  key: string,
  onTimeout: "throw" | "catch" | "onTimeout",
): Promise<RunId> {
  const runId = await t.run((ctx) =>
    flows.start(ctx, internal.approvals.review, {
      draft: "Draft",
      key,
      assignees: ["alice"],
      timeoutMs: MINUTE,
      onTimeout,
    }),
  );
  expect((await getRun(t, runId))?.status).toBe("waiting");
  return runId;
}

const approve = (t: TestApp, runId: RunId, by = "alice", requestId?: string) =>
  t.run((ctx) =>
    flows.signal(ctx, {
      runId,
      signal: approval,
      value: { approved: true, note: `ok from ${by}` },
      by,
      requestId,
    }),
  );

describe("signals: timeouts", () => {
  expectLogs('SIGNAL_TIMED_OUT: No "approval" signal');
  test("SignalTimeoutError is thrown into the handler, which catches it and returns a fallback", async () => {
    const t = makeTest();
    const runId = await startTimedReview(t, "t1", "catch");
    const { expiresAt } = (await getRun(t, runId))!.pendingSignals[0]!;
    expect(expiresAt).toBe(Date.now() + MINUTE);

    await elapse(t, expiresAt! - Date.now() - CLOCK_SLACK_MS);
    expect((await getRun(t, runId))?.status).toBe("waiting");
    await elapse(t, CLOCK_SLACK_MS);
    await untilStatus(t, runId, "completed");
    expect(await getRun(t, runId)).toMatchObject({
      status: "completed",
      output: {
        approved: false,
        note: "caught SignalTimeoutError SIGNAL_TIMED_OUT approval 60000",
      },
      pendingSignals: [],
    });
    expect(await count(t, "t1")).toBe(1);
    const entries = await history(t, runId);
    expect(entries).toMatchObject([
      { status: "expired", outcome: "timedOut", decisions: [] },
    ]);
    expectAround(entries[0]!.closedAt!, expiresAt!);
    expect(await inbox(t, "alice")).toEqual([]);
    expect(await eventTypes(t, runId)).toEqual([
      "run.created",
      "run.signal.requested",
      "run.signal.expired",
      "run.completed",
    ]);
  });

  test("onTimeout: waitForSignal returns its value instead of throwing", async () => {
    const t = makeTest();
    const runId = await startTimedReview(t, "t2", "onTimeout");
    await elapse(t, MINUTE);
    await untilStatus(t, runId, "completed");
    expect(await getRun(t, runId)).toMatchObject({
      status: "completed",
      output: { approved: false, text: "Draft", note: "onTimeout fallback" },
    });
    expect((await history(t, runId)).map((e) => e.outcome)).toEqual([
      "timedOut",
    ]);
    expect(await count(t, "t2")).toBe(1);
  });

  test("race at the expiry instant, decision first: delivered, the timer's run is a no-op, the run completes once with the decision", async () => {
    const t = makeTest();
    const runId = await startTimedReview(t, "race1", "onTimeout");
    const { expiresAt, requestId } = (await getRun(t, runId))!
      .pendingSignals[0]!;
    // The timer fires now (its function is due) and the decision is sent
    // before that function has run.
    vi.advanceTimersByTime(expiresAt! - Date.now());
    expect(Date.now()).toBe(expiresAt);
    expect(await approve(t, runId)).toEqual({
      status: "delivered",
      requestId,
    });
    await t.finishInProgressScheduledFunctions();
    await untilStatus(t, runId, "completed");

    // The timer either ran and found the request decided, or was canceled
    // with it: no second outcome either way.
    const timers = await signalTimers(t);
    expect(timers).toHaveLength(1);
    expect(["success", "canceled"]).toContain(timers[0]!.state);
    expect(await getRun(t, runId)).toMatchObject({
      status: "completed",
      output: { approved: true, note: "ok from alice" },
    });
    expect(await count(t, "race1")).toBe(1);
    const types = await eventTypes(t, runId);
    expect(types.filter((type) => type === "run.completed")).toHaveLength(1);
    expect(types).not.toContain("run.signal.expired");
    const entries = await history(t, runId);
    expect(entries).toMatchObject([
      {
        status: "decided",
        outcome: "approved",
        closedAt: expiresAt,
        decisions: [{ by: "alice", at: expiresAt }],
      },
    ]);
    expect(await inbox(t, "alice")).toEqual([]);
  });

  test("race at the expiry instant, timer first: the decision gets SIGNAL_TIMED_OUT and writes nothing", async () => {
    const t = makeTest();
    const runId = await startTimedReview(t, "race2", "onTimeout");
    const { expiresAt, requestId } = (await getRun(t, runId))!
      .pendingSignals[0]!;
    vi.advanceTimersByTime(expiresAt! - Date.now());
    await t.finishInProgressScheduledFunctions();
    // The timeout committed; the run has not resumed yet.
    expect(Date.now()).toBe(expiresAt);
    const before = await signalState(t, runId, ["alice"]);
    expect(before.history).toMatchObject([{ requestId, status: "expired" }]);
    const error = await expectCode(approve(t, runId), "SIGNAL_TIMED_OUT");
    expect(error).toMatchObject({ runId, requestId });
    expect(await signalState(t, runId, ["alice"])).toEqual(before);

    await untilStatus(t, runId, "completed");
    expect(await getRun(t, runId)).toMatchObject({
      status: "completed",
      output: { approved: false, note: "onTimeout fallback" },
    });
    expect(await count(t, "race2")).toBe(1);
    expect(await history(t, runId)).toMatchObject([
      { outcome: "timedOut", closedAt: expiresAt, decisions: [] },
    ]);
    expect(await inbox(t, "alice")).toEqual([]);
    expect((await signalTimers(t)).map((timer) => timer.state)).toEqual([
      "success",
    ]);
  });

  test("cancel while waiting: the request is canceled with its timer; passing the timeout changes nothing", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.approvals.review, {
        draft: "Draft",
        key: "c1",
        assignees: ["alice", "bob"],
        timeoutMs: MINUTE,
      }),
    );
    await t.run((ctx) => flows.cancel(ctx, runId));
    const canceledAt = Date.now();
    expect(await getRun(t, runId)).toMatchObject({
      status: "canceled",
      pendingSignals: [],
    });
    expect(await history(t, runId)).toMatchObject([
      {
        status: "canceled",
        outcome: "canceled",
        closedAt: canceledAt,
        decisions: [],
      },
    ]);
    expect(await inbox(t, "alice")).toEqual([]);
    expect(await inbox(t, "bob")).toEqual([]);
    expect((await signalTimers(t)).map((timer) => timer.state)).toEqual([
      "canceled",
    ]);

    const before = await signalState(t, runId, ["alice", "bob"]);
    await elapse(t, 2 * MINUTE);
    expect(await signalState(t, runId, ["alice", "bob"])).toEqual(before);
    expect((await signalTimers(t)).map((timer) => timer.state)).toEqual([
      "canceled",
    ]);
    expect(await eventTypes(t, runId)).toEqual([
      "run.created",
      "run.signal.requested",
      "run.canceled",
    ]);
    expect(await count(t, "c1")).toBe(0);
    await expectCode(approve(t, runId), "RUN_FINISHED");
  });

  test("restart after an uncaught timeout: from the signal step, a fresh request opens and an approval completes the run", async () => {
    const t = makeTest();
    const runId = await startTimedReview(t, "rs1", "throw");
    const first = (await getRun(t, runId))!.pendingSignals[0]!;
    await elapse(t, MINUTE);
    await untilStatus(t, runId, "failed");
    const failed = await getRun(t, runId);
    expect(failed?.status).toBe("failed");
    expect(failed?.error?.message).toContain(
      'No "approval" signal within 60000 ms.',
    );
    expect(failed?.error?.code).toBe("SIGNAL_TIMED_OUT");
    expect(await count(t, "rs1")).toBe(0);

    await t.run((ctx) => flows.restart(ctx, runId, { from: "approval" }));
    await untilStatus(t, runId, "waiting");
    const waiting = await getRun(t, runId);
    expect(waiting?.status).toBe("waiting");
    expect(waiting?.pendingSignals).toHaveLength(1);
    const fresh = waiting!.pendingSignals[0]!;
    expect(fresh.requestId).not.toBe(first.requestId);
    expect(fresh).toMatchObject({ status: "pending", assignees: ["alice"] });
    expect(fresh.requestedAt).toBeGreaterThan(first.expiresAt!);
    expect(fresh.expiresAt).toBe(fresh.requestedAt + MINUTE);
    expect((await inbox(t, "alice")).map((r) => r.requestId)).toEqual([
      fresh.requestId,
    ]);
    expect(
      (await history(t, runId)).map((e) => [e.requestId, e.outcome ?? null]),
    ).toEqual([
      [fresh.requestId, null],
      [first.requestId, "timedOut"],
    ]);

    expect(await approve(t, runId)).toEqual({
      status: "delivered",
      requestId: fresh.requestId,
    });
    await untilStatus(t, runId, "completed");
    expect(await getRun(t, runId)).toMatchObject({
      status: "completed",
      output: { approved: true, note: "ok from alice" },
    });
    expect(await count(t, "rs1")).toBe(1);
    const steps = await t.run((ctx) => flows.listSteps(ctx, runId, firstPage));
    expect(steps.page.map((s) => [s.name, s.kind, s.status])).toEqual([
      ["approval", "signal", "completed"],
      ["afterDecision", "mutation", "completed"],
    ]);
    // The fresh request's timer was canceled by the approval.
    await elapse(t, 2 * MINUTE);
    expect((await getRun(t, runId))?.status).toBe("completed");
    expect((await history(t, runId)).map((e) => e.outcome)).toEqual([
      "approved",
      "timedOut",
    ]);
  });

  test("restart without `from` of a run canceled while waiting: the wait opens again instead of hanging", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.approvals.review, {
        draft: "Draft",
        key: "rc1",
        assignees: ["alice"],
        timeoutMs: MINUTE,
      }),
    );
    const first = (await getRun(t, runId))!.pendingSignals[0]!;
    await t.run((ctx) => flows.cancel(ctx, runId));
    await t.run((ctx) => flows.restart(ctx, runId));
    await untilStatus(t, runId, "waiting");
    const fresh = (await getRun(t, runId))!.pendingSignals[0]!;
    expect(fresh.requestId).not.toBe(first.requestId);
    expect(await approve(t, runId)).toMatchObject({ status: "delivered" });
    await untilStatus(t, runId, "completed");
    expect(await count(t, "rc1")).toBe(1);
  });
});
