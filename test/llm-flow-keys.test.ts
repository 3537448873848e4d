// LLM flow control, part 1: caps per concurrency key under the global cap,
// keys taking turns, a freed slot refilled at once, priorities within a
// key and the rule that keeps low priorities from starving.
import { beforeEach, describe, expect, test } from "vitest";
import { internal } from "./app/_generated/api.js";
import { FLOW_CAP, flowFlows } from "./app/flowControl.js";
import { mockLlm } from "./app/mockModel.js";
import {
  maxInFlight,
  pumpFor,
  queueCalls,
  runTimers,
  startTimes,
} from "./flowHarness.js";
import {
  CLOCK_SLACK_MS,
  getRun,
  makeTest,
  settle,
  useFakeTimers,
} from "./harness.js";

useFakeTimers();
beforeEach(() => mockLlm.reset());

const LATENCY = 1000;
const calls = (prefix: string, n: number, options = {}) =>
  Array.from({ length: n }, (_, i) => ({ prompt: `${prefix}#${i}`, options }));

describe("concurrency keys", () => {
  test(
    "each key stays under its own cap, all of them under the global cap",
    { timeout: 60_000 },
    async () => {
      const t = makeTest();
      mockLlm.latencyMs = LATENCY;
      // small:* runs 2 at once, mid:* 3, one:* 1; the global cap is 4.
      await queueCalls(t, [
        ...calls("small:a", 6, { key: "small:a" }),
        ...calls("mid:b", 6, { key: "mid:b" }),
        ...calls("one:c", 4, { key: "one:c" }),
      ]);
      await settle(t);
      expect(mockLlm.calls).toBe(16);
      const of = (key: string) => (p: string) => p.startsWith(key + "#");
      expect(maxInFlight(LATENCY, of("small:a"))).toBeLessThanOrEqual(2);
      expect(maxInFlight(LATENCY, of("mid:b"))).toBeLessThanOrEqual(3);
      expect(maxInFlight(LATENCY, of("one:c"))).toBe(1);
      expect(maxInFlight(LATENCY)).toBe(FLOW_CAP);
      expect(mockLlm.maxInFlight).toBe(FLOW_CAP);
    },
  );

  test(
    "a workflow's key comes from its input; its parallel steps share that key's cap",
    { timeout: 60_000 },
    async () => {
      const t = makeTest();
      mockLlm.latencyMs = LATENCY;
      const runId = await t.run((ctx) =>
        flowFlows.start(ctx, internal.flowControl.tenantCalls, {
          tenant: "small:acme",
          calls: 5,
        }),
      );
      await settle(t);
      expect((await getRun(t, runId))?.status).toBe("completed");
      expect(mockLlm.calls).toBe(5);
      expect(maxInFlight(LATENCY)).toBe(2);
    },
  );

  test(
    "a tenant with a long backlog delays another tenant's first call by one slot turnover at most",
    { timeout: 60_000 },
    async () => {
      const t = makeTest();
      mockLlm.latencyMs = LATENCY;
      // "big" has no cap of its own: only the global cap (4) limits it.
      await queueCalls(t, calls("big", 40, { key: "big" }));
      await queueCalls(t, [
        { prompt: "light:a#0", options: { key: "light:a" } },
        { prompt: "light:b#0", options: { key: "light:b" } },
        { prompt: "light:c#0", options: { key: "light:c" } },
      ]);
      await runTimers(15 * LATENCY);
      expect(mockLlm.calls).toBe(43);
      const order = mockLlm.prompts;
      // The first four of "big" hold the slots; the light tenants take the
      // next three as they free, before "big"'s fifth call.
      expect(order.slice(0, 4).sort()).toEqual([
        "big#0",
        "big#1",
        "big#2",
        "big#3",
      ]);
      expect(order.slice(4, 7).sort()).toEqual([
        "light:a#0",
        "light:b#0",
        "light:c#0",
      ]);
      const starts = startTimes();
      for (const light of ["light:a#0", "light:b#0", "light:c#0"]) {
        expect(starts.get(light)! - starts.get("big#0")!).toBeLessThanOrEqual(
          LATENCY + CLOCK_SLACK_MS,
        );
      }
      expect(maxInFlight(LATENCY)).toBe(FLOW_CAP);
    },
  );

  test(
    "a freed slot is refilled in the same transaction: one call starts as the previous ends",
    { timeout: 60_000 },
    async () => {
      const t = makeTest();
      mockLlm.latencyMs = LATENCY;
      await queueCalls(t, calls("one:r", 5, { key: "one:r" }));
      await runTimers(6 * LATENCY);
      const starts = mockLlm.startedAt;
      expect(starts).toHaveLength(5);
      for (let i = 1; i < 5; i++) {
        const gap = starts[i]! - starts[i - 1]!;
        expect(gap).toBeGreaterThanOrEqual(LATENCY);
        expect(gap).toBeLessThanOrEqual(LATENCY + CLOCK_SLACK_MS);
      }
    },
  );

  test(
    "a canceled run's running call keeps its slot until its action ends: the cap stays exact",
    { timeout: 60_000 },
    async () => {
      const t = makeTest();
      mockLlm.latencyMs = LATENCY;
      const first = await t.run((ctx) =>
        flowFlows.start(ctx, internal.flowControl.tenantCalls, {
          tenant: "one:k",
          calls: 1,
          label: "first",
        }),
      );
      const second = await t.run((ctx) =>
        flowFlows.start(ctx, internal.flowControl.tenantCalls, {
          tenant: "one:k",
          calls: 1,
          label: "second",
        }),
      );
      await pumpFor(300);
      expect(mockLlm.prompts).toEqual(["first#0"]);
      await t.run((ctx) => flowFlows.cancel(ctx, first));
      await pumpFor(300);
      // The first call's action still runs: the second waits for it.
      expect(mockLlm.prompts).toEqual(["first#0"]);
      await runTimers(LATENCY * 2);
      expect(mockLlm.prompts).toEqual(["first#0", "second#0"]);
      const starts = startTimes();
      expect(
        starts.get("second#0")! - starts.get("first#0")!,
      ).toBeGreaterThanOrEqual(LATENCY);
      expect((await getRun(t, second))?.status).toBe("completed");
      expect((await getRun(t, first))?.status).toBe("canceled");
    },
  );
});

describe("priorities", () => {
  test(
    "within a key, higher priority first; equal priorities in queue order",
    { timeout: 60_000 },
    async () => {
      const t = makeTest();
      mockLlm.latencyMs = LATENCY;
      const key = "one:p";
      await queueCalls(t, [
        { prompt: "busy", options: { key } },
        { prompt: "low", options: { key, priority: "low" } },
        { prompt: "normal-1", options: { key } },
        { prompt: "high", options: { key, priority: "high" } },
        { prompt: "normal-2", options: { key, priority: "normal" } },
        { prompt: "urgent", options: { key, priority: 50 } },
        { prompt: "lowest", options: { key, priority: -100 } },
      ]);
      await settle(t);
      expect(mockLlm.prompts).toEqual([
        "busy",
        "urgent",
        "high",
        "normal-1",
        "normal-2",
        "low",
        "lowest",
      ]);
    },
  );

  test(
    "a workflow's default priority and key apply to its steps; a step's own option wins",
    { timeout: 60_000 },
    async () => {
      const t = makeTest();
      mockLlm.latencyMs = LATENCY;
      const key = "one:wf";
      await queueCalls(t, [
        { prompt: "busy", options: { key } },
        { prompt: "normal", options: { key } },
      ]);
      const runId = await t.run((ctx) =>
        flowFlows.start(ctx, internal.flowControl.withDefaults, {}),
      );
      await runTimers(5 * LATENCY);
      expect((await getRun(t, runId))?.status).toBe("completed");
      // The run's steps queued after "normal": its default (high) goes
      // before it, its own low after it.
      expect(mockLlm.prompts).toEqual([
        "busy",
        "wf-default",
        "normal",
        "wf-low",
      ]);
    },
  );

  test(
    "no starvation: a low call queued at t is passed only by high calls queued before t + 120 s",
    { timeout: 120_000 },
    async () => {
      const t = makeTest();
      const key = "one:s";
      mockLlm.latencyMs = 5_000;
      // One slot, always busy: a high call arrives every 5 s.
      const t0 = Date.now();
      await queueCalls(t, [
        { prompt: "high-0", options: { key, priority: "high" } },
        { prompt: "low", options: { key, priority: "low" } },
      ]);
      const queuedAt = new Map<string, number>([["high-0", t0]]);
      for (let i = 1; i <= 34; i++) {
        await pumpFor(2_500, 500);
        queuedAt.set(`high-${i}`, Date.now());
        await queueCalls(t, [
          { prompt: `high-${i}`, options: { key, priority: "high" } },
        ]);
        await pumpFor(2_500, 500);
      }
      await runTimers(60_000);
      const starts = startTimes();
      const low = starts.get("low")!;
      expect(low).toBeDefined();
      // High ranks as 60 s earlier, low as 60 s later: 120 s apart.
      let lastAhead = 0;
      for (const [prompt, at] of queuedAt) {
        if (at < t0 + 120_000) {
          expect(starts.get(prompt)!, prompt).toBeLessThan(low);
          lastAhead = Math.max(lastAhead, starts.get(prompt)!);
        } else {
          expect(starts.get(prompt)!, prompt).toBeGreaterThan(low);
        }
      }
      // It started as soon as the last call ranked ahead of it ended (the
      // clock moves 500 ms at a time here): it waited, but not forever.
      expect(low - t0).toBeGreaterThan(120_000);
      expect(low - (lastAhead + 5_000)).toBeLessThanOrEqual(
        500 + CLOCK_SLACK_MS,
      );
      expect(maxInFlight(5_000)).toBe(1);
    },
  );
});
