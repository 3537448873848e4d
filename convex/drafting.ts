// The demo's child workflow: a reply outlined from knowledge-base articles,
// then written by the model (streamed: watch it with liveText). Run by
// supportTicket with step.runWorkflow.
import { z } from "zod";
import { internal } from "./_generated/api.js";
import { flows } from "./flows.js";

const articles = z.array(z.object({ title: z.string(), text: z.string() }));

export const draftReply = flows.define({
  name: "draftReply",
  input: z.object({ customer: z.string(), subject: z.string(), articles }),
  output: z.object({ reply: z.string() }),
  handler: async (step, input): Promise<{ reply: string }> => {
    const points = await step.runAction(
      internal.supportSteps.outline,
      { subject: input.subject, articles: input.articles },
      { retry: true, name: "Outline reply" },
    );
    const { text } = await step.llm(
      internal.aiActions.writeReply,
      { customer: input.customer, points },
      { name: "Write reply" },
    );
    return { reply: text };
  },
});
