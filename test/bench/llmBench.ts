// What the LLM benchmarks share (llm.bench-run.ts, llm-flow.bench-run.ts):
// moving the fake clock timer by timer, a seeded PRNG, interval stats and
// writing one marked section of results.md.
import { readFileSync, writeFileSync } from "node:fs";
import { vi } from "vitest";
import { mockLlm } from "../app/mockModel.js";
import { makeTest, type TestApp } from "../harness.js";
import {
  Counts,
  functionKey,
  installInstrumentation,
  type ExecutionContext,
} from "./instrument.js";

// Captured before fake timers replace Date.
const RealDate = Date;
/** Wall-clock time, unaffected by fake timers. */
export const realNow = (): number => RealDate.now();

/** mulberry32: a small seeded PRNG, so every bench run has the same latencies. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Make `Math.random` a seeded sequence until the returned function is
 * called, so every bench run is the same: the action retrier draws its
 * heartbeat jitter from it (heartbeat times decide which functions share a
 * fake millisecond, and convex-test's commit clock moves a transaction
 * that follows another in the same millisecond one millisecond on).
 */
export function seedMathRandom(seed: number): () => void {
  const spy = vi.spyOn(Math, "random").mockImplementation(seeded(seed));
  return () => spy.mockRestore();
}

/**
 * Executions with the (fake) time they began, and a count of everything
 * functions do (executions and syscalls), to tell when all work set off by
 * a timer is done (see `drive`).
 */
export class TimedCounts extends Counts {
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
 * began or ended (`modelEvents`); otherwise it does nothing this turn.
 * `vi.runAllTimers` instead fires every pending timer at once, monitors
 * minutes out included, jumping the clock past work that has not run yet:
 * fine for counting, meaningless for time.
 */
export async function drive(
  t: TestApp,
  counts: TimedCounts,
  modelEvents: () => number,
): Promise<void> {
  const activity = () => counts.activity + modelEvents();
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
  await t.finishAllScheduledFunctions(advance, 10_000_000);
}

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export type Stats = {
  n: number;
  mean: number;
  p50: number;
  p90: number;
  max: number;
};

export function stats(values: number[]): Stats {
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
export function countAtOrBefore(xs: number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export const fmt = (value: number, digits = 1): string => value.toFixed(digits);
/** Milliseconds as seconds. */
export const sec = (ms: number, digits = 1): string => fmt(ms / 1000, digits);

export const RESULTS = new URL("./results.md", import.meta.url);

/** A section's first line: `<!-- {what}: written by ... ({file}); do not edit. -->`. */
export function sectionMarker(what: string, file: string): string {
  return `<!-- ${what}: written by \`npm run bench\` (test/bench/${file}); do not edit. -->`;
}

const ANY_MARKER = /^<!-- .*; do not edit\. -->$/m;

/**
 * Write one marked section of results.md: in place if it is there (up to
 * the next marked section), else at the end. The other sections stay.
 */
export function writeSection(marker: string, lines: string[]): void {
  let current = "";
  try {
    current = readFileSync(RESULTS, "utf8");
  } catch {
    // No core results yet.
  }
  const body = lines.join("\n").trimEnd();
  const cut = current.indexOf(marker);
  let before: string;
  let after = "";
  if (cut >= 0) {
    before = current.slice(0, cut).trimEnd();
    const rest = current.slice(cut + marker.length);
    const next = rest.search(ANY_MARKER);
    if (next >= 0) after = rest.slice(next).trimEnd();
  } else {
    before = current.trimEnd();
  }
  writeFileSync(
    RESULTS,
    [before, body, after].filter(Boolean).join("\n\n") + "\n",
  );
}

/**
 * One bench run, set up and torn down the same way every time: fake
 * timers, `Math.random` seeded, a fresh test app with the instrumentation
 * on and the mock model reset (then `reset`, the bench's own state).
 */
export async function benchRun<T>(
  seed: number,
  reset: () => void,
  body: (run: {
    t: TestApp;
    counts: TimedCounts;
    /** Wall-clock ms when the run began. */
    started: number;
  }) => Promise<T>,
): Promise<T> {
  vi.useFakeTimers();
  const restoreRandom = seedMathRandom(seed);
  try {
    const t = makeTest();
    installInstrumentation();
    mockLlm.reset();
    reset();
    return await body({ t, counts: new TimedCounts(), started: realNow() });
  } finally {
    restoreRandom();
    vi.useRealTimers();
  }
}
