// The approvals inbox, read the way a support agent's UI would (signed in
// as an agent: customers are refused): every page of api.approvals.inbox
// for an assignee, newest first.
import type { FunctionReturnType } from "convex/server";
import { api } from "../../convex/_generated/api.js";
import { bold, dim, duration, out, table } from "./format.js";
import type { DemoUser } from "../../src/offline/app.js";

export type InboxItem = FunctionReturnType<
  typeof api.approvals.inbox
>["page"][number];

/** What supportTicket puts in its request's details. */
export type ReplyDetails = {
  subject: string;
  draft: string;
  category: string;
  priority: string;
};

export const TEAM = "team:support";

export async function readInbox(
  agent: DemoUser,
  assignee = TEAM,
): Promise<InboxItem[]> {
  const items: InboxItem[] = [];
  let cursor: string | null = null;
  for (;;) {
    const page: FunctionReturnType<typeof api.approvals.inbox> =
      await agent.query(api.approvals.inbox, {
        assignee,
        paginationOpts: { numItems: 50, cursor },
      });
    items.push(...page.page);
    if (page.isDone) return items;
    cursor = page.continueCursor;
  }
}

/** The inbox as a table; `ticketOf` names the ticket a run belongs to. */
export function printInbox(
  items: InboxItem[],
  ticketOf: (runId: string) => string,
): void {
  out(
    `${bold(`Approvals inbox (${TEAM})`)}  ${dim("api.approvals.inbox, newest first")}`,
  );
  const rows = items.map((item) => {
    const details = item.details as ReplyDetails;
    return [
      ticketOf(item.runId),
      item.title ?? item.signal,
      details.category,
      details.priority,
      `${details.draft.length} chars`,
      `${item.approvals}/${item.quorum}`,
      item.expiresAt !== undefined
        ? duration(item.expiresAt - item.requestedAt)
        : "never",
    ];
  });
  const header = [
    "ticket",
    "title",
    "category",
    "priority",
    "draft",
    "approvals",
    "expires in",
  ];
  for (const line of table(header, rows)) out(line);
  if (items.length === 0) out(dim("  (empty)"));
  out();
}
