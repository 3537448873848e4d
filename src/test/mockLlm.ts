// A scripted language model for tests: answers, failures (HTTP status,
// Retry-After), token usage, latency and streaming, with no network. It
// implements the AI SDK's model interface (specification "v3", which AI SDK
// 6 and 7 both accept) by hand, so this module needs no `ai` import until a
// scripted failure builds the SDK's own APICallError.
import type { LanguageModel } from "ai";
import { setModelOverride } from "../shared/modelOverride.js";

/** Token counts of a scripted answer (default 10 in, 5 out). */
export type ScriptedUsage = { inputTokens?: number; outputTokens?: number };

/**
 * One scripted call: a text answer, a structured answer (sent as its JSON
 * text), or a provider failure with an HTTP status (429, 503, ...) and an
 * optional Retry-After (seconds, or an HTTP date).
 */
export type Scripted =
  | ({ text: string } & ScriptedUsage)
  | ({ object: unknown } & ScriptedUsage)
  | { status: number; message?: string; retryAfter?: string | number };

type Prompt = { role: string; content: unknown }[];
type CallOptions = { prompt: Prompt; abortSignal?: AbortSignal };

/** The text of the last user message of a prompt. */
function promptText({ prompt }: CallOptions): string {
  const last = [...prompt].reverse().find((m) => m.role === "user");
  if (!last) return "";
  if (typeof last.content === "string") return last.content;
  return (last.content as { text?: string }[])
    .map((part) => part.text ?? "")
    .join("");
}

function usage(answer: ScriptedUsage) {
  const input = answer.inputTokens ?? 10;
  const output = answer.outputTokens ?? 5;
  return {
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: output, text: output, reasoning: 0 },
  };
}

const FINISH = { unified: "stop", raw: "stop" } as const;

async function apiError(answer: {
  status: number;
  message?: string;
  retryAfter?: string | number;
}): Promise<Error> {
  const { APICallError } = await import("ai");
  return new APICallError({
    message: answer.message ?? `HTTP ${answer.status}`,
    url: "https://llm.invalid/v1/chat",
    requestBodyValues: {},
    statusCode: answer.status,
    responseHeaders:
      answer.retryAfter === undefined
        ? {}
        : { "retry-after": String(answer.retryAfter) },
  });
}

/**
 * A scripted model. Each call takes the next entry of `script` (or
 * `fallback` once it is empty). Its fields are plain and public: set them
 * between calls, read them after.
 *
 * ```ts
 * const llm = new MockLlm();
 * llm.script = [{ status: 429, retryAfter: 2 }, { text: "Hello" }];
 * llmAction(flows, { model: llm.model, ... });
 * ```
 */
export class MockLlm {
  /** Answers for the next calls, in order. */
  script: Scripted[] = [];
  /** The answer when the script is empty. */
  fallback: Scripted = { text: "ok" };
  /** Each call waits this long first (a setTimeout: fake timers drive it). */
  latencyMs = 0;
  /** Delay between streamed chunks (a setTimeout); 0 streams at once. */
  chunkDelayMs = 0;
  /** Calls made so far. */
  calls = 0;
  /** The prompt text (last user message) of each call. */
  prompts: string[] = [];
  /** `Date.now()` when each call began. */
  startedAt: number[] = [];
  /** Calls in flight now, and the most seen at once. */
  inFlight = 0;
  maxInFlight = 0;
  /** Streams the caller aborted, and text deltas sent over all streams. */
  streamsAborted = 0;
  deltasSent = 0;
  /** The model to hand to `llmAction` (or to an agent). */
  readonly model: LanguageModel;

  constructor(readonly options: { provider?: string; modelId?: string } = {}) {
    const answer = (call: CallOptions) => this.answer(call);
    this.model = {
      specificationVersion: "v3",
      provider: options.provider ?? "mock",
      modelId: options.modelId ?? "mock-model",
      supportedUrls: {},
      doGenerate: async (call: CallOptions) => {
        const { text, scripted } = await answer(call);
        return {
          content: [{ type: "text", text }],
          finishReason: FINISH,
          usage: usage(scripted),
          warnings: [],
        };
      },
      doStream: async (call: CallOptions) => {
        const { text, scripted } = await answer(call);
        const parts = [
          { type: "text-start", id: "t" },
          ...(text.match(/\S+\s*/g) ?? []).map((delta) => ({
            type: "text-delta",
            id: "t",
            delta,
          })),
          { type: "text-end", id: "t" },
          { type: "finish", finishReason: FINISH, usage: usage(scripted) },
        ];
        const delayMs = this.chunkDelayMs;
        return {
          stream: new ReadableStream({
            start: async (controller) => {
              for (const part of parts) {
                if (delayMs > 0 && part.type === "text-delta") {
                  await new Promise((resolve) => setTimeout(resolve, delayMs));
                }
                // As a provider's connection does: an abort ends the stream.
                if (call.abortSignal?.aborted) {
                  this.streamsAborted += 1;
                  controller.error(call.abortSignal.reason);
                  return;
                }
                if (part.type === "text-delta") this.deltasSent += 1;
                controller.enqueue(part);
              }
              controller.close();
            },
          }),
        };
      },
    } as unknown as LanguageModel;
  }

  /** Back to a fresh state: empty script, default fallback, no calls. */
  reset(): void {
    this.script = [];
    this.fallback = { text: "ok" };
    this.latencyMs = 0;
    this.chunkDelayMs = 0;
    this.calls = 0;
    this.prompts = [];
    this.startedAt = [];
    this.inFlight = 0;
    this.maxInFlight = 0;
    this.streamsAborted = 0;
    this.deltasSent = 0;
  }

  private async answer(
    call: CallOptions,
  ): Promise<{ text: string; scripted: ScriptedUsage }> {
    this.calls += 1;
    this.startedAt.push(Date.now());
    this.prompts.push(promptText(call));
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.latencyMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, this.latencyMs));
      }
    } finally {
      this.inFlight -= 1;
    }
    const scripted = this.script.shift() ?? this.fallback;
    if ("status" in scripted) throw await apiError(scripted);
    const text =
      "text" in scripted ? scripted.text : JSON.stringify(scripted.object);
    return { text, scripted };
  }
}

/**
 * A {@link MockLlm} that every `llmAction` of the app uses in place of its
 * own model, until `restoreLlm()` or the next `mockLlm(...)`: the app's code
 * stays as it is. Answers come from `script` in order, then `fallback`.
 *
 * ```ts
 * const llm = mockLlm([
 *   { object: { category: "billing" } },
 *   { status: 429, retryAfter: 2 }, // retried after 2 s
 *   { text: "Refunded.", inputTokens: 120, outputTokens: 30 },
 * ]);
 * // ... run the workflow ...
 * expect(llm.calls).toBe(3);
 * ```
 */
export function mockLlm(
  script: Scripted[] = [],
  options: { provider?: string; modelId?: string } = {},
): MockLlm {
  const llm = new MockLlm(options);
  llm.script = [...script];
  setModelOverride(llm.model);
  return llm;
}

/** Let every `llmAction` use its own model again. */
export function restoreLlm(): void {
  setModelOverride(undefined);
}
