// OpenTelemetry spans around an llmAction's model calls, one per attempt,
// recorded through the app's global tracer provider. @opentelemetry/api is
// an optional peer dependency: without it, or with no provider registered,
// calls run untraced.
import type * as OtelApi from "@opentelemetry/api";
import {
  genAiRequestAttributes,
  genAiResponseAttributes,
  genAiSpanName,
  TRACER_NAME,
  type SpanAttributes,
} from "../shared/genAi.js";
import type { Usage } from "../shared/llmValidators.js";
import { classifyLlmError } from "./errors.js";

type Otel = typeof OtelApi;

// Imported as this module loads, not mid-call. A bundler leaves an import()
// whose failure is caught unresolved, so apps without the package build.
const otelApi: Promise<Otel | null> = import("@opentelemetry/api").catch(
  () => null,
);

/** A model call as its span describes it before the model answers. */
export type ModelCallTrace = {
  /** The model asked for: its id and the AI SDK's provider id. */
  model: { modelId: string; provider: string };
  /** The llmAction's settings (`output`: structured output). */
  spec: { maxOutputTokens?: number; temperature?: number; output?: unknown };
  /** The component's `_call`: the call's id, its attempt and its run. */
  call?: { callId: string; attempt: number; runId?: string; oneShot?: boolean };
};

/**
 * Run one attempt of a model call inside a span named "chat {model}" with
 * the GenAI semantic conventions' attributes and the run's and call's ids.
 * The answer's model and token counts are added when it comes; a failure
 * sets the span's error status and `error.type` (the HTTP status, else the
 * error's name) and is rethrown. The provider is flushed before returning:
 * work an action leaves pending may never run.
 */
export async function traceModelCall<
  Result extends { model: string; usage: Usage },
>(trace: ModelCallTrace, run: () => Promise<Result>): Promise<Result> {
  const api = await otelApi;
  if (!api) return await run();
  const span = api.trace
    .getTracer(TRACER_NAME)
    .startSpan(genAiSpanName(trace.model.modelId), {
      kind: api.SpanKind.CLIENT,
      attributes: defined({
        ...genAiRequestAttributes({
          provider: trace.model.provider,
          requestModel: trace.model.modelId,
          maxOutputTokens: trace.spec.maxOutputTokens,
          temperature: trace.spec.temperature,
          outputType: trace.spec.output === undefined ? "text" : "json",
        }),
        ...callAttributes(trace.call),
      }),
    });
  try {
    const result = await api.context.with(
      api.trace.setSpan(api.context.active(), span),
      run,
    );
    span.setAttributes(
      defined(
        genAiResponseAttributes({
          responseModel: result.model,
          usage: result.usage,
        }),
      ),
    );
    return result;
  } catch (error) {
    const info = classifyLlmError(error);
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: api.SpanStatusCode.ERROR, message: info.message });
    span.setAttributes({
      "error.type":
        info.status !== undefined
          ? String(info.status)
          : error instanceof Error
            ? error.name
            : "_OTHER",
      // Whether the component will try the call again.
      "workflow.llm.retryable": info.retryable,
    });
    throw error;
  } finally {
    span.end();
    await flush(api);
  }
}

function callAttributes(call: ModelCallTrace["call"]): SpanAttributes {
  return {
    "workflow.run_id": call?.runId,
    "workflow.llm.call_id": call?.callId,
    "workflow.llm.attempt": call?.attempt,
    "workflow.llm.one_shot": call?.oneShot,
  };
}

function defined(attributes: SpanAttributes): OtelApi.Attributes {
  return Object.fromEntries(
    Object.entries(attributes).filter(([, value]) => value !== undefined),
  );
}

/** Export finished spans now, if the registered provider can (the SDK's can). */
async function flush(api: Otel): Promise<void> {
  const global = api.trace.getTracerProvider() as {
    getDelegate?: () => unknown;
  };
  const provider = (global.getDelegate?.() ?? global) as {
    forceFlush?: () => Promise<void>;
  };
  try {
    await provider.forceFlush?.();
  } catch {
    // An exporter's failure is the provider's to report; the call stands.
  }
}
