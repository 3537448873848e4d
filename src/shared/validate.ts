// Input checks shared by the client (before anything runs) and the
// component (which must not trust callers). Each throws a coded ConvexError.
import { workflowError } from "./errors.js";
import { LIMITS, type ProgressReport } from "./validators.js";

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

export function checkIdempotencyKey(key: unknown): string | undefined {
  if (key === undefined) return undefined;
  if (
    typeof key !== "string" ||
    key.length === 0 ||
    key.length > LIMITS.maxIdempotencyKeyLength
  ) {
    throw workflowError(
      "INVALID_ARGUMENT",
      `idempotencyKey must be a non-empty string of at most ${LIMITS.maxIdempotencyKeyLength} characters.`,
      { path: ["idempotencyKey"] },
    );
  }
  return key;
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
