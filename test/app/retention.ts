// Runs that are deleted once they have been finished a while
// (test/retention.test.ts): an instance of their own, so no other test's
// runs expire. Completed runs are kept an hour, failed ones two, canceled
// ones forever; `brief` keeps its completed runs ten minutes.
import { z } from "zod";
import { AgentWorkflows } from "../../src/client/index.js";
import { components } from "./_generated/api.js";
import { approval } from "./approvals.js";

export const HOUR = 60 * 60 * 1000;
export const MINUTE = 60 * 1000;

export const retainedFlows: AgentWorkflows = new AgentWorkflows(
  components.agentWorkflows,
  {
    name: "retained",
    retention: { completed: HOUR, failed: 2 * HOUR, canceled: false },
  },
);

/** Ends as told: completed, failed, or after an approval. */
export const ending = retainedFlows.define({
  name: "ending",
  input: z.object({ end: z.enum(["complete", "fail", "approval"]) }),
  output: z.object({ approved: z.boolean() }),
  handler: async (step, { end }): Promise<{ approved: boolean }> => {
    if (end === "fail") throw new Error("failed on purpose");
    if (end === "approval") return await step.waitForSignal(approval);
    return { approved: true };
  },
});

/** Its own retention: completed runs go after ten minutes. */
export const brief = retainedFlows.define({
  name: "brief",
  input: z.object({}),
  output: z.object({ ok: z.boolean() }),
  retention: { completed: 10 * MINUTE },
  handler: async (): Promise<{ ok: boolean }> => ({ ok: true }),
});
