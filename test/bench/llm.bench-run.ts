// LLM benchmark: RUNS workflows of STEPS sequential LLM steps each, all
// started at once, against llmPool capped at BENCH_LLM_CAP, on a mock model
// whose latency varies per call (test/app/benchLlm.ts). Measures how full
// the cap is kept while calls wait. Run with `npm run bench` (after the core
// bench); appends its section to test/bench/results.md.
//
// It prints numbers; it asserts only that every run and call completed and
// that every call took exactly its scripted latency (see `drive`).
import { readFileSync, writeFileSync } from "node:fs";
import { expect, test, vi } from "vitest";
import type { RunId } from "../../src/client/index.js";
import { internal } from "../app/_generated/api.js";
import {
  BENCH_LLM_CAP,
  benchFlows,
  benchLlm,
  type BenchCall,
} from "../app/benchLlm.js";
import { mockLlm } from "../app/mockModel.js";
import { makeTest, type TestApp } from "../harness.js";
import {
  Counts,
  functionKey,
  installInstrumentation,
  measure,
  type ExecutionContext,
} from "./instrument.js";

const RUNS = Number(process.env.BENCH_LLM_RUNS ?? 40);
const STEPS = Number(process.env.BENCH_LLM_STEPS ?? 5);
const CALLS = RUNS * STEPS;
/** Mean model latency; each call's is uniform in [0.5, 1.5) × this. */
const LATENCY_MS = Number(process.env.BENCH_LLM_LATENCY_MS ?? 2000);
const SEED = 0x5eed;
/** Width of the rows of the over-time table. */
const BUCKET_MS = 10_000;
const CAP = BENCH_LLM_CAP;
const RESULTS = new URL("./results.md", import.meta.url);
const MARKER =
  "<!-- LLM section: written by `npm run bench` (test/bench/llm.bench-run.ts); do not edit. -->";

// Captured before fake timers replace Date.
const RealDate = Date;
const realNow = (): number => RealDate.now();

/** mulberry32: a small seeded PRNG, so every bench run has the same latencies. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function latencies(): number[] {
  const random = seeded(SEED);
  return Array.from({ length: CALLS }, () =>
    Math.round(LATENCY_MS * (0.5 + random())),
  );
}

/**
 * Executions with the (fake) time they began, for the loop analysis, and a
 * count of everything functions do (executions and syscalls), to tell when
 * all work set off by a timer is done (see `drive`).
 */
class TimedCounts extends Counts {
  readonly log: { t: number; key: string }[] = [];
  activity = 0;
  override onExecution(ctx: ExecutionContext): void {
    super.onExecution(ctx);
    this.activity += 1;
    this.log.push({ t: Date.now(), key: functionKey(ctx) });
  }
  override onSyscall(
    ctx: ExecutionContext | undefined,
    op: string,
    args: string,
    result: string,
  ): void {
    super.onSyscall(ctx, op, args, result);
    this.activity += 1;
  }
}

/**
 * Run scheduled work to the end with the fake clock moving one timer at a
 * time, and only once everything the last timer set off has settled: every
 * timer then fires at its own time, after all work due before it.
 *
 * convex-test's `finishAllScheduledFunctions` calls `advance` once per real
 * event-loop turn while functions run (and twice in a row when it starts
 * waiting). `advance` moves the clock to the next timer only after a whole
 * turn in which no function executed or made a syscall and no model call
 * began or ended; otherwise it does nothing this turn.
 * `vi.runAllTimers` instead fires every pending timer at once, the model's
 * latencies and the batch-worker monitors minutes out included, jumping the
 * clock past work that has not run yet: fine for counting, meaningless for
 * time.
 */
async function drive(t: TestApp, counts: TimedCounts): Promise<void> {
  const activity = () => counts.activity + benchLlm.timeline.length;
  let seen = -1;
  const advance = () => {
    const now = activity();
    if (now !== seen) {
      seen = now;
      return;
    }
    vi.advanceTimersToNextTimer();
    seen = -1;
  };
  await t.finishAllScheduledFunctions(advance, 1_000_000);
}

type Measured = {
  t0: number;
  calls: BenchCall[];
  timeline: { t: number; inFlight: number }[];
  /** When each call was queued (its llmCalls row's createdAt). */
  enqueued: { index: number; t: number }[];
  runsFinished: number;
  log: { t: number; key: string }[];
  seconds: number;
};

async function runBench(): Promise<Measured> {
  vi.useFakeTimers();
  try {
    const t = makeTest();
    installInstrumentation();
    mockLlm.reset();
    benchLlm.reset(latencies());
    const counts = new TimedCounts();
    const started = realNow();
    const t0 = Date.now();
    const runIds = await t.run(async (ctx): Promise<RunId[]> => {
      const ids: RunId[] = [];
      for (let run = 0; run < RUNS; run++) {
        ids.push(
          await benchFlows.start(ctx, internal.benchLlm.llmSteps, {
            run,
            steps: STEPS,
          }),
        );
      }
      return ids;
    });
    await measure(counts, () => drive(t, counts));
    const seconds = (realNow() - started) / 1000;

    const enqueued: { index: number; t: number }[] = [];
    let runsFinished = t0;
    for (const [run, runId] of runIds.entries()) {
      const info = await t.run((ctx) => benchFlows.getRun(ctx, runId));
      expect(info?.status).toBe("completed");
      runsFinished = Math.max(runsFinished, info?.finishedAt ?? 0);
      const calls = await t.run((ctx) => benchFlows.listLlmCalls(ctx, runId));
      expect(calls.map((c) => [c.status, c.attempts])).toEqual(
        Array.from({ length: STEPS }, () => ["completed", 1]),
      );
      for (const [i, call] of calls.entries()) {
        enqueued.push({ index: run * STEPS + i, t: call.createdAt });
      }
    }
    const calls = [...benchLlm.calls];
    expect(calls.length).toBe(CALLS);
    expect(new Set(calls.map((c) => c.index)).size).toBe(CALLS);
    expect(mockLlm.calls).toBe(CALLS);
    // The clock moved timer by timer: each call took its scripted latency.
    for (const c of calls) expect(c.end - c.begin).toBe(c.latencyMs);
    return {
      t0,
      calls,
      timeline: [...benchLlm.timeline],
      enqueued,
      runsFinished,
      log: counts.log,
      seconds,
    };
  } finally {
    vi.useRealTimers();
  }
}

// --- analysis

type Analysis = ReturnType<typeof analyze>;

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function stats(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / (sorted.length || 1);
  return {
    n: sorted.length,
    mean,
    p50: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    max: sorted[sorted.length - 1] ?? NaN,
  };
}

/** How many of sorted `xs` are <= x. */
function countAtOrBefore(xs: number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Utilization, precisely: a call is *queued* from its enqueue on llmPool
 * (`createdAt` of its llmCalls row, written by the same mutation that
 * enqueues it) until its model call begins, and *in flight* from then until
 * the model call ends. T is the total time during which at least one call
 * is queued; utilization = (∫ over T of in-flight calls dt) / (cap × T).
 * Events at the same instant are applied together (a call queued and begun
 * at once was never queued). 1 means a free slot was never left idle while
 * a call waited. Here T turns out to be exactly the first-start → last-start
 * window (the queue never runs dry in between); both are reported.
 */
function analyze(m: Measured) {
  const begins = m.calls.map((c) => c.begin).sort((a, b) => a - b);
  const ends = m.calls.map((c) => c.end).sort((a, b) => a - b);
  const enq = m.enqueued.map((e) => e.t).sort((a, b) => a - b);
  // Piecewise-constant state between event times: after all events at
  // time t, until the next event time.
  const times = [...new Set([...begins, ...ends, ...enq])].sort(
    (a, b) => a - b,
  );
  const inFlightAt = (t: number) =>
    countAtOrBefore(begins, t) - countAtOrBefore(ends, t);
  const queuedAt = (t: number) =>
    countAtOrBefore(enq, t) - countAtOrBefore(begins, t);
  let maxInFlight = 0;
  let queuedMs = 0;
  let busyWhileQueued = 0;
  let busyTotal = 0;
  let queuedArea = 0;
  for (let i = 0; i < times.length - 1; i++) {
    const dt = times[i + 1] - times[i];
    const inFlight = inFlightAt(times[i]);
    const queued = queuedAt(times[i]);
    maxInFlight = Math.max(maxInFlight, inFlight);
    busyTotal += inFlight * dt;
    queuedArea += queued * dt;
    if (queued > 0) {
      queuedMs += dt;
      busyWhileQueued += inFlight * dt;
    }
  }
  // The same, per BUCKET_MS of wall time from the starting mutation.
  const wallMs = m.runsFinished - m.t0;
  const buckets = Array.from(
    { length: Math.ceil(wallMs / BUCKET_MS) },
    (_, i) => ({
      from: i * BUCKET_MS,
      to: Math.min((i + 1) * BUCKET_MS, wallMs),
      busy: 0,
      queued: 0,
      begun: 0,
    }),
  );
  for (let i = 0; i < times.length - 1; i++) {
    const inFlight = inFlightAt(times[i]);
    const queued = queuedAt(times[i]);
    for (const bucket of buckets) {
      const from = Math.max(times[i] - m.t0, bucket.from);
      const to = Math.min(times[i + 1] - m.t0, bucket.to);
      if (to <= from) continue;
      bucket.busy += inFlight * (to - from);
      bucket.queued += queued * (to - from);
    }
  }
  for (const begin of begins) {
    const bucket = buckets[Math.floor((begin - m.t0) / BUCKET_MS)];
    if (bucket) bucket.begun += 1;
  }

  const firstBegin = begins[0];
  const lastBegin = begins[begins.length - 1];
  let busyFirstToLastStart = 0;
  for (let i = 0; i < times.length - 1; i++) {
    const from = Math.max(times[i], firstBegin);
    const to = Math.min(times[i + 1], lastBegin);
    if (to > from) busyFirstToLastStart += inFlightAt(times[i]) * (to - from);
  }
  // Cross-check against the timeline the model recorded itself.
  const timelineMax = Math.max(...m.timeline.map((p) => p.inFlight));

  // A slot frees when a call ends; while calls wait, the next one begins
  // this much later.
  const handoff: number[] = [];
  for (const end of ends) {
    if (queuedAt(end) === 0) continue;
    const next = begins[countAtOrBefore(begins, end)];
    if (next !== undefined) handoff.push(next - end);
  }
  // A run's call ends -> that run's next call is queued (workflow resume).
  const byIndex = new Map(m.calls.map((c) => [c.index, c]));
  const enqByIndex = new Map(m.enqueued.map((e) => [e.index, e.t]));
  const turnaround: number[] = [];
  const queueWait: number[] = [];
  for (const [index, call] of byIndex) {
    queueWait.push(call.begin - (enqByIndex.get(index) ?? NaN));
    if ((index + 1) % STEPS !== 0) {
      turnaround.push((enqByIndex.get(index + 1) ?? NaN) - call.end);
    }
  }

  // llmPool's loop: how far apart its iterations run.
  const loopRuns = m.log
    .filter((e) => e.key === "agentWorkflows/llmPool/batchWorker|loop:loop")
    .map((e) => e.t);
  const loopGaps = loopRuns.slice(1).map((t, i) => t - loopRuns[i]);
  const workRuns = m.log.filter(
    (e) => e.key === "agentWorkflows/llmPool|loop:run",
  ).length;

  const sumLatency = m.calls.reduce((s, c) => s + c.latencyMs, 0);
  return {
    maxInFlight,
    timelineMax,
    calls: m.calls.length,
    utilization: busyWhileQueued / (CAP * queuedMs),
    utilizationFirstToLastStart:
      busyFirstToLastStart / (CAP * (lastBegin - firstBegin)),
    queuedMs,
    meanQueued: queuedArea / (times[times.length - 1] - times[0]),
    firstToLastStartMs: lastBegin - firstBegin,
    firstBeginMs: firstBegin - m.t0,
    lastEndMs: ends[ends.length - 1] - m.t0,
    wallMs,
    meanInFlight: busyTotal / wallMs,
    callsPerSecond: m.calls.length / (wallMs / 1000),
    idealMs: sumLatency / CAP,
    meanLatency: sumLatency / m.calls.length,
    handoff: stats(handoff),
    turnaround: stats(turnaround),
    queueWait: stats(queueWait),
    loopIterations: loopRuns.length,
    loopWorkIterations: workRuns,
    loopGapCounts: {
      zero: loopGaps.filter((g) => g === 0).length,
      poll: loopGaps.filter((g) => g === 200).length,
      other: loopGaps.filter((g) => g !== 0 && g !== 200).length,
    },
    loopGapOther: stats(loopGaps.filter((g) => g !== 0 && g !== 200)),
    buckets,
  };
}

// --- output

const fmt = (value: number, digits = 1): string => value.toFixed(digits);
const s = (ms: number, digits = 1): string => fmt(ms / 1000, digits);

function section(a: Analysis, m: Measured): string[] {
  const benchLine = `BENCH llm cap=${CAP} maxInFlight=${a.maxInFlight} calls=${a.calls} utilization=${fmt(a.utilization, 3)}`;
  const row = (name: string, x: ReturnType<typeof stats>) =>
    `| ${name} | ${x.n} | ${fmt(x.mean, 0)} | ${x.p50} | ${x.p90} | ${x.max} |`;
  return [
    MARKER,
    "",
    "## LLM steps under load: llmPool's cap",
    "",
    `${RUNS} runs × ${STEPS} sequential \`step.llm\` calls = ${CALLS} model calls, all runs started in one mutation,`,
    `llmPool cap k = ${CAP} (AgentWorkflows option \`llm.maxParallelism\`, test/app/benchLlm.ts). Mock model latency per call:`,
    `uniform in [${LATENCY_MS / 2}, ${(LATENCY_MS * 3) / 2}) ms from a seeded sequence (mean ${fmt(a.meanLatency, 0)} ms). Fake timers, the clock moved`,
    "one timer at a time (`vi.advanceTimersToNextTimer`; every call took exactly its scripted latency); times are fake ms.",
    "(`vi.runAllTimers` fires every pending timer at once, batch-worker monitors minutes ahead included: it shows",
    "a handoff of 240 s per call, hours of wall time and utilization 0.33, an artifact of the clock, not of llmPool.)",
    "",
    "- in flight = model calls begun and not yet ended (recorded by the model wrapper at each begin and end).",
    "- queued = calls enqueued on llmPool (their `llmCalls` row's `createdAt`) whose model call has not begun.",
    "- utilization = (∫ in-flight dt) / (k × T) over T = the time during which at least one call is queued:",
    "  how full the cap is kept while there is work waiting for it (1 = a free slot is never left idle).",
    "- wall = from the starting mutation to the last run's `finishedAt`.",
    "",
    "| runs × steps | k | calls | maxInFlight | wall (s) | ideal Σlatency/k (s) | mean in-flight over wall | calls/s | time queued T (s) | utilization |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    `| ${RUNS} × ${STEPS} | ${CAP} | ${a.calls} | ${a.maxInFlight} | ${s(a.wallMs)} | ${s(a.idealMs)} | ${fmt(a.meanInFlight, 2)} | ${fmt(a.callsPerSecond, 2)} | ${s(a.queuedMs)} | ${fmt(a.utilization, 3)} |`,
    "",
    `Over the first-start → last-start window (${s(a.firstToLastStartMs)} s) instead of T, utilization is ${fmt(a.utilizationFirstToLastStart, 3)}.`,
    `First model call began ${a.firstBeginMs} ms after the start mutation; last one ended at ${s(a.lastEndMs)} s; mean queue length ${fmt(a.meanQueued, 1)}.`,
    "",
    "| interval (fake ms) | n | mean | p50 | p90 | max |",
    "|---|---:|---:|---:|---:|---:|",
    row(
      "slot handoff: a call ends while calls are queued → the next call begins",
      a.handoff,
    ),
    row("queue wait: enqueued → model call begins", a.queueWait),
    row(
      "run turnaround: a run's call ends → its next call is enqueued",
      a.turnaround,
    ),
    "",
    "The slot handoff is the wait for llmPool's next loop iteration: while calls run, workpool keeps its",
    "batch-worker loop `running`, polling every 200 ms, so the ping of a completion is a no-op and the freed slot is",
    "refilled at the next poll (mean wait ≈ 100 ms, half the interval). The run turnaround is the same wait in the",
    "workflow's own pool before the run resumes and queues its next call.",
    "",
    `Over time, per ${BUCKET_MS / 1000} s of wall time:`,
    "",
    "| fake s | mean in-flight | calls begun | calls/s | mean queued |",
    "|---|---:|---:|---:|---:|",
    ...a.buckets.map((b) => {
      const ms = b.to - b.from;
      return `| ${s(b.from, 0)}–${s(b.to, b.to % 1000 === 0 ? 0 : 1)} | ${fmt(b.busy / ms, 2)} | ${b.begun} | ${fmt(b.begun / (ms / 1000), 2)} | ${fmt(b.queued / ms, 1)} |`;
    }),
    "",
    `llmPool's batch-worker loop ran ${a.loopIterations} times (${a.loopWorkIterations} with a batch of work); between consecutive`,
    `iterations: 0 ms ${a.loopGapCounts.zero} times (draining), 200 ms ${a.loopGapCounts.poll} times (the idle poll),`,
    `other ${a.loopGapCounts.other} times` +
      (a.loopGapCounts.other > 0
        ? ` (mean ${fmt(a.loopGapOther.mean, 0)} ms).`
        : "."),
    "",
    `LLM bench runtime: ${fmt(m.seconds, 1)} s.`,
    "",
    benchLine,
  ];
}

function writeSection(lines: string[]): void {
  let current = "";
  try {
    current = readFileSync(RESULTS, "utf8");
  } catch {
    // No core results yet.
  }
  const cut = current.indexOf(MARKER);
  const before = (cut >= 0 ? current.slice(0, cut) : current).trimEnd();
  writeFileSync(
    RESULTS,
    (before ? before + "\n\n" : "") + lines.join("\n") + "\n",
  );
}

test("LLM benchmark: llmPool cap utilization", async () => {
  const m = await runBench();
  const a = analyze(m);
  expect(a.timelineMax).toBe(a.maxInFlight);
  const lines = section(a, m);
  writeSection(lines);
  console.log("\n" + lines.join("\n"));
});
