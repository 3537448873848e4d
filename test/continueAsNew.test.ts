// Continue-as-new: a run goes on in fresh journals (segments) with the same
// id, owner, tags, progress, event log and buffered signals; listSteps pages
// through every segment in order; cancel, restart and cleanup cover them.
import { describe, expect, test } from "vitest";
import type { RunId, StepView } from "../src/client/index.js";
import { internal } from "./app/_generated/api.js";
import { approval } from "./app/approvals.js";
import { mockLlm } from "./app/mockModel.js";
import { flows } from "./app/workflows.js";
import {
  advanceUntil,
  count,
  dataRows,
  drainNow,
  eventTypes,
  expectCode,
  getRun,
  makeTest,
  rowCounts,
  untilStatus,
  useFakeTimers,
  type TestApp,
} from "./harness.js";

useFakeTimers();

type ChainInput = {
  total: number;
  every: number;
  key: string;
  approvalAtSegment?: number;
};

const startChain = (t: TestApp, input: ChainInput) =>
  t.run((ctx) =>
    flows.start(ctx, internal.longRuns.longChain, input, {
      owner: "alice",
      tags: ["long"],
    }),
  );

async function allSteps(t: TestApp, runId: RunId, numItems: number) {
  const steps: StepView[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page: { page: StepView[]; isDone: boolean; continueCursor: string } =
      await t.run((ctx) => flows.listSteps(ctx, runId, { numItems, cursor }));
    steps.push(...page.page);
    if (page.isDone) return steps;
    cursor = page.continueCursor;
  }
  throw new Error("listSteps never ended");
}

describe("continueAsNew", () => {
  test("a run of 25 steps in segments of 10 keeps its id, owner, tags, progress and log", async () => {
    const t = makeTest();
    const runId = await startChain(t, { total: 25, every: 10, key: "c1" });
    await untilStatus(t, runId, "completed");
    const run = (await getRun(t, runId))!;
    expect(run).toMatchObject({
      runId,
      status: "completed",
      owner: "alice",
      tags: ["long"],
      segment: 2,
      output: { done: 25, segment: 2 },
      progress: { completed: 25, total: 25 },
      // The current segment's input.
      input: { total: 25, every: 10, done: 20, key: "c1" },
    });
    expect(await count(t, "c1")).toBe(25);
    const types = await eventTypes(t, runId);
    expect(types.filter((type) => type === "run.continued")).toHaveLength(2);
    expect(types.filter((type) => type === "run.completed")).toHaveLength(1);
    expect(types.at(-1)).toBe("run.completed");
    // Only this run is listed: the segments are not runs of their own.
    const listed = await t.run((ctx) =>
      flows.listRuns(ctx, {
        name: "longChain",
        paginationOpts: { numItems: 10, cursor: null },
      }),
    );
    expect(listed.page.map((r) => r.runId)).toEqual([runId]);

    // Every step, segment by segment, whatever the page size.
    for (const numItems of [4, 100]) {
      const steps = await allSteps(t, runId, numItems);
      expect(steps.map((s) => [s.segment, s.stepNumber, s.name])).toEqual([
        ...Array.from({ length: 10 }, (_, i) => [0, i, "steps:shout"]),
        ...Array.from({ length: 10 }, (_, i) => [1, i, "steps:shout"]),
        ...Array.from({ length: 5 }, (_, i) => [2, i, "steps:shout"]),
      ]);
      expect(steps.every((s) => s.status === "completed")).toBe(true);
    }
    await expectCode(
      t.run((ctx) =>
        flows.listSteps(ctx, runId, {
          numItems: 5,
          cursor: "segment:[9,null]",
        }),
      ),
      "INVALID_ARGUMENT",
    );
  });

  test("a signal sent before a later segment's wait is kept for it; the wait is answered there", async () => {
    const t = makeTest();
    const runId = await startChain(t, {
      total: 12,
      every: 6,
      key: "c2",
      approvalAtSegment: 1,
    });
    // Sent while segment 0 runs: buffered under the run, not the journal.
    await t.run((ctx) =>
      flows.signal(ctx, {
        runId,
        signal: approval,
        value: { approved: true },
        by: "alice",
      }),
    );
    await untilStatus(t, runId, "completed");
    expect((await getRun(t, runId))?.output).toEqual({ done: 12, segment: 1 });
    const history = await t.run((ctx) => flows.signalHistory(ctx, runId));
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      status: "decided",
      outcome: "delivered",
    });
  });

  test("cancel, restart and cleanup act on the current segment and cover all of them", async () => {
    const t = makeTest();
    const before = await dataRows(t, ["app:"]);
    const runId = await startChain(t, {
      total: 9,
      every: 3,
      key: "c3",
      approvalAtSegment: 2,
    });
    await untilStatus(t, runId, "waiting");
    expect((await getRun(t, runId))?.segment).toBe(2);
    await t.run((ctx) => flows.cancel(ctx, runId));
    expect((await getRun(t, runId))?.status).toBe("canceled");
    expect(await count(t, "c3")).toBe(6);

    // Restart replays the current segment from its unfinished wait.
    await t.run((ctx) => flows.restart(ctx, runId));
    await untilStatus(t, runId, "waiting");
    await t.run((ctx) =>
      flows.signal(ctx, {
        runId,
        signal: approval,
        value: { approved: true },
        by: "alice",
      }),
    );
    await untilStatus(t, runId, "completed");
    expect((await getRun(t, runId))?.output).toEqual({ done: 9, segment: 2 });
    expect(await count(t, "c3")).toBe(9);

    await t.run((ctx) => flows.cleanup(ctx, runId));
    await drainNow(t);
    expect(await getRun(t, runId)).toBeNull();
    // Every segment's journal and records are gone.
    expect(await dataRows(t, ["app:"])).toEqual(before);
  });
});

describe("restart from the start of a segment", () => {
  test("runs that segment again with its input and drops later ones; refusals write nothing", async () => {
    const t = makeTest();
    const before = await dataRows(t, ["app:"]);
    const runId = await startChain(t, { total: 9, every: 3, key: "c4" });
    await untilStatus(t, runId, "completed");
    expect(await count(t, "c4")).toBe(9);

    const unchanged = await rowCounts(t);
    await expectCode(
      t.run((ctx) => flows.restart(ctx, runId, { segment: 3 })),
      "INVALID_ARGUMENT",
    );
    await expectCode(
      t.run((ctx) => flows.restart(ctx, runId, { segment: 1, from: 0 })),
      "INVALID_ARGUMENT",
    );
    expect(await rowCounts(t)).toEqual(unchanged);

    await t.run((ctx) => flows.restart(ctx, runId, { segment: 1 }));
    expect(await getRun(t, runId)).toMatchObject({
      status: "queued",
      segment: 1,
      input: { done: 3 },
    });
    await untilStatus(t, runId, "completed");
    // Segments 1 and 2 ran again: six more steps.
    expect(await count(t, "c4")).toBe(15);
    expect((await getRun(t, runId))?.output).toEqual({ done: 9, segment: 2 });
    await drainNow(t);
    const steps = await allSteps(t, runId, 100);
    expect(steps.map((s) => s.segment)).toEqual([0, 0, 0, 1, 1, 1, 2, 2, 2]);

    await t.run((ctx) => flows.restart(ctx, runId, { segment: 0 }));
    await untilStatus(t, runId, "completed");
    expect(await count(t, "c4")).toBe(24);
    await drainNow(t);
    expect((await allSteps(t, runId, 100)).map((s) => s.segment)).toEqual([
      0, 0, 0, 1, 1, 1, 2, 2, 2,
    ]);

    await t.run((ctx) => flows.cleanup(ctx, runId));
    await drainNow(t);
    // Every journal, the dropped ones included, is gone.
    expect(await dataRows(t, ["app:"])).toEqual(before);
  });
});

describe("a long agent loop", () => {
  // 1,000 turns by default (about 2.5 minutes in convex-test, whose index
  // reads scan their table); AGENT_LOOP_TURNS runs a shorter loop (CI's
  // legacy leg, which checks compatibility, runs 100).
  const TURNS = Number(process.env.AGENT_LOOP_TURNS ?? 1_000);
  const EVERY = TURNS / 10;
  test(`${TURNS} turns of a model picking tools, continuing as new every ${EVERY} turns with its state`, async () => {
    const t = makeTest();
    mockLlm.reset();
    mockLlm.fallback = {
      text: JSON.stringify({ tool: "add", amount: 2 }),
      inputTokens: 10,
      outputTokens: 5,
    };
    mockLlm.script = [
      {
        text: JSON.stringify({ tool: "subtract", amount: 7 }),
        inputTokens: 10,
        outputTokens: 5,
      },
    ];
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.agentLoop.agentLoop, {
        goal: "count up",
        turns: TURNS,
        every: EVERY,
        key: "agent",
      }),
    );
    // One timer at a time: a turn is an LLM call through the dispatcher, a tool
    // step through the workflow's pool, and a replay.
    await advanceUntil(
      t,
      async () => (await getRun(t, runId))?.status === "completed",
      40 * TURNS,
    );
    const run = (await getRun(t, runId))!;
    // One subtract of 7, then adds of 2: the state crossed 9 continues.
    expect(run.output).toEqual({
      total: (TURNS - 1) * 2 - 7,
      turns: TURNS,
      segment: 9,
      recent: Array.from({ length: 5 }, () => ({ tool: "add", amount: 2 })),
    });
    expect(await count(t, "agent")).toBe((TURNS - 1) * 2 - 7);
    expect(mockLlm.calls).toBe(TURNS);
    // Usage adds up across segments: every call counted once.
    expect(run.usage).toMatchObject({
      llmCalls: TURNS,
      inputTokens: 10 * TURNS,
      outputTokens: 5 * TURNS,
    });
    // A step deep in a long segment, read whole (getStep pages through the
    // segment's journal up to it, inside the transaction limits): the last
    // tool call of the first segment and of the last (a turn is three
    // journal steps: the LLM step's two, then the tool's).
    const lastTool = 3 * EVERY - 1;
    for (const segment of [0, 9]) {
      const step = await t.run((ctx) =>
        flows.getStep(ctx, runId, lastTool, { segment }),
      );
      expect(step).toMatchObject({
        segment,
        kind: "mutation",
        input: { key: "agent", tool: "add", amount: 2 },
      });
    }
    // The model saw the carried state: turn numbers and totals go on
    // into the second segment.
    expect(mockLlm.prompts.at(EVERY)).toBe(
      `Goal: count up. Total so far: ${(EVERY - 1) * 2 - 7}. Turn ${EVERY}.`,
    );
  }, 1_800_000);
});
