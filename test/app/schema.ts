import { defineSchema, defineTable } from "convex/server";
import { v } from "convex/values";

// Tables the test workflows' steps write to, so tests can see side effects.
export default defineSchema({
  counters: defineTable({ key: v.string(), count: v.number() }).index("key", [
    "key",
  ]),
  switches: defineTable({ key: v.string(), on: v.boolean() }).index("key", [
    "key",
  ]),
  roles: defineTable({ user: v.string(), role: v.string() }).index("user", [
    "user",
  ]),
  // Callback URLs handed to the app's notify mutation (test/app/callbacks.ts).
  callbackLinks: defineTable({
    runId: v.string(),
    requestId: v.string(),
    url: v.string(),
  }).index("run", ["runId"]),
  completions: defineTable({
    runId: v.string(),
    kind: v.string(),
    context: v.any(),
  }),
});
