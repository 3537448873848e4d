// The CLI's exit codes (documented in the README's CLI section) and the one
// error type its commands throw to end with a message and a code.
import type { ErrorCode } from "../shared/errors.js";

/** Exit codes: stable, for scripts and CI. */
export const EXIT = {
  /** The command succeeded; a watched run completed. */
  OK: 0,
  /** A watched run failed. */
  RUN_FAILED: 1,
  /** Bad usage or input: unknown option or workflow, bad JSON, invalid input or value. */
  USAGE: 2,
  /** A watched run was canceled. */
  RUN_CANCELED: 3,
  /** Refused, not found, or not in a state that allows it (e.g. NOT_AUTHORIZED, RUN_FINISHED). */
  REFUSED: 4,
  /** The backend could not be reached or started, or something unexpected failed. */
  UNAVAILABLE: 5,
  /** Interrupted (Ctrl-C) while watching; the run goes on. */
  INTERRUPTED: 130,
} as const;

/** One of the CLI's exit codes. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Error codes that mean the request itself was wrong (exit 2). */
const USAGE_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  "INVALID_INPUT",
  "INVALID_ARGUMENT",
  "INVALID_SIGNAL_VALUE",
  "WRONG_SIGNAL",
  "STEP_NOT_FOUND",
  "INPUT_TOO_LARGE",
]);

/** An error that ends the CLI with one line on stderr and `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = "CliError";
  }
}

/** The `{ code, message }` of a ConvexError, or undefined for other errors. */
function errorData(
  error: unknown,
): { code: string; message: string } | undefined {
  const data = (error as { data?: unknown } | null)?.data;
  if (typeof data !== "object" || data === null) return undefined;
  const { code, message } = data as { code?: unknown; message?: unknown };
  return typeof code === "string"
    ? { code, message: typeof message === "string" ? message : "" }
    : undefined;
}

/**
 * What the CLI prints and exits with for any error: a CliError as it is; a
 * ConvexError from the app as `CODE: message` (2 for bad input, 4 for
 * refusals and states); anything else as its first line, exit 5.
 */
export function describeError(error: unknown): {
  message: string;
  exitCode: ExitCode;
} {
  if (error instanceof CliError)
    return { message: error.message, exitCode: error.exitCode };
  const data = errorData(error);
  if (data) {
    return {
      message: `${data.code}: ${data.message}`,
      exitCode: USAGE_CODES.has(data.code) ? EXIT.USAGE : EXIT.REFUSED,
    };
  }
  const text = error instanceof Error ? error.message : String(error);
  return { message: serverMessage(text), exitCode: EXIT.UNAVAILABLE };
}

/**
 * A server error's message without the client's decorations ("[CONVEX
 * M(mod:fn)] [Request ID: ...] Server Error\nUncaught Error: ...") or a
 * stack: the line that says what went wrong.
 */
function serverMessage(text: string): string {
  const lines = text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("at "));
  const uncaught = lines.find((line) => line.startsWith("Uncaught "));
  const line = uncaught ?? lines[lines.length - 1] ?? text;
  return line
    .replace(/^\[CONVEX [^\]]*\]\s*/, "")
    .replace(/^\[Request ID: [^\]]*\]\s*/, "")
    .replace(/^Uncaught (\w*Error): /, "");
}
