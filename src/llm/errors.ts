import { APICallError, RetryError } from "ai";
import type { LlmErrorInfo } from "../shared/llmErrors.js";

/** Retry-After in ms: "retry-after-ms", or "retry-after" in seconds or as a date. */
export function retryAfterMs(
  headers: Record<string, string> | undefined,
  now: number = Date.now(),
): number | undefined {
  if (!headers) return undefined;
  const lower = Object.fromEntries(
    Object.entries(headers).map(([k, value]) => [k.toLowerCase(), value]),
  );
  const ms = Number(lower["retry-after-ms"]);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = lower["retry-after"];
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** A stream stopped because its call was canceled: never retried. */
export class LlmCallStopped extends Error {
  constructor() {
    super("The call was canceled; its stream stopped.");
    this.name = "LlmCallStopped";
  }
}

const NETWORK_ERROR =
  /fetch failed|ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|socket hang up|network/i;

/**
 * Retryable: the provider said so (408, 409, 429, 5xx) or the network
 * failed. Everything else (other 4xx, output that fails its schema) is not.
 */
export function classifyLlmError(error: unknown): LlmErrorInfo {
  if (error instanceof LlmCallStopped) {
    return { retryable: false, message: error.message };
  }
  const cause = RetryError.isInstance(error) ? error.lastError : error;
  if (APICallError.isInstance(cause)) {
    return {
      retryable: cause.isRetryable,
      status: cause.statusCode,
      retryAfterMs: retryAfterMs(cause.responseHeaders),
      message: cause.message,
    };
  }
  const message = cause instanceof Error ? cause.message : String(cause);
  const name = cause instanceof Error ? cause.name : "";
  const network =
    (name === "TypeError" && /fetch/i.test(message)) ||
    NETWORK_ERROR.test(message);
  return { retryable: network, message };
}
