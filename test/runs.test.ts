// A run from start to its end: completion with output, progress, steps and
// events; retried actions; failures recorded with the step that caused them.
import { describe, expect, test } from "vitest";
import { internal } from "./app/_generated/api.js";
import { flows } from "./app/workflows.js";
import { firstPage, makeTest, settle, useFakeTimers } from "./harness.js";
import { expectLogs } from "./quietLogs.js";

useFakeTimers();

describe("a multi-step workflow", () => {
  test("runs to completion with its output, progress and steps", async () => {
    const t = makeTest();
    const input = { words: ["a", "b", "c"], key: "pipe" };
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.workflows.pipeline, input),
    );
    await settle(t);

    const run = await t.run((ctx) => flows.getRun(ctx, runId));
    expect(run).toMatchObject({
      runId,
      name: "pipeline",
      status: "completed",
      input,
      output: { text: "A B C" },
      stepsStarted: 3,
      currentSteps: [],
      tags: [],
      progress: { completed: 3, total: 3, fraction: 1, message: "word 3" },
    });
    expect(run!.error).toBeUndefined();
    expect(run!.finishedAt).toBeGreaterThanOrEqual(run!.startedAt);
    // Each word's action ran exactly once.
    expect(await t.query(internal.steps.count, { key: "pipe" })).toBe(3);

    const steps = await t.run((ctx) => flows.listSteps(ctx, runId, firstPage));
    expect(steps.isDone).toBe(true);
    expect(steps.page.map((s) => [s.name, s.kind, s.status])).toEqual([
      ["steps:shout", "action", "completed"],
      ["steps:shout", "action", "completed"],
      ["steps:shout", "action", "completed"],
    ]);
    let previous = -1;
    for (const step of steps.page) {
      expect(step.stepNumber).toBeGreaterThan(previous);
      previous = step.stepNumber;
      expect(step.finishedAt).toBeGreaterThanOrEqual(step.startedAt);
      expect(step.error).toBeUndefined();
    }
    for (let i = 1; i < steps.page.length; i++) {
      // In order: a step starts once the one before it has finished.
      expect(steps.page[i]!.startedAt).toBeGreaterThanOrEqual(
        steps.page[i - 1]!.finishedAt!,
      );
    }
  });

  test("logs its lifecycle, progress and custom events in order", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.workflows.pipeline, {
        words: ["x", "y"],
        key: "ev",
      }),
    );
    await settle(t);
    const { events, cursor, isDone } = await t.run((ctx) =>
      flows.listEvents(ctx, runId),
    );
    expect(events.map((e) => e.type)).toEqual([
      "run.created",
      "run.progress",
      "run.progress",
      "pipeline.done",
      "run.completed",
    ]);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(events[1]!.data).toEqual({
      completed: 1,
      total: 2,
      message: "word 1",
    });
    expect(events[2]!.data).toEqual({
      completed: 2,
      total: 2,
      message: "word 2",
    });
    expect(events[3]!.data).toEqual({ count: 2 });
    expect(cursor).toBe(5);
    expect(isDone).toBe(true);
  });

  test("listSteps shows the component's own progress/emit steps only when asked", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.workflows.pipeline, {
        words: ["x"],
        key: "int",
      }),
    );
    await settle(t);
    const plain = await t.run((ctx) => flows.listSteps(ctx, runId, firstPage));
    expect(plain.page.map((s) => s.name)).toEqual(["steps:shout"]);
    const all = await t.run((ctx) =>
      flows.listSteps(ctx, runId, firstPage, { includeInternal: true }),
    );
    expect(all.page.map((s) => [s.name, s.kind, s.status])).toEqual([
      ["steps:shout", "action", "completed"],
      ["agentWorkflows:progress", "mutation", "completed"],
      ["agentWorkflows:emit", "mutation", "completed"],
    ]);
  });
});

describe("retries", () => {
  const logs = expectLogs("flaky failure");
  test("an action that fails fewer times than maxAttempts is retried until it succeeds", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.workflows.flakyFlow, {
        key: "flaky",
        failTimes: 2,
      }),
    );
    await settle(t);
    const run = await t.run((ctx) => flows.getRun(ctx, runId));
    expect(run).toMatchObject({ status: "completed", output: { calls: 3 } });
    expect(await t.query(internal.steps.count, { key: "flaky" })).toBe(3);
    // Each failed attempt was logged (and kept out of the test output).
    expect(logs.captured).toEqual([
      "Error: flaky failure 1",
      "Error: flaky failure 2",
    ]);
    const steps = await t.run((ctx) => flows.listSteps(ctx, runId, firstPage));
    expect(steps.page.map((s) => [s.name, s.status])).toEqual([
      ["callFlaky", "completed"],
    ]);
  });

  test("an action that keeps failing fails the run after maxAttempts calls", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.workflows.flakyFlow, {
        key: "broken",
        failTimes: 100,
      }),
    );
    await settle(t);
    const run = await t.run((ctx) => flows.getRun(ctx, runId));
    expect(run?.status).toBe("failed");
    expect(run?.error?.message).toContain("flaky failure 4");
    expect(run?.error?.step).toEqual({ name: "callFlaky", stepNumber: 0 });
    // maxAttempts is 4 in the workflow's retry policy.
    expect(await t.query(internal.steps.count, { key: "broken" })).toBe(4);
  });
});

describe("failures", () => {
  expectLogs("gate closed is closed", "INVALID_OUTPUT");
  test("a failing step is recorded with the run's error and in listSteps", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.workflows.gatedFlow, { key: "closed" }),
    );
    await settle(t);

    const run = await t.run((ctx) => flows.getRun(ctx, runId));
    expect(run?.status).toBe("failed");
    expect(run?.output).toBeUndefined();
    expect(run?.finishedAt).toBeDefined();
    expect(run?.error?.message).toContain("gate closed is closed");
    expect(run?.error?.code).toBe("STEP_FAILED");
    expect(run?.error?.step).toEqual({ name: "gate", stepNumber: 1 });

    const steps = await t.run((ctx) => flows.listSteps(ctx, runId, firstPage));
    expect(steps.page.map((s) => [s.name, s.stepNumber, s.status])).toEqual([
      ["first", 0, "completed"],
      ["gate", 1, "failed"],
    ]);
    expect(steps.page[1]!.error).toContain("gate closed is closed");
    expect(steps.page[1]!.finishedAt).toBeDefined();
    // retry: false on the gate step: called once.
    expect(await t.query(internal.steps.count, { key: "gated:closed" })).toBe(
      1,
    );

    const { events } = await t.run((ctx) => flows.listEvents(ctx, runId));
    const failed = events.find((e) => e.type === "run.failed");
    expect(failed?.data).toEqual(run?.error);
    expect(events.at(-1)?.type).toBe("run.failed");
  });

  test("output that fails the output schema fails the run with INVALID_OUTPUT", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.workflows.badOutput, {}),
    );
    await settle(t);
    const run = await t.run((ctx) => flows.getRun(ctx, runId));
    expect(run?.status).toBe("failed");
    expect(run?.output).toBeUndefined();
    expect(run?.error?.code).toBe("INVALID_OUTPUT");
    expect(run?.error?.message).toMatch(/^n: /);
    // No step failed: the handler's return value did.
    expect(run?.error?.step).toBeUndefined();
  });
});
