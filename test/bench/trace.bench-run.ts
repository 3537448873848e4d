// Trace export benchmark: what `exportTrace` reads and returns for finished
// runs of several shapes and lengths, up to one past the 1,000-span cap.
// Run with `npm run bench`; writes test/bench/trace-results.md.
//
// It prints numbers; it asserts that each export has the spans it should
// and that the longest is cut at the cap and says so.
import { writeFileSync } from "node:fs";
import { expect, test, vi } from "vitest";
import type { OtlpTrace, RunId } from "../../src/client/index.js";
import { internal } from "../app/_generated/api.js";
import { mockLlm } from "../app/mockModel.js";
import { flows } from "../app/workflows.js";
import { makeTest, type TestApp } from "../harness.js";
import { finishTracedRun } from "../traceHarness.js";
import { Counts, installInstrumentation, measure } from "./instrument.js";
import { realNow } from "./measuredRun.js";

const RESULTS = new URL("./trace-results.md", import.meta.url);
const KB = 1024;

type Case = {
  name: string;
  /** User steps the run has (the component's own inline steps not counted). */
  steps: number;
  start: (t: TestApp) => Promise<RunId>;
};

const chain = (total: number): Case => ({
  name: `longChain N=${total} (continues as new every 100)`,
  steps: total,
  start: (t) =>
    t.run((ctx) =>
      flows.start(ctx, internal.longRuns.longChain, {
        total,
        every: 100,
        key: "trace",
      }),
    ),
});

const CASES: Case[] = [
  {
    name: "traced (action, LLM step, child run of 2 steps, approval)",
    steps: 6,
    start: (t) => finishTracedRun(t),
  },
  {
    name: "fiveCalls (5 LLM steps)",
    steps: 5,
    start: (t) =>
      t.run((ctx) =>
        flows.start(ctx, internal.llmWorkflows.fiveCalls, { topic: "t" }),
      ),
  },
  chain(10),
  chain(100),
  chain(1000),
];

type Result = {
  name: string;
  steps: number;
  spans: number;
  truncated: boolean;
  counts: Counts;
  jsonBytes: number;
  ms: number;
};

async function measureExport(c: Case): Promise<Result> {
  vi.useFakeTimers();
  try {
    mockLlm.reset();
    const t = makeTest();
    installInstrumentation();
    const runId = await c.start(t);
    await t.finishAllScheduledFunctions(vi.runAllTimers, 10_000_000);
    expect((await t.run((ctx) => flows.getRun(ctx, runId)))?.status).toBe(
      "completed",
    );
    const counts = new Counts();
    const started = realNow();
    const trace: OtlpTrace = await measure(counts, () =>
      t.run((ctx) => flows.exportTrace(ctx, runId)),
    );
    const ms = realNow() - started;
    const spans = trace.resourceSpans[0]!.scopeSpans[0]!.spans;
    const truncated = spans[0]!.attributes.some(
      (a) => a.key === "workflow.trace.truncated",
    );
    return {
      name: c.name,
      steps: c.steps,
      spans: spans.length,
      truncated,
      counts,
      jsonBytes: JSON.stringify(trace).length,
      ms,
    };
  } finally {
    vi.useRealTimers();
  }
}

const fmt = (value: number, digits = 1): string => value.toFixed(digits);

test("trace export benchmark", async () => {
  const results: Result[] = [];
  for (const c of CASES) {
    const r = await measureExport(c);
    results.push(r);
    console.log(
      `bench trace: ${r.name}: ${r.spans} spans${r.truncated ? " (truncated)" : ""}, ` +
        `${r.counts.totalReads} docs read, ${fmt(r.jsonBytes / KB)} KB`,
    );
  }
  const [traced, llm, ten, hundred, thousand] = results;
  expect(traced!.spans).toBe(9);
  expect(llm!.spans).toBe(11);
  expect([ten!.spans, hundred!.spans]).toEqual([11, 101]);
  expect(results.slice(0, 4).every((r) => !r.truncated)).toBe(true);
  expect(thousand).toMatchObject({ spans: 1000, truncated: true });

  const lines = [
    "<!-- Written by `npm run bench` (test/bench/trace.bench-run.ts); do not edit. -->",
    "",
    "One `exportTrace` of a finished run (convex-test, transaction limits on).",
    "docs read = documents returned to function code, all components; journal",
    "KB = bytes of the nested workflow's `steps` documents read; JSON KB = the",
    "OTLP/JSON returned. Spans stop at 1,000 (the root then says truncated).",
    "",
    "| run | user steps | spans | docs read | docs read/span | journal KB | executions | JSON KB | JSON bytes/span | ms |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of results) {
    lines.push(
      `| ${r.name} | ${r.steps} | ${r.spans}${r.truncated ? " (truncated)" : ""} | ` +
        `${r.counts.totalReads} | ${fmt(r.counts.totalReads / r.spans, 2)} | ` +
        `${fmt(r.counts.journalBytesRead / KB)} | ${r.counts.totalExecs} | ` +
        `${fmt(r.jsonBytes / KB)} | ${fmt(r.jsonBytes / r.spans, 0)} | ${fmt(r.ms, 0)} |`,
    );
  }
  lines.push(
    "",
    `BENCH trace spans=${thousand!.spans} docsRead=${thousand!.counts.totalReads} ` +
      `journalKB=${fmt(thousand!.counts.journalBytesRead / KB)} jsonKB=${fmt(thousand!.jsonBytes / KB)}`,
  );
  writeFileSync(RESULTS, lines.join("\n") + "\n");
  console.log("\n" + lines.join("\n"));
});
