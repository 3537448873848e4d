// What each step took and gave: listSteps carries size-capped previews of a
// step's arguments and result (an LLM step's prompt and text, a signal
// wait's request and decisions, a child's input and output); getStep has
// them whole. Refusals and bad arguments write nothing.
import { beforeEach, describe, expect, test } from "vitest";
import type { RunId, StepView } from "../src/client/index.js";
import { PREVIEW_CHARS } from "../src/shared/preview.js";
import { api, internal } from "./app/_generated/api.js";
import { approval } from "./app/approvals.js";
import { mockLlm } from "./app/mockModel.js";
import { flows } from "./app/workflows.js";
import {
  expectCode,
  firstPage,
  makeTest,
  rowCounts,
  settle,
  untilStatus,
  useFakeTimers,
  type TestApp,
} from "./harness.js";

useFakeTimers();
beforeEach(() => mockLlm.reset());

const steps = async (t: TestApp, runId: RunId): Promise<StepView[]> =>
  (await t.run((ctx) => flows.listSteps(ctx, runId, firstPage))).page;

const getStep = (t: TestApp, runId: RunId, stepNumber: number) =>
  t.run((ctx) => flows.getStep(ctx, runId, stepNumber));

const as = (t: TestApp, subject: string) =>
  t.withIdentity({ subject, tokenIdentifier: `test|${subject}` });

describe("step inputs and outputs", () => {
  test("function steps: args and result previews in listSteps, whole values in getStep", async () => {
    const t = makeTest();
    const long = "x".repeat(3_000);
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.workflows.pipeline, {
        words: ["hi", long],
        key: "io",
      }),
    );
    await settle(t);
    const [first, second] = (await steps(t, runId)).filter(
      (s) => s.kind === "action",
    );
    expect(first).toMatchObject({
      name: "steps:shout",
      args: {
        preview: JSON.stringify({ key: "io", word: "hi" }),
        truncated: false,
      },
      result: { preview: JSON.stringify("HI"), truncated: false },
    });
    // A big value: the list carries its start and its size, not all of it.
    expect(second!.args!.truncated).toBe(true);
    expect(second!.args!.preview).toHaveLength(PREVIEW_CHARS);
    expect(second!.args!.preview.endsWith("…")).toBe(true);
    expect(second!.args!.bytes).toBeGreaterThan(3_000);
    expect(second!.result!.truncated).toBe(true);
    const whole = await getStep(t, runId, second!.stepNumber);
    expect(whole).toMatchObject({
      stepNumber: second!.stepNumber,
      name: "steps:shout",
      status: "completed",
      input: { key: "io", word: long },
      output: long.toUpperCase(),
    });
  });

  test("an LLM step shows the prompt sent and the text back; getStep has them whole", async () => {
    const t = makeTest();
    mockLlm.script = [{ text: "Paris.", inputTokens: 12, outputTokens: 2 }];
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.llmWorkflows.oneCall, {
        prompt: "Capital of France?",
      }),
    );
    await settle(t);
    const llmStep = (await steps(t, runId)).find((s) => s.kind === "llm")!;
    expect(llmStep).toMatchObject({
      name: "answer",
      args: { preview: JSON.stringify({ prompt: "Capital of France?" }) },
      llm: {
        model: "mock-1",
        prompt: { preview: "Capital of France?", truncated: false },
        system: { preview: "You are terse.", truncated: false },
        text: { preview: "Paris.", truncated: false },
      },
    });
    expect(JSON.parse(llmStep.result!.preview)).toMatchObject({
      text: "Paris.",
    });
    const whole = await getStep(t, runId, llmStep.stepNumber);
    expect(whole?.llmText).toEqual({
      system: "You are terse.",
      prompt: "Capital of France?",
      text: "Paris.",
    });
  });

  test("a signal wait shows its request and every decision; a child step its run's input and output", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.approvals.review, {
        draft: "Hello",
        key: "io",
        assignees: ["alice"],
      }),
    );
    await untilStatus(t, runId, "waiting");
    await t.run((ctx) =>
      flows.signal(ctx, {
        runId,
        signal: approval,
        value: { approved: false, note: "too short" },
        by: "alice",
      }),
    );
    await settle(t);
    const wait = (await steps(t, runId)).find((s) => s.kind === "signal")!;
    expect(wait.args).toMatchObject({
      preview: JSON.stringify({ draft: "Hello" }),
    });
    expect(wait.signal).toMatchObject({
      signal: "approval",
      title: 'Publish "Hello"?',
      assignees: ["alice"],
      status: "decided",
      outcome: "rejected",
      decisions: [
        {
          by: "alice",
          approve: false,
          value: { approved: false, note: "too short" },
        },
      ],
    });

    const parent = await t.run((ctx) =>
      flows.start(ctx, internal.parents.parent, { words: ["a"], key: "io" }),
    );
    await settle(t);
    const child = (await steps(t, parent)).find((s) => s.kind === "child")!;
    expect(child).toMatchObject({
      name: "child:pipeline",
      args: { preview: JSON.stringify({ key: "io", words: ["a"] }) },
      result: { preview: JSON.stringify({ text: "A" }) },
    });
  });
});

describe("getStep refusals", () => {
  test("bad numbers, unknown runs and another owner's run are refused and write nothing", async () => {
    const t = makeTest();
    const runId = (await as(t, "alice").mutation(api.ownedApi.start, {
      workflow: "pipeline",
      input: { words: ["secret"], key: "io" },
    })) as RunId;
    await settle(t);
    const before = await rowCounts(t);
    for (const stepNumber of [-1, 1.5, Number.NaN, 2_000_000]) {
      await expectCode(getStep(t, runId, stepNumber), "INVALID_ARGUMENT");
    }
    await expectCode(
      t.run((ctx) => flows.getStep(ctx, runId, 0, { segment: -2 })),
      "INVALID_ARGUMENT",
    );
    await expectCode(getStep(t, "not-a-run" as RunId, 0), "RUN_NOT_FOUND");
    // A step past the end, or a segment the run never reached: none.
    expect(await getStep(t, runId, 500)).toBeNull();
    expect(
      await t.run((ctx) => flows.getStep(ctx, runId, 0, { segment: 3 })),
    ).toBeNull();
    // Through publicApi: the owner reads it, bob is refused.
    const own = await as(t, "alice").query(api.ownedApi.getStep, {
      runId,
      stepNumber: 0,
    });
    expect(own).toMatchObject({ input: { key: "io", word: "secret" } });
    await expectCode(
      as(t, "bob").query(api.ownedApi.getStep, { runId, stepNumber: 0 }),
      "NOT_AUTHORIZED",
    );
    expect(await rowCounts(t)).toEqual(before);
  });

  test("over HTTP: GET /runs/{id}/steps/{n} for the owner, 403 for another user, 404 past the end", async () => {
    const t = makeTest();
    const runId = (await as(t, "alice").mutation(api.ownedApi.start, {
      workflow: "pipeline",
      input: { words: ["hey"], key: "io" },
    })) as RunId;
    await settle(t);
    const get = async (who: string, path: string) => {
      const response = await as(t, who).fetch(`/wf/runs/${runId}${path}`);
      return { status: response.status, body: await response.json() };
    };
    expect(await get("alice", "/steps/0")).toMatchObject({
      status: 200,
      body: { input: { key: "io", word: "hey" }, output: "HEY" },
    });
    expect(await get("bob", "/steps/0")).toMatchObject({
      status: 403,
      body: { code: "NOT_AUTHORIZED" },
    });
    expect(await get("alice", "/steps/99")).toMatchObject({
      status: 404,
      body: { code: "STEP_NOT_FOUND" },
    });
  });
});
