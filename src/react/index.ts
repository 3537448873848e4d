"use client";
export { useRun, type GetRunQuery, type UseRunResult } from "./useRun.js";
export { useRuns, type ListRunsQuery, type UseRunsResult } from "./useRuns.js";
export {
  useRunSteps,
  type ListStepsQuery,
  type UseRunStepsResult,
} from "./useRunSteps.js";
export {
  useRunEvents,
  type ListEventsQuery,
  type UseRunEventsResult,
} from "./useRunEvents.js";
export {
  useLiveText,
  type LiveTextQuery,
  type UseLiveTextResult,
} from "./useLiveText.js";
export {
  usePendingSignals,
  useSendSignal,
  useMutationState,
  type PendingSignalsQuery,
  type SendSignalMutation,
  type UsePendingSignalsResult,
} from "./useSignals.js";
export { useStartRun, type StartMutation } from "./useStartRun.js";
export { useConnection } from "./useConnection.js";
export { deriveProgress, type RunProgress } from "./progress.js";
export { errorInfo, type ErrorInfo } from "./errors.js";
