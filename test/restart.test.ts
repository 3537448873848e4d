// restart: replay a finished run from a step, or all of it.
import { describe, expect, test } from "vitest";
import type { RunId } from "../src/client/index.js";
import { internal } from "./app/_generated/api.js";
import { flows } from "./app/workflows.js";
import {
  count,
  eventTypes,
  expectCode,
  firstPage,
  getRun,
  makeTest,
  settle,
  type TestApp,
  useFakeTimers,
} from "./harness.js";
import { expectLogs, STALE_STEP_LOGS } from "./quietLogs.js";

useFakeTimers();

describe("restart", () => {
  expectLogs(...STALE_STEP_LOGS, /gate \S+ is closed/);
  async function failedGatedRun(t: TestApp, key: string): Promise<RunId> {
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.workflows.gatedFlow, { key }),
    );
    await settle(t);
    expect((await getRun(t, runId))?.status).toBe("failed");
    expect(await count(t, key)).toBe(1);
    expect(await count(t, `gated:${key}`)).toBe(1);
    return runId;
  }

  test("from a step name replays from that step; earlier steps are not run again", async () => {
    const t = makeTest();
    const runId = await failedGatedRun(t, "r1");
    await t.mutation(internal.steps.setSwitch, { key: "r1", on: true });

    await t.run((ctx) => flows.restart(ctx, runId, { from: "gate" }));
    const queued = await getRun(t, runId);
    expect(queued?.status).toBe("queued");
    expect(queued?.error).toBeUndefined();
    expect(queued?.finishedAt).toBeUndefined();
    await settle(t);

    const run = await getRun(t, runId);
    expect(run).toMatchObject({
      status: "completed",
      output: { first: "FIRST", gate: "opened" },
      stepsStarted: 2,
    });
    expect(run?.error).toBeUndefined();
    expect(await count(t, "r1")).toBe(1);
    expect(await count(t, "gated:r1")).toBe(2);
    const steps = await t.run((ctx) => flows.listSteps(ctx, runId, firstPage));
    expect(steps.page.map((s) => [s.name, s.status])).toEqual([
      ["first", "completed"],
      ["gate", "completed"],
    ]);
    const types = await eventTypes(t, runId);
    expect(types.slice(-3)).toEqual([
      "run.failed",
      "run.restarted",
      "run.completed",
    ]);
  });

  test("from a step function reference resolves to the step it ran", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.workflows.sleeper, { ms: 1000, key: "r2" }),
    );
    await settle(t);
    expect(await count(t, "r2")).toBe(1);
    await t.run((ctx) =>
      flows.restart(ctx, runId, { from: internal.steps.increment }),
    );
    await settle(t);
    expect((await getRun(t, runId))?.status).toBe("completed");
    // Only the increment step ran again, not the sleep before it.
    expect(await count(t, "r2")).toBe(2);
    const steps = await t.run((ctx) => flows.listSteps(ctx, runId, firstPage));
    expect(steps.page.map((s) => s.name)).toEqual(["nap", "steps:increment"]);
  });

  test("from step number 0 reruns every step", async () => {
    const t = makeTest();
    const runId = await failedGatedRun(t, "r3");
    await t.mutation(internal.steps.setSwitch, { key: "r3", on: true });
    await t.run((ctx) => flows.restart(ctx, runId, { from: 0 }));
    expect(await getRun(t, runId)).toMatchObject({
      status: "queued",
      stepsStarted: 0,
    });
    await settle(t);
    expect(await getRun(t, runId)).toMatchObject({
      status: "completed",
      stepsStarted: 2,
    });
    expect(await count(t, "r3")).toBe(2);
    expect(await count(t, "gated:r3")).toBe(2);
    const steps = await t.run((ctx) => flows.listSteps(ctx, runId, firstPage));
    expect(steps.page.map((s) => [s.name, s.stepNumber, s.status])).toEqual([
      ["first", 0, "completed"],
      ["gate", 1, "completed"],
    ]);
  });

  test("a run that has not finished cannot restart (RUN_NOT_FINISHED)", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.workflows.sleeper, { ms: 60_000, key: "r4" }),
    );
    const before = await getRun(t, runId);
    await expectCode(
      t.run((ctx) => flows.restart(ctx, runId)),
      "RUN_NOT_FINISHED",
    );
    expect(await getRun(t, runId)).toEqual(before);
    await settle(t);
    expect((await getRun(t, runId))?.status).toBe("completed");
    expect(await count(t, "r4")).toBe(1);
  });

  test("an unknown step name gives STEP_NOT_FOUND and leaves the run as it was", async () => {
    const t = makeTest();
    const runId = await failedGatedRun(t, "r5");
    const before = await getRun(t, runId);
    const error = await expectCode(
      t.run((ctx) => flows.restart(ctx, runId, { from: "no-such-step" })),
      "STEP_NOT_FOUND",
    );
    expect(error.message).toContain("no-such-step");
    expect(await getRun(t, runId)).toEqual(before);
    await settle(t);
    expect(await count(t, "gated:r5")).toBe(1);
  });

  test("a negative step number gives INVALID_ARGUMENT", async () => {
    const t = makeTest();
    const runId = await failedGatedRun(t, "r6");
    await expectCode(
      t.run((ctx) => flows.restart(ctx, runId, { from: -1 })),
      "INVALID_ARGUMENT",
    );
    expect((await getRun(t, runId))?.status).toBe("failed");
  });

  test("an unknown run gives RUN_NOT_FOUND", async () => {
    const t = makeTest();
    await expectCode(
      t.run((ctx) => flows.restart(ctx, "no-such-run" as RunId)),
      "RUN_NOT_FOUND",
    );
  });

  test("a run canceled mid-step restarts as is (no from) from that step and completes", async () => {
    const t = makeTest();
    for (const [workflow, input, key] of [
      [internal.workflows.sleeper, { ms: 60_000, key: "rc1" }, "rc1"],
      [internal.workflows.pipeline, { words: ["a", "b"], key: "rc2" }, "rc2"],
    ] as const) {
      const runId = await t.run((ctx) =>
        flows.start(ctx, workflow as never, input as never),
      );
      // The first step is under way (a sleep, or an action queued).
      await t.finishInProgressScheduledFunctions();
      await t.run((ctx) => flows.cancel(ctx, runId));
      expect((await getRun(t, runId))?.status).toBe("canceled");
      await t.run((ctx) => flows.restart(ctx, runId));
      await settle(t);
      const run = await getRun(t, runId);
      expect(run?.status).toBe("completed");
      expect(run?.error).toBeUndefined();
      expect(await count(t, key)).toBeGreaterThan(0);
    }
  });
});
