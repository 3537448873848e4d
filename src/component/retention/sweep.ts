// The retention sweeper: deletes expired finished runs with everything they
// own, a few per transaction (each deletion continues in its own batches),
// then schedules itself again: soon while expired runs remain, else at the
// next expiry. Children go with their parent, never on their own.
import { v } from "convex/values";
import { isTerminal } from "../../shared/validators.js";
import { internal } from "../_generated/api.js";
import { internalMutation } from "../_generated/server.js";
import { deleteFinishedRun } from "../deletion.js";

/** Expired runs deleted per sweep transaction. */
export const SWEEP_BATCH = 10;
/** The pause between sweeps while expired runs remain: the deletion rate. */
export const SWEEP_PAUSE_MS = 1000;

export const sweep = internalMutation({
  args: {},
  returns: v.object({ deleted: v.number(), nextAt: v.optional(v.number()) }),
  handler: async (ctx) => {
    const now = Date.now();
    const due = await ctx.db
      .query("runs")
      .withIndex("expiresAt", (q) =>
        q.gte("expiresAt", 0).lte("expiresAt", now),
      )
      .take(SWEEP_BATCH);
    let deleted = 0;
    for (const run of due) {
      if (!isTerminal(run.status) || run.parentRunId !== undefined) {
        // Not deletable now (set again when it ends): never in the way.
        await ctx.db.patch("runs", run._id, { expiresAt: undefined });
        continue;
      }
      await deleteFinishedRun(ctx, run);
      deleted += 1;
    }
    const next =
      due.length === SWEEP_BATCH
        ? now + SWEEP_PAUSE_MS
        : (
            await ctx.db
              .query("runs")
              .withIndex("expiresAt", (q) => q.gt("expiresAt", now))
              .first()
          )?.expiresAt;
    const sweepId =
      next === undefined
        ? undefined
        : await ctx.scheduler.runAt(next, internal.retention.sweep.sweep, {});
    const config = await ctx.db.query("config").first();
    const schedule = { sweepAt: next, sweepId };
    if (config) await ctx.db.patch("config", config._id, schedule);
    else await ctx.db.insert("config", schedule);
    return { deleted, nextAt: next };
  },
});
