// How a watched run is shown. In a terminal: one progress line redrawn in
// place, one printed line per finished step, streamed LLM text, pending
// approvals. Not a terminal: the same as plain lines. `--json`: one JSON
// object per line on stdout. Everything but JSON goes to stderr, so stdout
// carries only the result.
import type { LlmWaitReason } from "../shared/llmFlow.js";
import type { LiveText } from "../shared/llmValidators.js";
import type { SignalRequest } from "../shared/signalValidators.js";
import type { Run, StepView } from "../shared/validators.js";
import { stderr, stdout } from "./io.js";

/** How the CLI writes what it shows: a terminal, plain lines, or JSON lines. */
export type OutputMode = "tty" | "plain" | "json";

/** The output mode for `--json` and whether stderr is a terminal. */
export function outputMode(json: boolean | undefined): OutputMode {
  if (json) return "json";
  return stderr.isTTY ? "tty" : "plain";
}

const BAR_WIDTH = 24;
const CLEAR_LINE = "\r\x1b[2K";

/** "842 ms", "3.4 s", "2 min 5 s" */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** A finished step in a few words: "writeReply (llm, 1.2 s, 84 tokens)". */
export function describeStep(step: StepView): string {
  const facts: string[] = [step.kind];
  if (step.finishedAt !== undefined)
    facts.push(formatDuration(step.finishedAt - step.startedAt));
  if (step.llm?.usage) facts.push(`${step.llm.usage.totalTokens} tokens`);
  if (step.attempts !== undefined && step.attempts > 1)
    facts.push(`${step.attempts} attempts`);
  const error = step.error ? `: ${step.error.split("\n")[0]}` : "";
  return `${step.name} (${facts.join(", ")})${error}`;
}

/** How to answer a request from another terminal. */
const WAITING_FOR: Record<LlmWaitReason, string> = {
  keyCap: "its key's cap",
  globalCap: "a free slot",
  rateLimit: "the rate limit",
  retryBackoff: "a retry",
  dispatching: "its start",
};

/** The run's LLM calls that wait to start, in a few words (or ""). */
export function describeQueued(run: Run): string {
  return (run.queuedLlmCalls ?? [])
    .map((q) => {
      const ahead = q.ahead ? `, ${q.ahead} ahead` : "";
      const key = q.key ? ` [${q.key}]` : "";
      return `(${q.name}${key} waits for ${WAITING_FOR[q.reason]}${ahead})`;
    })
    .join(" ");
}

export function answerHint(request: SignalRequest): string {
  const requestOption =
    request.assignees.length > 0 || request.quorum > 1
      ? ` --request ${request.requestId}`
      : "";
  return `convex-agent-workflows signal ${request.runId} ${request.signal} --value '{"approved": true}'${requestOption}`;
}

/** Renders one watched run's progress, steps, text and approvals. */
export class RunReporter {
  private progressShown = "";
  private textOpen = false;
  private paused = false;
  private lastPlainProgress = "";
  private lastRun: Run | undefined;
  private ticker: ReturnType<typeof setInterval> | undefined;

  constructor(readonly mode: OutputMode) {}

  /** A JSON line on stdout (json mode). */
  private json(value: Record<string, unknown>): void {
    stdout.write(`${JSON.stringify(value)}\n`);
  }

  /** A line on stderr, above the progress line in a terminal. */
  line(text: string): void {
    if (this.mode === "json") return;
    this.closeText();
    this.clearProgress();
    stderr.write(`${text}\n`);
    this.redraw();
  }

  /** The run started (or is being watched). */
  started(runId: string, name: string): void {
    if (this.mode === "tty") {
      // The elapsed time ticks while nothing else changes.
      this.ticker = setInterval(() => {
        if (this.lastRun) this.progress(this.lastRun);
      }, 1000);
      this.ticker.unref();
    }
    if (this.mode === "json") this.json({ type: "run", runId, name });
    else this.line(`run ${runId} (${name})`);
  }

  /** The run's latest state: the progress line. */
  progress(run: Run): void {
    const p = run.progress;
    const queued = describeQueued(run);
    const current = [run.currentSteps.map((s) => s.name).join(", "), queued]
      .filter(Boolean)
      .join(" ");
    const fraction =
      p?.fraction ??
      (p?.completed !== undefined && p.total
        ? p.completed / p.total
        : undefined);
    const message = p?.message ?? "";
    if (this.mode === "json") {
      const key = `${run.status}|${message}|${fraction}|${queued}`;
      if (key !== this.lastPlainProgress) {
        this.lastPlainProgress = key;
        this.json({
          type: "progress",
          status: run.status,
          fraction,
          message,
          ...(run.queuedLlmCalls?.length && { queued: run.queuedLlmCalls }),
        });
      }
      return;
    }
    if (this.mode === "plain") {
      const text = [
        run.status,
        fraction !== undefined ? `${Math.round(fraction * 100)}%` : "",
        message,
        queued,
      ]
        .filter(Boolean)
        .join(" ");
      if (text !== this.lastPlainProgress) {
        this.lastPlainProgress = text;
        this.line(`progress: ${text}`);
      }
      return;
    }
    this.lastRun = run;
    const filled = Math.round((fraction ?? 0) * BAR_WIDTH);
    const bar = `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}]`;
    const percent =
      fraction !== undefined
        ? `${String(Math.round(fraction * 100)).padStart(3)}%`
        : "   ?";
    const elapsed = formatDuration(Date.now() - run.startedAt);
    const parts = [
      bar,
      percent,
      run.status,
      message,
      current && `· ${current}`,
      `· ${elapsed}`,
    ];
    this.progressShown = parts.filter(Boolean).join(" ");
    this.redraw();
  }

  /** A step that finished (or failed, or was canceled). */
  step(step: StepView): void {
    if (this.mode === "json") {
      this.json({ type: "step", ...step });
      return;
    }
    const mark =
      this.mode === "tty"
        ? step.status === "completed"
          ? "✓"
          : "✗"
        : `step ${step.status}:`;
    this.line(`${mark} ${describeStep(step)}`);
  }

  /**
   * The latest LLM call's text so far (`shown`: how much was written
   * before): streamed in a terminal, whole once done in plain lines.
   */
  text(live: LiveText, shown: number): void {
    const delta = live.text.slice(shown);
    if (this.mode === "json") {
      if (delta || live.done)
        this.json({
          type: "text",
          callId: live.callId,
          name: live.name,
          delta,
          done: live.done,
        });
      return;
    }
    if (this.mode === "plain") {
      if (live.done) this.line(`${live.name} ▸ ${live.text}`);
      return;
    }
    if (!this.textOpen && (delta || !live.done)) {
      this.clearProgress();
      stderr.write(`${live.name} ▸ `);
      this.textOpen = true;
    }
    if (delta) stderr.write(delta);
    if (live.done) this.closeText();
  }

  /** A request the run waits on, and how to answer it. */
  signal(request: SignalRequest): void {
    if (this.mode === "json") {
      this.json({ type: "signal", ...request });
      return;
    }
    const who = request.assignees.length
      ? ` for ${request.assignees.join(", ")}`
      : "";
    const lines = [
      `waiting for ${request.signal}${who}: ${request.title ?? ""} (request ${request.requestId})`,
    ];
    if (request.details !== undefined)
      lines.push(`  details: ${JSON.stringify(request.details)}`);
    lines.push(`  answer, e.g.: ${answerHint(request)}`);
    this.line(lines.join("\n"));
  }

  /** Stop redrawing (while a prompt owns the terminal). */
  pause(): void {
    this.closeText();
    this.clearProgress();
    this.paused = true;
  }

  /** Redraw again after a prompt. */
  resume(): void {
    this.paused = false;
    this.redraw();
  }

  /** Leave the terminal clean: text closed, progress line erased. */
  finish(): void {
    clearInterval(this.ticker);
    this.closeText();
    this.clearProgress();
    this.progressShown = "";
  }

  private closeText(): void {
    if (!this.textOpen) return;
    this.textOpen = false;
    stderr.write("\n");
  }

  private clearProgress(): void {
    if (this.mode === "tty" && this.progressShown && !this.textOpen)
      stderr.write(CLEAR_LINE);
  }

  private redraw(): void {
    if (
      this.mode !== "tty" ||
      this.paused ||
      this.textOpen ||
      !this.progressShown
    )
      return;
    const width = stderr.columns || 100;
    stderr.write(`${CLEAR_LINE}${this.progressShown.slice(0, width - 1)}`);
  }
}
