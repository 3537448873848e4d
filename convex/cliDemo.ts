// Small workflows to try from the command line (`convex-agent-workflows run
// <name>`): one that completes (progress, a streamed LLM step), one whose
// step fails, and one that waits for a support agent's approval. Support
// agents start them through workflowsApi.start.
import { v } from "convex/values";
import { z } from "zod";
import { internal } from "./_generated/api.js";
import { internalMutation } from "./_generated/server.js";
import { replyApproval } from "./approvals.js";
import { flows, MODEL_RATE_LIMIT } from "./flows.js";

const DAY = 24 * 60 * 60 * 1000;

const replyInput = z.object({
  customer: z.string().min(1).max(200),
  points: z.array(z.string().min(1).max(500)).min(1).max(10),
});

/** A step: how many words a text has. */
export const countWords = internalMutation({
  args: { text: v.string() },
  returns: v.number(),
  handler: async (_ctx, { text }) => text.split(/\s+/).filter(Boolean).length,
});

/** A step that always throws `message`, to show how a failed run looks. */
export const failWith = internalMutation({
  args: { message: v.string() },
  returns: v.null(),
  handler: async (_ctx, { message }) => {
    throw new Error(message);
  },
});

/** A reply written by the model (streamed), then its words counted. */
export const quickReply = flows.define({
  name: "quickReply",
  input: replyInput,
  output: z.object({ reply: z.string(), words: z.number() }),
  llm: { rateLimit: MODEL_RATE_LIMIT },
  handler: async (step, input): Promise<{ reply: string; words: number }> => {
    await step.progress({ completed: 0, total: 2, message: "Writing" });
    const { text } = await step.llm(internal.aiActions.writeReply, input, {
      name: "writeReply",
    });
    await step.progress({ completed: 1, total: 2, message: "Counting" });
    const words = await step.runMutation(
      internal.cliDemo.countWords,
      { text },
      { name: "countWords" },
    );
    await step.progress({ completed: 2, total: 2, message: "Done" });
    return { reply: text, words };
  },
});

/** A run whose second step fails with the given message. */
export const brokenStep = flows.define({
  name: "brokenStep",
  input: z.object({ message: z.string().min(1).max(500) }),
  output: z.null(),
  handler: async (step, { message }): Promise<null> => {
    await step.runMutation(
      internal.cliDemo.countWords,
      { text: message },
      { name: "countWords" },
    );
    await step.runMutation(
      internal.cliDemo.failWith,
      { message },
      { name: "failWith" },
    );
    return null;
  },
});

/** A drafted reply that a support agent approves, edits or rejects. */
export const approvedReply = flows.define({
  name: "approvedReply",
  input: replyInput,
  output: z.object({
    status: z.enum(["sent", "rejected"]),
    reply: z.string(),
  }),
  llm: { rateLimit: MODEL_RATE_LIMIT },
  handler: async (
    step,
    input,
  ): Promise<{ status: "sent" | "rejected"; reply: string }> => {
    await step.progress({ completed: 0, total: 2, message: "Drafting" });
    const { text } = await step.llm(internal.aiActions.writeReply, input, {
      name: "writeReply",
    });
    await step.progress({
      completed: 1,
      total: 2,
      message: "Waiting for approval",
    });
    const decision = await step.waitForSignal(replyApproval, {
      timeoutMs: DAY,
      assignees: ["team:support"],
      title: `Send the reply to ${input.customer}?`,
      details: { draft: text },
    });
    await step.progress({ completed: 2, total: 2, message: "Done" });
    return decision.approved
      ? { status: "sent", reply: decision.editedReply ?? text }
      : { status: "rejected", reply: text };
  },
});
