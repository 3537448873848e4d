import { useQuery_experimental } from "convex/react";
import { formatClock } from "./format";
import { fns } from "./functions";
import { Icon } from "./icons";
import { displayName } from "./identity";
import {
  useDecisionStore,
  useRefusedElsewhere,
  type SentDecision,
} from "./decisionStore";

/** Who decided the request instead, from the run's approval history. */
function useDecidedBy(decision: SentDecision) {
  const { runId, requestId } = decision.request;
  const history = useQuery_experimental({
    query: fns.approvalHistory,
    args: { runId },
  });
  if (history.status !== "success") return undefined;
  const entry = history.data.find((item) => item.requestId === requestId);
  return entry?.decisions.at(-1);
}

function RefusedDecision({ decision }: { decision: SentDecision }) {
  const { dismiss } = useDecisionStore();
  const winner = useDecidedBy(decision);
  const mine = decision.value.approved ? "approval" : "rejection";
  const error = decision.error;
  return (
    <div
      className="notice notice--warn"
      role="alert"
      data-testid="decision-refused"
      data-request-id={decision.request.requestId}
      data-code={error?.code}
    >
      <Icon name="signal" />
      <div className="notice__body">
        <strong>
          Your {mine} was not recorded
          {decision.request.title ? `: ${decision.request.title}` : "."}
        </strong>
        <span data-testid="decision-refused-reason">
          {winner
            ? `Already decided by ${displayName(winner.by)} (${winner.approve ? "approved" : "rejected"} at ${formatClock(winner.at)}).`
            : (error?.message ?? "It was refused.")}
        </span>
      </div>
      <button
        type="button"
        className="btn btn--ghost"
        onClick={() => dismiss(decision.request.requestId)}
        data-testid="decision-refused-dismiss"
      >
        Dismiss
      </button>
    </div>
  );
}

/**
 * Decisions of this user that were refused after their card went away
 * (another agent decided first, the request expired or the run ended).
 * They stay until dismissed: the card that would have shown them is gone.
 */
export function RefusedDecisions({
  pending,
  runId,
}: {
  /** Request ids still shown as pending cards (they show their own errors). */
  pending: ReadonlySet<string>;
  runId?: string;
}) {
  const refused = useRefusedElsewhere(pending, runId);
  if (refused.length === 0) return null;
  return (
    <div className="refused-decisions">
      {refused.map((decision) => (
        <RefusedDecision key={decision.request.requestId} decision={decision} />
      ))}
    </div>
  );
}
