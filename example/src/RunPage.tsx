import { useRun, useRunSteps } from "convex-agent-workflows/react";
import { fns } from "./functions";
import { ApprovalCard } from "./ApprovalCard";
import { ErrorMessage } from "./ErrorMessage";
import { EventLog } from "./EventLog";
import { humanize } from "./format";
import { Icon } from "./icons";
import { useIdentity } from "./identity";
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

/**
 * No run to show: none has this id, or it is another customer's. The
 * backend answers both the same way (NOT_AUTHORIZED for a customer, null
 * for an agent), so nobody learns whether someone else's run exists.
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
        <h1>Run not found</h1>
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
  // Steps once the run is known to be readable: a paginated subscription
  // whose query is refused would throw inside the Convex client.
  const stepsState = useRunSteps(fns.listSteps, run ? runId : "skip");
  const { steps } = stepsState;

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
  if (run === null) return <RunMissing runId={runId} />;

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
