// References to the app's exported publicApi functions, by module name: the
// CLI calls them like any client, so the app's policy decides what it may do.
import {
  makeFunctionReference,
  type DefaultFunctionArgs,
  type FunctionReference,
  type PaginationOptions,
  type PaginationResult,
} from "convex/server";
import type { LiveText } from "../shared/llmValidators.js";
import type { SignalRequest } from "../shared/signalValidators.js";
import type {
  EventPage,
  Run,
  RunStatus,
  RunSummary,
  StepView,
} from "../shared/validators.js";

/** The module the CLI looks for by default: `convex/workflowsApi.ts`. */
export const DEFAULT_API_MODULE = "workflowsApi";

type Query<Args extends DefaultFunctionArgs, Result> = FunctionReference<
  "query",
  "public",
  Args,
  Result
>;
type Mutation<Args extends DefaultFunctionArgs, Result> = FunctionReference<
  "mutation",
  "public",
  Args,
  Result
>;

/** The publicApi functions the CLI calls (README: which commands need which). */
export type PublicApiRefs = {
  start: Mutation<
    {
      workflow: string;
      input: unknown;
      tags?: string[];
      idempotencyKey?: string;
    },
    string
  >;
  getRun: Query<{ runId: string }, Run | null>;
  listRuns: Query<
    {
      owner?: string | null;
      status?: RunStatus;
      name?: string;
      tag?: string;
      paginationOpts: PaginationOptions;
    },
    PaginationResult<RunSummary>
  >;
  listSteps: Query<
    { runId: string; paginationOpts: PaginationOptions },
    PaginationResult<StepView>
  >;
  listEvents: Query<
    { runId: string; after?: number; limit?: number },
    EventPage
  >;
  liveText: Query<{ runId?: string; callId?: string }, LiveText | null>;
  pendingSignals: Query<
    {
      owner?: string | null;
      assignee?: string;
      runId?: string;
      paginationOpts: PaginationOptions;
    },
    PaginationResult<SignalRequest>
  >;
  sendSignal: Mutation<
    { runId: string; signal: string; value: unknown; requestId?: string },
    { status: string; requestId?: string }
  >;
  cancel: Mutation<{ runId: string }, null>;
  restart: Mutation<{ runId: string; from?: number | string }, null>;
};

const NAMES = [
  "start",
  "getRun",
  "listRuns",
  "listSteps",
  "listEvents",
  "liveText",
  "pendingSignals",
  "sendSignal",
  "cancel",
  "restart",
] as const satisfies readonly (keyof PublicApiRefs)[];

/**
 * References to `module`'s exports ("workflowsApi" or "dir/module"), e.g.
 * `publicApiRefs("workflowsApi").getRun` is `workflowsApi:getRun`.
 */
export function publicApiRefs(module: string): PublicApiRefs {
  const refs: Record<string, unknown> = {};
  for (const name of NAMES)
    refs[name] = makeFunctionReference(`${module}:${name}`);
  return refs as PublicApiRefs;
}
