// The test app's public API for clients (flows.publicApi), behind a policy
// that reads the caller's identity: readers must be signed in, only
// admins cancel or restart, and senders answer as themselves.
import { internal } from "./_generated/api.js";
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
