// cancel: a run and its later steps stop; canceling twice is a no-op.
import { describe, expect, test } from "vitest";
import { internal } from "./app/_generated/api.js";
import { flows } from "./app/workflows.js";
import {
  advanceUntil,
  count,
  eventTypes,
  expectCode,
  firstPage,
  getRun,
  makeTest,
  settle,
  useFakeTimers,
} from "./harness.js";
import { expectLogs, STALE_STEP_LOGS } from "./quietLogs.js";

useFakeTimers();

describe("cancel", () => {
  expectLogs(...STALE_STEP_LOGS, /gate \S+ is closed/);
  test("while a step runs: the run ends canceled and later steps never run", async () => {
    const t = makeTest();
    await t.mutation(internal.steps.setSwitch, { key: "c1", on: true });
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.workflows.gatedFlow, { key: "c1" }),
    );
    // Let the first action run, but not the workflow's next step.
    await advanceUntil(t, async () => (await count(t, "c1")) === 1);
    expect((await getRun(t, runId))?.status).toBe("running");

    await t.run((ctx) => flows.cancel(ctx, runId));
    const canceled = await getRun(t, runId);
    expect(canceled?.status).toBe("canceled");
    expect(canceled?.finishedAt).toBeDefined();
    expect(canceled?.currentSteps).toEqual([]);

    await settle(t);
    expect((await getRun(t, runId))?.status).toBe("canceled");
    expect(await count(t, "c1")).toBe(1);
    expect(await count(t, "gated:c1")).toBe(0);
    const types = await eventTypes(t, runId);
    expect(types.filter((type) => type === "run.canceled")).toHaveLength(1);
    expect(types).not.toContain("run.completed");
    expect(types.at(-1)).toBe("run.canceled");
  });

  test("while its first step is still queued: nothing runs", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.workflows.pipeline, {
        words: ["a", "b"],
        key: "c2",
      }),
    );
    await t.run((ctx) => flows.cancel(ctx, runId));
    await settle(t);
    expect((await getRun(t, runId))?.status).toBe("canceled");
    expect(await count(t, "c2")).toBe(0);
    const steps = await t.run((ctx) => flows.listSteps(ctx, runId, firstPage));
    expect(steps.page.map((s) => s.status)).toEqual(["canceled"]);
  });

  test("during a sleep: the step after the sleep never runs", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.workflows.sleeper, { ms: 60_000, key: "c3" }),
    );
    expect((await getRun(t, runId))?.status).toBe("waiting");
    await t.run((ctx) => flows.cancel(ctx, runId));
    await settle(t);
    expect((await getRun(t, runId))?.status).toBe("canceled");
    expect(await count(t, "c3")).toBe(0);
    expect(await eventTypes(t, runId)).toEqual(["run.created", "run.canceled"]);
    const steps = await t.run((ctx) => flows.listSteps(ctx, runId, firstPage));
    expect(steps.page.map((s) => [s.name, s.status])).toEqual([
      ["nap", "canceled"],
    ]);
    expect((await getRun(t, runId))?.currentSteps).toEqual([]);
  });

  test("canceling a canceled run again does nothing", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.workflows.sleeper, { ms: 60_000, key: "c4" }),
    );
    await t.run((ctx) => flows.cancel(ctx, runId));
    await settle(t);
    const before = await getRun(t, runId);
    const eventsBefore = await eventTypes(t, runId);
    await t.run((ctx) => flows.cancel(ctx, runId));
    await settle(t);
    expect(await getRun(t, runId)).toEqual(before);
    expect(await eventTypes(t, runId)).toEqual(eventsBefore);
  });

  test("canceling a completed or failed run throws RUN_FINISHED and changes nothing", async () => {
    const t = makeTest();
    const done = await t.run((ctx) =>
      flows.start(ctx, internal.workflows.pipeline, {
        words: ["a"],
        key: "c5",
      }),
    );
    const failed = await t.run((ctx) =>
      flows.start(ctx, internal.workflows.gatedFlow, { key: "c5" }),
    );
    await settle(t);
    for (const [runId, status] of [
      [done, "completed"],
      [failed, "failed"],
    ] as const) {
      const before = await getRun(t, runId);
      expect(before?.status).toBe(status);
      const error = await expectCode(
        t.run((ctx) => flows.cancel(ctx, runId)),
        "RUN_FINISHED",
      );
      expect(error.runId).toBe(runId);
      expect(await getRun(t, runId)).toEqual(before);
    }
  });
});
