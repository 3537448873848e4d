// Pass-throughs for workflow events (see wf/workflow.ts). `send` is the
// hook that moves a waiting run back to running.
import { components } from "../_generated/api.js";
import { mutation } from "../_generated/server.js";
import { findRun, updateRun } from "../runStore.js";
import { vUpstreamArgs, type ArgsOf, type ReturnsOf } from "./types.js";

const nested = components.workflow.event;

export const create = mutation({
  args: vUpstreamArgs,
  handler: async (
    ctx,
    args: ArgsOf<"event", "create">,
  ): Promise<ReturnsOf<"event", "create">> =>
    await ctx.runMutation(nested.create, args),
});

export const send = mutation({
  args: vUpstreamArgs,
  handler: async (
    ctx,
    args: ArgsOf<"event", "send">,
  ): Promise<ReturnsOf<"event", "send">> => {
    const eventId = await ctx.runMutation(nested.send, args);
    if (args.workflowId) {
      const run = await findRun(ctx, args.workflowId);
      if (run?.status === "waiting") {
        await updateRun(ctx, run, { status: "running" });
      }
    }
    return eventId;
  },
});
