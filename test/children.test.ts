// Child workflows (step.runWorkflow): output, listing, steps, cancel.
import { expect, test } from "vitest";
import type { RunId } from "../src/client/index.js";
import { internal } from "./app/_generated/api.js";
import { flows } from "./app/workflows.js";
import {
  advanceUntil,
  count,
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
expectLogs(...STALE_STEP_LOGS);

async function childOf(t: TestApp, parentId: RunId): Promise<RunId> {
  const steps = await t.run((ctx) => flows.listSteps(ctx, parentId, firstPage));
  const child = steps.page.find((s) => s.kind === "child");
  expect(child?.childRunId).toBeDefined();
  return child!.childRunId!;
}

test("a parent completes with its child's output; the child is listed under it", async () => {
  const t = makeTest();
  const input = { words: ["kid", "stuff"], key: "ch1" };
  const parentId = await t.run((ctx) =>
    flows.start(ctx, internal.parents.parent, input),
  );
  await settle(t);

  const parent = await getRun(t, parentId);
  expect(parent).toMatchObject({
    status: "completed",
    output: { child: "KID STUFF", length: 9 },
  });
  expect(parent?.parentRunId).toBeUndefined();
  expect(await count(t, "ch1")).toBe(2);

  const steps = await t.run((ctx) => flows.listSteps(ctx, parentId, firstPage));
  expect(steps.page).toHaveLength(1);
  const step = steps.page[0]!;
  expect(step).toMatchObject({
    name: "child:pipeline",
    kind: "child",
    status: "completed",
  });
  expect(step.finishedAt).toBeGreaterThanOrEqual(step.startedAt);
  const childId = step.childRunId!;
  expect(childId).not.toBe(parentId);

  const runs = await t.run((ctx) =>
    flows.listRuns(ctx, { paginationOpts: firstPage }),
  );
  expect(runs.page).toHaveLength(2);
  const listedChild = runs.page.find((r) => r.runId === childId);
  // Listed under the name it was defined with, not its step's name.
  expect(listedChild).toMatchObject({
    name: "pipeline",
    status: "completed",
    parentRunId: parentId,
  });
  expect(
    runs.page.find((r) => r.runId === parentId)?.parentRunId,
  ).toBeUndefined();

  const child = await getRun(t, childId);
  expect(child).toMatchObject({
    status: "completed",
    parentRunId: parentId,
    input,
    output: { text: "KID STUFF" },
    progress: { completed: 2, total: 2 },
  });
  const childSteps = await t.run((ctx) =>
    flows.listSteps(ctx, childId, firstPage),
  );
  expect(childSteps.page.map((s) => [s.name, s.kind, s.status])).toEqual([
    ["steps:shout", "action", "completed"],
    ["steps:shout", "action", "completed"],
  ]);
  const childEvents = await t.run((ctx) => flows.listEvents(ctx, childId));
  expect(childEvents.events.map((e) => e.type)).toEqual([
    "run.created",
    "run.progress",
    "run.progress",
    "pipeline.done",
    "run.completed",
  ]);
  expect(childEvents.events[0]!.data).toEqual({ parentRunId: parentId });
});

test("canceling the parent while the child runs cancels the child too", async () => {
  const t = makeTest();
  const parentId = await t.run((ctx) =>
    flows.start(ctx, internal.parents.parent, {
      words: ["a", "b", "c"],
      key: "ch2",
    }),
  );
  const childId = await childOf(t, parentId);
  // Let the child's first word finish, so it is mid-way when canceled.
  await advanceUntil(
    t,
    async () => ((await getRun(t, childId))?.progress?.completed ?? 0) >= 1,
  );
  expect((await getRun(t, childId))?.status).toBe("running");
  const calls = await count(t, "ch2");

  await t.run((ctx) => flows.cancel(ctx, parentId));
  expect((await getRun(t, parentId))?.status).toBe("canceled");
  expect((await getRun(t, childId))?.status).toBe("canceled");
  await settle(t);

  expect((await getRun(t, parentId))?.status).toBe("canceled");
  const child = await getRun(t, childId);
  expect(child?.status).toBe("canceled");
  expect(child?.finishedAt).toBeDefined();
  // The child really stopped: the word in flight when it was canceled may
  // still have finished, but the child went no further (3 words).
  expect(calls).toBe(1);
  expect(await count(t, "ch2")).toBeLessThanOrEqual(2);
  expect((await getRun(t, childId))?.progress?.completed).toBe(1);
  const childEvents = await t.run((ctx) => flows.listEvents(ctx, childId));
  expect(childEvents.events.map((e) => e.type)).not.toContain("pipeline.done");
  expect(
    childEvents.events.filter((e) => e.type === "run.canceled"),
  ).toHaveLength(1);
  const canceled = await t.run((ctx) =>
    flows.listRuns(ctx, { status: "canceled", paginationOpts: firstPage }),
  );
  expect(canceled.page.map((r) => r.runId).sort()).toEqual(
    [childId, parentId].sort(),
  );
});

test("a child cannot be restarted or cleaned up on its own", async () => {
  const t = makeTest();
  const parentId = await t.run((ctx) =>
    flows.start(ctx, internal.parents.parent, { words: ["a"], key: "ch3" }),
  );
  await settle(t);
  const childId = await childOf(t, parentId);
  await expectCode(
    t.run((ctx) => flows.restart(ctx, childId)),
    "INVALID_ARGUMENT",
  );
  await expectCode(
    t.run((ctx) => flows.cleanup(ctx, childId)),
    "INVALID_ARGUMENT",
  );
  expect((await getRun(t, childId))?.status).toBe("completed");

  // Cleaning up the parent removes the child with it (in the batches that follow).
  await t.run((ctx) => flows.cleanup(ctx, parentId));
  expect(await getRun(t, parentId)).toBeNull();
  await settle(t);
  expect(await getRun(t, childId)).toBeNull();
  const runs = await t.run((ctx) =>
    flows.listRuns(ctx, { paginationOpts: firstPage }),
  );
  expect(runs.page).toEqual([]);
});

test("restarting the parent from its child step runs a fresh child and drops the old one", async () => {
  const t = makeTest();
  const parentId = await t.run((ctx) =>
    flows.start(ctx, internal.parents.parent, { words: ["a"], key: "ch4" }),
  );
  await settle(t);
  const oldChild = await childOf(t, parentId);
  await t.run((ctx) =>
    flows.restart(ctx, parentId, { from: "child:pipeline" }),
  );
  await settle(t);

  expect(await getRun(t, parentId)).toMatchObject({
    status: "completed",
    stepsStarted: 1,
  });
  const newChild = await childOf(t, parentId);
  expect(newChild).not.toBe(oldChild);
  expect(await getRun(t, oldChild)).toBeNull();
  const runs = await t.run((ctx) =>
    flows.listRuns(ctx, { paginationOpts: firstPage }),
  );
  expect(runs.page.map((r) => r.runId).sort()).toEqual(
    [newChild, parentId].sort(),
  );
  expect(await count(t, "ch4")).toBe(2);
});
