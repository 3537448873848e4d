// LLM flow-control benchmarks, on one-shot calls (`llmCall`) and a mock
// model (test/app/benchFlow.ts):
//
// - fairness: ten tenants, each a concurrency key; one queues a backlog of
//   HEAVY calls, then nine queue one call each. How long does a light
//   tenant's first call wait behind the backlog, and do the caps hold?
// - rate limit: RATE_CALLS calls queued at once under a limit of RATE_RPM
//   requests a minute, with a cap that never binds. How many start in any
//   minute, and how long do they take?
//
// Run with `npm run bench` (last: its BENCH lines end the output); writes
// its section of test/bench/results.md. It asserts that every call
// completed once, that each took its scripted latency, and the caps and the
// rate limit (correctness); it prints the delays and times.
import { expect, test } from "vitest";
import type { AgentWorkflows } from "../../src/client/index.js";
import { internal } from "../app/_generated/api.js";
import {
  benchFlow,
  FAIR_CAP,
  fairFlows,
  flowPrompt,
  RATE_CAP,
  RATE_RPM,
  rateFlows,
  type FlowEvent,
} from "../app/benchFlow.js";
import { mockLlm } from "../app/mockModel.js";
import type { TestApp } from "../harness.js";
import { measure } from "./instrument.js";
import {
  drive,
  fmt,
  realNow,
  sec,
  sectionMarker,
  benchRun,
  stats,
  writeSection,
} from "./llmBench.js";

const MARKER = sectionMarker("LLM flow section", "llm-flow.bench-run.ts");
/** Math.random's seed (see seedMathRandom). */
const SEED = 0x5eed;

/** The heavy tenant's backlog, and the light tenants (one call each). */
const HEAVY = Number(process.env.BENCH_FAIR_HEAVY ?? 1000);
const LIGHT = 9;
const TENANTS = LIGHT + 1;
/** Calls queued per mutation: keeps each transaction modest. */
const PER_MUTATION = 100;
/** Every call's latency in the fairness bench: one slot turnover. */
const FAIR_LATENCY_MS = 1000;

const RATE_CALLS = Number(process.env.BENCH_RATE_CALLS ?? 200);
const RATE_LATENCY_MS = 100;
const MINUTE_MS = 60_000;

type Queued = { callId: string; key: string; call: number };

/** Queue one-shot calls, PER_MUTATION per mutation. */
async function queueCalls(
  t: TestApp,
  flows: AgentWorkflows,
  calls: Queued[],
  options: (c: Queued) => { key?: string; rateLimit?: string },
): Promise<void> {
  for (let from = 0; from < calls.length; from += PER_MUTATION) {
    const batch = calls.slice(from, from + PER_MUTATION);
    const ids = await t.run(async (ctx) => {
      const ids: string[] = [];
      for (const c of batch) {
        ids.push(
          await flows.llmCall(
            ctx,
            internal.benchFlow.complete,
            { prompt: flowPrompt(c.key, c.call) },
            { name: c.key, ...options(c) },
          ),
        );
      }
      return ids;
    });
    ids.forEach((id, i) => (batch[i].callId = id));
  }
}

type CallInfo = { createdAt: number; status: string; attempts: number };

/** Every call's row, PER_MUTATION per query. */
async function readCalls(
  t: TestApp,
  flows: AgentWorkflows,
  calls: Queued[],
): Promise<CallInfo[]> {
  const out: CallInfo[] = [];
  for (let from = 0; from < calls.length; from += PER_MUTATION) {
    const batch = calls.slice(from, from + PER_MUTATION);
    const rows = await t.run(async (ctx) => {
      const rows: CallInfo[] = [];
      for (const c of batch) {
        const call = await flows.getLlmCall(ctx, c.callId);
        rows.push({
          createdAt: call?.createdAt ?? NaN,
          status: call?.status ?? "missing",
          attempts: call?.attempts ?? 0,
        });
      }
      return rows;
    });
    out.push(...rows);
  }
  return out;
}

type Span = { key: string; call: number; begin: number; end: number };

/**
 * Walk the model's begins and ends in the order they happened: the most in
 * flight, overall and per key, and how many begins left more in flight
 * than the global cap or the key's cap allows. Also each call's span.
 */
function replay(events: FlowEvent[], cap: number, keyCap: number) {
  let inFlight = 0;
  let maxInFlight = 0;
  let maxKeyInFlight = 0;
  let capExceeded = 0;
  const perKey = new Map<string, number>();
  const open = new Map<string, number>();
  const spans: Span[] = [];
  for (const e of events) {
    const id = `${e.key}:${e.call}`;
    if (e.kind === "begin") {
      inFlight += 1;
      const k = (perKey.get(e.key) ?? 0) + 1;
      perKey.set(e.key, k);
      maxInFlight = Math.max(maxInFlight, inFlight);
      maxKeyInFlight = Math.max(maxKeyInFlight, k);
      if (inFlight > cap || k > keyCap) capExceeded += 1;
      open.set(id, e.t);
    } else {
      inFlight -= 1;
      perKey.set(e.key, (perKey.get(e.key) ?? 0) - 1);
      spans.push({ key: e.key, call: e.call, begin: open.get(id)!, end: e.t });
      open.delete(id);
    }
  }
  return { maxInFlight, maxKeyInFlight, capExceeded, spans, open: open.size };
}

/** Each call began once, ran its latency, and every queued call ran. */
function expectAllRan(spans: Span[], calls: Queued[], latencyMs: number) {
  expect(spans.length).toBe(calls.length);
  expect(new Set(spans.map((s) => `${s.key}:${s.call}`)).size).toBe(
    calls.length,
  );
  for (const s of spans) expect(s.end - s.begin).toBe(latencyMs);
  expect(mockLlm.calls).toBe(calls.length);
}

// --- fairness

type Fair = ReturnType<typeof analyzeFair>;

async function runFair() {
  return await benchRun(
    SEED,
    () => benchFlow.reset(FAIR_LATENCY_MS),
    async ({ t, counts, started }) => {
      const t0 = Date.now();
      const heavy: Queued[] = Array.from({ length: HEAVY }, (_, call) => ({
        callId: "",
        key: "heavy",
        call,
      }));
      const light: Queued[] = Array.from({ length: LIGHT }, (_, i) => ({
        callId: "",
        key: `light${i + 1}`,
        call: 0,
      }));
      await measure(counts, async () => {
        await queueCalls(t, fairFlows, heavy, (c) => ({ key: c.key }));
        // Just after the backlog, one call each.
        await queueCalls(t, fairFlows, light, (c) => ({ key: c.key }));
        await drive(t, counts, () => benchFlow.events.length);
      });
      const seconds = (realNow() - started) / 1000;
      const all = [...heavy, ...light];
      const rows = await readCalls(t, fairFlows, all);
      expect(rows.map((r) => [r.status, r.attempts])).toEqual(
        all.map(() => ["completed", 1]),
      );
      return analyzeFair({
        t0,
        events: [...benchFlow.events],
        all,
        lightQueuedAt: rows.slice(HEAVY).map((r) => r.createdAt),
        heavyQueuedAt: rows.slice(0, HEAVY).map((r) => r.createdAt),
        execs: counts.totalExecs,
        seconds,
      });
    },
  );
}

function analyzeFair(m: {
  t0: number;
  events: FlowEvent[];
  all: Queued[];
  lightQueuedAt: number[];
  heavyQueuedAt: number[];
  execs: number;
  seconds: number;
}) {
  const r = replay(m.events, FAIR_CAP, FAIR_CAP);
  expectAllRan(r.spans, m.all, FAIR_LATENCY_MS);
  const ends = r.spans.map((s) => s.end).sort((a, b) => a - b);
  const heavySpans = r.spans
    .filter((s) => s.key === "heavy")
    .sort((a, b) => a.begin - b.begin);
  // The heavy calls queued before the light ones hold every slot (HEAVY >=
  // cap): the ideal, had each slot freed after a light call was queued gone
  // to a light tenant in turn, is the i-th end after its queue time.
  const free = Math.max(0, FAIR_CAP - HEAVY);
  const lights = m.lightQueuedAt.map((queuedAt, i) => {
    const key = `light${i + 1}`;
    const span = r.spans.find((s) => s.key === key)!;
    const after = ends.filter((e) => e >= queuedAt);
    const rank = m.lightQueuedAt.filter(
      (q, j) => q < queuedAt || (q === queuedAt && j < i),
    ).length;
    const ideal = rank < free ? 0 : after[rank - free] - queuedAt;
    return {
      key,
      queuedMs: queuedAt - m.t0,
      beganMs: span.begin - m.t0,
      delay: span.begin - queuedAt,
      ideal,
      nextSlot: after[0] - queuedAt,
      // Heavy calls begun after this tenant's call was queued, before it.
      heavyBefore: heavySpans.filter(
        (s) => s.begin > queuedAt && s.begin < span.begin,
      ).length,
    };
  });
  const lastEnd = ends[ends.length - 1];
  // Without keys (one FIFO queue) a light call would wait for the backlog.
  const fifoDelay = Math.ceil(HEAVY / FAIR_CAP) * FAIR_LATENCY_MS;
  return {
    ...r,
    lights,
    maxFirstCallDelay: Math.max(...lights.map((l) => l.delay)),
    maxIdeal: Math.max(...lights.map((l) => l.ideal)),
    nextSlot: Math.min(...lights.map((l) => l.nextSlot)),
    fifoDelay,
    heavyQueueMs: Math.max(...m.heavyQueuedAt) - Math.min(...m.heavyQueuedAt),
    wallMs: lastEnd - m.t0,
    idealWallMs: Math.ceil((HEAVY + LIGHT) / FAIR_CAP) * FAIR_LATENCY_MS,
    execsPerCall: m.execs / m.all.length,
    seconds: m.seconds,
  };
}

// --- rate limit

type Rate = ReturnType<typeof analyzeRate>;

async function runRate() {
  return await benchRun(
    SEED,
    () => benchFlow.reset(RATE_LATENCY_MS),
    async ({ t, counts, started }) => {
      const t0 = Date.now();
      const calls: Queued[] = Array.from({ length: RATE_CALLS }, (_, call) => ({
        callId: "",
        key: "rate",
        call,
      }));
      await measure(counts, async () => {
        await queueCalls(t, rateFlows, calls, () => ({ rateLimit: "bench" }));
        await drive(t, counts, () => benchFlow.events.length);
      });
      const seconds = (realNow() - started) / 1000;
      const rows = await readCalls(t, rateFlows, calls);
      expect(rows.map((r) => [r.status, r.attempts])).toEqual(
        calls.map(() => ["completed", 1]),
      );
      return analyzeRate({
        t0,
        events: [...benchFlow.events],
        calls,
        execs: counts.totalExecs,
        seconds,
      });
    },
  );
}

function analyzeRate(m: {
  t0: number;
  events: FlowEvent[];
  calls: Queued[];
  execs: number;
  seconds: number;
}) {
  const r = replay(m.events, RATE_CAP, Number.POSITIVE_INFINITY);
  expectAllRan(r.spans, m.calls, RATE_LATENCY_MS);
  const starts = r.spans.map((s) => s.begin).sort((a, b) => a - b);
  // The most starts in any half-open minute [t, t + 60 s): the busiest
  // window begins at a start.
  let maxPerMinute = 0;
  let busiestFrom = starts[0];
  let j = 0;
  for (let i = 0; i < starts.length; i++) {
    while (j < starts.length && starts[j] < starts[i] + MINUTE_MS) j++;
    if (j - i > maxPerMinute) {
      maxPerMinute = j - i;
      busiestFrom = starts[i];
    }
  }
  const gaps = starts.slice(1).map((s, i) => s - starts[i]);
  const lastEnd = Math.max(...r.spans.map((s) => s.end));
  // A full bucket of one request (the default burst: rpm / 60), then one
  // request every 60 s / rpm.
  const burst = Math.max(1, Math.floor(RATE_RPM / 60));
  const idealLastStart =
    Math.max(0, m.calls.length - burst) * (MINUTE_MS / RATE_RPM);
  return {
    ...r,
    maxPerMinute,
    busiestFromMs: busiestFrom - m.t0,
    firstStartMs: starts[0] - m.t0,
    lastStartMs: starts[starts.length - 1] - m.t0,
    idealLastStartMs: idealLastStart,
    wallMs: lastEnd - m.t0,
    idealWallMs: idealLastStart + RATE_LATENCY_MS,
    gaps: stats(gaps),
    minGap: Math.min(...gaps),
    execsPerCall: m.execs / m.calls.length,
    seconds: m.seconds,
  };
}

// --- output

const fairLine = (f: Fair) =>
  `BENCH llm-fair tenants=${TENANTS} heavy=${HEAVY} maxFirstCallDelayMs=${f.maxFirstCallDelay} capExceeded=${f.capExceeded}`;
const rateLine = (r: Rate) =>
  `BENCH llm-rate rpm=${RATE_RPM} calls=${RATE_CALLS} maxPerMinute=${r.maxPerMinute}`;

function section(f: Fair, r: Rate): string[] {
  return [
    MARKER,
    "",
    "## LLM flow control: tenants taking turns, a rate limit",
    "",
    "One-shot calls (`llmCall`) on a mock model (test/app/benchFlow.ts), fake timers moved one timer at a time as",
    "in the section above; times are fake ms.",
    "",
    "### Fairness: a backlog of one key and the first calls of others",
    "",
    `${TENANTS} tenants, each a concurrency key. The heavy tenant queues ${HEAVY} calls (${PER_MUTATION} per mutation), then nine`,
    `light tenants queue one call each, in the next mutation. Global cap ${FAIR_CAP}, every key's cap ${FAIR_CAP} too`,
    `(\`llm.keys: { default: { maxParallelism: ${FAIR_CAP} } }\`): no key is held back by a cap of its own, only by`,
    `taking turns. Every call takes ${FAIR_LATENCY_MS} ms, so the ${FAIR_CAP} slots free up together, once a second: one slot turnover.`,
    "",
    "- first-call delay = a light call's `createdAt` → its model call begins.",
    "- ideal = had every slot freed after the light calls were queued gone to a waiting light tenant, in queue",
    `  order: the first ${FAIR_CAP} light tenants get the next turnover, the next ${FAIR_CAP} the one after, and so on.`,
    "- capExceeded = model-call begins (replayed in the order they happened) that left more calls in flight than",
    "  the global cap or than the key's cap.",
    "",
    "| tenant | queued (ms) | first call began (ms) | first-call delay (ms) | ideal (ms) | heavy calls begun after it was queued, before it |",
    "|---|---:|---:|---:|---:|---:|",
    ...f.lights.map(
      (l) =>
        `| ${l.key} | ${l.queuedMs} | ${l.beganMs} | ${l.delay} | ${l.ideal} | ${l.heavyBefore} |`,
    ),
    "",
    `Max first-call delay ${f.maxFirstCallDelay} ms (ideal ${f.maxIdeal} ms; the next slot freed ${f.nextSlot} ms after the light`,
    `calls were queued). With one FIFO queue instead, a light call would wait for the whole backlog: about`,
    `${sec(f.fifoDelay, 0)} s. A new key starts at the current turn and the heavy key's turn grows by one per call it`,
    "starts, so the waiting light keys go first; they only wait for each other, nine of them for four slots.",
    "A millisecond here and there (queued at 1, began at 1001) is convex-test's commit clock, as in the section above.",
    "",
    `| calls | maxInFlight | max in flight of one key | capExceeded | wall, queue → last end (s) | ideal ⌈calls/k⌉ × latency (s) | executions per call | bench runtime (s) |`,
    "|---:|---:|---:|---:|---:|---:|---:|---:|",
    `| ${HEAVY + LIGHT} | ${f.maxInFlight} | ${f.maxKeyInFlight} | ${f.capExceeded} | ${sec(f.wallMs)} | ${sec(f.idealWallMs)} | ${fmt(f.execsPerCall, 2)} | ${fmt(f.seconds, 1)} |`,
    "",
    "### Rate limit: requests per minute",
    "",
    `${RATE_CALLS} calls queued at once (${PER_MUTATION} per mutation) with \`rateLimit: "bench"\`,`,
    `\`llm.rateLimits: { bench: { requestsPerMinute: ${RATE_RPM} } }\` (a token bucket of ${Math.max(1, Math.floor(RATE_RPM / 60))} request, refilled at ${RATE_RPM} a minute);`,
    `global cap ${RATE_CAP}, which never binds; ${RATE_LATENCY_MS} ms a call. A call whose request is not available reserves it`,
    "and waits, parked and holding no slot, until the reservation is due.",
    "",
    "- maxPerMinute = the most model-call starts in any half-open 60 s window [t, t + 60 s).",
    "",
    "| calls | maxPerMinute | busiest window from (s) | first start (ms) | last start (s) | ideal last start (s) | wall, queue → last end (s) | ideal (s) | maxInFlight | executions per call | bench runtime (s) |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    `| ${RATE_CALLS} | ${r.maxPerMinute} | ${sec(r.busiestFromMs)} | ${r.firstStartMs} | ${sec(r.lastStartMs, 3)} | ${sec(r.idealLastStartMs, 3)} | ${sec(r.wallMs, 3)} | ${sec(r.idealWallMs, 3)} | ${r.maxInFlight} | ${fmt(r.execsPerCall, 2)} | ${fmt(r.seconds, 1)} |`,
    "",
    `Gap between consecutive starts (ms): mean ${fmt(r.gaps.mean, 1)}, min ${r.minGap}, p50 ${r.gaps.p50}, p90 ${r.gaps.p90}, max ${r.gaps.max}.`,
    "",
    "The limiter spaces reservations, and its buckets refill 1% slower than the limit (a gap of 1010 ms at 60 a",
    "minute; the ideal above is the limit's own 1000 ms). maxPerMinute counts model-call starts, and a start lags",
    "its reservation by the scheduler's latency (in convex-test, 1 ms when another function commits in the same",
    "fake millisecond just before the call wakes): without the margin, a lagging start followed by punctual ones",
    "lets the window from it hold rpm + 1; the margin absorbs lags up to 0.6 s at 60 a minute. `Math.random` (the",
    "action retrier's heartbeat jitter) is seeded so every run is the same.",
    "",
    fairLine(f),
    rateLine(r),
  ];
}

let fair: Fair | undefined;
let rate: Rate | undefined;

test("LLM flow benchmark: a heavy tenant's backlog and nine light tenants", async () => {
  fair = await runFair();
  expect(fair.open).toBe(0);
});

test("LLM flow benchmark: a rate limit of 60 requests a minute", async () => {
  rate = await runRate();
  expect(rate.open).toBe(0);
});

test("LLM flow benchmark: results", () => {
  expect(fair && rate).toBeTruthy();
  const lines = section(fair!, rate!);
  writeSection(MARKER, lines);
  console.log("\n" + lines.join("\n"));
  // Checked once written: the caps and the limit held.
  expect(fair!.capExceeded).toBe(0);
  expect(rate!.capExceeded).toBe(0);
  expect(rate!.maxPerMinute).toBeLessThanOrEqual(RATE_RPM);
});
