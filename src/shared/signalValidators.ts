import { v, type Infer } from "convex/values";
import { vRunId } from "./ids.js";

export const vSignalRequestStatus = v.union(
  v.literal("pending"),
  v.literal("decided"),
  v.literal("expired"),
  v.literal("canceled"),
);
export type SignalRequestStatus = Infer<typeof vSignalRequestStatus>;

/** How a request ended: its last decision, a timeout, or the run ending. */
export const vSignalOutcome = v.union(
  v.literal("delivered"),
  v.literal("approved"),
  v.literal("rejected"),
  v.literal("timedOut"),
  v.literal("canceled"),
);
export type SignalOutcome = Infer<typeof vSignalOutcome>;

export const vSignalDecision = v.object({
  by: v.string(),
  value: v.any(),
  approve: v.boolean(),
  at: v.number(),
});
export type SignalDecision = Infer<typeof vSignalDecision>;

/** A wait for a signal, as the inbox and `getRun` show it. */
export const vSignalRequest = v.object({
  requestId: v.string(),
  runId: vRunId,
  runName: v.string(),
  signal: v.string(),
  status: vSignalRequestStatus,
  title: v.optional(v.string()),
  details: v.optional(v.any()),
  assignees: v.array(v.string()),
  /** Distinct approvals needed; any one rejection ends the wait. */
  quorum: v.number(),
  approvals: v.number(),
  requestedAt: v.number(),
  expiresAt: v.optional(v.number()),
  outcome: v.optional(vSignalOutcome),
  closedAt: v.optional(v.number()),
  /** A callback URL's state: who it decides as, when issued, when used. */
  callback: v.optional(
    v.object({
      by: v.string(),
      issuedAt: v.optional(v.number()),
      usedAt: v.optional(v.number()),
    }),
  ),
});
export type SignalRequest = Infer<typeof vSignalRequest>;

/** A request with every decision made on it: the audit trail. */
export const vSignalHistoryEntry = v.object({
  ...vSignalRequest.fields,
  decisions: v.array(vSignalDecision),
});
export type SignalHistoryEntry = Infer<typeof vSignalHistoryEntry>;

/** What the workflow's event carries back to `waitForSignal`. */
export type SignalDelivery =
  | { kind: "decided"; outcome: SignalOutcome; value: unknown; by: string }
  | { kind: "timedOut" };

/** What a send did. */
export const vSendResult = v.object({
  /**
   * delivered: the wait got the value; recorded: an approval counted toward
   * a quorum; buffered: no wait yet, kept for the next plain wait.
   */
  status: v.union(
    v.literal("delivered"),
    v.literal("recorded"),
    v.literal("buffered"),
  ),
  requestId: v.optional(v.string()),
});
export type SendResult = Infer<typeof vSendResult>;

export const SIGNAL_LIMITS = {
  maxAssignees: 50,
  maxTitleLength: 200,
  maxDetailsBytes: 16 * 1024,
  maxSignalNameLength: 100,
  maxHistory: 100,
  /** Plain signals kept per run and signal for waits not reached yet. */
  maxBuffered: 100,
} as const;

/**
 * The arguments of a callback's notify mutation (`args: vCallbackNotice.fields`
 * or `args: vCallbackNotice`): called once per request, with its URL.
 */
export const vCallbackNotice = v.object({
  /** POST `{ "value": ... }` here to answer the wait (once). */
  callbackUrl: v.string(),
  requestId: v.string(),
  runId: v.string(),
  signal: v.string(),
  title: v.optional(v.string()),
  details: v.optional(v.any()),
  assignees: v.array(v.string()),
  expiresAt: v.optional(v.number()),
});
export type CallbackNotice = Infer<typeof vCallbackNotice>;
