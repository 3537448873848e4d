// A workflow with a step of each kind a trace shows: an action, an LLM
// step, a child run and a wait for approval (see test/traces.test.ts).
import { z } from "zod";
import { internal } from "./_generated/api.js";
import { approval } from "./approvals.js";
import { flows } from "./workflows.js";

export const traced = flows.define({
  name: "traced",
  input: z.object({ key: z.string() }),
  output: z.object({
    draft: z.string(),
    child: z.string(),
    approved: z.boolean(),
  }),
  handler: async (
    step,
    { key },
  ): Promise<{ draft: string; child: string; approved: boolean }> => {
    const word = await step.runAction(
      internal.steps.shout,
      { word: "hello", key },
      { name: "shout" },
    );
    const { text: draft } = await step.llm(
      internal.llmActions.complete,
      { prompt: word },
      { name: "draft" },
    );
    const { text: child } = await step.runWorkflow(
      internal.workflows.pipeline,
      { words: ["a", "b"], key },
      { name: "child:pipeline" },
    );
    const { approved } = await step.waitForSignal(approval, {
      title: "Send the draft?",
      assignees: ["alice"],
    });
    return { draft, child, approved };
  },
});

/**
 * `children` child runs of `steps` steps with `bytes`-long results each: a
 * trace whose journals are more than an export reads.
 */
export const bigChildren = flows.define({
  name: "bigChildren",
  input: z.object({
    children: z.number().int().min(1),
    steps: z.number().int().min(1),
    bytes: z.number().int().min(1),
  }),
  output: z.number(),
  handler: async (step, { children, steps, bytes }): Promise<number> => {
    let total = 0;
    for (let i = 0; i < children; i++) {
      total += await step.runWorkflow(
        internal.limits.journalFiller,
        { steps, bytes },
        { name: `filler${i}` },
      );
    }
    return total;
  },
});

/** `steps` mutations at once: a trace longer than an export holds. */
export const fanOut = flows.define({
  name: "fanOut",
  input: z.object({ steps: z.number().int().min(1), key: z.string() }),
  output: z.number(),
  handler: async (step, { steps, key }): Promise<number> => {
    await Promise.all(
      Array.from({ length: steps }, () =>
        step.runMutation(internal.steps.increment, { key }),
      ),
    );
    return steps;
  },
});
