import type { RunStatus } from "./types";

const LABELS: Record<RunStatus, string> = {
  queued: "Queued",
  running: "Running",
  waiting: "Waiting",
  completed: "Completed",
  failed: "Failed",
  canceled: "Canceled",
};

/** A run's status as a colored pill (data-status carries the raw value). */
export function StatusPill({
  status,
  size = "md",
}: {
  status: RunStatus;
  size?: "sm" | "md";
}) {
  return (
    <span
      className={`pill pill--${status} pill--${size}`}
      data-testid="status-pill"
      data-status={status}
    >
      <span className="pill__dot" aria-hidden />
      {LABELS[status]}
    </span>
  );
}
