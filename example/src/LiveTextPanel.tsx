import {
  useLiveText,
  type UseLiveTextResult,
} from "convex-agent-workflows/react";
import { useState } from "react";
import { fns } from "./functions";
import { Icon } from "./icons";
import { stepLabel } from "./stepNames";

function asJson(text: string): string | null {
  const trimmed = text.trim();
  if (!trimmed.startsWith("{") && !trimmed.startsWith("[")) return null;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return null;
  }
}

/**
 * The text to show: revealed smoothly while the model streams, whole at
 * once for a call that was already done when the panel first saw it.
 */
function useShownText(live: UseLiveTextResult): {
  shown: string;
  typing: boolean;
} {
  const callId = live.call?.callId ?? null;
  // The last call seen while it was still being written.
  const [streamed, setStreamed] = useState<string | null>(null);
  const streaming = !!callId && !live.done;
  // Render-time update: React re-renders at once with the new call.
  if (streaming && streamed !== callId) setStreamed(callId);
  const smooth = streaming || (callId !== null && streamed === callId);
  const shown = smooth ? live.text : live.fullText;
  return { shown, typing: !live.done || shown.length < live.fullText.length };
}

/**
 * What the model is writing, live: the latest LLM call of the run, or of
 * its latest child run once it has one (the supportTicket reply is written
 * by its draftReply child). A caret blinks until the call is done.
 */
export function LiveTextPanel({
  runId,
  child,
}: {
  runId: string;
  /** The latest child run, whose calls come after the run's own. */
  child?: { runId: string; name: string };
}) {
  const own = useLiveText(fns.liveText, runId);
  const fromChild = useLiveText(fns.liveText, child?.runId ?? "skip");
  const useChild = !!child && !!fromChild.call;
  const live = useChild ? fromChild : own;
  const { shown, typing } = useShownText(live);
  const { call, done, error } = live;

  if (!call) {
    if (own.isLoading) return null;
    return (
      <section className="card live" data-testid="live-text-panel">
        <div className="card__head">
          <h2 className="card__title">
            <Icon name="llm" />
            Model output
          </h2>
        </div>
        <p className="card__pad muted" data-testid="live-text-empty">
          No LLM call yet.
        </p>
      </section>
    );
  }
  const json = done ? asJson(live.fullText) : null;
  return (
    <section
      className="card live"
      aria-labelledby="live-title"
      data-testid="live-text-panel"
      data-call-name={call.name}
    >
      <div className="card__head">
        <h2 className="card__title" id="live-title">
          <Icon name="llm" />
          Model output
          <span className="live__call">{stepLabel(call.name)}</span>
        </h2>
        <span
          className={`live__status live__status--${call.status}`}
          data-testid="live-text-status"
        >
          {typing && <span className="live__pulse" aria-hidden />}
          {call.status === "running" ? "streaming" : call.status}
          {call.attempt > 1 && ` · attempt ${call.attempt}`}
        </span>
      </div>
      {useChild && child && (
        <p className="live__via">
          <Icon name="child" size={12} />
          written in the child run “{stepLabel(child.name)}”
        </p>
      )}
      {error ? (
        <p className="card__pad error-text">{error.message}</p>
      ) : (
        <div
          className={`live__text${json ? " live__text--json" : ""}`}
          data-testid="live-text"
          data-done={done ? "true" : "false"}
          aria-live="polite"
          aria-busy={!done}
        >
          {json ?? shown}
          {typing && (
            <span className="caret" data-testid="live-caret" aria-hidden />
          )}
          {!json && shown.length === 0 && !typing && (
            <span className="muted">(no text)</span>
          )}
        </div>
      )}
    </section>
  );
}
