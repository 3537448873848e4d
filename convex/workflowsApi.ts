// What the demo's UI may call: the component's public API, behind the
// app's authorization policy.
import { internal } from "./_generated/api.js";
import { replyApproval } from "./approvals.js";
import { flows } from "./flows.js";

// The demo has no sign-in: the UI says who is acting ("support:ana"), and
// the policy trusts it. A real app would read ctx.auth.getUserIdentity()
// and keep the default identify (the identity's subject).
const DEMO_USERS = /^(support|guest):[a-z]+$/;

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
  authorize: async (_ctx, request) => {
    switch (request.operation) {
      case "sendSignal":
        return request.by !== null && DEMO_USERS.test(request.by);
      default:
        return true;
    }
  },
  identify: async (_ctx, claimed) =>
    claimed !== undefined && DEMO_USERS.test(claimed) ? claimed : null,
  workflows: { supportTicket: internal.support.supportTicket },
  signals: [replyApproval],
});
