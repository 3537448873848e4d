// The process's streams, environment and exit, held when this module loads.
// On the offline target the app's workflows run in this process, and
// @convex-dev/workflow sets `globalThis.process` to undefined while a
// workflow handler runs: anything that reads `process` later may find none.

const proc = process;

/** Where results go (JSON, ids, tables): what scripts read. */
export const stdout = proc.stdout;
/** Where progress, prompts and errors go, so stdout stays machine-readable. */
export const stderr = proc.stderr;
/** Answers to interactive prompts. */
export const stdin = proc.stdin;
/** The environment the CLI started with. */
export const env = proc.env;
/** The process id (written to the offline host's state file). */
export const pid = proc.pid;

/** Write one line to stdout. */
export function out(line: string): void {
  stdout.write(`${line}\n`);
}

/** Write one line to stderr. */
export function err(line: string): void {
  stderr.write(`${line}\n`);
}

/** End the process now with `code` (the app's workpools leave timers behind). */
export function exit(code: number): never {
  return proc.exit(code);
}

/** Run `handler` once on Ctrl-C or a termination request. */
export function onInterrupt(handler: (signal: NodeJS.Signals) => void): void {
  proc.once("SIGINT", handler);
  proc.once("SIGTERM", handler);
}

/** Run `handler` when the process exits, however it exits. */
export function onExit(handler: () => void): void {
  proc.once("exit", handler);
}

/** Whether a process with this id is alive (and ours to signal or not). */
export function isAlive(processId: number): boolean {
  try {
    proc.kill(processId, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as { code?: string }).code === "EPERM";
  }
}
