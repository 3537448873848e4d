// The demo's OFFLINE MODEL: a deterministic, rules-based stand-in for an
// LLM, so the demo runs with no network and no API key. It implements the
// AI SDK's LanguageModelV3 interface, so the demo's LLM actions, the
// component's pool, retries, accounting and streaming all run for real;
// only the text comes from rules instead of a neural network.
import type {
  LanguageModelV3,
  LanguageModelV3CallOptions,
  LanguageModelV3StreamPart,
} from "@ai-sdk/provider";

/** Turns the prompt's text into an answer (JSON text when `json`). */
export type Rules = (prompt: string, json: boolean) => string;

function promptText(options: LanguageModelV3CallOptions): string {
  return options.prompt
    .map((message) =>
      typeof message.content === "string"
        ? message.content
        : message.content
            .map((part) => ("text" in part ? part.text : ""))
            .join(""),
    )
    .join("\n");
}

// Roughly what a tokenizer counts (about 3/4 of a word per token).
function countTokens(text: string): number {
  return Math.max(1, Math.ceil(text.split(/\s+/).filter(Boolean).length * 1.3));
}

function usage(input: string, output: string) {
  const inputTokens = countTokens(input);
  const outputTokens = countTokens(output);
  return {
    inputTokens: {
      total: inputTokens,
      noCache: inputTokens,
      cacheRead: 0,
      cacheWrite: 0,
    },
    outputTokens: { total: outputTokens, text: outputTokens, reasoning: 0 },
  };
}

/**
 * Wait `latencyMs()` before answering, as a real model takes time to
 * start. Read again while it waits, so lowering it lets waiting calls
 * answer; an aborted call stops waiting.
 */
async function think(
  latencyMs: () => number,
  signal: AbortSignal | undefined,
): Promise<void> {
  const started = Date.now();
  while (Date.now() - started < latencyMs() && !signal?.aborted) {
    await pause(100);
  }
}

export function offlineModel(
  modelId: string,
  rules: Rules,
  /** How long it takes to start answering (default: no time). */
  latencyMs: () => number = () => 0,
): LanguageModelV3 {
  const answer = async (options: LanguageModelV3CallOptions) => {
    await think(latencyMs, options.abortSignal);
    const input = promptText(options);
    const json = options.responseFormat?.type === "json";
    return { input, output: rules(input, json) };
  };
  return {
    specificationVersion: "v3",
    provider: "offline",
    modelId,
    supportedUrls: {},
    doGenerate: async (options) => {
      const { input, output } = await answer(options);
      return {
        content: [{ type: "text", text: output }],
        finishReason: { unified: "stop", raw: "stop" },
        usage: usage(input, output),
        warnings: [],
      };
    },
    doStream: async (options) => {
      const { input, output } = await answer(options);
      const words = output.match(/\S+\s*/g) ?? [];
      const parts: LanguageModelV3StreamPart[] = [
        { type: "text-start", id: "0" },
        ...words.map((delta): LanguageModelV3StreamPart => ({
          type: "text-delta",
          id: "0",
          delta,
        })),
        { type: "text-end", id: "0" },
        {
          type: "finish",
          finishReason: { unified: "stop", raw: "stop" },
          usage: usage(input, output),
        },
      ];
      return {
        stream: new ReadableStream({
          async start(controller) {
            for (const part of parts) {
              controller.enqueue(part);
              // Paced like a real model so live text is visible.
              if (part.type === "text-delta") await pause(15);
            }
            controller.close();
          },
        }),
      };
    },
  };
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
