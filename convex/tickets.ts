// The demo's public API: submit a ticket (which starts its workflow) and
// read tickets and their runs.
import { paginationOptsValidator } from "convex/server";
import { ConvexError, v } from "convex/values";
import { internal } from "./_generated/api.js";
import type { Id } from "./_generated/dataModel.js";
import { mutation, query, type MutationCtx } from "./_generated/server.js";
import { flows } from "./flows.js";
import { vRunStatus, type RunId } from "convex-agent-workflows";

export const submitTicket = mutation({
  args: { customer: v.string(), subject: v.string(), body: v.string() },
  returns: v.object({ ticketId: v.id("tickets"), runId: v.string() }),
  handler: async (
    ctx,
    args,
  ): Promise<{ ticketId: Id<"tickets">; runId: string }> => {
    // Every missing field at once, so a form can mark them all.
    const issues = (["customer", "subject", "body"] as const)
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
    const ticketId = await ctx.db.insert("tickets", { ...args, status: "new" });
    const runId = await flows.start(
      ctx,
      internal.support.supportTicket,
      { ticketId },
      {
        tags: [`customer:${args.customer}`],
        idempotencyKey: `ticket:${ticketId}`,
      },
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

export const getTicket = query({
  args: { ticketId: v.id("tickets") },
  handler: async (ctx, { ticketId }) => await ctx.db.get("tickets", ticketId),
});

export const getRun = query({
  args: { runId: v.string() },
  handler: async (ctx, { runId }) => await flows.getRun(ctx, runId as RunId),
});

export const listRuns = query({
  args: {
    status: v.optional(vRunStatus),
    name: v.optional(v.string()),
    tag: v.optional(v.string()),
    paginationOpts: paginationOptsValidator,
  },
  handler: async (ctx, args) => await flows.listRuns(ctx, args),
});

export const listSteps = query({
  args: { runId: v.string(), paginationOpts: paginationOptsValidator },
  handler: async (ctx, { runId, paginationOpts }) =>
    await flows.listSteps(ctx, runId as RunId, paginationOpts),
});

export const listEvents = query({
  args: { runId: v.string(), after: v.optional(v.number()) },
  handler: async (ctx, { runId, after }) =>
    await flows.listEvents(ctx, runId as RunId, { after }),
});

export const cancelRun = mutation({
  args: { runId: v.string() },
  handler: async (ctx, { runId }) => await flows.cancel(ctx, runId as RunId),
});
