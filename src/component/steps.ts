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
import { journalOf, requireRun } from "./runStore.js";
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
    const lastSegment = run.segment ?? 0;
    // A run that continued as new pages through its segments in order: the
    // cursor names the segment and the place in its journal.
    const { segment, cursor } =
      lastSegment === 0
        ? { segment: 0, cursor: args.paginationOpts.cursor }
        : readSegmentCursor(args.paginationOpts.cursor, lastSegment);
    const journal =
      segment === lastSegment
        ? journalOf(run)
        : await segmentJournal(ctx, run.workflowId, segment);
    const result = await journalPage(ctx, journal, {
      ...args.paginationOpts,
      cursor,
    });
    const page: StepView[] = [];
    for (const step of result.page) {
      if (!args.includeInternal && isInternalStep(step.name)) continue;
      const info = await stepRecord(ctx, journal, step.stepNumber);
      const call =
        info?.kind === "llm" && step.kind === "event"
          ? await ctx.db
              .query("llmCalls")
              .withIndex("eventId", (q) => q.eq("eventId", step.eventId))
              .first()
          : null;
      const view = stepView(step, info, isTerminal(run.status), call);
      page.push(lastSegment === 0 ? view : { ...view, segment });
    }
    if (lastSegment === 0) return { ...result, page };
    const nextSegment = result.isDone && segment < lastSegment;
    return {
      ...result,
      page,
      isDone: result.isDone && !nextSegment,
      continueCursor: nextSegment
        ? segmentCursor(segment + 1, null)
        : segmentCursor(segment, result.continueCursor),
    };
  },
});

const SEGMENT_CURSOR = "segment:";

function segmentCursor(segment: number, cursor: string | null): string {
  return `${SEGMENT_CURSOR}${JSON.stringify([segment, cursor])}`;
}

function readSegmentCursor(
  cursor: string | null,
  lastSegment: number,
): { segment: number; cursor: string | null } {
  if (cursor === null) return { segment: 0, cursor: null };
  try {
    if (!cursor.startsWith(SEGMENT_CURSOR)) throw badCursor();
    const [segment, inner] = JSON.parse(
      cursor.slice(SEGMENT_CURSOR.length),
    ) as [unknown, unknown];
    if (
      !Number.isInteger(segment) ||
      (segment as number) < 0 ||
      (segment as number) > lastSegment ||
      (inner !== null && typeof inner !== "string")
    ) {
      throw badCursor();
    }
    return { segment: segment as number, cursor: inner as string | null };
  } catch {
    throw badCursor();
  }
}

async function segmentJournal(
  ctx: QueryCtx,
  runId: string,
  segment: number,
): Promise<string> {
  const row = await ctx.db
    .query("segments")
    .withIndex("run_segment", (q) =>
      q.eq("runId", runId).eq("segment", segment),
    )
    // The newest: a restart's dropped segments linger until deleted.
    .order("desc")
    .first();
  if (!row) throw badCursor();
  return row.journalId;
}

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
