// The access model of every client-facing surface (publicApi today): who
// the caller is, what they ask, what the component knows of the run they
// name, and the default answer: only a run's owner may act on it.
import type {
  GenericDataModel,
  GenericMutationCtx,
  GenericQueryCtx,
} from "convex/server";
import type {
  CallAccess,
  RequestAccess,
  RunAccess,
  RunStatus,
} from "../shared/validators.js";

/** The ctx a policy gets: a query's or a mutation's (it may read, not write). */
export type PolicyCtx =
  GenericQueryCtx<GenericDataModel> | GenericMutationCtx<GenericDataModel>;

/** Operations on one run: the policy gets the run as the component knows it. */
export type RunOperation =
  | "getRun"
  | "listSteps"
  | "getStep"
  | "listEvents"
  | "exportTrace"
  | "cancel"
  | "restart";

/**
 * What a client asks to do, as the app's `authorize` sees it. `caller` is
 * the caller's owner id (publicApi's `owner(ctx)`, by default the signed-in
 * user's `subject`; null when anonymous). Runs, requests and calls are
 * loaded by the component before the policy runs; null when the id names
 * nothing (an unknown id and another owner's look the same to callers).
 */
export type AccessRequest =
  | {
      operation: RunOperation;
      caller: string | null;
      runId: string;
      run: RunAccess | null;
    }
  | {
      /**
       * A run's live text (`runId`), or a one-shot call's (`callId` alone);
       * reading or canceling one call.
       */
      operation: "liveText" | "getLlmCall" | "cancelLlmCall";
      caller: string | null;
      runId?: string;
      callId?: string;
      /** The call's run (or `runId`'s), null for a one-shot call. */
      run: RunAccess | null;
      call: CallAccess | null;
    }
  | {
      operation: "listRuns";
      caller: string | null;
      /** `owner: null` lists every owner's runs. */
      filter: {
        owner: string | null;
        status?: RunStatus;
        name?: string;
        tag?: string;
      };
    }
  | {
      operation: "pendingSignals";
      caller: string | null;
      /** `owner: null` lists requests of every owner's runs. */
      filter: { owner: string | null; assignee?: string; runId?: string };
      /** The run, when the filter names one. */
      run: RunAccess | null;
    }
  | {
      operation: "sendSignal";
      caller: string | null;
      runId: string;
      run: RunAccess | null;
      signal: string;
      /** The request the signal would answer (its assignees and quorum), if any. */
      request: RequestAccess | null;
      /** Who decides (publicApi's `identify`); null when unknown. */
      by: string | null;
    }
  | {
      operation: "start";
      caller: string | null;
      workflow: string;
      input: unknown;
      /** Tags the client asked for (see publicApi's `tags`). */
      tags: string[];
      idempotencyKey?: string;
    };

/** An access policy: true allows, false refuses with NOT_AUTHORIZED. */
export type Authorize = (
  ctx: PolicyCtx,
  request: AccessRequest,
) => boolean | Promise<boolean>;

/**
 * The default policy: a signed-in caller starts runs (they own them) and
 * acts only on runs they own; lists show only their own runs; an assignee
 * may also see and answer the requests assigned to them. Compose your own
 * with it, e.g. support agents see everything:
 *
 * ```ts
 * authorize: async (ctx, request) =>
 *   (await isSupportAgent(ctx)) || ownerOnly(request),
 * ```
 */
export function ownerOnly(request: AccessRequest): boolean {
  const { caller } = request;
  if (caller === null) return false;
  const owns = (run: RunAccess | null) => run !== null && run.owner === caller;
  switch (request.operation) {
    case "start":
      return true;
    case "listRuns":
      return request.filter.owner === caller;
    case "pendingSignals":
      return request.filter.runId !== undefined
        ? owns(request.run)
        : request.filter.owner === caller || request.filter.assignee === caller;
    case "sendSignal":
      return (
        owns(request.run) ||
        (request.run !== null &&
          request.by !== null &&
          (request.request?.assignees.includes(request.by) ?? false))
      );
    case "liveText":
    case "getLlmCall":
    case "cancelLlmCall":
      return request.run !== null
        ? owns(request.run)
        : request.call !== null && request.call.owner === caller;
    default:
      return owns(request.run);
  }
}
