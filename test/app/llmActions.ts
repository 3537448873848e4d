// LLM actions for the tests, on the scripted mock model.
import { v } from "convex/values";
import { z } from "zod";
import { llmAction } from "../../src/llm/index.js";
import { mockModel } from "./mockModel.js";
import { flows } from "./workflows.js";

export const complete = llmAction(flows, {
  args: { prompt: v.string() },
  model: mockModel,
  system: "You are terse.",
  prompt: ({ prompt }) => prompt,
});

export const streamed = llmAction(flows, {
  args: { prompt: v.string() },
  model: mockModel,
  prompt: ({ prompt }) => prompt,
  stream: true,
});

export const classify = llmAction(flows, {
  args: { text: v.string() },
  model: mockModel,
  prompt: ({ text }) => `Classify: ${text}`,
  output: z.object({ label: z.enum(["bug", "question"]) }),
});

/** One turn of the long agent loop: the model picks a tool and its argument. */
export const agentTurn = llmAction(flows, {
  args: { goal: v.string(), total: v.number(), turn: v.number() },
  model: mockModel,
  system: "You are a counting agent. Call a tool each turn.",
  prompt: ({ goal, total, turn }) =>
    `Goal: ${goal}. Total so far: ${total}. Turn ${turn}.`,
  output: z.object({ tool: z.enum(["add", "subtract"]), amount: z.number() }),
});

/** With the request settings a model call's span records. */
export const tuned = llmAction(flows, {
  args: { prompt: v.string() },
  model: mockModel,
  prompt: ({ prompt }) => prompt,
  maxOutputTokens: 64,
  temperature: 0.2,
});
