import type { FunctionReference } from "convex/server";
import { useMutationState } from "./useSignals.js";

export type StartMutation = FunctionReference<
  "mutation",
  "public",
  any,
  string | { runId: string }
>;

/**
 * Start a run through an app mutation (`publicApi().start`, or the app's
 * own form mutation). `error.fields` maps input fields to their messages
 * (INVALID_INPUT), ready to show next to each field.
 */
export function useStartRun<M extends StartMutation>(start: M) {
  const { run, isPending, error, reset } = useMutationState(start);
  return { start: run, isStarting: isPending, error, reset };
}
