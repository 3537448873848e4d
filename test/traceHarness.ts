// The run the trace tests and the trace benchmark export: `traced` (an
// action, an LLM step, a child run and an approval), driven to its end.
import { expect } from "vitest";
import type { RunId } from "../src/client/index.js";
import { internal } from "./app/_generated/api.js";
import { approval } from "./app/approvals.js";
import { mockLlm } from "./app/mockModel.js";
import { flows } from "./app/workflows.js";
import { getRun, settle, untilStatus, type TestApp } from "./harness.js";

/**
 * Start `traced` for `owner`, let alice approve its wait, run it to the
 * end. Its model answers "Draft." with 9 tokens in and 4 out.
 */
export async function finishTracedRun(
  t: TestApp,
  owner?: string,
): Promise<RunId> {
  mockLlm.script = [{ text: "Draft.", inputTokens: 9, outputTokens: 4 }];
  const runId = await t.run((ctx) =>
    flows.start(ctx, internal.traced.traced, { key: "tr" }, { owner }),
  );
  await untilStatus(t, runId, "waiting");
  await t.run((ctx) =>
    flows.signal(ctx, {
      runId,
      signal: approval,
      value: { approved: true },
      by: "alice",
    }),
  );
  await settle(t);
  expect((await getRun(t, runId))?.status).toBe("completed");
  return runId;
}
