// OpenTelemetry's GenAI semantic conventions, in one place for both kinds
// of trace this package makes: the spans an `llmAction` records around each
// model call, and the OTLP export of a finished run's LLM steps.
import type { Usage } from "./llmValidators.js";

/** Attribute values as both the OpenTelemetry API and OTLP JSON take them. */
export type SpanAttributeValue = string | number | boolean | string[];

/** A span's attributes; an undefined value is left out. */
export type SpanAttributes = Record<string, SpanAttributeValue | undefined>;

/** The instrumentation scope (tracer name) of every span this package makes. */
export const TRACER_NAME = "convex-agent-workflows";

/** `gen_ai.operation.name` of a model call: chat completions. */
export const GEN_AI_OPERATION = "chat";

// AI SDK provider ids ("openai.chat", "google.vertex.chat") by their first
// part, mapped to the conventions' well-known `gen_ai.provider.name`
// values where they differ; others keep their first part ("groq").
const WELL_KNOWN_PROVIDERS: Record<string, string> = {
  "amazon-bedrock": "aws.bedrock",
  azure: "azure.ai.openai",
  google: "gcp.gemini",
  "google.vertex": "gcp.vertex_ai",
  vertex: "gcp.vertex_ai",
  mistral: "mistral_ai",
  xai: "x_ai",
};

/** `gen_ai.provider.name` of an AI SDK provider id ("openai.chat" is "openai"). */
export function genAiProviderName(provider: string): string {
  const [first = provider, second] = provider.split(".");
  return (
    WELL_KNOWN_PROVIDERS[`${first}.${second}`] ??
    WELL_KNOWN_PROVIDERS[first] ??
    first
  );
}

/** The span name of a model call: "chat {model}". */
export function genAiSpanName(model: string | undefined): string {
  return model ? `${GEN_AI_OPERATION} ${model}` : GEN_AI_OPERATION;
}

/** What a model call asked for. */
export type GenAiRequest = {
  /** The AI SDK's provider id ("openai.chat"). */
  provider?: string;
  requestModel?: string;
  maxOutputTokens?: number;
  temperature?: number;
  /** "json" for structured output, else "text". */
  outputType?: "text" | "json";
};

/** What a model call's answer used. */
export type GenAiResponse = { responseModel?: string; usage?: Usage };

/**
 * A model call's request attributes by the GenAI conventions. The provider
 * goes in `gen_ai.provider.name` and, for collectors that still read it,
 * the deprecated `gen_ai.system`.
 */
export function genAiRequestAttributes(call: GenAiRequest): SpanAttributes {
  const provider =
    call.provider === undefined ? undefined : genAiProviderName(call.provider);
  return {
    "gen_ai.operation.name": GEN_AI_OPERATION,
    "gen_ai.provider.name": provider,
    "gen_ai.system": provider,
    "gen_ai.request.model": call.requestModel,
    "gen_ai.request.max_tokens": call.maxOutputTokens,
    "gen_ai.request.temperature": call.temperature,
    "gen_ai.output.type": call.outputType,
  };
}

/** A model call's response attributes: the model that answered and its tokens. */
export function genAiResponseAttributes(call: GenAiResponse): SpanAttributes {
  return {
    "gen_ai.response.model": call.responseModel,
    "gen_ai.usage.input_tokens": call.usage?.inputTokens,
    "gen_ai.usage.output_tokens": call.usage?.outputTokens,
  };
}
