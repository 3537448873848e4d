// The one seam over @convex-dev/workflow, shared by the client and the
// component: every assumption about how it works inside that both sides
// rely on. Each has a contract test (test/upstream.contract.test.ts) that
// fails with a clear message if a release changes it. The client's own
// assumptions are in src/client/upstream.ts; the component's pass-throughs
// in src/component/wf/.
import { ConvexError } from "convex/values";
import type { Retention } from "./validators.js";

/**
 * What `start` and the workflow mutation pass to the component's `create`
 * hook, carried in the workflow's onComplete `context` (the one field
 * `@convex-dev/workflow` forwards untouched). The component swaps in its own
 * onComplete hook and keeps the app's handler here to chain to.
 */
export type StartEnvelope = {
  /** The name given to `define`. */
  name?: string;
  /** The `AgentWorkflows` instance that defined the workflow. */
  instance?: string;
  /** Who the run belongs to (`start`'s `owner`). */
  owner?: string;
  tags?: string[];
  idempotencyKey?: string;
  appOnComplete?: { fnHandle: string; context?: unknown };
  /** How long the run is kept once finished: its workflow's and the app's. */
  retention?: { workflow?: Retention; app?: Retention };
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
 * The workflow's name and defining instance ride in the workpool options the
 * workflow passes to `startSteps` (the one per-workflow value it forwards on
 * every step batch), so a child run, created by the journal and not by
 * `start`, learns them. The component removes them before forwarding.
 */
export const WORKFLOW_NAME_OPTION = "__agentWorkflowsName";
export const WORKFLOW_INSTANCE_OPTION = "__agentWorkflowsInstance";

/** The definition's name and instance, and the workpool options without them. */
export function takeDefinition<T extends object | undefined>(
  workpoolOptions: T,
): { name?: string; instance?: string; rest: T } {
  if (!workpoolOptions || !(WORKFLOW_NAME_OPTION in workpoolOptions)) {
    return { rest: workpoolOptions };
  }
  const {
    [WORKFLOW_NAME_OPTION]: name,
    [WORKFLOW_INSTANCE_OPTION]: instance,
    ...rest
  } = workpoolOptions as Record<string, unknown>;
  return {
    name: typeof name === "string" ? name : undefined,
    instance: typeof instance === "string" ? instance : undefined,
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

/** The journal name of the inline step that starts a child run. */
export function childStartStepName(name: string): string {
  return `${INTERNAL_STEP_PREFIX}child:${name}`;
}

/** The user's name for a step: an opening step is named after its wait. */
export function publicStepName(name: string): string {
  for (const kind of ["signal:", "llm:", "child:"]) {
    const prefix = `${INTERNAL_STEP_PREFIX}${kind}`;
    if (name.startsWith(prefix)) return name.slice(prefix.length);
  }
  return name;
}

/**
 * Inline steps that open a wait on an event (a signal request, an LLM
 * call, a child run): restarting from the event step must replay them too.
 */
export function isOpeningStep(name: string): boolean {
  return ["signal:", "llm:", "child:"].some((kind) =>
    name.startsWith(`${INTERNAL_STEP_PREFIX}${kind}`),
  );
}

const DUPLICATE_START = "agentWorkflows:duplicateStart";

/**
 * Thrown by the create hook when an idempotency key was already used for
 * the same workflow: it rolls back the start, and `start` (the only caller
 * that passes keys) turns it into the first run's id. Never reaches users.
 */
export function duplicateStart(runId: string): ConvexError<{
  kind: typeof DUPLICATE_START;
  runId: string;
}> {
  return new ConvexError({ kind: DUPLICATE_START, runId });
}

/** The first run's id, when `error` is a `duplicateStart`. */
export function duplicateStartRunId(error: unknown): string | undefined {
  if (!(error instanceof ConvexError)) return undefined;
  const data = error.data as { kind?: unknown; runId?: unknown } | undefined;
  return data?.kind === DUPLICATE_START && typeof data.runId === "string"
    ? data.runId
    : undefined;
}

// ---------------------------------------------------------------------------
// How @convex-dev/workflow reports limits and replay errors: as plain
// strings in a run's or step's result.

/** @convex-dev/workflow's journal limit. */
export const MAX_JOURNAL_BYTES = 8 << 20;

/** The whole error of a run whose journal passed MAX_JOURNAL_BYTES. */
export function isJournalOverflow(raw: string): boolean {
  return raw.startsWith("Failed to load journal");
}

// A step whose result is too big fails with this, followed by a preview of
// the value (kept out of ours).
const STEP_RESULT_TOO_LARGE =
  /^Step return value too large \((\d+) bytes\)\. Maximum is (\d+) bytes\./;

/** The size and limit from an oversized step result's error, if it is one. */
export function oversizedStepResult(
  firstLine: string,
): { bytes: number; limit: number } | undefined {
  const match = STEP_RESULT_TOO_LARGE.exec(firstLine);
  return match
    ? { bytes: Number(match[1]), limit: Number(match[2]) }
    : undefined;
}

/**
 * The name of the journal step a replay did not match, when `raw` is
 * @convex-dev/workflow's "Journal entry mismatch" (the entry's JSON follows).
 */
export function nondeterministicStep(raw: string): string | undefined {
  const match = /Journal entry mismatch:\s*(\{.*?\})\s*!==/s.exec(raw);
  if (!match) return undefined;
  try {
    const entry = JSON.parse(match[1]!) as { name?: unknown };
    return typeof entry.name === "string" ? entry.name : undefined;
  } catch {
    return undefined;
  }
}
