// Canceling a run stops what its model call spends: the streaming call's
// next chunk is refused, the action aborts the stream through an
// AbortSignal (the model sends nothing more), and the call is recorded as
// canceled with the tokens it used until then, which join the run's totals.
import { beforeEach, describe, expect, test } from "vitest";
import type { LiveText, RunId } from "../src/client/index.js";
import { api, internal } from "./app/_generated/api.js";
import { mockLlm } from "./app/mockModel.js";
import { flows } from "./app/workflows.js";
import {
  expectCode,
  getRun,
  makeTest,
  rowCounts,
  settle,
  useFakeTimers,
  type TestApp,
} from "./harness.js";
import { eventsOf, llmCalls, pumpUntil } from "./llmHarness.js";
import { expectLogs } from "./quietLogs.js";

useFakeTimers();
beforeEach(() => mockLlm.reset());

const as = (t: TestApp, subject: string) =>
  t.withIdentity({ subject, tokenIdentifier: `test|${subject}` });

// 60 words, one per streamed chunk, 100 ms apart: 6 s of streaming.
const WORDS = Array.from({ length: 60 }, (_, i) => `word${i}`);
const ANSWER = `${WORDS.join(" ")}.`;

describe("cancel stops spend", () => {
  expectLogs("The call was canceled; its stream stopped.", "LLM call canceled");
  test("canceling a run aborts its streaming call at the next chunk; the call keeps the tokens used so far", async () => {
    const t = makeTest();
    mockLlm.script = [{ text: ANSWER, inputTokens: 5, outputTokens: 60 }];
    mockLlm.chunkDelayMs = 100;
    const runId: RunId = await t.run((ctx) =>
      flows.start(ctx, internal.llmWorkflows.oneCall, {
        prompt: "Say sixty words",
        stream: true,
      }),
    );
    // Let it stream a while.
    let live: LiveText | null = null;
    await pumpUntil(async () => {
      live = await t.run((ctx) => flows.liveText(ctx, { runId }));
      return (live?.text.length ?? 0) > 0;
    });
    await t.run((ctx) => flows.cancel(ctx, runId));
    const sentAtCancel = mockLlm.deltasSent;
    await pumpUntil(async () => mockLlm.streamsAborted === 1, {
      maxMs: 10_000,
    });
    await settle(t);

    // The model stopped: a chunk or two after the cancel, never all 60.
    expect(mockLlm.deltasSent).toBeLessThan(WORDS.length);
    expect(mockLlm.deltasSent - sentAtCancel).toBeLessThanOrEqual(5);
    expect(mockLlm.calls).toBe(1); // not retried

    const [call] = await llmCalls(t, runId);
    expect(call).toMatchObject({ status: "canceled", model: "mock-1" });
    // Estimated from the text (about 4 characters a token): what was sent
    // and what streamed before the stop, not the full answer's 60 tokens.
    const usage = call!.usage!;
    expect(usage.estimated).toBe(true);
    expect(usage.inputTokens).toBe(Math.ceil("Say sixty words".length / 4));
    expect(usage.outputTokens).toBeGreaterThan(0);
    expect(usage.outputTokens).toBeLessThan(Math.ceil(ANSWER.length / 4));
    expect(call!.costUsd).toBeCloseTo(
      (usage.inputTokens * 2 + usage.outputTokens * 8) / 1_000_000,
      12,
    );

    // The run counts it once, and says why.
    const run = (await getRun(t, runId))!;
    expect(run.status).toBe("canceled");
    expect(run.usage).toMatchObject({
      llmCalls: 1,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
    });
    expect(run.usageTotal).toEqual(run.usage);
    expect(await eventsOf(t, runId, "run.llm.canceled")).toHaveLength(1);
  });

  test("canceling one call alone: its step throws, its stream stops, its tokens so far are kept; others are refused", async () => {
    const t = makeTest();
    mockLlm.script = [{ text: ANSWER, inputTokens: 5, outputTokens: 60 }];
    mockLlm.chunkDelayMs = 100;
    const alice = as(t, "alice");
    const runId = (await alice.mutation(api.ownedApi.start, {
      workflow: "oneCall",
      input: { prompt: "Say sixty words", stream: true },
    })) as RunId;
    await pumpUntil(async () => {
      const live = await t.run((ctx) => flows.liveText(ctx, { runId }));
      return (live?.text.length ?? 0) > 0;
    });
    const [running] = await llmCalls(t, runId);
    const callId = running!.callId;

    // Refused: another user, an unknown call. Nothing is written.
    const before = await rowCounts(t);
    await expectCode(
      as(t, "bob").mutation(api.ownedApi.cancelLlmCall, { callId }),
      "NOT_AUTHORIZED",
    );
    await expectCode(
      t.run((ctx) => flows.cancelLlmCall(ctx, "nope")),
      "INVALID_ARGUMENT",
    );
    expect(await rowCounts(t)).toEqual(before);

    expect(await alice.mutation(api.ownedApi.cancelLlmCall, { callId })).toBe(
      true,
    );
    await pumpUntil(async () => mockLlm.streamsAborted === 1, {
      maxMs: 10_000,
    });
    await settle(t);
    expect(mockLlm.deltasSent).toBeLessThan(WORDS.length);
    // The step threw; oneCall does not catch it, so the run failed with it.
    const run = (await getRun(t, runId))!;
    expect(run.status).toBe("failed");
    expect(run.error?.message).toContain("LLM call canceled");
    const [call] = await llmCalls(t, runId);
    expect(call).toMatchObject({ status: "canceled" });
    expect(call!.usage?.estimated).toBe(true);
    expect(run.usage?.outputTokens).toBe(call!.usage!.outputTokens);
    // Already ended: nothing more to cancel.
    expect(await t.run((ctx) => flows.cancelLlmCall(ctx, callId))).toBe(false);
  });
});
