// Live view of runs, read only through the app's public queries
// (api.workflowsApi.getRun / listSteps / listEvents) as a support agent
// (who may read every customer's runs), the way a client subscribed to
// them sees them: the queries are re-run as the backend moves
// on, and the view prints only what changed.
import type { FunctionReturnType } from "convex/server";
import { api } from "../../convex/_generated/api.js";
import {
  blue,
  bold,
  brief,
  colorStatus,
  cyan,
  dim,
  elapsed,
  green,
  magenta,
  out,
  red,
  yellow,
} from "./format.js";
import type { DemoUser } from "../../src/offline/app.js";
import { awaiting, decisionLine } from "./signalLines.js";

export type Run = NonNullable<
  FunctionReturnType<typeof api.workflowsApi.getRun>
>;
export type Step = FunctionReturnType<
  typeof api.workflowsApi.listSteps
>["page"][number];
type StepsPage = FunctionReturnType<typeof api.workflowsApi.listSteps>;
type EventPage = FunctionReturnType<typeof api.workflowsApi.listEvents>;

const TERMINAL = new Set(["completed", "failed", "canceled"]);
// Events whose news getRun already shows as a status or progress line (a
// requested signal as the waiting run's pending request).
const SHOWN_BY_GET_RUN = new Set([
  "run.created",
  "run.progress",
  "run.completed",
  "run.failed",
  "run.canceled",
  "run.signal.requested",
]);
const LABEL_COLORS = [cyan, magenta, blue, yellow, green];
/** Rounds re-read when a run changed while being read, before giving up on a clean one. */
const MAX_SNAPSHOT_ATTEMPTS = 5;

type Snapshot = { run: Run | null; steps: Step[]; events: EventPage };

export class RunWatcher {
  run: Run | null = null;
  steps: Step[] = [];
  /** Terminal, with its steps and events read after it became so. */
  done = false;
  private eventCursor = 0;
  private readonly seenChildren = new Set<string>();
  private readonly reportedFailures = new Set<string>();
  private readonly seenRequests = new Set<string>();

  constructor(
    private readonly monitor: Monitor,
    readonly runId: string,
    /** "1", "1.1", ... */
    readonly number: string,
    private readonly color: (text: string) => string,
    /** The workflow's name, until getRun tells it. */
    private readonly knownName?: string,
  ) {}

  get label(): string {
    return this.color(
      `[run ${this.number} ${this.run?.name ?? this.knownName ?? "…"}]`,
    );
  }

  /** Read the run's queries and print what changed since the last read. */
  async refresh(): Promise<void> {
    if (this.done) return;
    const snapshot = await this.readSnapshot();
    // Events first: whatever they report happened before the state getRun shows.
    this.onEvents(snapshot.events);
    this.onRun(snapshot.run);
    this.onRequests(snapshot.run);
    this.onSteps(snapshot.steps);
    if (snapshot.run && TERMINAL.has(snapshot.run.status)) this.done = true;
  }

  /**
   * The three queries as of one moment, as a Convex client's subscriptions
   * are: getRun is read again at the end, and the round is redone if the
   * run moved on in between (each query is its own transaction here).
   */
  private async readSnapshot(): Promise<Snapshot> {
    const { t } = this.monitor;
    const runId = this.runId;
    for (let attempt = 1; ; attempt++) {
      const run = await t.query(api.workflowsApi.getRun, { runId });
      const steps = await this.readAllSteps();
      const events = await t.query(api.workflowsApi.listEvents, {
        runId,
        after: this.eventCursor,
      });
      const check = await t.query(api.workflowsApi.getRun, { runId });
      if (
        JSON.stringify(check) === JSON.stringify(run) ||
        attempt >= MAX_SNAPSHOT_ATTEMPTS
      ) {
        return { run, steps, events };
      }
    }
  }

  private async readAllSteps(): Promise<Step[]> {
    const steps: Step[] = [];
    let cursor: string | null = null;
    for (;;) {
      const page: StepsPage = await this.monitor.t.query(
        api.workflowsApi.listSteps,
        {
          runId: this.runId,
          paginationOpts: { numItems: 100, cursor },
        },
      );
      steps.push(...page.page);
      if (page.isDone) return steps;
      cursor = page.continueCursor;
    }
  }

  private onRun(run: Run | null): void {
    if (run === null) return;
    this.run = run;
    const stepNames = run.currentSteps.map((s) => s.name).join(", ");
    // A run between two steps (one done, the next not started yet) gets no
    // line of its own: the next line shows where it went.
    const between = stepNames === "" && !TERMINAL.has(run.status);
    // Nor does a run just resumed from a wait: its event line said why.
    if (between && run.status === "running" && this.printedStatus === "waiting")
      return;
    const stepsKey = between ? this.lastStepsKey : stepNames;
    const text = this.describe(run);
    const key = `${text}|${stepsKey}`;
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.lastStepsKey = stepsKey;
    this.printedStatus = run.status;
    this.print(stepNames ? `${text}${dim(`  (step: ${stepNames})`)}` : text);
  }
  private lastKey = "";
  private lastStepsKey = "";
  private printedStatus = "";

  /** A line for each signal request the run newly waits on. */
  private onRequests(run: Run | null): void {
    for (const request of run?.pendingSignals ?? []) {
      if (this.seenRequests.has(request.requestId)) continue;
      this.seenRequests.add(request.requestId);
      this.print(awaiting(request));
    }
  }

  private describe(run: Run): string {
    const { status, progress } = run;
    // A finished run's output or error says how it ended; its progress may not.
    if (TERMINAL.has(status)) return this.ending(run, status);
    const parts = [colorStatus(status)];
    if (progress?.completed !== undefined && progress.total !== undefined) {
      parts.push(`${progress.completed}/${progress.total}`);
    }
    if (progress?.message) parts.push(progress.message);
    return parts.join(" ");
  }

  private ending(run: Run, status: string): string {
    let line = colorStatus(status);
    if (status === "completed") line += `  → ${compact(run.output)}`;
    if (status === "failed" && run.error) {
      const at = run.error.step ? ` at step ${run.error.step.name}` : "";
      line += `  ${red(`${run.error.code ?? "error"}${at}: ${run.error.message}`)}`;
    }
    return line;
  }

  private onSteps(steps: Step[]): void {
    this.steps = steps;
    for (const step of steps) {
      if (step.childRunId && !this.seenChildren.has(step.childRunId)) {
        this.seenChildren.add(step.childRunId);
        const number = `${this.number}.${this.seenChildren.size}`;
        const child = this.monitor.watch(step.childRunId, {
          number,
          color: this.color,
          name: step.name,
        });
        this.print(`started child workflow ${child.label}`);
      }
      const failureKey = `${step.stepId}:${step.attempts ?? 0}`;
      if (step.status === "failed" && !this.reportedFailures.has(failureKey)) {
        this.reportedFailures.add(failureKey);
        this.print(
          red(`step ${step.name} failed: ${step.error ?? "unknown error"}`),
        );
      }
    }
  }

  private onEvents(page: EventPage): void {
    this.eventCursor = page.cursor;
    for (const event of page.events) {
      if (SHOWN_BY_GET_RUN.has(event.type)) continue;
      const decided = decisionLine(event);
      if (decided !== undefined) {
        this.print(decided);
        continue;
      }
      this.print(
        `${bold("event")} ${yellow(event.type)} ${dim(brief(event.data))}`,
      );
    }
  }

  private print(text: string): void {
    out(`${elapsed()}  ${this.label} ${text}`);
  }
}

/** JSON with long strings cut, for one-line output. */
function compact(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== "string" || v.length <= 40) return v;
    return `${v.split("\n")[0]!.slice(0, 30)}… (${v.length} chars)`;
  });
}

/**
 * Watches runs until every one (children included) has finished. Runs are
 * added as they are submitted, and children as their parent's steps show them.
 */
export class Monitor {
  readonly watchers: RunWatcher[] = [];
  private closed = false;
  private topLevel = 0;

  /** `t`: the app as the support agent who watches. */
  constructor(readonly t: DemoUser) {}

  /** Watch a run: a top-level one gets the next number, a child its parent's. */
  watch(
    runId: string,
    options: {
      number?: string;
      color?: (text: string) => string;
      name?: string;
    } = {},
  ): RunWatcher {
    let { number, color } = options;
    if (number === undefined) {
      this.topLevel += 1;
      number = String(this.topLevel);
      color = LABEL_COLORS[(this.topLevel - 1) % LABEL_COLORS.length];
    }
    const watcher = new RunWatcher(
      this,
      runId,
      number,
      color ?? ((s) => s),
      options.name,
    );
    this.watchers.push(watcher);
    return watcher;
  }

  /** No more top-level runs will be added. */
  close(): void {
    this.closed = true;
  }

  /** Every run, children included, has finished. */
  allDone(): boolean {
    return this.closed && this.watchers.every((w) => w.done);
  }

  /** Every top-level run is "waiting" on a signal request. */
  allWaiting(): boolean {
    return (
      this.closed &&
      this.watchers
        .filter((w) => !w.number.includes("."))
        .every(
          (w) => w.run?.status === "waiting" && w.run.pendingSignals.length > 0,
        )
    );
  }

  /**
   * Refresh every watched run, pausing `intervalMs` between rounds, until
   * `until` holds (true; by default, until all are done) or `timeoutMs`
   * passed (false).
   */
  async run({
    intervalMs,
    timeoutMs,
    until = () => this.allDone(),
  }: {
    intervalMs: number;
    timeoutMs: number;
    until?: () => boolean;
  }): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      // By index: a round also reads children found during that round.
      for (let i = 0; i < this.watchers.length; i++)
        await this.watchers[i]!.refresh();
      if (until()) return true;
      if (performance.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
