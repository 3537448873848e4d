import { useMutation, usePaginatedQuery_experimental } from "convex/react";
import type { FunctionReference, PaginationResult } from "convex/server";
import { useCallback, useState } from "react";
import type { SendResult, SignalRequest } from "../shared/signalValidators.js";
import { errorInfo, type ErrorInfo } from "./errors.js";

export type PendingSignalsQuery = FunctionReference<
  "query",
  "public",
  {
    owner?: string | null;
    assignee?: string;
    runId?: string;
    paginationOpts: { numItems: number; cursor: string | null };
  },
  PaginationResult<SignalRequest>
>;

export type UsePendingSignalsResult = {
  requests: SignalRequest[];
  isLoading: boolean;
  error: ErrorInfo | null;
  canLoadMore: boolean;
  loadMore: (numItems?: number) => void;
};

/** The approvals inbox: pending requests for an assignee or a run, newest first. */
export function usePendingSignals(
  pendingSignals: PendingSignalsQuery,
  /** `owner`: omitted = the caller's own runs, null = every owner's (if the policy allows). */
  filter:
    { owner?: string | null; assignee?: string; runId?: string } | "skip" = {},
  options: { pageSize?: number } = {},
): UsePendingSignalsResult {
  const pageSize = options.pageSize ?? 20;
  const state = usePaginatedQuery_experimental({
    query: pendingSignals,
    args: filter,
    initialNumItems: pageSize,
  });
  return {
    requests: (state.data ?? []) as SignalRequest[],
    isLoading: filter !== "skip" && state.isLoading,
    error: state.status === "error" ? errorInfo(state.error) : null,
    canLoadMore: state.canLoadMore,
    loadMore: (numItems = pageSize) => state.loadMore(numItems),
  };
}

export type SendSignalMutation = FunctionReference<
  "mutation",
  "public",
  {
    runId: string;
    signal: string;
    value: any;
    requestId?: string;
    by?: string;
  },
  SendResult
>;

export type UseMutationState<Args, Result> = {
  /** Resolves with the result, or undefined when it failed (see `error`). */
  run: (args: Args) => Promise<Result | undefined>;
  isPending: boolean;
  error: ErrorInfo | null;
  reset: () => void;
};

/** A mutation with its pending state and its error (code, message, fields) kept. */
export function useMutationState<
  M extends FunctionReference<"mutation", "public">,
>(mutation: M): UseMutationState<M["_args"], M["_returnType"]> {
  const call = useMutation(mutation);
  const [isPending, setPending] = useState(false);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const run = useCallback(
    async (args: M["_args"]) => {
      setPending(true);
      setError(null);
      try {
        return await call(args);
      } catch (e) {
        setError(errorInfo(e));
        return undefined;
      } finally {
        setPending(false);
      }
    },
    [call],
  );
  return { run, isPending, error, reset: () => setError(null) };
}

/** Send a signal (approve, reject, edit) through the app's `sendSignal`. */
export function useSendSignal(sendSignal: SendSignalMutation) {
  const { run, isPending, error, reset } = useMutationState(sendSignal);
  return { send: run, isSending: isPending, error, reset };
}
