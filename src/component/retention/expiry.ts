// When a finished run expires: its workflow's own retention, else the
// dashboard's (`config:setRetention`), else the app's default; and the one
// scheduled sweep that deletes expired runs, moved earlier when needed.
// Child runs never expire on their own: they go with their parent.
import type { Retention } from "../../shared/validators.js";
import { internal } from "../_generated/api.js";
import type { Doc } from "../_generated/dataModel.js";
import type { MutationCtx } from "../_generated/server.js";

/** The ways a run ends, each with its own retention. */
export type EndStatus = keyof Retention;

/** The run's expiry as it ends with `status` (undefined: kept). */
export async function expiryOnEnd(
  ctx: MutationCtx,
  run: Doc<"runs">,
  status: EndStatus,
): Promise<number | undefined> {
  if (run.parentRunId !== undefined) return undefined;
  const config = await ctx.db.query("config").first();
  const period =
    run.retention?.workflow?.[status] ??
    config?.retention?.[status] ??
    run.retention?.app?.[status];
  if (period === undefined || period === false) return undefined;
  const expiresAt = Date.now() + period;
  await sweepBy(ctx, expiresAt, config);
  return expiresAt;
}

/**
 * Make sure a sweep runs at `at` or before. One sweep is pending at a
 * time; its time lives in the config row, written only when it moves.
 */
export async function sweepBy(
  ctx: MutationCtx,
  at: number,
  config: Doc<"config"> | null,
): Promise<void> {
  if (config?.sweepAt !== undefined && config.sweepAt <= at) return;
  if (config?.sweepId !== undefined) {
    const pending = await ctx.db.system.get(
      "_scheduled_functions",
      config.sweepId,
    );
    if (pending?.state.kind === "pending") {
      await ctx.scheduler.cancel(config.sweepId);
    }
  }
  const sweepId = await ctx.scheduler.runAt(
    at,
    internal.retention.sweep.sweep,
    {},
  );
  if (config) {
    await ctx.db.patch("config", config._id, { sweepAt: at, sweepId });
  } else {
    await ctx.db.insert("config", { sweepAt: at, sweepId });
  }
}
