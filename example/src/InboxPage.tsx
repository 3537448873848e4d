import {
  errorInfo,
  usePendingSignals,
  type ErrorInfo,
} from "convex-agent-workflows/react";
import { useConvex } from "convex/react";
import { useEffect, useState } from "react";
import { fns } from "./functions";
import { ApprovalCard } from "./ApprovalCard";
import { ErrorMessage } from "./ErrorMessage";
import { Icon } from "./icons";
import { useIdentity } from "./identity";
import { RefusedDecisions } from "./RefusedDecisions";
import { Link, paths } from "./router";

function ApprovalPolicy() {
  return (
    <aside className="card policy" aria-label="How approvals work">
      <h2 className="card__title">How approvals work</h2>
      <ul className="policy__list">
        <li>
          Requests for <code>team:support</code> are answered by the support
          agents on the app&apos;s staff list, whoever owns the run.
        </li>
        <li>
          The decision is made as the signed-in agent: the backend reads who
          from the session, never from the request.
        </li>
        <li>
          Customers see their own tickets waiting here only as &quot;waiting for
          a support agent&quot;; the backend refuses them this inbox with{" "}
          <code>NOT_AUTHORIZED</code>.
        </li>
        <li>
          <strong>Edit &amp; approve</strong> sends your text instead of the
          draft.
        </li>
        <li>
          A request expires after 24 hours; the ticket then closes as expired.
        </li>
        <li>
          Every decision is kept with who made it, when, its note and the reply
          sent: the run page&apos;s Decisions panel shows them.
        </li>
      </ul>
    </aside>
  );
}

const TEAM = "team:support";

const INBOX = { assignee: TEAM, owner: null } as const;

/**
 * What the backend answers someone who is not a support agent asking for
 * the inbox (NOT_AUTHORIZED), asked once: the page does not rely on hiding
 * the link. (Once, not subscribed: a refused paginated subscription throws
 * inside the Convex client.)
 */
function useRefusal(ask: boolean): ErrorInfo | null {
  const convex = useConvex();
  const [refusal, setRefusal] = useState<ErrorInfo | null>(null);
  useEffect(() => {
    if (!ask) return;
    let current = true;
    convex
      .query(fns.pendingSignals, {
        ...INBOX,
        paginationOpts: { numItems: 1, cursor: null },
      })
      .then(
        () => current && setRefusal(null),
        (error: unknown) => current && setRefusal(errorInfo(error)),
      );
    return () => {
      current = false;
    };
  }, [ask, convex]);
  return refusal;
}

export function InboxPage() {
  const { user, isAgent } = useIdentity();
  // Every owner's runs' requests: the backend allows it to support agents.
  const inbox = usePendingSignals(
    fns.pendingSignals,
    isAgent ? INBOX : "skip",
    { pageSize: 20 },
  );
  const refusal = useRefusal(!isAgent);
  const { requests, isLoading, canLoadMore, loadMore } = inbox;
  const error = inbox.error ?? refusal;
  return (
    <div className="inbox">
      <div className="page-head">
        <div>
          <h1>Approvals</h1>
          <p className="page-head__sub">
            Replies waiting for <code>{TEAM}</code>, newest first, every
            customer&apos;s. You are signed in as{" "}
            <strong data-testid="inbox-identity">{user.subject}</strong>.
          </p>
        </div>
      </div>
      {!isAgent && (
        <div className="notice" data-testid="customer-notice">
          <Icon name="lock" />
          <span>
            The approvals inbox is for support agents. Your own tickets show
            their approval on their run page. Switch to a support agent in the
            header to decide.
          </span>
        </div>
      )}
      <ErrorMessage error={error} testId="inbox-error" />
      {isAgent && (
        <RefusedDecisions
          pending={new Set(requests.map((request) => request.requestId))}
        />
      )}
      <div className="inbox__grid">
        <div>
          {!isAgent || error ? null : isLoading && requests.length === 0 ? (
            <div className="card empty" data-testid="inbox-loading">
              <span className="skeleton skeleton--wide" />
            </div>
          ) : requests.length === 0 ? (
            <div className="card empty" data-testid="inbox-empty">
              <span className="empty__icon">
                <Icon name="check" size={20} />
              </span>
              <p>Nothing waits for approval.</p>
              <Link to={paths.newTicket()} className="btn btn--secondary">
                Submit a ticket
              </Link>
            </div>
          ) : (
            <div className="inbox__list" data-testid="inbox-list">
              {requests.map((request) => (
                <ApprovalCard
                  key={request.requestId}
                  request={request}
                  testId="inbox-item"
                />
              ))}
            </div>
          )}
        </div>
        <ApprovalPolicy />
      </div>
      {canLoadMore && (
        <div className="load-more">
          <button
            type="button"
            className="btn btn--secondary"
            onClick={() => loadMore()}
          >
            Load more
          </button>
        </div>
      )}
    </div>
  );
}
