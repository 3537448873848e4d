import type { RunStatus } from "./types";

/**
 * A run's progress: determinate when the workflow reports a total (or the
 * run completed), else indeterminate (animated while the run is active).
 * `stopped`: the run completed short of its total (a rejected reply).
 */
export function ProgressBar({
  percent,
  status,
  stopped = false,
  label,
  size = "md",
}: {
  percent: number | undefined;
  status: RunStatus;
  stopped?: boolean;
  label?: string;
  size?: "sm" | "md";
}) {
  const known = percent !== undefined;
  const active = status === "running" || status === "queued";
  return (
    <div
      className={`progress progress--${status} progress--${size}${stopped ? " progress--stopped" : ""}${known ? "" : " progress--indeterminate"}${active ? " progress--active" : ""}`}
      role="progressbar"
      aria-label={label ?? "Run progress"}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={known ? percent : undefined}
      aria-valuetext={known ? `${percent}%` : "In progress"}
      data-testid="progress-bar"
      data-state={known ? "determinate" : "indeterminate"}
    >
      <div
        className="progress__fill"
        style={known ? { width: `${percent}%` } : undefined}
      />
    </div>
  );
}
