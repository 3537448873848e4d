// LLM steps share one cap on calls in flight (llm.maxParallelism),
// across all runs; an operator can change it at run time.
import { beforeEach, describe, expect, test } from "vitest";
import type { RunId } from "../src/client/index.js";
import { components, internal } from "./app/_generated/api.js";
import { mockLlm } from "./app/mockModel.js";
import { flows } from "./app/workflows.js";
import {
  expectCode,
  getRun,
  makeTest,
  settle,
  type TestApp,
  useFakeTimers,
} from "./harness.js";
import { getConfig } from "./flowHarness.js";
import { componentRows } from "./llmHarness.js";

useFakeTimers();
beforeEach(() => mockLlm.reset());

async function startFiveCalls(t: TestApp, runs: number): Promise<RunId[]> {
  const ids: RunId[] = [];
  for (let i = 0; i < runs; i++) {
    ids.push(
      await t.run((ctx) =>
        flows.start(ctx, internal.llmWorkflows.fiveCalls, { topic: `t${i}` }),
      ),
    );
  }
  return ids;
}

async function expectAllCompleted(t: TestApp, ids: RunId[]) {
  for (const id of ids) {
    const run = await getRun(t, id);
    expect(run?.status).toBe("completed");
    expect(run?.output.texts).toHaveLength(5);
    expect(run?.usage?.llmCalls).toBe(5);
  }
}

const setCap = (t: TestApp, maxParallelism: number | null) =>
  t.run((ctx) =>
    ctx.runMutation(components.agentWorkflows.config.setLlmParallelism, {
      maxParallelism,
    }),
  );

describe("LLM concurrency cap", () => {
  // 50 model calls through the pool take a few seconds of real time.
  test(
    "10 runs of 5 calls: in flight reaches the cap (3) and never exceeds it",
    { timeout: 30_000 },
    async () => {
      const t = makeTest();
      mockLlm.latencyMs = 1000;
      const ids = await startFiveCalls(t, 10);
      await settle(t);
      expect(mockLlm.maxInFlight).toBe(3);
      expect(mockLlm.inFlight).toBe(0);
      expect(mockLlm.calls).toBe(50);
      await expectAllCompleted(t, ids);
      const calls = await componentRows(t, "llmCalls");
      expect(calls).toHaveLength(50);
      expect(calls.every((c) => c.status === "completed")).toBe(true);
    },
  );

  test(
    "config:setLlmParallelism lowers the cap for later calls; null restores the app's option",
    { timeout: 30_000 },
    async () => {
      const t = makeTest();
      mockLlm.latencyMs = 1000;
      const before = await startFiveCalls(t, 3);
      await settle(t);
      expect(mockLlm.maxInFlight).toBe(3);
      await expectAllCompleted(t, before);

      await setCap(t, 1);
      expect(await getConfig(t)).toMatchObject({
        llmMaxParallelism: 1,
        overridden: true,
        retention: {},
        llmRunning: 0,
        llmKeys: [],
      });
      mockLlm.maxInFlight = 0;
      const lowered = await startFiveCalls(t, 2);
      await settle(t);
      expect(mockLlm.maxInFlight).toBe(1);
      expect(mockLlm.calls).toBe(25);
      await expectAllCompleted(t, lowered);

      await setCap(t, null);
      expect((await getConfig(t)).overridden).toBe(false);
      mockLlm.maxInFlight = 0;
      const restored = await startFiveCalls(t, 3);
      await settle(t);
      expect(mockLlm.maxInFlight).toBe(3);
      await expectAllCompleted(t, restored);
    },
  );

  test.each([0, 1.5, 101, -1])(
    "setLlmParallelism(%s) gives INVALID_ARGUMENT and changes nothing",
    async (bad) => {
      const t = makeTest();
      await setCap(t, 2);
      const error = await expectCode(setCap(t, bad), "INVALID_ARGUMENT");
      expect(error.path).toEqual(["maxParallelism"]);
      expect(await getConfig(t)).toMatchObject({
        llmMaxParallelism: 2,
        overridden: true,
        retention: {},
      });
      expect(await componentRows(t, "config")).toHaveLength(1);
    },
  );
});
