import { APICallError, RetryError } from "ai";
import { describe, expect, test } from "vitest";
import { classifyLlmError, retryAfterMs } from "./errors.js";

describe("retryAfterMs", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");

  test("seconds", () => {
    expect(retryAfterMs({ "retry-after": "120" }, now)).toBe(120_000);
    expect(retryAfterMs({ "retry-after": "1.5" }, now)).toBe(1500);
    expect(retryAfterMs({ "retry-after": "0" }, now)).toBe(0);
  });

  test("the ms header wins over seconds; names are case-insensitive", () => {
    expect(retryAfterMs({ "retry-after-ms": "250" }, now)).toBe(250);
    expect(
      retryAfterMs({ "Retry-After-Ms": "250", "Retry-After": "9" }, now),
    ).toBe(250);
    expect(retryAfterMs({ "Retry-After": "9" }, now)).toBe(9000);
  });

  test("an HTTP date: the time left until it, never negative", () => {
    expect(
      retryAfterMs({ "retry-after": "Wed, 01 Jan 2025 00:00:30 GMT" }, now),
    ).toBe(30_000);
    expect(
      retryAfterMs({ "retry-after": "Tue, 31 Dec 2024 23:59:00 GMT" }, now),
    ).toBe(0);
  });

  test("absent or unreadable: undefined", () => {
    expect(retryAfterMs(undefined, now)).toBeUndefined();
    expect(retryAfterMs({}, now)).toBeUndefined();
    expect(retryAfterMs({ "retry-after": "soon" }, now)).toBeUndefined();
    expect(retryAfterMs({ "retry-after-ms": "abc" }, now)).toBeUndefined();
  });
});

describe("classifyLlmError", () => {
  const apiError = (statusCode: number, headers: Record<string, string> = {}) =>
    new APICallError({
      message: `HTTP ${statusCode}`,
      url: "https://llm.invalid/v1",
      requestBodyValues: {},
      statusCode,
      responseHeaders: headers,
    });

  test.each([408, 409, 429, 500, 503])("HTTP %i is retryable", (status) => {
    expect(classifyLlmError(apiError(status))).toMatchObject({
      retryable: true,
      status,
    });
  });

  test.each([400, 401, 403, 404, 422])("HTTP %i is not", (status) => {
    expect(classifyLlmError(apiError(status))).toMatchObject({
      retryable: false,
      status,
      message: `HTTP ${status}`,
    });
  });

  test("carries Retry-After, also through the SDK's RetryError", () => {
    const error = apiError(429, { "retry-after": "3" });
    expect(classifyLlmError(error).retryAfterMs).toBe(3000);
    const wrapped = new RetryError({
      message: "Failed after 3 attempts",
      reason: "maxRetriesExceeded",
      errors: [apiError(500), error],
    });
    expect(classifyLlmError(wrapped)).toMatchObject({
      retryable: true,
      status: 429,
      retryAfterMs: 3000,
    });
  });

  test("network failures are retryable; other errors are not", () => {
    expect(classifyLlmError(new TypeError("fetch failed")).retryable).toBe(
      true,
    );
    expect(classifyLlmError(new Error("read ECONNRESET")).retryable).toBe(true);
    expect(classifyLlmError(new Error("schema mismatch"))).toEqual({
      retryable: false,
      message: "schema mismatch",
    });
    expect(classifyLlmError("plain string").retryable).toBe(false);
  });
});
