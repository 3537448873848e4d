// LLM steps are journaled: a replay returns the recorded result and never
// calls the model again; structured output is typed and checked.
import { beforeEach, describe, expect, test } from "vitest";
import { internal } from "./app/_generated/api.js";
import { handlerRuns } from "./app/llmFlows.js";
import { mockLlm } from "./app/mockModel.js";
import { flows } from "./app/workflows.js";
import {
  count,
  eventTypes,
  getRun,
  makeTest,
  settle,
  useFakeTimers,
} from "./harness.js";
import { expectLogs } from "./quietLogs.js";
import { allSteps, llmCalls } from "./llmHarness.js";

useFakeTimers();
beforeEach(() => {
  mockLlm.reset();
  handlerRuns.twoCallsThenAction = 0;
});

describe("replaying LLM steps", () => {
  test("two LLM steps and an action: the model is called twice though the handler replays", async () => {
    const t = makeTest();
    mockLlm.script = [
      { text: "one", inputTokens: 1, outputTokens: 1 },
      { text: "two", inputTokens: 1, outputTokens: 1 },
    ];
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.llmFlows.twoCallsThenAction, { key: "r1" }),
    );
    await settle(t);

    const run = await getRun(t, runId);
    expect(run?.status).toBe("completed");
    expect(run?.output).toEqual({
      first: "one",
      second: "two",
      shouted: "TWO",
    });
    // Once per step result at least: the start, two LLM events, the action.
    expect(handlerRuns.twoCallsThenAction).toBeGreaterThanOrEqual(4);
    expect(mockLlm.calls).toBe(2);
    expect(mockLlm.prompts).toEqual(["first", "after one"]);
    expect(await count(t, "r1")).toBe(1);
    expect((await llmCalls(t, runId)).map((c) => c.name)).toEqual([
      "first",
      "second",
    ]);
    expect(run?.usage?.llmCalls).toBe(2);
  });

  test("restart without from replays the journal: no new model call, same output", async () => {
    const t = makeTest();
    mockLlm.script = [
      { text: "one", inputTokens: 1, outputTokens: 1 },
      { text: "two", inputTokens: 1, outputTokens: 1 },
    ];
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.llmFlows.twoCallsThenAction, { key: "r2" }),
    );
    await settle(t);
    expect((await getRun(t, runId))?.status).toBe("completed");
    const runsBefore = handlerRuns.twoCallsThenAction;
    // Whatever the model would answer now differs from the recorded one.
    mockLlm.fallback = { text: "CHANGED", inputTokens: 50, outputTokens: 50 };

    await t.run((ctx) => flows.restart(ctx, runId));
    await settle(t);

    const run = await getRun(t, runId);
    expect(run?.status).toBe("completed");
    expect(handlerRuns.twoCallsThenAction).toBeGreaterThan(runsBefore);
    expect(mockLlm.calls).toBe(2);
    expect(run?.output).toEqual({
      first: "one",
      second: "two",
      shouted: "TWO",
    });
    expect(await llmCalls(t, runId)).toHaveLength(2);
    expect(run?.usage).toMatchObject({ totalTokens: 4, llmCalls: 2 });
    const types = await eventTypes(t, runId);
    expect(types.filter((type) => type === "run.restarted")).toHaveLength(1);
    expect(types.filter((type) => type === "run.completed")).toHaveLength(2);
  });
});

describe("structured output", () => {
  expectLogs("No object generated");
  test("classify with an output schema returns the typed object", async () => {
    const t = makeTest();
    mockLlm.script = [
      { text: '{"label":"bug"}', inputTokens: 5, outputTokens: 4 },
    ];
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.llmFlows.classified, { text: "it crashes" }),
    );
    await settle(t);
    expect(await getRun(t, runId)).toMatchObject({
      status: "completed",
      output: { label: "bug" },
    });
    const [call] = await llmCalls(t, runId);
    expect(call?.result).toMatchObject({
      text: '{"label":"bug"}',
      object: { label: "bug" },
      model: "mock-1",
    });
    expect(mockLlm.prompts).toEqual(["Classify: it crashes"]);
  });

  test.each([
    ["not JSON", "I think it is a bug."],
    ["JSON outside the schema", '{"label":"feature"}'],
  ])(
    "an answer that is %s fails the step at once, not retried",
    async (_, answer) => {
      const t = makeTest();
      mockLlm.script = [{ text: answer, inputTokens: 5, outputTokens: 4 }];
      const runId = await t.run((ctx) =>
        flows.start(ctx, internal.llmFlows.classified, { text: "hmm" }),
      );
      await settle(t);
      expect(mockLlm.calls).toBe(1);
      const run = await getRun(t, runId);
      expect(run?.status).toBe("failed");
      expect(run?.error?.step?.name).toBe("classify");
      const [call] = await llmCalls(t, runId);
      expect(call).toMatchObject({ status: "failed", attempts: 1 });
      expect(call?.error).toBeTruthy();
      expect(run?.error?.message).toBe(call?.error);
      const [step] = await allSteps(t, runId);
      expect(step).toMatchObject({ name: "classify", status: "failed" });
    },
  );
});
