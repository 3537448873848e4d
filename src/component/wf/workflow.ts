// Pass-throughs for `WorkflowManager` (it can only call our functions, not
// the nested workflow component's). No runtime validators: the nested
// component validates, and new upstream fields pass through. Some are also
// hook points that keep the `runs` table in step, in the same transaction.
import { createFunctionHandle } from "convex/server";
import {
  duplicateStart,
  NO_APP_ON_COMPLETE,
  readEnvelope,
} from "../../shared/upstream.js";
import { workflowError } from "../../shared/errors.js";
import { components, internal } from "../_generated/api.js";
import { mutation, query, type MutationCtx } from "../_generated/server.js";
import { recordCanceled } from "../lifecycle.js";
import { noteRestart } from "../restart.js";
import { insertRun } from "../runStore.js";
import { vUpstreamArgs, type ArgsOf, type ReturnsOf } from "./types.js";

const nested = components.workflow.workflow;

/** Hook: record the run and swap in our onComplete, keeping the app's. */
export const create = mutation({
  args: vUpstreamArgs,
  handler: async (
    ctx,
    args: ArgsOf<"workflow", "create">,
  ): Promise<ReturnsOf<"workflow", "create">> => {
    return await createRun(ctx, args);
  },
});

export async function createRun(
  ctx: MutationCtx,
  args: ArgsOf<"workflow", "create">,
): Promise<string> {
  const envelope = readEnvelope(args.onComplete?.context);
  let appOnComplete = envelope?.appOnComplete;
  if (!envelope && args.onComplete) appOnComplete = args.onComplete;
  if (appOnComplete?.fnHandle === NO_APP_ON_COMPLETE) appOnComplete = undefined;
  const name = envelope?.name ?? args.workflowName;
  const owner = envelope?.owner;
  const idempotencyKey = envelope?.idempotencyKey;
  if (idempotencyKey !== undefined) {
    await refuseDuplicateStart(ctx, { owner, idempotencyKey, name });
  }
  const workflowId = await ctx.runMutation(nested.create, {
    ...args,
    onComplete: {
      fnHandle: await createFunctionHandle(
        internal.lifecycle.onWorkflowComplete,
      ),
    },
  });
  await insertRun(ctx, {
    workflowId,
    name,
    functionName: args.workflowName,
    input: args.workflowArgs,
    tags: envelope?.tags ?? [],
    owner,
    instance: envelope?.instance,
    idempotencyKey,
    appOnComplete,
    retention: envelope?.retention,
  });
  return workflowId;
}

/**
 * Idempotency keys are scoped per owner and per workflow. A key its owner
 * already used for this workflow rolls back this start with the first run's
 * id (`start` returns it); used for another workflow, it is refused.
 */
async function refuseDuplicateStart(
  ctx: MutationCtx,
  key: { owner?: string; idempotencyKey: string; name: string },
): Promise<void> {
  const existing = await ctx.db
    .query("runs")
    .withIndex("owner_idempotencyKey", (q) =>
      q.eq("owner", key.owner).eq("idempotencyKey", key.idempotencyKey),
    )
    .first();
  if (!existing) return;
  if (existing.name !== key.name) {
    throw workflowError(
      "IDEMPOTENCY_CONFLICT",
      `This idempotency key was already used to start another workflow.`,
      { path: ["idempotencyKey"] },
    );
  }
  throw duplicateStart(existing.workflowId);
}

export const getStatus = query({
  args: vUpstreamArgs,
  handler: async (
    ctx,
    args: ArgsOf<"workflow", "getStatus">,
  ): Promise<ReturnsOf<"workflow", "getStatus">> =>
    await ctx.runQuery(nested.getStatus, args),
});

/** Hook: child runs are marked canceled with their parent. */
export const cancel = mutation({
  args: vUpstreamArgs,
  handler: async (ctx, args: ArgsOf<"workflow", "cancel">): Promise<null> => {
    await ctx.runMutation(nested.cancel, args);
    await recordCanceled(ctx, args.workflowId);
    return null;
  },
});

/** Hook: the run goes back to queued, its old result cleared. */
export const restart = mutation({
  args: vUpstreamArgs,
  handler: async (ctx, args: ArgsOf<"workflow", "restart">): Promise<null> => {
    const from = await noteRestart(ctx, args.workflowId, args.from);
    await ctx.runMutation(nested.restart, { ...args, from });
    return null;
  },
});

export const list = query({
  args: vUpstreamArgs,
  handler: async (
    ctx,
    args: ArgsOf<"workflow", "list">,
  ): Promise<ReturnsOf<"workflow", "list">> =>
    await ctx.runQuery(nested.list, args),
});

export const listByName = query({
  args: vUpstreamArgs,
  handler: async (
    ctx,
    args: ArgsOf<"workflow", "listByName">,
  ): Promise<ReturnsOf<"workflow", "listByName">> =>
    await ctx.runQuery(nested.listByName, args),
});

export const listSteps = query({
  args: vUpstreamArgs,
  handler: async (
    ctx,
    args: ArgsOf<"workflow", "listSteps">,
  ): Promise<ReturnsOf<"workflow", "listSteps">> =>
    await ctx.runQuery(nested.listSteps, args),
});

export const cleanup = mutation({
  args: vUpstreamArgs,
  handler: async (
    ctx,
    args: ArgsOf<"workflow", "cleanup">,
  ): Promise<ReturnsOf<"workflow", "cleanup">> =>
    await ctx.runMutation(nested.cleanup, args),
});

/** A handler finished: our onComplete records it, inside this call. */
export const complete = mutation({
  args: vUpstreamArgs,
  handler: async (ctx, args: ArgsOf<"workflow", "complete">): Promise<null> => {
    await ctx.runMutation(nested.complete, args);
    return null;
  },
});
