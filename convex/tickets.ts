// The demo's tickets: a signed-in user submits one (which starts its
// workflow, owned by them) and reads it back. Runs are read through
// convex/workflowsApi.ts, behind the app's access policy.
import { ConvexError, v } from "convex/values";
import { internal } from "./_generated/api.js";
import type { Id } from "./_generated/dataModel.js";
import { mutation, query, type MutationCtx } from "./_generated/server.js";
import { flows } from "./flows.js";
import { isAgentId, requireUser } from "./users.js";

export const submitTicket = mutation({
  args: { subject: v.string(), body: v.string() },
  returns: v.object({ ticketId: v.id("tickets"), runId: v.string() }),
  handler: async (
    ctx,
    args,
  ): Promise<{ ticketId: Id<"tickets">; runId: string }> => {
    const user = await requireUser(ctx);
    // Every missing field at once, so a form can mark them all.
    const issues = (["subject", "body"] as const)
      .filter((field) => args[field].trim().length === 0)
      .map((field) => ({ path: [field], message: `${field} is required` }));
    if (issues.length > 0) {
      throw new ConvexError({
        code: "INVALID_INPUT",
        message: issues.map((issue) => issue.message).join("; "),
        path: issues[0]!.path,
        issues,
      });
    }
    await seedArticles(ctx);
    const ticketId = await ctx.db.insert("tickets", {
      ...args,
      owner: user.subject,
      customer: user.name ?? user.subject,
      status: "new",
    });
    // The run is the submitter's: only they (and support agents) see it.
    const runId = await flows.start(
      ctx,
      internal.support.supportTicket,
      { ticketId, owner: user.subject },
      { owner: user.subject, idempotencyKey: `ticket:${ticketId}` },
    );
    await ctx.db.patch("tickets", ticketId, { runId });
    return { ticketId, runId };
  },
});

/** Seed the knowledge base once (the first ticket also does it). */
export const seedKnowledgeBase = mutation({
  args: {},
  returns: v.number(),
  handler: async (ctx): Promise<number> => await seedArticles(ctx),
});

const ARTICLES = [
  {
    category: "billing",
    title: "Refunds",
    text: "Refunds go back to the original card within 5 business days.",
  },
  {
    category: "billing",
    title: "Invoices",
    text: "Invoices are under Settings > Billing and can be downloaded as PDF.",
  },
  {
    category: "account",
    title: "Password reset",
    text: "Use 'Forgot password' on the login page; links expire after one hour.",
  },
  {
    category: "outage",
    title: "Status page",
    text: "Live incident updates are posted on our status page.",
  },
];

/** Insert the demo articles if the knowledge base is empty; how many. */
async function seedArticles(ctx: MutationCtx): Promise<number> {
  if (await ctx.db.query("knowledgeBase").first()) return 0;
  for (const article of ARTICLES) await ctx.db.insert("knowledgeBase", article);
  return ARTICLES.length;
}

/** A ticket, for its submitter or a support agent; null for anyone else. */
export const getTicket = query({
  args: { ticketId: v.id("tickets") },
  handler: async (ctx, { ticketId }) => {
    const user = await requireUser(ctx);
    const ticket = await ctx.db.get("tickets", ticketId);
    if (!ticket) return null;
    return ticket.owner === user.subject || isAgentId(user.subject)
      ? ticket
      : null;
  },
});
