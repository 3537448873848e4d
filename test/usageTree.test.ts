// Usage across a run tree: a run's `usage` is its own calls, `usageTotal`
// adds its children's at any depth, kept as calls finish (no scan on read);
// children nest at most LIMITS.maxChildDepth deep.
import { beforeEach, describe, expect, test } from "vitest";
import type { RunId } from "../src/client/index.js";
import { LIMITS } from "../src/shared/validators.js";
import { internal } from "./app/_generated/api.js";
import { mockLlm } from "./app/mockModel.js";
import { flows } from "./app/workflows.js";
import { getRun, makeTest, settle, useFakeTimers } from "./harness.js";
import { componentRows } from "./llmHarness.js";
import { expectLogs } from "./quietLogs.js";

useFakeTimers();
beforeEach(() => mockLlm.reset());

type RunRow = { workflowId: string; parentRunId?: string; depth?: number };

/** The runs of a family, root first (each generation is the one before's child). */
async function generations(t: Parameters<typeof getRun>[0], root: RunId) {
  const rows = await componentRows<RunRow>(t, "runs");
  const chain: RunRow[] = [rows.find((r) => r.workflowId === root)!];
  for (;;) {
    const child = rows.find((r) => r.parentRunId === chain.at(-1)!.workflowId);
    if (!child) return chain;
    chain.push(child);
  }
}

const usageOf = (calls: number, input: number, output: number) => ({
  llmCalls: calls,
  inputTokens: input,
  outputTokens: output,
  totalTokens: input + output,
});

describe("usage across a run tree", () => {
  test("usageTotal adds children and grandchildren; usage stays the run's own", async () => {
    const t = makeTest();
    // Each generation's one call, root first: 100/10, 20/2, 3/1 tokens.
    mockLlm.script = [
      { text: "root", inputTokens: 100, outputTokens: 10 },
      { text: "child", inputTokens: 20, outputTokens: 2 },
      { text: "grandchild", inputTokens: 3, outputTokens: 1 },
    ];
    const root = await t.run((ctx) =>
      flows.start(ctx, internal.usageTree.family, { depth: 2, llm: true }),
    );
    await settle(t);
    const [top, child, grandchild] = await generations(t, root);
    const runOf = async (row: RunRow | undefined) =>
      (await getRun(t, row!.workflowId as RunId))!;

    const rootRun = await runOf(top);
    expect(rootRun).toMatchObject({
      status: "completed",
      output: { generations: 3 },
      usage: usageOf(1, 100, 10),
      usageTotal: usageOf(3, 123, 13),
    });
    expect(await runOf(child)).toMatchObject({
      usage: usageOf(1, 20, 2),
      usageTotal: usageOf(2, 23, 3),
    });
    expect(await runOf(grandchild)).toMatchObject({
      usage: usageOf(1, 3, 1),
      usageTotal: usageOf(1, 3, 1),
    });
    // Cost adds up the same way ($2/M input, $8/M output for mock-1).
    expect(rootRun.usageTotal!.costUsd).toBeCloseTo(
      (123 * 2 + 13 * 8) / 1_000_000,
      12,
    );
    expect(rootRun.usageTotal!.costUsd).toBeCloseTo(
      rootRun.usage!.costUsd + (await runOf(child)).usageTotal!.costUsd,
      12,
    );
  });

  describe("past the depth limit", () => {
    expectLogs('"code":"CHILD_DEPTH_EXCEEDED"');
    test(`children nest at most ${LIMITS.maxChildDepth} deep: one more fails with CHILD_DEPTH_EXCEEDED`, async () => {
      const t = makeTest();
      const root = await t.run((ctx) =>
        flows.start(ctx, internal.usageTree.family, {
          depth: LIMITS.maxChildDepth + 1,
          llm: false,
        }),
      );
      await settle(t);
      const chain = await generations(t, root);
      // Depths 0..16 exist; the run at 16 could not start a 17th.
      expect(chain.map((r) => r.depth ?? 0)).toEqual(
        Array.from({ length: LIMITS.maxChildDepth + 1 }, (_, i) => i),
      );
      const deepest = (await getRun(t, chain.at(-1)!.workflowId as RunId))!;
      expect(deepest.status).toBe("failed");
      expect(deepest.error).toMatchObject({
        code: "CHILD_DEPTH_EXCEEDED",
        message: `Child runs nest at most ${LIMITS.maxChildDepth} deep; this run is at depth ${LIMITS.maxChildDepth}.`,
      });
      // The failure goes up: every generation fails, the root too.
      expect((await getRun(t, root))?.status).toBe("failed");
    });
  });
});
