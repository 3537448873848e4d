// A second AgentWorkflows on the same component, whose signal policy lets
// only a request's assignees answer it: listed by id, or by "role:<name>"
// for users holding that role. Signals with no request to answer are refused.
import { z } from "zod";
import { AgentWorkflows } from "../../src/client/index.js";
import { components, internal } from "./_generated/api.js";
import { approval } from "./approvals.js";

export const guardedFlows = new AgentWorkflows(components.agentWorkflows, {
  name: "guarded",
  authorizeSignal: async (ctx, { request, by }) => {
    if (!request) return false;
    if (request.assignees.includes(by)) return true;
    const roles: string[] = await ctx.runQuery(internal.roles.rolesOf, {
      user: by,
    });
    return roles.some((role) => request.assignees.includes(`role:${role}`));
  },
});

export const guardedReview = guardedFlows.define({
  name: "guardedReview",
  input: z.object({
    assignees: z.array(z.string()),
    quorum: z.number().int().optional(),
  }),
  output: z.object({ approved: z.boolean() }),
  handler: async (
    step,
    { assignees, quorum },
  ): Promise<{ approved: boolean }> => {
    const { approved } = await step.waitForSignal(approval, {
      title: "Guarded approval",
      assignees,
      quorum,
    });
    return { approved };
  },
});
