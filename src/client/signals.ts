import type { WorkflowCtx } from "@convex-dev/workflow";
import type { PaginationOptions, PaginationResult } from "convex/server";
import type { z } from "zod";
import { signalOpenStepName } from "../shared/upstream.js";
import { codedMessage, workflowError } from "../shared/errors.js";
import type {
  SendResult,
  SignalDelivery,
  SignalHistoryEntry,
  SignalRequest,
} from "../shared/signalValidators.js";
import {
  checkSignalValueSize,
  checkRunId,
  checkSender,
  checkSignalName,
  checkWaitOptions,
} from "../shared/validate.js";
import type { RunAccess, RunId } from "../shared/validators.js";
import type { SignalTarget } from "../component/signals/send.js";
import type {
  AgentWorkflowsComponent,
  RunMutationCtx,
  RunQueryCtx,
} from "./types.js";
import {
  callbackArgs,
  type ResolvedCallbackSettings,
  type WaitCallback,
} from "./callbacks.js";
import { describeIssues, zodIssues } from "./zodCheck.js";

/** A signal: a name and the schema of its value, shared by waiter and sender. */
export type SignalDefinition<Name extends string, Value extends z.ZodType> = {
  name: Name;
  value: Value;
  /**
   * Whether a value approves (for quorum counting). Default: anything but a
   * value with `approved: false`.
   */
  approves: (value: z.output<Value>) => boolean;
};

/**
 * Define a signal once and use it on both sides, so the waiting workflow
 * and the sender agree on its name and value type.
 *
 * ```ts
 * export const approval = defineSignal({
 *   name: "publish-approval",
 *   value: z.object({ approved: z.boolean(), editedReply: z.string().optional() }),
 * });
 * ```
 */
export function defineSignal<
  Name extends string,
  Value extends z.ZodType,
>(spec: {
  name: Name;
  value: Value;
  approves?: (value: z.output<Value>) => boolean;
}): SignalDefinition<Name, Value> {
  checkSignalName(spec.name);
  return {
    name: spec.name,
    value: spec.value,
    approves: spec.approves ?? defaultApproves,
  };
}

function defaultApproves(value: unknown): boolean {
  return !(
    typeof value === "object" &&
    value !== null &&
    (value as { approved?: unknown }).approved === false
  );
}

/** Thrown by `waitForSignal` when its timeout passes with no decision. */
export class SignalTimeoutError extends Error {
  readonly code = "SIGNAL_TIMED_OUT";
  constructor(
    readonly signal: string,
    readonly timeoutMs: number | undefined,
  ) {
    // Coded, so a run that does not catch it records SIGNAL_TIMED_OUT.
    super(
      codedMessage(
        "SIGNAL_TIMED_OUT",
        `No "${signal}" signal within ${timeoutMs} ms.`,
      ),
    );
    this.name = "SignalTimeoutError";
  }
}

export type WaitForSignalOptions<Value> = {
  /** Give up after this long (a durable scheduled timer). */
  timeoutMs?: number;
  /**
   * On timeout, return this function's value instead of throwing
   * `SignalTimeoutError`. It runs in the handler: keep it deterministic.
   */
  onTimeout?: () => Value;
  /** Shown to the approver. */
  title?: string;
  /** Small JSON shown to the approver, e.g. the draft to approve (≤ 16 KB). */
  details?: unknown;
  /** Who may answer, as the app understands it: user ids, "role:...", "team:...". */
  assignees?: string[];
  /** Distinct approvals needed; any one rejection ends the wait. Default 1. */
  quorum?: number;
  /**
   * Give the request a one-time callback URL that an outside system (a
   * Slack button, an email link) POSTs the value to. The URL goes once to
   * the notify mutation (`{ notify }`, or the instance's `callbacks.notify`
   * for `true`); only its token's hash is stored.
   */
  callback?: WaitCallback;
};

/** The handler side: open a request, then await its event. Two journal steps. */
export async function waitForSignal<Value extends z.ZodType>(
  component: AgentWorkflowsComponent,
  workflow: WorkflowCtx,
  signal: SignalDefinition<string, Value>,
  options: WaitForSignalOptions<z.output<Value>>,
  callbacks: ResolvedCallbackSettings,
): Promise<z.output<Value>> {
  const { onTimeout, callback, ...request } = options;
  checkWaitOptions({ signal: signal.name, ...request });
  const runId = workflow.workflowId as unknown as RunId;
  const { eventId } = await workflow.runMutation(
    component.signals.open.open,
    {
      runId,
      signal: signal.name,
      ...request,
      ...(callback && { callback: await callbackArgs(callbacks, callback) }),
    },
    { inline: true, name: signalOpenStepName(signal.name) },
  );
  const delivery = (await workflow.awaitEvent({
    id: eventId as never,
    name: signal.name,
  })) as SignalDelivery;
  if (delivery.kind === "timedOut") {
    if (onTimeout) return onTimeout();
    throw new SignalTimeoutError(signal.name, options.timeoutMs);
  }
  // Validated when sent; parse again for the schema's output type.
  return signal.value.parse(delivery.value);
}

/**
 * A value checked against its signal's size limit and schema
 * (INVALID_SIGNAL_VALUE), as the signal's output type.
 */
export function parseSignalValue<Value extends z.ZodType>(
  signal: SignalDefinition<string, Value>,
  value: unknown,
  runId?: string,
): { data: z.output<Value> } {
  checkSignalValueSize(signal.name, value);
  const parsed = signal.value.safeParse(value);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    throw workflowError(
      "INVALID_SIGNAL_VALUE",
      `Invalid "${signal.name}" value: ${describeIssues(issues)}`,
      { issues, path: issues[0]?.path, runId },
    );
  }
  return { data: parsed.data };
}

export type SendSignalArgs<Value extends z.ZodType> = {
  runId: RunId | string;
  signal: SignalDefinition<string, Value>;
  value: z.input<Value>;
  /** Who sends it: a user id or a system name. */
  by: string;
  /** The request to answer (from the inbox). Default: the run's latest for this signal. */
  requestId?: string;
};

/** The app's signal policy: may `by` decide on `request`? */
export type AuthorizeSignal = (
  ctx: RunQueryCtx,
  args: {
    runId: RunId;
    /** The run, as the component knows it (owner, tags, status...). */
    run: RunAccess;
    signal: string;
    /** The request it answers, or null when it will be kept for a later wait. */
    request: SignalRequest | null;
    by: string;
    /** Whether `by` is one of the request's assignees (the default rule). */
    isAssignee: boolean;
    value: unknown;
  },
) => boolean | Promise<boolean>;

/**
 * The default signal rule: a request with assignees takes decisions only
 * from them; anything else from whoever may call `flows.signal`.
 */
function assigneesOnly(args: Parameters<AuthorizeSignal>[1]): boolean {
  return (
    args.request === null ||
    args.request.assignees.length === 0 ||
    args.isAssignee
  );
}

/**
 * Send a signal: validate the value, ask the signal policy of the instance
 * that defined the run, record the decision and resume the run (one
 * transaction from a mutation).
 */
export async function sendSignal<Value extends z.ZodType>(
  ctx: RunMutationCtx,
  component: AgentWorkflowsComponent,
  args: SendSignalArgs<Value>,
  policy: { instance: string; authorizeSignal?: AuthorizeSignal },
): Promise<SendResult> {
  const runId = checkRunId(args.runId) as RunId;
  const by = checkSender(args.by);
  const parsed = parseSignalValue(args.signal, args.value, runId);
  const target = {
    runId,
    signal: args.signal.name,
    requestId: args.requestId,
  };
  const { run, instance, request } = (await ctx.runQuery(
    component.signals.send.target,
    target,
  )) as SignalTarget;
  const refuse = () =>
    workflowError(
      "NOT_AUTHORIZED",
      `${by} may not send "${args.signal.name}" to run "${runId}".`,
      { runId, requestId: request?.requestId },
    );
  // The policy that counts is the one of the instance that defined the run.
  if (instance !== undefined && instance !== policy.instance) throw refuse();
  const decision = {
    runId,
    run,
    signal: args.signal.name,
    request,
    by,
    isAssignee: request?.assignees.includes(by) ?? false,
    value: parsed.data,
  };
  const allowed = policy.authorizeSignal
    ? await policy.authorizeSignal(ctx, decision)
    : assigneesOnly(decision);
  if (!allowed) throw refuse();
  return await ctx.runMutation(component.signals.send.send, {
    ...target,
    requestId: request?.requestId ?? args.requestId,
    value: args.value,
    by,
    approve: args.signal.approves(parsed.data),
  });
}

export type PendingSignalsOptions = {
  /** Requests of runs this owner owns. */
  owner?: string;
  assignee?: string;
  runId?: RunId | string;
  paginationOpts: PaginationOptions;
};

/** Pending requests, newest first, for an owner, an assignee, a run (any combination), or all. */
export async function pendingSignals(
  ctx: RunQueryCtx,
  component: AgentWorkflowsComponent,
  options: PendingSignalsOptions,
): Promise<PaginationResult<SignalRequest>> {
  return (await ctx.runQuery(component.signals.inbox.pendingSignals, {
    owner: options.owner,
    assignee: options.assignee,
    runId: options.runId,
    paginationOpts: options.paginationOpts,
  })) as PaginationResult<SignalRequest>;
}

/** A run's requests, newest first, with every decision: the audit trail. */
export async function signalHistory(
  ctx: RunQueryCtx,
  component: AgentWorkflowsComponent,
  runId: RunId | string,
): Promise<SignalHistoryEntry[]> {
  return (await ctx.runQuery(component.signals.inbox.signalHistory, {
    runId: checkRunId(runId),
  })) as SignalHistoryEntry[];
}
