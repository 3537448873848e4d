import { usePaginatedQuery_experimental } from "convex/react";
import type { FunctionReference, PaginationResult } from "convex/server";
import type { RunStatus, RunSummary } from "../shared/validators.js";
import { errorInfo, type ErrorInfo } from "./errors.js";
import { deriveProgress, type RunProgress } from "./progress.js";
import { useNow } from "./useNow.js";

/** `owner`: omitted = the caller's own runs, null = every owner's (if the policy allows). */
type Filter = {
  owner?: string | null;
  status?: RunStatus;
  name?: string;
  tag?: string;
};

export type ListRunsQuery = FunctionReference<
  "query",
  "public",
  Filter & { paginationOpts: { numItems: number; cursor: string | null } },
  PaginationResult<RunSummary>
>;

export type UseRunsResult = {
  runs: (RunSummary & { progressView: RunProgress })[];
  isLoading: boolean;
  error: ErrorInfo | null;
  canLoadMore: boolean;
  loadMore: (numItems?: number) => void;
};

/** Runs, newest first, with filters, a page at a time. */
export function useRuns(
  listRuns: ListRunsQuery,
  filter: Filter | "skip" = {},
  options: { pageSize?: number } = {},
): UseRunsResult {
  const pageSize = options.pageSize ?? 20;
  const state = usePaginatedQuery_experimental({
    query: listRuns,
    args: filter === "skip" ? "skip" : filter,
    initialNumItems: pageSize,
  });
  const results = (state.data ?? []) as RunSummary[];
  const now = useNow(
    results.some(
      (r) => !["completed", "failed", "canceled"].includes(r.status),
    ),
  );
  return {
    runs: results.map((run) => ({
      ...run,
      progressView: deriveProgress(run, now)!,
    })),
    isLoading: filter !== "skip" && state.isLoading,
    error: state.status === "error" ? errorInfo(state.error) : null,
    canLoadMore: state.canLoadMore,
    loadMore: (numItems = pageSize) => state.loadMore(numItems),
  };
}
