// A scripted model for tests: MockLanguageModelV3 (no network) whose
// answers, failures, latency and concurrency the tests control.
import { APICallError } from "ai";
import { MockLanguageModelV3, simulateReadableStream } from "ai/test";

export type Scripted =
  | { text: string; inputTokens?: number; outputTokens?: number }
  | { status: number; message?: string; retryAfter?: string };

/** Shared with the tests (convex-test runs functions in this process). */
export const mockLlm = {
  script: [] as Scripted[],
  /** Answer when the script is empty. */
  fallback: { text: "ok", inputTokens: 10, outputTokens: 5 } as Scripted,
  latencyMs: 0,
  /** Delay between streamed chunks (a setTimeout, so fake timers drive it); 0 for none. */
  chunkDelayMs: 0,
  calls: 0,
  /** Date.now() when each call began. */
  startedAt: [] as number[],
  /** The prompt text of each call (its last user message). */
  prompts: [] as string[],
  inFlight: 0,
  maxInFlight: 0,
  reset() {
    this.script = [];
    this.fallback = { text: "ok", inputTokens: 10, outputTokens: 5 };
    this.latencyMs = 0;
    this.chunkDelayMs = 0;
    this.calls = 0;
    this.startedAt = [];
    this.prompts = [];
    this.inFlight = 0;
    this.maxInFlight = 0;
  },
};

function next(): Scripted {
  return mockLlm.script.shift() ?? mockLlm.fallback;
}

function usage(s: { inputTokens?: number; outputTokens?: number }) {
  const input = s.inputTokens ?? 10;
  const output = s.outputTokens ?? 5;
  return {
    inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 },
    outputTokens: { total: output, text: output, reasoning: 0 },
  };
}

type CallOptions = { prompt: { role: string; content: unknown }[] };

function promptText({ prompt }: CallOptions): string {
  const last = [...prompt].reverse().find((m) => m.role === "user");
  if (!last) return "";
  if (typeof last.content === "string") return last.content;
  return (last.content as { type: string; text?: string }[])
    .map((part) => part.text ?? "")
    .join("");
}

async function begin(options: CallOptions): Promise<Scripted> {
  mockLlm.calls += 1;
  mockLlm.startedAt.push(Date.now());
  mockLlm.prompts.push(promptText(options));
  mockLlm.inFlight += 1;
  mockLlm.maxInFlight = Math.max(mockLlm.maxInFlight, mockLlm.inFlight);
  try {
    if (mockLlm.latencyMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, mockLlm.latencyMs));
    }
  } finally {
    mockLlm.inFlight -= 1;
  }
  const answer = next();
  if ("status" in answer) {
    throw new APICallError({
      message: answer.message ?? `HTTP ${answer.status}`,
      url: "https://llm.invalid/v1/chat",
      requestBodyValues: {},
      statusCode: answer.status,
      responseHeaders: answer.retryAfter
        ? { "retry-after": answer.retryAfter }
        : {},
    });
  }
  return answer;
}

export const mockModel = new MockLanguageModelV3({
  provider: "mock",
  modelId: "mock-1",
  doGenerate: async (options) => {
    const answer = (await begin(options)) as {
      text: string;
      inputTokens?: number;
    };
    return {
      content: [{ type: "text", text: answer.text }],
      finishReason: { unified: "stop", raw: "stop" },
      usage: usage(answer),
      warnings: [],
    };
  },
  doStream: async (options) => {
    const answer = (await begin(options)) as {
      text: string;
      inputTokens?: number;
    };
    const words = answer.text.match(/\S+\s*/g) ?? [];
    return {
      stream: simulateReadableStream({
        chunks: [
          { type: "text-start", id: "t" },
          ...words.map((delta) => ({
            type: "text-delta" as const,
            id: "t",
            delta,
          })),
          { type: "text-end", id: "t" },
          {
            type: "finish",
            finishReason: { unified: "stop", raw: "stop" },
            usage: usage(answer),
          },
        ],
        initialDelayInMs: null,
        chunkDelayInMs: mockLlm.chunkDelayMs > 0 ? mockLlm.chunkDelayMs : null,
      }) as never,
    };
  },
});
