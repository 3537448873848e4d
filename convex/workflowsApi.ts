// What the demo's UI may call: the component's public API, behind the
// app's access policy. Callers are signed in (ctx.auth); a run's owner is
// the subject of whoever submitted its ticket (convex/tickets.ts).
//
// - Customers read their own runs only: listRuns and pendingSignals
//   default to the caller's runs, and any other run is NOT_AUTHORIZED
//   (whether it exists or not). They cannot decide, cancel or restart.
// - Support agents (convex/users.ts) may do everything on every run:
//   list every owner's runs (`owner: null`), answer the team's approvals,
//   cancel and restart.
//
// Support tickets start through api.tickets.submitTicket, which creates
// the ticket the run reads. `start` (support agents only) starts the small
// workflows of convex/cliDemo.ts, e.g. from the command line.
import {
  ownerOnly,
  type AccessRequest,
  type PolicyCtx,
} from "convex-agent-workflows";
import { internal } from "./_generated/api.js";
import { replyApproval } from "./approvals.js";
import { flows } from "./flows.js";
import { isAgent } from "./users.js";

/** What a customer may do, on their own runs only. */
const CUSTOMER_OPERATIONS: ReadonlySet<AccessRequest["operation"]> = new Set([
  "getRun",
  "listRuns",
  "listSteps",
  "getStep",
  "listEvents",
  "liveText",
  "getLlmCall",
  "pendingSignals",
]);

/** The demo's access policy: agents may do everything, customers read their own runs. */
export async function authorizeDemo(
  ctx: Pick<PolicyCtx, "auth">,
  request: AccessRequest,
): Promise<boolean> {
  return (
    (await isAgent(ctx)) ||
    (CUSTOMER_OPERATIONS.has(request.operation) && ownerOnly(request))
  );
}

export const {
  getRun,
  listRuns,
  listSteps,
  getStep,
  listEvents,
  liveText,
  getLlmCall,
  pendingSignals,
  sendSignal,
  start,
  cancel,
  restart,
} = flows.publicApi({
  authorize: authorizeDemo,
  workflows: {
    quickReply: internal.cliDemo.quickReply,
    brokenStep: internal.cliDemo.brokenStep,
    approvedReply: internal.cliDemo.approvedReply,
  },
  signals: [replyApproval],
});
