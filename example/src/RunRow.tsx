import { formatDuration, humanize, shortId, timeAgo } from "./format";
import { Icon } from "./icons";
import { personName } from "./identity";
import { shownPercent, stoppedShort } from "./outcome";
import { ProgressBar } from "./ProgressBar";
import { runCost } from "./runCost";
import { Link, paths } from "./router";
import type { RunRowItem } from "./runTree";
import { StatusPill } from "./StatusPill";
import { UsageSummary } from "./UsageSummary";

/** What the run does now, or how it ended. */
function activity(item: RunRowItem["run"]): string {
  const progress = item.progressView;
  if (item.status === "failed") return item.error?.message ?? "Failed";
  if (item.status === "canceled") return "Canceled";
  if (item.status === "completed") {
    // A run that stopped short reports why ("Reply rejected") as it ends.
    if (stoppedShort(item.status, progress))
      return `${progress.message ?? "Completed"} · ${progress.completed} / ${progress.total}`;
    return progress.message ?? "Completed";
  }
  return (
    progress.message ??
    progress.currentStep ??
    (item.status === "queued" ? "Queued" : `${progress.completed} steps done`)
  );
}

export function RunRow({ item, now }: { item: RunRowItem; now: number }) {
  const { run, depth, orphan } = item;
  const progress = run.progressView;
  const child = !!run.parentRunId;
  return (
    <Link
      to={paths.run(run.runId)}
      className={`run-row run-row--depth-${depth}`}
      data-testid="run-row"
      data-run-id={run.runId}
      data-status={run.status}
      data-child={child ? "true" : undefined}
    >
      <span className="run-row__name">
        {depth > 0 && <span className="run-row__elbow" aria-hidden />}
        <span className="run-row__title">
          <span className="run-row__label">
            {humanize(run.name)}
            {child && (
              <span className="tag tag--child" data-testid="child-label">
                <Icon name="child" size={12} />
                child
              </span>
            )}
          </span>
          <span className="run-row__meta">
            {run.owner && (
              <span
                className="owner"
                data-testid="run-owner"
                data-owner={run.owner}
                title={`Owner: ${run.owner}`}
              >
                <Icon name="user" size={12} />
                {personName(run.owner)}
              </span>
            )}
            {orphan && run.parentRunId && (
              <span>of {shortId(run.parentRunId)}</span>
            )}
          </span>
        </span>
      </span>
      <span className="run-row__status">
        <StatusPill status={run.status} size="sm" />
      </span>
      <span className="run-row__progress">
        <ProgressBar
          percent={shownPercent(run.status, progress)}
          status={run.status}
          stopped={stoppedShort(run.status, progress)}
          size="sm"
        />
        <span
          className={`run-row__activity${run.status === "failed" ? " run-row__activity--error" : ""}`}
          data-testid="run-activity"
        >
          {activity(run)}
        </span>
      </span>
      <span className="run-row__usage">
        <UsageSummary {...runCost(run)} />
      </span>
      <span
        className="run-row__time"
        title={new Date(run.startedAt).toString()}
      >
        <span>{timeAgo(run.startedAt, now)}</span>
        <span className="run-row__elapsed" title="Elapsed">
          <Icon name="sleep" size={12} />
          {formatDuration(progress.elapsedMs)}
        </span>
      </span>
    </Link>
  );
}
