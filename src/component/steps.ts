import {
  paginationOptsValidator,
  type PaginationOptions,
  type PaginationResult,
} from "convex/server";
import { v } from "convex/values";
import { badCursor, checkPageSize, checkRunId } from "../shared/validate.js";
import { workflowError } from "../shared/errors.js";
import {
  isTerminal,
  LIMITS,
  vPaginationResult,
  vStepDetail,
  vStepView,
  type StepDetail,
  type StepView,
} from "../shared/validators.js";
import { components } from "./_generated/api.js";
import { query, type QueryCtx } from "./_generated/server.js";
import { journalOf, requireRun } from "./runStore.js";
import { isInternalStep, stepRecord } from "./stepStarts.js";
import { stepExtras, type JournalStep } from "./stepDetails.js";
import { stepDetail, stepView } from "./views.js";

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
      const extras = await stepExtras(ctx, step, info);
      const view = stepView(step, info, isTerminal(run.status), extras);
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

/**
 * One step with its whole input and output: `stepNumber` as `listSteps`
 * numbers it, in `segment` (default: the run's current one). Null if the
 * run has no such step.
 */
export const getStep = query({
  args: {
    runId: v.string(),
    stepNumber: v.number(),
    segment: v.optional(v.number()),
  },
  returns: v.union(vStepDetail, v.null()),
  handler: async (ctx, args): Promise<StepDetail | null> => {
    checkRunId(args.runId);
    checkStepNumber(args.stepNumber, "stepNumber");
    if (args.segment !== undefined) checkStepNumber(args.segment, "segment");
    const run = await requireRun(ctx, args.runId);
    const lastSegment = run.segment ?? 0;
    const segment = args.segment ?? lastSegment;
    if (segment > lastSegment) return null;
    const journal =
      segment === lastSegment
        ? journalOf(run)
        : await segmentJournal(ctx, run.workflowId, segment);
    const step = await journalStep(ctx, journal, args.stepNumber);
    if (!step) return null;
    const info = await stepRecord(ctx, journal, step.stepNumber);
    const extras = await stepExtras(ctx, step, info);
    const detail = stepDetail(step, info, isTerminal(run.status), extras);
    return lastSegment === 0 ? detail : { ...detail, segment };
  },
});

/**
 * A journal's step by number. The nested journal pages only from its
 * start (its cursors are opaque), so this reads the steps before it: at
 * most one segment's journal, which continue-as-new keeps short.
 */
async function journalStep(
  ctx: QueryCtx,
  journal: string,
  stepNumber: number,
): Promise<JournalStep | null> {
  let cursor: string | null = null;
  for (;;) {
    const result = await journalPage(ctx, journal, {
      numItems: LIMITS.maxPageSize,
      cursor,
    });
    const step = result.page.find((s) => s.stepNumber === stepNumber);
    if (step) return step;
    const last = result.page.at(-1);
    if (result.isDone || !last || last.stepNumber > stepNumber) return null;
    cursor = result.continueCursor;
  }
}

function checkStepNumber(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0 || value > MAX_STEP_NUMBER) {
    throw workflowError(
      "INVALID_ARGUMENT",
      `${name} must be a whole number from 0.`,
      { path: [name] },
    );
  }
}

const MAX_STEP_NUMBER = 1_000_000;

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
