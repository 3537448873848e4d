import { expect, test } from "vitest";
import { internal } from "./app/_generated/api.js";
import { mockLlm } from "./app/mockModel.js";
import { flows } from "./app/workflows.js";
import { makeTest, settle, useFakeTimers } from "./harness.js";

useFakeTimers();

test("llm smoke", async () => {
  mockLlm.reset();
  mockLlm.script = [
    { status: 429, retryAfter: "3" },
    { text: "Hello there. How are you?", inputTokens: 7, outputTokens: 6 },
  ];
  const t = makeTest();
  const runId = await t.run((ctx) =>
    flows.start(ctx, internal.llmWorkflows.oneCall, {
      prompt: "hi",
      stream: true,
    }),
  );
  await settle(t);
  const run = await t.run((ctx) => flows.getRun(ctx, runId));
  const calls = await t.run((ctx) => flows.listLlmCalls(ctx, runId));
  const text = await t.run((ctx) => flows.liveText(ctx, { runId }));
  const steps = await t.run((ctx) =>
    flows.listSteps(ctx, runId, { numItems: 20, cursor: null }),
  );
  console.log(JSON.stringify({ run, calls, text, steps: steps.page }, null, 1));
  expect(run?.status).toBe("completed");
});
