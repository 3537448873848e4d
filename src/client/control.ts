import {
  createFunctionHandle,
  getFunctionAddress,
  getFunctionName,
  type FunctionReference,
  type FunctionVisibility,
} from "convex/server";
import { duplicateStartRunId, type StartEnvelope } from "../shared/upstream.js";
import { startArgs } from "./upstream.js";
import {
  checkIdempotencyKey,
  checkOwner,
  checkRunId,
  checkTags,
} from "../shared/validate.js";
import type { RunId } from "../shared/validators.js";
import type {
  AgentWorkflowsComponent,
  RunMutationCtx,
  WorkflowInput,
  WorkflowReference,
} from "./types.js";
import type { RunResult } from "@convex-dev/workpool";

/** What the app's onComplete mutation receives (see `vRunCompleteArgs`). */
export type RunCompleteArgs<Context = unknown> = {
  /** The run's id (a `RunId`; typed as string so `v.string()` args fit too). */
  runId: string;
  result: RunResult;
  context: Context;
};

export type StartOptions<Context = unknown> = {
  /** Free-form labels; `listRuns({ tag })` filters by them. At most 20. */
  tags?: string[];
  /**
   * Who the run belongs to: a user or org id your app chooses. Set only on
   * the server (publicApi sets the caller's); child runs inherit it.
   */
  owner?: string;
  /**
   * Starting this workflow twice with the same key and owner returns the
   * first run's id and starts nothing new, even with another input. Keys
   * are scoped per owner; a key the owner used for another workflow is
   * refused with IDEMPOTENCY_CONFLICT.
   */
  idempotencyKey?: string;
  /** A mutation called once the run ends, whatever the outcome. */
  onComplete?: FunctionReference<
    "mutation",
    FunctionVisibility,
    RunCompleteArgs<Context>
  >;
  /** Passed to `onComplete` as `context`. */
  context?: Context;
};

/**
 * Start a run of a workflow. Validates the input first: bad input throws a
 * ConvexError with code INVALID_INPUT and nothing is written. The first
 * steps run in this transaction.
 */
export async function startRun<W extends WorkflowReference>(
  ctx: RunMutationCtx,
  component: AgentWorkflowsComponent,
  workflow: W,
  input: WorkflowInput<W>,
  options: StartOptions = {},
): Promise<RunId> {
  const tags = checkTags(options.tags);
  const owner = checkOwner(options.owner);
  const idempotencyKey = checkIdempotencyKey(options.idempotencyKey);
  const envelope: StartEnvelope = { tags, owner, idempotencyKey };
  if (options.onComplete) {
    envelope.appOnComplete = {
      fnHandle: await createFunctionHandle(options.onComplete),
      context: options.context,
    };
  }
  try {
    const start: WorkflowReference = workflow;
    const runId = await ctx.runMutation(start, startArgs(input, envelope));
    return runId as RunId;
  } catch (error) {
    // The key was used before for this workflow (by an earlier start, or
    // one that raced this one from an action): that run is the answer.
    const firstRunId = duplicateStartRunId(error);
    if (firstRunId !== undefined) return firstRunId as RunId;
    throw error;
  }
}

export async function cancelRun(
  ctx: RunMutationCtx,
  component: AgentWorkflowsComponent,
  runId: RunId,
): Promise<void> {
  await ctx.runMutation(component.control.cancel, { runId: checkRunId(runId) });
}

export type RestartOptions = {
  /**
   * Where to replay from: a step number, a step name (its latest
   * occurrence), or the function a step ran. Default: replay the whole
   * journal as it is.
   */
  from?: number | string | FunctionReference<any, any>;
  /**
   * For a run that continued as new: run this segment again from its start,
   * with the input it started with (later segments are dropped). Steps of
   * `from` are numbered within the current segment.
   */
  segment?: number;
};

export async function restartRun(
  ctx: RunMutationCtx,
  component: AgentWorkflowsComponent,
  runId: RunId,
  options: RestartOptions = {},
): Promise<void> {
  const { from, segment } = options;
  await ctx.runMutation(component.control.restart, {
    runId: checkRunId(runId),
    segment,
    from:
      from === undefined || typeof from === "number" || typeof from === "string"
        ? from
        : stepNameOf(from),
  });
}

/** The journal name of a step that ran `fn` (as the workflow names it). */
function stepNameOf(fn: FunctionReference<any, any>): string {
  const address = getFunctionAddress(fn);
  return (
    address.name ??
    address.reference?.split("/").slice(2).join("/") ??
    getFunctionName(fn)
  );
}

export async function cleanupRun(
  ctx: RunMutationCtx,
  component: AgentWorkflowsComponent,
  runId: RunId,
): Promise<void> {
  await ctx.runMutation(component.control.cleanup, {
    runId: checkRunId(runId),
  });
}
