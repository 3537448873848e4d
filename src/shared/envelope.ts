/**
 * What `start` and the workflow mutation pass to the component's `create`
 * hook, carried in the workflow's onComplete `context` (the one field
 * `@convex-dev/workflow` forwards untouched). The component swaps in its own
 * onComplete hook and keeps the app's handler here to chain to.
 */
export type StartEnvelope = {
  /** The name given to `define`. */
  name?: string;
  tags?: string[];
  idempotencyKey?: string;
  appOnComplete?: { fnHandle: string; context?: unknown };
};

export const ENVELOPE_KEY = "__agentWorkflows";

/**
 * Stands in for the onComplete handle when the app has none: the workflow
 * only forwards `context` alongside an onComplete, and the component
 * replaces it with its own hook either way.
 */
export const NO_APP_ON_COMPLETE = "agentWorkflows:noAppOnComplete";

export function readEnvelope(context: unknown): StartEnvelope | undefined {
  if (typeof context !== "object" || context === null) return undefined;
  const value = (context as Record<string, unknown>)[ENVELOPE_KEY];
  if (typeof value !== "object" || value === null) return undefined;
  return value as StartEnvelope;
}

/** Names of the component's own journal steps (progress, emit). */
export const INTERNAL_STEP_PREFIX = "agentWorkflows:";

/**
 * The workflow's name rides in the workpool options the workflow passes to
 * `startSteps` (the one per-workflow value it forwards on every step batch),
 * so a child run, created by the journal and not by `start`, learns its
 * defined name. The component removes it before forwarding.
 */
export const WORKFLOW_NAME_OPTION = "__agentWorkflowsName";

export function takeWorkflowName<T extends object | undefined>(
  workpoolOptions: T,
): { name?: string; rest: T } {
  if (!workpoolOptions || !(WORKFLOW_NAME_OPTION in workpoolOptions)) {
    return { rest: workpoolOptions };
  }
  const { [WORKFLOW_NAME_OPTION]: name, ...rest } = workpoolOptions as Record<
    string,
    unknown
  >;
  return {
    name: typeof name === "string" ? name : undefined,
    rest: rest as T,
  };
}

/** The journal name of the inline step that opens a signal request. */
export function signalOpenStepName(signal: string): string {
  return `${INTERNAL_STEP_PREFIX}signal:${signal}`;
}

/** The journal name of the inline step that queues an LLM call. */
export function llmStartStepName(name: string): string {
  return `${INTERNAL_STEP_PREFIX}llm:${name}`;
}

/** The user's name for a step: an opening step is named after its wait. */
export function publicStepName(name: string): string {
  for (const kind of ["signal:", "llm:"]) {
    const prefix = `${INTERNAL_STEP_PREFIX}${kind}`;
    if (name.startsWith(prefix)) return name.slice(prefix.length);
  }
  return name;
}

/**
 * Inline steps that open a wait on an event (a signal request, an LLM
 * call): restarting from the event step must replay them too.
 */
export function isOpeningStep(name: string): boolean {
  return (
    name.startsWith(`${INTERNAL_STEP_PREFIX}signal:`) ||
    name.startsWith(`${INTERNAL_STEP_PREFIX}llm:`)
  );
}
