// A parent that outlives its child by waiting for an approval after it
// (test/retention.test.ts): the finished child stays while its parent is
// pending, whatever its own retention.
import { z } from "zod";
import { internal } from "./_generated/api.js";
import { approval } from "./approvals.js";
import { retainedFlows } from "./retention.js";

export const briefParent = retainedFlows.define({
  name: "briefParent",
  input: z.object({}),
  output: z.object({ approved: z.boolean() }),
  handler: async (step): Promise<{ approved: boolean }> => {
    await step.runWorkflow(internal.retention.brief, {}, { name: "child" });
    return await step.waitForSignal(approval);
  },
});
