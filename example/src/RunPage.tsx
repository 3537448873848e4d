import { useRun, useRunSteps } from "convex-agent-workflows/react";
import { fns } from "./functions";
import { ApprovalCard } from "./ApprovalCard";
import { ErrorMessage } from "./ErrorMessage";
import { EventLog } from "./EventLog";
import { humanize } from "./format";
import { Icon } from "./icons";
import { LiveTextPanel } from "./LiveTextPanel";
import { PanelBoundary } from "./PanelBoundary";
import { Link, paths } from "./router";
import { RunDetails } from "./RunDetails";
import { RunHeader } from "./RunHeader";
import { StepTimeline } from "./StepTimeline";
import { isTerminal } from "./types";

function Breadcrumb({
  name,
  parentRunId,
}: {
  name?: string;
  parentRunId?: string;
}) {
  return (
    <nav className="breadcrumb" aria-label="Breadcrumb">
      <Link to={paths.runs()}>
        <Icon name="arrowLeft" size={14} />
        Runs
      </Link>
      {parentRunId && (
        <>
          <span aria-hidden>/</span>
          <Link to={paths.run(parentRunId)}>parent run</Link>
        </>
      )}
      {name && (
        <>
          <span aria-hidden>/</span>
          <span>{humanize(name)}</span>
        </>
      )}
    </nav>
  );
}

export function RunPage({ runId }: { runId: string }) {
  const { run, isLoading, error, progress } = useRun(fns.getRun, runId);
  const stepsState = useRunSteps(fns.listSteps, runId);
  const { steps } = stepsState;

  if (error) {
    return (
      <div className="run-page">
        <Breadcrumb />
        <ErrorMessage error={error} testId="run-load-error" />
      </div>
    );
  }
  if (isLoading || run === undefined || !progress) {
    return (
      <div className="run-page" data-testid="run-loading">
        <Breadcrumb />
        <div className="card card__pad">
          <span className="skeleton skeleton--wide" />
          <span className="skeleton" />
        </div>
      </div>
    );
  }
  if (run === null) {
    return (
      <div className="run-page">
        <Breadcrumb />
        <div className="card empty" data-testid="run-not-found">
          <p>
            No run with id <code>{runId}</code>. It may have been cleaned up.
          </p>
          <Link to={paths.runs()} className="btn btn--secondary">
            All runs
          </Link>
        </div>
      </div>
    );
  }

  const lastChild = steps.findLast((step) => step.childRunId !== undefined);
  const pending = run.pendingSignals.filter((r) => r.status === "pending");
  return (
    <div className="run-page" data-testid="run-page" data-run-id={run.runId}>
      <Breadcrumb name={run.name} parentRunId={run.parentRunId} />
      <RunHeader run={run} progress={progress} steps={steps} />
      <div className="run-grid">
        <div className="run-grid__main">
          {pending.map((request) => (
            <div key={request.requestId} className="run-approval">
              <h2 className="section-title">
                <Icon name="signal" />
                Waiting for your decision
              </h2>
              <ApprovalCard
                request={request}
                testId="pending-approval"
                showRunLink={false}
              />
            </div>
          ))}
          <PanelBoundary title="Steps">
            <StepTimeline
              runId={run.runId}
              steps={steps}
              isLoading={stepsState.isLoading}
              active={!isTerminal(run.status)}
              canLoadMore={stepsState.canLoadMore}
              loadMore={() => stepsState.loadMore()}
            />
          </PanelBoundary>
          <PanelBoundary title="Event log">
            <EventLog runId={run.runId} startedAt={run.startedAt} />
          </PanelBoundary>
        </div>
        <aside className="run-grid__side">
          <PanelBoundary title="Model output">
            <LiveTextPanel
              runId={run.runId}
              child={
                lastChild?.childRunId
                  ? { runId: lastChild.childRunId, name: lastChild.name }
                  : undefined
              }
            />
          </PanelBoundary>
          <RunDetails run={run} />
        </aside>
      </div>
    </div>
  );
}
