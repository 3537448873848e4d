// The demo's child workflow: a reply outlined from knowledge-base articles,
// then written by the model (streamed: watch it with liveText). Run by
// supportTicket with step.runWorkflow; its model call queues under the
// same customer's key.
import { z } from "zod";
import { internal } from "./_generated/api.js";
import { flows, MODEL_RATE_LIMIT } from "./flows.js";

const articles = z.array(z.object({ title: z.string(), text: z.string() }));

export const draftReply = flows.define({
  name: "draftReply",
  input: z.object({
    /** The ticket's submitter: their user id is the concurrency key. */
    owner: z.string(),
    customer: z.string(),
    subject: z.string(),
    articles,
  }),
  output: z.object({ reply: z.string() }),
  llm: { key: ({ owner }) => owner, rateLimit: MODEL_RATE_LIMIT },
  handler: async (step, input): Promise<{ reply: string }> => {
    const points = await step.runAction(
      internal.supportSteps.outline,
      { subject: input.subject, articles: input.articles },
      { retry: true, name: "Outline reply" },
    );
    const { text } = await step.llm(
      internal.aiActions.writeReply,
      { customer: input.customer, points },
      // A reply under way goes before the same customer's newer tickets'
      // triage: finishing a ticket comes first.
      { name: "Write reply", priority: "high" },
    );
    return { reply: text };
  },
});
