// The test kit users get from convex-agent-workflows/test: runUntilIdle,
// advanceTime, signal and mockLlm, driving the test app's workflows.
import { afterEach, describe, expect, test, vi } from "vitest";
import {
  mockLlm,
  restoreLlm,
  testKit,
  type TestKit,
} from "../src/test/index.js";
import { internal } from "./app/_generated/api.js";
import { approval } from "./app/approvals.js";
import { mockLlm as appModel } from "./app/mockModel.js";
import { flows } from "./app/workflows.js";
import { count, makeTest, useFakeTimers } from "./harness.js";
import { expectLogs } from "./quietLogs.js";

useFakeTimers();
afterEach(() => {
  restoreLlm();
  appModel.reset();
});

const HOUR = 60 * 60 * 1000;

function setup(): { kit: TestKit; t: ReturnType<typeof makeTest> } {
  const t = makeTest();
  return { t, kit: testKit(t, flows) };
}

describe("runUntilIdle and signal", () => {
  test("a run goes to its signal wait, then to its end once answered", async () => {
    const { t, kit } = setup();
    const runId = await kit.start(internal.approvals.review, {
      draft: "Draft",
      key: "kit-approve",
      assignees: ["alice"],
      timeoutMs: HOUR,
    });
    const waiting = await kit.runUntilIdle(runId);
    expect(waiting.status).toBe("waiting");
    expect(waiting.pendingSignals?.map((r) => r.signal)).toEqual(["approval"]);
    // Idle means idle: the hour's timeout has not fired.
    expect(Date.now() - waiting.startedAt).toBeLessThan(HOUR);

    expect(
      await kit.signal(runId, approval, { approved: true }, { by: "alice" }),
    ).toMatchObject({ status: "delivered" });
    const done = await kit.runUntilIdle(runId);
    expect(done.status).toBe("completed");
    expect(done.output).toEqual({ approved: true, text: "Draft", note: null });
    expect(await count(t, "kit-approve")).toBe(1);
  });

  test("without a runId it runs every run until each waits or ends", async () => {
    const { kit } = setup();
    const a = await kit.start(internal.workflows.pipeline, {
      words: ["a", "b"],
      key: "kit-a",
    });
    const b = await kit.start(internal.approvals.committee, {
      members: ["x", "y"],
      quorum: 2,
    });
    await kit.runUntilIdle();
    expect((await kit.getRun(a))?.status).toBe("completed");
    expect((await kit.getRun(b))?.status).toBe("waiting");
  });

  test("it asks for fake timers instead of hanging", async () => {
    const { kit } = setup();
    vi.useRealTimers();
    await expect(kit.runUntilIdle()).rejects.toThrow(/vi\.useFakeTimers\(\)/);
  });
});

describe("advanceTime", () => {
  test("passes a sleep: the run waits, then goes on when the time has come", async () => {
    const { t, kit } = setup();
    const runId = await kit.start(internal.approvals.review, {
      draft: "Draft",
      key: "kit-sleep",
      holdMs: 10 * 60_000,
    });
    await kit.signal(runId, approval, { approved: true });
    const sleeping = await kit.runUntilIdle(runId);
    expect(sleeping.status).toBe("waiting");
    expect(await count(t, "kit-sleep")).toBe(1);

    await kit.advanceTime(5 * 60_000);
    expect((await kit.runUntilIdle(runId)).status).toBe("waiting");
    await kit.advanceTime(5 * 60_000);
    expect((await kit.runUntilIdle(runId)).status).toBe("completed");
  });

  test("fires a signal's timeout at its time, not before", async () => {
    const { kit } = setup();
    const runId = await kit.start(internal.approvals.review, {
      draft: "Draft",
      key: "kit-timeout",
      assignees: ["alice"],
      timeoutMs: HOUR,
      onTimeout: "onTimeout",
    });
    await kit.runUntilIdle(runId);
    await kit.advanceTime(HOUR - 1);
    expect((await kit.runUntilIdle(runId)).status).toBe("waiting");
    await kit.advanceTime(1);
    const run = await kit.runUntilIdle(runId);
    expect(run.status).toBe("completed");
    expect(run.output).toMatchObject({
      approved: false,
      note: "onTimeout fallback",
    });
  });
});

describe("mockLlm", () => {
  expectLogs('LLM_ERROR {"retryable":true,"status":429');
  test("replaces every llmAction's model: scripted answers, a 429 honoring Retry-After, usage", async () => {
    const { kit } = setup();
    const llm = mockLlm(
      [
        { status: 429, retryAfter: 30 },
        { text: "first answer", inputTokens: 100, outputTokens: 20 },
        { text: "second answer", inputTokens: 50, outputTokens: 10 },
      ],
      { modelId: "scripted-1" },
    );
    const runId = await kit.start(internal.llmFlows.twoCallsThenAction, {
      key: "kit-llm",
    });
    // The 429 asked for 30 s: the run waits for its retry until then.
    const retrying = await kit.runUntilIdle(runId);
    expect(retrying.status).toBe("running");
    expect(llm.calls).toBe(1);
    await kit.advanceTime(30_000);
    const run = await kit.runUntilIdle(runId);
    expect(run.status).toBe("completed");
    expect(run.output).toMatchObject({
      first: "first answer",
      second: "second answer",
    });
    expect(llm.calls).toBe(3);
    expect(llm.prompts).toEqual(["first", "first", "after first answer"]);
    const retryGap = llm.startedAt[1]! - llm.startedAt[0]!;
    expect(retryGap).toBeGreaterThan(29_000);
    expect(retryGap).toBeLessThan(31_000);
    expect(run.usage).toMatchObject({
      inputTokens: 150,
      outputTokens: 30,
      llmCalls: 2,
    });
    // The app's own model was not called.
    expect(appModel.calls).toBe(0);
  });

  test("structured answers are sent as JSON and validated by the action's schema", async () => {
    const { kit } = setup();
    mockLlm([{ object: { label: "bug" } }]);
    const runId = await kit.start(internal.llmFlows.classified, {
      text: "It crashes",
    });
    const run = await kit.runUntilIdle(runId);
    expect(run.output).toEqual({ label: "bug" });
  });

  test("restoreLlm gives the actions their own model back", async () => {
    const { kit } = setup();
    const llm = mockLlm([{ text: "mocked" }]);
    restoreLlm();
    appModel.script = [{ text: "own model" }];
    const runId = await kit.start(internal.llmWorkflows.oneCall, {
      prompt: "hi",
    });
    expect((await kit.runUntilIdle(runId)).output).toEqual({
      text: "own model",
    });
    expect(llm.calls).toBe(0);
  });
});
