import { useRun, useRunSteps } from "convex-agent-workflows/react";
import { fns } from "./functions";
import { ApprovalCard } from "./ApprovalCard";
import { DecisionHistory } from "./DecisionHistory";
import { ErrorMessage } from "./ErrorMessage";
import { EventLog } from "./EventLog";
import { humanize } from "./format";
import { Icon } from "./icons";
import { useIdentity } from "./identity";
import { LiveTextPanel } from "./LiveTextPanel";
import { PanelBoundary } from "./PanelBoundary";
import { RefusedDecisions } from "./RefusedDecisions";
import { Link, paths } from "./router";
import { RunDetails } from "./RunDetails";
import { RunHeader } from "./RunHeader";
import { numberSteps } from "./stepNames";
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

/**
 * No run to show: none has this id (never had, or it was deleted), or it
 * is another customer's. The backend answers a customer the same way for
 * both (NOT_AUTHORIZED), so nobody learns whether someone else's run exists.
 */
function RunMissing({ runId, code }: { runId: string; code?: string }) {
  const { user, isAgent } = useIdentity();
  return (
    <div className="run-page">
      <Breadcrumb />
      <div
        className="card empty run-missing"
        data-testid="run-not-found"
        data-code={code}
      >
        <span className="empty__icon empty__icon--warn">
          <Icon name="lock" size={20} />
        </span>
        <h1>No such run</h1>
        <p>
          There is no run <code>{runId}</code> that{" "}
          <strong>{user.subject}</strong> can see.{" "}
          {isAgent
            ? "It may have been cleaned up."
            : "It may belong to another customer: customers see only their own runs."}
        </p>
        <Link to={paths.runs()} className="btn btn--secondary">
          {isAgent ? "All runs" : "Your runs"}
        </Link>
      </div>
    </div>
  );
}

/** A pending approval as its customer sees it: no decision buttons. */
function AwaitingAgent({ title }: { title?: string }) {
  return (
    <div className="card readonly-approval" data-testid="awaiting-agent">
      <Icon name="sleep" />
      <p>
        {title ? <strong>{title} </strong> : null}A support agent reviews the
        drafted reply before it is sent to you.
      </p>
    </div>
  );
}

export function RunPage({ runId }: { runId: string }) {
  const { isAgent } = useIdentity();
  const { run, isLoading, error, progress } = useRun(fns.getRun, runId);
  // Steps once the run is known to be readable, through runSteps.list,
  // which answers "no steps" for a run that is gone: a paginated
  // subscription whose query fails throws inside the Convex client.
  const stepsState = useRunSteps(fns.runSteps, run ? runId : "skip");
  const steps = numberSteps(stepsState.steps);

  if (error?.code === "NOT_AUTHORIZED")
    return <RunMissing runId={runId} code={error.code} />;
  if (error) {
    return (
      <div className="run-page">
        <Breadcrumb />
        <ErrorMessage error={error} testId="run-load-error" />
      </div>
    );
  }
  if (run === null) return <RunMissing runId={runId} />;
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

  const lastChild = stepsState.steps.findLast(
    (step) => step.childRunId !== undefined,
  );
  const pending = run.pendingSignals.filter((r) => r.status === "pending");
  return (
    <div className="run-page" data-testid="run-page" data-run-id={run.runId}>
      <Breadcrumb name={run.name} parentRunId={run.parentRunId} />
      <RunHeader run={run} progress={progress} steps={steps} />
      <div className="run-grid">
        <div className="run-grid__main">
          {isAgent && (
            <RefusedDecisions
              pending={new Set(pending.map((r) => r.requestId))}
              runId={run.runId}
            />
          )}
          {pending.map((request) => (
            <div key={request.requestId} className="run-approval">
              <h2 className="section-title">
                <Icon name="signal" />
                {isAgent
                  ? "Waiting for your decision"
                  : "Waiting for a support agent"}
              </h2>
              {isAgent ? (
                <ApprovalCard
                  request={request}
                  testId="pending-approval"
                  showRunLink={false}
                />
              ) : (
                <AwaitingAgent title={request.title} />
              )}
            </div>
          ))}
          <PanelBoundary title="Decisions">
            <DecisionHistory runId={run.runId} />
          </PanelBoundary>
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
            <EventLog
              runId={run.runId}
              startedAt={run.startedAt}
              steps={steps}
            />
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
          <RunDetails run={run} steps={steps} />
        </aside>
      </div>
    </div>
  );
}
