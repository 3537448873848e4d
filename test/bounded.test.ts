// Cleanup and cascading cancel of a run with a long history continue in
// scheduled batches, each transaction inside Convex's limits (the suite runs
// with convex-test's transaction limits), until no row of the run is left
// in any table, the nested components' included.
import { expect, test } from "vitest";
import { z } from "zod";
import { defineSignal, type RunId } from "../src/client/index.js";
import { DELETE_BATCH } from "../src/component/deletion.js";
import { SIGNAL_LIMITS } from "../src/shared/signalValidators.js";
import { internal } from "./app/_generated/api.js";
import { flows } from "./app/workflows.js";
import {
  expectCode,
  firstPage,
  getRun,
  makeTest,
  rowCounts,
  settle,
  untilStatus,
  useFakeTimers,
  type TestApp,
} from "./harness.js";
import { expectLogs, STALE_STEP_LOGS } from "./quietLogs.js";

useFakeTimers();
expectLogs(...STALE_STEP_LOGS);

const note = defineSignal({
  name: "note",
  value: z.object({ n: z.number() }),
});

/** Tables that keep a pool's or the workflow's own settings, whatever runs. */
const SINGLETONS =
  /:(internalState|runStatus|config|globals|workerState|workers|counters|_scheduled_functions)$/;

const leftRows = (counts: Record<string, number>) =>
  Object.fromEntries(
    Object.entries(counts).filter(
      ([table, n]) => n > 0 && !SINGLETONS.test(table),
    ),
  );

/** How many times the component scheduled `name`. */
async function scheduled(t: TestApp, name: string): Promise<number> {
  const inComponent = (
    t as unknown as {
      runInComponent: (
        path: string,
        fn: (ctx: {
          db: {
            system: {
              query: (table: "_scheduled_functions") => {
                collect: () => Promise<{ name: string }[]>;
              };
            };
          };
        }) => Promise<number>,
      ) => Promise<number>;
    }
  ).runInComponent;
  return await inComponent(
    "agentWorkflows",
    async (ctx) =>
      (await ctx.db.system.query("_scheduled_functions").collect()).filter(
        (job) => job.name.startsWith(name),
      ).length,
  );
}

type ComponentCtx = {
  db: {
    query: (table: string) => {
      withIndex: (
        index: string,
        range: (q: {
          eq: (field: string, value: unknown) => unknown;
        }) => unknown,
      ) => { unique: () => Promise<{ _id: string; eventSeq: number }> };
    };
    insert: (table: string, doc: Record<string, unknown>) => Promise<string>;
    patch: (id: string, fields: Record<string, unknown>) => Promise<void>;
  };
};

/**
 * Write a long history straight into the component, 1,000 rows per
 * transaction: `buffered` plain signals kept for waits the run never
 * reached (as `flows.signal` keeps them, each logged), then plain events
 * up to `events` in all. Going through `flows.signal` for each would take
 * convex-test minutes (its index reads scan the table).
 */
async function writeHistory(
  t: TestApp,
  runId: RunId,
  { buffered, events }: { buffered: number; events: number },
) {
  const inComponent = (
    t as unknown as {
      runInComponent: (
        path: string,
        fn: (ctx: ComponentCtx) => Promise<unknown>,
      ) => Promise<unknown>;
    }
  ).runInComponent;
  for (let done = 0; done < events; done += 1000) {
    await inComponent("agentWorkflows", async (ctx) => {
      const run = await ctx.db
        .query("runs")
        .withIndex("workflowId", (q) => q.eq("workflowId", runId))
        .unique();
      const count = Math.min(1000, events - done);
      for (let i = 0; i < count; i++) {
        const at = Date.now();
        const n = done + i;
        const signal = `note${1 + Math.floor(n / SIGNAL_LIMITS.maxBuffered)}`;
        if (n < buffered) {
          await ctx.db.insert("bufferedSignals", {
            workflowId: runId,
            signal,
            value: { n },
            by: "bot",
            approve: true,
            at,
          });
        }
        await ctx.db.insert("runEvents", {
          workflowId: runId,
          seq: run.eventSeq + 1 + i,
          type: n < buffered ? "run.signal.buffered" : "history",
          data: n < buffered ? { signal, by: "bot" } : undefined,
          at,
        });
      }
      await ctx.db.patch(run._id, { eventSeq: run.eventSeq + count });
    });
  }
}

test("a run with 10,000 events, 8,100 buffered signals and children cancels and cleans up completely", async () => {
  const t = makeTest();
  const runId = await t.run((ctx) =>
    flows.start(ctx, internal.limits.family, { children: 3 }),
  );
  await untilStatus(t, runId, "waiting");
  // One signal's buffer filled through the API, up to its cap.
  await t.run(async (ctx) => {
    for (let n = 0; n < SIGNAL_LIMITS.maxBuffered; n++) {
      await flows.signal(ctx, { runId, signal: note, value: { n }, by: "bot" });
    }
  });
  // Past the cap: refused, nothing written.
  const before = await rowCounts(t);
  await expectCode(
    t.run((ctx) =>
      flows.signal(ctx, { runId, signal: note, value: { n: 0 }, by: "bot" }),
    ),
    "SIGNAL_BUFFER_FULL",
  );
  expect(await rowCounts(t)).toEqual(before);
  // 8,100 buffered signals in all (81 signals at their cap), 10,000 events.
  await writeHistory(t, runId, { buffered: 8_000, events: 9_900 });
  const counts = await rowCounts(t);
  expect(counts["agentWorkflows:bufferedSignals"]).toBe(8_100);
  expect(counts["agentWorkflows:runEvents"]).toBeGreaterThanOrEqual(10_000);
  const events = await t.run((ctx) =>
    flows.listEvents(ctx, runId, { after: 0, limit: 500 }),
  );
  expect(events.events).toHaveLength(500);

  await t.run((ctx) => flows.cancel(ctx, runId));
  await settle(t);
  expect((await getRun(t, runId))?.status).toBe("canceled");
  await t.run((ctx) => flows.cleanup(ctx, runId));
  expect(await getRun(t, runId)).toBeNull();
  await settle(t);
  expect(leftRows(await rowCounts(t))).toEqual({});
  // It took many transactions, each a bounded batch.
  const batches = await scheduled(t, "deletion:continueDeletion");
  expect(batches).toBeGreaterThanOrEqual(10_000 / DELETE_BATCH);
  const runs = await t.run((ctx) =>
    flows.listRuns(ctx, { paginationOpts: firstPage }),
  );
  expect(runs.page).toEqual([]);
}, 300_000);
