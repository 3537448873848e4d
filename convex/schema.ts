import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

export default defineSchema({
  tickets: defineTable({
    customer: v.string(),
    subject: v.string(),
    body: v.string(),
    status: v.union(
      v.literal("new"),
      v.literal("triaged"),
      v.literal("answered"),
      v.literal("escalated"),
    ),
    category: v.optional(v.string()),
    priority: v.optional(v.string()),
    reply: v.optional(v.string()),
    runId: v.optional(v.string()),
  }),
  knowledgeBase: defineTable({
    category: v.string(),
    title: v.string(),
    text: v.string(),
  }).index("category", ["category"]),
});
