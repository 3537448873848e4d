// Logs that tests cause on purpose (a step that fails, a refused call, a
// retried LLM error) are captured instead of printed, so `npm test` shows
// only what a reader needs; any other log is printed as usual.
import { afterEach, beforeEach, vi } from "vitest";

/** A substring of the log's text, or a pattern it must match. */
export type LogPattern = string | RegExp;

/** What `expectLogs` gives back: the current test's captured logs. */
export type ExpectedLogs = {
  /** The text of each log captured so far in the running test, in order. */
  readonly captured: string[];
};

const METHODS = ["error", "warn", "log", "info", "debug"] as const;
type Method = (typeof METHODS)[number];

type Declaration = { patterns: LogPattern[]; captured: string[] };

/** The declarations in force for the running test, outermost first. */
const active: Declaration[] = [];
let restore: (() => void) | undefined;

/**
 * The text a pattern is matched against, the arguments joined by spaces:
 * strings as they are (@convex-dev/workflow logs some errors as a string
 * with their stack), errors as "Name: message" (without their stack), other
 * values as JSON.
 */
function text(args: unknown[]): string {
  return args
    .map((arg) => {
      if (typeof arg === "string") return arg;
      if (arg instanceof Error) return String(arg);
      try {
        return JSON.stringify(arg) ?? String(arg);
      } catch {
        return String(arg);
      }
    })
    .join(" ");
}

const matches = (line: string, pattern: LogPattern) =>
  typeof pattern === "string" ? line.includes(pattern) : pattern.test(line);

/** Spy on the console's methods; a log no declaration expects goes to the original. */
function install(): () => void {
  const spies = METHODS.map((method: Method) => {
    const original = console[method];
    return vi.spyOn(console, method).mockImplementation((...args) => {
      const line = text(args);
      const owner = active.findLast((d) =>
        d.patterns.some((p) => matches(line, p)),
      );
      if (owner) owner.captured.push(line);
      else original.apply(console, args);
    });
  });
  return () => spies.forEach((spy) => spy.mockRestore());
}

/**
 * Declare the logs every test of the calling file or `describe` block
 * causes on purpose: console output matching one of `patterns` is captured
 * (see `captured`) instead of printed; anything else is printed as usual,
 * so an unexpected error stays visible. Declarations nest (a block's add to
 * its file's; the innermost matching one captures).
 *
 * @example
 *   describe("retries", () => {
 *     const logs = expectLogs("flaky failure");
 *     test("...", async () => {
 *       // ... a step fails twice, then succeeds
 *       expect(logs.captured).toContain("Error: flaky failure 1");
 *     });
 *   });
 */
export function expectLogs(...patterns: LogPattern[]): ExpectedLogs {
  const declaration: Declaration = { patterns, captured: [] };
  beforeEach(() => {
    declaration.captured = [];
    active.push(declaration);
    restore ??= install();
  });
  afterEach(() => {
    active.splice(active.indexOf(declaration), 1);
    if (active.length === 0) {
      restore?.();
      restore = undefined;
    }
  });
  return {
    get captured() {
      return declaration.captured;
    },
  };
}

/**
 * What @convex-dev/workflow logs when a step ends after its run was
 * canceled or restarted (it drops the step's result): tests that cancel or
 * restart a run while a step runs expect these.
 */
export const STALE_STEP_LOGS: LogPattern[] = [
  /Workflow: \S+ already has generation number \d+ when completing \S+\. Expected \d+/,
  /Invalid generation number: \d+ running workflow /,
  /Journal entry not found: \S+\. This is likely because it was already cleaned up\./,
];
