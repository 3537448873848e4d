import type { LlmQueueInfo } from "convex-agent-workflows";
import {
  formatClock,
  formatCost,
  formatDuration,
  formatTokens,
} from "./format";
import { Icon, type IconName } from "./icons";
import { Link, paths } from "./router";
import { stepLabel, type NumberedStep } from "./stepNames";
import { StepValues } from "./StepValues";
import type { StepKind, StepStatus } from "./types";
import { useClock } from "./useClock";

const KINDS: Record<StepKind, { label: string; icon: IconName }> = {
  action: { label: "Action", icon: "action" },
  mutation: { label: "Mutation", icon: "mutation" },
  query: { label: "Query", icon: "query" },
  child: { label: "Child workflow", icon: "child" },
  sleep: { label: "Sleep", icon: "sleep" },
  event: { label: "Event", icon: "event" },
  signal: { label: "Approval", icon: "signal" },
  llm: { label: "LLM", icon: "llm" },
};

const STATUS_ICON: Record<StepStatus, IconName | null> = {
  completed: "check",
  failed: "cross",
  canceled: "slash",
  waiting: "pause",
  running: null,
};

/** A call's priority as the workflow named it: high, normal, low, or the number. */
export function priorityName(priority: number): string {
  return priority === 10
    ? "high"
    : priority === 0
      ? "normal"
      : priority === -10
        ? "low"
        : String(priority);
}

/** Why a queued LLM call has not started, in words. */
function waitReason({ reason, until }: LlmQueueInfo): string {
  const at = until === undefined ? "" : ` until ${formatClock(until)}`;
  switch (reason) {
    case "keyCap":
      return "waiting for a free slot (key cap)";
    case "globalCap":
      return "waiting for a free slot (all model slots busy)";
    case "rateLimit":
      return `waiting for the rate limit${at}`;
    case "retryBackoff":
      return until === undefined
        ? "retrying after a provider error"
        : `retrying after a provider error at ${formatClock(until)}`;
    case "dispatching":
      return "starting";
  }
}

/** "Queued · key customer:ada · 2 ahead · waiting for a free slot (key cap)". */
export function queueLine(queue: LlmQueueInfo): string {
  return [
    "Queued",
    queue.key !== undefined && `key ${queue.key}`,
    !!queue.ahead && `${queue.ahead} ahead`,
    waitReason(queue),
  ]
    .filter(Boolean)
    .join(" · ");
}

function StepMarker({ status }: { status: StepStatus }) {
  const icon = STATUS_ICON[status];
  return (
    <span className={`step__marker step__marker--${status}`} aria-hidden>
      {icon ? <Icon name={icon} size={12} /> : <span className="spinner" />}
    </span>
  );
}

export function KindBadge({ kind }: { kind: StepKind }) {
  const { label, icon } = KINDS[kind];
  return (
    <span className={`kind kind--${kind}`} data-testid="step-kind">
      <Icon name={icon} size={12} />
      {label}
    </span>
  );
}

function StepRow({
  numbered: { step, number },
  runId,
  now,
}: {
  numbered: NumberedStep;
  runId: string;
  now: number;
}) {
  const active = step.status === "running" || step.status === "waiting";
  const duration =
    step.durationMs ?? (active ? now - step.startedAt : undefined);
  const llm = step.llm;
  return (
    <li
      className={`step step--${step.status}`}
      data-testid="step-row"
      data-step-name={step.name}
      data-step-kind={step.kind}
      data-status={step.status}
    >
      <StepMarker status={step.status} />
      <div className="step__body">
        <div className="step__line">
          <span
            className="step__number"
            title={`Journal step #${step.stepNumber}${step.segment ? ` of segment ${step.segment}` : ""}`}
          >
            {number}
          </span>
          <span
            className="step__name"
            data-testid="step-name"
            title={step.name}
          >
            {stepLabel(step.name)}
          </span>
          <KindBadge kind={step.kind} />
          <span className="step__spacer" />
          {step.attempts !== undefined && step.attempts > 1 && (
            <span className="step__attempts" data-testid="step-attempts">
              {step.attempts} attempts
            </span>
          )}
          <span
            className={`step__duration${active ? " step__duration--live" : ""}`}
            data-testid="step-duration"
          >
            {duration !== undefined ? formatDuration(duration) : ""}
            {step.status === "waiting" && " waiting"}
          </span>
        </div>
        {(llm || step.childRunId) && (
          <div className="step__meta">
            {llm && (
              <span className="step__llm" data-testid="step-llm">
                {llm.model && <code className="step__model">{llm.model}</code>}
                {(llm.key !== undefined || llm.priority !== undefined) && (
                  <span
                    className="step__flow"
                    data-testid="step-flow"
                    title="The concurrency key and priority the call queued with"
                  >
                    {llm.key !== undefined && <>key {llm.key}</>}
                    {llm.key !== undefined &&
                      llm.priority !== undefined &&
                      " · "}
                    {llm.priority !== undefined &&
                      `${priorityName(llm.priority)} priority`}
                  </span>
                )}
                {llm.usage && (
                  <span title="input / output tokens">
                    {formatTokens(llm.usage.inputTokens)} in ·{" "}
                    {formatTokens(llm.usage.outputTokens)} out
                  </span>
                )}
                {llm.costUsd !== undefined && (
                  <span className="step__cost">{formatCost(llm.costUsd)}</span>
                )}
              </span>
            )}
            {step.childRunId && (
              <Link
                to={paths.run(step.childRunId)}
                className="step__child-link"
                data-testid="step-child-link"
              >
                Open child run
                <Icon name="arrowRight" size={12} />
              </Link>
            )}
          </div>
        )}
        {llm?.queue && (
          <p
            className="step__queue"
            data-testid="step-queue"
            data-reason={llm.queue.reason}
          >
            <Icon name="sleep" size={12} />
            {queueLine(llm.queue)}
          </p>
        )}
        <StepValues runId={runId} step={step} />
        {step.error && (
          <pre className="step__error" data-testid="step-error">
            {step.error}
          </pre>
        )}
      </div>
    </li>
  );
}

/** The run's steps in journal order, live. */
export function StepTimeline({
  runId,
  steps,
  isLoading,
  active,
  canLoadMore,
  loadMore,
}: {
  runId: string;
  steps: NumberedStep[];
  isLoading: boolean;
  active: boolean;
  canLoadMore: boolean;
  loadMore: () => void;
}) {
  const now = useClock(active, 250);
  const llmSteps = steps.filter(({ step }) => step.kind === "llm").length;
  return (
    <section className="card" aria-labelledby="steps-title">
      <div className="card__head">
        <h2 className="card__title" id="steps-title">
          Steps
        </h2>
        <span className="card__aside">
          {steps.length} step{steps.length === 1 ? "" : "s"}
          {llmSteps > 0 && ` · ${llmSteps} LLM`}
        </span>
      </div>
      {isLoading && steps.length === 0 ? (
        <div className="card__pad">
          <span className="skeleton skeleton--wide" />
        </div>
      ) : steps.length === 0 ? (
        <p className="card__pad muted" data-testid="steps-empty">
          No steps yet.
        </p>
      ) : (
        <ol className="timeline" data-testid="step-timeline">
          {steps.map((numbered) => (
            <StepRow
              key={numbered.step.stepId}
              numbered={numbered}
              runId={runId}
              now={now}
            />
          ))}
        </ol>
      )}
      {canLoadMore && (
        <div className="card__pad">
          <button type="button" className="btn btn--ghost" onClick={loadMore}>
            Load more steps
          </button>
        </div>
      )}
    </section>
  );
}
