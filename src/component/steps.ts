import {
  paginationOptsValidator,
  type PaginationOptions,
  type PaginationResult,
} from "convex/server";
import { v } from "convex/values";
import { badCursor, checkPageSize, checkRunId } from "../shared/validate.js";
import {
  isTerminal,
  vPaginationResult,
  vStepView,
  type StepView,
} from "../shared/validators.js";
import { components } from "./_generated/api.js";
import { query, type QueryCtx } from "./_generated/server.js";
import { requireRun } from "./runStore.js";
import { isInternalStep, stepRecord } from "./stepStarts.js";
import { stepView } from "./views.js";

/**
 * A run's steps in order, read from the nested journal (where step
 * completion is recorded) plus our record of each step's kind. The
 * component's own progress/emit steps are left out unless asked for, so a
 * page may hold fewer than numItems steps; use isDone to know the end.
 */
export const listSteps = query({
  args: {
    runId: v.string(),
    paginationOpts: paginationOptsValidator,
    includeInternal: v.optional(v.boolean()),
  },
  returns: vPaginationResult(vStepView),
  handler: async (ctx, args): Promise<PaginationResult<StepView>> => {
    checkRunId(args.runId);
    checkPageSize(args.paginationOpts.numItems);
    const run = await requireRun(ctx, args.runId);
    const result = await journalPage(ctx, run.workflowId, args.paginationOpts);
    const page: StepView[] = [];
    for (const step of result.page) {
      if (!args.includeInternal && isInternalStep(step.name)) continue;
      const info = await stepRecord(ctx, run.workflowId, step.stepNumber);
      const call =
        info?.kind === "llm" && step.kind === "event"
          ? await ctx.db
              .query("llmCalls")
              .withIndex("eventId", (q) => q.eq("eventId", step.eventId))
              .first()
          : null;
      page.push(stepView(step, info, isTerminal(run.status), call));
    }
    return { ...result, page };
  },
});

/**
 * A page of the nested journal. Its cursors are opaque, so a cursor it
 * cannot read is reported as the caller's bad argument, not a parse error.
 */
async function journalPage(
  ctx: QueryCtx,
  workflowId: string,
  paginationOpts: PaginationOptions,
) {
  const read = () =>
    ctx.runQuery(components.workflow.workflow.listSteps, {
      workflowId,
      order: "asc",
      paginationOpts,
    });
  if (paginationOpts.cursor === null) return await read();
  try {
    return await read();
  } catch {
    throw badCursor();
  }
}
