import { errorInfo } from "convex-agent-workflows/react";
import { useQuery_experimental } from "convex/react";
import type { FunctionReturnType } from "convex/server";
import { formatDateTime } from "./format";
import { fns } from "./functions";
import { Icon } from "./icons";
import { displayName } from "./identity";
import { diffLines } from "./lineDiff";
import { replyDecision, replyDetails } from "./types";

type HistoryEntry = FunctionReturnType<typeof fns.approvalHistory>[number];
type Decision = HistoryEntry["decisions"][number];

function useHistory(runId: string): {
  entries: HistoryEntry[] | undefined;
  error: ReturnType<typeof errorInfo> | null;
} {
  const state = useQuery_experimental({
    query: fns.approvalHistory,
    args: { runId },
  });
  return {
    entries: state.status === "success" ? state.data : undefined,
    error: state.status === "error" ? errorInfo(state.error) : null,
  };
}

const OUTCOMES: Record<string, string> = {
  delivered: "Delivered",
  approved: "Approved",
  rejected: "Rejected",
  timedOut: "Expired",
  canceled: "Canceled",
};

/** The draft next to the text approved instead: removed and added lines. */
function ReplyDiff({ draft, final }: { draft: string; final: string }) {
  return (
    <div className="diff" data-testid="decision-diff">
      <p className="diff__caption">Edited before sending (− draft, + sent):</p>
      <pre className="diff__lines">
        {diffLines(draft, final).map((line, index) => (
          <span
            key={index}
            className={`diff__line diff__line--${line.kind}`}
            data-kind={line.kind}
          >
            {line.kind === "added"
              ? "+ "
              : line.kind === "removed"
                ? "− "
                : "  "}
            {line.text}
            {"\n"}
          </span>
        ))}
      </pre>
    </div>
  );
}

function DecisionRow({
  decision,
  draft,
}: {
  decision: Decision;
  draft: string | undefined;
}) {
  const { editedReply, note } = replyDecision(decision.value);
  const edited = decision.approve && editedReply !== undefined;
  const verb = !decision.approve
    ? "rejected the reply"
    : edited
      ? "approved an edited reply"
      : "approved the reply as drafted";
  return (
    <li
      className="decision"
      data-testid="decision"
      data-by={decision.by}
      data-approve={decision.approve ? "true" : "false"}
    >
      <p className="decision__line">
        <span
          className={`decision__mark decision__mark--${decision.approve ? "approve" : "reject"}`}
          aria-hidden
        >
          <Icon name={decision.approve ? "check" : "cross"} size={12} />
        </span>
        <span>
          <strong data-testid="decision-by">{displayName(decision.by)}</strong>{" "}
          {verb}
        </span>
        <span className="decision__time">{formatDateTime(decision.at)}</span>
      </p>
      {note && (
        <blockquote className="decision__note" data-testid="decision-note">
          {note}
        </blockquote>
      )}
      {edited &&
        (draft !== undefined ? (
          <ReplyDiff draft={draft} final={editedReply} />
        ) : (
          <pre className="decision__text" data-testid="decision-final-text">
            {editedReply}
          </pre>
        ))}
    </li>
  );
}

/**
 * Who decided the run's approval requests, how, and why: approve or
 * reject, the note, and for an edited approval the reply actually sent
 * against the draft. Nothing shows for a run that asked for no approval.
 */
export function DecisionHistory({ runId }: { runId: string }) {
  const { entries, error } = useHistory(runId);
  if (error) {
    return (
      <section className="card" data-testid="decisions">
        <p className="card__pad error-text">{error.message}</p>
      </section>
    );
  }
  if (!entries || entries.length === 0) return null;
  return (
    <section
      className="card"
      aria-labelledby="decisions-title"
      data-testid="decisions"
    >
      <div className="card__head">
        <h2 className="card__title" id="decisions-title">
          Decisions
        </h2>
        <span className="card__aside">
          {entries.length} request{entries.length === 1 ? "" : "s"}
        </span>
      </div>
      <ol className="decision-requests">
        {entries.map((entry) => (
          <li
            key={entry.requestId}
            className="decision-request"
            data-testid="decision-request"
            data-request-id={entry.requestId}
            data-outcome={entry.outcome ?? entry.status}
          >
            <p className="decision-request__head">
              <strong>{entry.title ?? entry.signal}</strong>
              <span
                className={`tag decision-request__outcome decision-request__outcome--${entry.outcome ?? entry.status}`}
              >
                {entry.outcome
                  ? (OUTCOMES[entry.outcome] ?? entry.outcome)
                  : "Waiting"}
              </span>
            </p>
            {entry.decisions.length > 0 ? (
              <ol className="decisions">
                {entry.decisions.map((decision) => (
                  <DecisionRow
                    key={`${decision.by}:${decision.at}`}
                    decision={decision}
                    draft={replyDetails(entry.details).draft}
                  />
                ))}
              </ol>
            ) : (
              <p className="muted decision-request__empty">
                {entry.status === "pending"
                  ? `Waiting for ${entry.assignees.join(", ") || "anyone"}.`
                  : entry.status === "expired"
                    ? "Expired with no decision."
                    : "Closed with no decision."}
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
