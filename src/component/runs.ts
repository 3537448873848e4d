// Reactive reads of run state. Each reads a bounded number of documents,
// however many steps a run has.
import { paginator } from "convex-helpers/server/pagination";
import { paginationOptsValidator, type PaginationResult } from "convex/server";
import { v } from "convex/values";
import { checkPaginationOpts, checkRunId } from "../shared/validate.js";
import {
  isTerminal,
  vPaginationResult,
  vRun,
  vRunStatus,
  vRunSummary,
  type Run,
  type RunStatus,
  type RunSummary,
} from "../shared/validators.js";
import { components } from "./_generated/api.js";
import { query, type QueryCtx } from "./_generated/server.js";
import { queueInfo } from "./llm/queueInfo.js";
import { findRun, journalOf } from "./runStore.js";
import schema from "./schema.js";
import { requestView } from "./signals/requests.js";
import { isInternalStep, recordedStepKind } from "./stepStarts.js";
import { runSummary } from "./views.js";

const MAX_PENDING_SHOWN = 20;

/** A run's live state, or null when there is no such run. */
export const getRun = query({
  args: { runId: v.string() },
  returns: v.union(vRun, v.null()),
  handler: async (ctx, args): Promise<Run | null> => {
    checkRunId(args.runId);
    const run = await findRun(ctx, args.runId);
    if (!run) return null;
    let status = run.status;
    const currentSteps: Run["currentSteps"] = [];
    if (!isTerminal(run.status)) {
      const nested = await ctx.runQuery(
        components.workflow.workflow.getStatus,
        { workflowId: journalOf(run) },
      );
      // A child killed by a limit ends inside the workflow component without
      // passing our hooks: show what the journal says.
      status = statusFromResult(nested.workflow.runResult?.kind) ?? status;
      for (const entry of nested.inProgress) {
        if (isInternalStep(entry.step.name)) continue;
        currentSteps.push({
          name: entry.step.name,
          stepNumber: entry.stepNumber,
          kind: await recordedStepKind(ctx, journalOf(run), entry),
          startedAt: entry.step.startedAt,
        });
      }
    }
    // Bounded: a run waits on few requests at once.
    const pendingSignals = await ctx.db
      .query("signalRequests")
      .withIndex("run_status", (q) =>
        q.eq("workflowId", run.workflowId).eq("status", "pending"),
      )
      .take(MAX_PENDING_SHOWN);
    return {
      ...runSummary(run, status),
      input: run.input,
      output: run.output,
      currentSteps,
      pendingSignals: pendingSignals.map(requestView),
      queuedLlmCalls: isTerminal(run.status)
        ? undefined
        : await queuedCalls(ctx, run.workflowId),
    };
  },
});

const MAX_QUEUED_SHOWN = 10;

/** A run's LLM calls that have not started, with their place in line. */
async function queuedCalls(ctx: QueryCtx, workflowId: string) {
  const shown: NonNullable<Run["queuedLlmCalls"]> = [];
  for (const status of ["queued", "retrying"] as const) {
    const calls = await ctx.db
      .query("llmCalls")
      .withIndex("run_status", (q) =>
        q.eq("workflowId", workflowId).eq("status", status),
      )
      .take(MAX_QUEUED_SHOWN - shown.length);
    for (const call of calls) {
      const queue = await queueInfo(ctx, call);
      if (queue) shown.push({ callId: call._id, name: call.name, ...queue });
    }
  }
  return shown;
}

function statusFromResult(
  kind: "success" | "failed" | "canceled" | undefined,
): RunStatus | undefined {
  if (kind === "success") return "completed";
  if (kind === "failed") return "failed";
  if (kind === "canceled") return "canceled";
  return undefined;
}

/**
 * Runs, newest first, filtered by any of owner, status, name and tag. Every
 * combination of filters is one index range, never a scan.
 */
export const listRuns = query({
  args: {
    owner: v.optional(v.string()),
    status: v.optional(vRunStatus),
    name: v.optional(v.string()),
    tag: v.optional(v.string()),
    paginationOpts: paginationOptsValidator,
  },
  returns: vPaginationResult(vRunSummary),
  handler: async (ctx, args): Promise<PaginationResult<RunSummary>> => {
    checkPaginationOpts(args.paginationOpts);
    if (args.tag !== undefined) return await listByTag(ctx, args, args.tag);
    const db = paginator(ctx.db, schema);
    const { owner, status, name } = args;
    const runs =
      owner !== undefined
        ? name !== undefined && status !== undefined
          ? db
              .query("runs")
              .withIndex("owner_name_status", (q) =>
                q.eq("owner", owner).eq("name", name).eq("status", status),
              )
          : name !== undefined
            ? db
                .query("runs")
                .withIndex("owner_name", (q) =>
                  q.eq("owner", owner).eq("name", name),
                )
            : status !== undefined
              ? db
                  .query("runs")
                  .withIndex("owner_status", (q) =>
                    q.eq("owner", owner).eq("status", status),
                  )
              : db.query("runs").withIndex("owner", (q) => q.eq("owner", owner))
        : name !== undefined && status !== undefined
          ? db
              .query("runs")
              .withIndex("name_status", (q) =>
                q.eq("name", name).eq("status", status),
              )
          : name !== undefined
            ? db.query("runs").withIndex("name", (q) => q.eq("name", name))
            : status !== undefined
              ? db
                  .query("runs")
                  .withIndex("status", (q) => q.eq("status", status))
              : db.query("runs");
    const result = await runs.order("desc").paginate(args.paginationOpts);
    return { ...result, page: result.page.map((run) => runSummary(run)) };
  },
});

async function listByTag(
  ctx: QueryCtx,
  args: {
    owner?: string;
    status?: RunStatus;
    name?: string;
    paginationOpts: { numItems: number; cursor: string | null };
  },
  tag: string,
): Promise<PaginationResult<RunSummary>> {
  const db = paginator(ctx.db, schema);
  const { owner, status, name } = args;
  const rows =
    owner !== undefined
      ? name !== undefined && status !== undefined
        ? db
            .query("runTags")
            .withIndex("owner_tag_name_status", (q) =>
              q
                .eq("owner", owner)
                .eq("tag", tag)
                .eq("name", name)
                .eq("status", status),
            )
        : name !== undefined
          ? db
              .query("runTags")
              .withIndex("owner_tag_name", (q) =>
                q.eq("owner", owner).eq("tag", tag).eq("name", name),
              )
          : status !== undefined
            ? db
                .query("runTags")
                .withIndex("owner_tag_status", (q) =>
                  q.eq("owner", owner).eq("tag", tag).eq("status", status),
                )
            : db
                .query("runTags")
                .withIndex("owner_tag", (q) =>
                  q.eq("owner", owner).eq("tag", tag),
                )
      : name !== undefined && status !== undefined
        ? db
            .query("runTags")
            .withIndex("tag_name_status", (q) =>
              q.eq("tag", tag).eq("name", name).eq("status", status),
            )
        : name !== undefined
          ? db
              .query("runTags")
              .withIndex("tag_name", (q) => q.eq("tag", tag).eq("name", name))
          : status !== undefined
            ? db
                .query("runTags")
                .withIndex("tag_status", (q) =>
                  q.eq("tag", tag).eq("status", status),
                )
            : db.query("runTags").withIndex("tag", (q) => q.eq("tag", tag));
  const result = await rows.order("desc").paginate(args.paginationOpts);
  const page: RunSummary[] = [];
  for (const row of result.page) {
    const run = await ctx.db.get("runs", row.runId);
    if (run) page.push(runSummary(run));
  }
  return { ...result, page };
}
