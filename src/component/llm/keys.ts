// Concurrency keys: one row per key with calls queued or running, holding
// its counts, its cap and its turn in the fair queue. Keys take turns like
// start-time fair queuing: a key's turn grows by one per call it starts,
// and a key that was idle or blocked comes back at the current turn, so
// a key with a long backlog never pushes back another key's first call.
import type { Doc } from "../_generated/dataModel.js";
import type { MutationCtx, QueryCtx } from "../_generated/server.js";

export type KeyDoc = Doc<"llmKeys">;

/** Calls without a key share this one; only the global cap limits it. */
export const UNKEYED = "";

/** The key a call queues under. */
export function keyOf(call: { key?: string }): string {
  return call.key ?? UNKEYED;
}

/** The cap in force for a key: the dashboard's, else the app's, else none. */
export function keyCap(row: KeyDoc): number {
  return row.overrideCap ?? row.appCap ?? Number.POSITIVE_INFINITY;
}

export async function findKey(
  ctx: QueryCtx,
  key: string,
): Promise<KeyDoc | null> {
  return await ctx.db
    .query("llmKeys")
    .withIndex("key", (q) => q.eq("key", key))
    .unique();
}

/** The key's row, created at the current turn if it had none. */
export async function keyRow(
  ctx: MutationCtx,
  key: string,
  turn: number,
  appCap: number | undefined,
): Promise<KeyDoc> {
  const row = await findKey(ctx, key);
  if (row) {
    if (key !== UNKEYED && appCap !== undefined && row.appCap !== appCap) {
      await ctx.db.patch("llmKeys", row._id, { appCap });
      return { ...row, appCap };
    }
    return row;
  }
  const override =
    key === UNKEYED
      ? null
      : await ctx.db
          .query("llmOverrides")
          .withIndex("kind_name", (q) => q.eq("kind", "keyCap").eq("name", key))
          .unique();
  const id = await ctx.db.insert("llmKeys", {
    key,
    running: 0,
    waiting: 0,
    appCap: key === UNKEYED ? undefined : appCap,
    overrideCap: override?.maxParallelism,
    turn,
    open: false,
  });
  return (await ctx.db.get("llmKeys", id))!;
}

/** The key's first queued call, if any. */
export async function headOf(ctx: QueryCtx, key: string) {
  return await ctx.db
    .query("llmQueue")
    .withIndex("key_order", (q) => q.eq("key", key))
    .first();
}

/** What happened to a key: calls started or ended, queued or dequeued. */
export type KeyChange = {
  /** Calls running: +1 started, -1 ended. */
  running?: number;
  /** Calls queued: +1 queued, -1 taken out. */
  waiting?: number;
  /** It started a call: its turn moves on by one. */
  served?: boolean;
};

/**
 * Apply a change to a key's counts, with its head and whether it may start
 * a call. A key coming back (from idle or from its cap) rejoins at the
 * current turn: it gets no credit for the time it could not run.
 * Deleted once it has nothing queued or running.
 */
export async function saveKey(
  ctx: MutationCtx,
  row: KeyDoc,
  change: KeyChange,
  currentTurn: number,
): Promise<void> {
  const running = Math.max(0, row.running + (change.running ?? 0));
  const waiting = Math.max(0, row.waiting + (change.waiting ?? 0));
  if (running === 0 && waiting === 0) {
    await ctx.db.delete("llmKeys", row._id);
    return;
  }
  const head = waiting > 0 ? await headOf(ctx, row.key) : null;
  const open = head !== null && running < keyCap(row);
  const turn = row.turn + (change.served ? 1 : 0);
  await ctx.db.patch("llmKeys", row._id, {
    running,
    waiting,
    turn: open && !row.open ? Math.max(turn, currentTurn) : turn,
    headOrder: head?.order,
    open,
  });
}
