import { usePaginatedQuery_experimental } from "convex/react";
import type { FunctionReference, PaginationResult } from "convex/server";
import type { StepView } from "../shared/validators.js";
import { errorInfo, type ErrorInfo } from "./errors.js";

export type ListStepsQuery = FunctionReference<
  "query",
  "public",
  {
    runId: string;
    paginationOpts: { numItems: number; cursor: string | null };
  },
  PaginationResult<StepView>
>;

export type UseRunStepsResult = {
  steps: (StepView & { durationMs?: number })[];
  isLoading: boolean;
  error: ErrorInfo | null;
  canLoadMore: boolean;
  loadMore: (numItems?: number) => void;
};

/** A run's steps in order (status, kind, attempts, timing, LLM tokens and cost). */
export function useRunSteps(
  listSteps: ListStepsQuery,
  runId: string | "skip" | null | undefined,
  options: { pageSize?: number } = {},
): UseRunStepsResult {
  const pageSize = options.pageSize ?? 50;
  const skip = !runId || runId === "skip";
  const state = usePaginatedQuery_experimental({
    query: listSteps,
    args: skip ? "skip" : { runId },
    initialNumItems: pageSize,
  });
  const steps = (state.data ?? []) as StepView[];
  return {
    steps: steps.map((step) => ({
      ...step,
      durationMs:
        step.finishedAt !== undefined
          ? step.finishedAt - step.startedAt
          : undefined,
    })),
    isLoading: !skip && state.isLoading,
    error: state.status === "error" ? errorInfo(state.error) : null,
    canLoadMore: state.canLoadMore,
    loadMore: (numItems = pageSize) => state.loadMore(numItems),
  };
}
