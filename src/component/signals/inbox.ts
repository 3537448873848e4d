// The approvals inbox and a run's signal history (reactive queries).
import { paginator } from "convex-helpers/server/pagination";
import { paginationOptsValidator, type PaginationResult } from "convex/server";
import { v } from "convex/values";
import {
  SIGNAL_LIMITS,
  vSignalHistoryEntry,
  vSignalRequest,
  type SignalHistoryEntry,
  type SignalRequest,
} from "../../shared/signalValidators.js";
import { checkPaginationOpts, checkRunId } from "../../shared/validate.js";
import { vPaginationResult } from "../../shared/validators.js";
import { query } from "../_generated/server.js";
import { findRun, requireRun } from "../runStore.js";
import schema from "../schema.js";
import { historyEntry, requestView } from "./requests.js";

/**
 * Pending signal requests, newest first: those assigned to `assignee`,
 * those of one run, those of runs `owner` owns, any combination of them,
 * or all. Each combination is an index range.
 */
export const pendingSignals = query({
  args: {
    owner: v.optional(v.string()),
    assignee: v.optional(v.string()),
    runId: v.optional(v.string()),
    paginationOpts: paginationOptsValidator,
  },
  returns: vPaginationResult(vSignalRequest),
  handler: async (ctx, args): Promise<PaginationResult<SignalRequest>> => {
    checkPaginationOpts(args.paginationOpts);
    const db = paginator(ctx.db, schema);
    const { owner, assignee, runId } = args;
    if (runId !== undefined && owner !== undefined) {
      // A run has one owner: another owner's filter matches none of its requests.
      const run = await findRun(ctx, runId);
      if (run?.owner !== owner) return emptyPage;
    }
    if (assignee !== undefined) {
      const rows =
        runId !== undefined
          ? db
              .query("signalInbox")
              .withIndex("assignee_run", (q) =>
                q.eq("assignee", assignee).eq("workflowId", runId),
              )
          : owner !== undefined
            ? db
                .query("signalInbox")
                .withIndex("assignee_owner", (q) =>
                  q.eq("assignee", assignee).eq("owner", owner),
                )
            : db
                .query("signalInbox")
                .withIndex("assignee", (q) => q.eq("assignee", assignee));
      const result = await rows.order("desc").paginate(args.paginationOpts);
      const page: SignalRequest[] = [];
      for (const row of result.page) {
        const request = await ctx.db.get("signalRequests", row.requestId);
        if (request) page.push(requestView(request));
      }
      return { ...result, page };
    }
    const requests =
      runId !== undefined
        ? db
            .query("signalRequests")
            .withIndex("run_status", (q) =>
              q.eq("workflowId", runId).eq("status", "pending"),
            )
        : owner !== undefined
          ? db
              .query("signalRequests")
              .withIndex("owner_status", (q) =>
                q.eq("owner", owner).eq("status", "pending"),
              )
          : db
              .query("signalRequests")
              .withIndex("status", (q) => q.eq("status", "pending"));
    const result = await requests.order("desc").paginate(args.paginationOpts);
    return { ...result, page: result.page.map(requestView) };
  },
});

const emptyPage: PaginationResult<SignalRequest> = {
  page: [],
  continueCursor: "",
  isDone: true,
};

/**
 * A run's signal requests, newest first (at most 100), each with every
 * decision made on it: who, what, when, and how the request ended.
 */
export const signalHistory = query({
  args: { runId: v.string() },
  returns: v.array(vSignalHistoryEntry),
  handler: async (ctx, args): Promise<SignalHistoryEntry[]> => {
    const run = await requireRun(ctx, checkRunId(args.runId));
    const requests = await ctx.db
      .query("signalRequests")
      .withIndex("run", (q) => q.eq("workflowId", run.workflowId))
      .order("desc")
      .take(SIGNAL_LIMITS.maxHistory);
    const entries: SignalHistoryEntry[] = [];
    for (const request of requests) {
      entries.push(await historyEntry(ctx, request));
    }
    return entries;
  },
});
