/// <reference types="vite/client" />
// Helpers the LLM tests share (test/llm-*.test.ts), on top of harness.ts.
import agentTest from "@convex-dev/agent/test";
import { vi } from "vitest";
import type { RunId } from "../src/client/index.js";
import { flows } from "./app/workflows.js";
import { getRun, type TestApp } from "./harness.js";

// Captured before any test installs fake timers.
const realSetTimeout = globalThis.setTimeout;

/** Let real event-loop turns pass (fake timers do not move). */
export async function realTurns(n = 5): Promise<void> {
  for (let i = 0; i < n; i++) {
    await new Promise((resolve) => realSetTimeout(resolve, 0));
  }
}

/**
 * Move the fake clock in steps of `stepMs`, letting real turns pass after
 * each, until `done` holds. Unlike `advance`/`settle`, it never waits for
 * running functions to finish, so a model call that awaits a (fake)
 * setTimeout mid-stream can be observed while it runs.
 */
export async function pumpUntil(
  done: () => Promise<boolean>,
  { stepMs = 50, maxMs = 60_000, turns = 5 } = {},
): Promise<void> {
  for (let waited = 0; ; waited += stepMs) {
    if (await done()) return;
    if (waited >= maxMs) {
      throw new Error(`Condition still false after ${maxMs} ms`);
    }
    vi.advanceTimersByTime(stepMs);
    await realTurns(turns);
  }
}

/**
 * Move the fake clock forward by `ms`, `stepMs` at a time, running what is
 * due after each step (for model calls with no latency: everything that
 * starts also finishes).
 */
export async function elapseBy(
  t: TestApp,
  ms: number,
  stepMs = 500,
): Promise<void> {
  for (let left = ms; left > 0; left -= stepMs) {
    vi.advanceTimersByTime(Math.min(stepMs, left));
    await t.finishInProgressScheduledFunctions();
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(0);
      await t.finishInProgressScheduledFunctions();
    }
  }
}

export const runStatus = async (t: TestApp, runId: RunId) =>
  (await getRun(t, runId))?.status;

export const llmCalls = (t: TestApp, runId: RunId) =>
  t.run((ctx) => flows.listLlmCalls(ctx, runId));

export const allSteps = async (t: TestApp, runId: RunId) =>
  (
    await t.run((ctx) =>
      flows.listSteps(ctx, runId, { numItems: 100, cursor: null }),
    )
  ).page;

/** A run's events of one type, with their data. */
export const eventsOf = async (t: TestApp, runId: RunId, type: string) =>
  (await t.run((ctx) => flows.listEvents(ctx, runId))).events.filter(
    (e) => e.type === type,
  );

type ComponentCtx = {
  db: {
    query: (table: string) => { collect: () => Promise<any[]> };
  };
};

/**
 * The rows of one of the component's tables. convex-test has no typed way
 * to read a component's tables; its test object carries `runInComponent`.
 */
export async function componentRows<T = Record<string, any>>(
  t: TestApp,
  table: "llmCalls" | "llmChunks" | "config" | "runs",
  component = "agentWorkflows",
): Promise<T[]> {
  const runInComponent = (
    t as unknown as {
      runInComponent: (
        path: string,
        handler: (ctx: ComponentCtx) => Promise<unknown>,
      ) => Promise<unknown>;
    }
  ).runInComponent;
  return (await runInComponent(component, (ctx) =>
    ctx.db.query(table).collect(),
  )) as T[];
}

// The agent component's modules, loaded now (see src/test.ts for why);
// its own test files (more than one dot in the name) are left out.
const agentModules = Object.fromEntries(
  await Promise.all(
    Object.entries(agentTest.modules)
      .filter(([path]) => (path.split("/").pop() ?? "").split(".").length <= 2)
      .map(async ([path, load]) => {
        const module = await load();
        return [path, () => Promise.resolve(module)] as const;
      }),
  ),
);

/** Register @convex-dev/agent as `agent`, as test/app/convex.config.ts uses it. */
export function registerAgent(t: TestApp): void {
  t.registerComponent("agent", agentTest.schema, agentModules);
}
