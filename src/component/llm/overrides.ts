// Caps per key and rate limits set from the dashboard (config.ts), over
// the app's options; and the dispatcher's state as getConfig shows it.
import { v } from "convex/values";
import { MAX_OVERRIDES, type RateLimitSpec } from "../../shared/llmFlow.js";
import { workflowError } from "../../shared/errors.js";
import type { MutationCtx, QueryCtx } from "../_generated/server.js";
import { dispatchState } from "./dispatch.js";
import { findKey, keyCap, saveKey } from "./keys.js";
import { limitFromOverride } from "./rateLimits.js";

type Kind = "keyCap" | "rateLimit";
type Fields = { maxParallelism?: number } & RateLimitSpec;

/** Set (fields) or clear (undefined) one override. */
export async function setOverride(
  ctx: MutationCtx,
  kind: Kind,
  name: string,
  fields: Fields | undefined,
): Promise<void> {
  const existing = await ctx.db
    .query("llmOverrides")
    .withIndex("kind_name", (q) => q.eq("kind", kind).eq("name", name))
    .unique();
  if (!fields) {
    if (existing) await ctx.db.delete("llmOverrides", existing._id);
    return;
  }
  if (existing) {
    await ctx.db.replace("llmOverrides", existing._id, {
      kind,
      name,
      ...fields,
    });
    return;
  }
  const count = (
    await ctx.db
      .query("llmOverrides")
      .withIndex("kind_name", (q) => q.eq("kind", kind))
      .take(MAX_OVERRIDES)
  ).length;
  if (count >= MAX_OVERRIDES) {
    throw workflowError(
      "INVALID_ARGUMENT",
      `At most ${MAX_OVERRIDES} ${kind === "keyCap" ? "key caps" : "rate limits"} can be set; clear one first.`,
      { path: ["name"] },
    );
  }
  await ctx.db.insert("llmOverrides", { kind, name, ...fields });
}

/** A key with calls queued or running takes its new cap now. */
export async function applyKeyCap(
  ctx: MutationCtx,
  key: string,
  overrideCap: number | undefined,
): Promise<void> {
  const row = await findKey(ctx, key);
  if (!row) return;
  const state = await dispatchState(ctx);
  await ctx.db.patch("llmKeys", row._id, { overrideCap });
  await saveKey(ctx, { ...row, overrideCap }, {}, state.turn);
}

export async function listOverrides(ctx: QueryCtx) {
  const rows = await ctx.db.query("llmOverrides").take(2 * MAX_OVERRIDES);
  return {
    llmKeyCaps: rows
      .filter((r) => r.kind === "keyCap" && r.maxParallelism !== undefined)
      .map((r) => ({ key: r.name, maxParallelism: r.maxParallelism! })),
    llmRateLimits: rows
      .filter((r) => r.kind === "rateLimit")
      .map(limitFromOverride),
  };
}

export const vKeyState = v.object({
  key: v.string(),
  running: v.number(),
  queued: v.number(),
  maxParallelism: v.optional(v.number()),
});

const MAX_KEYS_SHOWN = 100;

/** Keys with calls queued or running, busiest first. */
export async function keyStates(ctx: QueryCtx) {
  const rows = await ctx.db.query("llmKeys").take(MAX_KEYS_SHOWN);
  return rows
    .map((row) => {
      const cap = keyCap(row);
      return {
        key: row.key,
        running: row.running,
        queued: row.waiting,
        maxParallelism: Number.isFinite(cap) ? cap : undefined,
      };
    })
    .sort((a, b) => b.running + b.queued - (a.running + a.queued));
}
