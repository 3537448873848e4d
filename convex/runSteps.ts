// The run page's step list: workflowsApi.listSteps behind the same policy,
// except that a run the caller cannot see (gone, never there, or another
// customer's) has no steps instead of an error. The Convex client throws a
// paginated query's error from its message handler, so a run deleted while
// its page is open (or an offline backend restarted under it) would crash
// the page instead of showing "No such run". Same answer for all three, so
// it tells nobody whether another customer's run exists.
import { paginationOptsValidator, type PaginationResult } from "convex/server";
import { v } from "convex/values";
import type { RunId, StepView } from "convex-agent-workflows";
import { query } from "./_generated/server.js";
import { flows } from "./flows.js";
import { authorizeDemo } from "./workflowsApi.js";

const NO_STEPS: PaginationResult<StepView> = {
  page: [],
  isDone: true,
  continueCursor: "",
};

/** A run's steps in journal order; none when the caller cannot see the run. */
export const list = query({
  args: { runId: v.string(), paginationOpts: paginationOptsValidator },
  handler: async (
    ctx,
    { runId, paginationOpts },
  ): Promise<PaginationResult<StepView>> => {
    const run = await flows.getRun(ctx, runId as RunId);
    if (!run) return NO_STEPS;
    const caller = (await ctx.auth.getUserIdentity())?.subject ?? null;
    const allowed = await authorizeDemo(ctx, {
      operation: "listSteps",
      caller,
      runId,
      run: {
        runId: run.runId,
        name: run.name,
        owner: run.owner,
        tags: run.tags,
        parentRunId: run.parentRunId,
        status: run.status,
      },
    });
    if (!allowed) return NO_STEPS;
    return await flows.listSteps(ctx, run.runId, paginationOpts);
  },
});
