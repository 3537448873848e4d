/// <reference types="vite/client" />
// One convex-test instance of the test app (test/app) with the component
// registered, plus helpers to drive scheduled work under fake timers and
// the small reads the test files share.
import { convexTest } from "convex-test";
import { afterEach, beforeEach, expect, vi } from "vitest";
import {
  isWorkflowError,
  type ErrorCode,
  type RunId,
  type RunStatus,
  type WorkflowErrorData,
} from "../src/client/index.js";
import actionRetrier from "@convex-dev/action-retrier/test";
import batchWorker from "@convex-dev/batch-worker/test";
import workflow from "@convex-dev/workflow/test";
import workpool from "@convex-dev/workpool/test";
import rateLimiter from "@convex-dev/rate-limiter/test";
import componentSchema from "../src/component/schema.js";
import { register } from "../src/test/index.js";
import { internal } from "./app/_generated/api.js";
import schema from "./app/schema.js";
import { flows } from "./app/workflows.js";

// Modules are loaded up front (see src/test.ts for why).
const globbed = import.meta.glob([
  "./app/**/*.*s",
  "!./app/**/convex.config.ts",
]);
const loaded = await Promise.all(
  Object.entries(globbed).map(
    async ([path, load]) => [path, await load()] as const,
  ),
);
const modules = Object.fromEntries(
  loaded.map(([path, module]) => [path, () => Promise.resolve(module)]),
);

export function makeTest() {
  const t = convexTest({ schema, modules, transactionLimits: true });
  register(t);
  return t;
}

export type TestApp = ReturnType<typeof makeTest>;

/** Fake timers for every test in the calling file (real ones restored after). */
export function useFakeTimers(): void {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
}

/** Run scheduled functions (workflow polls, step actions) until none are left. */
export async function settle(
  t: TestApp,
  maxIterations = 10_000,
): Promise<void> {
  await t.finishAllScheduledFunctions(vi.runAllTimers, maxIterations);
}

/** Run only what is due now, without jumping the clock. */
export async function runDue(t: TestApp): Promise<void> {
  await t.finishInProgressScheduledFunctions();
}

/**
 * One small step of scheduled work: fire the timers that are pending now
 * (jumping the clock to the latest of them, not further) and wait for the
 * functions they started.
 */
export async function advance(t: TestApp): Promise<void> {
  vi.runOnlyPendingTimers();
  await t.finishInProgressScheduledFunctions();
}

/**
 * Advance scheduled work one small step at a time until `done` holds.
 * Fails after `maxSteps` steps, so a test never spins forever.
 */
export async function advanceUntil(
  t: TestApp,
  done: () => Promise<boolean>,
  maxSteps = 200,
): Promise<void> {
  for (let i = 0; i < maxSteps; i++) {
    if (await done()) return;
    await advance(t);
  }
  throw new Error(`Condition still false after ${maxSteps} steps`);
}

/** A run as `flows.getRun` returns it (null once cleaned up). */
export const getRun = (t: TestApp, runId: RunId) =>
  t.run((ctx) => flows.getRun(ctx, runId));

/** The test app's counter for `key` (its step functions bump it as they run). */
export const count = (t: TestApp, key: string) =>
  t.query(internal.steps.count, { key });

/** The types of a run's events, in the order `flows.listEvents` gives them. */
export const eventTypes = async (t: TestApp, runId: RunId) =>
  (await t.run((ctx) => flows.listEvents(ctx, runId))).events.map(
    (e) => e.type,
  );

/** The first page of a paginated list, big enough for any test run. */
export const firstPage = { numItems: 100, cursor: null };

/**
 * Await `promise` and expect it to reject with one of this package's
 * ConvexErrors carrying `code`; returns the error's data.
 */
export async function expectCode(
  promise: Promise<unknown>,
  code: ErrorCode,
): Promise<WorkflowErrorData> {
  let error: unknown;
  try {
    await promise;
  } catch (e) {
    error = e;
  }
  if (error === undefined) {
    throw new Error(
      `Expected a ConvexError with code ${code}, but nothing was thrown`,
    );
  }
  if (!isWorkflowError(error, code)) {
    const data = (error as { data?: unknown }).data;
    throw new Error(
      `Expected a ConvexError with code ${code}, got: ${String(error)} ${JSON.stringify(data)}`,
    );
  }
  return error.data;
}

// ---------------------------------------------------------------------------
// Signals: waits with timeouts need a clock that moves only when told to
// (`settle` jumps it through every pending timer, the timeouts included).

/**
 * Run what is due at this instant and everything that schedules for this
 * instant (the workflow resumes a run with zero-delay scheduled functions),
 * moving the clock by at most `CLOCK_SLACK_MS`.
 */
/** How far `drainNow` (and so `elapse`) may move the clock beyond what it is told. */
export const CLOCK_SLACK_MS = 20;

export async function drainNow(t: TestApp, rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    // convex-test keeps commit times increasing, so a function's clock can be
    // 1 ms ahead of the frozen fake clock and "run now" lands 1 ms on.
    vi.advanceTimersByTime(i === 0 ? 0 : 1);
    await t.finishInProgressScheduledFunctions();
  }
}

/** `at` is `due` or up to `CLOCK_SLACK_MS` after it (a timer that fired while draining). */
export function expectAround(at: number, due: number): void {
  expect(at).toBeGreaterThanOrEqual(due);
  expect(at - due).toBeLessThanOrEqual(CLOCK_SLACK_MS);
}

/** Move the clock forward by `ms` exactly, then drain what is due. */
export async function elapse(t: TestApp, ms: number): Promise<void> {
  vi.advanceTimersByTime(ms);
  await t.finishInProgressScheduledFunctions();
  await drainNow(t);
}

/**
 * Move the clock forward in small steps, draining what is due after each,
 * until `done` holds: the workflow resumes a run through its pool, whose
 * loop may wait a tick (about 200 ms) before it runs. Fails after `maxMs`.
 */
export async function elapseUntil(
  t: TestApp,
  done: () => Promise<boolean>,
  { stepMs = 50, maxMs = 10_000 } = {},
): Promise<void> {
  for (let waited = 0; ; waited += stepMs) {
    if (await done()) return;
    if (waited >= maxMs) {
      throw new Error(`Condition still false after ${maxMs} ms`);
    }
    await elapse(t, stepMs);
  }
}

/** `elapseUntil` the run has `status`. */
export const untilStatus = (t: TestApp, runId: RunId, status: RunStatus) =>
  elapseUntil(t, async () => (await getRun(t, runId))?.status === status);

/** An assignee's pending requests, newest first (the approvals inbox). */
export const inbox = async (t: TestApp, assignee: string) =>
  (
    await t.run((ctx) =>
      flows.pendingSignals(ctx, { assignee, paginationOpts: firstPage }),
    )
  ).page;

/** A run's signal requests with their decisions, newest first. */
export const history = (t: TestApp, runId: RunId) =>
  t.run((ctx) => flows.signalHistory(ctx, runId));

/**
 * Everything a signal can write that callers can see: the run (with its
 * pending requests), its events, its signal history, all pending requests,
 * and the inboxes of `assignees`. Equal before and after = nothing written.
 */
export async function signalState(
  t: TestApp,
  runId: RunId,
  assignees: string[] = [],
) {
  return {
    run: await getRun(t, runId),
    events: (await t.run((ctx) => flows.listEvents(ctx, runId))).events,
    history: await history(t, runId),
    pending: (
      await t.run((ctx) =>
        flows.pendingSignals(ctx, { paginationOpts: firstPage }),
      )
    ).page,
    inboxes: await Promise.all(assignees.map((a) => inbox(t, a))),
  };
}

/**
 * The state of the component's scheduled signal timers (`signals/fire`),
 * oldest first. convex-test has no typed way to read a component's system
 * tables; its test object carries `runInComponent` for that.
 */
export async function signalTimers(
  t: TestApp,
): Promise<{ scheduledTime: number; state: string }[]> {
  const runInComponent = (
    t as unknown as {
      runInComponent: (
        path: string,
        handler: (ctx: {
          db: {
            system: {
              query: (table: "_scheduled_functions") => {
                collect: () => Promise<
                  {
                    name: string;
                    scheduledTime: number;
                    state: { kind: string };
                  }[]
                >;
              };
            };
          };
        }) => Promise<unknown>,
      ) => Promise<unknown>;
    }
  ).runInComponent;
  const jobs = (await runInComponent("agentWorkflows", async (ctx) =>
    (await ctx.db.system.query("_scheduled_functions").collect())
      .filter((job) => job.name === "signals/fire:fire")
      .map((job) => ({
        scheduledTime: job.scheduledTime,
        state: job.state.kind,
      })),
  )) as { scheduledTime: number; state: string }[];
  return jobs;
}

// ---------------------------------------------------------------------------
// Row counts: "nothing was written" means every table of the app, the
// component and each nested component has the rows it had, and no function
// was scheduled anywhere.

type Tables = { tables: Record<string, unknown> };

const COMPONENTS: [path: string, schema: Tables][] = [
  ["agentWorkflows", componentSchema],
  ["agentWorkflows/workflow", workflow.schema],
  ["agentWorkflows/workflow/workpool", workpool.schema],
  ["agentWorkflows/workflow/workpool/batchWorker", batchWorker.schema],
  ["agentWorkflows/retrier", actionRetrier.schema],
  ["agentWorkflows/rateLimiter", rateLimiter.schema],
];

type CountCtx = {
  db: {
    query: (table: string) => { collect: () => Promise<unknown[]> };
    system: {
      query: (table: "_scheduled_functions") => {
        collect: () => Promise<unknown[]>;
      };
    };
  };
};

async function readTables(ctx: CountCtx, schema: Tables, prefix: string) {
  const rows: Record<string, unknown[]> = {};
  for (const table of Object.keys(schema.tables)) {
    rows[`${prefix}${table}`] = await ctx.db.query(table).collect();
  }
  rows[`${prefix}_scheduled_functions`] = await ctx.db.system
    .query("_scheduled_functions")
    .collect();
  return rows;
}

/**
 * Every row of every table, the nested components' and the scheduled
 * functions (with their arguments) included, by "path:table".
 */
export async function allRows(t: TestApp): Promise<Record<string, unknown[]>> {
  const runInComponent = (
    t as unknown as {
      runInComponent: (
        path: string,
        handler: (ctx: CountCtx) => Promise<Record<string, unknown[]>>,
      ) => Promise<Record<string, unknown[]>>;
    }
  ).runInComponent;
  const rows = await t.run((ctx) =>
    readTables(ctx as unknown as CountCtx, schema, "app:"),
  );
  for (const [path, tables] of COMPONENTS) {
    Object.assign(
      rows,
      await runInComponent(path, (ctx) => readTables(ctx, tables, `${path}:`)),
    );
  }
  return rows;
}

/** The number of rows in every table, the nested components' included. */
export async function rowCounts(t: TestApp): Promise<Record<string, number>> {
  return Object.fromEntries(
    Object.entries(await allRows(t)).map(([table, rows]) => [
      table,
      rows.length,
    ]),
  );
}

/**
 * Row counts of every table (`rowCounts`) but the bookkeeping kept whatever
 * runs exist: scheduled functions, the config rows (ours and the nested
 * workflow's) and the step pool's queue; and tables starting with `skip`.
 * Equal before a run and after its deletion: nothing of it is left.
 */
export async function dataRows(
  t: TestApp,
  skip: string[] = [],
): Promise<Record<string, number>> {
  return Object.fromEntries(
    Object.entries(await rowCounts(t)).filter(
      ([table]) =>
        !skip.some((prefix) => table.startsWith(prefix)) &&
        !table.endsWith("_scheduled_functions") &&
        !table.endsWith(":config") &&
        !table.startsWith("agentWorkflows/workflow/workpool"),
    ),
  );
}
