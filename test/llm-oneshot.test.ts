// One-shot LLM calls outside workflows (flows.llmCall, run by the action
// retrier), and bad inputs to the public LLM entry points.
import { beforeEach, describe, expect, test } from "vitest";
import type { RunId } from "../src/client/index.js";
import { internal } from "./app/_generated/api.js";
import { mockLlm } from "./app/mockModel.js";
import { flows } from "./app/workflows.js";
import {
  expectCode,
  makeTest,
  settle,
  type TestApp,
  useFakeTimers,
} from "./harness.js";
import { expectLogs } from "./quietLogs.js";
import { componentRows, pumpUntil } from "./llmHarness.js";

useFakeTimers();
beforeEach(() => mockLlm.reset());

const getCall = (t: TestApp, callId: string) =>
  t.run((ctx) => flows.getLlmCall(ctx, callId));

describe("one-shot LLM calls", () => {
  expectLogs('LLM_ERROR {"retryable":true,"status":503} Overloaded');
  test("from a mutation: queued, running, then completed with result, usage and cost", async () => {
    const t = makeTest();
    mockLlm.latencyMs = 1000;
    mockLlm.script = [{ text: "One shot.", inputTokens: 30, outputTokens: 7 }];
    const callId = await t.run((ctx) =>
      flows.llmCall(ctx, internal.llmActions.complete, { prompt: "go" }),
    );
    const statuses: string[] = [];
    await pumpUntil(
      async () => {
        const status = (await getCall(t, callId))?.status;
        if (status && status !== statuses.at(-1)) statuses.push(status);
        return status === "completed";
      },
      { stepMs: 100, turns: 10 },
    );
    expect(statuses).toEqual(["queued", "running", "completed"]);
    expect(mockLlm.calls).toBe(1);

    const call = await getCall(t, callId);
    expect(call).toMatchObject({
      callId,
      name: "llmActions:complete",
      status: "completed",
      model: "mock-1",
      provider: "mock",
      usage: { inputTokens: 30, outputTokens: 7, totalTokens: 37 },
      costUsd: (30 * 2 + 7 * 8) / 1_000_000,
      result: { text: "One shot.", model: "mock-1", provider: "mock" },
    });
    expect(call?.runId).toBeUndefined();
    expect(call?.error).toBeUndefined();
    expect(call?.finishedAt).toBeGreaterThanOrEqual(call!.createdAt);
  });

  test("a 503 then success is retried by the action retrier", async () => {
    const t = makeTest();
    mockLlm.script = [
      { status: 503, message: "Overloaded" },
      { text: "Recovered.", inputTokens: 2, outputTokens: 2 },
    ];
    const callId = await t.run((ctx) =>
      flows.llmCall(ctx, internal.llmActions.complete, { prompt: "go" }),
    );
    await settle(t);
    expect(mockLlm.calls).toBe(2);
    expect(await getCall(t, callId)).toMatchObject({
      status: "completed",
      result: { text: "Recovered." },
      usage: { totalTokens: 4 },
    });
  });

  test("a 400 fails without a retry, with the provider's message", async () => {
    const t = makeTest();
    mockLlm.script = [{ status: 400, message: "Bad prompt" }];
    const callId = await t.run((ctx) =>
      flows.llmCall(ctx, internal.llmActions.complete, { prompt: "go" }),
    );
    await settle(t);
    expect(mockLlm.calls).toBe(1);
    const call = await getCall(t, callId);
    expect(call).toMatchObject({ status: "failed", error: "Bad prompt" });
    expect(call?.result).toBeUndefined();
    expect(call?.usage).toBeUndefined();
  });

  test("retries used up: failed with the provider's message, not the internal encoding", async () => {
    const t = makeTest();
    mockLlm.script = [
      { status: 503, message: "Overloaded" },
      { status: 503, message: "Overloaded" },
    ];
    const callId = await t.run((ctx) =>
      flows.llmCall(
        ctx,
        internal.llmActions.complete,
        { prompt: "go" },
        { retry: { maxAttempts: 2, initialBackoffMs: 100, base: 2 } },
      ),
    );
    await settle(t);
    expect(mockLlm.calls).toBe(2);
    expect(await getCall(t, callId)).toMatchObject({
      status: "failed",
      error: "Overloaded",
    });
  });
});

describe("bad inputs to the LLM entry points", () => {
  test("llmCall with retry.maxAttempts 0: INVALID_ARGUMENT, nothing written or called", async () => {
    const t = makeTest();
    const error = await expectCode(
      t.run((ctx) =>
        flows.llmCall(
          ctx,
          internal.llmActions.complete,
          { prompt: "go" },
          { retry: { maxAttempts: 0, initialBackoffMs: 100, base: 2 } },
        ),
      ),
      "INVALID_ARGUMENT",
    );
    expect(error.path).toEqual(["retry"]);
    await settle(t);
    expect(mockLlm.calls).toBe(0);
    expect(await componentRows(t, "llmCalls")).toEqual([]);
    expect(await componentRows(t, "runs", "agentWorkflows/retrier")).toEqual(
      [],
    );
  });

  test("liveText with neither runId nor callId: INVALID_ARGUMENT", async () => {
    const t = makeTest();
    const error = await expectCode(
      t.run((ctx) => flows.liveText(ctx, {})),
      "INVALID_ARGUMENT",
    );
    expect(error.path).toEqual(["runId"]);
  });

  test("listLlmCalls and liveText of an unknown run: RUN_NOT_FOUND", async () => {
    const t = makeTest();
    const runId = "no-such-run" as RunId;
    const error = await expectCode(
      t.run((ctx) => flows.listLlmCalls(ctx, runId)),
      "RUN_NOT_FOUND",
    );
    expect(error.runId).toBe(runId);
    await expectCode(
      t.run((ctx) => flows.liveText(ctx, { runId })),
      "RUN_NOT_FOUND",
    );
  });

  test("getLlmCall and liveText of an unknown call id: null", async () => {
    const t = makeTest();
    expect(await getCall(t, "no-such-call")).toBeNull();
    expect(
      await t.run((ctx) => flows.liveText(ctx, { callId: "no-such-call" })),
    ).toBeNull();
  });
});
