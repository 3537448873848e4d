// More workflows with LLM steps, for the LLM tests: replay, structured
// output, and a streamed step.
import { z } from "zod";
import { internal } from "./_generated/api.js";
import { flows } from "./workflows.js";

/** How many times each workflow's handler ran (first run plus replays). */
export const handlerRuns = { twoCallsThenAction: 0 };

export const twoCallsThenAction = flows.define({
  name: "twoCallsThenAction",
  input: z.object({ key: z.string() }),
  output: z.object({
    first: z.string(),
    second: z.string(),
    shouted: z.string(),
  }),
  handler: async (
    step,
    { key },
  ): Promise<{ first: string; second: string; shouted: string }> => {
    handlerRuns.twoCallsThenAction += 1;
    const first = await step.llm(
      internal.llmActions.complete,
      { prompt: "first" },
      { name: "first" },
    );
    const second = await step.llm(
      internal.llmActions.complete,
      { prompt: `after ${first.text}` },
      { name: "second" },
    );
    const shouted = await step.runAction(
      internal.steps.shout,
      { word: second.text, key },
      { name: "shout" },
    );
    return { first: first.text, second: second.text, shouted };
  },
});

export const classified = flows.define({
  name: "classified",
  input: z.object({ text: z.string() }),
  output: z.object({ label: z.enum(["bug", "question"]) }),
  handler: async (step, { text }): Promise<{ label: "bug" | "question" }> => {
    const { object } = await step.llm(
      internal.llmActions.classify,
      { text },
      { name: "classify" },
    );
    // Typed by the action's zod schema: no cast needed.
    const label: "bug" | "question" | undefined = object?.label;
    if (label === undefined) throw new Error("no object");
    return { label };
  },
});
