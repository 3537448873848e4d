// start with an idempotencyKey: a retried start returns the first run.
import { expect, test } from "vitest";
import { internal } from "./app/_generated/api.js";
import { flows } from "./app/workflows.js";
import { firstPage, makeTest, settle, useFakeTimers } from "./harness.js";

useFakeTimers();

test("starting twice with one key returns the same run and starts nothing new", async () => {
  const t = makeTest();
  const input = { words: ["a", "b"], key: "idem" };
  const first = await t.run((ctx) =>
    flows.start(ctx, internal.workflows.pipeline, input, {
      idempotencyKey: "order-1",
    }),
  );
  const second = await t.run((ctx) =>
    flows.start(ctx, internal.workflows.pipeline, input, {
      idempotencyKey: "order-1",
    }),
  );
  expect(second).toBe(first);
  await settle(t);
  // Also after the first run finished, and within a single transaction.
  const [third, fourth] = await t.run(async (ctx) => [
    await flows.start(ctx, internal.workflows.pipeline, input, {
      idempotencyKey: "order-1",
    }),
    await flows.start(ctx, internal.workflows.pipeline, input, {
      idempotencyKey: "order-1",
    }),
  ]);
  expect(third).toBe(first);
  expect(fourth).toBe(first);
  await settle(t);

  const runs = await t.run((ctx) =>
    flows.listRuns(ctx, { paginationOpts: firstPage }),
  );
  expect(runs.page.map((r) => r.runId)).toEqual([first]);
  // One run's worth of steps: two words.
  expect(await t.query(internal.steps.count, { key: "idem" })).toBe(2);
  const { events } = await t.run((ctx) => flows.listEvents(ctx, first));
  expect(events.filter((e) => e.type === "run.created")).toHaveLength(1);
});

test("the key is shared across workflows: another workflow with the key gets the first run", async () => {
  const t = makeTest();
  const first = await t.run((ctx) =>
    flows.start(
      ctx,
      internal.workflows.pipeline,
      { words: ["a"], key: "x1" },
      { idempotencyKey: "k" },
    ),
  );
  const other = await t.run((ctx) =>
    flows.start(
      ctx,
      internal.workflows.sleeper,
      { ms: 10, key: "x2" },
      { idempotencyKey: "k" },
    ),
  );
  expect(other).toBe(first);
  await settle(t);
  expect(await t.query(internal.steps.count, { key: "x2" })).toBe(0);
  const runs = await t.run((ctx) =>
    flows.listRuns(ctx, { paginationOpts: firstPage }),
  );
  expect(runs.page.map((r) => r.name)).toEqual(["pipeline"]);
});

test("different keys, or no key, start different runs", async () => {
  const t = makeTest();
  const input = { words: ["a"], key: "many" };
  const a = await t.run((ctx) =>
    flows.start(ctx, internal.workflows.pipeline, input, {
      idempotencyKey: "a",
    }),
  );
  const b = await t.run((ctx) =>
    flows.start(ctx, internal.workflows.pipeline, input, {
      idempotencyKey: "b",
    }),
  );
  const c = await t.run((ctx) =>
    flows.start(ctx, internal.workflows.pipeline, input),
  );
  const d = await t.run((ctx) =>
    flows.start(ctx, internal.workflows.pipeline, input),
  );
  expect(new Set([a, b, c, d]).size).toBe(4);
  await settle(t);
  const runs = await t.run((ctx) =>
    flows.listRuns(ctx, { paginationOpts: firstPage }),
  );
  expect(runs.page).toHaveLength(4);
  expect(runs.page.every((r) => r.status === "completed")).toBe(true);
  expect(await t.query(internal.steps.count, { key: "many" })).toBe(4);
});
