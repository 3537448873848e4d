import { useMutationState } from "convex-agent-workflows/react";
import { useState } from "react";
import { fns } from "./functions";
import { ErrorMessage } from "./ErrorMessage";
import { Icon } from "./icons";
import { currentSegment, describeStep, type NumberedStep } from "./stepNames";
import { isTerminal, type Run } from "./types";

/** Why a control is off for this run, or null when it applies. */
function unavailable(run: Run): {
  cancel: string | null;
  restart: string | null;
} {
  // The backend refuses both on a child run: its parent controls it.
  if (run.parentRunId) {
    const why = "A child run is canceled and restarted with its parent.";
    return { cancel: why, restart: why };
  }
  return isTerminal(run.status)
    ? { cancel: `The run has ended (${run.status}).`, restart: null }
    : { cancel: null, restart: "Only a finished run can restart." };
}

/**
 * Cancel (active runs only, after a confirmation: its children stop too)
 * and Restart (finished runs only, from the start or from a listed step).
 * A control that cannot apply is disabled with the reason beside it; a
 * refusal that still happens (the run ended meanwhile) shows in place.
 */
export function RunControls({
  run,
  steps,
}: {
  run: Run;
  steps: NumberedStep[];
}) {
  const cancel = useMutationState(fns.cancel);
  const restart = useMutationState(fns.restart);
  const [from, setFrom] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const off = unavailable(run);
  // A restart's `from` counts journal steps of the current segment.
  const restartable = currentSegment(steps);

  const doCancel = async () => {
    restart.reset();
    setDone(null);
    setConfirming(false);
    if ((await cancel.run({ runId: run.runId })) !== undefined)
      setDone("Cancel requested.");
  };
  const doRestart = async () => {
    cancel.reset();
    setDone(null);
    const chosen = restartable.find(
      ({ step }) => String(step.stepNumber) === from,
    );
    const args = chosen
      ? { runId: run.runId, from: chosen.step.stepNumber }
      : { runId: run.runId };
    if ((await restart.run(args)) !== undefined)
      setDone(
        chosen ? `Restarted from ${describeStep(chosen)}.` : "Restarted.",
      );
  };

  return (
    <div className="controls">
      {/* The run may end while the question is open: then it goes. */}
      {confirming && off.cancel === null ? (
        <div
          className="controls__confirm"
          role="group"
          aria-label="Confirm cancel"
          data-testid="cancel-confirm"
        >
          <span>Cancel this run? Its child runs stop too.</span>
          <button
            type="button"
            className="btn btn--danger"
            onClick={() => void doCancel()}
            disabled={cancel.isPending}
            data-testid="cancel-confirm-button"
          >
            <Icon name="stop" />
            {cancel.isPending ? "Canceling…" : "Cancel run"}
          </button>
          <button
            type="button"
            className="btn btn--ghost"
            onClick={() => setConfirming(false)}
            data-testid="cancel-keep-button"
          >
            Keep it running
          </button>
        </div>
      ) : (
        <div className="controls__buttons">
          <button
            type="button"
            className="btn btn--danger-ghost"
            onClick={() => {
              setDone(null);
              setConfirming(true);
            }}
            disabled={cancel.isPending || off.cancel !== null}
            data-testid="cancel-button"
            title={off.cancel ?? "Cancel the run and its children"}
          >
            <Icon name="stop" />
            {cancel.isPending ? "Canceling…" : "Cancel"}
          </button>
          <div className="split">
            <button
              type="button"
              className="btn btn--secondary split__main"
              onClick={() => void doRestart()}
              disabled={restart.isPending || off.restart !== null}
              data-testid="restart-button"
              title={off.restart ?? "Run it again, from the step chosen"}
            >
              <Icon name="restart" />
              {restart.isPending ? "Restarting…" : "Restart"}
            </button>
            <select
              className="split__select"
              value={from}
              onChange={(event) => setFrom(event.target.value)}
              disabled={off.restart !== null}
              aria-label="Restart from"
              data-testid="restart-from"
            >
              <option value="">as is (replay the journal)</option>
              {restartable.map((numbered) => (
                <option
                  key={numbered.step.stepId}
                  value={String(numbered.step.stepNumber)}
                >
                  from {describeStep(numbered)}
                </option>
              ))}
            </select>
          </div>
        </div>
      )}
      {(off.cancel ?? off.restart) && (
        <p className="controls__note" data-testid="controls-hint">
          {off.cancel ?? off.restart}
        </p>
      )}
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
