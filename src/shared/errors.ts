import { ConvexError } from "convex/values";

/**
 * Every error this package throws on purpose carries one of these codes in
 * `error.data.code`. They are stable: match on them, not on messages.
 */
export const ERROR_CODES = [
  "INVALID_INPUT",
  "INVALID_OUTPUT",
  "INVALID_ARGUMENT",
  "RUN_NOT_FOUND",
  "RUN_FINISHED",
  "RUN_NOT_FINISHED",
  "STEP_NOT_FOUND",
  "INVALID_SIGNAL_VALUE",
  "NOT_AUTHORIZED",
  "SIGNAL_ALREADY_DECIDED",
  "SIGNAL_TIMED_OUT",
  "SIGNAL_NOT_PENDING",
  "WRONG_SIGNAL",
  "BUDGET_EXCEEDED",
  "IDEMPOTENCY_CONFLICT",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The data of every `ConvexError` this package throws. */
export type WorkflowErrorData = {
  code: ErrorCode;
  message: string;
  /** Where in the input the problem is, for validation errors. */
  path?: (string | number)[];
  /** Validation issues, for INVALID_INPUT and INVALID_OUTPUT. */
  issues?: { path: (string | number)[]; message: string }[];
  runId?: string;
  /** The signal request concerned, for signal errors. */
  requestId?: string;
};

export function workflowError(
  code: ErrorCode,
  message: string,
  extra?: Omit<WorkflowErrorData, "code" | "message">,
): ConvexError<WorkflowErrorData> {
  return new ConvexError({ code, message, ...extra });
}

/** True when `code` is one of this package's documented error codes. */
export function isErrorCode(code: unknown): code is ErrorCode {
  return ERROR_CODES.includes(code as ErrorCode);
}

/**
 * True when `error` is a `ConvexError` from this package (its code is one
 * of `ERROR_CODES`), with `code` when given.
 */
export function isWorkflowError(
  error: unknown,
  code?: ErrorCode,
): error is ConvexError<WorkflowErrorData> {
  if (!(error instanceof ConvexError)) return false;
  const data = error.data as Partial<WorkflowErrorData> | undefined;
  if (typeof data !== "object" || data === null) return false;
  if (!isErrorCode(data.code)) return false;
  return code === undefined || data.code === code;
}

// Codes that travel inside a failed run's error string ("CODE: message"),
// because the workflow journal stores run failures as plain strings.
const CODES_IN_RUN_ERRORS: ErrorCode[] = [
  "INVALID_INPUT",
  "INVALID_OUTPUT",
  "SIGNAL_TIMED_OUT",
];

/** Prefix a handler error so the run's recorded error keeps its code. */
export function codedMessage(code: ErrorCode, message: string): string {
  return `${code}: ${message}`;
}

/**
 * Turn the workflow journal's error string (message plus stack) into a short
 * message and, when it carries one, its code.
 */
export function parseRunError(raw: string): {
  code?: ErrorCode;
  message: string;
} {
  let firstLine = raw.split("\n")[0] ?? raw;
  // Strip the "Error: " / "Uncaught Error: " / "ConvexError: " prefixes the
  // runtime adds, possibly several times as errors are re-thrown by steps.
  const prefix = /^(Uncaught )?([A-Za-z]*Error): /;
  while (prefix.test(firstLine)) firstLine = firstLine.replace(prefix, "");
  for (const code of CODES_IN_RUN_ERRORS) {
    if (firstLine.startsWith(`${code}: `)) {
      return { code, message: firstLine.slice(code.length + 2) };
    }
  }
  return fromConvexErrorData(firstLine) ?? { message: firstLine };
}

/**
 * A ConvexError with object data (ours, thrown by a step helper inside the
 * handler) reaches the journal as its JSON: show its message and code, not
 * the JSON.
 */
function fromConvexErrorData(
  line: string,
): { code?: ErrorCode; message: string } | undefined {
  if (!line.startsWith("{")) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof data !== "object" || data === null) return undefined;
  const { code, message } = data as { code?: unknown; message?: unknown };
  if (typeof message !== "string") return undefined;
  const known = ERROR_CODES.find((c) => c === code);
  return known ? { code: known, message } : { message };
}
