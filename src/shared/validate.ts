// Input checks shared by the client (before anything runs) and the
// component (which must not trust callers). Each throws a coded ConvexError.
import { getConvexSize, jsonToConvex, type Value } from "convex/values";
import { workflowError, type ErrorCode } from "./errors.js";
import { SIGNAL_LIMITS } from "./signalValidators.js";
import { LIMITS, MAX_RETENTION_MS, type ProgressReport } from "./validators.js";

export function checkTags(tags: unknown): string[] {
  if (tags === undefined) return [];
  if (!Array.isArray(tags)) {
    throw workflowError(
      "INVALID_ARGUMENT",
      "tags must be an array of strings.",
      {
        path: ["tags"],
      },
    );
  }
  if (tags.length > LIMITS.maxTags) {
    throw workflowError(
      "INVALID_ARGUMENT",
      `At most ${LIMITS.maxTags} tags, got ${tags.length}.`,
      { path: ["tags"] },
    );
  }
  tags.forEach((tag, i) => {
    if (
      typeof tag !== "string" ||
      tag.length === 0 ||
      tag.length > LIMITS.maxTagLength
    ) {
      throw workflowError(
        "INVALID_ARGUMENT",
        `Each tag must be a non-empty string of at most ${LIMITS.maxTagLength} characters.`,
        { path: ["tags", i] },
      );
    }
  });
  return tags as string[];
}

/** `value` when absent or a string of 1 to `max` characters; else INVALID_ARGUMENT at `name`. */
function checkOptionalString(
  value: unknown,
  name: string,
  max: number,
): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.length === 0 || value.length > max) {
    throw workflowError(
      "INVALID_ARGUMENT",
      `${name} must be a non-empty string of at most ${max} characters.`,
      { path: [name] },
    );
  }
  return value;
}

export function checkIdempotencyKey(key: unknown): string | undefined {
  return checkOptionalString(
    key,
    "idempotencyKey",
    LIMITS.maxIdempotencyKeyLength,
  );
}

/** A run's owner: a user or org id the app chooses. */
export function checkOwner(owner: unknown): string | undefined {
  return checkOptionalString(owner, "owner", LIMITS.maxOwnerLength);
}

/** An exported trace's `service.name`: absent, or 1 to 100 characters. */
export function checkServiceName(name: unknown): string | undefined {
  return checkOptionalString(name, "serviceName", LIMITS.maxServiceNameLength);
}

export function checkRunId(runId: unknown): string {
  if (typeof runId !== "string" || runId.length === 0) {
    throw workflowError(
      "INVALID_ARGUMENT",
      "runId must be a non-empty string.",
      {
        path: ["runId"],
      },
    );
  }
  return runId;
}

export function checkPageSize(numItems: number): void {
  if (
    !Number.isInteger(numItems) ||
    numItems < 1 ||
    numItems > LIMITS.maxPageSize
  ) {
    throw workflowError(
      "INVALID_ARGUMENT",
      `paginationOpts.numItems must be an integer from 1 to ${LIMITS.maxPageSize}, got ${numItems}.`,
      { path: ["paginationOpts", "numItems"] },
    );
  }
}

/**
 * A page request of a list read through an index (convex-helpers'
 * paginator): its size, and a cursor that is null or one such a list
 * returned (a JSON array of index values). Anything else is
 * INVALID_ARGUMENT rather than a parse error deep in the paginator.
 */
export function checkPaginationOpts(opts: {
  numItems: number;
  cursor: string | null;
}): void {
  checkPageSize(opts.numItems);
  if (opts.cursor === null) return;
  let key: unknown;
  try {
    key = jsonToConvex(JSON.parse(opts.cursor));
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key)) throw badCursor();
}

/** The error for a cursor no list of ours returned. */
export function badCursor() {
  return workflowError(
    "INVALID_ARGUMENT",
    "paginationOpts.cursor must be null or a continueCursor this list returned.",
    { path: ["paginationOpts", "cursor"] },
  );
}

export function checkProgress(report: ProgressReport): void {
  const { completed, total, message } = report;
  for (const [field, value] of [
    ["completed", completed],
    ["total", total],
  ] as const) {
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
      throw workflowError(
        "INVALID_ARGUMENT",
        `progress.${field} must be a finite number >= 0, got ${value}.`,
        { path: [field] },
      );
    }
  }
  if (completed !== undefined && total !== undefined && completed > total) {
    throw workflowError(
      "INVALID_ARGUMENT",
      `progress.completed (${completed}) cannot exceed total (${total}).`,
      { path: ["completed"] },
    );
  }
  if (message !== undefined && message.length > 1000) {
    throw workflowError(
      "INVALID_ARGUMENT",
      "progress.message must be at most 1000 characters.",
      { path: ["message"] },
    );
  }
}

/** Custom event types; "run." is reserved for the component's own events. */
export function checkEventType(type: unknown): string {
  if (
    typeof type !== "string" ||
    type.length === 0 ||
    type.length > LIMITS.maxEventTypeLength ||
    type.startsWith("run.")
  ) {
    throw workflowError(
      "INVALID_ARGUMENT",
      `Event type must be a non-empty string of at most ${LIMITS.maxEventTypeLength} characters, not starting with "run.".`,
      { path: ["type"] },
    );
  }
  return type;
}

/** `step.emit` data: small JSON for the run's log. */
export function checkEventData(data: unknown): void {
  const size = valueSize(data);
  if (size > LIMITS.maxEventDataBytes) {
    throw workflowError(
      "INVALID_ARGUMENT",
      `Event data is ${size} bytes, over the limit of ${LIMITS.maxEventDataBytes}: log an id, not the value.`,
      { path: ["data"] },
    );
  }
}

/** A signal's value: small JSON, like event data. */
export function checkSignalValueSize(signal: string, value: unknown): void {
  const size = valueSize(value);
  if (size > LIMITS.maxEventDataBytes) {
    throw workflowError(
      "INVALID_SIGNAL_VALUE",
      `A "${signal}" value is ${size} bytes, over the limit of ${LIMITS.maxEventDataBytes}.`,
      { path: ["value"] },
    );
  }
}

/** Options of `step.waitForSignal`, checked in the handler and again by the component. */
export function checkWaitOptions(options: {
  signal: string;
  timeoutMs?: number;
  title?: string;
  details?: unknown;
  assignees?: string[];
  quorum?: number;
}): void {
  const { signal, timeoutMs, title, details, assignees, quorum } = options;
  checkSignalName(signal);
  if (
    timeoutMs !== undefined &&
    (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
  ) {
    throw workflowError(
      "INVALID_ARGUMENT",
      `timeoutMs must be a number of ms > 0, got ${timeoutMs}.`,
      { path: ["timeoutMs"] },
    );
  }
  if (title !== undefined && title.length > SIGNAL_LIMITS.maxTitleLength) {
    throw workflowError(
      "INVALID_ARGUMENT",
      `title must be at most ${SIGNAL_LIMITS.maxTitleLength} characters.`,
      { path: ["title"] },
    );
  }
  if (
    details !== undefined &&
    JSON.stringify(details).length > SIGNAL_LIMITS.maxDetailsBytes
  ) {
    throw workflowError(
      "INVALID_ARGUMENT",
      `details must be at most ${SIGNAL_LIMITS.maxDetailsBytes} bytes of JSON: store big drafts in a table and pass their id.`,
      { path: ["details"] },
    );
  }
  if (assignees !== undefined) {
    if (
      !Array.isArray(assignees) ||
      assignees.length > SIGNAL_LIMITS.maxAssignees ||
      assignees.some((a) => typeof a !== "string" || a.length === 0)
    ) {
      throw workflowError(
        "INVALID_ARGUMENT",
        `assignees must be at most ${SIGNAL_LIMITS.maxAssignees} non-empty strings.`,
        { path: ["assignees"] },
      );
    }
  }
  if (quorum !== undefined && (!Number.isInteger(quorum) || quorum < 1)) {
    throw workflowError(
      "INVALID_ARGUMENT",
      `quorum must be an integer >= 1, got ${quorum}.`,
      { path: ["quorum"] },
    );
  }
}

export function checkSignalName(name: unknown): string {
  if (
    typeof name !== "string" ||
    name.length === 0 ||
    name.length > SIGNAL_LIMITS.maxSignalNameLength
  ) {
    throw workflowError(
      "INVALID_ARGUMENT",
      `A signal name must be a non-empty string of at most ${SIGNAL_LIMITS.maxSignalNameLength} characters.`,
      { path: ["signal"] },
    );
  }
  return name;
}

/** Who sends a signal: a user id or a system name the app chooses. */
export function checkSender(by: unknown): string {
  if (typeof by !== "string" || by.length === 0 || by.length > 200) {
    throw workflowError(
      "INVALID_ARGUMENT",
      "by must be a non-empty string (who sends the signal) of at most 200 characters.",
      { path: ["by"] },
    );
  }
  return by;
}

/** Retention periods: ms from 0 to MAX_RETENTION_MS, or false (keep). */
export function checkRetention(retention: unknown, where = "retention"): void {
  if (retention === undefined) return;
  const fail = (message: string, key?: string) => {
    throw workflowError(
      "INVALID_ARGUMENT",
      `${where}${key ? `.${key}` : ""} ${message}`,
      {
        path: key ? [where, key] : [where],
      },
    );
  };
  if (
    typeof retention !== "object" ||
    retention === null ||
    Array.isArray(retention)
  ) {
    fail("must be an object like { completed, failed, canceled }.");
  }
  for (const [key, period] of Object.entries(retention as object)) {
    if (!["completed", "failed", "canceled"].includes(key)) {
      fail("is not completed, failed or canceled.", key);
    }
    if (period === false || period === undefined || period === null) continue;
    if (
      typeof period !== "number" ||
      !Number.isFinite(period) ||
      period < 0 ||
      period > MAX_RETENTION_MS
    ) {
      fail(
        `must be ms from 0 to ${MAX_RETENTION_MS}, or false to keep forever.`,
        key,
      );
    }
  }
}

/** A wait's callback: who its decisions count as, and an http(s) URL prefix. */
export function checkCallback(callback: { by: string; urlPrefix: string }) {
  checkSender(callback.by);
  if (
    !/^https?:\/\/[^\s]+$/.test(callback.urlPrefix) ||
    callback.urlPrefix.length > 1000
  ) {
    throw workflowError(
      "INVALID_ARGUMENT",
      `A callback URL needs an http(s) site URL, got "${callback.urlPrefix.slice(0, 100)}".`,
      { path: ["callback"] },
    );
  }
}

/** Options of an LLM call (step or one-shot). */
export function checkLlmOptions(options: {
  name: string;
  retry?: { maxAttempts: number; initialBackoffMs: number; base: number };
  maxParallelism?: number;
  budget?: { maxTokens?: number; maxCostUsd?: number };
}): void {
  const { name, retry, maxParallelism, budget } = options;
  if (typeof name !== "string" || name.length === 0 || name.length > 200) {
    throw workflowError(
      "INVALID_ARGUMENT",
      "An LLM step needs a name of 1 to 200 characters.",
      {
        path: ["name"],
      },
    );
  }
  if (retry) {
    const { maxAttempts, initialBackoffMs, base } = retry;
    if (
      !Number.isInteger(maxAttempts) ||
      maxAttempts < 1 ||
      !(initialBackoffMs >= 0) ||
      !(base >= 1)
    ) {
      throw workflowError(
        "INVALID_ARGUMENT",
        "retry needs maxAttempts (integer >= 1), initialBackoffMs (>= 0) and base (>= 1).",
        { path: ["retry"] },
      );
    }
  }
  if (
    maxParallelism !== undefined &&
    (!Number.isInteger(maxParallelism) || maxParallelism < 1)
  ) {
    throw workflowError(
      "INVALID_ARGUMENT",
      "maxParallelism must be an integer >= 1.",
      {
        path: ["maxParallelism"],
      },
    );
  }
  for (const key of ["maxTokens", "maxCostUsd"] as const) {
    const value = budget?.[key];
    if (value !== undefined && !(value >= 0)) {
      throw workflowError(
        "INVALID_ARGUMENT",
        `budget.${key} must be a number >= 0.`,
        {
          path: ["budget", key],
        },
      );
    }
  }
}

/** The size of a Convex value in bytes, as Convex counts it. */
export function valueSize(value: unknown): number {
  return getConvexSize((value ?? null) as Value);
}

/**
 * Refuse a value over `limit` bytes where it enters, with `code`, before it
 * reaches a document or the journal. The message names sizes, not values.
 */
export function checkValueSize(
  value: unknown,
  limit: number,
  code: ErrorCode,
  what: string,
): void {
  const size = valueSize(value);
  if (size > limit) {
    throw workflowError(
      code,
      `${what} is ${size} bytes, over the limit of ${limit}: store big values in a table or file storage and pass their id.`,
    );
  }
}
