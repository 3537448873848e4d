import { useRuns } from "convex-agent-workflows/react";
import { fns } from "./functions";
import { ErrorMessage } from "./ErrorMessage";
import { Icon } from "./icons";
import { useIdentity } from "./identity";
import { LlmPoolPanel } from "./LlmPoolPanel";
import { PanelBoundary } from "./PanelBoundary";
import { Link, paths } from "./router";
import { RunRow } from "./RunRow";
import { nestRuns } from "./runTree";
import type { RunStatus } from "./types";
import { useClock } from "./useClock";

const TABS: { status?: RunStatus; label: string }[] = [
  { label: "All" },
  { status: "running", label: "Running" },
  { status: "waiting", label: "Waiting" },
  { status: "completed", label: "Completed" },
  { status: "failed", label: "Failed" },
  { status: "canceled", label: "Canceled" },
];

const isStatus = (value: string | undefined): value is RunStatus =>
  TABS.some((tab) => tab.status !== undefined && tab.status === value);

export function RunsPage({ status: requested }: { status?: string }) {
  const status = isStatus(requested) ? requested : undefined;
  const { isAgent } = useIdentity();
  // Agents list every owner's runs (owner: null); customers their own (the
  // default), as the backend's policy allows.
  const { runs, isLoading, error, canLoadMore, loadMore } = useRuns(
    fns.listRuns,
    { ...(isAgent ? { owner: null } : {}), ...(status ? { status } : {}) },
    { pageSize: 25 },
  );
  const now = useClock();
  const rows = nestRuns(runs);
  return (
    <div className="runs">
      <div className="page-head">
        <div>
          <h1>{isAgent ? "All runs" : "Your runs"}</h1>
          <p
            className="page-head__sub"
            data-testid="runs-scope"
            data-scope={isAgent ? "all" : "own"}
          >
            {isAgent
              ? "Every customer's runs, newest first, live. Child runs sit under their parent."
              : "The runs of the tickets you submitted, newest first, live. Other customers' runs are not shown to you; support agents see every run."}
          </p>
        </div>
        <Link to={paths.newTicket()} className="btn btn--primary">
          <Icon name="plus" />
          New ticket
        </Link>
      </div>
      {isAgent && (
        <PanelBoundary title="Model calls">
          <LlmPoolPanel />
        </PanelBoundary>
      )}
      <div className="tabs" role="tablist" aria-label="Filter by status">
        {TABS.map((tab) => {
          const selected = tab.status === status;
          return (
            <Link
              key={tab.label}
              to={paths.runs(tab.status)}
              role="tab"
              aria-selected={selected}
              className={`tab${selected ? " tab--active" : ""}`}
              data-testid={`status-tab-${tab.status ?? "all"}`}
            >
              {tab.status && (
                <span
                  className={`tab__dot tab__dot--${tab.status}`}
                  aria-hidden
                />
              )}
              {tab.label}
            </Link>
          );
        })}
      </div>
      <ErrorMessage error={error} testId="runs-error" />
      <div className="card table" data-testid="runs-table">
        <div className="table__head" aria-hidden>
          <span>Run</span>
          <span>Status</span>
          <span>Progress</span>
          <span>LLM cost, child runs included</span>
          <span>Started</span>
        </div>
        {isLoading && runs.length === 0 ? (
          <div className="table__loading" data-testid="runs-loading">
            {[0, 1, 2].map((i) => (
              <div key={i} className="skeleton-row">
                <span className="skeleton" />
                <span className="skeleton" />
                <span className="skeleton" />
              </div>
            ))}
          </div>
        ) : rows.length === 0 ? (
          <div className="empty empty--table" data-testid="runs-empty">
            <p>
              {status
                ? `No ${status} runs.`
                : "No runs yet. Submit a ticket to start one."}
            </p>
            {!status && (
              <Link to={paths.newTicket()} className="btn btn--secondary">
                New ticket
              </Link>
            )}
          </div>
        ) : (
          rows.map((item) => (
            <RunRow key={item.run.runId} item={item} now={now} />
          ))
        )}
      </div>
      {canLoadMore && (
        <div className="load-more">
          <button
            type="button"
            className="btn btn--secondary"
            onClick={() => loadMore()}
            data-testid="runs-load-more"
          >
            Load more
          </button>
        </div>
      )}
    </div>
  );
}
