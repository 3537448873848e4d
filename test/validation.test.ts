// Bad input to every public entry point: a coded ConvexError, nothing
// written. And handlers that misuse the step API fail their run clearly.
import { describe, expect, test } from "vitest";
import type { RunId, StartOptions } from "../src/client/index.js";
import { internal } from "./app/_generated/api.js";
import { flows } from "./app/workflows.js";
import {
  expectCode,
  firstPage,
  makeTest,
  settle,
  type TestApp,
  useFakeTimers,
} from "./harness.js";
import { expectLogs } from "./quietLogs.js";

useFakeTimers();

const unknown = "no-such-run" as RunId;

/** Nothing at all was written: no runs, no step side effects, no work queued. */
async function expectNothingWritten(t: TestApp, counterKey: string) {
  const runs = await t.run((ctx) =>
    flows.listRuns(ctx, { paginationOpts: firstPage }),
  );
  expect(runs.page).toEqual([]);
  await settle(t);
  expect(await t.query(internal.steps.count, { key: counterKey })).toBe(0);
  const after = await t.run((ctx) =>
    flows.listRuns(ctx, { paginationOpts: firstPage }),
  );
  expect(after.page).toEqual([]);
}

describe("start", () => {
  test("input failing the zod schema gives INVALID_INPUT with issues and path, writing nothing", async () => {
    const t = makeTest();
    const error = await expectCode(
      t.run((ctx) =>
        flows.start(ctx, internal.workflows.pipeline, { words: [], key: "v1" }),
      ),
      "INVALID_INPUT",
    );
    expect(error.path).toEqual(["words"]);
    expect(error.issues).toEqual([
      { path: ["words"], message: expect.any(String) },
    ]);
    expect(error.message).toContain("pipeline");
    await expectNothingWritten(t, "v1");
  });

  test("every issue is reported, each with its path", async () => {
    const t = makeTest();
    const bad = { words: ["ok", 7], key: 3 } as unknown as {
      words: string[];
      key: string;
    };
    const error = await expectCode(
      t.run((ctx) => flows.start(ctx, internal.workflows.pipeline, bad)),
      "INVALID_INPUT",
    );
    expect(error.issues?.map((i) => i.path)).toEqual([["words", 1], ["key"]]);
    expect(error.path).toEqual(["words", 1]);
    await expectNothingWritten(t, "v2");
  });

  test("calling the workflow mutation directly validates its input too", async () => {
    const t = makeTest();
    const error = await expectCode(
      t.mutation(internal.workflows.flakyFlow, {
        args: { key: "v3", failTimes: -1 },
      }),
      "INVALID_INPUT",
    );
    expect(error.path).toEqual(["failTimes"]);
    await expectNothingWritten(t, "v3");
  });

  test.each<[string, StartOptions]>([
    ["an empty tag", { tags: [""] }],
    ["a tag over 100 characters", { tags: ["x".repeat(101)] }],
    [
      "more than 20 tags",
      { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
    ],
    ["tags that are not strings", { tags: [1] as unknown as string[] }],
    ["tags that are not an array", { tags: "red" as unknown as string[] }],
    ["an empty idempotencyKey", { idempotencyKey: "" }],
    [
      "an idempotencyKey over 256 characters",
      { idempotencyKey: "k".repeat(257) },
    ],
  ])("%s gives INVALID_ARGUMENT, writing nothing", async (_, options) => {
    const t = makeTest();
    const error = await expectCode(
      t.run((ctx) =>
        flows.start(
          ctx,
          internal.workflows.pipeline,
          { words: ["a"], key: "v4" },
          options,
        ),
      ),
      "INVALID_ARGUMENT",
    );
    expect(error.path?.[0]).toBe(
      options.tags !== undefined ? "tags" : "idempotencyKey",
    );
    await expectNothingWritten(t, "v4");
  });

  test("limits themselves are accepted: 20 tags of 100 characters, a 256-character key", async () => {
    const t = makeTest();
    const tags = Array.from({ length: 20 }, (_, i) => `${i}`.padEnd(100, "x"));
    const runId = await t.run((ctx) =>
      flows.start(
        ctx,
        internal.workflows.pipeline,
        { words: ["a"], key: "v5" },
        {
          tags,
          idempotencyKey: "k".repeat(256),
        },
      ),
    );
    await settle(t);
    expect((await t.run((ctx) => flows.getRun(ctx, runId)))?.tags).toEqual(
      tags,
    );
  });
});

describe("unknown and malformed run ids", () => {
  test("getRun of an unknown id is null", async () => {
    const t = makeTest();
    expect(await t.run((ctx) => flows.getRun(ctx, unknown))).toBeNull();
  });

  test("listSteps, listEvents, cancel, restart and cleanup of an unknown id give RUN_NOT_FOUND", async () => {
    const t = makeTest();
    const calls: [string, () => Promise<unknown>][] = [
      [
        "listSteps",
        () => t.run((ctx) => flows.listSteps(ctx, unknown, firstPage)),
      ],
      ["listEvents", () => t.run((ctx) => flows.listEvents(ctx, unknown))],
      ["cancel", () => t.run((ctx) => flows.cancel(ctx, unknown))],
      [
        "restart",
        () => t.run((ctx) => flows.restart(ctx, unknown, { from: 0 })),
      ],
      ["cleanup", () => t.run((ctx) => flows.cleanup(ctx, unknown))],
    ];
    for (const [name, call] of calls) {
      const error = await expectCode(call(), "RUN_NOT_FOUND").catch(
        (e: Error) => {
          throw new Error(`${name}: ${e.message}`);
        },
      );
      expect(error.runId, name).toBe(unknown);
    }
  });

  test("an empty run id gives INVALID_ARGUMENT everywhere", async () => {
    const t = makeTest();
    const empty = "" as RunId;
    await expectCode(
      t.run((ctx) => flows.getRun(ctx, empty)),
      "INVALID_ARGUMENT",
    );
    await expectCode(
      t.run((ctx) => flows.listSteps(ctx, empty, firstPage)),
      "INVALID_ARGUMENT",
    );
    await expectCode(
      t.run((ctx) => flows.listEvents(ctx, empty)),
      "INVALID_ARGUMENT",
    );
    await expectCode(
      t.run((ctx) => flows.cancel(ctx, empty)),
      "INVALID_ARGUMENT",
    );
    await expectCode(
      t.run((ctx) => flows.restart(ctx, empty)),
      "INVALID_ARGUMENT",
    );
    await expectCode(
      t.run((ctx) => flows.cleanup(ctx, empty)),
      "INVALID_ARGUMENT",
    );
  });
});

describe("listEvents arguments", () => {
  test.each([
    ["after", { after: -1 }],
    ["after", { after: 1.5 }],
    ["limit", { limit: 0 }],
    ["limit", { limit: 501 }],
    ["limit", { limit: 2.5 }],
  ])("bad %s %o gives INVALID_ARGUMENT", async (field, options) => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.workflows.sleeper, { ms: 10, key: "v6" }),
    );
    const error = await expectCode(
      t.run((ctx) => flows.listEvents(ctx, runId, options)),
      "INVALID_ARGUMENT",
    );
    expect(error.path).toEqual([field]);
  });
});

describe("handlers misusing the step API fail their run with a clear message", () => {
  expectLogs('"code":"INVALID_ARGUMENT"');
  test("step.progress with completed > total", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.misuse.overProgress, { key: "v7" }),
    );
    await settle(t);
    const run = await t.run((ctx) => flows.getRun(ctx, runId));
    expect(run?.status).toBe("failed");
    expect(run?.error).toEqual({
      code: "INVALID_ARGUMENT",
      message: "progress.completed (3) cannot exceed total (2).",
    });
    expect(run?.progress).toBeUndefined();
    expect(await t.query(internal.steps.count, { key: "v7" })).toBe(0);
    const { events } = await t.run((ctx) => flows.listEvents(ctx, runId));
    expect(events.map((e) => e.type)).toEqual(["run.created", "run.failed"]);
  });

  test('step.emit with a "run."-prefixed type', async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.misuse.reservedEvent, { key: "v8" }),
    );
    await settle(t);
    const run = await t.run((ctx) => flows.getRun(ctx, runId));
    expect(run?.status).toBe("failed");
    expect(run?.error?.code).toBe("INVALID_ARGUMENT");
    expect(run?.error?.message).toMatch(
      /^Event type must be .* not starting with "run."\.$/,
    );
    expect(await t.query(internal.steps.count, { key: "v8" })).toBe(0);
    const { events } = await t.run((ctx) => flows.listEvents(ctx, runId));
    // The fake run.completed was never written.
    expect(events.map((e) => e.type)).toEqual(["run.created", "run.failed"]);
  });
});
