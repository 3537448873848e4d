// How a finished run ended, in the demo's own terms, and the progress to
// show with it. A completed run is not always a success: a rejected reply
// completes the workflow at step 3 of 5. The pill names the outcome and the
// bar stops where the run stopped, so they agree with "3 / 5".
import type { RunProgress } from "convex-agent-workflows/react";
import { humanize } from "./format";
import type { RunStatus } from "./types";

/** A completed run's outcome, from its output's `status` (supportTicket's). */
export type Outcome = {
  /** The output's status: answered, escalated, rejected, expired... */
  key: string;
  label: string;
  /** Whether the run did what it set out to (a reply sent) or stopped short. */
  tone: "done" | "stopped";
};

/** Outcomes where the workflow ends before its last step. */
const STOPPED_SHORT: ReadonlySet<string> = new Set(["rejected", "expired"]);

/** The outcome of a completed run whose output has a `status`; else none. */
export function runOutcome(run: {
  status: RunStatus;
  output?: unknown;
}): Outcome | undefined {
  if (run.status !== "completed") return undefined;
  const output = run.output;
  const status =
    typeof output === "object" && output !== null && "status" in output
      ? output.status
      : undefined;
  if (typeof status !== "string") return undefined;
  return {
    key: status,
    label: humanize(status),
    tone: STOPPED_SHORT.has(status) ? "stopped" : "done",
  };
}

/**
 * The bar's percent. The hooks say 100 for any completed run; a run that
 * completed short of the total it reported shows where it stopped instead.
 */
export function shownPercent(
  status: RunStatus,
  progress: Pick<RunProgress, "completed" | "total" | "percent">,
): number | undefined {
  const { completed, total } = progress;
  if (status === "completed" && total !== undefined && completed < total)
    return total > 0 ? Math.round((completed / total) * 100) : 0;
  return progress.percent;
}

/** Whether a completed run stopped before the total it reported. */
export function stoppedShort(
  status: RunStatus,
  progress: Pick<RunProgress, "completed" | "total">,
): boolean {
  return (
    status === "completed" &&
    progress.total !== undefined &&
    progress.completed < progress.total
  );
}
