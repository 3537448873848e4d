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
