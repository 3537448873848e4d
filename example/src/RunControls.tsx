import { useMutationState } from "convex-agent-workflows/react";
import { useState } from "react";
import { fns } from "./functions";
import { ErrorMessage } from "./ErrorMessage";
import { Icon } from "./icons";
import { isTerminal, type Run, type Step } from "./types";

/**
 * Cancel and Restart. Both stay clickable whatever the status: the backend
 * decides, and its refusal (RUN_FINISHED, RUN_NOT_FINISHED...) shows here.
 */
export function RunControls({ run, steps }: { run: Run; steps: Step[] }) {
  const cancel = useMutationState(fns.cancel);
  const restart = useMutationState(fns.restart);
  const [from, setFrom] = useState("");
  const [done, setDone] = useState<string | null>(null);
  const finished = isTerminal(run.status);

  const doCancel = async () => {
    restart.reset();
    setDone(null);
    if ((await cancel.run({ runId: run.runId })) !== undefined)
      setDone("Cancel requested.");
  };
  const doRestart = async () => {
    cancel.reset();
    setDone(null);
    const args =
      from === ""
        ? { runId: run.runId }
        : { runId: run.runId, from: Number(from) };
    if ((await restart.run(args)) !== undefined) setDone("Restarted.");
  };

  return (
    <div className="controls">
      <div className="controls__buttons">
        <button
          type="button"
          className={`btn ${finished ? "btn--secondary" : "btn--danger-ghost"}`}
          onClick={() => void doCancel()}
          disabled={cancel.isPending}
          data-testid="cancel-button"
          title={
            finished ? "The run has ended" : "Cancel the run and its children"
          }
        >
          <Icon name="stop" />
          {cancel.isPending ? "Canceling…" : "Cancel"}
        </button>
        <div className="split">
          <button
            type="button"
            className="btn btn--secondary split__main"
            onClick={() => void doRestart()}
            disabled={restart.isPending}
            data-testid="restart-button"
            title="Run it again from a step (only once it has ended)"
          >
            <Icon name="restart" />
            {restart.isPending ? "Restarting…" : "Restart"}
          </button>
          <select
            className="split__select"
            value={from}
            onChange={(event) => setFrom(event.target.value)}
            aria-label="Restart from"
            data-testid="restart-from"
          >
            <option value="">as is (replay the journal)</option>
            {steps.map((step, index) => (
              <option key={step.stepId} value={String(step.stepNumber)}>
                from {index + 1}. {step.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorMessage error={cancel.error} testId="cancel-error" />
      <ErrorMessage error={restart.error} testId="restart-error" />
      {done && !cancel.error && !restart.error && (
        <p className="controls__done" role="status" data-testid="control-done">
          {done}
        </p>
      )}
    </div>
  );
}
