import { ConvexError } from "convex/values";
import {
  isJournalOverflow,
  MAX_JOURNAL_BYTES,
  nondeterministicStep,
  oversizedStepResult,
} from "./upstream.js";

export { nondeterministicStep };

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
  "INPUT_TOO_LARGE",
  "OUTPUT_TOO_LARGE",
  "STEP_RESULT_TOO_LARGE",
  "JOURNAL_TOO_LARGE",
  "NONDETERMINISTIC",
  "STEP_FAILED",
  "HANDLER_FAILED",
  "SIGNAL_BUFFER_FULL",
  "CALLBACK_NOT_FOUND",
  "CALLBACK_GONE",
  "CHILD_DEPTH_EXCEEDED",
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
  "INPUT_TOO_LARGE",
  "OUTPUT_TOO_LARGE",
  "JOURNAL_TOO_LARGE",
  "NONDETERMINISTIC",
];

/** A run's or step's error message is at most this long: no value dumps. */
export const MAX_ERROR_MESSAGE_LENGTH = 1000;

/** Cut a message to MAX_ERROR_MESSAGE_LENGTH characters. */
export function shortMessage(message: string): string {
  return message.length <= MAX_ERROR_MESSAGE_LENGTH
    ? message
    : `${message.slice(0, MAX_ERROR_MESSAGE_LENGTH - 1)}…`;
}

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
  const { code, message } = parseFirstLine(raw);
  return code
    ? { code, message: shortMessage(message) }
    : { message: shortMessage(message) };
}

function parseFirstLine(raw: string): { code?: ErrorCode; message: string } {
  const mismatch = nondeterministicStep(raw);
  if (mismatch !== undefined) {
    return {
      code: "NONDETERMINISTIC",
      message: `On replay the handler did not ask for the journal's step ${JSON.stringify(mismatch)}: a handler must call the same steps in the same order every time (decide with step results, not Date.now() or Math.random()).`,
    };
  }
  if (isJournalOverflow(raw)) {
    return {
      code: "JOURNAL_TOO_LARGE",
      message: `The run's journal passed the ${MAX_JOURNAL_BYTES}-byte (8 MiB) limit: keep big values out of step arguments and results, or split the work into child workflows.`,
    };
  }
  const firstLine = parseFirstLineText(raw);
  for (const code of CODES_IN_RUN_ERRORS) {
    if (firstLine.startsWith(`${code}: `)) {
      return { code, message: firstLine.slice(code.length + 2) };
    }
  }
  const tooLarge = oversizedStepResult(firstLine);
  if (tooLarge) {
    return {
      code: "STEP_RESULT_TOO_LARGE",
      message: stepResultTooLarge(tooLarge.bytes, tooLarge.limit),
    };
  }
  return fromConvexErrorData(firstLine) ?? { message: firstLine };
}

/**
 * An error's first line without the "Error: " / "Uncaught Error: " /
 * "ConvexError: " prefixes the runtime adds, possibly several times as
 * errors are re-thrown by steps.
 */
function parseFirstLineText(raw: string): string {
  let firstLine = raw.split("\n")[0] ?? raw;
  const prefix = /^(Uncaught )?([A-Za-z]*Error): /;
  while (prefix.test(firstLine)) firstLine = firstLine.replace(prefix, "");
  return firstLine;
}

/** The message of STEP_RESULT_TOO_LARGE. */
export function stepResultTooLarge(bytes: number, limit: number): string {
  return `The step's result is ${bytes} bytes, over the ${limit}-byte limit of a step value: store big values in a table or file storage and return their id.`;
}

/**
 * A ConvexError with object data (ours, thrown by a step helper inside the
 * handler) reaches the journal as its JSON: show its message and code, not
 * the JSON.
 */
/**
 * The step an error's ConvexError data names (`{ step: { name, stepNumber } }`),
 * e.g. a child's failure handed to its parent.
 */
export function errorStep(
  raw: string,
): { name: string; stepNumber: number } | undefined {
  let data: unknown;
  try {
    data = JSON.parse(parseFirstLineText(raw));
  } catch {
    return undefined;
  }
  const step = (data as { step?: { name?: unknown; stepNumber?: unknown } })
    ?.step;
  return typeof step?.name === "string" && typeof step.stepNumber === "number"
    ? { name: step.name, stepNumber: step.stepNumber }
    : undefined;
}

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
