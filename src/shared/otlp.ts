// The OTLP/JSON trace format (an `ExportTraceServiceRequest`, as a collector's
// POST /v1/traces takes it) as Convex validators: what `exportTrace`
// returns. Ids are lowercase hex, times unix nanoseconds as strings, enums
// numbers, as the OTLP/JSON encoding has them.
import { v, type Infer } from "convex/values";

/** An attribute value: a string, a number, a boolean or a list of strings. */
export const vOtlpAnyValue = v.union(
  v.object({ stringValue: v.string() }),
  v.object({ intValue: v.number() }),
  v.object({ doubleValue: v.number() }),
  v.object({ boolValue: v.boolean() }),
  v.object({
    arrayValue: v.object({
      values: v.array(v.object({ stringValue: v.string() })),
    }),
  }),
);

export const vOtlpKeyValue = v.object({
  key: v.string(),
  value: vOtlpAnyValue,
});
export type OtlpKeyValue = Infer<typeof vOtlpKeyValue>;

export const vOtlpEvent = v.object({
  timeUnixNano: v.string(),
  name: v.string(),
  attributes: v.array(vOtlpKeyValue),
  droppedAttributesCount: v.number(),
});
export type OtlpEvent = Infer<typeof vOtlpEvent>;

export const vOtlpSpan = v.object({
  /** 32 hex digits. */
  traceId: v.string(),
  /** 16 hex digits. */
  spanId: v.string(),
  parentSpanId: v.optional(v.string()),
  name: v.string(),
  /** 1 internal, 3 client (OTLP's SpanKind). */
  kind: v.number(),
  startTimeUnixNano: v.string(),
  endTimeUnixNano: v.string(),
  attributes: v.array(vOtlpKeyValue),
  droppedAttributesCount: v.number(),
  events: v.array(vOtlpEvent),
  droppedEventsCount: v.number(),
  /** 0 unset, 2 error (OTLP's StatusCode). */
  status: v.object({ code: v.number(), message: v.optional(v.string()) }),
});
export type OtlpSpan = Infer<typeof vOtlpSpan>;

/** A trace as OTLP/JSON: POST it to a collector's `/v1/traces`. */
export const vOtlpTrace = v.object({
  resourceSpans: v.array(
    v.object({
      resource: v.object({
        attributes: v.array(vOtlpKeyValue),
        droppedAttributesCount: v.number(),
      }),
      scopeSpans: v.array(
        v.object({
          scope: v.object({ name: v.string() }),
          spans: v.array(vOtlpSpan),
        }),
      ),
    }),
  ),
});
export type OtlpTrace = Infer<typeof vOtlpTrace>;

/** OTLP's SpanKind values this package uses. */
export const SPAN_KIND = { internal: 1, client: 3 } as const;

/** OTLP's StatusCode values this package uses. */
export const STATUS_CODE = { unset: 0, error: 2 } as const;
