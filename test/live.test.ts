// What queries show while a run is in progress: status, current steps,
// progress and step counts, observed between scheduled functions.
import { expect, test, vi } from "vitest";
import type { Run, RunStatus } from "../src/client/index.js";
import { internal } from "./app/_generated/api.js";
import { flows } from "./app/workflows.js";
import {
  advance,
  advanceUntil,
  firstPage,
  makeTest,
  settle,
  useFakeTimers,
} from "./harness.js";

useFakeTimers();

test("a running pipeline shows its current step and advancing progress", async () => {
  const t = makeTest();
  const runId = await t.run((ctx) =>
    flows.start(ctx, internal.workflows.pipeline, {
      words: ["a", "b", "c"],
      key: "live",
    }),
  );
  const read = () => t.run(async (ctx) => (await flows.getRun(ctx, runId))!);

  // The first step starts in the start transaction.
  const first = await read();
  expect(first.status).toBe("running");
  expect(first.stepsStarted).toBe(1);
  expect(first.progress).toBeUndefined();
  expect(first.currentSteps).toEqual([
    expect.objectContaining({
      name: "steps:shout",
      kind: "action",
      stepNumber: 0,
    }),
  ]);
  const running = await t.run((ctx) => flows.listSteps(ctx, runId, firstPage));
  expect(running.page.map((s) => [s.name, s.status])).toEqual([
    ["steps:shout", "running"],
  ]);
  expect(running.page[0]!.finishedAt).toBeUndefined();

  // Step through, one batch of scheduled functions at a time.
  const seen: Run[] = [];
  let run = first;
  for (let i = 0; i < 200 && run.status !== "completed"; i++) {
    await advance(t);
    run = await read();
    seen.push(run);
  }
  expect(run.status).toBe("completed");
  const inProgress = seen.filter((r) => r.status !== "completed");
  const statuses = new Set<RunStatus>(inProgress.map((r) => r.status));
  expect([...statuses]).toEqual(["running"]);

  // Every in-progress snapshot names the step it runs (or none, between a
  // step's end and the handler's next replay), never a finished run's data.
  for (const r of inProgress) {
    expect(r.output).toBeUndefined();
    expect(r.finishedAt).toBeUndefined();
    for (const step of r.currentSteps) {
      expect(step).toMatchObject({ name: "steps:shout", kind: "action" });
    }
  }
  // Each of the three word steps was seen in progress, in journal order
  // (step numbers 0, 2, 4: each word's progress report is a step too).
  const stepNumbersSeen = inProgress.flatMap((r) =>
    r.currentSteps.map((s) => s.stepNumber),
  );
  expect([...new Set(stepNumbersSeen)]).toEqual([0, 2, 4]);
  expect(stepNumbersSeen).toEqual([...stepNumbersSeen].sort((a, b) => a - b));

  // Progress never went back, and was seen part-way (1 of 3, 2 of 3).
  const completedSeen = inProgress.map((r) => r.progress?.completed ?? 0);
  expect(completedSeen).toEqual([...completedSeen].sort((a, b) => a - b));
  expect(completedSeen).toEqual(expect.arrayContaining([1, 2]));
  const partial = inProgress.find((r) => r.progress?.completed === 1)!;
  expect(partial.progress).toMatchObject({ total: 3, message: "word 1" });
  expect(partial.progress!.fraction).toBeCloseTo(1 / 3);
  const started = inProgress.map((r) => r.stepsStarted);
  expect(started).toEqual([...started].sort((a, b) => a - b));
  expect(started).toEqual(expect.arrayContaining([2, 3]));

  expect(run.currentSteps).toEqual([]);
  expect(run.progress).toMatchObject({ completed: 3, total: 3, fraction: 1 });
});

test("a sleeping run is waiting, and runs on once the sleep is over", async () => {
  const t = makeTest();
  const minute = 60_000;
  const runId = await t.run((ctx) =>
    flows.start(ctx, internal.workflows.sleeper, {
      ms: 10 * minute,
      key: "nap",
    }),
  );
  const read = () => t.run(async (ctx) => (await flows.getRun(ctx, runId))!);

  const asleep = await read();
  expect(asleep.status).toBe("waiting");
  expect(asleep.currentSteps).toEqual([
    expect.objectContaining({ name: "nap", kind: "sleep", stepNumber: 0 }),
  ]);
  const steps = await t.run((ctx) => flows.listSteps(ctx, runId, firstPage));
  expect(steps.page.map((s) => [s.name, s.kind, s.status])).toEqual([
    ["nap", "sleep", "waiting"],
  ]);
  const waiting = await t.run((ctx) =>
    flows.listRuns(ctx, { status: "waiting", paginationOpts: firstPage }),
  );
  expect(waiting.page.map((r) => r.runId)).toEqual([runId]);

  // Half-way through the sleep (the clock moved 15 s at a time, running
  // whatever fell due): still waiting, the next step not run.
  for (let i = 0; i < 20; i++) {
    vi.advanceTimersByTime(minute / 4);
    await t.finishInProgressScheduledFunctions();
  }
  expect((await read()).status).toBe("waiting");
  expect(await t.query(internal.steps.count, { key: "nap" })).toBe(0);

  // Past the sleep, the run goes on to its mutation step and completes.
  await advanceUntil(t, async () => (await read()).status !== "waiting");
  expect(Date.now() - asleep.startedAt).toBeGreaterThanOrEqual(10 * minute);
  await settle(t);
  const done = await read();
  expect(done.status).toBe("completed");
  expect(await t.query(internal.steps.count, { key: "nap" })).toBe(1);
  const after = await t.run((ctx) => flows.listSteps(ctx, runId, firstPage));
  expect(after.page.map((s) => [s.name, s.kind, s.status])).toEqual([
    ["nap", "sleep", "completed"],
    ["steps:increment", "mutation", "completed"],
  ]);
});
