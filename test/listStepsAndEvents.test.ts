// Paging through a run's steps (listSteps) and events (listEvents).
import { describe, expect, test } from "vitest";
import { internal } from "./app/_generated/api.js";
import { flows } from "./app/workflows.js";
import { expectCode, makeTest, settle, useFakeTimers } from "./harness.js";

useFakeTimers();

describe("listSteps and listEvents pages", () => {
  test("listSteps pages through every step; pages may be short when internal steps are hidden", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.workflows.pipeline, {
        words: ["a", "b", "c"],
        key: "ls",
      }),
    );
    await settle(t);
    const seen: number[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 20; i++) {
      const result = await t.run((ctx) =>
        flows.listSteps(ctx, runId, { numItems: 2, cursor }),
      );
      expect(result.page.length).toBeLessThanOrEqual(2);
      seen.push(...result.page.map((s) => s.stepNumber));
      if (result.isDone) break;
      cursor = result.continueCursor;
    }
    // Word steps are 0, 2, 4 (each followed by its progress step).
    expect(seen).toEqual([0, 2, 4]);
    await expectCode(
      t.run((ctx) =>
        flows.listSteps(ctx, runId, { numItems: 0, cursor: null }),
      ),
      "INVALID_ARGUMENT",
    );
    await expectCode(
      t.run((ctx) =>
        flows.listSteps(ctx, runId, { numItems: 201, cursor: null }),
      ),
      "INVALID_ARGUMENT",
    );
  });

  test("listEvents reads after a cursor, a limited number at a time", async () => {
    const t = makeTest();
    const runId = await t.run((ctx) =>
      flows.start(ctx, internal.workflows.pipeline, {
        words: ["a", "b"],
        key: "le",
      }),
    );
    await settle(t);
    const all = await t.run((ctx) => flows.listEvents(ctx, runId));
    expect(all.events).toHaveLength(5);

    const first = await t.run((ctx) =>
      flows.listEvents(ctx, runId, { limit: 2 }),
    );
    expect(first.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(first).toMatchObject({ cursor: 2, isDone: false });
    const second = await t.run((ctx) =>
      flows.listEvents(ctx, runId, { after: first.cursor, limit: 2 }),
    );
    expect(second.events.map((e) => e.seq)).toEqual([3, 4]);
    const third = await t.run((ctx) =>
      flows.listEvents(ctx, runId, { after: second.cursor, limit: 2 }),
    );
    expect(third.events.map((e) => e.type)).toEqual(["run.completed"]);
    expect(third).toMatchObject({ cursor: 5, isDone: true });
    // Nothing new after the last event: the cursor stays put.
    const none = await t.run((ctx) =>
      flows.listEvents(ctx, runId, { after: 5 }),
    );
    expect(none).toEqual({ events: [], cursor: 5, isDone: true });
  });
});
