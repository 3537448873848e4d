// The app's own onComplete, chained after the component records a run's end.
import { expect, test } from "vitest";
import type { RunId } from "../src/client/index.js";
import { internal } from "./app/_generated/api.js";
import { flows } from "./app/workflows.js";
import { makeTest, settle, type TestApp, useFakeTimers } from "./harness.js";
import { expectLogs, STALE_STEP_LOGS } from "./quietLogs.js";

useFakeTimers();
expectLogs(...STALE_STEP_LOGS, /gate \S+ is closed/);

const completions = (t: TestApp) =>
  t.run((ctx) => ctx.db.query("completions").collect());

const onComplete = internal.steps.recordCompletion;

test("a completed run calls onComplete once with kind success and the context", async () => {
  const t = makeTest();
  const context = { orderId: "o-1", attempt: 2 };
  const runId = await t.run((ctx) =>
    flows.start(
      ctx,
      internal.workflows.pipeline,
      { words: ["a"], key: "oc1" },
      { onComplete, context },
    ),
  );
  // Nothing before the run ends.
  expect(await completions(t)).toEqual([]);
  await settle(t);
  const rows = await completions(t);
  expect(
    rows.map(({ runId, kind, context }) => ({ runId, kind, context })),
  ).toEqual([{ runId, kind: "success", context }]);
  expect((await t.run((ctx) => flows.getRun(ctx, runId)))?.status).toBe(
    "completed",
  );
});

test("a canceled run calls onComplete with kind canceled", async () => {
  const t = makeTest();
  const runId = await t.run((ctx) =>
    flows.start(
      ctx,
      internal.workflows.sleeper,
      { ms: 60_000, key: "oc2" },
      {
        onComplete,
        context: "why",
      },
    ),
  );
  await t.run((ctx) => flows.cancel(ctx, runId));
  await settle(t);
  const rows = await completions(t);
  expect(
    rows.map(({ runId, kind, context }) => ({ runId, kind, context })),
  ).toEqual([{ runId, kind: "canceled", context: "why" }]);
});

test("a failed run calls onComplete with kind failed; a restart calls it again", async () => {
  const t = makeTest();
  const runId: RunId = await t.run((ctx) =>
    flows.start(
      ctx,
      internal.workflows.gatedFlow,
      { key: "oc3" },
      { onComplete, context: null },
    ),
  );
  await settle(t);
  expect(
    (await completions(t)).map((r) => [r.runId, r.kind, r.context]),
  ).toEqual([[runId, "failed", null]]);

  await t.mutation(internal.steps.setSwitch, { key: "oc3", on: true });
  await t.run((ctx) => flows.restart(ctx, runId, { from: "gate" }));
  await settle(t);
  expect((await completions(t)).map((r) => [r.runId, r.kind])).toEqual([
    [runId, "failed"],
    [runId, "success"],
  ]);
});

test("a run started without onComplete calls nothing", async () => {
  const t = makeTest();
  await t.run((ctx) =>
    flows.start(ctx, internal.workflows.pipeline, { words: ["a"], key: "oc4" }),
  );
  await settle(t);
  expect(await completions(t)).toEqual([]);
});
