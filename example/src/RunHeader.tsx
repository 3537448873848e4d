import type { RunProgress } from "convex-agent-workflows/react";
import { formatDuration, humanize, timeAgo } from "./format";
import { Icon } from "./icons";
import { useIdentity } from "./identity";
import { ProgressBar } from "./ProgressBar";
import { RunControls } from "./RunControls";
import { StatusPill } from "./StatusPill";
import type { Run, Step } from "./types";
import { UsageSummary } from "./UsageSummary";
import { useClock } from "./useClock";

function progressText(run: Run, progress: RunProgress): string {
  if (run.status === "failed") return run.error?.message ?? "Failed";
  if (run.status === "canceled") return "Canceled";
  if (run.status === "completed") {
    const outcome = (run.output as { status?: unknown } | undefined)?.status;
    const final =
      progress.total === undefined || progress.completed >= progress.total;
    if (typeof outcome === "string") return `Completed: ${outcome}`;
    return final && progress.message ? progress.message : "Completed";
  }
  if (progress.message) return progress.message;
  if (progress.currentStep) return `Running ${progress.currentStep}`;
  return run.status === "queued" ? "Queued" : "Working";
}

/** Name, status, timing, spend, progress and the run's controls. */
export function RunHeader({
  run,
  progress,
  steps,
}: {
  run: Run;
  progress: RunProgress;
  steps: Step[];
}) {
  const now = useClock();
  const { isAgent } = useIdentity();
  const counted =
    progress.total !== undefined
      ? `${progress.completed} / ${progress.total}`
      : `${progress.completed} step${progress.completed === 1 ? "" : "s"}`;
  return (
    <section className="card run-head" data-testid="run-header">
      <div className="run-head__top">
        <div className="run-head__title">
          <div className="run-head__name-row">
            <h1 data-testid="run-name">{humanize(run.name)}</h1>
            <StatusPill status={run.status} />
            {run.parentRunId && (
              <span className="tag tag--child">
                <Icon name="child" size={12} />
                child run
              </span>
            )}
          </div>
          <div className="run-head__meta">
            <code title="Run id" data-testid="run-id">
              {run.runId}
            </code>
            <span className="dot-sep" />
            <span>
              workflow <code>{run.name}</code>
            </span>
            <span className="dot-sep" />
            <span title={new Date(run.startedAt).toString()}>
              started {timeAgo(run.startedAt, now)}
            </span>
            <span className="dot-sep" />
            <span className="owner" title="Owner">
              <Icon name="user" size={12} />
              <span data-testid="run-owner">{run.owner ?? "no owner"}</span>
            </span>
          </div>
        </div>
        {isAgent ? (
          <RunControls run={run} steps={steps} />
        ) : (
          <p className="controls__note" data-testid="controls-note">
            Support agents cancel and restart runs.
          </p>
        )}
      </div>
      <div className="stats">
        <div className="stat">
          <span className="stat__label">Elapsed</span>
          <span className="stat__value" data-testid="run-elapsed">
            {formatDuration(progress.elapsedMs)}
          </span>
        </div>
        <div className="stat">
          <span className="stat__label">Progress</span>
          <span className="stat__value">{counted}</span>
        </div>
        <div className="stat">
          <span className="stat__label">LLM usage</span>
          <span className="stat__value">
            <UsageSummary usage={run.usage} detailed />
          </span>
        </div>
        <div className="stat">
          <span className="stat__label">Current step</span>
          <span
            className="stat__value stat__value--text"
            data-testid="run-current-step"
          >
            {progress.currentStep ?? (progress.done ? "—" : "starting")}
          </span>
        </div>
      </div>
      <div className="run-progress">
        <div className="run-progress__labels">
          <span
            className={`run-progress__message${run.status === "failed" ? " error-text" : ""}`}
            data-testid="progress-message"
          >
            {progressText(run, progress)}
          </span>
          <span className="run-progress__percent">
            {progress.percent !== undefined ? `${progress.percent}%` : ""}
          </span>
        </div>
        <ProgressBar percent={progress.percent} status={run.status} />
      </div>
    </section>
  );
}
