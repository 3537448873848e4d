// One measured run for the benchmarks: a fresh test app with bare
// @convex-dev/workflow installed beside the component (as "workflow", the
// baseline), a run started from an app mutation, every scheduled function
// run to the end on the fake clock, and everything counted (instrument.ts).
import batchWorkerTest from "@convex-dev/batch-worker/test";
import { WorkflowManager } from "@convex-dev/workflow";
import workflowTest from "@convex-dev/workflow/test";
import workpoolTest from "@convex-dev/workpool/test";
import type { GenericSchema, SchemaDefinition } from "convex/server";
import type { TestConvex } from "convex-test";
import { vi } from "vitest";
import { components } from "../app/_generated/api.js";
import { makeTest, type TestApp } from "../harness.js";
import {
  asAppMutation,
  Counts,
  installInstrumentation,
  measure,
} from "./instrument.js";

// Captured before fake timers replace Date.
const RealDate = Date;
/** Wall-clock time, unaffected by fake timers. */
export const realNow = (): number => RealDate.now();

type Modules = Record<string, () => Promise<unknown>>;

/** Load modules up front (see src/test.ts: workflow unsets `process` in handlers). */
async function preload(modules: Modules): Promise<Modules> {
  const entries = Object.entries(modules).filter(
    ([path]) => (path.split("/").pop() ?? "").split(".").length <= 2,
  );
  const loaded = await Promise.all(
    entries.map(async ([path, load]) => [path, await load()] as const),
  );
  return Object.fromEntries(
    loaded.map(([path, module]) => [path, () => Promise.resolve(module)]),
  );
}

const bareModules = {
  workflow: await preload(workflowTest.modules),
  workpool: await preload(workpoolTest.modules),
  batchWorker: await preload(batchWorkerTest.modules),
};

function registerBareWorkflow(t: TestApp): void {
  const test = t as unknown as TestConvex<
    SchemaDefinition<GenericSchema, boolean>
  >;
  test.registerComponent("workflow", workflowTest.schema, bareModules.workflow);
  test.registerComponent(
    "workflow/workpool",
    workpoolTest.schema,
    bareModules.workpool,
  );
  test.registerComponent(
    "workflow/workpool/batchWorker",
    batchWorkerTest.schema,
    bareModules.batchWorker,
  );
}

/** The baseline's manager (test/app/bareWorkflows.ts defines its chain). */
export const bare = new WorkflowManager(components.workflow);

/**
 * Start a run with `start` (inside an app mutation), run everything to the
 * end, and return the counts, the wall time and the started id; `check`
 * (not counted) then verifies the run really did its work.
 */
export async function measuredRun<Id>(
  start: (t: TestApp) => Promise<Id>,
  check: (t: TestApp, id: Id) => Promise<void>,
): Promise<{ counts: Counts; seconds: number }> {
  vi.useFakeTimers();
  try {
    const t = makeTest();
    registerBareWorkflow(t);
    installInstrumentation();
    const counts = new Counts();
    const started = realNow();
    const id = await measure(counts, async () => {
      const id = await asAppMutation(() => start(t));
      await t.finishAllScheduledFunctions(vi.runAllTimers, 10_000_000);
      return id;
    });
    const seconds = (realNow() - started) / 1000;
    await check(t, id);
    return { counts, seconds };
  } finally {
    vi.useRealTimers();
  }
}
