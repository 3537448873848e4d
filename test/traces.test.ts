// A finished run's trace as OTLP/JSON (flows.exportTrace, publicApi's
// exportTrace, GET {base}/runs/{runId}/trace): its spans nest as the run
// did, carry the step, GenAI and signal attributes, keep time order, and
// are encoded as OpenTelemetry's own JSON serializer encodes spans.
import { SpanStatusCode } from "@opentelemetry/api";
import { JsonTraceSerializer } from "@opentelemetry/otlp-transformer";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { beforeEach, describe, expect, test } from "vitest";
import type { OtlpSpan, OtlpTrace, RunId } from "../src/client/index.js";
import { api, internal } from "./app/_generated/api.js";
import { mockLlm } from "./app/mockModel.js";
import { flows } from "./app/workflows.js";
import {
  expectCode,
  getRun,
  makeTest,
  settle,
  untilStatus,
  useFakeTimers,
  type TestApp,
} from "./harness.js";
import { llmCalls } from "./llmHarness.js";
import { expectLogs } from "./quietLogs.js";
import { finishTracedRun } from "./traceHarness.js";

useFakeTimers();
beforeEach(() => mockLlm.reset());

const as = (t: TestApp, subject: string) =>
  t.withIdentity({ subject, tokenIdentifier: `test|${subject}` });

const spansOf = (trace: OtlpTrace): OtlpSpan[] =>
  trace.resourceSpans[0]!.scopeSpans[0]!.spans;

/** A span's attributes as a plain object. */
function attributes(span: Pick<OtlpSpan, "attributes">) {
  return Object.fromEntries(
    span.attributes.map(({ key, value }) => [
      key,
      "arrayValue" in value
        ? value.arrayValue.values.map((v) => v.stringValue)
        : Object.values(value)[0],
    ]),
  );
}

const nanos = (time: string) => BigInt(time);

describe("exportTrace", () => {
  // The failed run's model call, scripted to fail.
  expectLogs("LLM_ERROR {", "Error: Bad request");
  test("a run with an LLM step, a child run and an approval: spans nested as it ran, with their attributes", async () => {
    const t = makeTest();
    const runId = await finishTracedRun(t, "alice");
    const [call] = await llmCalls(t, runId);
    const trace = await t.run((ctx) => flows.exportTrace(ctx, runId));

    expect(trace.resourceSpans).toHaveLength(1);
    const [resourceSpans] = trace.resourceSpans;
    expect(attributes(resourceSpans!.resource)).toEqual({
      "service.name": "convex-agent-workflows",
    });
    expect(resourceSpans!.scopeSpans.map((s) => s.scope)).toEqual([
      { name: "convex-agent-workflows" },
    ]);
    const spans = spansOf(trace);
    const [root] = spans;
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const childrenOf = (span: OtlpSpan) =>
      spans.filter((s) => s.parentSpanId === span.spanId);
    const named = (name: string) => spans.find((s) => s.name === name)!;

    // One trace of distinct spans, each under a span of the export but the root.
    expect(root!.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(spans.map((s) => s.traceId))).toEqual(
      new Set([root!.traceId]),
    );
    for (const span of spans) expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(byId.size).toBe(spans.length);
    expect(root!.parentSpanId).toBeUndefined();
    for (const span of spans.slice(1)) {
      expect(byId.has(span.parentSpanId!)).toBe(true);
    }

    // The tree: the run's steps (not the component's own inline steps), the
    // model call under its step, the child run under its step.
    expect(root!.name).toBe("traced");
    expect(childrenOf(root!).map((s) => s.name)).toEqual([
      "shout",
      "draft",
      "child:pipeline",
      "approval",
    ]);
    expect(childrenOf(named("draft")).map((s) => s.name)).toEqual([
      "chat mock-1",
    ]);
    expect(childrenOf(named("child:pipeline")).map((s) => s.name)).toEqual([
      "pipeline",
    ]);
    expect(childrenOf(named("pipeline")).map((s) => s.name)).toEqual([
      "steps:shout",
      "steps:shout",
    ]);
    expect(spans).toHaveLength(9);

    expect(attributes(root!)).toEqual({
      "workflow.run_id": runId,
      "workflow.name": "traced",
      "workflow.status": "completed",
      "workflow.usage.input_tokens": 9,
      "workflow.usage.output_tokens": 4,
      "workflow.usage.cost_usd": (9 * 2 + 4 * 8) / 1_000_000,
      "workflow.usage.llm_calls": 1,
    });
    expect(
      childrenOf(root!).map((s) => [
        attributes(s)["workflow.step.number"],
        attributes(s)["workflow.step.kind"],
        attributes(s)["workflow.step.status"],
      ]),
    ).toEqual([
      [0, "action", "completed"],
      [2, "llm", "completed"],
      [4, "child", "completed"],
      [6, "signal", "completed"],
    ]);
    const chat = named("chat mock-1");
    expect(chat.kind).toBe(3);
    expect(attributes(chat)).toEqual({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "mock",
      "gen_ai.system": "mock",
      "gen_ai.response.model": "mock-1",
      "gen_ai.usage.input_tokens": 9,
      "gen_ai.usage.output_tokens": 4,
      "workflow.llm.call_id": call!.callId,
      "workflow.llm.attempts": 1,
      "workflow.llm.status": "completed",
      "workflow.llm.cost_usd": (9 * 2 + 4 * 8) / 1_000_000,
    });
    const child = named("pipeline");
    expect(attributes(named("child:pipeline"))["workflow.child_run_id"]).toBe(
      attributes(child)["workflow.run_id"],
    );
    expect(attributes(child)["workflow.parent_run_id"]).toBe(runId);
    const wait = named("approval");
    expect(attributes(wait)).toMatchObject({
      "workflow.signal.name": "approval",
      "workflow.signal.outcome": "approved",
    });
    expect(wait.events.map((e) => [e.name, attributes(e)])).toEqual([
      [
        "workflow.signal.decision",
        { "workflow.signal.by": "alice", "workflow.signal.approve": true },
      ],
    ]);
    for (const span of spans) {
      expect(span.kind).toBe(span === chat ? 3 : 1);
      expect(span.status).toEqual({ code: SpanStatusCode.UNSET });
    }

    // Times: each span within its parent, steps in the order they ran,
    // events within their span.
    for (const span of spans) {
      expect(nanos(span.startTimeUnixNano)).toBeLessThanOrEqual(
        nanos(span.endTimeUnixNano),
      );
      const parent = span.parentSpanId && byId.get(span.parentSpanId);
      if (!parent) continue;
      expect(nanos(span.startTimeUnixNano)).toBeGreaterThanOrEqual(
        nanos(parent.startTimeUnixNano),
      );
      expect(nanos(span.endTimeUnixNano)).toBeLessThanOrEqual(
        nanos(parent.endTimeUnixNano),
      );
    }
    const starts = childrenOf(root!).map((s) => nanos(s.startTimeUnixNano));
    expect(starts).toEqual([...starts].sort((a, b) => (a < b ? -1 : 1)));
    const decided = nanos(wait.events[0]!.timeUnixNano);
    expect(decided).toBeGreaterThanOrEqual(nanos(wait.startTimeUnixNano));
    expect(decided).toBeLessThanOrEqual(nanos(wait.endTimeUnixNano));
    expect(nanos(root!.startTimeUnixNano)).toBe(
      BigInt((await getRun(t, runId))!.startedAt) * BigInt(1_000_000),
    );

    // The same run, the same trace; a service name of the app's choosing.
    expect(await t.run((ctx) => flows.exportTrace(ctx, runId))).toEqual(trace);
    const named2 = await t.run((ctx) =>
      flows.exportTrace(ctx, runId, { serviceName: "support-app" }),
    );
    expect(attributes(named2.resourceSpans[0]!.resource)).toEqual({
      "service.name": "support-app",
    });
  });

  test("a failed run: error status and error.type on the run, its step and its model call", async () => {
    const t = makeTest();
    mockLlm.script = [{ status: 400, message: "Bad request" }];
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.llmWorkflows.oneCall, { prompt: "hi" }),
    );
    await settle(t);
    expect((await getRun(t, runId))?.status).toBe("failed");

    const spans = spansOf(await t.run((ctx) => flows.exportTrace(ctx, runId)));
    expect(spans.map((s) => [s.name, s.status])).toEqual([
      ["oneCall", { code: SpanStatusCode.ERROR, message: "Bad request" }],
      ["answer", { code: SpanStatusCode.ERROR, message: "Bad request" }],
      ["chat", { code: SpanStatusCode.ERROR, message: "Bad request" }],
    ]);
    expect(attributes(spans[0]!)).toMatchObject({
      "workflow.status": "failed",
      "error.type": "STEP_FAILED",
    });
    expect(attributes(spans[1]!)).toMatchObject({
      "workflow.step.status": "failed",
      "error.type": "_OTHER",
    });
    expect(attributes(spans[2]!)).toMatchObject({
      "gen_ai.operation.name": "chat",
      "workflow.llm.status": "failed",
    });
  });

  test("a run that continued as new: a span per segment, its steps under it", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.longRuns.longChain, {
        total: 5,
        every: 2,
        key: "seg",
      }),
    );
    await settle(t);
    expect((await getRun(t, runId))?.status).toBe("completed");

    const spans = spansOf(await t.run((ctx) => flows.exportTrace(ctx, runId)));
    const [root] = spans;
    expect(attributes(root!)["workflow.segments"]).toBe(3);
    const segments = spans.filter((s) => s.parentSpanId === root!.spanId);
    expect(segments.map((s) => [s.name, attributes(s)])).toEqual([
      ["segment 0", { "workflow.segment": 0 }],
      ["segment 1", { "workflow.segment": 1 }],
      ["segment 2", { "workflow.segment": 2 }],
    ]);
    expect(
      segments.map(
        (segment) =>
          spans.filter((s) => s.parentSpanId === segment.spanId).length,
      ),
    ).toEqual([2, 2, 1]);
    for (const step of spans.filter((s) => s.name === "steps:shout")) {
      const segment = segments.find((s) => s.spanId === step.parentSpanId)!;
      expect(attributes(step)["workflow.segment"]).toBe(
        attributes(segment)["workflow.segment"],
      );
    }
  });

  test("journals past what an export reads: the spans read so far, the root marked truncated", async () => {
    const t = makeTest();
    // Four children of two 760 KB results each: the journals hold 6 MB.
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.traced.bigChildren, {
        children: 4,
        steps: 2,
        bytes: 760_000,
      }),
    );
    await settle(t);
    expect((await getRun(t, runId))?.status).toBe("completed");

    const spans = spansOf(await t.run((ctx) => flows.exportTrace(ctx, runId)));
    expect(attributes(spans[0]!)["workflow.trace.truncated"]).toBe(true);
    // Three children's steps make 4.5 MB, over the 4 MiB read: the fourth
    // child is there, its steps are not.
    const children = spans.filter((s) => s.name === "journalFiller");
    expect(children).toHaveLength(4);
    expect(
      children.map(
        (child) => spans.filter((s) => s.parentSpanId === child.spanId).length,
      ),
    ).toEqual([2, 2, 2, 0]);
  });

  test("the JSON is encoded as OpenTelemetry's own OTLP/JSON serializer encodes spans", async () => {
    const t = makeTest();
    const runId = await finishTracedRun(t, "alice");
    const ours = await t.run((ctx) => flows.exportTrace(ctx, runId));

    // The same kinds of span made by the SDK and serialized by the
    // exporters' own code.
    const exporter = new InMemorySpanExporter();
    const tracer = new BasicTracerProvider({
      spanProcessors: [new SimpleSpanProcessor(exporter)],
    }).getTracer("convex-agent-workflows");
    const parent = tracer.startSpan("run");
    parent.setStatus({ code: SpanStatusCode.ERROR, message: "failed" });
    parent.end();
    const parentContext = (
      await import("@opentelemetry/api")
    ).trace.setSpanContext(
      (await import("@opentelemetry/api")).context.active(),
      parent.spanContext(),
    );
    const span = tracer.startSpan(
      "step",
      {
        attributes: { s: "text", i: 3, d: 0.5, b: true, l: ["x", "y"] },
      },
      parentContext,
    );
    span.addEvent("decision", { by: "alice", approve: true });
    span.end();
    const official = JSON.parse(
      new TextDecoder().decode(
        JsonTraceSerializer.serializeRequest(exporter.getFinishedSpans())!,
      ),
    ) as OtlpTrace;

    // Every field ours has, theirs has, with a value of the same JSON type.
    expectShapeWithin(ours, official);
    const failed = spansOf(official).find((s) => s.name === "run")!;
    expect(failed.status).toEqual({ code: 2, message: "failed" });
    const step = spansOf(official).find((s) => s.name === "step")!;
    expect(step.parentSpanId).toBe(failed.spanId);
    // Attribute values: each kind ours writes is written the same way.
    expect(step.attributes).toEqual([
      { key: "s", value: { stringValue: "text" } },
      { key: "i", value: { intValue: 3 } },
      { key: "d", value: { doubleValue: 0.5 } },
      { key: "b", value: { boolValue: true } },
      {
        key: "l",
        value: {
          arrayValue: { values: [{ stringValue: "x" }, { stringValue: "y" }] },
        },
      },
    ]);
    const kinds = new Set(
      spansOf(ours).flatMap((s) =>
        [...s.attributes, ...s.events.flatMap((e) => e.attributes)].map(
          ({ value }) => Object.keys(value)[0],
        ),
      ),
    );
    expect([...kinds].sort()).toEqual([
      "boolValue",
      "doubleValue",
      "intValue",
      "stringValue",
    ]);
  });
});

/**
 * Each field of `ours` is in `theirs` with the same JSON type, recursively:
 * an array's items against the fullest of theirs (an attribute against
 * theirs with a value of the same kind).
 */
function expectShapeWithin(ours: unknown, theirs: unknown, path = "$"): void {
  const kind = (v: unknown) =>
    Array.isArray(v) ? "array" : v === null ? "null" : typeof v;
  expect(kind(ours), path).toBe(kind(theirs));
  if (Array.isArray(ours)) {
    const model = [...(theirs as unknown[])].sort(
      (a, b) => JSON.stringify(b).length - JSON.stringify(a).length,
    )[0];
    for (const item of ours) {
      if (model === undefined) throw new Error(`${path}: theirs is empty`);
      // An attribute's value is one of several shapes: match by its key.
      const like = path.endsWith(".attributes")
        ? (theirs as { value: object }[]).find(
            (a) =>
              Object.keys(a.value)[0] ===
              Object.keys((item as { value: object }).value)[0],
          )
        : model;
      expectShapeWithin(item, like, `${path}[]`);
    }
    return;
  }
  if (kind(ours) !== "object") return;
  for (const [key, value] of Object.entries(ours as object)) {
    expect(theirs, `${path}.${key}`).toHaveProperty([key]);
    expectShapeWithin(
      value,
      (theirs as Record<string, unknown>)[key],
      `${path}.${key}`,
    );
  }
}

describe("exportTrace's refusals", () => {
  test("an unknown run is RUN_NOT_FOUND, a running one RUN_NOT_FINISHED, bad arguments INVALID_ARGUMENT", async () => {
    const t = makeTest();
    await expectCode(
      t.run((ctx) => flows.exportTrace(ctx, "nope" as RunId)),
      "RUN_NOT_FOUND",
    );
    await expectCode(
      t.run((ctx) => flows.exportTrace(ctx, "" as RunId)),
      "INVALID_ARGUMENT",
    );
    const runId = await t.run((ctx) =>
      flows.start(
        ctx,
        internal.approvals.review,
        { draft: "Hi", key: "rf" },
        { owner: "alice" },
      ),
    );
    await untilStatus(t, runId, "waiting");
    await expectCode(
      t.run((ctx) => flows.exportTrace(ctx, runId)),
      "RUN_NOT_FINISHED",
    );
    await expectCode(
      as(t, "alice").query(api.ownedApi.exportTrace, { runId }),
      "RUN_NOT_FINISHED",
    );
    await expectCode(
      t.run((ctx) => flows.exportTrace(ctx, runId, { serviceName: "" })),
      "INVALID_ARGUMENT",
    );
    await expectCode(
      as(t, "alice").query(api.ownedApi.exportTrace, {
        runId,
        serviceName: "x".repeat(101),
      }),
      "INVALID_ARGUMENT",
    );
  });

  test("publicApi: the owner gets the trace, another caller NOT_AUTHORIZED, an unknown run the same", async () => {
    const t = makeTest();
    const runId = await finishTracedRun(t, "alice");
    const trace = await as(t, "alice").query(api.ownedApi.exportTrace, {
      runId,
    });
    expect(trace).toEqual(await t.run((ctx) => flows.exportTrace(ctx, runId)));
    await expectCode(
      as(t, "bob").query(api.ownedApi.exportTrace, { runId }),
      "NOT_AUTHORIZED",
    );
    await expectCode(
      as(t, "bob").query(api.ownedApi.exportTrace, { runId: "nope" }),
      "NOT_AUTHORIZED",
    );
    await expectCode(
      t.query(api.ownedApi.exportTrace, { runId }),
      "NOT_AUTHORIZED",
    );
  });

  test("HTTP: GET {base}/runs/{runId}/trace is the OTLP/JSON body a collector takes", async () => {
    const t = makeTest();
    const runId = await finishTracedRun(t, "alice");
    const get = (who: TestApp | ReturnType<typeof as>, query = "") =>
      who.fetch(`/wf/runs/${runId}/trace${query}`, { method: "GET" });

    const response = await get(as(t, "alice"), "?service=support-app");
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("application/json");
    expect(await response.json()).toEqual(
      await t.run((ctx) =>
        flows.exportTrace(ctx, runId, { serviceName: "support-app" }),
      ),
    );
    const refused = await get(as(t, "bob"));
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: "NOT_AUTHORIZED" });
    expect((await get(t)).status).toBe(401);
  });
});
