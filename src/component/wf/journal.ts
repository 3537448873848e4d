// Pass-throughs for the journal (see wf/workflow.ts). `startSteps` is the
// hook that keeps a run's status and step records current.
import { takeDefinition } from "../../shared/upstream.js";
import { components } from "../_generated/api.js";
import { mutation, query } from "../_generated/server.js";
import { noteStepsStarted } from "../stepStarts.js";
import { vUpstreamArgs, type ArgsOf, type ReturnsOf } from "./types.js";

const nested = components.workflow.journal;

export const load = query({
  args: vUpstreamArgs,
  handler: async (
    ctx,
    args: ArgsOf<"journal", "load">,
  ): Promise<ReturnsOf<"journal", "load">> =>
    await ctx.runQuery(nested.load, args),
});

export const startSteps = mutation({
  args: vUpstreamArgs,
  handler: async (
    ctx,
    args: ArgsOf<"journal", "startSteps">,
  ): Promise<ReturnsOf<"journal", "startSteps">> => {
    const { name, instance, rest } = takeDefinition(args.workpoolOptions);
    const entries = await ctx.runMutation(nested.startSteps, {
      ...args,
      workpoolOptions: rest,
    });
    await noteStepsStarted(
      ctx,
      args.workflowId,
      entries,
      args.generationNumber,
      {
        name,
        instance,
      },
    );
    return entries;
  },
});
