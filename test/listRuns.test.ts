// listRuns: filters by status, name and tag, order, pagination.
import { describe, expect, test } from "vitest";
import type {
  ListRunsOptions,
  RunId,
  RunSummary,
} from "../src/client/index.js";
import { internal } from "./app/_generated/api.js";
import { flows } from "./app/workflows.js";
import {
  expectCode,
  makeTest,
  settle,
  type TestApp,
  useFakeTimers,
} from "./harness.js";
import { expectLogs, STALE_STEP_LOGS } from "./quietLogs.js";

useFakeTimers();

type Filter = Omit<ListRunsOptions, "paginationOpts">;

/** Every run matching `filter`, page by page, checking each page's size. */
async function listAll(
  t: TestApp,
  filter: Filter,
  numItems = 100,
): Promise<RunSummary[]> {
  const all: RunSummary[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const result = await t.run((ctx) =>
      flows.listRuns(ctx, { ...filter, paginationOpts: { numItems, cursor } }),
    );
    expect(result.page.length).toBeLessThanOrEqual(numItems);
    all.push(...result.page);
    if (result.isDone) return all;
    cursor = result.continueCursor;
  }
  throw new Error("listRuns never finished");
}

const ids = async (t: TestApp, filter: Filter) =>
  (await listAll(t, filter)).map((r) => r.runId);

describe("listRuns", () => {
  expectLogs(...STALE_STEP_LOGS, /gate \S+ is closed/);
  /**
   * Seven runs, oldest first: A pipeline [red] completed, B gated [red, blue]
   * failed, C sleeper [blue] canceled, D pipeline [blue] completed, E
   * pipeline [] completed, F sleeper [red] waiting, G pipeline [red] running.
   */
  async function fixture(t: TestApp) {
    const pipeline = (tags: string[]) =>
      t.run((ctx) =>
        flows.start(
          ctx,
          internal.workflows.pipeline,
          { words: ["w"], key: "p" },
          { tags },
        ),
      );
    const sleeper = (tags: string[]) =>
      t.run((ctx) =>
        flows.start(
          ctx,
          internal.workflows.sleeper,
          { ms: 600_000, key: "s" },
          { tags },
        ),
      );
    const A = await pipeline(["red"]);
    const B = await t.run((ctx) =>
      flows.start(
        ctx,
        internal.workflows.gatedFlow,
        { key: "g" },
        { tags: ["red", "blue"] },
      ),
    );
    const C = await sleeper(["blue"]);
    await t.run((ctx) => flows.cancel(ctx, C));
    const D = await pipeline(["blue"]);
    const E = await pipeline([]);
    await settle(t);
    const F = await sleeper(["red"]);
    const G = await pipeline(["red"]);
    return { A, B, C, D, E, F, G };
  }

  test("filters by status, name and tag, alone and combined, newest first", async () => {
    const t = makeTest();
    const { A, B, C, D, E, F, G } = await fixture(t);

    expect(await ids(t, {})).toEqual([G, F, E, D, C, B, A]);
    // Status alone.
    expect(await ids(t, { status: "completed" })).toEqual([E, D, A]);
    expect(await ids(t, { status: "failed" })).toEqual([B]);
    expect(await ids(t, { status: "canceled" })).toEqual([C]);
    expect(await ids(t, { status: "waiting" })).toEqual([F]);
    expect(await ids(t, { status: "running" })).toEqual([G]);
    expect(await ids(t, { status: "queued" })).toEqual([]);
    // Name alone.
    expect(await ids(t, { name: "pipeline" })).toEqual([G, E, D, A]);
    expect(await ids(t, { name: "gated" })).toEqual([B]);
    expect(await ids(t, { name: "sleeper" })).toEqual([F, C]);
    expect(await ids(t, { name: "nope" })).toEqual([]);
    // Tag alone.
    expect(await ids(t, { tag: "red" })).toEqual([G, F, B, A]);
    expect(await ids(t, { tag: "blue" })).toEqual([D, C, B]);
    expect(await ids(t, { tag: "green" })).toEqual([]);
    // Two filters.
    expect(await ids(t, { tag: "red", status: "completed" })).toEqual([A]);
    expect(await ids(t, { tag: "red", status: "waiting" })).toEqual([F]);
    expect(await ids(t, { tag: "blue", status: "failed" })).toEqual([B]);
    expect(await ids(t, { tag: "red", name: "pipeline" })).toEqual([G, A]);
    expect(await ids(t, { tag: "blue", name: "sleeper" })).toEqual([C]);
    expect(await ids(t, { name: "pipeline", status: "completed" })).toEqual([
      E,
      D,
      A,
    ]);
    expect(await ids(t, { name: "sleeper", status: "canceled" })).toEqual([C]);
    expect(await ids(t, { name: "gated", status: "completed" })).toEqual([]);
    // All three.
    expect(
      await ids(t, { tag: "red", name: "pipeline", status: "completed" }),
    ).toEqual([A]);
    expect(
      await ids(t, { tag: "blue", name: "gated", status: "failed" }),
    ).toEqual([B]);
    expect(
      await ids(t, { tag: "blue", name: "pipeline", status: "running" }),
    ).toEqual([]);

    // Summaries carry what a list shows.
    const [summary] = await listAll(t, { tag: "blue", name: "gated" });
    expect(summary).toMatchObject({
      runId: B,
      name: "gated",
      status: "failed",
      tags: ["red", "blue"],
      stepsStarted: 2,
      error: { step: { name: "gate", stepNumber: 1 } },
    });
    expect(summary!.finishedAt).toBeGreaterThanOrEqual(summary!.startedAt);
  });

  test("status filters follow runs as they change status", async () => {
    const t = makeTest();
    const { A, F, G } = await fixture(t);
    await settle(t);
    expect(await ids(t, { tag: "red", status: "running" })).toEqual([]);
    expect(await ids(t, { tag: "red", status: "waiting" })).toEqual([]);
    expect(await ids(t, { tag: "red", status: "completed" })).toEqual([
      G,
      F,
      A,
    ]);
    expect(await ids(t, { status: "running" })).toEqual([]);
    expect(await ids(t, { name: "pipeline", status: "running" })).toEqual([]);
    expect(
      await ids(t, { tag: "red", name: "sleeper", status: "completed" }),
    ).toEqual([F]);
  });

  test("pages cover every run exactly once, in order", async () => {
    const t = makeTest();
    const started: RunId[] = [];
    for (let i = 0; i < 13; i++) {
      const tags = i % 2 === 0 ? ["even"] : ["odd"];
      started.push(
        await t.run((ctx) =>
          flows.start(
            ctx,
            internal.workflows.pipeline,
            { words: ["w"], key: "pg" },
            { tags },
          ),
        ),
      );
    }
    const newestFirst = [...started].reverse();
    for (const numItems of [1, 4, 5, 13, 200]) {
      expect((await listAll(t, {}, numItems)).map((r) => r.runId)).toEqual(
        newestFirst,
      );
    }
    const even = newestFirst.filter((id) => started.indexOf(id) % 2 === 0);
    expect(even).toHaveLength(7);
    expect((await listAll(t, { tag: "even" }, 3)).map((r) => r.runId)).toEqual(
      even,
    );
    expect(
      (
        await listAll(
          t,
          { tag: "even", name: "pipeline", status: "running" },
          2,
        )
      ).map((r) => r.runId),
    ).toEqual(even);
    expect(
      (await listAll(t, { name: "pipeline" }, 6)).map((r) => r.runId),
    ).toEqual(newestFirst);

    // A first page says there is more.
    const page = await t.run((ctx) =>
      flows.listRuns(ctx, { paginationOpts: { numItems: 5, cursor: null } }),
    );
    expect(page.page).toHaveLength(5);
    expect(page.isDone).toBe(false);
  });

  test("numItems must be from 1 to 200 (INVALID_ARGUMENT)", async () => {
    const t = makeTest();
    for (const numItems of [0, -1, 201, 1.5]) {
      for (const filter of [
        {},
        { tag: "x" },
        { name: "pipeline", status: "running" as const },
      ]) {
        const error = await expectCode(
          t.run((ctx) =>
            flows.listRuns(ctx, {
              ...filter,
              paginationOpts: { numItems, cursor: null },
            }),
          ),
          "INVALID_ARGUMENT",
        );
        expect(error.path).toEqual(["paginationOpts", "numItems"]);
      }
    }
    const ok = await t.run((ctx) =>
      flows.listRuns(ctx, { paginationOpts: { numItems: 200, cursor: null } }),
    );
    expect(ok).toMatchObject({ page: [], isDone: true });
  });
});
