// Step functions for the test workflows.
import { v } from "convex/values";
import { vRunCompleteArgs } from "../../src/client/index.js";
import { internal } from "./_generated/api.js";
import {
  internalAction,
  internalMutation,
  internalQuery,
  type MutationCtx,
} from "./_generated/server.js";

async function bump(ctx: MutationCtx, key: string, by = 1): Promise<number> {
  const row = await ctx.db
    .query("counters")
    .withIndex("key", (q) => q.eq("key", key))
    .unique();
  if (row) {
    await ctx.db.patch("counters", row._id, { count: row.count + by });
    return row.count + by;
  }
  await ctx.db.insert("counters", { key, count: by });
  return by;
}

/** The long agent loop's tools: add to or subtract from the counter. */
export const applyTool = internalMutation({
  args: { key: v.string(), tool: v.string(), amount: v.number() },
  returns: v.number(),
  handler: async (ctx, { key, tool, amount }): Promise<number> =>
    await bump(ctx, key, tool === "subtract" ? -amount : amount),
});

export const increment = internalMutation({
  args: { key: v.string() },
  returns: v.number(),
  handler: async (ctx, { key }): Promise<number> => await bump(ctx, key),
});

export const count = internalQuery({
  args: { key: v.string() },
  returns: v.number(),
  handler: async (ctx, { key }): Promise<number> => {
    const row = await ctx.db
      .query("counters")
      .withIndex("key", (q) => q.eq("key", key))
      .unique();
    return row?.count ?? 0;
  },
});

export const setSwitch = internalMutation({
  args: { key: v.string(), on: v.boolean() },
  returns: v.null(),
  handler: async (ctx, { key, on }): Promise<null> => {
    const row = await ctx.db
      .query("switches")
      .withIndex("key", (q) => q.eq("key", key))
      .unique();
    if (row) await ctx.db.patch("switches", row._id, { on });
    else await ctx.db.insert("switches", { key, on });
    return null;
  },
});

export const isOn = internalQuery({
  args: { key: v.string() },
  returns: v.boolean(),
  handler: async (ctx, { key }): Promise<boolean> => {
    const row = await ctx.db
      .query("switches")
      .withIndex("key", (q) => q.eq("key", key))
      .unique();
    return row?.on ?? false;
  },
});

/** Echo a word in upper case, counting calls under `key`. */
export const shout = internalAction({
  args: { word: v.string(), key: v.string() },
  returns: v.string(),
  handler: async (ctx, { word, key }): Promise<string> => {
    await ctx.runMutation(internal.steps.increment, { key });
    return word.toUpperCase();
  },
});

/** Fails its first `failTimes` calls (counted under `key`), then succeeds. */
export const flaky = internalAction({
  args: { key: v.string(), failTimes: v.number() },
  returns: v.number(),
  handler: async (ctx, { key, failTimes }): Promise<number> => {
    const calls: number = await ctx.runMutation(internal.steps.increment, {
      key,
    });
    if (calls <= failTimes) throw new Error(`flaky failure ${calls}`);
    return calls;
  },
});

/** Fails unless the switch `key` is on. */
export const gated = internalAction({
  args: { key: v.string() },
  returns: v.string(),
  handler: async (ctx, { key }): Promise<string> => {
    await ctx.runMutation(internal.steps.increment, { key: `gated:${key}` });
    const on: boolean = await ctx.runQuery(internal.steps.isOn, { key });
    if (!on) throw new Error(`gate ${key} is closed`);
    return "opened";
  },
});

/** The app's onComplete for runs started with one. */
export const recordCompletion = internalMutation({
  args: vRunCompleteArgs,
  returns: v.null(),
  handler: async (ctx, { runId, result, context }): Promise<null> => {
    await ctx.db.insert("completions", { runId, kind: result.kind, context });
    return null;
  },
});
