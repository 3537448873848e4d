// The offline backend's log lines. Every line says what this is, so nobody
// mistakes it for a Convex deployment.
import { format } from "node:util";

/** Where log lines go: a function, or false for silence. */
export type LogOption = ((line: string) => void) | false | undefined;

export const LABEL =
  "[offline dev backend: in-memory convex-test, NOT a Convex deployment, nothing is saved]";

// Held from the start: @convex-dev/workflow unsets globalThis.process while
// its handlers run.
const stdout = process.stdout;

export type Logger = (line: string) => void;

export function makeLogger(option: LogOption): Logger {
  if (option === false) return () => {};
  const sink = option ?? ((line: string) => void stdout.write(`${line}\n`));
  return (line: string) => {
    for (const part of line.split("\n")) sink(`${LABEL} ${part}`);
  };
}

/** A short, single-line description of an arbitrary value for logs. */
export function brief(value: unknown, max = 200): string {
  const text =
    value instanceof Error
      ? value.message
      : typeof value === "string"
        ? value
        : JSON.stringify(value);
  const line = (text ?? String(value)).replace(/\s+/g, " ");
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * Send the app's function logs to `write`, each line labelled so none can
 * pass for a deployment's (false: drop them). Functions log through the
 * console convex-test finds on globalThis, so this replaces it.
 */
export function routeFunctionLogs(write: Logger | false): void {
  const routed = Object.create(console) as Console;
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    routed[level] = write
      ? (...args: unknown[]) => {
          for (const line of format(...args).split("\n"))
            write(`${LABEL} function ${level}: ${line}`);
        }
      : () => {};
  }
  globalThis.console = routed;
}
