// The client half of the one seam over @convex-dev/workflow and Convex
// (the shared half is src/shared/upstream.ts): what the app-side code
// assumes about their insides. Each has a contract test in
// test/upstream.contract.test.ts.
import type { WorkpoolRetryOptions } from "@convex-dev/workpool";
import type {
  GenericDataModel,
  GenericMutationCtx,
  RegisteredMutation,
} from "convex/server";
import { v } from "convex/values";
import {
  ENVELOPE_KEY,
  NO_APP_ON_COMPLETE,
  WORKFLOW_INSTANCE_OPTION,
  WORKFLOW_NAME_OPTION,
  readEnvelope,
  type StartEnvelope,
} from "../shared/upstream.js";
import type { WorkflowMutationArgs } from "./types.js";

/**
 * The arguments of a workflow's mutation, as @convex-dev/workflow's own
 * validator takes them (a direct start, or the engine's poll). Its
 * validator is not exported; the contract test compares the two.
 */
export const vWorkflowMutationArgs = v.object({
  args: v.optional(v.any()),
  onComplete: v.optional(v.string()),
  context: v.optional(v.any()),
  startAsync: v.optional(v.boolean()),
  workflowId: v.optional(v.string()),
  generationNumber: v.optional(v.number()),
});

export type InnerHandler = (
  ctx: GenericMutationCtx<GenericDataModel>,
  args: Record<string, unknown>,
) => Promise<unknown>;

/**
 * A registered function's handler: Convex keeps it as `_handler`. Calling
 * it runs the workflow's own mutation logic in the caller's transaction.
 */
export function registeredHandler(
  registered: RegisteredMutation<"internal", any, any>,
): InnerHandler {
  const handler = (registered as unknown as { _handler?: InnerHandler })
    ._handler;
  if (typeof handler !== "function") {
    throw new Error(
      "A registered Convex function no longer keeps its handler as `_handler`: this convex version is not supported.",
    );
  }
  return handler;
}

/**
 * Workpool options that carry a definition's name and instance: the one
 * per-workflow value @convex-dev/workflow forwards to `startSteps` on every
 * step batch (the component's pass-through takes them out).
 */
export function withDefinition(
  workpoolOptions: WorkpoolRetryOptions | undefined,
  definition: { name: string; instance: string },
): WorkpoolRetryOptions {
  return {
    ...workpoolOptions,
    [WORKFLOW_NAME_OPTION]: definition.name,
    [WORKFLOW_INSTANCE_OPTION]: definition.instance,
  } as WorkpoolRetryOptions;
}

/**
 * The arguments of a direct start that carry the start options to the
 * component's create hook: @convex-dev/workflow forwards an onComplete's
 * `context` untouched, and only with an onComplete, so a stand-in handle
 * rides along (the hook swaps in its own onComplete either way).
 */
export function startArgs(
  input: unknown,
  envelope: StartEnvelope,
): Record<string, unknown> {
  return {
    args: input,
    onComplete: NO_APP_ON_COMPLETE,
    context: { [ENVELOPE_KEY]: envelope },
  };
}

/**
 * A direct call of the workflow's mutation, with the definition added to
 * its start options (from `start`'s envelope, or from a plain call's own
 * onComplete and context).
 */
export function withEnvelope(
  args: WorkflowMutationArgs<unknown>,
  definition: Pick<StartEnvelope, "name" | "instance" | "retention">,
): Record<string, unknown> {
  const existing = readEnvelope(args.context);
  const envelope: StartEnvelope = existing
    ? { ...existing, ...definition }
    : {
        ...definition,
        appOnComplete: args.onComplete
          ? { fnHandle: args.onComplete, context: args.context }
          : undefined,
      };
  const forwarded = startArgs(args.args, envelope);
  if (args.startAsync !== undefined) forwarded.startAsync = args.startAsync;
  return forwarded;
}
