// The demo's main workflow: a support ticket triaged, a reply drafted from
// the knowledge base (in a child workflow), approved by a support agent
// (who may edit it) within a day, and sent. Its model calls queue under
// the customer's concurrency key, so each customer has at most
// LLM_CAP_PER_KEY calls in flight (convex/flows.ts).
import { zid } from "convex-helpers/server/zod4";
import { z } from "zod";
import { internal } from "./_generated/api.js";
import { SignalTimeoutError } from "convex-agent-workflows";
import { replyApproval } from "./approvals.js";
import { flows, MODEL_RATE_LIMIT } from "./flows.js";

const DAY = 24 * 60 * 60 * 1000;

const ticketOutput = z.object({
  category: z.string(),
  priority: z.enum(["normal", "urgent"]),
  status: z.enum(["answered", "escalated", "rejected", "expired"]),
});

export const supportTicket = flows.define({
  name: "supportTicket",
  input: z.object({
    ticketId: zid("tickets"),
    /** Who submitted it (their user id, e.g. "customer:ada"). */
    owner: z.string(),
  }),
  output: ticketOutput,
  retry: { maxAttempts: 3, initialBackoffMs: 500, base: 2 },
  // One concurrency key per customer: "customer:ada".
  llm: { key: ({ owner }) => owner, rateLimit: MODEL_RATE_LIMIT },
  handler: async (
    step,
    { ticketId, owner },
  ): Promise<z.input<typeof ticketOutput>> => {
    const total = 5;
    const ticket = await step.runQuery(
      internal.supportSteps.loadTicket,
      { ticketId },
      { inline: true, name: "Load ticket" },
    );
    await step.progress({ completed: 0, total, message: "Classifying" });
    const { object: triage } = await step.llm(
      internal.aiActions.classifyTicket,
      { subject: ticket.subject, body: ticket.body },
      { name: "Classify ticket" },
    );
    await step.runMutation(
      internal.supportSteps.saveTriage,
      { ticketId, ...triage },
      { name: "Save triage" },
    );
    await step.progress({
      completed: 1,
      total,
      message: "Searching the knowledge base",
    });
    const found = await step.runQuery(
      internal.supportSteps.findArticles,
      { category: triage.category },
      { name: "Find articles" },
    );
    await step.progress({ completed: 2, total, message: "Drafting a reply" });
    const { reply } = await step.runWorkflow(
      internal.drafting.draftReply,
      {
        owner,
        customer: ticket.customer,
        subject: ticket.subject,
        articles: found,
      },
      { name: "Draft reply" },
    );
    const escalate = triage.priority === "urgent";
    if (escalate)
      await step.emit("ticket.escalated", {
        ticketId,
        category: triage.category,
      });
    await step.progress({
      completed: 3,
      total,
      message: "Waiting for approval",
    });
    const outcome = {
      category: triage.category,
      priority: escalate ? ("urgent" as const) : ("normal" as const),
    };
    let decision;
    try {
      decision = await step.waitForSignal(replyApproval, {
        timeoutMs: DAY,
        assignees: ["team:support"],
        title: `Send the reply to ${ticket.customer}?`,
        details: { subject: ticket.subject, draft: reply, ...outcome },
      });
    } catch (error) {
      if (!(error instanceof SignalTimeoutError)) throw error;
      // Where it stopped, with why: the run ends short of its total.
      await step.progress({ completed: 3, total, message: "Request expired" });
      await step.runMutation(
        internal.supportSteps.closeTicket,
        { ticketId, status: "expired" },
        { name: "Close ticket" },
      );
      return { ...outcome, status: "expired" };
    }
    if (!decision.approved) {
      await step.progress({ completed: 3, total, message: "Reply rejected" });
      await step.runMutation(
        internal.supportSteps.closeTicket,
        { ticketId, status: "rejected", note: decision.note },
        { name: "Close ticket" },
      );
      return { ...outcome, status: "rejected" };
    }
    await step.progress({ completed: 4, total, message: "Sending" });
    const status = escalate ? "escalated" : "answered";
    await step.runMutation(
      internal.supportSteps.closeTicket,
      {
        ticketId,
        status,
        reply: decision.editedReply ?? reply,
        note: decision.note,
      },
      { name: "Close ticket" },
    );
    await step.progress({ completed: total, total, message: "Done" });
    return { ...outcome, status };
  },
});
