// How an LLM action tells the component whether a failure is worth a
// retry. Errors cross the workpool as strings, so the verdict travels in
// the message: "LLM_ERROR {json} message".

export type LlmErrorInfo = {
  retryable: boolean;
  /** HTTP status from the provider, when there was one. */
  status?: number;
  /** The provider's Retry-After, in ms. */
  retryAfterMs?: number;
  message: string;
};

const MARKER = "LLM_ERROR ";

export function encodeLlmError(info: LlmErrorInfo): string {
  const { message, ...verdict } = info;
  return `${MARKER}${JSON.stringify(verdict)} ${message}`;
}

// Errors with no verdict (thrown by code we do not wrap) are retried only
// when they look like the network failing under the call.
// Network failures, and an action the retrier found lost (crashed or
// timed out): worth another attempt.
const NETWORK_ERROR =
  /fetch failed|ECONNRESET|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|socket hang up|network error|Transient error when executing action/i;

export function decodeLlmError(error: string): LlmErrorInfo {
  const at = error.indexOf(MARKER);
  if (at >= 0) {
    const rest = error.slice(at + MARKER.length);
    const end = rest.indexOf("} ");
    if (end >= 0) {
      try {
        const verdict = JSON.parse(rest.slice(0, end + 1)) as Omit<
          LlmErrorInfo,
          "message"
        >;
        const message = rest.slice(end + 2).split("\n")[0] ?? "";
        return { ...verdict, message };
      } catch {
        // fall through: treat as an error without a verdict
      }
    }
  }
  const message = error.split("\n")[0] ?? error;
  return { retryable: NETWORK_ERROR.test(error), message };
}

/** Backoff before attempt `attempt + 1`: exponential, with full jitter, at least Retry-After. */
export function retryDelayMs(
  retry: { initialBackoffMs: number; base: number },
  attempt: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const backoff = retry.initialBackoffMs * Math.pow(retry.base, attempt - 1);
  // Jitter between half and the whole backoff spreads retries of calls that
  // failed together (a 429 burst) without ever retrying early.
  const jittered = backoff * (0.5 + random() * 0.5);
  return Math.max(jittered, retryAfterMs ?? 0);
}
