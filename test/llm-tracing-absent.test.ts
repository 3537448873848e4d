// @opentelemetry/api is an optional peer dependency: an app without it runs
// its LLM steps as before. Here importing it fails, as it does when the
// package is not installed.
import { beforeEach, expect, test, vi } from "vitest";
import { internal } from "./app/_generated/api.js";
import { mockLlm } from "./app/mockModel.js";
import { flows } from "./app/workflows.js";
import { getRun, makeTest, settle, useFakeTimers } from "./harness.js";
import { llmCalls } from "./llmHarness.js";
import { expectLogs } from "./quietLogs.js";

vi.mock("@opentelemetry/api", () => {
  throw new Error("Cannot find package '@opentelemetry/api'");
});

useFakeTimers();
beforeEach(() => mockLlm.reset());
// The 503 scripted on purpose, as the action reports it.
expectLogs("LLM_ERROR {");

test("without @opentelemetry/api an LLM step runs untraced, a retry included", async () => {
  await expect(import("@opentelemetry/api")).rejects.toThrow();
  const t = makeTest();
  mockLlm.script = [
    { status: 503, message: "Overloaded" },
    { text: "Still here.", inputTokens: 3, outputTokens: 2 },
  ];
  const runId = await t.run((ctx) =>
    flows.start(ctx, internal.llmWorkflows.oneCall, { prompt: "hi" }),
  );
  await settle(t);

  expect(await getRun(t, runId)).toMatchObject({
    status: "completed",
    output: { text: "Still here." },
  });
  const [call] = await llmCalls(t, runId);
  expect(call).toMatchObject({ attempts: 2, status: "completed" });
});
