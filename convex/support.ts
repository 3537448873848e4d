// The demo's workflows: a support ticket triaged, answered from the
// knowledge base (in a child workflow) and saved, with progress and events.
import { zid } from "convex-helpers/server/zod4";
import { z } from "zod";
import { internal } from "./_generated/api.js";
import { flows } from "./flows.js";

const ticketOutput = z.object({
  category: z.string(),
  priority: z.enum(["normal", "urgent"]),
  status: z.enum(["answered", "escalated"]),
});

export const supportTicket = flows.define({
  name: "supportTicket",
  input: z.object({ ticketId: zid("tickets") }),
  output: ticketOutput,
  retry: { maxAttempts: 3, initialBackoffMs: 500, base: 2 },
  handler: async (
    step,
    { ticketId },
  ): Promise<z.input<typeof ticketOutput>> => {
    const total = 4;
    const ticket = await step.runQuery(
      internal.supportSteps.loadTicket,
      { ticketId },
      { inline: true },
    );
    await step.progress({ completed: 0, total, message: "Classifying" });
    const triage = await step.runAction(internal.supportSteps.classify, {
      subject: ticket.subject,
      body: ticket.body,
    });
    await step.runMutation(internal.supportSteps.saveTriage, {
      ticketId,
      ...triage,
    });
    await step.progress({
      completed: 1,
      total,
      message: "Searching the knowledge base",
    });
    const found = await step.runQuery(internal.supportSteps.findArticles, {
      category: triage.category,
    });
    await step.progress({ completed: 2, total, message: "Drafting a reply" });
    const { reply } = await step.runWorkflow(internal.drafting.draftReply, {
      customer: ticket.customer,
      subject: ticket.subject,
      articles: found,
    });
    const escalate = triage.priority === "urgent";
    if (escalate)
      await step.emit("ticket.escalated", {
        ticketId,
        category: triage.category,
      });
    await step.progress({ completed: 3, total, message: "Saving" });
    await step.runMutation(internal.supportSteps.saveReply, {
      ticketId,
      reply,
      escalate,
    });
    await step.progress({ completed: total, total, message: "Done" });
    return {
      category: triage.category,
      priority: escalate ? "urgent" : "normal",
      status: escalate ? "escalated" : "answered",
    };
  },
});
