import { usePendingSignals } from "convex-agent-workflows/react";
import { fns } from "./functions";
import { ApprovalCard } from "./ApprovalCard";
import { ErrorMessage } from "./ErrorMessage";
import { Icon } from "./icons";
import { useIdentity } from "./identity";
import { Link, paths } from "./router";

function ApprovalPolicy() {
  return (
    <aside className="card policy" aria-label="How approvals work">
      <h2 className="card__title">How approvals work</h2>
      <ul className="policy__list">
        <li>
          Requests for <code>team:support</code> can be answered by any support
          agent (<code>support:*</code>).
        </li>
        <li>
          Guests are refused by the app&apos;s policy with{" "}
          <code>NOT_AUTHORIZED</code>; nothing is written.
        </li>
        <li>
          <strong>Edit &amp; approve</strong> sends your text instead of the
          draft.
        </li>
        <li>
          A request expires after 24 hours; the ticket then closes as expired.
        </li>
        <li>
          Every decision is kept with who made it and when: the run&apos;s event
          log shows it.
        </li>
      </ul>
    </aside>
  );
}

const TEAM = "team:support";

export function InboxPage() {
  const { identity } = useIdentity();
  const { requests, isLoading, error, canLoadMore, loadMore } =
    usePendingSignals(fns.pendingSignals, { assignee: TEAM }, { pageSize: 20 });
  const guest = !identity.startsWith("support:");
  return (
    <div className="inbox">
      <div className="page-head">
        <div>
          <h1>Approvals</h1>
          <p className="page-head__sub">
            Replies waiting for <code>{TEAM}</code>, newest first. You are
            acting as <strong data-testid="inbox-identity">{identity}</strong>.
          </p>
        </div>
      </div>
      {guest && (
        <div className="notice" data-testid="guest-notice">
          <Icon name="signal" />
          <span>
            Guests can read the inbox but the team&apos;s policy refuses their
            decisions (<code>NOT_AUTHORIZED</code>). Switch to a support agent
            in the header to decide.
          </span>
        </div>
      )}
      <ErrorMessage error={error} testId="inbox-error" />
      <div className="inbox__grid">
        <div>
          {isLoading && requests.length === 0 ? (
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
