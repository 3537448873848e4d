// Following one run live through the Convex client's subscriptions (the
// run, its steps, its latest LLM call's text) until it ends.
import type { LiveText } from "../shared/llmValidators.js";
import { isTerminal, type Run, type StepView } from "../shared/validators.js";
import { CliError, EXIT, type ExitCode } from "./exitCodes.js";
import type { ApprovalPrompter } from "./prompt.js";
import type { RunReporter } from "./render.js";
import type { Target } from "./target.js";

/** Steps shown by a watch: the first page of this many (the most listSteps gives). */
const STEP_PAGE = 200;

/** The exit code a finished run's status calls for. */
export function exitCodeOf(run: Run): ExitCode {
  switch (run.status) {
    case "completed":
      return EXIT.OK;
    case "canceled":
      return EXIT.RUN_CANCELED;
    default:
      return EXIT.RUN_FAILED;
  }
}

const FINISHED_STEP = new Set(["completed", "failed", "canceled"]);

/**
 * Watch `runId` until it completes, fails or is canceled, showing it through
 * `reporter` and offering its approval requests to `prompter` (when
 * interactive). Resolves with the finished run.
 */
export function watchRun(
  target: Target,
  runId: string,
  reporter: RunReporter,
  prompter?: ApprovalPrompter,
): Promise<Run> {
  const { client, api } = target;
  const printed = new Map<string, string>(); // stepId -> status shown
  const announced = new Set<string>(); // requestIds shown
  // Steps and text wait for the run's first line ("run <id> (<name>)").
  let found = false;
  let latestText: LiveText | undefined;
  let latestSteps: StepView[] = [];
  let text = { callId: "", shown: 0, done: false };
  const showSteps = (steps: StepView[]) => {
    for (const step of [...steps].sort((a, b) => a.stepNumber - b.stepNumber)) {
      if (!FINISHED_STEP.has(step.status)) continue;
      if (printed.get(step.stepId) === step.status) continue;
      printed.set(step.stepId, step.status);
      reporter.step(step);
    }
  };

  const showText = (live: LiveText) => {
    if (live.callId !== text.callId)
      text = { callId: live.callId, shown: 0, done: false };
    if (text.done) return;
    if (live.text.length < text.shown) text.shown = 0; // a retried attempt
    reporter.text(live, text.shown);
    text = { ...text, shown: live.text.length, done: live.done };
  };

  return new Promise<Run>((resolve, reject) => {
    const unsubscribes: (() => void)[] = [];
    let settled = false;
    const stop = () => {
      settled = true;
      prompter?.close();
      for (const unsubscribe of unsubscribes) unsubscribe();
    };
    const fail = (error: unknown) => {
      if (settled) return;
      stop();
      reject(error);
    };
    const finish = async (run: Run) => {
      stop();
      // The last steps and text may not have arrived through their own
      // subscriptions yet: read them once more.
      const [steps, live] = await Promise.all([
        client.query(api.listSteps, {
          runId,
          paginationOpts: { numItems: STEP_PAGE, cursor: null },
        }),
        client.query(api.liveText, { runId }),
      ]);
      if (live) showText(live);
      showSteps(steps.page);
      resolve(run);
    };

    unsubscribes.push(
      client.onUpdate(
        api.liveText,
        { runId },
        (live) => {
          latestText = live ?? undefined;
          if (!settled && found && live) showText(live);
        },
        fail,
      ),
      client.onUpdate(
        api.listSteps,
        { runId, paginationOpts: { numItems: STEP_PAGE, cursor: null } },
        (page) => {
          latestSteps = page.page;
          if (!settled && found) showSteps(page.page);
        },
        fail,
      ),
      client.onUpdate(
        api.getRun,
        { runId },
        (run) => {
          if (settled) return;
          if (!run) {
            fail(new CliError(`no run ${runId}`, EXIT.REFUSED));
            return;
          }
          if (!found) {
            found = true;
            reporter.started(run.runId, run.name);
            // What arrived before the run: shown after its first line.
            if (latestText) showText(latestText);
            showSteps(latestSteps);
          }
          reporter.progress(run);
          const pending = new Set<string>();
          for (const request of run.pendingSignals) {
            if (request.status !== "pending") continue;
            pending.add(request.requestId);
            if (announced.has(request.requestId)) continue;
            announced.add(request.requestId);
            reporter.signal(request);
            prompter?.offer(request);
          }
          prompter?.keepOnly(pending);
          if (isTerminal(run.status)) finish(run).catch(reject);
        },
        fail,
      ),
    );
  });
}
