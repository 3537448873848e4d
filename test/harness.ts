/// <reference types="vite/client" />
// One convex-test instance of the test app (test/app) with the component
// registered, plus helpers to drive scheduled work under fake timers.
import { convexTest } from "convex-test";
import { vi } from "vitest";
import { register } from "../src/test.js";
import schema from "./app/schema.js";

// Modules are loaded up front (see src/test.ts for why).
const globbed = import.meta.glob(["./app/**/*.*s", "!./app/**/convex.config.ts"]);
const loaded = await Promise.all(
  Object.entries(globbed).map(async ([path, load]) => [path, await load()] as const),
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

/** Run scheduled functions (workflow polls, step actions) until none are left. */
export async function settle(t: TestApp, maxIterations = 10_000): Promise<void> {
  await t.finishAllScheduledFunctions(vi.runAllTimers, maxIterations);
}

/** Run only what is due now, without jumping the clock. */
export async function runDue(t: TestApp): Promise<void> {
  await t.finishInProgressScheduledFunctions();
}
