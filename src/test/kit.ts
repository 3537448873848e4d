// Driving workflows in convex-test under vitest's fake timers: run them to
// their end or their next wait, move the clock through sleeps and timeouts,
// answer signals.
import { setImmediate as realTurn } from "node:timers/promises";
import type { TestConvex } from "convex-test";
import type { GenericSchema, SchemaDefinition } from "convex/server";
import { vi } from "vitest";
import type { z } from "zod";
import type { AgentWorkflows } from "../client/AgentWorkflows.js";
import type { StartOptions } from "../client/control.js";
import type { SendSignalArgs, SignalDefinition } from "../client/signals.js";
import type { WorkflowInput, WorkflowReference } from "../client/types.js";
import type { SendResult } from "../shared/signalValidators.js";
import type { Run, RunId } from "../shared/validators.js";
import { componentPaths } from "./register.js";

type AnySchema = SchemaDefinition<GenericSchema, boolean>;

/** The component's signal timeout timer (see src/component/signals/fire.ts). */
const SIGNAL_TIMEOUT = "signals/fire:fire";

type ScheduledJob = {
  name: string;
  scheduledTime: number;
  state: { kind: string };
};
type SystemReader = {
  db: {
    system: {
      query: (table: "_scheduled_functions") => {
        collect: () => Promise<ScheduledJob[]>;
      };
    };
  };
};
/** convex-test's test object reads a component's tables with this (untyped). */
type WithRunInComponent = {
  runInComponent: (
    path: string,
    handler: (ctx: SystemReader) => Promise<unknown>,
  ) => Promise<unknown>;
};

export type TestKitOptions = {
  /** The name used in `app.use(agentWorkflows, { name })`. */
  name?: string;
  /**
   * `runUntilIdle` lets delays up to this long pass by themselves (the
   * pools poll every 200 ms; an LLM retry's first backoff is at most 1 s);
   * longer ones (sleeps, a Retry-After of seconds) and every signal timeout
   * wait for `advanceTime`. Default 1000 ms.
   */
  shortDelayMs?: number;
  /** Give up after this many clock moves in one call. Default 10,000. */
  maxSteps?: number;
};

/** What {@link testKit} returns. */
export type TestKit = {
  /** Start a run (`flows.start` in a mutation); returns its id. */
  start<W extends WorkflowReference>(
    workflow: W,
    input: WorkflowInput<W>,
    options?: StartOptions,
  ): Promise<RunId>;
  /**
   * Run scheduled work, moving the fake clock forward through short delays
   * (up to `shortDelayMs`), until nothing is left but signal waits, signal
   * timeouts and longer timers (sleeps, retries after a Retry-After): each
   * run has finished or waits. Returns the run when given its id.
   */
  runUntilIdle(runId: RunId): Promise<Run>;
  runUntilIdle(): Promise<void>;
  /**
   * Move the clock forward by `ms`, running every scheduled function when
   * its time comes, in order (sleeps end, signal timeouts fire). Follow it
   * with `runUntilIdle` to let the runs go on.
   */
  advanceTime(ms: number): Promise<void>;
  /**
   * Send a signal as `by` (default "test") through `flows.signal`, in a
   * mutation. A request with assignees takes only an assignee (or whom the
   * instance's `authorizeSignal` allows): pass `by`.
   */
  signal<Value extends z.ZodType>(
    runId: RunId,
    signal: SignalDefinition<string, Value>,
    value: z.input<Value>,
    options?: Partial<Pick<SendSignalArgs<Value>, "by" | "requestId">>,
  ): Promise<SendResult>;
  /** The run as `flows.getRun` returns it (null once cleaned up). */
  getRun(runId: RunId): Promise<Run | null>;
};

/**
 * Helpers that drive an app's workflows in a convex-test instance, with
 * vitest's fake timers (`vi.useFakeTimers()`): start a run, run it to its
 * end or its next wait, advance time, answer signals.
 *
 * ```ts
 * const t = convexTest(schema, modules);
 * register(t);
 * const kit = testKit(t, flows);
 * const runId = await kit.start(internal.support.supportTicket, { ticketId });
 * expect((await kit.runUntilIdle(runId)).status).toBe("waiting");
 * await kit.signal(runId, replyApproval, { approved: true }, { by: "support:ana" });
 * expect((await kit.runUntilIdle(runId)).status).toBe("completed");
 * ```
 *
 * @param t - The convex-test instance, with the component registered.
 * @param flows - The app's `AgentWorkflows`.
 */
export function testKit<Schema extends AnySchema>(
  t: TestConvex<Schema>,
  flows: AgentWorkflows,
  options: TestKitOptions = {},
): TestKit {
  const {
    name = "agentWorkflows",
    shortDelayMs = 1000,
    maxSteps = 10_000,
  } = options;
  const paths = componentPaths(name);
  const test = t as unknown as TestConvex<AnySchema> & WithRunInComponent;

  /**
   * The earliest time a scheduled function waits for, in the app and the
   * component tree; with `passable`, leaving out signal timeouts (only
   * `advanceTime` fires those).
   */
  async function nextScheduled(passable = false): Promise<number | undefined> {
    const jobs = [
      ...(await test.run(
        async (ctx) =>
          await (ctx as unknown as SystemReader).db.system
            .query("_scheduled_functions")
            .collect(),
      )),
    ];
    for (const path of paths) {
      jobs.push(
        ...((await test.runInComponent(path, async (ctx) =>
          ctx.db.system.query("_scheduled_functions").collect(),
        )) as ScheduledJob[]),
      );
    }
    const pending = jobs
      .filter((job) => job.state.kind === "pending")
      .filter((job) => !(passable && job.name === SIGNAL_TIMEOUT))
      .map((job) => job.scheduledTime);
    return pending.length > 0 ? Math.min(...pending) : undefined;
  }

  /**
   * Wait for the scheduled functions that are running. Time moves only
   * while they wait on a timer (a model's latency, a streamed chunk).
   */
  async function finishRunning(): Promise<void> {
    let done = false;
    const finished = test
      .finishInProgressScheduledFunctions()
      .finally(() => (done = true));
    while (!done) {
      for (let turn = 0; turn < 5 && !done; turn++) await realTurn();
      if (!done) vi.advanceTimersToNextTimer();
    }
    await finished;
  }

  /** Run what is due at this instant, and what that schedules for it. */
  async function drain(): Promise<void> {
    for (let round = 0; round < maxSteps; round++) {
      vi.advanceTimersByTime(0);
      await finishRunning();
      const next = await nextScheduled();
      if (next === undefined || next > Date.now()) return;
    }
    throw new Error(`still busy after ${maxSteps} rounds at one instant`);
  }

  function checkFakeTimers(): void {
    if (!vi.isFakeTimers()) {
      throw new Error(
        "convex-agent-workflows/test: call vi.useFakeTimers() first (e.g. in beforeEach)",
      );
    }
  }

  const getRun = (runId: RunId) => test.run((ctx) => flows.getRun(ctx, runId));

  async function runUntilIdle(runId?: RunId): Promise<Run | undefined> {
    checkFakeTimers();
    for (let step = 0; ; step++) {
      if (step >= maxSteps) {
        throw new Error(`still busy after ${maxSteps} clock moves`);
      }
      await drain();
      const next = await nextScheduled(true);
      if (next === undefined || next - Date.now() > shortDelayMs) break;
      vi.advanceTimersByTime(Math.max(0, next - Date.now()));
    }
    if (runId === undefined) return undefined;
    const run = await getRun(runId);
    if (!run) throw new Error(`No run ${runId}`);
    return run;
  }

  return {
    start: (workflow, input, startOptions) =>
      test.run((ctx) => flows.start(ctx, workflow, input, startOptions)),
    runUntilIdle: runUntilIdle as TestKit["runUntilIdle"],
    async advanceTime(ms) {
      checkFakeTimers();
      const target = Date.now() + ms;
      for (let step = 0; step < maxSteps; step++) {
        await drain();
        const next = await nextScheduled();
        if (next === undefined || next > target) break;
        vi.advanceTimersByTime(Math.max(0, next - Date.now()));
      }
      vi.advanceTimersByTime(Math.max(0, target - Date.now()));
      await drain();
    },
    signal: (runId, signal, value, { by = "test", requestId } = {}) =>
      test.run((ctx) =>
        flows.signal(ctx, { runId, signal, value, by, requestId }),
      ),
    getRun,
  };
}
