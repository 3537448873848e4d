// The LLM dispatcher: which queued call starts next, and when. It holds
// the caps exactly (global, then per key), lets keys take turns, orders a
// key's calls by priority, and makes a call wait for its rate limit
// without holding a slot. A slot freed by a finishing call is refilled in
// the same transaction, so no slot waits for a poll.
//
// Each attempt runs through @convex-dev/action-retrier (started at once,
// a lost action detected by its heartbeat), without its own retries:
// complete.ts decides on retries, so they honor Retry-After.
import { createFunctionHandle } from "convex/server";
import { DEFAULT_LLM_PARALLELISM } from "../../shared/llmValidators.js";
import { components, internal } from "../_generated/api.js";
import type { Doc } from "../_generated/dataModel.js";
import {
  internalMutation,
  type MutationCtx,
  type QueryCtx,
} from "../_generated/server.js";
import type { CallDoc } from "./finish.js";
import { findKey, headOf, keyOf, saveKey } from "./keys.js";
import { parkCall } from "./queue.js";
import { reserveCapacity } from "./rateLimits.js";

/** Admissions per transaction; more go on in a follow-up dispatch. */
const MAX_ADMITTED_PER_TRANSACTION = 16;

export type DispatchState = Doc<"llmDispatch">;

/** The dispatcher's one row, created on first use. */
export async function dispatchState(ctx: MutationCtx): Promise<DispatchState> {
  const state = await ctx.db.query("llmDispatch").first();
  if (state) return state;
  const id = await ctx.db.insert("llmDispatch", { running: 0, turn: 0 });
  return (await ctx.db.get("llmDispatch", id))!;
}

/**
 * The global cap in force: the dashboard's, else the app's, else 4.
 * `state`: the dispatcher's row when the caller has it already.
 */
export async function llmParallelism(
  ctx: QueryCtx,
  state?: DispatchState | null,
): Promise<number> {
  const config = await ctx.db.query("config").first();
  if (config?.llmMaxParallelism !== undefined) return config.llmMaxParallelism;
  const row =
    state === undefined ? await ctx.db.query("llmDispatch").first() : state;
  return row?.appCap ?? DEFAULT_LLM_PARALLELISM;
}

/**
 * Start queued calls while slots are free: each time the open key with
 * the lowest turn (ties: the earliest head) starts its first call. A call
 * whose rate limit is spent reserves its capacity and is parked until
 * then, its slot going to the next call.
 */
export async function dispatch(ctx: MutationCtx): Promise<void> {
  let state = await dispatchState(ctx);
  const cap = await llmParallelism(ctx, state);
  for (let i = 0; i < MAX_ADMITTED_PER_TRANSACTION; i++) {
    if (state.running >= cap) return;
    const row = await ctx.db
      .query("llmKeys")
      .withIndex("open", (q) => q.eq("open", true))
      .first();
    if (!row) return;
    const head = await headOf(ctx, row.key);
    const call = head && (await ctx.db.get("llmCalls", head.callId));
    if (head) await ctx.db.delete("llmQueue", head._id);
    if (!call) {
      // Not reachable while the counts are right; repair and go on.
      await saveKey(
        ctx,
        row,
        { waiting: head ? -1 : -row.waiting },
        state.turn,
      );
      continue;
    }
    const waitMs = await reserveCapacity(ctx, call);
    if (waitMs > 0) {
      await saveKey(ctx, row, { waiting: -1 }, state.turn);
      await parkCall(ctx, call, "rateLimit", Date.now() + waitMs);
      continue;
    }
    state = {
      ...state,
      running: state.running + 1,
      turn: Math.max(state.turn, row.turn),
    };
    await ctx.db.patch("llmDispatch", state._id, {
      running: state.running,
      turn: state.turn,
    });
    await saveKey(
      ctx,
      row,
      { running: +1, waiting: -1, served: true },
      state.turn,
    );
    await startAttempt(ctx, call);
  }
  // Slots may still be free: go on in a fresh transaction.
  await ctx.scheduler.runAfter(0, internal.llm.dispatch.dispatchMore, {});
}

/** A follow-up dispatch (a large backlog, or a cap raised at run time). */
export const dispatchMore = internalMutation({
  args: {},
  handler: async (ctx) => {
    await dispatch(ctx);
  },
});

/** Run the call's next attempt through the action retrier. */
async function startAttempt(ctx: MutationCtx, call: CallDoc): Promise<void> {
  const attempt = call.attempts + 1;
  const args = call.passCallContext
    ? {
        ...call.fnArgs,
        // The run's id too: llmAction's spans carry it. A one-shot call's
        // action returns non-retryable failures instead of throwing them.
        _call: {
          callId: call._id,
          attempt,
          ...(call.workflowId ? { runId: call.workflowId } : { oneShot: true }),
        },
      }
    : call.fnArgs;
  const retrierRunId = await ctx.runMutation(components.retrier.public.start, {
    functionHandle: call.fnHandle,
    functionArgs: args,
    options: {
      initialBackoffMs: 0,
      base: 1,
      maxFailures: 0,
      logLevel: "WARN",
      onComplete: await createFunctionHandle(internal.llm.complete.onComplete),
    },
  });
  await ctx.db.patch("llmCalls", call._id, { retrierRunId, attempts: attempt });
  await ctx.db.insert("llmSlots", {
    retrierRunId,
    key: keyOf(call),
    callId: call._id,
  });
}

/**
 * An attempt's action reported (or was lost): its slot is free for the
 * next queued call, started in this same transaction.
 */
export async function freeSlot(
  ctx: MutationCtx,
  retrierRunId: string,
): Promise<void> {
  const slot = await ctx.db
    .query("llmSlots")
    .withIndex("retrierRunId", (q) => q.eq("retrierRunId", retrierRunId))
    .unique();
  if (!slot) return;
  await ctx.db.delete("llmSlots", slot._id);
  const state = await dispatchState(ctx);
  await ctx.db.patch("llmDispatch", state._id, {
    running: Math.max(0, state.running - 1),
  });
  const row = await findKey(ctx, slot.key);
  if (row) await saveKey(ctx, row, { running: -1 }, state.turn);
  await dispatch(ctx);
}
