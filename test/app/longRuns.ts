// Runs of any length (test/continueAsNew.test.ts and the long benchmark):
// a chain of action steps that continues as new every `every` steps, with
// its count as the state it carries.
import { z } from "zod";
import { internal } from "./_generated/api.js";
import { approval } from "./approvals.js";
import { flows } from "./workflows.js";

export const longChain = flows.define({
  name: "longChain",
  input: z.object({
    total: z.number().int().min(0),
    every: z.number().int().min(1),
    done: z.number().int().min(0).default(0),
    key: z.string(),
    /** Wait for an approval at the start of this segment. */
    approvalAtSegment: z.number().int().optional(),
  }),
  output: z.object({ done: z.number(), segment: z.number() }),
  handler: async (step, input): Promise<{ done: number; segment: number }> => {
    if (input.approvalAtSegment === step.segment) {
      await step.waitForSignal(approval);
    }
    let done = input.done;
    while (done < input.total && done - input.done < input.every) {
      await step.runAction(internal.steps.shout, {
        word: `w${done}`,
        key: input.key,
      });
      done += 1;
    }
    await step.progress({ completed: done, total: input.total });
    if (done < input.total) return step.continueAsNew({ ...input, done });
    return { done, segment: step.segment };
  },
});
