import type { RunProgress } from "convex-agent-workflows/react";
import { formatDuration, humanize, timeAgo } from "./format";
import { Icon } from "./icons";
import { displayName, useIdentity } from "./identity";
import { runOutcome, shownPercent, stoppedShort } from "./outcome";
import { ProgressBar } from "./ProgressBar";
import { RunControls } from "./RunControls";
import { runCost } from "./runCost";
import { StatusPill } from "./StatusPill";
import { stepLabel, type NumberedStep } from "./stepNames";
import type { Run } from "./types";
import { UsageSummary } from "./UsageSummary";
import { useClock } from "./useClock";

function progressText(run: Run, progress: RunProgress): string {
  if (run.status === "failed") return run.error?.message ?? "Failed";
  if (run.status === "canceled") return "Canceled";
  if (run.status === "completed") {
    const outcome = runOutcome(run);
    const ended = outcome ? `Completed: ${outcome.key}` : "Completed";
    return stoppedShort(run.status, progress)
      ? `${ended} · stopped at ${progress.completed} / ${progress.total}`
      : outcome || !progress.message
        ? ended
        : progress.message;
  }
  if (progress.message) return progress.message;
  if (progress.currentStep) return `Running ${stepLabel(progress.currentStep)}`;
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
  steps: NumberedStep[];
}) {
  const now = useClock();
  const { isAgent } = useIdentity();
  const outcome = runOutcome(run);
  const percent = shownPercent(run.status, progress);
  const cost = runCost(run);
  const counted =
    progress.total !== undefined
      ? `${progress.completed} / ${progress.total}`
      : `${progress.completed} step${progress.completed === 1 ? "" : "s"}`;
  return (
    <section className="card run-head" data-testid="run-header">
      <div className="run-head__top">
        <div className="run-head__title">
          <div className="run-head__name-row">
            <h1 data-testid="run-name" title={`Workflow ${run.name}`}>
              {humanize(run.name)}
            </h1>
            <StatusPill status={run.status} outcome={outcome} />
            {run.parentRunId && (
              <span className="tag tag--child">
                <Icon name="child" size={12} />
                child run
              </span>
            )}
          </div>
          <div className="run-head__meta">
            <span className="owner" title={`Owner: ${run.owner ?? "none"}`}>
              <Icon name="user" size={12} />
              <span data-testid="run-owner" data-owner={run.owner}>
                {run.owner ? displayName(run.owner) : "no owner"}
              </span>
            </span>
            <span className="dot-sep" />
            <span title={new Date(run.startedAt).toString()}>
              started {timeAgo(run.startedAt, now)}
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
          <span className="stat__value" data-testid="run-progress-count">
            {counted}
          </span>
        </div>
        <div className="stat">
          <span className="stat__label" data-testid="run-cost-label">
            {cost.includesChildren ? "Cost incl. child runs" : "LLM usage"}
          </span>
          <span className="stat__value">
            <UsageSummary
              usage={cost.usage}
              detailed
              includesChildren={cost.includesChildren}
            />
          </span>
        </div>
        <div className="stat">
          <span className="stat__label">Current step</span>
          <span
            className="stat__value stat__value--text"
            data-testid="run-current-step"
          >
            {progress.currentStep
              ? stepLabel(progress.currentStep)
              : progress.done
                ? "—"
                : "starting"}
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
            {percent !== undefined ? `${percent}%` : ""}
          </span>
        </div>
        <ProgressBar
          percent={percent}
          status={run.status}
          stopped={outcome?.tone === "stopped"}
        />
      </div>
    </section>
  );
}
