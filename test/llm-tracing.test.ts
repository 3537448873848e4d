// OpenTelemetry spans of llmAction's model calls: one span per attempt with
// the GenAI semantic conventions' attributes, recorded through the global
// tracer provider the app registers (here the SDK's, exporting to memory).
import { SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from "@opentelemetry/sdk-trace-base";
import {
  afterAll,
  beforeAll,
  beforeEach,
  describe,
  expect,
  test,
} from "vitest";
import { internal } from "./app/_generated/api.js";
import { mockLlm } from "./app/mockModel.js";
import { flows } from "./app/workflows.js";
import { getRun, makeTest, settle, useFakeTimers } from "./harness.js";
import { llmCalls } from "./llmHarness.js";
import { expectLogs } from "./quietLogs.js";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({
  spanProcessors: [new SimpleSpanProcessor(exporter)],
});

useFakeTimers();
beforeAll(() => {
  expect(trace.setGlobalTracerProvider(provider)).toBe(true);
});
afterAll(() => trace.disable());
beforeEach(() => {
  exporter.reset();
  mockLlm.reset();
});

const spans = (): ReadableSpan[] => exporter.getFinishedSpans();

describe("llmAction spans", () => {
  // The failures scripted on purpose, as the action and the run report them.
  expectLogs("LLM_ERROR {", "Error: Bad request");
  test("an LLM step: one CLIENT span 'chat {model}' with GenAI attributes, its run and call", async () => {
    const t = makeTest();
    mockLlm.script = [{ text: "Hello.", inputTokens: 12, outputTokens: 3 }];
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.llmWorkflows.oneCall, { prompt: "hi" }),
    );
    await settle(t);
    expect((await getRun(t, runId))?.status).toBe("completed");
    const [call] = await llmCalls(t, runId);

    expect(spans()).toHaveLength(1);
    const [span] = spans();
    expect(span!.name).toBe("chat mock-1");
    expect(span!.kind).toBe(SpanKind.CLIENT);
    expect(span!.instrumentationScope.name).toBe("convex-agent-workflows");
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
    expect(span!.attributes).toEqual({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "mock",
      "gen_ai.system": "mock",
      "gen_ai.request.model": "mock-1",
      "gen_ai.response.model": "mock-1",
      "gen_ai.output.type": "text",
      "gen_ai.usage.input_tokens": 12,
      "gen_ai.usage.output_tokens": 3,
      "workflow.run_id": runId,
      "workflow.llm.call_id": call!.callId,
      "workflow.llm.attempt": 1,
    });
    expect(span!.events).toEqual([]);
  });

  test("a streamed call and structured output are spans too (output type json)", async () => {
    const t = makeTest();
    mockLlm.script = [
      { text: "One two three.", inputTokens: 5, outputTokens: 3 },
      { text: '{"label":"bug"}', inputTokens: 6, outputTokens: 4 },
    ];
    const streamed = await t.run((ctx) =>
      flows.start(ctx, internal.llmWorkflows.oneCall, {
        prompt: "count",
        stream: true,
      }),
    );
    const classified = await t.run((ctx) =>
      flows.start(ctx, internal.llmFlows.classified, { text: "it crashes" }),
    );
    await settle(t);

    const byRun = (runId: string) =>
      spans().find((s) => s.attributes["workflow.run_id"] === runId);
    expect(byRun(streamed)?.attributes).toMatchObject({
      "gen_ai.output.type": "text",
      "gen_ai.usage.input_tokens": 5,
      "gen_ai.usage.output_tokens": 3,
    });
    expect(byRun(classified)?.attributes).toMatchObject({
      "gen_ai.output.type": "json",
      "gen_ai.usage.input_tokens": 6,
      "gen_ai.usage.output_tokens": 4,
    });
  });

  test("a one-shot call records the request's max tokens and temperature, and no run", async () => {
    const t = makeTest();
    mockLlm.script = [{ text: "Done.", inputTokens: 2, outputTokens: 1 }];
    const callId = await t.run((ctx) =>
      flows.llmCall(ctx, internal.llmActions.tuned, { prompt: "go" }),
    );
    await settle(t);
    expect((await t.run((ctx) => flows.getLlmCall(ctx, callId)))?.status).toBe(
      "completed",
    );

    expect(spans()).toHaveLength(1);
    const { attributes } = spans()[0]!;
    expect(attributes).toMatchObject({
      "gen_ai.request.max_tokens": 64,
      "gen_ai.request.temperature": 0.2,
      "workflow.llm.call_id": callId,
      "workflow.llm.attempt": 1,
      "workflow.llm.one_shot": true,
    });
    expect(attributes["workflow.run_id"]).toBeUndefined();
  });

  test("a 429 then success: a span per attempt, the failed one with error status and error.type", async () => {
    const t = makeTest();
    mockLlm.script = [
      { status: 429, message: "Rate limited" },
      { text: "Second time.", inputTokens: 4, outputTokens: 2 },
    ];
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.llmWorkflows.oneCall, { prompt: "hi" }),
    );
    await settle(t);
    expect((await getRun(t, runId))?.status).toBe("completed");

    const [failed, succeeded] = [...spans()].sort(
      (a, b) =>
        Number(a.attributes["workflow.llm.attempt"]) -
        Number(b.attributes["workflow.llm.attempt"]),
    );
    expect(spans()).toHaveLength(2);
    expect(failed!.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: "Rate limited",
    });
    expect(failed!.attributes).toMatchObject({
      "workflow.run_id": runId,
      "workflow.llm.attempt": 1,
      "error.type": "429",
      "workflow.llm.retryable": true,
      "gen_ai.request.model": "mock-1",
    });
    expect(failed!.attributes["gen_ai.usage.input_tokens"]).toBeUndefined();
    expect(failed!.events.map((e) => e.name)).toEqual(["exception"]);
    expect(failed!.events[0]!.attributes?.["exception.message"]).toBe(
      "Rate limited",
    );

    expect(succeeded!.status.code).toBe(SpanStatusCode.UNSET);
    expect(succeeded!.attributes).toMatchObject({
      "workflow.llm.attempt": 2,
      "gen_ai.usage.input_tokens": 4,
      "gen_ai.usage.output_tokens": 2,
    });
    expect(succeeded!.attributes["error.type"]).toBeUndefined();
  });

  test("a 400 fails the step at once: one error span, not retryable", async () => {
    const t = makeTest();
    mockLlm.script = [{ status: 400, message: "Bad request" }];
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.llmWorkflows.oneCall, { prompt: "hi" }),
    );
    await settle(t);
    expect((await getRun(t, runId))?.status).toBe("failed");

    expect(spans()).toHaveLength(1);
    expect(spans()[0]!.status.code).toBe(SpanStatusCode.ERROR);
    expect(spans()[0]!.attributes).toMatchObject({
      "error.type": "400",
      "workflow.llm.retryable": false,
    });
  });
});
