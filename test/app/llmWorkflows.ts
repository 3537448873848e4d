// Workflows with LLM steps, for the tests.
import { z } from "zod";
import { internal } from "./_generated/api.js";
import { flows } from "./workflows.js";

export const fiveCalls = flows.define({
  name: "fiveCalls",
  input: z.object({ topic: z.string() }),
  output: z.object({ texts: z.array(z.string()) }),
  handler: async (step, { topic }): Promise<{ texts: string[] }> => {
    const texts: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { text } = await step.llm(internal.llmActions.complete, {
        prompt: `${topic} ${i}`,
      });
      texts.push(text);
    }
    return { texts };
  },
});

export const oneCall = flows.define({
  name: "oneCall",
  input: z.object({ prompt: z.string(), stream: z.boolean().optional() }),
  output: z.object({ text: z.string() }),
  llmRetry: { maxAttempts: 4, initialBackoffMs: 1000, base: 2 },
  handler: async (step, { prompt, stream }): Promise<{ text: string }> => {
    const action = stream
      ? internal.llmActions.streamed
      : internal.llmActions.complete;
    const { text } = await step.llm(action, { prompt }, { name: "answer" });
    return { text };
  },
});

export const budgeted = flows.define({
  name: "budgeted",
  input: z.object({ calls: z.number() }),
  output: z.object({ done: z.number() }),
  budget: { maxTokens: 30 },
  handler: async (step, { calls }): Promise<{ done: number }> => {
    for (let i = 0; i < calls; i++) {
      await step.llm(internal.llmActions.complete, { prompt: `call ${i}` });
    }
    return { done: calls };
  },
});
