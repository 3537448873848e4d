// The benchmark's baseline: the same chain on bare @convex-dev/workflow.
import { WorkflowManager } from "@convex-dev/workflow";
import { v } from "convex/values";
import { components, internal } from "./_generated/api.js";

const manager = new WorkflowManager(components.workflow);

export const chain = manager.define({
  args: { steps: v.number(), key: v.string() },
  returns: v.object({ done: v.number() }),
  handler: async (step, { steps, key }): Promise<{ done: number }> => {
    for (let i = 0; i < steps; i++) {
      await step.runAction(internal.steps.shout, { word: `w${i}`, key });
    }
    return { done: steps };
  },
});
