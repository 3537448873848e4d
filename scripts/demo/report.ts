// The end of the demo: the final state read through the app's queries
// (getTicket, approvals.history, as a support agent) and printed: every run's outcome, the
// tickets, and the reply sent for the ticket whose draft was edited, with
// its approval history.
import type { FunctionReturnType } from "convex/server";
import { api } from "../../convex/_generated/api.js";
import type { Doc, Id } from "../../convex/_generated/dataModel.js";
import {
  bold,
  clock,
  colorStatus,
  dim,
  duration,
  green,
  out,
  red,
  table,
  yellow,
} from "./format.js";
import type { ReplyDetails } from "./inbox.js";
import type { RunWatcher } from "./live.js";
import type { DemoUser } from "../../src/offline/app.js";
import type { Review } from "./tickets.js";

export type History = FunctionReturnType<typeof api.approvals.history>;
type ReplyValue = { approved?: boolean; editedReply?: string; note?: string };

/** One submitted ticket as it ended. */
export type Final = {
  number: number;
  review: Review;
  watcher: RunWatcher;
  ticket: Doc<"tickets"> | null;
  history: History;
};

/** A ticket the demo submitted, the watcher of its run, and its review. */
export type Submitted = {
  ticketId: Id<"tickets">;
  watcher: RunWatcher;
  review: Review;
};

export async function readFinal(
  agent: DemoUser,
  submitted: Submitted[],
): Promise<Final[]> {
  const finals: Final[] = [];
  for (const [i, { ticketId, watcher, review }] of submitted.entries()) {
    finals.push({
      number: i + 1,
      review,
      watcher,
      ticket: await agent.query(api.tickets.getTicket, { ticketId }),
      history: await agent.query(api.approvals.history, {
        runId: watcher.runId,
      }),
    });
  }
  return finals;
}

const colorOutcome = (status: string) =>
  status === "answered" || status === "escalated"
    ? green(status)
    : status === "rejected"
      ? yellow(status)
      : red(status);

/** Every run, children included, with its status and output. */
export function printSummary(watchers: RunWatcher[]): void {
  out(bold("Summary"));
  const rows = watchers.map((w) => {
    const run = w.run;
    const output = run?.output as Record<string, unknown> | undefined;
    let shown = "";
    if (output && "category" in output) {
      shown = `${output.category} / ${output.priority} / ${colorOutcome(String(output.status))}`;
    } else if (output && typeof output.reply === "string") {
      shown = `reply: ${output.reply.length} chars`;
    } else if (run?.error) {
      shown = red(run.error.message);
    }
    const took =
      run?.finishedAt !== undefined
        ? `${run.finishedAt - run.startedAt} ms`
        : "-";
    return [
      w.number,
      run?.name ?? "?",
      colorStatus(run?.status ?? "missing"),
      shown,
      String(w.steps.length),
      took,
    ];
  });
  const header = [
    "run",
    "workflow",
    "status",
    "output (category / priority / status)",
    "steps",
    "time",
  ];
  for (const line of table(header, rows)) out(line);
  out(dim("  time: from start to finish, including the wait for approval"));
  out();
}

export function printTickets(finals: Final[]): void {
  out(bold("Tickets") + dim("  (api.tickets.getTicket)"));
  const rows = finals.map(({ number, ticket }) => [
    `#${number}`,
    ticket?.owner ?? "-",
    ticket ? colorOutcome(ticket.status) : red("not found"),
    ticket?.category ?? "-",
    ticket?.priority ?? "-",
    ticket?.subject ?? "",
    ticket?.note ? dim(`"${ticket.note}"`) : "",
  ]);
  const header = [
    "ticket",
    "owner",
    "status",
    "category",
    "priority",
    "subject",
    "note",
  ];
  for (const line of table(header, rows)) out(line);
  out();
}

/** The reply a ticket got, and the approval decision(s) behind it. */
export function printReply({ number, ticket, history }: Final): void {
  if (!ticket?.reply) return;
  out(
    bold(`Reply sent for ticket #${number}`) +
      dim(`  (${ticket.customer}, "${ticket.subject}")`),
  );
  for (const line of ticket.reply.split("\n"))
    out(`  ${dim("│")} ${line}`.trimEnd());
  out(bold("Approval history") + dim("  (api.approvals.history)"));
  for (const line of historyLines(history)) out(`  ${line}`);
  out();
}

/** One line per decision: who, approved or not, when, edited or not. */
export function historyLines(history: History): string[] {
  return history.flatMap((request) => {
    const draft = (request.details as ReplyDetails | undefined)?.draft;
    return request.decisions.map((d) => {
      const value = d.value as ReplyValue;
      const edited =
        value.editedReply !== undefined && value.editedReply !== draft;
      const verdict = d.approve ? green("approved") : red("rejected");
      const after = duration(d.at - request.requestedAt);
      const note = value.note ? `, note: "${value.note}"` : "";
      return `${request.signal}: ${verdict} by ${d.by} at ${clock(d.at)} (${after} after the request), edited: ${edited ? "yes" : "no"}${note}`;
    });
  });
}
