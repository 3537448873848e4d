// LLM actions for the tests, on the scripted mock model.
import { v } from "convex/values";
import { z } from "zod";
import { mockModel } from "./mockModel.js";
import { flows } from "./workflows.js";

export const complete = flows.llmAction({
  args: { prompt: v.string() },
  model: mockModel,
  system: "You are terse.",
  prompt: ({ prompt }) => prompt,
});

export const streamed = flows.llmAction({
  args: { prompt: v.string() },
  model: mockModel,
  prompt: ({ prompt }) => prompt,
  stream: true,
});

export const classify = flows.llmAction({
  args: { text: v.string() },
  model: mockModel,
  prompt: ({ text }) => `Classify: ${text}`,
  output: z.object({ label: z.enum(["bug", "question"]) }),
});
