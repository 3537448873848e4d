// Contract tests for the one seam over @convex-dev/workflow and Convex
// (src/shared/upstream.ts, src/client/upstream.ts, src/component/wf/):
// each assumption the component makes about their insides, checked against
// the installed releases. A failure here names the assumption a new
// release broke.
import { WorkflowManager, type WorkflowComponent } from "@convex-dev/workflow";
import { expect, test } from "vitest";
import {
  registeredHandler,
  vWorkflowMutationArgs,
} from "../src/client/upstream.js";
import {
  isJournalOverflow,
  nondeterministicStep,
  oversizedStepResult,
} from "../src/shared/upstream.js";
import { components, internal } from "./app/_generated/api.js";
import { replays } from "./app/limits.js";
import { flows } from "./app/workflows.js";
import {
  firstPage,
  getRun,
  makeTest,
  settle,
  useFakeTimers,
  type TestApp,
} from "./harness.js";
import { expectLogs } from "./quietLogs.js";

useFakeTimers();
expectLogs(
  "Step return value too large",
  "Journal entry mismatch",
  "Failed to load journal",
);

const upstreamWorkflow = () =>
  new WorkflowManager({} as unknown as WorkflowComponent).define({
    handler: async () => null,
  });

/** The raw journal entries of a run, as the pass-through returns them. */
const journal = (t: TestApp, runId: string) =>
  t.run(
    async (ctx) =>
      (
        await ctx.runQuery(components.agentWorkflows.wf.workflow.listSteps, {
          workflowId: runId,
          order: "asc",
          paginationOpts: firstPage,
        })
      ).page,
  );

test("a registered Convex function keeps its handler as `_handler`", () => {
  expect(typeof registeredHandler(upstreamWorkflow())).toBe("function");
});

test("the workflow mutation's arguments are the ones our copy of its validator takes", () => {
  const exported = JSON.parse(
    (
      upstreamWorkflow() as unknown as { exportArgs: () => string }
    ).exportArgs(),
  ) as { type: string; value: Record<string, { optional: boolean }> };
  expect(exported.type).toBe("object");
  // `docs` only improves upstream's error message for a misuse.
  const theirs = Object.keys(exported.value).filter((f) => f !== "docs");
  expect(theirs.sort()).toEqual(
    Object.keys(vWorkflowMutationArgs.fields).sort(),
  );
  for (const field of theirs)
    expect(exported.value[field]!.optional).toBe(true);
});

test("an onComplete's context reaches the create hook untouched (the start envelope)", async () => {
  const t = makeTest();
  const runId = await t.run((ctx) =>
    flows.start(
      ctx,
      internal.workflows.pipeline,
      { words: ["a"], key: "env" },
      { owner: "alice", tags: ["t1"], idempotencyKey: "k" },
    ),
  );
  expect(await getRun(t, runId)).toMatchObject({
    owner: "alice",
    tags: ["t1"],
    name: "pipeline",
  });
});

test("workpool options reach journal.startSteps (a child learns its defined name)", async () => {
  const t = makeTest();
  const parentId = await t.run((ctx) =>
    flows.start(ctx, internal.parents.parent, { words: ["a"], key: "def" }),
  );
  await settle(t);
  const runs = await t.run((ctx) =>
    flows.listRuns(ctx, { paginationOpts: firstPage }),
  );
  const child = runs.page.find((r) => r.parentRunId === parentId);
  // Created under its function's name, renamed by its first step batch.
  expect(child?.name).toBe("pipeline");
});

test("a workflow's status names its handle, and a workflow created with it (startAsync) runs the handler with its arguments (continue-as-new)", async () => {
  const t = makeTest();
  const runId = await t.run((ctx) =>
    flows.start(ctx, internal.workflows.chain, { steps: 1, key: "seam" }),
  );
  const handle = await t.run(
    async (ctx) =>
      (
        await ctx.runQuery(components.agentWorkflows.wf.workflow.getStatus, {
          workflowId: runId,
        })
      ).workflow.workflowHandle,
  );
  expect(handle).toEqual(expect.any(String));
  // The component starts a later segment this way (component/segments.ts).
  await settle(t);
  const continued = await t.run((ctx) =>
    flows.start(ctx, internal.longRuns.longChain, {
      total: 2,
      every: 1,
      key: "seam2",
    }),
  );
  await settle(t);
  expect((await getRun(t, continued))?.output).toEqual({
    done: 2,
    segment: 1,
  });
});

test("journal entries have the fields the component reads", async () => {
  const t = makeTest();
  const runId = await t.run((ctx) =>
    flows.start(ctx, internal.approvals.review, { draft: "d", key: "shape" }),
  );
  await settle(t);
  const entries = await journal(t, runId);
  expect(entries.length).toBeGreaterThan(1);
  for (const entry of entries) {
    expect(entry).toMatchObject({
      name: expect.any(String),
      stepNumber: expect.any(Number),
      kind: expect.stringMatching(/^(function|event|sleep|workflow)$/),
      startedAt: expect.any(Number),
    });
  }
  const event = entries.find((e: { kind: string }) => e.kind === "event");
  expect(event).toMatchObject({ eventId: expect.any(String) });
  // An inline step's result is in the journal (a child's id is found there).
  expect(entries[0]).toMatchObject({ runResult: { kind: "success" } });
});

test("a step result over the limit fails with the message the component parses", async () => {
  const t = makeTest();
  const runId = await t.run((ctx) =>
    flows.start(ctx, internal.limits.bigStepResult, { bytes: 900 * 1024 }),
  );
  await settle(t);
  const [entry] = await journal(t, runId);
  const error = (entry?.runResult as { error: string }).error;
  expect(oversizedStepResult(error)).toEqual({
    bytes: expect.any(Number),
    limit: 800 * 1024,
  });
}, 60_000);

test("a replay that asks for other steps fails with the message the component parses", async () => {
  const t = makeTest();
  replays.count = 0;
  const runId = await t.run((ctx) =>
    flows.start(ctx, internal.limits.nondeterministic, {}),
  );
  await settle(t);
  const { workflow } = await t.run((ctx) =>
    ctx.runQuery(components.agentWorkflows.wf.workflow.getStatus, {
      workflowId: runId,
    }),
  );
  const raw = (workflow.runResult as { error: string }).error;
  expect(nondeterministicStep(raw)).toBe("first");
});

test("a journal past 8 MiB fails with the message the component parses", async () => {
  const t = makeTest();
  const runId = await t.run((ctx) =>
    flows.start(ctx, internal.limits.journalFiller, {
      steps: 12,
      bytes: 760 * 1024,
    }),
  );
  await settle(t);
  const { workflow } = await t.run((ctx) =>
    ctx.runQuery(components.agentWorkflows.wf.workflow.getStatus, {
      workflowId: runId,
    }),
  );
  expect(
    isJournalOverflow((workflow.runResult as { error: string }).error),
  ).toBe(true);
}, 60_000);
