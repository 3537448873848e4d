// The test app's public API for clients (flows.publicApi), behind a policy
// that reads the caller's identity: readers must be signed in, only
// admins cancel or restart, and senders answer as themselves.
import { v } from "convex/values";
import { internal } from "./_generated/api.js";
import { internalAction } from "./_generated/server.js";
import { approval } from "./approvals.js";
import { flows } from "./workflows.js";

export const {
  getRun,
  listRuns,
  listSteps,
  listEvents,
  liveText,
  pendingSignals,
  sendSignal,
  start,
  cancel,
  restart,
} = flows.publicApi({
  authorize: async (ctx, request) => {
    const user = await ctx.auth.getUserIdentity();
    if (!user) return false;
    switch (request.operation) {
      case "cancel":
      case "restart":
        return user.tokenIdentifier.endsWith("|admin");
      case "sendSignal":
        return request.by === user.subject;
      default:
        return true;
    }
  },
  workflows: { review: internal.approvals.review },
  signals: [approval],
});

/** Start a pipeline run from an action (its own transaction), with a key. */
export const startFromAction = internalAction({
  args: {
    key: v.string(),
    input: v.object({ words: v.array(v.string()), key: v.string() }),
  },
  returns: v.string(),
  handler: async (ctx, { key, input }): Promise<string> =>
    await flows.start(ctx, internal.workflows.pipeline, input, {
      idempotencyKey: key,
    }),
});
