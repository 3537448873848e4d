// Core cost benchmark: N sequential action steps (`chain` in test/app) on bare
// @convex-dev/workflow and on this component, counted per step over a whole
// run, from the app mutation that starts it to completion. How the counting
// works: instrument.ts. Run with `npm run bench`; writes test/bench/results.md.
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

// BENCH_SIZES=10,100 runs a subset (while working on the bench).
const SIZES = (process.env.BENCH_SIZES ?? "10,100,500").split(",").map(Number);
const RATIO_N = SIZES.includes(100) ? 100 : SIZES[SIZES.length - 1];
const KEY = "bench";
const RESULTS = new URL("./results.md", import.meta.url);

type Side = "bare" | "ours";
type Result = { side: Side; n: number; counts: Counts; seconds: number };

// --- one measured run

async function runChain(side: Side, n: number): Promise<Result> {
  const args = { steps: n, key: KEY };
  const { counts, seconds } = await measuredRun(
    (t): Promise<string> =>
      t.run(async (ctx) =>
        side === "bare"
          ? await bare.start(ctx, internal.bareWorkflows.chain, args)
          : await flows.start(ctx, internal.workflows.chain, args),
      ),
    async (t, id) => {
      // Not counted: checks that the run really completed all its steps.
      expect(await t.query(internal.steps.count, { key: KEY })).toBe(n);
      if (side === "bare") {
        const status = await t.run((ctx) => bare.status(ctx, id as WorkflowId));
        expect(status.type).toBe("completed");
      } else {
        const run = await t.run((ctx) => flows.getRun(ctx, id as RunId));
        expect(run?.status).toBe("completed");
      }
    },
  );
  return { side, n, counts, seconds };
}

// --- output

const fmt = (value: number, digits = 1): string => value.toFixed(digits);
const perStep = (r: Result, total: number): number => total / r.n;
const KB = 1024;

function mainTable(results: Result[]): string[] {
  const lines = [
    "| N | side | execs/step | docs read/step | docs written/step | journal KB read/step |",
    "|---:|---|---:|---:|---:|---:|",
  ];
  for (const r of results) {
    const side =
      r.side === "bare"
        ? "bare @convex-dev/workflow"
        : "convex-agent-workflows";
    lines.push(
      `| ${r.n} | ${side} | ${fmt(perStep(r, r.counts.totalExecs), 2)} | ` +
        `${fmt(perStep(r, r.counts.totalReads))} | ${fmt(perStep(r, r.counts.totalWrites), 2)} | ` +
        `${fmt(perStep(r, r.counts.journalBytesRead) / KB)} |`,
    );
  }
  return lines;
}

function ratios(bareRun: Result, ours: Result) {
  return {
    exec: ours.counts.totalExecs / bareRun.counts.totalExecs,
    read: ours.counts.totalReads / bareRun.counts.totalReads,
    write: ours.counts.totalWrites / bareRun.counts.totalWrites,
    journal: ours.counts.journalBytesRead / bareRun.counts.journalBytesRead,
  };
}

/**
 * The same function on both sides under one name: the nested workflow tree
 * sits at `workflow/...` in the baseline and `agentWorkflows/workflow/...` in
 * ours, and the app's chain workflow lives in a different module.
 */
function normalize(key: string): string {
  const [component, udf] = key.split("|");
  const comp = component.startsWith("agentWorkflows/")
    ? component.slice("agentWorkflows/".length)
    : component;
  const fn = udf === "bareWorkflows:chain" ? "workflows:chain" : udf;
  return `${comp}|${fn}`;
}

function byNormalizedKey(map: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [key, value] of map) {
    const k = normalize(key);
    out.set(k, (out.get(k) ?? 0) + value);
  }
  return out;
}

function diffTable(
  title: string,
  column: "function" | "table",
  bareRun: Result,
  ours: Result,
  pick: (c: Counts) => Map<string, number>,
  digits = 2,
): string[] {
  const b = byNormalizedKey(pick(bareRun.counts));
  const o = byNormalizedKey(pick(ours.counts));
  const keys = [...new Set([...b.keys(), ...o.keys()])];
  const rows = keys
    .map((key) => {
      const bs = (b.get(key) ?? 0) / bareRun.n;
      const os = (o.get(key) ?? 0) / ours.n;
      return { key, bs, os, d: os - bs };
    })
    .filter((row) => row.bs !== 0 || row.os !== 0)
    .sort((x, y) => Math.abs(y.d) - Math.abs(x.d) || y.os - x.os);
  const lines = [
    `${title} per step, N=${ours.n}:`,
    "",
    `| component \\| ${column} | bare/step | ours/step | ours − bare |`,
    "|---|---:|---:|---:|",
  ];
  for (const { key, bs, os, d } of rows) {
    const label = key.replace("|", " \\| ");
    lines.push(
      `| ${label} | ${fmt(bs, digits)} | ${fmt(os, digits)} | ${d >= 0 ? "+" : ""}${fmt(d, digits)} |`,
    );
  }
  return lines;
}

test("core benchmark: bare workflow vs convex-agent-workflows", async () => {
  const results: Result[] = [];
  const benchStarted = realNow();
  for (const n of SIZES) {
    for (const side of ["bare", "ours"] as const) {
      const r = await runChain(side, n);
      results.push(r);
      console.log(
        `bench: N=${n} ${side}: ${r.seconds.toFixed(1)} s, ${r.counts.totalExecs} execs, ` +
          `${r.counts.totalReads} docs read, ${r.counts.totalWrites} written, ` +
          `${r.counts.totalScheduled} scheduled`,
      );
    }
  }
  const totalSeconds = (realNow() - benchStarted) / 1000;
  const find = (side: Side, n: number): Result =>
    results.find((r) => r.side === side && r.n === n)!;

  const out: string[] = [];
  out.push(
    "<!-- Written by `npm run bench` (test/bench/core.bench-run.ts); do not edit. -->",
    "",
    `N sequential action steps, counted per step over the whole run (convex-test).`,
    "execs = query/mutation/action executions, including nested component calls and scheduled functions;",
    "docs read = documents returned to function code (db.get, query iteration, paginate), all components;",
    "docs written = inserts, patches, replaces, deletes; journal KB = bytes (getConvexSize, KB = 1024 B)",
    "of documents read from the nested workflow component's `steps` table.",
    "",
    ...mainTable(results),
    "",
    "| N | execs ours/bare | docs read ours/bare | docs written ours/bare | journal bytes ours/bare |",
    "|---:|---:|---:|---:|---:|",
  );
  for (const n of SIZES) {
    const r = ratios(find("bare", n), find("ours", n));
    out.push(
      `| ${n} | ${fmt(r.exec, 3)} | ${fmt(r.read, 3)} | ${fmt(r.write, 3)} | ${fmt(r.journal, 3)} |`,
    );
  }
  for (const n of SIZES) {
    const [b, o] = [find("bare", n), find("ours", n)];
    out.push(
      "",
      `### Where the difference comes from, N=${n}`,
      "",
      "The nested workflow tree (agentWorkflows/workflow/...) is shown as workflow/... so both sides line up;",
      "agentWorkflows rows are this component's own functions (pass-throughs and hooks).",
      "",
      ...diffTable("Executions", "function", b, o, (c) => c.execs),
      "",
      ...diffTable("Documents read", "function", b, o, (c) => c.reads),
      "",
      ...diffTable("Documents read", "table", b, o, (c) => c.readsByTable),
      "",
      ...diffTable("Documents written", "function", b, o, (c) => c.writes),
      "",
      ...diffTable("Functions scheduled", "function", b, o, (c) => c.scheduled),
    );
  }
  out.push(
    "",
    `Bench runtime: ${totalSeconds.toFixed(0)} s (${results.map((r) => `N=${r.n} ${r.side} ${r.seconds.toFixed(1)} s`).join(", ")}).`,
  );
  const r = ratios(find("bare", RATIO_N), find("ours", RATIO_N));
  const benchLine = `BENCH core N=${RATIO_N} execRatio=${fmt(r.exec, 3)} readRatio=${fmt(r.read, 3)}`;
  out.push("", benchLine);

  writeFileSync(RESULTS, out.join("\n") + "\n");
  console.log("\n" + out.join("\n"));
});
