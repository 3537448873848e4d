// Continue-as-new: a later segment of a run is a nested workflow of its own,
// started with its input wrapped together with the run it belongs to, so
// its handler knows the run's id and the segment's number.

const SEGMENT_KEY = "__agentWorkflowsSegment";

/** What a later segment's nested workflow is started with. */
export type SegmentArgs = {
  [SEGMENT_KEY]: { runId: string; segment: number };
  input: unknown;
};

export function segmentArgs(
  runId: string,
  segment: number,
  input: unknown,
): SegmentArgs {
  return { [SEGMENT_KEY]: { runId, segment }, input };
}

/**
 * The run, segment and input a handler was started with: a later
 * segment's wrapped arguments, or (segment 0) the input itself, whose run
 * id is the nested workflow's own.
 */
export function readSegmentArgs(
  args: unknown,
  workflowId: string,
): { runId: string; segment: number; input: unknown } {
  if (typeof args === "object" && args !== null && SEGMENT_KEY in args) {
    const { [SEGMENT_KEY]: where, input } = args as SegmentArgs;
    return { ...where, input };
  }
  return { runId: workflowId, segment: 0, input: args };
}
