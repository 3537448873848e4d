// step.continueAsNew, the handler's side: check the next input, run the
// inline step that starts the next segment (component/segments.ts), then
// end this segment's handler. The definition's wrapper (define.ts) turns
// the end into the segment's quiet completion.
import type { WorkflowCtx } from "@convex-dev/workflow";
import type { z } from "zod";
import { workflowError } from "../shared/errors.js";
import { INTERNAL_STEP_PREFIX } from "../shared/upstream.js";
import type { RunId } from "../shared/validators.js";
import type { AgentWorkflowsComponent } from "./types.js";
import { describeIssues, zodIssues } from "./zodCheck.js";

/**
 * Thrown by `step.continueAsNew` to end the current segment's handler.
 * Let it propagate: a handler that catches it is ended anyway, and any
 * step it tries after it throws it again.
 */
export class ContinuedAsNew extends Error {
  constructor(readonly segment: number) {
    super(`The run continued as new in segment ${segment}.`);
    this.name = "ContinuedAsNew";
  }
}

/** Where the handler runs: its run, its segment, and whether it continued. */
export type Segment = {
  runId: RunId;
  /** 0 for the run's first segment, then one more per continueAsNew. */
  segment: number;
  /** Set once the handler continued as new. */
  continuedAs?: number;
};

/** Throw ContinuedAsNew if the handler already continued (a step after it). */
export function throwIfContinued(segment: Segment): void {
  if (segment.continuedAs !== undefined) {
    throw new ContinuedAsNew(segment.continuedAs);
  }
}

export async function continueAsNew(
  component: AgentWorkflowsComponent,
  workflow: WorkflowCtx,
  segment: Segment,
  inputSchema: z.ZodType,
  next: unknown,
): Promise<never> {
  throwIfContinued(segment);
  const parsed = inputSchema.safeParse(next);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    throw workflowError(
      "INVALID_INPUT",
      `continueAsNew's input: ${describeIssues(issues)}`,
      { issues, path: issues[0]?.path },
    );
  }
  const runMutation = workflow.runMutation as unknown as (
    f: unknown,
    a: unknown,
    o: unknown,
  ) => Promise<{ segment: number }>;
  // The raw input: each segment parses its input like a first start.
  const { segment: nextSegment } = await runMutation(
    component.segments.continueAsNew,
    { runId: segment.runId, input: next },
    { inline: true, name: `${INTERNAL_STEP_PREFIX}continueAsNew` },
  );
  segment.continuedAs = nextSegment;
  throw new ContinuedAsNew(nextSegment);
}
