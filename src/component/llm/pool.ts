import { Workpool } from "@convex-dev/workpool";
import type { FunctionHandle } from "convex/server";
import { DEFAULT_LLM_PARALLELISM } from "../../shared/llmValidators.js";
import { components, internal } from "../_generated/api.js";
import type { Doc } from "../_generated/dataModel.js";
import type { MutationCtx, QueryCtx } from "../_generated/server.js";

/** The cap in force: the run-time setting, else the app's option, else 4. */
export async function llmParallelism(
  ctx: QueryCtx,
  requested: number | undefined,
): Promise<number> {
  const config = await ctx.db.query("config").first();
  return config?.llmMaxParallelism ?? requested ?? DEFAULT_LLM_PARALLELISM;
}

/**
 * Queue the next attempt of an LLM step's action on llmPool. The pool does
 * not retry by itself: `onComplete` decides, so it can honor Retry-After.
 */
export async function enqueueAttempt(
  ctx: MutationCtx,
  call: Doc<"llmCalls">,
  runAt?: number,
): Promise<void> {
  const attempt = call.attempts + 1;
  const pool = new Workpool(components.llmPool, {
    maxParallelism: await llmParallelism(ctx, call.maxParallelism),
    logLevel: "WARN",
  });
  // The run's id too: llmAction's spans carry it.
  const args = call.passCallContext
    ? {
        ...call.fnArgs,
        _call: { callId: call._id, attempt, runId: call.workflowId },
      }
    : call.fnArgs;
  const workId = await pool.enqueueAction(
    ctx,
    call.fnHandle as FunctionHandle<"action">,
    args,
    {
      name: call.name,
      retry: false,
      onComplete: internal.llm.complete.onComplete,
      context: { callId: call._id, attempt },
      ...(runAt !== undefined ? { runAt } : {}),
    },
  );
  await ctx.db.patch("llmCalls", call._id, {
    workId,
    attempts: attempt,
    status: attempt > 1 ? "retrying" : "queued",
  });
}
