// A workflow with a child (in its own module: a workflow referring to one in
// the same module makes TypeScript's api type circular).
import { z } from "zod";
import { internal } from "./_generated/api.js";
import { flows } from "./workflows.js";

export const parent = flows.define({
  name: "parent",
  input: z.object({ words: z.array(z.string()), key: z.string() }),
  output: z.object({ child: z.string(), length: z.number() }),
  handler: async (step, input): Promise<{ child: string; length: number }> => {
    const { text } = await step.runWorkflow(
      internal.workflows.pipeline,
      input,
      { name: "child:pipeline" },
    );
    return { child: text, length: text.length };
  },
});
