// LLM flow control, part 2: provider rate limits (waiting without a slot,
// tokens corrected by the reported usage), caps and limits changed at run
// time, what getRun / listSteps / getLlmCall show of a queued call, and
// bad options refused before anything is written.
import { beforeEach, describe, expect, test } from "vitest";
import { AgentWorkflows, type RunId } from "../src/client/index.js";
import { components, internal } from "./app/_generated/api.js";
import { flowFlows } from "./app/flowControl.js";
import { mockLlm } from "./app/mockModel.js";
import {
  getCall,
  getConfig,
  pumpFor,
  queueCalls,
  runTimers,
  setKeyCap,
  startTimes,
} from "./flowHarness.js";
import {
  CLOCK_SLACK_MS,
  expectCode,
  getRun,
  makeTest,
  rowCounts,
  type TestApp,
  useFakeTimers,
} from "./harness.js";
import { expectLogs } from "./quietLogs.js";

useFakeTimers();
beforeEach(() => mockLlm.reset());

const setRateLimit = (
  t: TestApp,
  name: string,
  limits: {
    requestsPerMinute?: number;
    tokensPerMinute?: number;
    burst?: number;
  } | null,
) =>
  t.run((ctx) =>
    ctx.runMutation(components.agentWorkflows.config.setLlmRateLimit, {
      name,
      limits,
    }),
  );

const startTenant = (t: TestApp, tenant: string, label: string) =>
  t.run((ctx) =>
    flowFlows.start(ctx, internal.flowControl.tenantCalls, {
      tenant,
      calls: 1,
      label,
    }),
  );

const near = (actual: number, expected: number) => {
  expect(actual).toBeGreaterThanOrEqual(expected);
  expect(actual).toBeLessThanOrEqual(expected + CLOCK_SLACK_MS);
};

describe("rate limits", () => {
  test(
    "requests per minute: calls start one every 10 s at 6 a minute, and a waiting call holds no slot",
    { timeout: 60_000 },
    async () => {
      const t = makeTest();
      const key = "one:rate";
      const t0 = Date.now();
      const ids = await queueCalls(
        t,
        [0, 1, 2, 3].map((i) => ({
          prompt: `slow#${i}`,
          options: { key, rateLimit: "slow" },
        })),
      );
      await pumpFor(1_000, 100);
      // The second call waits for the limit, out of the queue: its key's
      // one slot is free for a call without that limit.
      const waiting = await getCall(t, ids[1]!);
      expect(waiting?.queue).toMatchObject({
        key,
        priority: 0,
        reason: "rateLimit",
      });
      // One every 10 s, refilled 1% slower: 10.1 s.
      near(waiting!.queue!.until!, t0 + 10_100);
      await queueCalls(t, [{ prompt: "free", options: { key } }]);
      await pumpFor(100, 10);
      expect(mockLlm.prompts).toEqual(["slow#0", "free"]);

      await runTimers(40_000);
      const starts = startTimes();
      for (let i = 1; i < 4; i++) {
        near(starts.get(`slow#${i}`)! - t0, i * 10_100);
      }
      for (const id of ids) {
        expect((await getCall(t, id))?.status).toBe("completed");
      }
    },
  );

  test(
    "tokens per minute: the reported usage corrects the estimate; more than estimated makes the next call wait",
    { timeout: 60_000 },
    async () => {
      const t = makeTest();
      // 1,000 tokens a minute. The first call estimates 100 but uses 900.
      mockLlm.script = [{ text: "long", inputTokens: 800, outputTokens: 100 }];
      const t0 = Date.now();
      await queueCalls(t, [
        {
          prompt: "first",
          options: { rateLimit: "tokens", estimatedTokens: 100 },
        },
      ]);
      await runTimers(100);
      await queueCalls(t, [
        {
          prompt: "second",
          options: { rateLimit: "tokens", estimatedTokens: 500 },
        },
      ]);
      await runTimers(60_000);
      const starts = startTimes();
      near(starts.get("first")!, t0);
      // 1,000 - 900 = 100 left; 500 needs 400 more: 24 s at 1,000 a
      // minute (24.24 s with the 1% margin).
      const wait = starts.get("second")! - t0;
      expect(wait).toBeGreaterThanOrEqual(24_240 - CLOCK_SLACK_MS);
      expect(wait).toBeLessThanOrEqual(24_240 + 2 * CLOCK_SLACK_MS);
    },
  );

  test(
    "tokens per minute: less than estimated is given back, so the next call need not wait",
    { timeout: 60_000 },
    async () => {
      const t = makeTest();
      mockLlm.script = [{ text: "short", inputTokens: 10, outputTokens: 5 }];
      await queueCalls(t, [
        {
          prompt: "first",
          options: { rateLimit: "tokens", estimatedTokens: 900 },
        },
      ]);
      await pumpFor(100, 10);
      expect(mockLlm.calls).toBe(1);
      const t0 = Date.now();
      await queueCalls(t, [
        {
          prompt: "second",
          options: { rateLimit: "tokens", estimatedTokens: 900 },
        },
      ]);
      await runTimers(1_000);
      // Without the 885 tokens given back it would wait 48 s.
      const starts = startTimes();
      expect(starts.get("second")! - t0).toBeLessThanOrEqual(CLOCK_SLACK_MS);
    },
  );

  test(
    "a workflow's step waiting for its rate limit shows it in getRun and listSteps",
    { timeout: 60_000 },
    async () => {
      const t = makeTest();
      const start = (prompt: string) =>
        t.run((ctx) =>
          flowFlows.start(ctx, internal.flowControl.limitedCall, {
            prompt,
            rateLimit: "slow",
          }),
        );
      const t0 = Date.now();
      await start("a");
      const second = await start("b");
      await pumpFor(500, 50);
      const run = await getRun(t, second);
      expect(run?.queuedLlmCalls).toEqual([
        expect.objectContaining({ reason: "rateLimit", priority: 0 }),
      ]);
      near(run!.queuedLlmCalls![0]!.until!, t0 + 10_100);
      const steps = (
        await t.run((ctx) =>
          flowFlows.listSteps(ctx, second, { numItems: 10, cursor: null }),
        )
      ).page;
      const llmStep = steps.find((s) => s.kind === "llm");
      expect(llmStep?.llm?.queue?.reason).toBe("rateLimit");
      await runTimers(20_000);
      expect((await getRun(t, second))?.status).toBe("completed");
      expect((await getRun(t, second))?.queuedLlmCalls).toBeUndefined();
    },
  );
});

describe("run-time settings", () => {
  test(
    "config:setLlmKeyCap lowers and raises a key's cap; a raise starts queued calls at once; null restores the app's",
    { timeout: 60_000 },
    async () => {
      const t = makeTest();
      mockLlm.latencyMs = 1_000;
      const key = "small:live";
      await queueCalls(
        t,
        Array.from({ length: 12 }, (_, i) => ({
          prompt: `c${i}`,
          options: { key },
        })),
      );
      await pumpFor(100, 10);
      expect(mockLlm.inFlight).toBe(2);

      await setKeyCap(t, key, 3);
      await pumpFor(50, 10);
      expect(mockLlm.inFlight).toBe(3);
      expect(await getConfig(t)).toMatchObject({
        llmRunning: 3,
        llmKeyCaps: [{ key, maxParallelism: 3 }],
        llmKeys: [{ key, running: 3, queued: 9, maxParallelism: 3 }],
      });

      await setKeyCap(t, key, 1);
      mockLlm.maxInFlight = 0;
      await runTimers(1_000);
      // Calls already running finish; then one at a time.
      await pumpFor(2_000, 10);
      expect(mockLlm.inFlight).toBe(1);

      await setKeyCap(t, key, null);
      await pumpFor(50, 10);
      expect(mockLlm.inFlight).toBe(2);
      expect((await getConfig(t)).llmKeyCaps).toEqual([]);
      await runTimers(20_000);
      expect(mockLlm.calls).toBe(12);
      expect((await getConfig(t)).llmKeys).toEqual([]);
    },
  );

  test(
    "config:setLlmRateLimit overrides the app's limit until set back to null",
    { timeout: 60_000 },
    async () => {
      const t = makeTest();
      await setRateLimit(t, "slow", { requestsPerMinute: 1 });
      expect((await getConfig(t)).llmRateLimits).toEqual([
        { name: "slow", requestsPerMinute: 1 },
      ]);
      const t0 = Date.now();
      await queueCalls(t, [
        { prompt: "a", options: { rateLimit: "slow" } },
        { prompt: "b", options: { rateLimit: "slow" } },
      ]);
      await runTimers(70_000);
      near(startTimes().get("b")! - t0, 60_600);

      await setRateLimit(t, "slow", null);
      expect((await getConfig(t)).llmRateLimits).toEqual([]);
      const t1 = Date.now();
      await queueCalls(t, [
        { prompt: "c", options: { rateLimit: "slow" } },
        { prompt: "d", options: { rateLimit: "slow" } },
      ]);
      await runTimers(30_000);
      // Back to 6 a minute: the bucket refilled over the last minute.
      near(startTimes().get("c")! - t1, 0);
      near(startTimes().get("d")! - t1, 10_100);
    },
  );

  test.each([
    ["an empty key", { key: "", maxParallelism: 2 }],
    ["a 201-character key", { key: "k".repeat(201), maxParallelism: 2 }],
    ["a cap of 0", { key: "k", maxParallelism: 0 }],
    ["a cap of 1.5", { key: "k", maxParallelism: 1.5 }],
    ["a cap of 101", { key: "k", maxParallelism: 101 }],
  ])(
    "setLlmKeyCap with %s: INVALID_ARGUMENT, nothing written",
    async (_, args) => {
      const t = makeTest();
      const before = await rowCounts(t);
      await expectCode(
        t.run((ctx) =>
          ctx.runMutation(components.agentWorkflows.config.setLlmKeyCap, args),
        ),
        "INVALID_ARGUMENT",
      );
      expect(await rowCounts(t)).toEqual(before);
    },
  );

  test.each([
    ["no limit at all", {}],
    ["a negative rate", { requestsPerMinute: -1 }],
    ["an infinite rate", { tokensPerMinute: Infinity }],
    ["a zero burst", { requestsPerMinute: 60, burst: 0 }],
  ])(
    "setLlmRateLimit with %s: INVALID_ARGUMENT, nothing written",
    async (_, limits) => {
      const t = makeTest();
      const before = await rowCounts(t);
      await expectCode(setRateLimit(t, "slow", limits), "INVALID_ARGUMENT");
      expect(await rowCounts(t)).toEqual(before);
    },
  );

  test("at most 100 key caps: the 101st is refused, nothing written", async () => {
    const t = makeTest();
    for (let i = 0; i < 100; i++) await setKeyCap(t, `k${i}`, 1);
    const before = await rowCounts(t);
    await expectCode(setKeyCap(t, "k100", 1), "INVALID_ARGUMENT");
    expect(await rowCounts(t)).toEqual(before);
    // Changing one already set is fine.
    await setKeyCap(t, "k5", 2);
    expect((await getConfig(t)).llmKeyCaps).toHaveLength(100);
  });
});

describe("what a queued call shows", () => {
  test(
    "getRun and listSteps show a waiting step's key, priority, reason and place in line",
    { timeout: 60_000 },
    async () => {
      const t = makeTest();
      mockLlm.latencyMs = 1_000;
      const runs: RunId[] = [];
      for (const label of ["r0", "r1", "r2"]) {
        runs.push(await startTenant(t, "one:v", label));
      }
      await pumpFor(200, 10);
      expect(mockLlm.prompts).toEqual(["r0#0"]);
      const queued = async (runId: RunId) =>
        (await getRun(t, runId))?.queuedLlmCalls;
      expect(await queued(runs[0]!)).toEqual([]);
      expect(await queued(runs[1]!)).toEqual([
        expect.objectContaining({
          name: "call0",
          key: "one:v",
          priority: 0,
          reason: "keyCap",
          ahead: 0,
        }),
      ]);
      expect(await queued(runs[2]!)).toEqual([
        expect.objectContaining({ reason: "keyCap", ahead: 1 }),
      ]);
      const steps = (
        await t.run((ctx) =>
          flowFlows.listSteps(ctx, runs[2]!, { numItems: 10, cursor: null }),
        )
      ).page;
      expect(steps.find((s) => s.kind === "llm")?.llm).toMatchObject({
        key: "one:v",
        priority: 0,
        queue: { key: "one:v", reason: "keyCap", ahead: 1 },
      });

      // Four other keys fill the global cap (4): a fifth waits for it.
      for (const tenant of ["a", "b", "c", "d"]) {
        await startTenant(t, `free:${tenant}`, tenant);
      }
      await pumpFor(200, 10);
      expect(mockLlm.inFlight).toBe(4);
      const fifth = await startTenant(t, "free:e", "e");
      await pumpFor(200, 10);
      expect(await queued(fifth)).toEqual([
        expect.objectContaining({
          key: "free:e",
          reason: "globalCap",
          ahead: 0,
        }),
      ]);
      await runTimers(10_000);
      for (const runId of [...runs, fifth]) {
        expect((await getRun(t, runId))?.status).toBe("completed");
      }
    },
  );
});

describe("bad flow options", () => {
  // The workflow with a bad step option fails on purpose.
  expectLogs("priority must be");

  test.each([
    ["an unknown priority", { priority: "urgent" }, ["priority"]],
    ["a fractional priority", { priority: 1.5 }, ["priority"]],
    ["a priority past 100", { priority: 101 }, ["priority"]],
    ["an empty key", { key: "" }, ["key"]],
    ["a 201-character key", { key: "k".repeat(201) }, ["key"]],
    ["an unknown rate limit", { rateLimit: "nope" }, ["rateLimit"]],
    [
      "negative estimated tokens",
      { rateLimit: "tokens", estimatedTokens: -1 },
      ["estimatedTokens"],
    ],
  ])(
    "a one-shot call with %s: INVALID_ARGUMENT, nothing written",
    async (_, options, path) => {
      const t = makeTest();
      const before = await rowCounts(t);
      const error = await expectCode(
        queueCalls(t, [{ prompt: "x", options: options as never }]),
        "INVALID_ARGUMENT",
      );
      expect(error.path).toEqual(path);
      expect(await rowCounts(t)).toEqual(before);
    },
  );

  test("a workflow step with a bad priority fails its run with INVALID_ARGUMENT", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flowFlows.start(ctx, internal.flowControl.anyOptions, {
        options: { priority: "urgent" },
      }),
    );
    await runTimers(1_000);
    const run = await getRun(t, runId);
    expect(run?.status).toBe("failed");
    expect(run?.error?.code).toBe("INVALID_ARGUMENT");
    expect(mockLlm.calls).toBe(0);
  });

  test.each([
    ["a key cap of 0", { keys: { default: { maxParallelism: 0 } } }],
    ["a global cap of 101", { maxParallelism: 101 }],
    ["a rate limit with no limit", { rateLimits: { x: {} } }],
    [
      "a negative tokens per minute",
      { rateLimits: { x: { tokensPerMinute: -5 } } },
    ],
  ])("AgentWorkflows with %s in llm: INVALID_ARGUMENT", async (_, llm) => {
    await expectCode(
      Promise.resolve().then(
        () =>
          new AgentWorkflows(components.agentWorkflows, { llm: llm as never }),
      ),
      "INVALID_ARGUMENT",
    );
  });
});
