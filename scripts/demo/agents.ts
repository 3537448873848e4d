// The demo acting as support agents on the approvals inbox, through
// api.approvals.decideReply, each signed in as themselves: first a customer
// tries to approve another customer's reply (refused: only support agents
// decide, convex/users.ts), then the agents' real decisions.
import { api } from "../../convex/_generated/api.js";
import { bold, dim, elapsed, green, out, red } from "./format.js";
import { readInbox, type InboxItem, type ReplyDetails } from "./inbox.js";
import type { DemoConvex } from "../../src/offline/app.js";
import { AGENTS, REFUSED_ATTEMPT, type Review } from "./tickets.js";

export type Assignment = { number: number; runId: string; review: Review };

export type AgentsReport = {
  /** The refused attempt's error: code (from ConvexError data) and message. */
  refusal: { code?: string; message: string } | null;
  /** The inbox read again after the refusal is what it was before. */
  inboxUnchanged: boolean;
  /** What decideReply returned (or threw) per ticket number. */
  sent: Map<number, string>;
};

export async function actAsAgents(
  t: DemoConvex,
  inbox: InboxItem[],
  assignments: Assignment[],
): Promise<AgentsReport> {
  out(
    `${bold("Support agents")}  ${dim("api.approvals.decideReply with each inbox item's runId and requestId")}`,
  );
  const itemFor = (a: Assignment) => inbox.find((i) => i.runId === a.runId);
  const line = (by: string, text: string) =>
    out(`${elapsed()}  ${by.padEnd(12)}  ${text}`);
  const as = (user: { subject: string; name: string }) => t.withIdentity(user);

  // Someone outside the team tries first; the policy refuses, nothing is written.
  const target = assignments.find((a) => a.number === REFUSED_ATTEMPT.ticket);
  const targetItem = target && itemFor(target);
  let refusal: AgentsReport["refusal"] = null;
  if (target && targetItem) {
    const by = REFUSED_ATTEMPT.by.subject;
    try {
      await as(REFUSED_ATTEMPT.by).mutation(api.approvals.decideReply, {
        runId: target.runId,
        requestId: targetItem.requestId,
        approved: true,
      });
      line(by, `approves ticket #${target.number}  ${red("✘ not refused")}`);
    } catch (error) {
      refusal = errorInfo(error);
      line(
        by,
        `approves ticket #${target.number}  ${red(`✘ refused: ${refusal.code ?? "no code"}`)} ${dim(`(${refusal.message})`)}`,
      );
    }
  }
  const after = await readInbox(as(AGENTS.ana));
  const inboxUnchanged = JSON.stringify(after) === JSON.stringify(inbox);
  const still = after.find((i) => i.requestId === targetItem?.requestId);
  line(
    "",
    inboxUnchanged
      ? dim(
          `inbox read again: unchanged, ${after.length} pending` +
            (still
              ? `, ticket #${target?.number} still ${still.approvals}/${still.quorum} approvals`
              : ""),
        )
      : red("inbox read again: it changed!"),
  );

  const sent = new Map<number, string>();
  for (const a of assignments) {
    const item = itemFor(a);
    if (!item) {
      sent.set(a.number, "no inbox item");
      continue;
    }
    const { by, ...value } = a.review;
    let result: string;
    try {
      // Who decides is who is signed in: the agent, never an argument.
      const { status } = await as(by).mutation(api.approvals.decideReply, {
        runId: a.runId,
        requestId: item.requestId,
        ...value,
      });
      result = status;
    } catch (error) {
      result = `error: ${errorInfo(error).message}`;
    }
    sent.set(a.number, result);
    const shown = result === "delivered" ? green(`→ ${result}`) : red(result);
    line(by.subject, `${describe(a, item)}  ${shown}`);
  }
  out();
  return { refusal, inboxUnchanged, sent };
}

function describe({ number, review }: Assignment, item: InboxItem): string {
  if (!review.approved)
    return `rejects ticket #${number}: ${dim(`"${review.note ?? ""}"`)}`;
  if (review.editedReply === undefined)
    return `approves ticket #${number} as drafted`;
  const draft = (item.details as ReplyDetails).draft;
  return `approves ticket #${number} with an edited reply (${draft.length} → ${review.editedReply.length} chars)`;
}

/** A ConvexError's data.code and message, or any error's message. */
function errorInfo(error: unknown): { code?: string; message: string } {
  const data = (error as { data?: unknown } | null)?.data;
  if (typeof data === "object" && data !== null) {
    const { code, message } = data as { code?: unknown; message?: unknown };
    return {
      code: typeof code === "string" ? code : undefined,
      message: typeof message === "string" ? message : JSON.stringify(data),
    };
  }
  return { message: error instanceof Error ? error.message : String(error) };
}
