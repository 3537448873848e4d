// Ending an LLM call: the one place its status becomes final, its streamed
// chunks are compacted and its run's totals grow.
import type { Doc } from "../_generated/dataModel.js";
import { workflowError } from "../../shared/errors.js";
import type { Usage } from "../../shared/llmValidators.js";
import type { MutationCtx, QueryCtx } from "../_generated/server.js";
import { findRun, updateRun } from "../runStore.js";
import { addRunUsage } from "../usageTree.js";
import { costOf, readAccounting } from "./accounting.js";

export type CallDoc = Doc<"llmCalls">;

/** The call `callId` names, or INVALID_ARGUMENT. */
export async function requireCall(
  ctx: QueryCtx,
  callId: string,
): Promise<CallDoc> {
  const id = ctx.db.normalizeId("llmCalls", callId);
  const call = id ? await ctx.db.get("llmCalls", id) : null;
  if (!call) {
    throw workflowError("INVALID_ARGUMENT", `No LLM call "${callId}".`, {
      path: ["callId"],
    });
  }
  return call;
}

export function isFinished(call: CallDoc): boolean {
  return (
    call.status === "completed" ||
    call.status === "failed" ||
    call.status === "canceled"
  );
}

/**
 * Streamed chunks of a finished call become its `text` and are deleted:
 * live readers switch to `text` in the same transaction.
 */
async function compactChunks(
  ctx: MutationCtx,
  call: CallDoc,
): Promise<string | undefined> {
  const chunks = await ctx.db
    .query("llmChunks")
    .withIndex("call", (q) => q.eq("callId", call._id))
    .collect();
  if (chunks.length === 0) return undefined;
  const last = chunks.filter((c) => c.attempt === call.attempts);
  for (const chunk of chunks) await ctx.db.delete("llmChunks", chunk._id);
  return last.map((c) => c.text).join("");
}

/** End a call completed, with its accounting; returns its usage. */
export async function completeCall(
  ctx: MutationCtx,
  call: CallDoc,
  value: unknown,
): Promise<Usage | undefined> {
  const reported = readAccounting(value);
  // Agent calls report usage through the usage handler while they run.
  const usage = call.usage ?? reported.usage;
  const model = call.model ?? reported.model;
  const costUsd = costOf(call.prices, model, usage);
  const streamed = await compactChunks(ctx, call);
  const text =
    streamed ??
    (typeof (value as { text?: unknown })?.text === "string"
      ? (value as { text: string }).text
      : undefined);
  await ctx.db.patch("llmCalls", call._id, {
    status: "completed",
    result: value,
    model,
    provider: call.provider ?? reported.provider,
    usage,
    costUsd,
    text,
    finishedAt: Date.now(),
  });
  if (call.workflowId) {
    const run = await findRun(ctx, call.workflowId);
    if (run) {
      await addRunUsage(ctx, run, usage, costUsd, [
        {
          type: "run.llm.completed",
          data: {
            callId: call._id,
            name: call.name,
            model,
            usage,
            costUsd,
            attempts: call.attempts,
          },
        },
      ]);
    }
  }
  return usage;
}

export async function failCall(
  ctx: MutationCtx,
  call: CallDoc,
  status: "failed" | "canceled",
  error?: string,
): Promise<void> {
  const text = await compactChunks(ctx, call);
  await ctx.db.patch("llmCalls", call._id, {
    status,
    error,
    text,
    finishedAt: Date.now(),
  });
  if (call.workflowId && status === "failed") {
    const run = await findRun(ctx, call.workflowId);
    if (run) {
      await updateRun(ctx, run, {}, [
        {
          type: "run.llm.failed",
          data: {
            callId: call._id,
            name: call.name,
            error,
            attempts: call.attempts,
          },
        },
      ]);
    }
  }
}
