// The shapes the UI renders, read off the hooks' own result types.
import type {
  UsePendingSignalsResult,
  UseRunEventsResult,
  UseRunResult,
  UseRunStepsResult,
  UseRunsResult,
} from "convex-agent-workflows/react";

export type Run = NonNullable<UseRunResult["run"]>;
export type RunStatus = Run["status"];
export type RunUsage = NonNullable<Run["usage"]>;
export type RunListItem = UseRunsResult["runs"][number];
export type Step = UseRunStepsResult["steps"][number];
export type StepKind = Step["kind"];
export type StepStatus = Step["status"];
export type SignalRequest = UsePendingSignalsResult["requests"][number];
export type RunEvent = UseRunEventsResult["events"][number];

export const TERMINAL: readonly RunStatus[] = [
  "completed",
  "failed",
  "canceled",
];

export const isTerminal = (status: RunStatus): boolean =>
  TERMINAL.includes(status);

/** The approval request details the supportTicket workflow attaches. */
export type ReplyDetails = {
  subject?: string;
  draft?: string;
  category?: string;
  priority?: string;
};

export function replyDetails(details: unknown): ReplyDetails {
  if (typeof details !== "object" || details === null) return {};
  const d = details as Record<string, unknown>;
  const text = (value: unknown) =>
    typeof value === "string" ? value : undefined;
  return {
    subject: text(d.subject),
    draft: text(d.draft),
    category: text(d.category),
    priority: text(d.priority),
  };
}

/** The replyApproval signal's value (convex/approvals.ts). */
export type ReplyDecision = {
  approved: boolean;
  editedReply?: string;
  note?: string;
};

/** A decision's value read as a ReplyDecision (nothing assumed about it). */
export function replyDecision(value: unknown): Partial<ReplyDecision> {
  if (typeof value !== "object" || value === null) return {};
  const v = value as Record<string, unknown>;
  return {
    approved: typeof v.approved === "boolean" ? v.approved : undefined,
    editedReply: typeof v.editedReply === "string" ? v.editedReply : undefined,
    note: typeof v.note === "string" ? v.note : undefined,
  };
}
