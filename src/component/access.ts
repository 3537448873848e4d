// What an access policy sees before it decides: the run, the signal request
// and the LLM call a caller names, loaded without throwing, so a refusal
// can come first and reveal nothing (unknown ids look like foreign ones).
import { v, type Infer } from "convex/values";
import {
  vCallAccess,
  vRequestAccess,
  vRunAccess,
  type CallAccess,
  type RequestAccess,
  type RunId,
} from "../shared/validators.js";
import { query, type QueryCtx } from "./_generated/server.js";
import { findRun, type RunDoc } from "./runStore.js";
import { findSignalRequest } from "./signals/requests.js";
import { runAccess } from "./views.js";

export const vAccessSubject = v.object({
  run: v.union(vRunAccess, v.null()),
  /** The instance that defined the run (its signal policy). */
  instance: v.optional(v.string()),
  request: v.union(vRequestAccess, v.null()),
  call: v.union(vCallAccess, v.null()),
});
export type AccessSubject = Infer<typeof vAccessSubject>;

/**
 * The run, signal request and call a caller names, as far as they exist.
 * With `signal` and no `requestId`, the request is the run's latest for that
 * signal. A call's run is loaded when no `runId` is given. Never throws.
 */
export const describe = query({
  args: {
    runId: v.optional(v.string()),
    signal: v.optional(v.string()),
    requestId: v.optional(v.string()),
    callId: v.optional(v.string()),
  },
  returns: vAccessSubject,
  handler: async (ctx, args): Promise<AccessSubject> => {
    const call = args.callId ? await findCall(ctx, args.callId) : null;
    const runId = args.runId ?? call?.runId;
    const run = runId ? await findRun(ctx, runId) : null;
    const request =
      run && (args.signal !== undefined || args.requestId !== undefined)
        ? await findRequest(ctx, run, args.signal, args.requestId)
        : null;
    return {
      run: run ? runAccess(run) : null,
      instance: run?.instance,
      request,
      call,
    };
  },
});

async function findCall(
  ctx: QueryCtx,
  callId: string,
): Promise<CallAccess | null> {
  const id = ctx.db.normalizeId("llmCalls", callId);
  const call = id ? await ctx.db.get("llmCalls", id) : null;
  if (!call) return null;
  return {
    callId: call._id,
    runId: call.workflowId as RunId | undefined,
    owner: call.owner,
  };
}

async function findRequest(
  ctx: QueryCtx,
  run: RunDoc,
  signal: string | undefined,
  requestId: string | undefined,
): Promise<RequestAccess | null> {
  const request = await findSignalRequest(
    ctx,
    run.workflowId,
    signal ?? "",
    requestId,
  );
  if (!request) return null;
  return {
    requestId: request._id,
    signal: request.signal,
    status: request.status,
    assignees: request.assignees,
    quorum: request.quorum,
  };
}
