import { errorInfo } from "convex-agent-workflows/react";
import { useQuery_experimental } from "convex/react";
import { useState } from "react";
import { fns } from "./functions";
import type { Step } from "./types";

/** A value's preview as listSteps gives it (JSON text, cut to a size). */
type Preview = NonNullable<Step["args"]>;

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** JSON text indented for reading; text that is not JSON as it is. */
function indent(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

/** A whole value for reading: text as it is, anything else as JSON. */
function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value, null, 2);
}

/** One line of a step's input or output: the start of its preview. */
function PreviewLine({
  label,
  preview,
  testId,
}: {
  label: string;
  preview: Preview;
  testId: string;
}) {
  return (
    <div className="io__line" data-testid={testId}>
      <span className="io__label">{label}</span>
      <code
        className="io__preview"
        data-truncated={preview.truncated ? "true" : "false"}
      >
        {preview.preview}
      </code>
    </div>
  );
}

/** A titled block of a step's whole input or output. */
function WholeValue({
  label,
  text,
  testId,
}: {
  label: string;
  text: string;
  testId: string;
}) {
  return (
    <div className="io__whole">
      <h4 className="io__label">{label}</h4>
      <pre className="io__text" data-testid={testId}>
        {text}
      </pre>
    </div>
  );
}

/**
 * The whole input and output, once asked for: from the previews when they
 * are whole, else from getStep (a preview is cut at about 1,000 characters).
 */
function StepDetails({ runId, step }: { runId: string; step: Step }) {
  const needed = !!(step.args?.truncated || step.result?.truncated);
  const state = useQuery_experimental({
    query: fns.getStep,
    args: !needed
      ? "skip"
      : step.segment === undefined
        ? { runId, stepNumber: step.stepNumber }
        : { runId, stepNumber: step.stepNumber, segment: step.segment },
  });
  if (state.status === "error")
    return (
      <p className="error-text" data-testid="step-io-error">
        {errorInfo(state.error).message}
      </p>
    );
  if (needed && state.status !== "success")
    return <span className="skeleton skeleton--wide" />;
  const detail = state.status === "success" ? state.data : null;
  const input =
    detail?.input !== undefined
      ? show(detail.input)
      : step.args && indent(step.args.preview);
  const output =
    detail?.output !== undefined
      ? show(detail.output)
      : step.result && indent(step.result.preview);
  return (
    <div className="io__details" data-testid="step-io-whole">
      {input !== undefined && (
        <WholeValue label="Input" text={input} testId="step-input-whole" />
      )}
      {output !== undefined && (
        <WholeValue label="Output" text={output} testId="step-output-whole" />
      )}
    </div>
  );
}

/**
 * What went into a step and what came out: a line of each, and the whole
 * values when opened.
 */
export function StepValues({ runId, step }: { runId: string; step: Step }) {
  const [open, setOpen] = useState(false);
  // An LLM step's output line is the model's text, not the call's record.
  const { args } = step;
  const result = step.llm?.text ?? step.result;
  if (!args && !result) return null;
  const size = [args, result]
    .filter((value) => value !== undefined)
    .reduce((sum, value) => sum + value.bytes, 0);
  return (
    <div className="io" data-testid="step-io">
      {args && <PreviewLine label="In" preview={args} testId="step-input" />}
      {result && (
        <PreviewLine label="Out" preview={result} testId="step-result" />
      )}
      <details
        className="io__more"
        onToggle={(event) => setOpen(event.currentTarget.open)}
      >
        <summary data-testid="step-io-toggle">
          {open ? "Hide" : "Show"} input and output ({formatBytes(size)})
        </summary>
        {open && <StepDetails runId={runId} step={step} />}
      </details>
    </div>
  );
}
