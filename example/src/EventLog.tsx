import { useRunEvents } from "convex-agent-workflows/react";
import { useEffect, useRef } from "react";
import { fns } from "./functions";
import { formatClock, formatCost, formatTokens, shortId } from "./format";
import { displayName } from "./identity";
import {
  describeStep,
  findStep,
  stepLabel,
  type NumberedStep,
} from "./stepNames";
import type { RunEvent } from "./types";

function category(type: string): string {
  if (type.startsWith("run.signal")) return "signal";
  if (type.startsWith("run.llm")) return "llm";
  if (type === "run.failed" || type === "run.onCompleteFailed") return "failed";
  if (type === "run.completed") return "completed";
  if (type === "run.canceled") return "canceled";
  if (type.startsWith("run.")) return "run";
  return "custom";
}

const ID = /^0+\d+[a-z]+$|^[a-z0-9]{28,}$/i;

function show(value: unknown): string {
  if (typeof value === "string") return ID.test(value) ? shortId(value) : value;
  if (Array.isArray(value)) return value.map(show).join(", ");
  if (typeof value === "object" && value !== null) return JSON.stringify(value);
  return String(value);
}

/**
 * Where a restart started, in the step list's numbering ("from 6. Reply
 * approval"): the event records the journal step number it was given.
 */
function restartedFrom(from: unknown, steps: NumberedStep[]): string {
  if (from === null || from === undefined) return "as is";
  if (typeof from === "string") return `from ${from}`;
  if (typeof from !== "number") return `from ${show(from)}`;
  const step = findStep(steps, from);
  return step ? `from ${describeStep(step)}` : `from journal step ${from}`;
}

/** One readable line of an event's data. */
function summarize(type: string, data: unknown, steps: NumberedStep[]): string {
  if (data === undefined || data === null) return "";
  if (typeof data !== "object") return String(data);
  const d = data as Record<string, unknown>;
  if (type === "run.progress") {
    const count =
      d.total !== undefined ? `${show(d.completed ?? 0)}/${show(d.total)}` : "";
    return [count, d.message].filter(Boolean).map(show).join(" · ");
  }
  if (type === "run.signal.requested")
    return `${typeof d.signal === "string" ? stepLabel(d.signal) : show(d.signal)} for ${show(d.assignees ?? "anyone")}`;
  if (type === "run.signal.decided")
    return `${show(d.outcome)}${typeof d.by === "string" ? ` by ${displayName(d.by)}` : ""}`;
  if (type === "run.restarted") {
    if (typeof d.segment === "number") return `from segment ${d.segment}`;
    return restartedFrom(d.from, steps);
  }
  if (type === "run.created" && d.parentRunId)
    return `child of ${show(d.parentRunId)}`;
  if (type === "run.llm.completed") {
    const usage = d.usage as { totalTokens?: number } | undefined;
    return [
      show(d.name),
      d.model && show(d.model),
      usage?.totalTokens !== undefined &&
        `${formatTokens(usage.totalTokens)} tok`,
      typeof d.costUsd === "number" && formatCost(d.costUsd),
    ]
      .filter(Boolean)
      .join(" · ");
  }
  const parts = Object.entries(d)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      const shown = show(value);
      return `${key}: ${shown.length > 48 ? `${shown.slice(0, 45)}…` : shown}`;
    });
  return parts.join(" · ");
}

function EventRow({
  event,
  startedAt,
  steps,
}: {
  event: RunEvent;
  startedAt: number;
  steps: NumberedStep[];
}) {
  const summary = summarize(event.type, event.data, steps);
  const offset = (event.at - startedAt) / 1000;
  return (
    <li
      className="event"
      data-testid="event-row"
      data-event-type={event.type}
      title={new Date(event.at).toISOString()}
    >
      <span className="event__time">{formatClock(event.at)}</span>
      <span className="event__offset">+{offset.toFixed(1)}s</span>
      <span className={`event__type event__type--${category(event.type)}`}>
        {event.type}
      </span>
      <span className="event__data">{summary}</span>
    </li>
  );
}

/** The run's event log, live, oldest first; follows new events. */
export function EventLog({
  runId,
  startedAt,
  steps,
}: {
  runId: string;
  startedAt: number;
  /** The run's listed steps: events name steps by their place in it. */
  steps: NumberedStep[];
}) {
  const { events, isLoading, error } = useRunEvents(fns.listEvents, runId);
  const list = useRef<HTMLOListElement>(null);
  const pinned = useRef(true);
  useEffect(() => {
    const el = list.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [events.length]);
  return (
    <section className="card" aria-labelledby="events-title">
      <div className="card__head">
        <h2 className="card__title" id="events-title">
          Event log
        </h2>
        <span className="card__aside">{events.length} events</span>
      </div>
      {error ? (
        <p className="card__pad error-text">{error.message}</p>
      ) : isLoading && events.length === 0 ? (
        <div className="card__pad">
          <span className="skeleton skeleton--wide" />
        </div>
      ) : (
        <ol
          className="events"
          ref={list}
          data-testid="event-log"
          onScroll={(event) => {
            const el = event.currentTarget;
            pinned.current =
              el.scrollHeight - el.scrollTop - el.clientHeight < 24;
          }}
        >
          {events.map((event) => (
            <EventRow
              key={event.seq}
              event={event}
              startedAt={startedAt}
              steps={steps}
            />
          ))}
        </ol>
      )}
    </section>
  );
}
