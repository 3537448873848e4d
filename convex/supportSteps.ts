// The steps of the support workflows: plain Convex functions, run by the
// workflow as journaled steps.
import { v } from "convex/values";
import { vClosedStatus } from "./schema.js";
import {
  internalAction,
  internalMutation,
  internalQuery,
} from "./_generated/server.js";
import { outlineReply } from "./supportText.js";

export const loadTicket = internalQuery({
  args: { ticketId: v.id("tickets") },
  returns: v.object({
    customer: v.string(),
    subject: v.string(),
    body: v.string(),
  }),
  handler: async (ctx, { ticketId }) => {
    const ticket = await ctx.db.get("tickets", ticketId);
    if (!ticket) throw new Error(`Ticket ${ticketId} not found`);
    return {
      customer: ticket.customer,
      subject: ticket.subject,
      body: ticket.body,
    };
  },
});

export const saveTriage = internalMutation({
  args: {
    ticketId: v.id("tickets"),
    category: v.string(),
    priority: v.string(),
  },
  returns: v.null(),
  handler: async (ctx, { ticketId, category, priority }) => {
    await ctx.db.patch("tickets", ticketId, {
      status: "triaged",
      category,
      priority,
    });
    return null;
  },
});

export const findArticles = internalQuery({
  args: { category: v.string() },
  returns: v.array(v.object({ title: v.string(), text: v.string() })),
  handler: async (ctx, { category }) => {
    const rows = await ctx.db
      .query("knowledgeBase")
      .withIndex("category", (q) => q.eq("category", category))
      .take(3);
    return rows.map(({ title, text }) => ({ title, text }));
  },
});

export const outline = internalAction({
  args: {
    subject: v.string(),
    articles: v.array(v.object({ title: v.string(), text: v.string() })),
  },
  returns: v.array(v.string()),
  handler: async (_ctx, args) => outlineReply(args.subject, args.articles),
});

export const closeTicket = internalMutation({
  args: {
    ticketId: v.id("tickets"),
    status: vClosedStatus,
    reply: v.optional(v.string()),
    note: v.optional(v.string()),
  },
  returns: v.null(),
  handler: async (ctx, { ticketId, status, reply, note }) => {
    await ctx.db.patch("tickets", ticketId, { status, reply, note });
    return null;
  },
});
