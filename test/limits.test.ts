// Values that would break a document or the journal are refused where they
// enter, and a run that meets a limit or breaks a rule fails with a code,
// a short message and the step that did it.
import { beforeEach, describe, expect, test } from "vitest";
import type { RunId } from "../src/client/index.js";
import { api, internal } from "./app/_generated/api.js";
import { approval } from "./app/approvals.js";
import { replays } from "./app/limits.js";
import { flows } from "./app/workflows.js";
import {
  elapse,
  expectCode,
  getRun,
  makeTest,
  rowCounts,
  settle,
  untilStatus,
  useFakeTimers,
  type TestApp,
} from "./harness.js";
import { expectLogs } from "./quietLogs.js";

useFakeTimers();
beforeEach(() => {
  replays.count = 0;
});

const KB = 1024;
const MAX_MESSAGE = 1000;

async function failedRun(t: TestApp, runId: RunId) {
  await settle(t);
  const run = await getRun(t, runId);
  expect(run?.status).toBe("failed");
  expect(run!.error!.message.length).toBeLessThanOrEqual(MAX_MESSAGE);
  return run!;
}

describe("sizes are checked where values enter", () => {
  expectLogs("over the limit of", "Step return value too large");
  test("an input over 400 KiB is INPUT_TOO_LARGE at start, and nothing is written", async () => {
    const t = makeTest();
    const before = await rowCounts(t);
    const data = await expectCode(
      t.run((ctx) =>
        flows.start(ctx, internal.limits.bigOutput, {
          bytes: 1,
          pad: "p".repeat(401 * KB),
        } as never),
      ),
      "INPUT_TOO_LARGE",
    );
    expect(data.message.length).toBeLessThan(300);
    expect(await rowCounts(t)).toEqual(before);
  });

  test("a child's input over the limit fails the parent with INPUT_TOO_LARGE, no child run", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.limits.bigChildInput, { bytes: 401 * KB }),
    );
    const run = await failedRun(t, runId);
    expect(run.error?.code).toBe("INPUT_TOO_LARGE");
    const runs = await t.run((ctx) =>
      flows.listRuns(ctx, { paginationOpts: { numItems: 10, cursor: null } }),
    );
    expect(runs.page).toHaveLength(1);
  });

  test("an output over 400 KiB fails the run with OUTPUT_TOO_LARGE; the row stays small", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.limits.bigOutput, { bytes: 401 * KB }),
    );
    const run = await failedRun(t, runId);
    expect(run.error?.code).toBe("OUTPUT_TOO_LARGE");
    expect(run.output).toBeUndefined();
    expect(JSON.stringify(run).length).toBeLessThan(4 * KB);
  });

  test("an output just under the limit and an input just under it fit one run row", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.limits.bigOutput, {
        bytes: 399 * KB,
        pad: "p".repeat(399 * KB),
      } as never),
    );
    await settle(t);
    const run = await getRun(t, runId);
    expect(run?.status).toBe("completed");
    // Convex's document limit is 1 MiB; convex-test does not enforce it.
    expect(JSON.stringify([run?.input, run?.output]).length).toBeLessThan(
      1000 * KB,
    );
  });

  test("a step result over 800 KiB fails the run with STEP_RESULT_TOO_LARGE naming the step, no value dump", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.limits.bigStepResult, { bytes: 900 * KB }),
    );
    const run = await failedRun(t, runId);
    expect(run.error).toMatchObject({
      code: "STEP_RESULT_TOO_LARGE",
      step: { name: "blob", stepNumber: 0 },
    });
    expect(run.error!.message).not.toContain("xxxx");
    const steps = await t.run((ctx) =>
      flows.listSteps(ctx, runId, { numItems: 10, cursor: null }),
    );
    expect(steps.page[0]?.error?.length).toBeLessThanOrEqual(MAX_MESSAGE);
    expect(steps.page[0]?.error).not.toContain("xxxx");
    const listed = await t.run((ctx) =>
      flows.listRuns(ctx, { paginationOpts: { numItems: 10, cursor: null } }),
    );
    expect(JSON.stringify(listed.page[0]).length).toBeLessThan(2 * KB);
  });

  test("event data and signal values over 64 KiB are refused with coded errors", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.limits.bigEvent, { bytes: 65 * KB }),
    );
    const run = await failedRun(t, runId);
    expect(run.error?.code).toBe("INVALID_ARGUMENT");

    const review = await t.run((ctx) =>
      flows.start(ctx, internal.approvals.review, { draft: "d", key: "big" }),
    );
    await untilStatus(t, review, "waiting");
    const before = await rowCounts(t);
    await expectCode(
      t.run((ctx) =>
        flows.signal(ctx, {
          runId: review,
          signal: approval,
          value: { approved: true, note: "n".repeat(65 * KB) },
          by: "alice",
        }),
      ),
      "INVALID_SIGNAL_VALUE",
    );
    expect(await rowCounts(t)).toEqual(before);
  });
});

describe("clear failures", () => {
  expectLogs(
    "Failed to load journal",
    "Journal entry mismatch",
    "the handler gave up",
    'SIGNAL_TIMED_OUT: No "approval" signal',
  );
  test("a journal past 8 MiB fails the run with JOURNAL_TOO_LARGE naming the limit and the step", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.limits.journalFiller, {
        steps: 12,
        bytes: 760 * KB,
      }),
    );
    const run = await failedRun(t, runId);
    expect(run.error?.code).toBe("JOURNAL_TOO_LARGE");
    expect(run.error?.message).toContain("8 MiB");
    expect(run.error?.step?.name).toMatch(/^part\d+$/);
  }, 60_000);

  test("a handler that asks for other steps on replay fails with NONDETERMINISTIC naming the step", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.limits.nondeterministic, {}),
    );
    const run = await failedRun(t, runId);
    expect(run.error).toMatchObject({
      code: "NONDETERMINISTIC",
      step: { name: "first", stepNumber: 0 },
    });
    expect(run.error?.message).toContain('"first"');
  });

  test("a handler that throws has HANDLER_FAILED; a failed step STEP_FAILED", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.limits.throws, {}),
    );
    const run = await failedRun(t, runId);
    expect(run.error).toEqual({
      code: "HANDLER_FAILED",
      message: "the handler gave up",
    });
  });

  test("an uncaught signal timeout fails the run with SIGNAL_TIMED_OUT and the wait's step", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.limits.uncaughtTimeout, { timeoutMs: 1000 }),
    );
    await untilStatus(t, runId, "waiting");
    await elapse(t, 1500);
    const run = await failedRun(t, runId);
    expect(run.error).toMatchObject({
      code: "SIGNAL_TIMED_OUT",
      step: { name: "approval" },
    });
  });
});

test("the public API refuses an oversized input before the policy's run starts", async () => {
  const t = makeTest();
  const before = await rowCounts(t);
  await expectCode(
    t.withIdentity({ subject: "alice" }).mutation(api.ownedApi.start, {
      workflow: "pipeline",
      input: { words: ["w".repeat(401 * KB)], key: "k" },
    }),
    "INPUT_TOO_LARGE",
  );
  expect(await rowCounts(t)).toEqual(before);
});

describe("children end through the one path every run ends through", () => {
  expectLogs("the handler gave up", "Wrote too many documents");
  test("Promise.all of a failing child and a pending wait: the parent fails with the child's error, nothing wedges", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.raceParents.childAndWait, {}),
    );
    const run = await failedRun(t, runId);
    expect(run.error).toMatchObject({
      code: "HANDLER_FAILED",
      message: "the handler gave up",
      step: { name: "failingChild" },
    });
    // The wait was closed with the run; later work still runs.
    expect(run.pendingSignals).toEqual([]);
    const next = await t.run((ctx) =>
      flows.start(ctx, internal.workflows.pipeline, {
        words: ["a"],
        key: "after",
      }),
    );
    await settle(t);
    expect((await getRun(t, next))?.status).toBe("completed");
  });

  test("a child killed by a transaction limit is failed in listRuns and getRun alike, and so is its parent", async () => {
    const t = makeTest();
    const parentId = await t.run((ctx) =>
      flows.start(ctx, internal.raceParents.parentOfOverLimit, {
        rows: 17_000,
      }),
    );
    await settle(t);
    const all = await t.run((ctx) =>
      flows.listRuns(ctx, { paginationOpts: { numItems: 10, cursor: null } }),
    );
    const child = all.page.find((r) => r.parentRunId === parentId)!;
    expect(child.status).toBe("failed");
    expect((await getRun(t, child.runId))?.status).toBe("failed");
    const failed = await t.run((ctx) =>
      flows.listRuns(ctx, {
        status: "failed",
        paginationOpts: { numItems: 10, cursor: null },
      }),
    );
    expect(failed.page.map((r) => r.runId).sort()).toEqual(
      [parentId, child.runId].sort(),
    );
    expect((await getRun(t, parentId))?.error?.step?.name).toBe("heavyChild");
  });
});
