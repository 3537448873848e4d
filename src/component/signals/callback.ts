// Callback URLs of signal requests (waitForSignal's `callback`): a one-time
// token an outside system presents to answer one wait. Only the token's
// SHA-256 is stored; the token itself exists once, in the call to the app's
// notify mutation, which hands the URL out (a Slack button, an email link).
import type { FunctionHandle } from "convex/server";
import { v } from "convex/values";
import { workflowError } from "../../shared/errors.js";
import { vSendResult, type SendResult } from "../../shared/signalValidators.js";
import { checkSignalValueSize } from "../../shared/validate.js";
import { isTerminal } from "../../shared/validators.js";
import type { Doc } from "../_generated/dataModel.js";
import {
  internalMutation,
  mutation,
  query,
  type QueryCtx,
} from "../_generated/server.js";
import { findRun, updateRun, type RunDoc } from "../runStore.js";
import { sha256Hex } from "../sha256.js";
import { recordDecision } from "./send.js";

/** 32 random bytes, base64url: 43 characters. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

function newToken(): string {
  const bytes = new Uint8Array(32);
  crypto.getRandomValues(bytes);
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary)
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/**
 * Scheduled by `signals/open` right after a request with a callback opens
 * (its own transaction, so the token is never part of the journal or of a
 * scheduled function's arguments): make the token, keep its hash and hand
 * the URL to the app's notify mutation. If notify throws, its writes roll
 * back, the request keeps no callback, and the run's log says why.
 */
export const issue = internalMutation({
  args: {
    requestId: v.id("signalRequests"),
    notify: v.string(),
    urlPrefix: v.string(),
  },
  returns: v.null(),
  handler: async (ctx, { requestId, notify, urlPrefix }) => {
    const request = await ctx.db.get("signalRequests", requestId);
    if (request?.status !== "pending") return null;
    const run = await findRun(ctx, request.workflowId);
    if (!run || isTerminal(run.status)) return null;
    const token = newToken();
    try {
      await ctx.runMutation(notify as FunctionHandle<"mutation">, {
        callbackUrl: `${urlPrefix}${token}`,
        requestId,
        runId: request.workflowId,
        signal: request.signal,
        title: request.title,
        details: request.details,
        assignees: request.assignees,
        expiresAt: request.expiresAt,
      });
    } catch (error) {
      await updateRun(ctx, run, {}, [
        {
          type: "run.signal.callbackFailed",
          data: {
            requestId,
            signal: request.signal,
            message: (error instanceof Error
              ? error.message
              : String(error)
            ).slice(0, 500),
          },
        },
      ]);
      return null;
    }
    await ctx.db.patch("signalRequests", requestId, {
      callbackHash: await sha256Hex(token),
      callbackIssuedAt: Date.now(),
    });
    await updateRun(ctx, run, {}, [
      {
        type: "run.signal.callbackIssued",
        data: { requestId, signal: request.signal },
      },
    ]);
    return null;
  },
});

type CallbackTarget =
  | { state: "unknown" }
  | { state: "gone"; request: Doc<"signalRequests"> }
  | { state: "open"; request: Doc<"signalRequests">; run: RunDoc };

/**
 * The request a token answers. Unknown: no such token (never issued, or its
 * run was deleted). Gone: used once already, or its request is no longer
 * pending (answered, timed out, its run ended or restarted).
 */
async function findTarget(
  ctx: QueryCtx,
  token: string,
  instance: string,
): Promise<CallbackTarget> {
  if (!TOKEN_PATTERN.test(token)) return { state: "unknown" };
  const hash = await sha256Hex(token);
  const request = await ctx.db
    .query("signalRequests")
    .withIndex("callbackHash", (q) => q.eq("callbackHash", hash))
    .unique();
  if (!request) return { state: "unknown" };
  const run = await findRun(ctx, request.workflowId);
  // Only the instance that defined the run takes its callbacks.
  if (!run || (run.instance !== undefined && run.instance !== instance)) {
    return { state: "unknown" };
  }
  if (
    request.callbackUsedAt !== undefined ||
    request.status !== "pending" ||
    isTerminal(run.status)
  ) {
    return { state: "gone", request };
  }
  return { state: "open", request, run };
}

const vTokenArgs = { token: v.string(), instance: v.string() };

/** The signal a live token answers (its schema checks the value next), or why it cannot. */
export const lookup = query({
  args: vTokenArgs,
  returns: v.union(
    v.object({ state: v.literal("unknown") }),
    v.object({ state: v.literal("gone") }),
    v.object({
      state: v.literal("open"),
      signal: v.string(),
      runId: v.string(),
      requestId: v.string(),
    }),
  ),
  handler: async (ctx, { token, instance }) => {
    const target = await findTarget(ctx, token, instance);
    if (target.state !== "open") return { state: target.state };
    return {
      state: "open" as const,
      signal: target.request.signal,
      runId: target.request.workflowId,
      requestId: target.request._id,
    };
  },
});

/**
 * Answer a wait through its callback token: the decision is recorded as
 * made by the callback (`callbackBy`), and the token is spent whatever the
 * request's quorum. The value was validated against the signal's schema
 * and `approve` computed by the caller (the HTTP route).
 */
export const answer = mutation({
  args: { ...vTokenArgs, value: v.any(), approve: v.boolean() },
  returns: v.object({ runId: v.string(), result: vSendResult }),
  handler: async (
    ctx,
    { token, instance, value, approve },
  ): Promise<{ runId: string; result: SendResult }> => {
    const target = await findTarget(ctx, token, instance);
    if (target.state === "unknown") {
      throw workflowError("CALLBACK_NOT_FOUND", "No such callback.");
    }
    if (target.state === "gone") {
      throw workflowError(
        "CALLBACK_GONE",
        "This callback was already used, or its request is no longer pending.",
        { requestId: target.request._id },
      );
    }
    const { request, run } = target;
    checkSignalValueSize(request.signal, value);
    await ctx.db.patch("signalRequests", request._id, {
      callbackUsedAt: Date.now(),
    });
    const result = await recordDecision(ctx, run, request, {
      value,
      by: request.callbackBy ?? "callback",
      approve,
    });
    return { runId: run.workflowId, result };
  },
});
