import type { WorkflowCtx } from "@convex-dev/workflow";
import { createFunctionHandle } from "convex/server";
import { childStartStepName } from "../shared/upstream.js";
import { checkValueSize } from "../shared/validate.js";
import { LIMITS, type RunId } from "../shared/validators.js";
import { actionName } from "./llmStep.js";
import type { StepOptions } from "./stepContext.js";
import type {
  AgentWorkflowsComponent,
  WorkflowInput,
  WorkflowOutput,
  WorkflowReference,
} from "./types.js";

/**
 * A child workflow as a step: an inline step has the component create the
 * child as a run of its own (owned like its parent, ended through the same
 * path as every run), then the workflow awaits the event the child's end
 * sends: its output, or its error thrown here.
 */
export async function runChildWorkflow<W extends WorkflowReference>(
  component: AgentWorkflowsComponent,
  workflow: WorkflowCtx,
  child: W,
  input: WorkflowInput<W>,
  options: StepOptions = {},
): Promise<WorkflowOutput<W>> {
  checkValueSize(
    input,
    LIMITS.maxInputBytes,
    "INPUT_TOO_LARGE",
    "A child workflow's input",
  );
  const functionName = actionName(child);
  const name = options.name ?? functionName;
  const { eventId } = await workflow.runMutation(
    component.children.start,
    {
      runId: workflow.workflowId as unknown as RunId,
      name,
      functionName,
      workflowHandle: await createFunctionHandle(child),
      input,
    },
    {
      inline: true,
      name: childStartStepName(name),
      unstableArgs: options.unstableArgs,
    },
  );
  return (await workflow.awaitEvent({
    id: eventId as never,
    name,
  })) as WorkflowOutput<W>;
}
