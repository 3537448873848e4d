import { describe, expect, test } from "vitest";
import {
  decodeLlmError,
  encodeLlmError,
  retryDelayMs,
  type LlmErrorInfo,
} from "./llmErrors.js";

describe("encodeLlmError / decodeLlmError", () => {
  test.each<LlmErrorInfo>([
    { retryable: true, status: 429, retryAfterMs: 2000, message: "Slow down" },
    { retryable: false, status: 400, message: "Bad request: {x} is } odd" },
    { retryable: true, message: "fetch failed" },
    { retryable: false, message: "" },
  ])("round trip of %j", (info) => {
    expect(decodeLlmError(encodeLlmError(info))).toEqual(info);
  });

  test("decodes the verdict inside a rethrown error with a stack", () => {
    const info = { retryable: true, status: 503, message: "Overloaded" };
    const raw = `Uncaught Error: ${encodeLlmError(info)}\n    at handler (llmAction.ts:96:15)\n    at async run`;
    expect(decodeLlmError(raw)).toEqual(info);
  });

  test.each([
    "TypeError: fetch failed",
    "Error: read ECONNRESET",
    "Error: connect ECONNREFUSED 127.0.0.1:443",
    "Error: ETIMEDOUT",
    "Error: getaddrinfo EAI_AGAIN api.openai.com",
    "Error: socket hang up",
    "Network error while calling the model",
  ])(
    "an error without a verdict that looks like the network is retryable: %s",
    (raw) => {
      const decoded = decodeLlmError(`${raw}\n    at somewhere`);
      expect(decoded.retryable).toBe(true);
      expect(decoded.message).toBe(raw);
      expect(decoded.status).toBeUndefined();
    },
  );

  test.each([
    "TypeError: Cannot read properties of undefined (reading 'text')",
    "Error: Invalid argument",
    'LLM_ERROR {"retryable":tru} broken verdict',
    "LLM_ERROR no verdict at all",
  ])("anything else without a (valid) verdict is not retryable: %s", (raw) => {
    const decoded = decodeLlmError(raw);
    expect(decoded.retryable).toBe(false);
    expect(decoded.message).toBe(raw);
  });
});

describe("retryDelayMs", () => {
  const retry = { initialBackoffMs: 1000, base: 2 };

  test("exponential: attempt n waits [0.5, 1] × initial × base^(n-1)", () => {
    for (const [attempt, backoff] of [
      [1, 1000],
      [2, 2000],
      [3, 4000],
      [5, 16000],
    ] as const) {
      expect(retryDelayMs(retry, attempt, undefined, () => 0)).toBe(
        backoff / 2,
      );
      expect(retryDelayMs(retry, attempt, undefined, () => 0.5)).toBe(
        backoff * 0.75,
      );
      expect(
        retryDelayMs(retry, attempt, undefined, () => 0.999999),
      ).toBeCloseTo(backoff, 0);
    }
  });

  test("with Math.random: always within [0.5, 1] × backoff", () => {
    for (let i = 0; i < 1000; i++) {
      const attempt = 1 + (i % 4);
      const backoff = 1000 * 2 ** (attempt - 1);
      const delay = retryDelayMs(retry, attempt, undefined);
      expect(delay).toBeGreaterThanOrEqual(backoff * 0.5);
      expect(delay).toBeLessThanOrEqual(backoff);
    }
  });

  test("never below Retry-After, and no longer than needed", () => {
    for (let i = 0; i < 1000; i++) {
      const retryAfter = (i % 7) * 700;
      const attempt = 1 + (i % 3);
      const backoff = 1000 * 2 ** (attempt - 1);
      const delay = retryDelayMs(retry, attempt, retryAfter);
      expect(delay).toBeGreaterThanOrEqual(retryAfter);
      expect(delay).toBeGreaterThanOrEqual(backoff * 0.5);
      expect(delay).toBeLessThanOrEqual(Math.max(backoff, retryAfter));
    }
    expect(retryDelayMs(retry, 1, 120_000, () => 1)).toBe(120_000);
    expect(retryDelayMs(retry, 1, 0, () => 0)).toBe(500);
  });
});
