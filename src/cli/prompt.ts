// Answering a run's approval requests right where it is watched, in an
// interactive terminal: approve, reject, edit (type the value to send) or
// skip. A request answered elsewhere meanwhile takes its prompt away.
import readline from "node:readline/promises";
import type { SignalRequest } from "../shared/signalValidators.js";
import { describeError } from "./exitCodes.js";
import { parseJsonOption } from "./input.js";
import { stderr, stdin } from "./io.js";
import type { RunReporter } from "./render.js";

/** Sends a decision: the `sendSignal` call of the watched target. */
export type SendDecision = (
  request: SignalRequest,
  value: unknown,
) => Promise<unknown>;

/** Whether both ends are a person at a terminal. */
export function canPrompt(): boolean {
  return Boolean(stdin.isTTY && stderr.isTTY);
}

/** One question at a time about the requests a watched run waits on. */
export class ApprovalPrompter {
  private queue: SignalRequest[] = [];
  private active: { requestId: string; abort: AbortController } | undefined;
  private closed = false;

  constructor(
    private readonly reporter: RunReporter,
    private readonly send: SendDecision,
  ) {}

  /** Ask about `request` (after any question already open). */
  offer(request: SignalRequest): void {
    if (this.closed) return;
    this.queue.push(request);
    if (!this.active) void this.next();
  }

  /** Drop questions about requests no longer pending (answered elsewhere). */
  keepOnly(pendingIds: ReadonlySet<string>): void {
    this.queue = this.queue.filter((r) => pendingIds.has(r.requestId));
    if (this.active && !pendingIds.has(this.active.requestId))
      this.active.abort.abort();
  }

  /** Stop asking (the run ended). */
  close(): void {
    this.closed = true;
    this.queue = [];
    this.active?.abort.abort();
  }

  private async next(): Promise<void> {
    const request = this.queue.shift();
    if (!request || this.closed) return;
    const abort = new AbortController();
    this.active = { requestId: request.requestId, abort };
    this.reporter.pause();
    const rl = readline.createInterface({ input: stdin, output: stderr });
    try {
      const value = await this.ask(rl, request, abort.signal);
      if (value !== undefined) {
        await this.send(request, value).then(
          () =>
            stderr.write(`sent ${request.signal}: ${JSON.stringify(value)}\n`),
          (error: unknown) =>
            stderr.write(`error: ${describeError(error).message}\n`),
        );
      }
    } catch (error) {
      if (!abort.signal.aborted) throw error;
      stderr.write(`\n(${request.signal} was answered elsewhere)\n`);
    } finally {
      rl.close();
      this.active = undefined;
      this.reporter.resume();
    }
    await this.next();
  }

  /** The value to send, or undefined to skip. */
  private async ask(
    rl: readline.Interface,
    request: SignalRequest,
    signal: AbortSignal,
  ): Promise<unknown> {
    for (;;) {
      const answer = (
        await rl.question(
          `answer ${request.signal} now? [a]pprove, [r]eject, [e]dit, [s]kip: `,
          { signal },
        )
      )
        .trim()
        .toLowerCase();
      if (answer === "a" || answer === "approve") return { approved: true };
      if (answer === "r" || answer === "reject") {
        const note = (
          await rl.question("note (optional): ", { signal })
        ).trim();
        return note ? { approved: false, note } : { approved: false };
      }
      if (answer === "e" || answer === "edit") {
        const text = await rl.question(
          `value to send as JSON (e.g. {"approved": true, ...}): `,
          { signal },
        );
        try {
          return parseJsonOption("the value", text);
        } catch (error) {
          stderr.write(`error: ${describeError(error).message}\n`);
          continue;
        }
      }
      if (answer === "s" || answer === "skip" || answer === "")
        return undefined;
    }
  }
}
