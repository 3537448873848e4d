// What LLM steps cost: tokens and USD per call, per step and per run, from
// the model's reported usage or (for agents) the agent's usage handler;
// budgets stop a run before a step that would start over them.
import { beforeEach, describe, expect, test } from "vitest";
import { internal } from "./app/_generated/api.js";
import { mockLlm } from "./app/mockModel.js";
import { flows } from "./app/workflows.js";
import { getRun, makeTest, settle, useFakeTimers } from "./harness.js";
import { expectLogs } from "./quietLogs.js";
import { allSteps, eventsOf, llmCalls, registerAgent } from "./llmHarness.js";

useFakeTimers();
beforeEach(() => mockLlm.reset());

/** test/app/workflows.ts prices mock-1 at $2/M input and $8/M output tokens. */
const costOf = (u: { inputTokens: number; outputTokens: number }) =>
  (u.inputTokens * 2 + u.outputTokens * 8) / 1_000_000;

describe("LLM usage and cost", () => {
  test("fiveCalls: per-call, per-step and run totals are exact", async () => {
    const t = makeTest();
    const scripted = [
      { inputTokens: 100, outputTokens: 20 },
      { inputTokens: 250, outputTokens: 40 },
      { inputTokens: 7, outputTokens: 3 },
      { inputTokens: 1000, outputTokens: 1 },
      { inputTokens: 13, outputTokens: 999 },
    ];
    mockLlm.script = scripted.map((u, i) => ({ text: `answer ${i}`, ...u }));
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.llmWorkflows.fiveCalls, { topic: "cost" }),
    );
    await settle(t);

    const run = await getRun(t, runId);
    expect(run?.status).toBe("completed");
    expect(run?.output).toEqual({
      texts: scripted.map((_, i) => `answer ${i}`),
    });
    const input = scripted.reduce((s, u) => s + u.inputTokens, 0);
    const output = scripted.reduce((s, u) => s + u.outputTokens, 0);
    // Summed in the order the calls completed, as the component does.
    const cost = scripted.reduce((s, u) => s + costOf(u), 0);
    expect(run?.usage).toEqual({
      inputTokens: input,
      outputTokens: output,
      totalTokens: input + output,
      costUsd: cost,
      llmCalls: 5,
    });
    expect(run?.usage?.costUsd).toBeCloseTo(0.011244, 12);

    const calls = await llmCalls(t, runId);
    expect(calls).toHaveLength(5);
    calls.forEach((call, i) => {
      const u = scripted[i]!;
      expect(call).toMatchObject({
        name: "llmActions:complete",
        status: "completed",
        attempts: 1,
        model: "mock-1",
        provider: "mock",
        usage: { ...u, totalTokens: u.inputTokens + u.outputTokens },
        costUsd: costOf(u),
      });
      expect(call.runId).toBe(runId);
      expect(call.finishedAt).toBeGreaterThanOrEqual(call.createdAt);
    });

    const steps = await allSteps(t, runId);
    expect(steps.map((s) => s.kind)).toEqual(Array(5).fill("llm"));
    steps.forEach((step, i) => {
      expect(step.llm).toMatchObject({
        callId: calls[i]!.callId,
        model: "mock-1",
        usage: calls[i]!.usage,
        costUsd: calls[i]!.costUsd,
        text: { preview: `answer ${i}`, truncated: false },
      });
    });
    const completed = await eventsOf(t, runId, "run.llm.completed");
    expect(
      completed.map((e) => (e.data as { costUsd: number }).costUsd),
    ).toEqual(scripted.map(costOf));
  });
});

describe("LLM budgets", () => {
  expectLogs('"code":"BUDGET_EXCEEDED"');
  test("maxTokens 30, calls of 20 tokens: the 3rd step fails the run with BUDGET_EXCEEDED", async () => {
    const t = makeTest();
    mockLlm.fallback = { text: "twenty", inputTokens: 12, outputTokens: 8 };
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.llmWorkflows.budgeted, { calls: 3 }),
    );
    await settle(t);

    // The 2nd call starts at 20 < 30 tokens; the 3rd would start at 40.
    expect(mockLlm.calls).toBe(2);
    const run = await getRun(t, runId);
    expect(run?.status).toBe("failed");
    expect(run?.error?.code).toBe("BUDGET_EXCEEDED");
    expect(run?.error?.message).toContain("40 tokens of its 30 token budget");
    // Named after the LLM step, not its hidden opening step.
    expect(run?.error?.step?.name).toBe("llmActions:complete");
    expect(run?.usage).toMatchObject({ totalTokens: 40, llmCalls: 2 });
    const calls = await llmCalls(t, runId);
    expect(calls.map((c) => c.status)).toEqual(["completed", "completed"]);
  });

  test("a run under its budget is not stopped", async () => {
    const t = makeTest();
    mockLlm.fallback = { text: "ten", inputTokens: 6, outputTokens: 4 };
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.llmWorkflows.budgeted, { calls: 3 }),
    );
    await settle(t);
    // 0, 10 and 20 tokens before each call: all under 30.
    expect(mockLlm.calls).toBe(3);
    expect(await getRun(t, runId)).toMatchObject({
      status: "completed",
      output: { done: 3 },
      usage: { totalTokens: 30, llmCalls: 3 },
    });
  });
});

describe("agent steps", () => {
  test("an @convex-dev/agent step's usage comes from the usage handler and counts toward the run", async () => {
    const t = makeTest();
    registerAgent(t);
    mockLlm.script = [
      { text: "Agent says hi.", inputTokens: 11, outputTokens: 4 },
      { text: "Plain.", inputTokens: 3, outputTokens: 2 },
    ];
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.agentSteps.agentFlow, { prompt: "hello" }),
    );
    await settle(t);

    const run = await getRun(t, runId);
    expect(run?.status).toBe("completed");
    expect(run?.output).toMatchObject({
      agent: "Agent says hi.",
      plain: "Plain.",
    });
    expect(mockLlm.prompts).toEqual(["hello", "Agent says hi."]);

    const [agentCall, plainCall] = await llmCalls(t, runId);
    // The agent's action returns no usage: only the handler reported it.
    expect(agentCall?.result).not.toHaveProperty("usage");
    expect(agentCall).toMatchObject({
      name: "agent",
      status: "completed",
      threadId: run?.output.threadId,
      model: "mock-1",
      provider: "mock",
      usage: { inputTokens: 11, outputTokens: 4, totalTokens: 15 },
      costUsd: costOf({ inputTokens: 11, outputTokens: 4 }),
    });
    expect(plainCall?.usage).toEqual({
      inputTokens: 3,
      outputTokens: 2,
      totalTokens: 5,
    });
    const agentStep = (await allSteps(t, runId)).find(
      (s) => s.name === "agent",
    );
    expect(agentStep).toMatchObject({
      kind: "llm",
      status: "completed",
      llm: {
        model: "mock-1",
        usage: agentCall?.usage,
        costUsd: agentCall?.costUsd,
      },
    });
    expect(run?.usage).toEqual({
      inputTokens: 14,
      outputTokens: 6,
      totalTokens: 20,
      costUsd: agentCall!.costUsd! + plainCall!.costUsd!,
      llmCalls: 2,
    });
  });
});
