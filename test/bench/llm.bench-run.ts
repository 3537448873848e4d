// LLM benchmark: RUNS workflows of STEPS sequential LLM steps each, all
// started at once, against the component's LLM dispatcher capped at
// BENCH_LLM_CAP, on a mock model whose latency varies per call
// (test/app/benchLlm.ts), at three mean latencies. Measures how full the
// cap is kept while calls wait. Run with `npm run bench` (after the core
// bench); writes its section of test/bench/results.md.
//
// It prints numbers; it asserts only that every run and call completed,
// that every call took exactly its scripted latency (see `drive`) and that
// the cap held.
import { expect, test } from "vitest";
import type { RunId } from "../../src/client/index.js";
import { internal } from "../app/_generated/api.js";
import {
  BENCH_LLM_CAP,
  benchFlows,
  benchLlm,
  type BenchCall,
} from "../app/benchLlm.js";
import { mockLlm } from "../app/mockModel.js";
import { measure } from "./instrument.js";
import {
  countAtOrBefore,
  drive,
  fmt,
  realNow,
  sec,
  sectionMarker,
  seeded,
  benchRun,
  stats,
  TimedCounts,
  writeSection,
  type Stats,
} from "./llmBench.js";

const RUNS = Number(process.env.BENCH_LLM_RUNS ?? 40);
const STEPS = Number(process.env.BENCH_LLM_STEPS ?? 5);
const CALLS = RUNS * STEPS;
/** Mean model latencies; each call's is uniform in [0.5, 1.5) × the mean. */
const MEANS = (process.env.BENCH_LLM_LATENCIES ?? "100,500,2000")
  .split(",")
  .filter(Boolean)
  .map(Number);
const SEED = 0x5eed;
/** Rows of the over-time table: tenths of each run's wall time. */
const TENTHS = 10;
const CAP = BENCH_LLM_CAP;
const MARKER = sectionMarker("LLM section", "llm.bench-run.ts");

function latencies(mean: number): number[] {
  const random = seeded(SEED);
  return Array.from({ length: CALLS }, () =>
    Math.round(mean * (0.5 + random())),
  );
}

type Measured = {
  mean: number;
  t0: number;
  calls: BenchCall[];
  timeline: { t: number; inFlight: number }[];
  /** When each call was queued (its llmCalls row's createdAt). */
  enqueued: { index: number; t: number }[];
  runsFinished: number;
  counts: TimedCounts;
  seconds: number;
};

async function runBench(mean: number): Promise<Measured> {
  return await benchRun(
    SEED,
    () => benchLlm.reset(latencies(mean)),
    async ({ t, counts, started }) => {
      const t0 = Date.now();
      const runIds = await measure(counts, async () => {
        const ids = await t.run(async (ctx): Promise<RunId[]> => {
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
        await drive(t, counts, () => benchLlm.timeline.length);
        return ids;
      });
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
        mean,
        t0,
        calls,
        timeline: [...benchLlm.timeline],
        enqueued,
        runsFinished,
        counts,
        seconds,
      };
    },
  );
}

// --- analysis

type Analysis = ReturnType<typeof analyze>;

/** The component's functions on an LLM call's path, by function key prefix. */
const CALL_PATH = [
  "agentWorkflows|llm/",
  "agentWorkflows/retrier|",
  "app|benchLlm:complete",
];

/**
 * Utilization, precisely: a call is *queued* from its `createdAt` (its
 * llmCalls row, written by the mutation that queues it with the
 * dispatcher) until its model call begins, and *in flight* from then until
 * the model call ends. T is the total time during which at least one call
 * is queued; utilization = (∫ over T of in-flight calls dt) / (cap × T).
 * Events at the same instant are applied together (a call queued and begun
 * at once was never queued). 1 means a free slot was never left idle while
 * a call waited.
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
  // Mean in flight per tenth of the wall time from the starting mutation.
  const wallMs = m.runsFinished - m.t0;
  const tenths = Array.from({ length: TENTHS }, (_, i) => ({
    from: (i * wallMs) / TENTHS,
    to: ((i + 1) * wallMs) / TENTHS,
    busy: 0,
  }));
  for (let i = 0; i < times.length - 1; i++) {
    const inFlight = inFlightAt(times[i]);
    for (const tenth of tenths) {
      const from = Math.max(times[i] - m.t0, tenth.from);
      const to = Math.min(times[i + 1] - m.t0, tenth.to);
      if (to > from) tenth.busy += inFlight * (to - from);
    }
  }
  // Cross-check against the timeline the model recorded itself.
  const timelineMax = Math.max(...m.timeline.map((p) => p.inFlight));

  // Slot handoff: a call ends while another waits (queued at or before the
  // end, not yet begun) -> the next call begins. Each begin fills one freed
  // slot, so ends and begins are matched one to one, in time order.
  const handoff: number[] = [];
  let next = 0;
  for (const end of ends) {
    const from = countAtOrBefore(begins, end - 1); // first begin >= end
    const claimed = Math.max(0, next - from);
    const waiting =
      countAtOrBefore(enq, end) - countAtOrBefore(begins, end - 1) - claimed;
    if (waiting <= 0) continue;
    next = Math.max(next, from);
    if (next >= begins.length) break;
    handoff.push(begins[next] - end);
    next += 1;
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

  // Function executions per model call: all of them (the workflows' own
  // machinery included), and those on the call's path.
  const perCall = new Map<string, number>();
  for (const [key, n] of m.counts.execs) {
    if (CALL_PATH.some((prefix) => key.startsWith(prefix))) {
      perCall.set(key, n / m.calls.length);
    }
  }
  const callPathExecs = [...perCall.values()].reduce((s, x) => s + x, 0);

  const sumLatency = m.calls.reduce((s, c) => s + c.latencyMs, 0);
  return {
    mean: m.mean,
    /** Slot time left idle while calls were queued: k × T − ∫ in-flight dt. */
    idleSlotMs: CAP * queuedMs - busyWhileQueued,
    maxInFlight,
    timelineMax,
    calls: m.calls.length,
    utilization: busyWhileQueued / (CAP * queuedMs),
    queuedMs,
    meanQueued: queuedArea / (times[times.length - 1] - times[0]),
    firstBeginMs: begins[0] - m.t0,
    lastEndMs: ends[ends.length - 1] - m.t0,
    wallMs,
    meanInFlight: busyTotal / wallMs,
    callsPerSecond: m.calls.length / (wallMs / 1000),
    idealMs: sumLatency / CAP,
    meanLatency: sumLatency / m.calls.length,
    handoff: stats(handoff),
    handoffLate: handoff.filter((ms) => ms > 0).length,
    turnaround: stats(turnaround),
    queueWait: stats(queueWait),
    execsPerCall: m.counts.totalExecs / m.calls.length,
    callPathExecs,
    perCall: [...perCall.entries()].sort((a, b) => b[1] - a[1]),
    tenths,
    seconds: m.seconds,
  };
}

// --- output

const benchLine = (a: Analysis) =>
  `BENCH llm latency=${a.mean} utilization=${fmt(a.utilization, 3)}`;

function section(results: Analysis[]): string[] {
  const row = (name: string, pick: (a: Analysis) => Stats) =>
    results.map((a) => {
      const x = pick(a);
      return `| ${name} | ${a.mean} | ${x.n} | ${fmt(x.mean, 0)} | ${x.p50} | ${x.p90} | ${x.max} |`;
    });
  const functions = [
    ...new Set(results.flatMap((a) => a.perCall.map(([key]) => key))),
  ];
  const perCallOf = (a: Analysis, key: string) =>
    a.perCall.find(([k]) => k === key)?.[1] ?? 0;
  return [
    MARKER,
    "",
    "## LLM steps under load: the dispatcher's cap",
    "",
    `${RUNS} runs × ${STEPS} sequential \`step.llm\` calls = ${CALLS} model calls, all runs started in one mutation,`,
    `global cap k = ${CAP} (AgentWorkflows option \`llm.maxParallelism\`, test/app/benchLlm.ts; no keys, priorities or rate limits).`,
    "Mock model latency per call: uniform in [0.5, 1.5) × the mean, from one seeded sequence scaled to each mean.",
    "Fake timers, the clock moved one timer at a time (`vi.advanceTimersToNextTimer`; every call took exactly its",
    "scripted latency); times are fake ms. `Math.random` is seeded too (the action retrier's heartbeat jitter), so",
    "every run gives the same numbers.",
    "",
    "- in flight = model calls begun and not yet ended (recorded by the model wrapper at each begin and end).",
    "- queued = calls queued with the dispatcher (their `llmCalls` row's `createdAt`) whose model call has not begun.",
    "- utilization = (∫ in-flight dt) / (k × T) over T = the time during which at least one call is queued:",
    "  how full the cap is kept while there is work waiting for it (1 = a free slot is never left idle).",
    "- wall = from the starting mutation to the last run's `finishedAt`.",
    "",
    "| mean latency (ms) | calls | maxInFlight | wall (s) | ideal Σlatency/k (s) | mean in-flight over wall | calls/s | time queued T (s) | mean queued | idle slot-ms in T | utilization |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...results.map(
      (a) =>
        `| ${a.mean} | ${a.calls} | ${a.maxInFlight} | ${sec(a.wallMs)} | ${sec(a.idealMs)} | ${fmt(a.meanInFlight, 2)} | ${fmt(a.callsPerSecond, 2)} | ${sec(a.queuedMs)} | ${fmt(a.meanQueued, 1)} | ${fmt(a.idleSlotMs, 0)} | ${fmt(a.utilization, 3)} |`,
    ),
    "",
    "| interval (fake ms) | mean latency | n | mean | p50 | p90 | max |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...row(
      "slot handoff: a call ends while another is queued → the next call begins",
      (a) => a.handoff,
    ),
    ...row("queue wait: queued → model call begins", (a) => a.queueWait),
    ...row(
      "run turnaround: a run's call ends → its next call is queued",
      (a) => a.turnaround,
    ),
    "",
    "The slot handoff is 0 ms: when an attempt's action finishes, the action retrier's `onComplete`",
    "(llm/complete:onComplete) frees its slot and starts the next queued call in the same transaction, and the",
    "retrier runs its action at once; no poll. The few 1 ms handoffs are convex-test's clock, not a wait: it keeps",
    "commit timestamps increasing, so a transaction that starts after another committed in the same fake",
    "millisecond sees `Date.now()` one millisecond later.",
    "Handoffs over 0 ms: " +
      results
        .map(
          (a) =>
            `${a.handoffLate} at ${a.mean} ms (${fmt(a.idleSlotMs, 0)} idle slot-ms in T)`,
        )
        .join(", ") +
      ".",
    "The run turnaround is the workflow resuming (through its own workpool) and its next `step.llm` queuing the",
    "call; with more runs than slots, other runs' queued calls fill the slot meanwhile, so it costs no slot time.",
    "",
    "Mean in flight per tenth of each bench's wall time (in the last tenth the queue runs dry: the last runs'",
    "calls wait on their own previous steps, outside T):",
    "",
    `| tenth | ${results.map((a) => `${a.mean} ms`).join(" | ")} |`,
    `|---:|${results.map(() => "---:|").join("")}`,
    ...Array.from(
      { length: TENTHS },
      (_, i) =>
        `| ${i + 1} | ${results
          .map((a) => {
            const tenth = a.tenths[i];
            return fmt(tenth.busy / (tenth.to - tenth.from), 2);
          })
          .join(" | ")} |`,
    ),
    "",
    "Function executions per model call: all of them (the workflows' own steps and workpool included), and the",
    "component's functions on a call's path (its llm/ functions, the action retrier, the LLM action). The path",
    "costs the same at every latency; the rest grows with the wall time, mostly the workflows' own workpool",
    "(workflow/workpool batch-worker `loop:loop` and `loop:getBatch`) polling while runs wait for their calls.",
    "",
    `| function | ${results.map((a) => `${a.mean} ms`).join(" | ")} |`,
    `|---|${results.map(() => "---:|").join("")}`,
    `| all executions | ${results.map((a) => fmt(a.execsPerCall, 2)).join(" | ")} |`,
    `| on the call's path | ${results.map((a) => fmt(a.callPathExecs, 2)).join(" | ")} |`,
    ...functions.map(
      (key) =>
        `| ${key.replace("|", " \\| ")} | ${results.map((a) => fmt(perCallOf(a, key), 2)).join(" | ")} |`,
    ),
    "",
    `LLM bench runtime: ${results.map((a) => `${fmt(a.seconds, 1)} s at ${a.mean} ms`).join(", ")}.`,
    "",
    ...results.map(benchLine),
  ];
}

const results: Analysis[] = [];

for (const mean of MEANS) {
  test(`LLM benchmark: cap utilization at ${mean} ms mean latency`, async () => {
    const a = analyze(await runBench(mean));
    expect(a.timelineMax).toBe(a.maxInFlight);
    expect(a.maxInFlight).toBeLessThanOrEqual(CAP);
    results.push(a);
  });
}

test("LLM benchmark: results", () => {
  expect(results.length).toBe(MEANS.length);
  const lines = section(results);
  writeSection(MARKER, lines);
  console.log("\n" + lines.join("\n"));
});
