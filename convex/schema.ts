import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

/** How a ticket's workflow ended. */
export const vClosedStatus = v.union(
  v.literal("answered"),
  v.literal("escalated"),
  v.literal("rejected"),
  v.literal("expired"),
);

export default defineSchema({
  tickets: defineTable({
    /** Who submitted it (their identity's subject); their run's owner too. */
    owner: v.string(),
    /** The name the reply greets. */
    customer: v.string(),
    subject: v.string(),
    body: v.string(),
    status: v.union(v.literal("new"), v.literal("triaged"), vClosedStatus),
    category: v.optional(v.string()),
    priority: v.optional(v.string()),
    reply: v.optional(v.string()),
    note: v.optional(v.string()),
    runId: v.optional(v.string()),
  }).index("owner", ["owner"]),
  knowledgeBase: defineTable({
    category: v.string(),
    title: v.string(),
    text: v.string(),
  }).index("category", ["category"]),
});
