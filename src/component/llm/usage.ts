// Usage reported by code we do not wrap: @convex-dev/agent's usageHandler.
import { v } from "convex/values";
import { vUsage } from "../../shared/llmValidators.js";
import { mutation } from "../_generated/server.js";
import { sumUsage } from "./accounting.js";

/**
 * Add an agent's usage to the LLM step running on its thread (an agent
 * call may make several model calls; each reports here). Returns whether a
 * step was found.
 */
export const recordAgentUsage = mutation({
  args: {
    threadId: v.string(),
    model: v.string(),
    provider: v.string(),
    usage: vUsage,
  },
  returns: v.boolean(),
  handler: async (ctx, args): Promise<boolean> => {
    for (const status of ["running", "queued", "retrying"] as const) {
      const call = await ctx.db
        .query("llmCalls")
        .withIndex("thread_status", (q) =>
          q.eq("threadId", args.threadId).eq("status", status),
        )
        .order("desc")
        .first();
      if (!call) continue;
      await ctx.db.patch("llmCalls", call._id, {
        usage: sumUsage(call.usage, args.usage),
        model: args.model,
        provider: args.provider,
      });
      return true;
    }
    return false;
  },
});
