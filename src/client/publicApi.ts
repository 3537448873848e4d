import {
  mutationGeneric,
  paginationOptsValidator,
  queryGeneric,
  type GenericDataModel,
  type GenericMutationCtx,
  type GenericQueryCtx,
} from "convex/server";
import { v } from "convex/values";
import type { z } from "zod";
import { workflowError } from "../shared/errors.js";
import { vRunStatus, type RunId } from "../shared/validators.js";
import type { AgentWorkflows } from "./AgentWorkflows.js";
import type { SignalDefinition } from "./signals.js";
import type { WorkflowReference } from "./types.js";

/** What a client asks to do, as the app's `authorize` sees it. */
export type AccessRequest =
  | {
      operation: "getRun" | "listSteps" | "listEvents" | "liveText";
      runId: string;
    }
  | {
      operation: "listRuns";
      filter: { status?: string; name?: string; tag?: string };
    }
  | { operation: "pendingSignals"; assignee?: string; runId?: string }
  | {
      operation: "sendSignal";
      runId: string;
      signal: string;
      requestId?: string;
      by: string;
    }
  | { operation: "start"; workflow: string }
  | { operation: "cancel" | "restart"; runId: string };

type Ctx =
  GenericQueryCtx<GenericDataModel> | GenericMutationCtx<GenericDataModel>;

export type PublicApiOptions = {
  /**
   * Called before every operation; false refuses with NOT_AUTHORIZED.
   * Use `ctx.auth.getUserIdentity()` to decide.
   */
  authorize: (ctx: Ctx, request: AccessRequest) => boolean | Promise<boolean>;
  /** Workflows clients may start, by the name they use. */
  workflows?: Record<string, WorkflowReference>;
  /** Signals clients may send, by name. */
  signals?: SignalDefinition<string, z.ZodType>[];
  /**
   * Who is sending a signal. Default: the signed-in user's `subject`
   * (anonymous senders are refused). `claimed` is the `by` the client
   * passed, for apps without auth (e.g. a demo) that choose to trust it.
   */
  identify?: (ctx: Ctx, claimed: string | undefined) => Promise<string | null>;
};

async function defaultIdentify(ctx: Ctx): Promise<string | null> {
  return (await ctx.auth.getUserIdentity())?.subject ?? null;
}

/**
 * Public queries and mutations for the app to export to its clients (and
 * the React hooks), each asking the app's `authorize` first:
 *
 * ```ts
 * export const { getRun, listRuns, listSteps, listEvents, liveText,
 *   pendingSignals, sendSignal, start, cancel, restart } = flows.publicApi({
 *   authorize: async (ctx, request) => (await ctx.auth.getUserIdentity()) !== null,
 *   workflows: { supportTicket: internal.support.supportTicket },
 *   signals: [replyApproval],
 * });
 * ```
 */
export function definePublicApi(
  flows: AgentWorkflows,
  options: PublicApiOptions,
) {
  const allow = async (ctx: Ctx, request: AccessRequest) => {
    if (!(await options.authorize(ctx, request))) {
      throw workflowError(
        "NOT_AUTHORIZED",
        `Not allowed: ${request.operation}${"runId" in request && request.runId ? ` on run "${request.runId}"` : ""}.`,
        { runId: "runId" in request ? request.runId : undefined },
      );
    }
  };
  const signals = new Map(
    (options.signals ?? []).map((signal) => [signal.name, signal]),
  );
  const identify = options.identify ?? defaultIdentify;

  return {
    getRun: queryGeneric({
      args: { runId: v.string() },
      handler: async (ctx, { runId }) => {
        await allow(ctx, { operation: "getRun", runId });
        return await flows.getRun(ctx, runId as RunId);
      },
    }),
    listRuns: queryGeneric({
      args: {
        status: v.optional(vRunStatus),
        name: v.optional(v.string()),
        tag: v.optional(v.string()),
        paginationOpts: paginationOptsValidator,
      },
      handler: async (ctx, args) => {
        const { status, name, tag } = args;
        await allow(ctx, {
          operation: "listRuns",
          filter: { status, name, tag },
        });
        return await flows.listRuns(ctx, args);
      },
    }),
    listSteps: queryGeneric({
      args: { runId: v.string(), paginationOpts: paginationOptsValidator },
      handler: async (ctx, { runId, paginationOpts }) => {
        await allow(ctx, { operation: "listSteps", runId });
        return await flows.listSteps(ctx, runId as RunId, paginationOpts);
      },
    }),
    listEvents: queryGeneric({
      args: {
        runId: v.string(),
        after: v.optional(v.number()),
        limit: v.optional(v.number()),
      },
      handler: async (ctx, { runId, after, limit }) => {
        await allow(ctx, { operation: "listEvents", runId });
        return await flows.listEvents(ctx, runId as RunId, { after, limit });
      },
    }),
    liveText: queryGeneric({
      args: { runId: v.string(), callId: v.optional(v.string()) },
      handler: async (ctx, { runId, callId }) => {
        await allow(ctx, { operation: "liveText", runId });
        return await flows.liveText(ctx, callId ? { callId } : { runId });
      },
    }),
    pendingSignals: queryGeneric({
      args: {
        assignee: v.optional(v.string()),
        runId: v.optional(v.string()),
        paginationOpts: paginationOptsValidator,
      },
      handler: async (ctx, args) => {
        await allow(ctx, {
          operation: "pendingSignals",
          assignee: args.assignee,
          runId: args.runId,
        });
        return await flows.pendingSignals(ctx, args);
      },
    }),
    sendSignal: mutationGeneric({
      args: {
        runId: v.string(),
        signal: v.string(),
        value: v.any(),
        requestId: v.optional(v.string()),
        by: v.optional(v.string()),
      },
      handler: async (ctx, args) => {
        const signal = signals.get(args.signal);
        if (!signal) {
          throw workflowError(
            "WRONG_SIGNAL",
            `Clients may not send "${args.signal}": list it in publicApi's signals.`,
            { runId: args.runId },
          );
        }
        const by = await identify(ctx, args.by);
        if (!by) {
          throw workflowError("NOT_AUTHORIZED", "Sign in to send signals.", {
            runId: args.runId,
          });
        }
        await allow(ctx, {
          operation: "sendSignal",
          runId: args.runId,
          signal: args.signal,
          requestId: args.requestId,
          by,
        });
        return await flows.signal(ctx, {
          runId: args.runId,
          requestId: args.requestId,
          signal,
          value: args.value,
          by,
        });
      },
    }),
    start: mutationGeneric({
      args: {
        workflow: v.string(),
        input: v.any(),
        tags: v.optional(v.array(v.string())),
        idempotencyKey: v.optional(v.string()),
      },
      handler: async (ctx, args): Promise<string> => {
        const ref = options.workflows?.[args.workflow];
        if (!ref) {
          throw workflowError(
            "INVALID_ARGUMENT",
            `No workflow "${args.workflow}" may be started by clients.`,
            { path: ["workflow"] },
          );
        }
        await allow(ctx, { operation: "start", workflow: args.workflow });
        return await flows.start(ctx, ref, args.input, {
          tags: args.tags,
          idempotencyKey: args.idempotencyKey,
        });
      },
    }),
    cancel: mutationGeneric({
      args: { runId: v.string() },
      handler: async (ctx, { runId }): Promise<null> => {
        await allow(ctx, { operation: "cancel", runId });
        await flows.cancel(ctx, runId as RunId);
        return null;
      },
    }),
    restart: mutationGeneric({
      args: {
        runId: v.string(),
        from: v.optional(v.union(v.number(), v.string())),
      },
      handler: async (ctx, { runId, from }): Promise<null> => {
        await allow(ctx, { operation: "restart", runId });
        await flows.restart(ctx, runId as RunId, { from });
        return null;
      },
    }),
  };
}
