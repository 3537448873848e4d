import type { PaginationOptions, PaginationResult } from "convex/server";
import { checkRunId } from "../shared/validate.js";
import type {
  EventPage,
  Run,
  RunId,
  RunStatus,
  RunSummary,
  StepDetail,
  StepView,
} from "../shared/validators.js";
import type { AgentWorkflowsComponent, RunQueryCtx } from "./types.js";

/** A run's live state (status, input, output, error, progress, current steps), or null. */
export async function getRun(
  ctx: RunQueryCtx,
  component: AgentWorkflowsComponent,
  runId: RunId,
): Promise<Run | null> {
  return (await ctx.runQuery(component.runs.getRun, {
    runId: checkRunId(runId),
  })) as Run | null;
}

export type ListRunsOptions = {
  /** Only runs this owner owns. */
  owner?: string;
  status?: RunStatus;
  name?: string;
  tag?: string;
  paginationOpts: PaginationOptions;
};

/** Runs, newest first, filtered through indexes by owner, status, name and tag. */
export async function listRuns(
  ctx: RunQueryCtx,
  component: AgentWorkflowsComponent,
  options: ListRunsOptions,
): Promise<PaginationResult<RunSummary>> {
  return (await ctx.runQuery(component.runs.listRuns, {
    owner: options.owner,
    status: options.status,
    name: options.name,
    tag: options.tag,
    paginationOpts: options.paginationOpts,
  })) as PaginationResult<RunSummary>;
}

/** A run's steps in journal order, a page at a time. */
export async function listSteps(
  ctx: RunQueryCtx,
  component: AgentWorkflowsComponent,
  runId: RunId,
  paginationOpts: PaginationOptions,
  options: { includeInternal?: boolean } = {},
): Promise<PaginationResult<StepView>> {
  return (await ctx.runQuery(component.steps.listSteps, {
    runId: checkRunId(runId),
    paginationOpts,
    includeInternal: options.includeInternal,
  })) as PaginationResult<StepView>;
}

/**
 * One step with its whole input and output (`StepDetail`), by its number in
 * `segment` (default: the run's current one); null if there is none.
 */
export async function getStep(
  ctx: RunQueryCtx,
  component: AgentWorkflowsComponent,
  runId: RunId,
  stepNumber: number,
  options: { segment?: number } = {},
): Promise<StepDetail | null> {
  return (await ctx.runQuery(component.steps.getStep, {
    runId: checkRunId(runId),
    stepNumber,
    segment: options.segment,
  })) as StepDetail | null;
}

/** A run's events after a cursor (0 for the start). */
export async function listEvents(
  ctx: RunQueryCtx,
  component: AgentWorkflowsComponent,
  runId: RunId,
  options: { after?: number; limit?: number } = {},
): Promise<EventPage> {
  return await ctx.runQuery(component.events.listEvents, {
    runId: checkRunId(runId),
    after: options.after,
    limit: options.limit,
  });
}
