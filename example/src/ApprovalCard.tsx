import { useState } from "react";
import { useDecisionStore } from "./decisionStore";
import { ErrorMessage } from "./ErrorMessage";
import { formatDateTime, humanize, timeAgo, timeLeft } from "./format";
import { Icon } from "./icons";
import { useIdentity } from "./identity";
import { Link, paths } from "./router";
import { replyDetails, type ReplyDecision, type SignalRequest } from "./types";
import { useClock } from "./useClock";

type Mode = "idle" | "reject" | "edit";

/**
 * A pending approval request with its decision buttons: approve, reject
 * (with a note) or edit the draft and approve it. Decisions go through the
 * decision store, so their outcome outlives the card; a refusal that
 * comes back while the card is still here shows on it.
 */
export function ApprovalCard({
  request,
  testId = "approval",
  showRunLink = true,
}: {
  request: SignalRequest;
  testId?: string;
  showRunLink?: boolean;
}) {
  const { user } = useIdentity();
  const store = useDecisionStore();
  const sentDecision = store.sent.get(request.requestId);
  const isSending = sentDecision?.state === "sending";
  const error =
    sentDecision?.state === "refused" ? (sentDecision.error ?? null) : null;
  const sent = sentDecision?.state === "sent" ? sentDecision.value : null;
  const now = useClock();
  const details = replyDetails(request.details);
  const [mode, setMode] = useState<Mode>("idle");
  const [note, setNote] = useState("");
  const [edited, setEdited] = useState(details.draft ?? "");

  const decide = async (value: ReplyDecision) => {
    if (await store.decide(request, value)) setMode("idle");
  };

  const switchMode = (next: Mode) => {
    store.dismiss(request.requestId);
    setMode(next);
    if (next === "edit") setEdited(details.draft ?? "");
  };

  const trimmedNote = note.trim();
  const expiresAt = request.expiresAt;
  const urgent = details.priority === "urgent";

  return (
    <article
      className={`approval${urgent ? " approval--urgent" : ""}`}
      data-testid={testId}
      data-request-id={request.requestId}
      data-run-id={request.runId}
    >
      <header className="approval__head">
        <div className="approval__title-row">
          <span className="approval__icon" aria-hidden>
            <Icon name="signal" size={16} />
          </span>
          <h3 className="approval__title" data-testid="approval-title">
            {request.title ?? humanize(request.signal)}
          </h3>
        </div>
        <div className="approval__meta">
          {details.category && (
            <span className="tag" data-testid="approval-category">
              {details.category}
            </span>
          )}
          {details.priority && (
            <span
              className={`tag tag--priority-${details.priority}`}
              data-testid="approval-priority"
            >
              {details.priority}
            </span>
          )}
          {expiresAt !== undefined && (
            <span
              className={`approval__deadline${expiresAt - now < 60 * 60_000 ? " approval__deadline--soon" : ""}`}
              title={`Expires ${formatDateTime(expiresAt)}`}
              data-testid="approval-time-left"
            >
              <Icon name="sleep" size={13} />
              {timeLeft(expiresAt, now)}
            </span>
          )}
        </div>
      </header>

      <div className="approval__body">
        {details.subject && (
          <p className="approval__subject">
            <span className="approval__k">Subject</span>
            {details.subject}
          </p>
        )}
        {mode === "edit" ? (
          <div className="field">
            <label
              className="field__label"
              htmlFor={`edit-${request.requestId}`}
            >
              Edit the reply before approving
            </label>
            <textarea
              id={`edit-${request.requestId}`}
              className={`input${error?.fields.value || error?.fields.editedReply ? " input--invalid" : ""}`}
              rows={9}
              value={edited}
              onChange={(event) => setEdited(event.target.value)}
              data-testid="approval-edit-input"
            />
          </div>
        ) : (
          details.draft !== undefined && (
            <blockquote
              className="approval__draft"
              data-testid="approval-draft"
            >
              {details.draft}
            </blockquote>
          )
        )}
        {mode === "reject" && (
          <div className="field">
            <label
              className="field__label"
              htmlFor={`note-${request.requestId}`}
            >
              Why reject?{" "}
              <span className="field__hint">
                (optional, shared in the audit log)
              </span>
            </label>
            <textarea
              id={`note-${request.requestId}`}
              className="input"
              rows={2}
              maxLength={500}
              value={note}
              onChange={(event) => setNote(event.target.value)}
              placeholder="e.g. Already solved by phone"
              data-testid="approval-note-input"
            />
          </div>
        )}
      </div>

      <ErrorMessage error={error} testId="signal-error" />
      {sent && !error && (
        <p className="approval__sent" role="status" data-testid="approval-sent">
          {sent.approved ? "Approved" : "Rejected"} as {user.subject}. Updating…
        </p>
      )}

      <footer className="approval__actions">
        {mode === "idle" && (
          <>
            <button
              type="button"
              className="btn btn--success"
              disabled={isSending}
              onClick={() => void decide({ approved: true })}
              data-testid="approve-button"
            >
              <Icon name="check" />
              Approve
            </button>
            <button
              type="button"
              className="btn btn--secondary"
              disabled={isSending}
              onClick={() => switchMode("edit")}
              data-testid="edit-button"
            >
              <Icon name="mutation" />
              Edit &amp; approve
            </button>
            <button
              type="button"
              className="btn btn--danger-ghost"
              disabled={isSending}
              onClick={() => switchMode("reject")}
              data-testid="reject-button"
            >
              <Icon name="cross" />
              Reject
            </button>
          </>
        )}
        {mode === "edit" && (
          <ConfirmButtons
            className="btn btn--success"
            icon="check"
            label="Approve edited reply"
            testId="confirm-edit-button"
            isSending={isSending}
            disabled={edited.trim().length === 0}
            onConfirm={() =>
              void decide({ approved: true, editedReply: edited })
            }
            onCancel={() => switchMode("idle")}
          />
        )}
        {mode === "reject" && (
          <ConfirmButtons
            className="btn btn--danger"
            icon="cross"
            label="Reject reply"
            testId="confirm-reject-button"
            isSending={isSending}
            onConfirm={() =>
              void decide(
                trimmedNote
                  ? { approved: false, note: trimmedNote }
                  : { approved: false },
              )
            }
            onCancel={() => switchMode("idle")}
          />
        )}
        <span className="approval__footnote">
          {showRunLink && (
            <Link
              to={paths.run(request.runId)}
              className="approval__run-link"
              data-testid="approval-run-link"
            >
              {humanize(request.runName)} run
              <Icon name="arrowRight" size={13} />
            </Link>
          )}
          <span title={formatDateTime(request.requestedAt)}>
            requested {timeAgo(request.requestedAt, now)} · for{" "}
            {request.assignees.join(", ") || "anyone"}
          </span>
        </span>
      </footer>
    </article>
  );
}

/** The confirm and cancel buttons of an edit or a rejection in progress. */
function ConfirmButtons(props: {
  className: string;
  icon: "check" | "cross";
  label: string;
  testId: string;
  isSending: boolean;
  disabled?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <>
      <button
        type="button"
        className={props.className}
        disabled={props.isSending || props.disabled}
        onClick={props.onConfirm}
        data-testid={props.testId}
      >
        <Icon name={props.icon} />
        {props.isSending ? "Sending…" : props.label}
      </button>
      <button
        type="button"
        className="btn btn--ghost"
        disabled={props.isSending}
        onClick={props.onCancel}
        data-testid="cancel-decision-button"
      >
        Cancel
      </button>
    </>
  );
}
