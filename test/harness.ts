/// <reference types="vite/client" />
// One convex-test instance of the test app (test/app) with the component
// registered, plus helpers to drive scheduled work under fake timers and
// the small reads the test files share.
import { convexTest } from "convex-test";
import { afterEach, beforeEach, vi } from "vitest";
import {
  isWorkflowError,
  type ErrorCode,
  type RunId,
  type WorkflowErrorData,
} from "../src/client/index.js";
import { register } from "../src/test.js";
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
  const t = convexTest(schema, modules);
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
