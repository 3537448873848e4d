// Signals that are refused: every error code of `flows.signal`, each
// leaving the run, its events, its history and the inboxes as they were.
import { describe, expect, test } from "vitest";
import type { RunId } from "../src/client/index.js";
import { internal } from "./app/_generated/api.js";
import { approval, HOUR, ping } from "./app/approvals.js";
import { guardedFlows } from "./app/guardedApprovals.js";
import { flows } from "./app/workflows.js";
import {
  count,
  elapse,
  elapseUntil,
  expectCode,
  getRun,
  history,
  makeTest,
  settle,
  signalState,
  type TestApp,
  untilStatus,
  useFakeTimers,
} from "./harness.js";

useFakeTimers();

const MINUTE = 60_000;

async function startReview(
  t: TestApp,
  key: string,
  options: {
    assignees?: string[];
    quorum?: number;
    timeoutMs?: number;
    holdMs?: number;
  } = {},
): Promise<RunId> {
  return await t.run((ctx) =>
    flows.start(ctx, internal.approvals.review, {
      draft: "Draft",
      key,
      onTimeout: "onTimeout",
      ...options,
    }),
  );
}

const send = (
  t: TestApp,
  runId: RunId | string,
  by: string,
  value: { approved: boolean; note?: string } = { approved: true },
  requestId?: string,
) =>
  t.run((ctx) =>
    flows.signal(ctx, { runId, signal: approval, value, by, requestId }),
  );

/** Expect `attempt` to fail with `code` and change nothing visible. */
async function refused(
  t: TestApp,
  runId: RunId,
  assignees: string[],
  code: Parameters<typeof expectCode>[1],
  attempt: () => Promise<unknown>,
) {
  const before = await signalState(t, runId, assignees);
  const error = await expectCode(attempt(), code);
  expect(await signalState(t, runId, assignees)).toEqual(before);
  return error;
}

describe("signals: refused sends write nothing", () => {
  test("INVALID_SIGNAL_VALUE: not recorded on a pending request, not kept for a later wait", async () => {
    const t = makeTest();
    const review = await startReview(t, "v1", { assignees: ["alice"] });
    const error = await refused(
      t,
      review,
      ["alice"],
      "INVALID_SIGNAL_VALUE",
      () => send(t, review, "alice", { approved: "yes" } as never),
    );
    expect(error.path).toEqual(["approved"]);

    // A plain signal during the sleep before its wait: an invalid one is
    // not buffered, so the wait still waits; a valid one answers it.
    const sleeper = await t.run((ctx) =>
      flows.start(ctx, internal.approvals.pingAfterSleep, { sleepMs: 1000 }),
    );
    await refused(t, sleeper, [], "INVALID_SIGNAL_VALUE", () =>
      t.run((ctx) =>
        flows.signal(ctx, {
          runId: sleeper,
          signal: ping,
          value: { n: 1.5 },
          by: "system",
        }),
      ),
    );
    await elapseUntil(
      t,
      async () => (await getRun(t, sleeper))!.pendingSignals.length > 0,
    );
    await elapse(t, MINUTE);
    expect((await getRun(t, sleeper))?.status).toBe("waiting");
    const result = await t.run((ctx) =>
      flows.signal(ctx, {
        runId: sleeper,
        signal: ping,
        value: { n: 2 },
        by: "system",
      }),
    );
    expect(result.status).toBe("delivered");
    await untilStatus(t, sleeper, "completed");
    expect((await getRun(t, sleeper))?.output).toEqual({ n: 2 });
  });

  test("NOT_AUTHORIZED: the app's policy admits assignees and role holders only, and refuses signals with nothing to answer", async () => {
    const t = makeTest();
    await t.mutation(internal.roles.setRole, { user: "lee", role: "legal" });
    await t.mutation(internal.roles.setRole, { user: "sam", role: "sales" });
    const runId = await t.run((ctx) =>
      guardedFlows.start(ctx, internal.guardedApprovals.guardedReview, {
        assignees: ["alice", "role:legal"],
        quorum: 2,
      }),
    );
    const { requestId } = (await getRun(t, runId))!.pendingSignals[0]!;
    const guardedSend = (by: string, approved = true) =>
      t.run((ctx) =>
        guardedFlows.signal(ctx, {
          runId,
          signal: approval,
          value: { approved },
          by,
        }),
      );
    const inboxes = ["alice", "role:legal"];

    expect(await guardedSend("alice")).toEqual({
      status: "recorded",
      requestId,
    });
    for (const outsider of ["mallory", "sam"]) {
      const error = await refused(t, runId, inboxes, "NOT_AUTHORIZED", () =>
        guardedSend(outsider, false),
      );
      expect(error).toMatchObject({ runId, requestId });
    }
    // No request for "ping": the policy sees request null and refuses, so
    // nothing is buffered.
    await refused(t, runId, inboxes, "NOT_AUTHORIZED", () =>
      t.run((ctx) =>
        guardedFlows.signal(ctx, {
          runId,
          signal: ping,
          value: { n: 1 },
          by: "alice",
        }),
      ),
    );

    expect(await guardedSend("lee")).toEqual({
      status: "delivered",
      requestId,
    });
    await untilStatus(t, runId, "completed");
    expect((await getRun(t, runId))?.output).toEqual({ approved: true });
    expect((await history(t, runId))[0]?.decisions.map((d) => d.by)).toEqual([
      "alice",
      "lee",
    ]);
  });

  test("RUN_NOT_FOUND: an unknown id, or a run cleaned up", async () => {
    const t = makeTest();
    const other = await startReview(t, "nf", { assignees: ["alice"] });
    const gone = await startReview(t, "nf2");
    await send(t, gone, "bob");
    await settle(t);
    await t.run((ctx) => flows.cleanup(ctx, gone));
    for (const runId of ["no-such-run", gone]) {
      const error = await refused(t, other, ["alice"], "RUN_NOT_FOUND", () =>
        send(t, runId, "alice"),
      );
      expect(error.runId).toBe(runId);
    }
  });

  test("RUN_FINISHED: a completed run takes no more signals", async () => {
    const t = makeTest();
    const runId = await startReview(t, "f1", { assignees: ["alice"] });
    const { requestId } = (await getRun(t, runId))!.pendingSignals[0]!;
    await send(t, runId, "alice");
    await untilStatus(t, runId, "completed");
    await refused(t, runId, ["alice"], "RUN_FINISHED", () =>
      send(t, runId, "alice"),
    );
    // Naming the request that was decided: told so, not only that the
    // run ended (a decision that lost the race to the one that ended it).
    await refused(t, runId, ["alice"], "SIGNAL_ALREADY_DECIDED", () =>
      send(t, runId, "bob", { approved: false }, requestId),
    );
  });

  test("SIGNAL_ALREADY_DECIDED: a single-approver request decided twice", async () => {
    const t = makeTest();
    const runId = await startReview(t, "d1", {
      assignees: ["alice"],
      holdMs: HOUR,
    });
    const { requestId } = (await getRun(t, runId))!.pendingSignals[0]!;
    await send(t, runId, "alice");
    // The run went on past the wait and now holds (still running).
    await elapseUntil(t, async () => (await count(t, "d1")) === 1);
    expect((await getRun(t, runId))?.status).toBe("waiting");
    for (const [by, id] of [
      ["alice", undefined],
      ["bob", undefined],
      ["bob", requestId],
    ] as const) {
      const error = await refused(
        t,
        runId,
        ["alice"],
        "SIGNAL_ALREADY_DECIDED",
        () => send(t, runId, by, { approved: false }, id),
      );
      expect(error).toMatchObject({ runId, requestId });
    }
    expect((await history(t, runId))[0]?.decisions).toHaveLength(1);
  });

  test("SIGNAL_ALREADY_DECIDED: the same sender twice in a quorum", async () => {
    const t = makeTest();
    const members = ["ann", "ben", "cat"];
    const runId = await startReview(t, "d2", { assignees: members, quorum: 2 });
    expect((await send(t, runId, "ann")).status).toBe("recorded");
    for (const approved of [true, false]) {
      await refused(t, runId, members, "SIGNAL_ALREADY_DECIDED", () =>
        send(t, runId, "ann", { approved }),
      );
    }
    expect((await getRun(t, runId))?.pendingSignals).toMatchObject([
      { approvals: 1, quorum: 2 },
    ]);
    expect((await send(t, runId, "ben")).status).toBe("delivered");
    await untilStatus(t, runId, "completed");
    expect((await history(t, runId))[0]?.decisions.map((d) => d.by)).toEqual([
      "ann",
      "ben",
    ]);
  });

  test("SIGNAL_TIMED_OUT: a decision after the timeout fired", async () => {
    const t = makeTest();
    const runId = await startReview(t, "to1", {
      assignees: ["alice"],
      timeoutMs: MINUTE,
      holdMs: HOUR,
    });
    const { requestId } = (await getRun(t, runId))!.pendingSignals[0]!;
    await elapse(t, MINUTE);
    await elapseUntil(t, async () => (await count(t, "to1")) === 1);
    expect((await getRun(t, runId))?.status).toBe("waiting");
    for (const id of [undefined, requestId]) {
      const error = await refused(t, runId, ["alice"], "SIGNAL_TIMED_OUT", () =>
        send(t, runId, "alice", { approved: true }, id),
      );
      expect(error).toMatchObject({ runId, requestId });
    }
  });

  test("SIGNAL_NOT_PENDING: a request closed by cancel before a restart, an unknown request, another run's request", async () => {
    const t = makeTest();
    const runId = await startReview(t, "np1", { assignees: ["alice"] });
    const old = (await getRun(t, runId))!.pendingSignals[0]!;
    await t.run((ctx) => flows.cancel(ctx, runId));
    await t.run((ctx) => flows.restart(ctx, runId, { from: "approval" }));
    await untilStatus(t, runId, "waiting");
    const fresh = (await getRun(t, runId))!.pendingSignals[0]!;
    expect(fresh.requestId).not.toBe(old.requestId);
    expect((await history(t, runId)).map((e) => e.outcome ?? null)).toEqual([
      null,
      "canceled",
    ]);

    const other = await startReview(t, "np2", { assignees: ["alice"] });
    const othersRequest = (await getRun(t, other))!.pendingSignals[0]!;
    for (const id of [
      old.requestId,
      othersRequest.requestId,
      "not-a-request-id",
    ]) {
      const error = await refused(
        t,
        runId,
        ["alice"],
        "SIGNAL_NOT_PENDING",
        () => send(t, runId, "alice", { approved: true }, id),
      );
      expect(error).toMatchObject({ runId, requestId: id });
    }

    await send(t, runId, "alice", { approved: true }, fresh.requestId);
    await untilStatus(t, runId, "completed");
    expect(await count(t, "np1")).toBe(1);
  });

  test("WRONG_SIGNAL: a request id that waits for another signal", async () => {
    const t = makeTest();
    const runId = await startReview(t, "ws1", { assignees: ["alice"] });
    const { requestId } = (await getRun(t, runId))!.pendingSignals[0]!;
    const error = await refused(t, runId, ["alice"], "WRONG_SIGNAL", () =>
      t.run((ctx) =>
        flows.signal(ctx, {
          runId,
          signal: ping,
          value: { n: 1 },
          by: "alice",
          requestId,
        }),
      ),
    );
    expect(error).toMatchObject({ runId, requestId });
  });
});
