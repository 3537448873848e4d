// A run's event log: read after a cursor; written by the handler's
// `step.emit` and `step.progress` (journaled inline steps, so a replay never
// writes twice).
import { v } from "convex/values";
import { workflowError } from "../shared/errors.js";
import {
  checkEventData,
  checkEventType,
  checkProgress,
  checkRunId,
} from "../shared/validate.js";
import { LIMITS, vEventPage, type EventPage } from "../shared/validators.js";
import { mutation, query } from "./_generated/server.js";
import { requireActiveRun, requireRun, updateRun } from "./runStore.js";

const DEFAULT_EVENTS_PER_READ = 100;

/** Events with seq > after (default 0), oldest first. */
export const listEvents = query({
  args: {
    runId: v.string(),
    after: v.optional(v.number()),
    limit: v.optional(v.number()),
  },
  returns: vEventPage,
  handler: async (ctx, args): Promise<EventPage> => {
    checkRunId(args.runId);
    const after = args.after ?? 0;
    const limit = args.limit ?? DEFAULT_EVENTS_PER_READ;
    if (!Number.isInteger(after) || after < 0) {
      throw workflowError(
        "INVALID_ARGUMENT",
        "after must be an integer >= 0.",
        {
          path: ["after"],
        },
      );
    }
    if (
      !Number.isInteger(limit) ||
      limit < 1 ||
      limit > LIMITS.maxEventsPerRead
    ) {
      throw workflowError(
        "INVALID_ARGUMENT",
        `limit must be an integer from 1 to ${LIMITS.maxEventsPerRead}.`,
        { path: ["limit"] },
      );
    }
    const run = await requireRun(ctx, args.runId);
    const rows = await ctx.db
      .query("runEvents")
      .withIndex("run_seq", (q) =>
        q.eq("workflowId", run.workflowId).gt("seq", after),
      )
      .take(limit);
    const events = rows.map(({ seq, type, data, at }) => ({
      seq,
      type,
      data,
      at,
    }));
    return {
      events,
      cursor: events.at(-1)?.seq ?? after,
      isDone: events.length < limit,
    };
  },
});

/** Append a custom event (the handler's `step.emit`). */
export const emit = mutation({
  args: { runId: v.string(), type: v.string(), data: v.optional(v.any()) },
  returns: v.number(),
  handler: async (ctx, args): Promise<number> => {
    checkEventType(args.type);
    checkEventData(args.data);
    const run = await requireActiveRun(ctx, args.runId);
    await updateRun(ctx, run, {}, [{ type: args.type, data: args.data }]);
    return run.eventSeq;
  },
});

/** Record reported progress (the handler's `step.progress`). */
export const reportProgress = mutation({
  args: {
    runId: v.string(),
    completed: v.optional(v.number()),
    total: v.optional(v.number()),
    message: v.optional(v.string()),
  },
  returns: v.null(),
  handler: async (ctx, args): Promise<null> => {
    const { runId, ...report } = args;
    checkProgress(report);
    const run = await requireActiveRun(ctx, runId);
    const { completed, total } = report;
    const fraction =
      completed !== undefined && total !== undefined && total > 0
        ? completed / total
        : undefined;
    const progress = { ...report, fraction, updatedAt: Date.now() };
    await updateRun(ctx, run, { progress }, [
      { type: "run.progress", data: report },
    ]);
    return null;
  },
});
