// OTLP/JSON spans made from what the component stores: ids derived from the
// run's and steps' ids (an export is the same every time it is made),
// millisecond times as unix nanoseconds, attributes as key-values.
import { TRACER_NAME, type SpanAttributes } from "../shared/genAi.js";
import {
  SPAN_KIND,
  STATUS_CODE,
  type OtlpEvent,
  type OtlpKeyValue,
  type OtlpSpan,
  type OtlpTrace,
} from "../shared/otlp.js";
import { sha256Hex } from "./sha256.js";

/** The trace id of a run's export: 32 hex digits of a hash of its id. */
export async function traceIdOf(runId: string): Promise<string> {
  return (await sha256Hex(`trace:${runId}`)).slice(0, 32);
}

/** What a span stands for, and the id of that thing. */
export type SpanSubject = {
  kind: "run" | "segment" | "step" | "call";
  id: string;
};

/** A span's id: 16 hex digits of a hash of what it stands for. */
export async function spanIdOf({ kind, id }: SpanSubject): Promise<string> {
  return (await sha256Hex(`${kind}:${id}`)).slice(0, 16);
}

/** Milliseconds since the epoch as OTLP's unix nanoseconds (a string). */
export function unixNanos(ms: number): string {
  return (BigInt(Math.round(ms)) * BigInt(1_000_000)).toString();
}

/** Attributes as OTLP key-values; undefined values and empty lists are left out. */
export function keyValues(attributes: SpanAttributes): OtlpKeyValue[] {
  const out: OtlpKeyValue[] = [];
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      out.push({
        key,
        value: {
          arrayValue: { values: value.map((s) => ({ stringValue: s })) },
        },
      });
    } else if (typeof value === "string") {
      out.push({ key, value: { stringValue: value } });
    } else if (typeof value === "boolean") {
      out.push({ key, value: { boolValue: value } });
    } else if (Number.isInteger(value)) {
      out.push({ key, value: { intValue: value } });
    } else {
      out.push({ key, value: { doubleValue: value } });
    }
  }
  return out;
}

/** A span event: something that happened at one time within a span. */
export function spanEvent(
  name: string,
  atMs: number,
  attributes: SpanAttributes,
): OtlpEvent {
  return {
    timeUnixNano: unixNanos(atMs),
    name,
    attributes: keyValues(attributes),
    droppedAttributesCount: 0,
  };
}

export type SpanFields = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: keyof typeof SPAN_KIND;
  startMs: number;
  /** Never before `startMs` in the span made. */
  endMs: number;
  attributes: SpanAttributes;
  events?: OtlpEvent[];
  /** Set for a failure: error status with this message. */
  error?: string;
};

/** One OTLP span. */
export function otlpSpan(fields: SpanFields): OtlpSpan {
  return {
    traceId: fields.traceId,
    spanId: fields.spanId,
    ...(fields.parentSpanId ? { parentSpanId: fields.parentSpanId } : {}),
    name: fields.name,
    kind: SPAN_KIND[fields.kind ?? "internal"],
    startTimeUnixNano: unixNanos(fields.startMs),
    endTimeUnixNano: unixNanos(Math.max(fields.startMs, fields.endMs)),
    attributes: keyValues(fields.attributes),
    droppedAttributesCount: 0,
    events: fields.events ?? [],
    droppedEventsCount: 0,
    status:
      fields.error === undefined
        ? { code: STATUS_CODE.unset }
        : { code: STATUS_CODE.error, message: fields.error },
  };
}

/** The export request around spans: one resource (`service.name`), one scope. */
export function otlpTrace(serviceName: string, spans: OtlpSpan[]): OtlpTrace {
  return {
    resourceSpans: [
      {
        resource: {
          attributes: keyValues({ "service.name": serviceName }),
          droppedAttributesCount: 0,
        },
        scopeSpans: [{ scope: { name: TRACER_NAME }, spans }],
      },
    ],
  };
}
