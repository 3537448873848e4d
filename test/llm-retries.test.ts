// LLM step failures: retryable provider errors (429, 5xx) go back to the
// pool with backoff and Retry-After; other errors fail the step at once.
import { beforeEach, describe, expect, test } from "vitest";
import type { RunId } from "../src/client/index.js";
import { internal } from "./app/_generated/api.js";
import { mockLlm } from "./app/mockModel.js";
import { flows } from "./app/workflows.js";
import {
  getRun,
  makeTest,
  settle,
  type TestApp,
  useFakeTimers,
} from "./harness.js";
import { expectLogs } from "./quietLogs.js";
import {
  allSteps,
  elapseBy,
  eventsOf,
  llmCalls,
  runStatus,
} from "./llmHarness.js";

useFakeTimers();
beforeEach(() => mockLlm.reset());

/** oneCall: one LLM step named "answer", 4 attempts, backoff 1 s × 2^n. */
const startOneCall = (t: TestApp) =>
  t.run((ctx) =>
    flows.start(ctx, internal.llmWorkflows.oneCall, { prompt: "hi" }),
  );

type RetryData = { attempt: number; status?: number; delayMs: number };
const retryEvents = async (t: TestApp, runId: RunId) =>
  (await eventsOf(t, runId, "run.llm.retry")).map((e) => e.data as RetryData);

describe("LLM step retries", () => {
  expectLogs("LLM_ERROR {", "Invalid request: prompt is too long");
  test("429, then 503, then success: retried, the step shows 3 attempts", async () => {
    const t = makeTest();
    mockLlm.script = [
      { status: 429, message: "Rate limited" },
      { status: 503, message: "Overloaded" },
      { text: "Third time lucky.", inputTokens: 4, outputTokens: 3 },
    ];
    const runId = await startOneCall(t);
    await settle(t);

    const run = await getRun(t, runId);
    expect(run?.status).toBe("completed");
    expect(run?.output).toEqual({ text: "Third time lucky." });
    expect(mockLlm.calls).toBe(3);
    // Only the successful attempt is accounted.
    expect(run?.usage).toMatchObject({ totalTokens: 7, llmCalls: 1 });

    const [call] = await llmCalls(t, runId);
    expect(call).toMatchObject({
      name: "answer",
      status: "completed",
      attempts: 3,
    });
    const steps = await allSteps(t, runId);
    expect(steps).toHaveLength(1);
    expect(steps[0]).toMatchObject({
      name: "answer",
      kind: "llm",
      status: "completed",
      attempts: 3,
    });

    const retries = await retryEvents(t, runId);
    expect(retries.map((r) => [r.attempt, r.status])).toEqual([
      [1, 429],
      [2, 503],
    ]);
    // Backoff with jitter: [0.5, 1] × 1 s, then [0.5, 1] × 2 s.
    expect(retries[0]!.delayMs).toBeGreaterThanOrEqual(500);
    expect(retries[0]!.delayMs).toBeLessThanOrEqual(1000);
    expect(retries[1]!.delayMs).toBeGreaterThanOrEqual(1000);
    expect(retries[1]!.delayMs).toBeLessThanOrEqual(2000);
  });

  test("a 400 is not retried: the run fails with the provider's message, naming the step", async () => {
    const t = makeTest();
    mockLlm.script = [
      { status: 400, message: "Invalid request: prompt is too long" },
    ];
    const runId = await startOneCall(t);
    await settle(t);

    expect(mockLlm.calls).toBe(1);
    const run = await getRun(t, runId);
    expect(run?.status).toBe("failed");
    expect(run?.error?.message).toContain(
      "Invalid request: prompt is too long",
    );
    expect(run?.error?.message).not.toContain("LLM_ERROR");
    expect(run?.error?.step).toEqual({ name: "answer", stepNumber: 1 });

    const [call] = await llmCalls(t, runId);
    expect(call).toMatchObject({
      status: "failed",
      attempts: 1,
      error: "Invalid request: prompt is too long",
    });
    expect(await retryEvents(t, runId)).toEqual([]);
    expect(await eventsOf(t, runId, "run.llm.failed")).toHaveLength(1);
    const [step] = await allSteps(t, runId);
    expect(step).toMatchObject({
      name: "answer",
      status: "failed",
      attempts: 1,
    });
  });

  test("a long Retry-After (120 s) is honored: no second attempt before it", async () => {
    const t = makeTest();
    mockLlm.script = [
      { status: 429, retryAfter: "120" },
      { text: "Finally.", inputTokens: 1, outputTokens: 1 },
    ];
    const runId = await startOneCall(t);
    await elapseBy(t, 2_000);
    expect(mockLlm.calls).toBe(1);
    const failedAt = mockLlm.startedAt[0]!;
    const [waiting] = await llmCalls(t, runId);
    expect(waiting).toMatchObject({ status: "retrying", attempts: 1 });
    // It waits out Retry-After out of the queue, holding no slot.
    const call = await t.run((ctx) => flows.getLlmCall(ctx, waiting!.callId));
    expect(call?.queue).toMatchObject({ reason: "retryBackoff", priority: 0 });
    expect(call!.queue!.until! - failedAt).toBeGreaterThanOrEqual(120_000);

    // The exponential backoff alone would have retried within 1 s.
    await elapseBy(t, 100_000);
    expect(mockLlm.calls).toBe(1);
    expect(await runStatus(t, runId)).toBe("running");

    await elapseBy(t, 30_000);
    expect(mockLlm.calls).toBe(2);
    expect(mockLlm.startedAt[1]! - failedAt).toBeGreaterThanOrEqual(120_000);
    expect(await runStatus(t, runId)).toBe("completed");
    const [retry] = await retryEvents(t, runId);
    expect(retry).toMatchObject({ attempt: 1, status: 429, delayMs: 120_000 });
  });

  test("without Retry-After the backoff is short: retried within about a second", async () => {
    const t = makeTest();
    mockLlm.script = [
      { status: 503 },
      { text: "Back.", inputTokens: 1, outputTokens: 1 },
    ];
    const runId = await startOneCall(t);
    await elapseBy(t, 5_000);
    expect(mockLlm.calls).toBe(2);
    expect(mockLlm.startedAt[1]! - mockLlm.startedAt[0]!).toBeLessThan(5_000);
    expect(await runStatus(t, runId)).toBe("completed");
    const [retry] = await retryEvents(t, runId);
    expect(retry!.delayMs).toBeGreaterThanOrEqual(500);
    expect(retry!.delayMs).toBeLessThanOrEqual(1000);
  });
});
