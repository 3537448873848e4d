// An @convex-dev/agent agent on the scripted mock model, run as an LLM
// step: its usage reaches the run through flows.agentUsageHandler.
import { Agent, createThread } from "@convex-dev/agent";
import { v } from "convex/values";
import { z } from "zod";
import { components, internal } from "./_generated/api.js";
import { internalMutation } from "./_generated/server.js";
import { mockModel } from "./mockModel.js";
import { flows } from "./workflows.js";

// The options are cast on purpose (`as never`), the one place this is done:
// @convex-dev/agent 0.7's constructor fails to typecheck in any app with
// TS2590 ("union type too complex") whatever the options, and its types want
// an AI SDK v4 model where the mock is v3 (which the AI SDK adapts at run
// time). Agent 0.6 needs no cast.
export const agent = new Agent(components.agent, {
  name: "tester",
  languageModel: mockModel,
  instructions: "You are terse.",
  usageHandler: flows.agentUsageHandler,
} as never);

export const agentText = agent.asTextAction({});

export const newThread = internalMutation({
  args: {},
  returns: v.string(),
  handler: async (ctx): Promise<string> =>
    await createThread(ctx, components.agent, { title: "test" }),
});

/** A thread, an agent step on it, then an ordinary LLM step. */
export const agentFlow = flows.define({
  name: "agentFlow",
  input: z.object({ prompt: z.string() }),
  output: z.object({
    threadId: z.string(),
    agent: z.string(),
    plain: z.string(),
  }),
  handler: async (
    step,
    { prompt },
  ): Promise<{ threadId: string; agent: string; plain: string }> => {
    const threadId = await step.runMutation(internal.agentSteps.newThread, {});
    const reply = await step.llm(
      internal.agentSteps.agentText,
      { threadId, prompt },
      { name: "agent" },
    );
    const plain = await step.llm(
      internal.llmActions.complete,
      { prompt: reply.text },
      { name: "plain" },
    );
    return { threadId, agent: reply.text, plain: plain.text };
  },
});
