import { afterEach, beforeEach, expect, test, vi } from "vitest";
import { internal } from "./app/_generated/api.js";
import { makeTest, settle } from "./harness.js";
import { flows } from "./app/workflows.js";
import type { RunId } from "../src/client/index.js";

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

test("smoke", async () => {
  const t = makeTest();
  const runId = await t.run((ctx) =>
    flows.start(ctx, internal.workflows.pipeline, { words: ["a", "b"], key: "k" }),
  );
  await settle(t);
  const run = await t.run((ctx) => flows.getRun(ctx, runId as RunId));
  console.log(JSON.stringify(run, null, 1));
  expect(run?.status).toBe("completed");
});
