// Helpers of the LLM flow-control tests: queue one-shot calls with flow
// options in one transaction, move the fake clock while model calls wait
// on it, and read back when each call ran.
import { expect, vi } from "vitest";
import type { LlmStepOptions } from "../src/client/index.js";
import { components, internal } from "./app/_generated/api.js";
import { flowFlows } from "./app/flowControl.js";
import { mockLlm } from "./app/mockModel.js";
import type { TestApp } from "./harness.js";
import { realTurns } from "./llmHarness.js";

/** Queue one-shot calls in one transaction, in order; their call ids. */
export function queueCalls(
  t: TestApp,
  calls: { prompt: string; options?: LlmStepOptions }[],
): Promise<string[]> {
  return t.run(async (ctx) => {
    const ids: string[] = [];
    for (const { prompt, options } of calls) {
      ids.push(
        await flowFlows.llmCall(
          ctx,
          internal.llmActions.complete,
          { prompt },
          options,
        ),
      );
    }
    return ids;
  });
}

/**
 * Move the fake clock timer by timer, letting the functions each timer
 * sets off run (model calls that wait on the clock included) before the
 * next fires, until at least `ms` passed: every call starts and ends at
 * its own time. It may stop past `ms` (at the timer that crossed it).
 */
export async function runTimers(ms: number): Promise<void> {
  const end = Date.now() + ms;
  await realTurns(20);
  while (Date.now() < end && vi.getTimerCount() > 0) {
    vi.advanceTimersToNextTimer();
    await realTurns(20);
  }
}

/** Move the fake clock exactly `ms` forward, `stepMs` at a time. */
export async function pumpFor(ms: number, stepMs = 10): Promise<void> {
  for (let waited = 0; waited < ms; waited += stepMs) {
    vi.advanceTimersByTime(Math.min(stepMs, ms - waited));
    await realTurns(20);
  }
}

/** When each model call began, by prompt (each prompt is asked once). */
export function startTimes(): Map<string, number> {
  expect(new Set(mockLlm.prompts).size).toBe(mockLlm.prompts.length);
  return new Map(mockLlm.prompts.map((p, i) => [p, mockLlm.startedAt[i]!]));
}

/**
 * The most calls whose prompt matches `filter` in flight at once, each
 * running `latencyMs` from its start.
 */
export function maxInFlight(
  latencyMs: number,
  filter: (prompt: string) => boolean = () => true,
): number {
  const starts = mockLlm.prompts
    .map((p, i) => [p, mockLlm.startedAt[i]!] as const)
    .filter(([p]) => filter(p))
    .map(([, s]) => s);
  let most = 0;
  for (const at of starts) {
    most = Math.max(
      most,
      starts.filter((s) => s <= at && at < s + latencyMs).length,
    );
  }
  return most;
}

export const getConfig = (t: TestApp) =>
  t.run((ctx) => ctx.runQuery(components.agentWorkflows.config.getConfig, {}));

export const setKeyCap = (
  t: TestApp,
  key: string,
  maxParallelism: number | null,
) =>
  t.run((ctx) =>
    ctx.runMutation(components.agentWorkflows.config.setLlmKeyCap, {
      key,
      maxParallelism,
    }),
  );

export const getCall = (t: TestApp, callId: string) =>
  t.run((ctx) => flowFlows.getLlmCall(ctx, callId));
