import { useQuery_experimental } from "convex/react";
import type { FunctionReference } from "convex/server";
import type { Run } from "../shared/validators.js";
import { errorInfo, type ErrorInfo } from "./errors.js";
import { deriveProgress, type RunProgress } from "./progress.js";
import { useNow } from "./useNow.js";

export type GetRunQuery = FunctionReference<
  "query",
  "public",
  { runId: string },
  Run | null
>;

export type UseRunResult = {
  /** The run; null when there is no such run; undefined while loading. */
  run: Run | null | undefined;
  isLoading: boolean;
  error: ErrorInfo | null;
  /** Derived progress (steps, percent, current step, elapsed time). */
  progress: RunProgress | undefined;
};

/**
 * A run's live state from the app's exported `getRun` (see
 * `flows.publicApi`). Pass "skip" (or no id) to load nothing.
 */
export function useRun(
  getRun: GetRunQuery,
  runId: string | "skip" | null | undefined,
): UseRunResult {
  const skip = !runId || runId === "skip";
  const state = useQuery_experimental({
    query: getRun,
    args: skip ? "skip" : { runId },
  });
  const run = state.status === "success" ? state.data : undefined;
  const active =
    !!run && !["completed", "failed", "canceled"].includes(run.status);
  const now = useNow(active);
  return {
    run,
    isLoading: !skip && state.status === "pending",
    error: state.status === "error" ? errorInfo(state.error) : null,
    progress: deriveProgress(run, now),
  };
}
