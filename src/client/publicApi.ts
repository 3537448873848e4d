import {
  mutationGeneric,
  paginationOptsValidator,
  queryGeneric,
} from "convex/server";
import { v } from "convex/values";
import type { z } from "zod";
import { workflowError } from "../shared/errors.js";
import type { AccessSubject } from "../component/access.js";
import { vRunStatus, type RunId } from "../shared/validators.js";
import type { AgentWorkflows } from "./AgentWorkflows.js";
import {
  ownerOnly,
  type AccessRequest,
  type Authorize,
  type PolicyCtx,
  type RunOperation,
} from "./policy.js";
import type { SignalDefinition } from "./signals.js";
import type { WorkflowReference } from "./types.js";

/** A `start` request, as `authorize` and `tags` see it. */
export type StartRequest = Extract<AccessRequest, { operation: "start" }>;

export type PublicApiOptions = {
  /**
   * Called first, before any other check, for every operation; false
   * refuses with NOT_AUTHORIZED. It sees the run the caller names (loaded
   * by the component), so a per-owner rule needs no lookup. Default:
   * `ownerOnly` (a caller acts only on runs they own).
   */
  authorize?: Authorize;
  /**
   * Who the caller is as an owner: runs they start belong to this id, and
   * "their" runs are the runs it owns. Default: the signed-in user's
   * `subject` (null when anonymous). Return an org id to share runs in an org.
   */
  owner?: (ctx: PolicyCtx) => string | null | Promise<string | null>;
  /** Workflows clients may start, by the name they use. */
  workflows?: Record<string, WorkflowReference>;
  /** Signals clients may send. */
  signals?: SignalDefinition<string, z.ZodType>[];
  /**
   * A run's tags, decided on the server from the start request (the
   * client's asked-for tags are `request.tags`). Without it, clients may
   * not pass tags (INVALID_ARGUMENT), so no client can plant a tag another
   * part of the app trusts.
   */
  tags?: (
    ctx: PolicyCtx,
    request: StartRequest,
  ) => string[] | Promise<string[]>;
  /**
   * Who decides when a client sends a signal. Default: the signed-in user's
   * `subject`. `claimed` is the `by` the client passed, for apps without
   * auth (a demo) that choose to trust it.
   */
  identify?: (
    ctx: PolicyCtx,
    claimed: string | undefined,
  ) => Promise<string | null>;
};

async function subjectOf(ctx: PolicyCtx): Promise<string | null> {
  return (await ctx.auth.getUserIdentity())?.subject ?? null;
}

/** `owner` in list arguments: omitted = the caller's own, null = any owner's. */
const vOwnerFilter = v.optional(v.union(v.string(), v.null()));

/**
 * Public queries and mutations for the app to export to its clients (and
 * the React hooks). Each asks the policy first, with the caller and the run
 * it names; without an `authorize`, only a run's owner may act on it.
 *
 * ```ts
 * export const { getRun, listRuns, listSteps, getStep, exportTrace, listEvents, liveText,
 *   getLlmCall, pendingSignals, sendSignal, start, cancel, restart } = flows.publicApi({
 *   workflows: { supportTicket: internal.support.supportTicket },
 *   signals: [replyApproval],
 * });
 * ```
 */
export function definePublicApi(
  flows: AgentWorkflows,
  options: PublicApiOptions,
) {
  const authorize: Authorize =
    options.authorize ?? ((_ctx, request) => ownerOnly(request));
  const callerOf = options.owner ?? subjectOf;
  const identify = options.identify ?? subjectOf;
  // Own entries only: "constructor" or "__proto__" name nothing.
  const workflows = new Map(Object.entries(options.workflows ?? {}));
  const signals = new Map(
    (options.signals ?? []).map((signal) => [signal.name, signal]),
  );

  const allow = async (ctx: PolicyCtx, request: AccessRequest) => {
    if (!(await authorize(ctx, request))) {
      throw workflowError(
        "NOT_AUTHORIZED",
        `Not allowed: ${request.operation}.`,
      );
    }
  };
  const describe = (
    ctx: PolicyCtx,
    ids: {
      runId?: string;
      signal?: string;
      requestId?: string;
      callId?: string;
    },
  ): Promise<AccessSubject> =>
    ctx.runQuery(
      flows.component.access.describe,
      ids,
    ) as Promise<AccessSubject>;
  /** Ask the policy about one run; the run as the component knows it. */
  const allowRun = async (
    ctx: PolicyCtx,
    operation: RunOperation,
    runId: string,
  ) => {
    const { run } = await describe(ctx, { runId });
    await allow(ctx, { operation, caller: await callerOf(ctx), runId, run });
  };
  /** One LLM call, read or canceled: the policy sees the call and its run. */
  const allowCall = async (
    ctx: PolicyCtx,
    operation: "getLlmCall" | "cancelLlmCall",
    callId: string,
  ) => {
    const { run, call } = await describe(ctx, { callId });
    await allow(ctx, {
      operation,
      caller: await callerOf(ctx),
      callId,
      run,
      call,
    });
  };
  /** A list's owner filter: omitted means the caller's own runs. */
  const ownerFilter = async (
    ctx: PolicyCtx,
    owner: string | null | undefined,
  ): Promise<{ caller: string | null; owner: string | null }> => {
    const caller = await callerOf(ctx);
    return { caller, owner: owner === undefined ? caller : owner };
  };

  return {
    getRun: queryGeneric({
      args: { runId: v.string() },
      handler: async (ctx, { runId }) => {
        await allowRun(ctx, "getRun", runId);
        return await flows.getRun(ctx, runId as RunId);
      },
    }),
    listRuns: queryGeneric({
      args: {
        owner: vOwnerFilter,
        status: v.optional(vRunStatus),
        name: v.optional(v.string()),
        tag: v.optional(v.string()),
        paginationOpts: paginationOptsValidator,
      },
      handler: async (ctx, args) => {
        const { status, name, tag, paginationOpts } = args;
        const { caller, owner } = await ownerFilter(ctx, args.owner);
        await allow(ctx, {
          operation: "listRuns",
          caller,
          filter: { owner, status, name, tag },
        });
        return await flows.listRuns(ctx, {
          owner: owner ?? undefined,
          status,
          name,
          tag,
          paginationOpts,
        });
      },
    }),
    listSteps: queryGeneric({
      args: { runId: v.string(), paginationOpts: paginationOptsValidator },
      handler: async (ctx, { runId, paginationOpts }) => {
        await allowRun(ctx, "listSteps", runId);
        return await flows.listSteps(ctx, runId as RunId, paginationOpts);
      },
    }),
    getStep: queryGeneric({
      args: {
        runId: v.string(),
        stepNumber: v.number(),
        segment: v.optional(v.number()),
      },
      handler: async (ctx, { runId, stepNumber, segment }) => {
        await allowRun(ctx, "getStep", runId);
        return await flows.getStep(ctx, runId as RunId, stepNumber, {
          segment,
        });
      },
    }),
    exportTrace: queryGeneric({
      args: { runId: v.string(), serviceName: v.optional(v.string()) },
      handler: async (ctx, { runId, serviceName }) => {
        await allowRun(ctx, "exportTrace", runId);
        return await flows.exportTrace(ctx, runId as RunId, { serviceName });
      },
    }),
    listEvents: queryGeneric({
      args: {
        runId: v.string(),
        after: v.optional(v.number()),
        limit: v.optional(v.number()),
      },
      handler: async (ctx, { runId, after, limit }) => {
        await allowRun(ctx, "listEvents", runId);
        return await flows.listEvents(ctx, runId as RunId, { after, limit });
      },
    }),
    liveText: queryGeneric({
      args: { runId: v.optional(v.string()), callId: v.optional(v.string()) },
      handler: async (ctx, { runId, callId }) => {
        const { run, call } = await describe(ctx, { runId, callId });
        await allow(ctx, {
          operation: "liveText",
          caller: await callerOf(ctx),
          runId,
          callId,
          run,
          call,
        });
        return await flows.liveText(ctx, { runId, callId });
      },
    }),
    getLlmCall: queryGeneric({
      args: { callId: v.string() },
      handler: async (ctx, { callId }) => {
        await allowCall(ctx, "getLlmCall", callId);
        return await flows.getLlmCall(ctx, callId);
      },
    }),
    cancelLlmCall: mutationGeneric({
      args: { callId: v.string() },
      handler: async (ctx, { callId }) => {
        await allowCall(ctx, "cancelLlmCall", callId);
        return await flows.cancelLlmCall(ctx, callId);
      },
    }),
    pendingSignals: queryGeneric({
      args: {
        owner: vOwnerFilter,
        assignee: v.optional(v.string()),
        runId: v.optional(v.string()),
        paginationOpts: paginationOptsValidator,
      },
      handler: async (ctx, args) => {
        const { assignee, runId, paginationOpts } = args;
        const { caller, owner } = await ownerFilter(ctx, args.owner);
        const { run } =
          runId !== undefined ? await describe(ctx, { runId }) : { run: null };
        await allow(ctx, {
          operation: "pendingSignals",
          caller,
          filter: { owner, assignee, runId },
          run,
        });
        return await flows.pendingSignals(ctx, {
          owner: owner ?? undefined,
          assignee,
          runId,
          paginationOpts,
        });
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
        const by = await identify(ctx, args.by);
        const { run, request } = await describe(ctx, {
          runId: args.runId,
          signal: args.signal,
          requestId: args.requestId,
        });
        await allow(ctx, {
          operation: "sendSignal",
          caller: await callerOf(ctx),
          runId: args.runId,
          run,
          signal: args.signal,
          request,
          by,
        });
        const signal = signals.get(args.signal);
        if (!signal) {
          throw workflowError(
            "WRONG_SIGNAL",
            `Clients may not send "${args.signal}": list it in publicApi's signals.`,
            { runId: args.runId },
          );
        }
        if (!by) {
          throw workflowError("NOT_AUTHORIZED", "Sign in to send signals.", {
            runId: args.runId,
          });
        }
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
        const caller = await callerOf(ctx);
        const request: StartRequest = {
          operation: "start",
          caller,
          workflow: args.workflow,
          input: args.input,
          tags: args.tags ?? [],
          idempotencyKey: args.idempotencyKey,
        };
        await allow(ctx, request);
        const ref = workflows.get(args.workflow);
        if (!ref) {
          throw workflowError(
            "INVALID_ARGUMENT",
            `No workflow "${args.workflow}" may be started by clients.`,
            { path: ["workflow"] },
          );
        }
        if (!options.tags && request.tags.length > 0) {
          throw workflowError(
            "INVALID_ARGUMENT",
            "Clients may not set tags: publicApi's tags option decides them.",
            { path: ["tags"] },
          );
        }
        const tags = options.tags ? await options.tags(ctx, request) : [];
        return await flows.start(ctx, ref, args.input, {
          tags,
          idempotencyKey: args.idempotencyKey,
          owner: caller ?? undefined,
        });
      },
    }),
    cancel: mutationGeneric({
      args: { runId: v.string() },
      handler: async (ctx, { runId }): Promise<null> => {
        await allowRun(ctx, "cancel", runId);
        await flows.cancel(ctx, runId as RunId);
        return null;
      },
    }),
    restart: mutationGeneric({
      args: {
        runId: v.string(),
        from: v.optional(v.union(v.number(), v.string())),
        segment: v.optional(v.number()),
      },
      handler: async (ctx, { runId, from, segment }): Promise<null> => {
        await allowRun(ctx, "restart", runId);
        await flows.restart(ctx, runId as RunId, { from, segment });
        return null;
      },
    }),
  };
}
