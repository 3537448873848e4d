// Streaming LLM steps: the text a call has written so far is readable
// (liveText) while the model streams, in chunks of a sentence or 250 ms,
// and is compacted into the call when it ends.
import { beforeEach, describe, expect, test } from "vitest";
import type { LiveText, RunId } from "../src/client/index.js";
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
import { componentRows, llmCalls, pumpUntil, runStatus } from "./llmHarness.js";

useFakeTimers();
beforeEach(() => mockLlm.reset());

// 24 words in 3 sentences; the mock streams one word per chunk.
const FINAL =
  "Alpha beta gamma delta epsilon zeta eta theta. " +
  "Iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon. " +
  "Phi chi psi omega.";
const WORDS = FINAL.split(" ").length;

const liveText = (t: TestApp, args: { runId?: RunId; callId?: string }) =>
  t.run((ctx) => flows.liveText(ctx, args));

type ChunkRow = { callId: string; attempt: number; seq: number; text: string };

describe("live text of a streaming LLM step", () => {
  expectLogs('LLM_ERROR {"retryable":true,"status":503} HTTP 503');
  test("grows mid-stream as a prefix of the result, then equals it; chunks are compacted", async () => {
    const t = makeTest();
    mockLlm.script = [{ text: FINAL, inputTokens: 9, outputTokens: WORDS }];
    mockLlm.chunkDelayMs = 100;
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.llmWorkflows.oneCall, {
        prompt: "stream please",
        stream: true,
      }),
    );

    const seen: LiveText[] = [];
    let rowsSeen: ChunkRow[] = [];
    await pumpUntil(
      async () => {
        const live = await liveText(t, { runId });
        if (live && !live.done && live.text !== (seen.at(-1)?.text ?? "")) {
          seen.push(live);
          rowsSeen = await componentRows<ChunkRow>(t, "llmChunks");
        }
        return (await runStatus(t, runId)) === "completed";
      },
      { stepMs: 50, maxMs: 20_000, turns: 20 },
    );
    await settle(t);

    // Observed while streaming: not done, growing, each a prefix of the end.
    const partial = seen.filter((s) => s.text.length < FINAL.length);
    expect(partial.length).toBeGreaterThanOrEqual(3);
    for (const [i, s] of seen.entries()) {
      expect(s.done).toBe(false);
      expect(s.status).toBe("running");
      expect(s.attempt).toBe(1);
      expect(s.name).toBe("answer");
      expect(FINAL.startsWith(s.text)).toBe(true);
      if (i > 0)
        expect(s.text.length).toBeGreaterThan(seen[i - 1]!.text.length);
    }

    // Chunks are written per sentence or per 250 ms, not per token.
    const wordsSoFar = rowsSeen
      .map((r) => r.text)
      .join("")
      .split(" ").length;
    expect(rowsSeen.length).toBeGreaterThanOrEqual(2);
    expect(rowsSeen.length * 2).toBeLessThanOrEqual(wordsSoFar);
    expect(rowsSeen.map((r) => r.seq)).toEqual(rowsSeen.map((_, i) => i));
    for (const row of rowsSeen) {
      const endsSentence = /[.!?]\s?$/.test(row.text);
      expect(endsSentence || row.text.trim().split(" ").length >= 2).toBe(true);
    }
    // A sentence end flushes at once.
    expect(rowsSeen.some((r) => r.text.endsWith("theta. "))).toBe(true);

    // At the end: the text, the step's result and the output agree.
    const run = await getRun(t, runId);
    expect(run?.output).toEqual({ text: FINAL });
    const [call] = await llmCalls(t, runId);
    expect(call?.result.text).toBe(FINAL);
    const done = await liveText(t, { runId });
    expect(done).toEqual({
      callId: call!.callId,
      name: "answer",
      status: "completed",
      attempt: 1,
      text: FINAL,
      done: true,
    });
    expect(await liveText(t, { callId: call!.callId })).toEqual(done);
    expect(await componentRows(t, "llmChunks")).toEqual([]);
  });

  test("a retried stream shows only the latest attempt's text", async () => {
    const t = makeTest();
    mockLlm.script = [
      { status: 503 },
      { text: "Second attempt text.", inputTokens: 1, outputTokens: 3 },
    ];
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.llmWorkflows.oneCall, {
        prompt: "p",
        stream: true,
      }),
    );
    await settle(t);
    expect(await liveText(t, { runId })).toMatchObject({
      attempt: 2,
      text: "Second attempt text.",
      done: true,
    });
    expect(await componentRows(t, "llmChunks")).toEqual([]);
  });
});
