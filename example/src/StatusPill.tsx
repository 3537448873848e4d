import type { Outcome } from "./outcome";
import type { RunStatus } from "./types";

const LABELS: Record<RunStatus, string> = {
  queued: "Queued",
  running: "Running",
  waiting: "Waiting",
  completed: "Completed",
  failed: "Failed",
  canceled: "Canceled",
};

/**
 * A run's status as a colored pill (data-status carries the raw value). A
 * completed run with a known outcome shows the outcome instead ("Answered",
 * "Rejected"): a rejected reply is no green "Completed".
 */
export function StatusPill({
  status,
  outcome,
  size = "md",
}: {
  status: RunStatus;
  outcome?: Outcome;
  size?: "sm" | "md";
}) {
  const tone = outcome?.tone === "stopped" ? " pill--stopped" : "";
  return (
    <span
      className={`pill pill--${status}${tone} pill--${size}`}
      data-testid="status-pill"
      data-status={status}
      data-outcome={outcome?.key}
      title={outcome ? `Completed: ${outcome.key}` : undefined}
    >
      <span className="pill__dot" aria-hidden />
      {outcome?.label ?? LABELS[status]}
    </span>
  );
}
