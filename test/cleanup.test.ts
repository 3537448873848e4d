// cleanup: delete a finished run with its steps and events.
import { describe, expect, test } from "vitest";
import { internal } from "./app/_generated/api.js";
import { flows } from "./app/workflows.js";
import {
  expectCode,
  firstPage,
  getRun,
  makeTest,
  settle,
  useFakeTimers,
} from "./harness.js";

useFakeTimers();

describe("cleanup", () => {
  test("removes a finished run, its steps and its events", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(
        ctx,
        internal.workflows.pipeline,
        { words: ["a"], key: "cl1" },
        { tags: ["t"] },
      ),
    );
    const other = await t.run((ctx) =>
      flows.start(
        ctx,
        internal.workflows.pipeline,
        { words: ["b"], key: "cl1" },
        { tags: ["t"] },
      ),
    );
    await settle(t);
    await t.run((ctx) => flows.cleanup(ctx, runId));
    expect(await getRun(t, runId)).toBeNull();
    await expectCode(
      t.run((ctx) => flows.listSteps(ctx, runId, firstPage)),
      "RUN_NOT_FOUND",
    );
    await expectCode(
      t.run((ctx) => flows.listEvents(ctx, runId)),
      "RUN_NOT_FOUND",
    );
    for (const filter of [
      {},
      { tag: "t" },
      { name: "pipeline" },
      { tag: "t", status: "completed" as const },
    ]) {
      const runs = await t.run((ctx) =>
        flows.listRuns(ctx, { ...filter, paginationOpts: firstPage }),
      );
      expect(runs.page.map((r) => r.runId)).toEqual([other]);
    }
    // A second cleanup finds nothing.
    await expectCode(
      t.run((ctx) => flows.cleanup(ctx, runId)),
      "RUN_NOT_FOUND",
    );
    expect((await getRun(t, other))?.status).toBe("completed");
  });

  test("refuses a run that has not finished (RUN_NOT_FINISHED)", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.workflows.sleeper, { ms: 60_000, key: "cl2" }),
    );
    await expectCode(
      t.run((ctx) => flows.cleanup(ctx, runId)),
      "RUN_NOT_FINISHED",
    );
    expect((await getRun(t, runId))?.status).toBe("waiting");
    await settle(t);
    expect((await getRun(t, runId))?.status).toBe("completed");
  });
});
