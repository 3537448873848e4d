import { formatDateTime, shortId } from "./format";
import { displayName } from "./identity";
import { Link, paths } from "./router";
import { describeStep, findStep, type NumberedStep } from "./stepNames";
import type { Run } from "./types";

const ID = /^0+\d+[a-z]+$|^[a-z0-9]{28,}$/i;

function Value({ value }: { value: unknown }) {
  // Ids in short; the whole id on hover.
  if (typeof value === "string" && ID.test(value))
    return (
      <code className="kv__id" title={value}>
        {shortId(value)}
      </code>
    );
  if (value === null || value === undefined)
    return <span className="muted">—</span>;
  if (typeof value === "object")
    return <code className="kv__json">{JSON.stringify(value)}</code>;
  return <span>{String(value)}</span>;
}

function KeyValues({ data, testId }: { data: unknown; testId: string }) {
  if (typeof data !== "object" || data === null || Array.isArray(data))
    return (
      <div data-testid={testId}>
        <Value value={data} />
      </div>
    );
  return (
    <dl className="kv" data-testid={testId}>
      {Object.entries(data as Record<string, unknown>).map(([key, value]) => (
        <div key={key} className="kv__row">
          <dt>{key}</dt>
          <dd>
            <Value value={value} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** The step a failed run's error names, in the step list's numbering. */
function failedStep(run: Run, steps: NumberedStep[]): string | undefined {
  const step = run.error?.step;
  if (!step) return undefined;
  const listed = findStep(steps, step.stepNumber);
  return listed && listed.step.stepNumber === step.stepNumber
    ? describeStep(listed)
    : step.name;
}

/** The run's result or error, its input, tags, timestamps and id. */
export function RunDetails({
  run,
  steps,
}: {
  run: Run;
  steps: NumberedStep[];
}) {
  const errorStep = failedStep(run, steps);
  return (
    <section className="card" aria-labelledby="details-title">
      <div className="card__head">
        <h2 className="card__title" id="details-title">
          Details
        </h2>
      </div>
      <div className="card__pad details">
        {run.error && (
          <div className="run-error" role="alert" data-testid="run-error">
            <div className="run-error__head">
              {run.error.code && <code>{run.error.code}</code>}
              {errorStep && <span>at step {errorStep}</span>}
            </div>
            <p>{run.error.message}</p>
          </div>
        )}
        {run.output !== undefined && (
          <div className="details__block">
            <h3 className="details__label">Result</h3>
            <KeyValues data={run.output} testId="run-output" />
          </div>
        )}
        <div className="details__block">
          <h3 className="details__label">Input</h3>
          <KeyValues data={run.input} testId="run-input" />
        </div>
        <dl className="kv">
          {run.parentRunId && (
            <div className="kv__row">
              <dt>Parent run</dt>
              <dd>
                <Link
                  to={paths.run(run.parentRunId)}
                  data-testid="parent-run-link"
                >
                  {shortId(run.parentRunId)}
                </Link>
              </dd>
            </div>
          )}
          <div className="kv__row">
            <dt>Owner</dt>
            <dd>
              {run.owner ? (
                displayName(run.owner)
              ) : (
                <span className="muted">—</span>
              )}
            </dd>
          </div>
          <div className="kv__row">
            <dt>Started</dt>
            <dd>{formatDateTime(run.startedAt)}</dd>
          </div>
          {run.finishedAt !== undefined && (
            <div className="kv__row">
              <dt>Finished</dt>
              <dd>{formatDateTime(run.finishedAt)}</dd>
            </div>
          )}
          <div className="kv__row">
            <dt>Run id</dt>
            <dd>
              <code className="kv__id" data-testid="run-id">
                {run.runId}
              </code>
            </dd>
          </div>
          {run.tags.length > 0 && (
            <div className="kv__row">
              <dt>Tags</dt>
              <dd className="tags">
                {run.tags.map((tag) => (
                  <span key={tag} className="tag">
                    {tag}
                  </span>
                ))}
              </dd>
            </div>
          )}
        </dl>
      </div>
    </section>
  );
}
