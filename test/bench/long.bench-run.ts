// Long-run benchmark: N sequential action steps as one run that continues
// as new every S steps (`longChain` in test/app/longRuns.ts), against the
// same N on bare @convex-dev/workflow (`chain`), counted per step over the
// whole run. With continue-as-new, replay reads one segment's journal, so
// the cost per step should stay flat as N grows; bare grows with N.
// Run with `npm run bench`; writes test/bench/long-results.md.
//
// It prints numbers; it asserts only that every run completed.
import { writeFileSync } from "node:fs";
import type { WorkflowId } from "@convex-dev/workflow";
import { expect, test } from "vitest";
import type { RunId } from "../../src/client/index.js";
import { internal } from "../app/_generated/api.js";
import { flows } from "../app/workflows.js";
import type { Counts } from "./instrument.js";
import { bare, measuredRun, realNow } from "./measuredRun.js";

const sizes = (name: string, fallback: string) =>
  (process.env[name] ?? fallback).split(",").filter(Boolean).map(Number);
// BENCH_LONG_SIZES / BENCH_LONG_BARE run subsets while working on the bench.
const SIZES = sizes("BENCH_LONG_SIZES", "100,1000,10000");
const BARE_SIZES = sizes("BENCH_LONG_BARE", "100,1000");
/**
 * Steps per segment. At 100 a segment's journal stays small (replay reads
 * about what a 100-step run reads) while continuing (a new nested workflow,
 * a segment row, the old segment's end) is paid once per 100 steps.
 */
const EVERY = Number(process.env.BENCH_LONG_EVERY ?? 100);
const KEY = "long";
const RESULTS = new URL("./long-results.md", import.meta.url);
const KB = 1024;

type Result = {
  side: "bare" | "ours";
  n: number;
  counts: Counts;
  seconds: number;
};

async function runOurs(n: number): Promise<Result> {
  const { counts, seconds } = await measuredRun(
    (t) =>
      t.run((ctx) =>
        flows.start(ctx, internal.longRuns.longChain, {
          total: n,
          every: EVERY,
          key: KEY,
        }),
      ),
    async (t, runId: RunId) => {
      expect(await t.query(internal.steps.count, { key: KEY })).toBe(n);
      const run = await t.run((ctx) => flows.getRun(ctx, runId));
      expect(run?.status).toBe("completed");
      expect(run?.output).toEqual({
        done: n,
        segment: Math.max(0, Math.ceil(n / EVERY) - 1),
      });
    },
  );
  return { side: "ours", n, counts, seconds };
}

async function runBare(n: number): Promise<Result> {
  const { counts, seconds } = await measuredRun(
    (t) =>
      t.run((ctx) =>
        bare.start(ctx, internal.bareWorkflows.chain, { steps: n, key: KEY }),
      ),
    async (t, id: WorkflowId) => {
      expect(await t.query(internal.steps.count, { key: KEY })).toBe(n);
      const status = await t.run((ctx) => bare.status(ctx, id));
      expect(status.type).toBe("completed");
    },
  );
  return { side: "bare", n, counts, seconds };
}

const fmt = (value: number, digits = 1): string => value.toFixed(digits);

test("long-run benchmark: continue-as-new vs bare workflow", async () => {
  const started = realNow();
  const results: Result[] = [];
  // Each size as it ends: the largest take long in convex-test.
  const measured = (r: Result) => {
    results.push(r);
    console.log(
      `bench long: N=${r.n} ${r.side}: ${fmt(r.seconds)} s, ` +
        `${fmt(r.counts.totalReads / r.n)} docs read/step, ` +
        `${fmt(r.counts.journalBytesRead / r.n / KB, 2)} journal KB/step`,
    );
  };
  for (const n of BARE_SIZES) measured(await runBare(n));
  for (const n of SIZES) measured(await runOurs(n));
  const lines = [
    "<!-- Written by `npm run bench` (test/bench/long.bench-run.ts); do not edit. -->",
    "",
    `N sequential action steps in one run, counted per step over the whole run (convex-test);`,
    `ours continues as new every ${EVERY} steps. Columns as in results.md.`,
    "",
    "| N | side | execs/step | docs read/step | docs written/step | journal KB read/step | wall s |",
    "|---:|---|---:|---:|---:|---:|---:|",
  ];
  for (const r of results) {
    const per = (total: number) => total / r.n;
    lines.push(
      `| ${r.n} | ${r.side === "bare" ? "bare @convex-dev/workflow" : `convex-agent-workflows, S=${EVERY}`} | ` +
        `${fmt(per(r.counts.totalExecs), 2)} | ${fmt(per(r.counts.totalReads))} | ` +
        `${fmt(per(r.counts.totalWrites), 2)} | ${fmt(per(r.counts.journalBytesRead) / KB)} | ${fmt(r.seconds)} |`,
    );
  }
  const ours = results.filter((r) => r.side === "ours");
  const first = ours[0]!;
  const last = ours[ours.length - 1]!;
  const readsPerStep = (r: Result) => r.counts.totalReads / r.n;
  lines.push(
    "",
    `Bench runtime: ${fmt((realNow() - started) / 1000, 0)} s.`,
    "",
    `BENCH long N=${last.n} readsPerStep=${fmt(readsPerStep(last))} ` +
      `journalKBPerStep=${fmt(last.counts.journalBytesRead / last.n / KB, 2)} ` +
      `flatRatio=${fmt(readsPerStep(last) / readsPerStep(first), 3)}`,
  );
  writeFileSync(RESULTS, lines.join("\n") + "\n");
  console.log("\n" + lines.join("\n"));
});
