// Retention on the fake clock: finished runs expire per way of ending (a
// workflow's own period over the dashboard's over the app's), the sweeper
// deletes them with everything they own at a bounded rate, a child waits
// for its parent, and readers see a deleted run as null.
import { describe, expect, test } from "vitest";
import { z } from "zod";
import type { RunId } from "../src/client/index.js";
import { AgentWorkflows } from "../src/client/index.js";
import { components, internal } from "./app/_generated/api.js";
import { approval } from "./app/approvals.js";
import { HOUR, MINUTE, retainedFlows } from "./app/retention.js";
import {
  allRows,
  dataRows,
  drainNow,
  elapse,
  expectCode,
  getRun,
  makeTest,
  rowCounts,
  untilStatus,
  useFakeTimers,
  type TestApp,
} from "./harness.js";
import { expectLogs } from "./quietLogs.js";

useFakeTimers();

const start = (t: TestApp, end: "complete" | "fail" | "approval") =>
  t.run((ctx) =>
    retainedFlows.start(
      ctx,
      internal.retention.ending,
      { end },
      {
        owner: "alice",
      },
    ),
  );

const approve = (t: TestApp, runId: RunId) =>
  t.run((ctx) =>
    retainedFlows.signal(ctx, {
      runId,
      signal: approval,
      value: { approved: true },
      by: "alice",
    }),
  );

const setRetention = (
  t: TestApp,
  args: Partial<
    Record<"completed" | "failed" | "canceled", number | false | null>
  >,
) =>
  t.run((ctx) =>
    ctx.runMutation(components.agentWorkflows.config.setRetention, args),
  );

describe("retention", () => {
  expectLogs("failed on purpose");
  test("a completed run is deleted an hour after it ends, with everything it owns", async () => {
    const t = makeTest();
    const before = await dataRows(t);
    const runId = await start(t, "approval");
    await untilStatus(t, runId, "waiting");
    await approve(t, runId);
    await untilStatus(t, runId, "completed");
    const run = (await getRun(t, runId))!;
    expect(run.expiresAt).toBe(run.finishedAt! + HOUR);
    await elapse(t, HOUR - 5 * MINUTE);
    expect(await getRun(t, runId)).not.toBeNull();
    await elapse(t, 10 * MINUTE);
    // Readers (a client watching the run) now get null, not an error.
    expect(await getRun(t, runId)).toBeNull();
    await drainNow(t);
    // Its events, step records, signal request and decision, and its
    // journal in the nested workflow are gone too.
    expect(await dataRows(t)).toEqual(before);
  });

  test("each way of ending has its period; canceled runs here are kept forever", async () => {
    const t = makeTest();
    const completed = await start(t, "complete");
    const failed = await start(t, "fail");
    const canceled = await start(t, "approval");
    await untilStatus(t, canceled, "waiting");
    await t.run((ctx) => retainedFlows.cancel(ctx, canceled));
    await untilStatus(t, failed, "failed");
    await untilStatus(t, completed, "completed");
    expect((await getRun(t, canceled))?.expiresAt).toBeUndefined();
    await elapse(t, HOUR + MINUTE);
    expect(await getRun(t, completed)).toBeNull();
    expect(await getRun(t, failed)).not.toBeNull();
    await elapse(t, HOUR);
    expect(await getRun(t, failed)).toBeNull();
    await elapse(t, 1000 * HOUR);
    expect((await getRun(t, canceled))?.status).toBe("canceled");
  });

  test("a workflow's own period wins over the dashboard's, which wins over the app's; null goes back", async () => {
    const t = makeTest();
    await setRetention(t, { completed: 3 * HOUR, canceled: 5 * MINUTE });
    const ending = await start(t, "complete");
    const brief = await t.run((ctx) =>
      retainedFlows.start(ctx, internal.retention.brief, {}),
    );
    const canceled = await start(t, "approval");
    await untilStatus(t, canceled, "waiting");
    await t.run((ctx) => retainedFlows.cancel(ctx, canceled));
    await untilStatus(t, ending, "completed");
    await untilStatus(t, brief, "completed");
    const expiry = async (runId: RunId) => {
      const run = (await getRun(t, runId))!;
      return run.expiresAt! - run.finishedAt!;
    };
    expect(await expiry(ending)).toBe(3 * HOUR);
    expect(await expiry(brief)).toBe(10 * MINUTE);
    expect(await expiry(canceled)).toBe(5 * MINUTE);
    const config = await t.run((ctx) =>
      ctx.runQuery(components.agentWorkflows.config.getConfig, {}),
    );
    expect(config.retention).toEqual({
      completed: 3 * HOUR,
      canceled: 5 * MINUTE,
    });
    expect(config.nextSweepAt).toBe((await getRun(t, canceled))!.expiresAt);

    await setRetention(t, { completed: null });
    const later = await start(t, "complete");
    await untilStatus(t, later, "completed");
    expect(await expiry(later)).toBe(HOUR);
  });

  test("a finished child stays while its parent is pending, and goes with it", async () => {
    const t = makeTest();
    const before = await dataRows(t);
    const parentId = await t.run((ctx) =>
      retainedFlows.start(ctx, internal.retentionParents.briefParent, {}),
    );
    await untilStatus(t, parentId, "waiting");
    const runs = (await allRows(t))["agentWorkflows:runs"] as {
      workflowId: RunId;
      parentRunId?: string;
      status: string;
      expiresAt?: number;
    }[];
    const child = runs.find((run) => run.parentRunId === parentId)!;
    expect(child).toMatchObject({ status: "completed" });
    expect(child.expiresAt).toBeUndefined();
    // Far past the child's own ten minutes: still there for its parent.
    await elapse(t, 2 * HOUR);
    expect((await getRun(t, child.workflowId))?.status).toBe("completed");
    await approve(t, parentId);
    await untilStatus(t, parentId, "completed");
    await elapse(t, HOUR + MINUTE);
    await drainNow(t);
    expect(await getRun(t, parentId)).toBeNull();
    expect(await getRun(t, child.workflowId)).toBeNull();
    expect(await dataRows(t)).toEqual(before);
  });

  test("the sweeper deletes 10 runs a second, however many expire at once", async () => {
    const t = makeTest();
    const runIds: RunId[] = [];
    for (let i = 0; i < 25; i++) runIds.push(await start(t, "complete"));
    for (const runId of runIds) await untilStatus(t, runId, "completed");
    const alive = async () =>
      (await Promise.all(runIds.map((runId) => getRun(t, runId)))).filter(
        (run) => run !== null,
      ).length;
    const lastExpiry = Math.max(
      ...(await Promise.all(
        runIds.map(async (runId) => (await getRun(t, runId))!.expiresAt!),
      )),
    );
    await elapse(t, lastExpiry - Date.now());
    expect(await alive()).toBe(15);
    await elapse(t, 1000);
    expect(await alive()).toBe(5);
    await elapse(t, 1000);
    expect(await alive()).toBe(0);
  });

  test("a restarted run loses its expiry until it ends again", async () => {
    const t = makeTest();
    const runId = await start(t, "fail");
    await untilStatus(t, runId, "failed");
    expect((await getRun(t, runId))?.expiresAt).toBeDefined();
    await t.run((ctx) => retainedFlows.restart(ctx, runId));
    expect((await getRun(t, runId))?.expiresAt).toBeUndefined();
    await untilStatus(t, runId, "failed");
    const run = (await getRun(t, runId))!;
    expect(run.expiresAt).toBe(run.finishedAt! + 2 * HOUR);
  });

  test("bad periods are refused where they are given, and nothing is written", async () => {
    const t = makeTest();
    expect(
      () =>
        new AgentWorkflows(components.agentWorkflows, {
          retention: { completed: -1 },
        }),
    ).toThrow(/retention.completed/);
    expect(() =>
      retainedFlows.define({
        name: "bad",
        input: z.object({}),
        output: z.object({}),
        retention: { failed: Infinity },
        handler: async () => ({}),
      }),
    ).toThrow(/bad.retention.failed/);
    const before = await rowCounts(t);
    for (const args of [
      { completed: -5 },
      { failed: 1e20 },
      { canceled: Number.NaN },
    ]) {
      await expectCode(setRetention(t, args), "INVALID_ARGUMENT");
    }
    expect(await rowCounts(t)).toEqual(before);
  });
});
