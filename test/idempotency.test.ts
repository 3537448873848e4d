// start with an idempotencyKey: a retried start returns the first run.
import { expect, test } from "vitest";
import { internal } from "./app/_generated/api.js";
import { flows } from "./app/workflows.js";
import {
  expectCode,
  firstPage,
  makeTest,
  rowCounts,
  settle,
  useFakeTimers,
} from "./harness.js";

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

test("a key used for another workflow is IDEMPOTENCY_CONFLICT and starts nothing", async () => {
  const t = makeTest();
  const first = await t.run((ctx) =>
    flows.start(
      ctx,
      internal.workflows.pipeline,
      { words: ["a"], key: "x1" },
      { idempotencyKey: "k" },
    ),
  );
  const before = await rowCounts(t);
  await expectCode(
    t.run((ctx) =>
      flows.start(
        ctx,
        internal.workflows.sleeper,
        { ms: 10, key: "x2" },
        { idempotencyKey: "k" },
      ),
    ),
    "IDEMPOTENCY_CONFLICT",
  );
  expect(await rowCounts(t)).toEqual(before);
  await settle(t);
  expect(await t.query(internal.steps.count, { key: "x2" })).toBe(0);
  const runs = await t.run((ctx) =>
    flows.listRuns(ctx, { paginationOpts: firstPage }),
  );
  expect(runs.page.map((r) => r.runId)).toEqual([first]);
});

test("keys are scoped per owner: the same key starts one run per owner", async () => {
  const t = makeTest();
  const input = { words: ["a"], key: "owners" };
  const start = (owner?: string) =>
    t.run((ctx) =>
      flows.start(ctx, internal.workflows.pipeline, input, {
        idempotencyKey: "order-7",
        owner,
      }),
    );
  const alice = await start("alice");
  const bob = await start("bob");
  const nobody = await start(undefined);
  expect(new Set([alice, bob, nobody]).size).toBe(3);
  expect(await start("alice")).toBe(alice);
  expect(await start("bob")).toBe(bob);
  expect(await start(undefined)).toBe(nobody);
  const owners = await t.run(async (ctx) =>
    Promise.all(
      [alice, bob, nobody].map(
        async (id) => (await flows.getRun(ctx, id))?.owner ?? null,
      ),
    ),
  );
  expect(owners).toEqual(["alice", "bob", null]);
});

test("a reused key with another input returns the first run, whose input stays", async () => {
  const t = makeTest();
  const first = await t.run((ctx) =>
    flows.start(
      ctx,
      internal.workflows.pipeline,
      { words: ["first"], key: "inputs" },
      { idempotencyKey: "same" },
    ),
  );
  const again = await t.run((ctx) =>
    flows.start(
      ctx,
      internal.workflows.pipeline,
      { words: ["second"], key: "inputs" },
      { idempotencyKey: "same" },
    ),
  );
  expect(again).toBe(first);
  expect((await t.run((ctx) => flows.getRun(ctx, first)))?.input).toEqual({
    words: ["first"],
    key: "inputs",
  });
});

test("two starts with one key racing from actions both get the first run", async () => {
  const t = makeTest();
  const input = { words: ["a"], key: "race" };
  // Each action's start is its own transaction, as when two requests race.
  const [a, b] = await Promise.all([
    t.action(internal.clientApi.startFromAction, { key: "race-1", input }),
    t.action(internal.clientApi.startFromAction, { key: "race-1", input }),
  ]);
  expect(b).toBe(a);
  await settle(t);
  const runs = await t.run((ctx) =>
    flows.listRuns(ctx, { paginationOpts: firstPage }),
  );
  expect(runs.page).toHaveLength(1);
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
