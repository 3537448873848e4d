// The offline backend's log lines. Every line says what this is, so nobody
// mistakes it for a Convex deployment.

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
