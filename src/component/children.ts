// step.runWorkflow, first half (a journaled inline step): create the child
// as a run of the component's own, like a top-level one, and the event its
// parent awaits. The child ends through the component's onComplete like
// every run (lifecycle.ts), which hands its result to that event.
import { createFunctionHandle } from "convex/server";
import { v } from "convex/values";
import { workflowError } from "../shared/errors.js";
import { checkValueSize } from "../shared/validate.js";
import { LIMITS } from "../shared/validators.js";
import { components, internal } from "./_generated/api.js";
import { mutation } from "./_generated/server.js";
import { insertRun, journalOf, requireActiveRun } from "./runStore.js";

export const start = mutation({
  args: {
    runId: v.string(),
    /** The step's name: the event the parent awaits is named after it. */
    name: v.string(),
    functionName: v.string(),
    workflowHandle: v.string(),
    input: v.any(),
  },
  returns: v.object({ childRunId: v.string(), eventId: v.string() }),
  handler: async (
    ctx,
    args,
  ): Promise<{ childRunId: string; eventId: string }> => {
    checkValueSize(
      args.input,
      LIMITS.maxInputBytes,
      "INPUT_TOO_LARGE",
      "A child workflow's input",
    );
    const parent = await requireActiveRun(ctx, args.runId);
    const depth = (parent.depth ?? 0) + 1;
    if (depth > LIMITS.maxChildDepth) {
      throw workflowError(
        "CHILD_DEPTH_EXCEEDED",
        `Child runs nest at most ${LIMITS.maxChildDepth} deep; this run is at depth ${depth - 1}.`,
        { runId: parent.workflowId },
      );
    }
    const eventId = await ctx.runMutation(components.workflow.event.create, {
      name: args.name,
      workflowId: journalOf(parent),
    });
    const childRunId: string = await ctx.runMutation(
      components.workflow.workflow.create,
      {
        workflowName: args.functionName,
        workflowHandle: args.workflowHandle,
        workflowArgs: args.input,
        onComplete: {
          fnHandle: await createFunctionHandle(
            internal.lifecycle.onWorkflowComplete,
          ),
        },
        startAsync: true,
      },
    );
    await insertRun(ctx, {
      workflowId: childRunId,
      // Its defined name arrives with its first steps (see stepStarts.ts).
      name: args.functionName,
      functionName: args.functionName,
      input: args.input,
      tags: [],
      // A child belongs to whoever owns its parent.
      owner: parent.owner,
      parentRunId: parent.workflowId,
      parentEventId: eventId,
      depth,
    });
    return { childRunId, eventId };
  },
});
