import type { Run, RunSummary } from "../shared/validators.js";

/** A run's progress, ready to render. */
export type RunProgress = {
  /** Reported `completed`, else steps finished. */
  completed: number;
  /** Reported `total`, when the workflow reports one. */
  total?: number;
  /** 0..100 when known (always 100 once the run completed). */
  percent?: number;
  /** The workflow's own progress message. */
  message?: string;
  /** The step running now (the first, if several). */
  currentStep?: string;
  /** Time since the run started, up to when it finished. */
  elapsedMs: number;
  done: boolean;
};

const TERMINAL = new Set(["completed", "failed", "canceled"]);

export function deriveProgress(
  run: (RunSummary & Partial<Pick<Run, "currentSteps">>) | null | undefined,
  now: number,
): RunProgress | undefined {
  if (!run) return undefined;
  const done = TERMINAL.has(run.status);
  const running = run.currentSteps?.length ?? 0;
  const reported = run.progress;
  const completed =
    reported?.completed ?? Math.max(0, run.stepsStarted - running);
  const total = reported?.total;
  const percent =
    run.status === "completed"
      ? 100
      : total !== undefined && total > 0
        ? Math.min(100, Math.round((completed / total) * 100))
        : undefined;
  return {
    completed,
    total,
    percent,
    message: reported?.message,
    currentStep: run.currentSteps?.[0]?.name,
    elapsedMs: Math.max(0, (run.finishedAt ?? now) - run.startedAt),
    done,
  };
}
