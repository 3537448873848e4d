// A family of runs for usage across a run tree (test/usageTree.test.ts):
// each generation makes one LLM call, then starts the next as its child
// until `depth` reaches 0.
import { z } from "zod";
import type { AgentWorkflows } from "../../src/client/index.js";
import { internal } from "./_generated/api.js";
import { flows as appFlows } from "./workflows.js";

// Annotated: this module's workflow refers to itself through `internal`.
const flows: AgentWorkflows = appFlows;

export const family = flows.define({
  name: "family",
  input: z.object({ depth: z.number().int().min(0), llm: z.boolean() }),
  output: z.object({ generations: z.number() }),
  handler: async (step, input): Promise<{ generations: number }> => {
    if (input.llm) {
      await step.llm(internal.llmActions.complete, {
        prompt: `generation at depth ${input.depth}`,
      });
    }
    if (input.depth === 0) return { generations: 1 };
    const below: { generations: number } = await step.runWorkflow(
      internal.usageTree.family,
      { depth: input.depth - 1, llm: input.llm },
    );
    return { generations: below.generations + 1 };
  },
});
