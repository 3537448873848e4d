// Public APIs as apps ship them. `ownedApi` keeps every default: no
// `authorize` (only a run's owner may act on it), no `tags` option (clients
// may not tag). `supportApi` widens it the documented way: support staff
// (listed in the app's `roles` table) see and control every run, everyone
// else is `ownerOnly`, and tags are decided on the server.
import { v } from "convex/values";
import { ownerOnly } from "../../src/client/index.js";
import { internal } from "./_generated/api.js";
import { mutation, type QueryCtx } from "./_generated/server.js";
import { approval } from "./approvals.js";
import { publicSignals, publicWorkflows } from "./publicWorkflows.js";
import { flows } from "./workflows.js";

const workflows = publicWorkflows;

export const {
  getRun,
  listRuns,
  listSteps,
  getStep,
  listEvents,
  liveText,
  getLlmCall,
  cancelLlmCall,
  pendingSignals,
  sendSignal,
  start,
  cancel,
  restart,
  exportTrace,
} = flows.publicApi({ workflows, signals: publicSignals });

async function isSupport(ctx: QueryCtx): Promise<boolean> {
  const user = await ctx.auth.getUserIdentity();
  if (!user) return false;
  const roles: string[] = await ctx.runQuery(internal.roles.rolesOf, {
    user: user.subject,
  });
  return roles.includes("support");
}

export const {
  listRuns: supportListRuns,
  getRun: supportGetRun,
  start: supportStart,
  cancel: supportCancel,
  pendingSignals: supportPendingSignals,
} = flows.publicApi({
  authorize: async (ctx, request) =>
    (await isSupport(ctx as QueryCtx)) || ownerOnly(request),
  workflows,
  signals: [approval],
  // Clients may ask for "priority:..." tags; every run is tagged by source.
  tags: (_ctx, request) => [
    "source:web",
    ...request.tags.filter((tag) => /^priority:(low|high)$/.test(tag)),
  ],
});

/** A one-shot LLM call owned by the signed-in user. */
export const askOnce = mutation({
  args: { prompt: v.string() },
  returns: v.string(),
  handler: async (ctx, { prompt }): Promise<string> => {
    const user = await ctx.auth.getUserIdentity();
    if (!user) throw new Error("sign in");
    return await flows.llmCall(
      ctx,
      internal.llmActions.streamed,
      { prompt },
      { owner: user.subject },
    );
  },
});
